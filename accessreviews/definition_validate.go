package accessreviews

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// maxAppLookBackDays is the longest recommendation look-back the service
// allows for reviews of application assignments.
const maxAppLookBackDays = 30

// Validate reports, before anything is sent, every problem the service's
// documentation says makes it refuse d, and what cannot be sent as asked;
// Create and Update call it. The rules, each from a sentence of the
// documentation (the tests quote them), are listed in the [Definition]
// doc. Problems are *odata.FieldError values named by JSON path
// ("stageSettings[1].dependsOn"), joined with errors.Join, and
// errors.Is(err, odata.ErrInvalid) holds.
//
// It refuses nothing else: [Definition.Lint] reports probable mistakes.
func (d *Definition) Validate() error {
	if d == nil {
		return check.Invalid("definition", "is required")
	}
	var errs []error
	if strings.TrimSpace(d.DisplayName) == "" {
		errs = append(errs, check.Invalid("displayName", "is required"))
	}
	if d.Scope == nil {
		errs = append(errs, check.Invalid("scope", "is required"))
	} else {
		errs = append(errs, check.Prefix("scope", d.Scope.Validate()))
	}
	if d.InstanceEnumerationScope != nil {
		errs = append(errs, check.Prefix("instanceEnumerationScope", d.InstanceEnumerationScope.Validate()))
	}
	errs = append(errs,
		validateEach("reviewers", d.Reviewers, scope.Reviewer.Validate),
		validateEach("fallbackReviewers", d.FallbackReviewers, scope.Reviewer.Validate),
		validateEach("backupReviewers", d.BackupReviewers, scope.Reviewer.Validate),
		validateEach("additionalNotificationRecipients", d.AdditionalNotificationRecipients, scope.NotificationRecipient.Validate),
	)
	app := reviewsApplications(d.Scope)
	period := recurrencePeriod(d.Settings.Recurrence)
	errs = append(errs, check.Prefix("settings", d.Settings.validate(app)))
	errs = append(errs, validateStages(d.StageSettings, app, period))
	if len(d.StageSettings) > 0 {
		for _, s := range []struct {
			name  string
			scope scope.Scope
		}{{"scope", d.Scope}, {"instanceEnumerationScope", d.InstanceEnumerationScope}} {
			if s.scope != nil && scope.HasSharedChannels(s.scope) {
				errs = append(errs, check.Invalid(s.name,
					"reviews of a team's shared channels are single-stage only; remove stageSettings or the shared channels"))
			}
		}
	}
	return errors.Join(errs...)
}

// validate checks settings for a definition; app says whether it reviews
// application assignments. Field names are relative to the settings.
func (s *Settings) validate(app bool) error {
	var errs []error
	switch {
	case s.DefaultDecisionEnabled && !s.DefaultDecision.Known():
		errs = append(errs, check.Invalid("defaultDecision",
			"must be Approve, Deny or Recommendation when defaultDecisionEnabled is set, got %q", s.DefaultDecision))
	case !s.DefaultDecision.Known() && s.DefaultDecision != "" && s.DefaultDecision != DefaultNone:
		errs = append(errs, check.Invalid("defaultDecision",
			"must be Approve, Deny, Recommendation or None, got %q", s.DefaultDecision))
	}
	if !s.Recurrence.IsZero() {
		errs = append(errs, check.Prefix("recurrence", s.Recurrence.Validate()))
	}
	errs = append(errs, checkLookBack("recommendationLookBackDuration", s.RecommendationLookBackDuration, app))
	errs = append(errs, validateInsightSettings("recommendationInsightSettings", s.RecommendationInsightSettings, app))
	for i, a := range s.ApplyActions {
		if a == nil {
			errs = append(errs, check.Invalid(fmt.Sprintf("applyActions[%d]", i), "is nil: a nil apply action has no type to send"))
		}
	}
	return errors.Join(errs...)
}

// validateStages checks the stage settings of a definition, as a chain;
// period is the recurrence period, when there is one.
func validateStages(stages []StageSettings, app bool, period recurrencePeriodDays) error {
	var errs []error
	if len(stages) > MaxStages {
		errs = append(errs, check.Invalid("stageSettings", "has %d stages; at most %d are allowed", len(stages), MaxStages))
	}
	index := make(map[string]int, len(stages))
	for i, s := range stages {
		field := fmt.Sprintf("stageSettings[%d].stageId", i)
		switch prev, seen := index[s.StageID]; {
		case s.StageID == "":
			errs = append(errs, check.Invalid(field, "is required"))
		case seen:
			errs = append(errs, check.Invalid(field, "%q is used by stageSettings[%d]", s.StageID, prev))
		default:
			index[s.StageID] = i
		}
	}
	errs = append(errs, validateChain(stages, index))
	total := 0
	for i, s := range stages {
		field := fmt.Sprintf("stageSettings[%d]", i)
		total += max(s.DurationInDays, 0)
		errs = append(errs, checkMoveOn(field+".decisionsThatWillMoveToNextStage", s.DecisionsThatWillMoveToNextStage))
		errs = append(errs, checkLookBack(field+".recommendationLookBackDuration", s.RecommendationLookBackDuration, app))
		errs = append(errs, validateInsightSettings(field+".recommendationInsightSettings", s.RecommendationInsightSettings, app))
		errs = append(errs, validateEach(field+".reviewers", s.Reviewers, scope.Reviewer.Validate))
		errs = append(errs, validateEach(field+".fallbackReviewers", s.FallbackReviewers, scope.Reviewer.Validate))
	}
	if period.ok && total > period.longest {
		errs = append(errs, check.Invalid("stageSettings",
			"the stages last %d days in all, longer than one recurrence (%s)", total, period))
	}
	return errors.Join(errs...)
}

// validateChain checks the dependsOn of every stage: stage "1" depends on
// nothing, every other stage on exactly one other stage, and the stages
// form one sequential chain from stage "1" (no two stages depend on the
// same one, no stage is left out of the chain). index maps the stage IDs
// to their position.
func validateChain(stages []StageSettings, index map[string]int) error {
	var errs []error
	next := make(map[int]int, len(stages)) // stage position → the one depending on it
	fine := true
	for i, s := range stages {
		field := fmt.Sprintf("stageSettings[%d].dependsOn", i)
		if s.StageID == "1" {
			if len(s.DependsOn) > 0 {
				errs = append(errs, check.Invalid(field, `must be empty for stage "1", got %q`, s.DependsOn))
				fine = false
			}
			continue
		}
		if len(s.DependsOn) != 1 {
			errs = append(errs, check.Invalid(field, "must name exactly one stage (stages run one after another), got %q", s.DependsOn))
			fine = false
			continue
		}
		dep := s.DependsOn[0]
		j, known := index[dep]
		switch prev, taken := next[j]; {
		case !known:
			errs = append(errs, check.Invalid(field, "names %q, which is no stage of this definition", dep))
			fine = false
		case j == i:
			errs = append(errs, check.Invalid(field, "names the stage itself"))
			fine = false
		case taken:
			errs = append(errs, check.Invalid(field, "names %q, which stageSettings[%d] already follows: stages run one after another, not in parallel",
				dep, prev))
			fine = false
		default:
			next[j] = i
		}
	}
	if !fine || len(stages) == 0 {
		return errors.Join(errs...)
	}
	// Walk the chain from stage "1": every stage must be on it.
	first, ok := index["1"]
	if !ok {
		return check.Invalid("stageSettings", `has no stage "1", where the chain of stages starts`)
	}
	on := map[int]bool{first: true}
	for at, ok := next[first]; ok && !on[at]; at, ok = next[at] {
		on[at] = true
	}
	for i, s := range stages {
		if !on[i] && s.StageID != "" {
			errs = append(errs, check.Invalid(fmt.Sprintf("stageSettings[%d].dependsOn", i),
				`is not on the chain that starts at stage "1" (the stages depend on each other in a cycle)`))
		}
	}
	return errors.Join(errs...)
}

// checkMoveOn checks the values of a stage's
// decisionsThatWillMoveToNextStage. A value listed twice is Lint's.
func checkMoveOn(field string, decisions []Decision) error {
	var errs []error
	for i, d := range decisions {
		if d != DecisionApprove && d != DecisionDeny && d != DecisionRecommendation && d != DecisionNotReviewed {
			errs = append(errs, check.Invalid(fmt.Sprintf("%s[%d]", field, i),
				"must be Approve, Deny, Recommendation or NotReviewed, got %q", d))
		}
	}
	return errors.Join(errs...)
}

// validateInsightSettings checks a list of insight settings. Settings of a
// type this package does not know are sent back as they came: the service
// wrote them.
func validateInsightSettings(field string, list []InsightSetting, app bool) error {
	var errs []error
	for i, s := range list {
		f := fmt.Sprintf("%s[%d]", field, i)
		switch s := s.(type) {
		case UserLastSignInInsightSetting:
			errs = append(errs, checkLookBack(f+".recommendationLookBackDuration", s.RecommendationLookBackDuration, app))
			if s.SignInScope != "" && !s.SignInScope.Known() {
				errs = append(errs, check.Invalid(f+".signInScope", "must be tenant or application, got %q", s.SignInScope))
			}
		case GroupPeerOutlierInsightSetting, UnknownInsightSetting:
		default:
			errs = append(errs, check.Invalid(f, "is nil: a nil insight setting has no type to send"))
		}
	}
	return errors.Join(errs...)
}

// checkLookBack checks a recommendation look-back period: it can be sent
// (it is not negative), and a review of application assignments looks back
// at most 30 days. A duration in months or years is refused there only when
// it is surely longer (P1M may be 28 days); the service says what it makes
// of one that may not be.
func checkLookBack(field string, d odata.Duration, app bool) error {
	switch {
	case !d.IsValid():
		return check.Invalid(field, "must not be negative, got %s", d)
	case app && shortestLength(d) > maxAppLookBackDays*24*time.Hour:
		return check.Invalid(field, "reviews of application assignments look back at most %d days, got %s", maxAppLookBackDays, d)
	}
	return nil
}

// shortestLength returns the least time d can span: years of 365 days and
// months of 28.
func shortestLength(d odata.Duration) time.Duration {
	days := d.Years*365 + d.Months*28 + d.Days
	return time.Duration(days)*24*time.Hour + d.Time
}

// validateEach validates every element of a list, naming problems
// "field[i].…".
func validateEach[T any](field string, list []T, validate func(T) error) error {
	var errs []error
	for i, v := range list {
		errs = append(errs, check.Prefix(fmt.Sprintf("%s[%d]", field, i), validate(v)))
	}
	return errors.Join(errs...)
}

// reviewsApplications reports whether a definition scope reviews
// application assignments: a memberships scope with a service principal
// among its resources. It answers false when it cannot tell, so that a rule
// for application reviews is never applied to another review.
func reviewsApplications(s scope.Scope) bool {
	var resources []scope.Scope
	switch v := s.(type) {
	case scope.MembershipsScope:
		resources = v.Resources()
	case scope.PrincipalResourceMembershipsScope:
		resources = v.ResourceScopes
	}
	for _, r := range resources {
		switch r := r.(type) {
		case scope.ServicePrincipalScope:
			return true
		case scope.ResourceScope:
			if r.ScopeType == scope.ResourceScopeTypeServicePrincipal {
				return true
			}
		case scope.QueryScope:
			q := strings.ToLower(r.Query)
			for _, prefix := range []string{"/serviceprincipals/", "/v1.0/serviceprincipals/", "/beta/serviceprincipals/"} {
				if strings.HasPrefix(q, prefix) {
					return true
				}
			}
		}
	}
	return false
}

// recurrencePeriodDays is the length of one recurrence, in days: the least
// and the most it can be (a month has 28 to 31 days). ok is false for a
// recurrence without a period: a one-time review, or a pattern
// Recurrence.Validate reports anyway.
type recurrencePeriodDays struct {
	shortest, longest int
	ok                bool
}

// String describes the period: "7 days", "28 to 31 days".
func (p recurrencePeriodDays) String() string {
	if p.shortest == p.longest {
		return fmt.Sprintf("%d days", p.longest)
	}
	return fmt.Sprintf("%d to %d days", p.shortest, p.longest)
}

// recurrencePeriod returns the length of one recurrence of r.
func recurrencePeriod(r recurrence.Recurrence) recurrencePeriodDays {
	p := r.Pattern
	if p == nil || p.Interval < 1 {
		return recurrencePeriodDays{}
	}
	switch p.Type {
	case recurrence.PatternWeekly:
		return recurrencePeriodDays{shortest: 7 * p.Interval, longest: 7 * p.Interval, ok: true}
	case recurrence.PatternAbsoluteMonthly:
		shortest, longest := spanOfMonths(p.Interval)
		return recurrencePeriodDays{shortest: shortest, longest: longest, ok: true}
	}
	return recurrencePeriodDays{}
}

// spanOfMonths returns the fewest and the most days n consecutive months
// can have: whole years have 365 or 366 days, and the remaining months are
// counted from the start month that makes them shortest (in a common year)
// or longest (in a leap year).
func spanOfMonths(n int) (shortest, longest int) {
	years, rest := n/12, n%12
	shortest, longest = 365*years, 366*years
	if rest == 0 {
		return shortest, longest
	}
	least, most := 0, 0
	for start := range 12 {
		common, leap := 0, 0
		for m := range rest {
			month := time.Month((start+m)%12 + 1)
			common += odata.DaysIn(2001, month)
			leap += odata.DaysIn(2004, month)
		}
		if least == 0 || common < least {
			least = common
		}
		most = max(most, leap)
	}
	return shortest + least, longest + most
}

// utf16Len returns the length of s in UTF-16 code units, the way the
// service (and .NET) counts characters.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += max(utf16.RuneLen(r), 1)
	}
	return n
}
