package reconcile

import (
	"encoding/json/v2"
	"fmt"
	"github.com/graphkit/governance/internal/poly"
	"strconv"
	"strings"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/scope"
)

// The Go names of the enumeration values WriteGo writes; a value without a
// name is written as a conversion of its string.
var (
	defaultDecisionNames = map[accessreviews.DefaultDecision]string{
		accessreviews.DefaultApprove: "DefaultApprove", accessreviews.DefaultDeny: "DefaultDeny",
		accessreviews.DefaultRecommendation: "DefaultRecommendation", accessreviews.DefaultNone: "DefaultNone",
	}
	decisionNames = map[accessreviews.Decision]string{
		accessreviews.DecisionApprove: "DecisionApprove", accessreviews.DecisionDeny: "DecisionDeny",
		accessreviews.DecisionNotReviewed: "DecisionNotReviewed", accessreviews.DecisionDontKnow: "DecisionDontKnow",
		accessreviews.DecisionRecommendation: "DecisionRecommendation",
	}
	signInScopeNames = map[accessreviews.SignInScope]string{
		accessreviews.SignInTenant: "SignInTenant", accessreviews.SignInApplication: "SignInApplication",
	}
)

// enumSource writes an enumeration value: its constant, or a conversion.
func enumSource[T ~string](v T, names map[T]string, typ string) string {
	if n, ok := names[v]; ok {
		return "accessreviews." + n
	}
	return fmt.Sprintf("accessreviews.%s(%q)", typ, string(v))
}

// settingsSource writes a definition's settings as a literal, leaving out
// what is zero and the echoed "None" default decision.
func settingsSource(s *accessreviews.Settings) (string, error) {
	var f fields
	for _, b := range []struct {
		name string
		on   bool
	}{
		{"MailNotificationsEnabled", s.MailNotificationsEnabled},
		{"ReminderNotificationsEnabled", s.ReminderNotificationsEnabled},
		{"JustificationRequiredOnApproval", s.JustificationRequiredOnApproval},
		{"DefaultDecisionEnabled", s.DefaultDecisionEnabled},
	} {
		if b.on {
			f.add(b.name, "true")
		}
	}
	if s.DefaultDecision != "" && s.DefaultDecision != accessreviews.DefaultNone {
		f.add("DefaultDecision", enumSource(s.DefaultDecision, defaultDecisionNames, "DefaultDecision"))
	}
	if s.InstanceDurationInDays != 0 {
		f.add("InstanceDurationInDays", strconv.Itoa(s.InstanceDurationInDays))
	}
	if s.AutoApplyDecisionsEnabled {
		f.add("AutoApplyDecisionsEnabled", "true")
	}
	if s.RecommendationsEnabled {
		f.add("RecommendationsEnabled", "true")
	}
	if !s.RecommendationLookBackDuration.IsZero() {
		f.add("RecommendationLookBackDuration", durationExpr(s.RecommendationLookBackDuration))
	}
	if len(s.RecommendationInsightSettings) > 0 {
		src, err := insightsSource(s.RecommendationInsightSettings)
		if err != nil {
			return "", err
		}
		f.add("RecommendationInsightSettings", src)
	}
	if s.DecisionHistoriesForReviewersEnabled {
		f.add("DecisionHistoriesForReviewersEnabled", "true")
	}
	if !s.Recurrence.IsZero() {
		src, ok := recurrenceExpr(s.Recurrence)
		if !ok {
			raw, err := json.Marshal(s.Recurrence, poly.WireOptions())
			if err != nil {
				return "", err
			}
			src = "wire[recurrence.Recurrence](" + goString(string(raw)) + ")"
		}
		f.add("Recurrence", src)
	}
	if len(s.ApplyActions) > 0 {
		var acts []string
		for _, a := range s.ApplyActions {
			switch a.(type) {
			case accessreviews.RemoveAccessApplyAction:
				acts = append(acts, "accessreviews.RemoveAccess()")
			case accessreviews.DisableAndDeleteUserApplyAction:
				acts = append(acts, "accessreviews.DisableAndDeleteUser()")
			default:
				return "", errWire
			}
		}
		f.add("ApplyActions", "[]accessreviews.ApplyAction{"+strings.Join(acts, ", ")+"}")
	}
	return f.literal("accessreviews.Settings"), nil
}

// insightsSource writes recommendation insight settings; an unknown one
// makes the definition be written in the wire format.
func insightsSource(list []accessreviews.InsightSetting) (string, error) {
	var parts []string
	for _, in := range list {
		switch v := in.(type) {
		case accessreviews.UserLastSignInInsightSetting:
			var f fields
			if !v.RecommendationLookBackDuration.IsZero() {
				f.add("RecommendationLookBackDuration", durationExpr(v.RecommendationLookBackDuration))
			}
			if v.SignInScope != "" {
				f.add("SignInScope", enumSource(v.SignInScope, signInScopeNames, "SignInScope"))
			}
			parts = append(parts, f.literal("accessreviews.UserLastSignInInsightSetting"))
		case accessreviews.GroupPeerOutlierInsightSetting:
			parts = append(parts, "accessreviews.GroupPeerOutlierInsightSetting{}")
		default:
			return "", errWire
		}
	}
	return "[]accessreviews.InsightSetting{\n" + strings.Join(parts, ",\n") + ",\n}", nil
}

// stageSource writes one stage's settings. Its decisions to move on and
// insight settings keep the difference between nil and empty.
func stageSource(st *accessreviews.StageSettings) (string, error) {
	var f fields
	f.add("StageID", strconv.Quote(st.StageID))
	if len(st.DependsOn) > 0 {
		quoted := make([]string, len(st.DependsOn))
		for i, d := range st.DependsOn {
			quoted[i] = strconv.Quote(d)
		}
		f.add("DependsOn", "[]string{"+strings.Join(quoted, ", ")+"}")
	}
	f.add("DurationInDays", strconv.Itoa(st.DurationInDays))
	if st.DecisionsThatWillMoveToNextStage != nil {
		ds := make([]string, len(st.DecisionsThatWillMoveToNextStage))
		for i, d := range st.DecisionsThatWillMoveToNextStage {
			ds[i] = enumSource(d, decisionNames, "Decision")
		}
		f.add("DecisionsThatWillMoveToNextStage", "[]accessreviews.Decision{"+strings.Join(ds, ", ")+"}")
	}
	if st.RecommendationsEnabled {
		f.add("RecommendationsEnabled", "true")
	}
	if !st.RecommendationLookBackDuration.IsZero() {
		f.add("RecommendationLookBackDuration", durationExpr(st.RecommendationLookBackDuration))
	}
	if st.RecommendationInsightSettings != nil {
		src := "[]accessreviews.InsightSetting{}"
		if len(st.RecommendationInsightSettings) > 0 {
			var err error
			if src, err = insightsSource(st.RecommendationInsightSettings); err != nil {
				return "", err
			}
		}
		f.add("RecommendationInsightSettings", src)
	}
	for _, l := range []struct {
		name string
		list []scope.Reviewer
	}{{"Reviewers", st.Reviewers}, {"FallbackReviewers", st.FallbackReviewers}} {
		if l.list == nil {
			continue
		}
		src, err := reviewersSource(l.list)
		if err != nil {
			return "", err
		}
		f.add(l.name, src)
	}
	return f.literal(""), nil
}
