package accessreviews

import (
	"fmt"
	"slices"
	"strings"

	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

// Lint returns what in d is probably a mistake although the service accepts
// it, as warnings named by JSON path ("stageSettings[1].reviewers[0].query")
// that say why; the [Definition] doc lists them. It never stops a request
// (Create and Update call Validate, not Lint) and repeats nothing Validate
// reports: call both before creating.
func (d *Definition) Lint() []odata.Warning {
	if d == nil {
		return nil
	}
	var ws []odata.Warning
	if n := utf16Len(d.DescriptionForReviewers); n > MaxReviewerDescription {
		ws = append(ws, check.Warn("descriptionForReviewers",
			"has %d characters; reviewers' emails show at most %d", n, MaxReviewerDescription))
	}
	ws = append(ws, check.PrefixWarnings("scope", scope.Lint(d.Scope))...)
	ws = append(ws, check.PrefixWarnings("instanceEnumerationScope", scope.Lint(d.InstanceEnumerationScope))...)
	ws = append(ws, lintEach("reviewers", d.Reviewers, scope.Reviewer.Lint)...)
	ws = append(ws, lintEach("fallbackReviewers", d.FallbackReviewers, scope.Reviewer.Lint)...)
	ws = append(ws, lintEach("backupReviewers", d.BackupReviewers, scope.Reviewer.Lint)...)
	ws = append(ws, lintEach("additionalNotificationRecipients", d.AdditionalNotificationRecipients, scope.NotificationRecipient.Lint)...)
	ws = append(ws, d.lintReviewerCover()...)

	app := reviewsApplications(d.Scope)
	period := recurrencePeriod(d.Settings.Recurrence)
	ws = append(ws, check.PrefixWarnings("settings", d.Settings.lint(app, period, len(d.StageSettings) > 0))...)
	ws = append(ws, lintStages(d.StageSettings, d.Settings.InstanceDurationInDays, app, period)...)
	return ws
}

// lintReviewerCover warns about reviewers that may resolve to nobody
// without fallback reviewers, and about definition reviewers that stage
// settings override.
func (d *Definition) lintReviewerCover() []odata.Warning {
	var ws []odata.Warning
	fallback := len(d.FallbackReviewers) > 0 || len(d.BackupReviewers) > 0
	stagesAssignReviewers := false
	for i, s := range d.StageSettings {
		stagesAssignReviewers = stagesAssignReviewers || s.Reviewers != nil
		reviewers := s.Reviewers
		if reviewers == nil {
			reviewers = d.Reviewers
		}
		if who := mayResolveToNobody(reviewers); who != "" && len(s.FallbackReviewers) == 0 && !fallback {
			ws = append(ws, check.Warn(fmt.Sprintf("stageSettings[%d].fallbackReviewers", i),
				"is empty, but the stage's reviewers are %s, who may not exist for every reviewed user; "+
					"those users would have no reviewer", who))
		}
	}
	if len(d.StageSettings) == 0 {
		if who := mayResolveToNobody(d.Reviewers); who != "" && !fallback {
			ws = append(ws, check.Warn("fallbackReviewers",
				"is empty, but the reviewers are %s, who may not exist for every reviewed user; "+
					"those users would have no reviewer", who))
		}
		return ws
	}
	if stagesAssignReviewers && len(d.Reviewers) > 0 {
		ws = append(ws, check.Warn("reviewers", "is ignored: stageSettings assigns the reviewers"))
	}
	for i, s := range d.StageSettings {
		if len(s.FallbackReviewers) > 0 && len(d.FallbackReviewers) > 0 {
			ws = append(ws, check.Warn("fallbackReviewers",
				"is ignored: stageSettings[%d] assigns fallback reviewers", i))
			break
		}
	}
	return ws
}

// mayResolveToNobody describes the reviewers of a list that the service
// resolves per reviewed user or group and may find missing (the owners of
// a group, a manager), or returns "" when there are none.
func mayResolveToNobody(reviewers []scope.Reviewer) string {
	for _, r := range reviewers {
		switch r.ScopeType {
		case scope.ReviewerScopeTypeManager, scope.ReviewerScopeTypeSponsor,
			scope.ReviewerScopeTypeManagerOrSponsor, scope.ReviewerScopeTypeResourceOwner:
			return r.String()
		}
		q := strings.ToLower(strings.TrimSuffix(strings.SplitN(r.Query, "?", 2)[0], "/"))
		switch {
		case q == "./owners", q == "./manager":
			return r.String()
		case strings.HasSuffix(q, "/owners") && (strings.Contains(q, "/groups/") || strings.Contains(q, "/serviceprincipals/")):
			return r.String()
		}
	}
	return ""
}

// lint returns the warnings of the settings of a definition, named
// relative to the settings; staged says whether stage settings override
// the instance duration and the look-back.
func (s *Settings) lint(app bool, period recurrencePeriodDays, staged bool) []odata.Warning {
	var ws []odata.Warning
	switch n := s.InstanceDurationInDays; {
	case n < 0:
		ws = append(ws, check.Warn("instanceDurationInDays", "is negative (%d)", n))
	case staged:
		// The stages' durations are used instead; lintStages compares them.
	default:
		ws = append(ws, lintDuration("instanceDurationInDays", fmt.Sprintf("an instance of %d days", n), n, period)...)
	}
	ws = append(ws, lintLookBack("recommendationLookBackDuration", s.RecommendationLookBackDuration, period)...)
	ws = append(ws, lintInsightSettings("recommendationInsightSettings", s.RecommendationInsightSettings, app, period)...)
	switch {
	case s.DefaultDecisionEnabled && s.AutoApplyDecisionsEnabled && s.DefaultDecision == DefaultDeny:
		ws = append(ws, check.Warn("defaultDecision",
			"is Deny, applied automatically (autoApplyDecisionsEnabled): everyone whose reviewer does not answer loses access"))
	case !s.DefaultDecisionEnabled && s.DefaultDecision.Known():
		ws = append(ws, check.Warn("defaultDecision",
			"is %s, but defaultDecisionEnabled is off, so it is never applied", s.DefaultDecision))
	}
	if !s.Recurrence.IsZero() {
		ws = append(ws, check.PrefixWarnings("recurrence", s.Recurrence.Lint())...)
	}
	return ws
}

// lintStages returns the warnings of the stage settings.
func lintStages(stages []StageSettings, instanceDays int, app bool, period recurrencePeriodDays) []odata.Warning {
	if len(stages) == 0 {
		return nil
	}
	var ws []odata.Warning
	total := 0
	for i, s := range stages {
		field := fmt.Sprintf("stageSettings[%d]", i)
		total += max(s.DurationInDays, 0)
		if s.DurationInDays < 1 {
			ws = append(ws, check.Warn(field+".durationInDays", "is %d: a stage lasts at least a day", s.DurationInDays))
		}
		for j, dec := range s.DecisionsThatWillMoveToNextStage {
			if slices.Contains(s.DecisionsThatWillMoveToNextStage[:j], dec) {
				ws = append(ws, check.Warn(fmt.Sprintf("%s.decisionsThatWillMoveToNextStage[%d]", field, j), "%q is listed twice", dec))
			}
		}
		ws = append(ws, lintLookBack(field+".recommendationLookBackDuration", s.RecommendationLookBackDuration, period)...)
		ws = append(ws, lintInsightSettings(field+".recommendationInsightSettings", s.RecommendationInsightSettings, app, period)...)
		ws = append(ws, lintEach(field+".reviewers", s.Reviewers, scope.Reviewer.Lint)...)
		ws = append(ws, lintEach(field+".fallbackReviewers", s.FallbackReviewers, scope.Reviewer.Lint)...)
	}
	if instanceDays > 0 && instanceDays != total {
		ws = append(ws, check.Warn("settings.instanceDurationInDays",
			"is %d, but the stages last %d days in all: the stages' durations are used instead", instanceDays, total))
	}
	if !period.ok || total <= period.longest { // longer is Validate's
		ws = append(ws, lintDuration("stageSettings", fmt.Sprintf("the stages, %d days in all,", total), total, period)...)
	}
	return ws
}

// lintDuration warns when an instance of days may outlast one recurrence.
// Validate refuses stages longer than the longest recurrence; an instance
// that long is only a warning (no document bounds instanceDurationInDays).
func lintDuration(field, what string, days int, period recurrencePeriodDays) []odata.Warning {
	switch {
	case !period.ok || days <= period.shortest:
		return nil
	case days > period.longest:
		return []odata.Warning{check.Warn(field,
			"%s would outlast one recurrence (%s): the next instance starts while this one is open", what, period)}
	}
	return []odata.Warning{check.Warn(field,
		"%s may outlast one recurrence (%s) in short months: the next instance would start while this one is open", what, period)}
}

// lintLookBack warns about a look-back longer than one recurrence.
func lintLookBack(field string, d odata.Duration, period recurrencePeriodDays) []odata.Warning {
	if d.IsZero() || !d.IsValid() || !period.ok {
		return nil
	}
	if shortestLength(d).Hours() > float64(24*period.longest) {
		return []odata.Warning{check.Warn(field,
			"%s is longer than one recurrence (%s): recommendations count activity from before the previous review", d, period)}
	}
	return nil
}

// lintInsightSettings returns the warnings of a list of insight settings.
func lintInsightSettings(field string, list []InsightSetting, app bool, period recurrencePeriodDays) []odata.Warning {
	var ws []odata.Warning
	for i, s := range list {
		u, ok := s.(UserLastSignInInsightSetting)
		if !ok {
			continue
		}
		f := fmt.Sprintf("%s[%d]", field, i)
		ws = append(ws, lintLookBack(f+".recommendationLookBackDuration", u.RecommendationLookBackDuration, period)...)
		if u.SignInScope == SignInApplication && !app {
			ws = append(ws, check.Warn(f+".signInScope",
				"is application, which is only relevant when the review is of the assignments to an application"))
		}
	}
	return ws
}

// lintEach lints every element of a list, naming warnings "field[i].…".
func lintEach[T any](field string, list []T, lint func(T) []odata.Warning) []odata.Warning {
	var ws []odata.Warning
	for i, v := range list {
		ws = append(ws, check.PrefixWarnings(fmt.Sprintf("%s[%d]", field, i), lint(v))...)
	}
	return ws
}
