package accessreviews

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// maxAppLookBackDays is the longest recommendation look-back the service
// allows for reviews of application assignments.
const maxAppLookBackDays = 30

// Validate reports every problem that would make the service reject d, or
// make it run a review other than the one described, before anything is
// sent. Create and Update call it. The problems are *odata.FieldError values
// joined with errors.Join, named by their JSON path
// ("settings.recurrence.pattern.interval", "stageSettings[1].dependsOn"),
// and errors.Is(err, odata.ErrInvalid) holds.
//
// The rules, from the service's documentation:
//   - displayName is required; descriptionForReviewers has at most
//     MaxReviewerDescription characters;
//   - scope is required and valid, and so are instanceEnumerationScope,
//     every reviewer and every additional notification recipient;
//   - settings.defaultDecision is Approve, Deny or Recommendation when
//     defaultDecisionEnabled is set; otherwise it may also be None or empty;
//   - settings.recurrence is valid for access reviews (recurrence.Validate);
//   - instanceDurationInDays, and the sum of the stage durations, fit in the
//     recurrence period (see below); 0 leaves the duration to the service,
//     as the documentation's tutorials do;
//   - recommendationLookBackDuration is a whole number of days, at least
//     one, and at most 30 for a review of application assignments (a
//     memberships scope whose resources are service principals);
//   - applyActions holds only the actions this package knows;
//   - stageSettings has at most MaxStages stages, with unique IDs, chained
//     in order: the first is "1" and depends on nothing, every other depends
//     on exactly the one before it; each lasts at least a day, and moves on
//     only Approve, Deny, Recommendation and NotReviewed items;
//   - a scope reaching into a team's shared channels is single-stage only.
//
// The recurrence period is the shortest time between two instances: 7 ×
// interval days for a weekly pattern, and for an absoluteMonthly one the
// fewest days in that many consecutive months (28 for monthly, 89 for
// quarterly, 181 for semi-annual, 365 for annual), so that an instance
// always ends before the next one starts. A one-time review has no period.
//
// Validate does not require descriptionForAdmins and
// descriptionForReviewers, although the create documentation marks them
// required: the tutorials send them empty and the service accepts that.
func (d *Definition) Validate() error {
	if d == nil {
		return odata.Invalid("definition", "is required")
	}
	var errs []error
	if strings.TrimSpace(d.DisplayName) == "" {
		errs = append(errs, odata.Invalid("displayName", "is required"))
	}
	if n := utf16Len(d.DescriptionForReviewers); n > MaxReviewerDescription {
		errs = append(errs, odata.Invalid("descriptionForReviewers",
			"has %d characters; reviewers' emails carry at most %d", n, MaxReviewerDescription))
	}
	if d.Scope == nil {
		errs = append(errs, odata.Invalid("scope", "is required"))
	} else {
		errs = append(errs, odata.Prefix("scope", d.Scope.Validate()))
	}
	if d.InstanceEnumerationScope != nil {
		errs = append(errs, odata.Prefix("instanceEnumerationScope", d.InstanceEnumerationScope.Validate()))
	}
	errs = append(errs,
		validateEach("reviewers", d.Reviewers, scope.Reviewer.Validate),
		validateEach("fallbackReviewers", d.FallbackReviewers, scope.Reviewer.Validate),
		validateEach("backupReviewers", d.BackupReviewers, scope.Reviewer.Validate),
		validateEach("additionalNotificationRecipients", d.AdditionalNotificationRecipients, scope.NotificationRecipient.Validate),
	)
	app := reviewsApplications(d.Scope)
	period, hasPeriod := recurrencePeriod(d.Settings.Recurrence)
	errs = append(errs, odata.Prefix("settings", d.Settings.validate(app, period, hasPeriod)))
	errs = append(errs, validateStages(d.StageSettings, app, period, hasPeriod))
	if len(d.StageSettings) > 0 {
		for _, s := range []struct {
			name  string
			scope scope.Scope
		}{{"scope", d.Scope}, {"instanceEnumerationScope", d.InstanceEnumerationScope}} {
			if s.scope != nil && scope.HasSharedChannels(s.scope) {
				errs = append(errs, odata.Invalid(s.name,
					"reviews of a team's shared channels are single-stage only; remove stageSettings or the shared channels"))
			}
		}
	}
	return errors.Join(errs...)
}

// validate checks settings for a definition; app says whether it reviews
// application assignments, period is the recurrence period when hasPeriod.
// Field names are relative to the settings.
func (s *Settings) validate(app bool, period int, hasPeriod bool) error {
	var errs []error
	switch {
	case s.DefaultDecisionEnabled && !s.DefaultDecision.Known():
		errs = append(errs, odata.Invalid("defaultDecision",
			"must be Approve, Deny or Recommendation when defaultDecisionEnabled is set, got %q", s.DefaultDecision))
	case !s.DefaultDecision.Known() && s.DefaultDecision != "" && s.DefaultDecision != DefaultNone:
		errs = append(errs, odata.Invalid("defaultDecision",
			"must be Approve, Deny, Recommendation or None, got %q", s.DefaultDecision))
	}
	switch {
	case s.InstanceDurationInDays < 0:
		errs = append(errs, odata.Invalid("instanceDurationInDays", "must not be negative, got %d", s.InstanceDurationInDays))
	case hasPeriod && s.InstanceDurationInDays > period:
		errs = append(errs, odata.Invalid("instanceDurationInDays",
			"%d days is longer than the recurrence period of %d days: an instance must end before the next starts",
			s.InstanceDurationInDays, period))
	}
	if !s.Recurrence.IsZero() {
		errs = append(errs, odata.Prefix("recurrence", s.Recurrence.Validate()))
	}
	errs = append(errs, checkLookBack("recommendationLookBackDuration", s.RecommendationLookBackDuration, app))
	errs = append(errs, validateInsightSettings("recommendationInsightSettings", s.RecommendationInsightSettings, app))
	for i, a := range s.ApplyActions {
		field := fmt.Sprintf("applyActions[%d]", i)
		switch a := a.(type) {
		case RemoveAccessApplyAction, DisableAndDeleteUserApplyAction:
		case UnknownApplyAction:
			errs = append(errs, odata.Invalid(field,
				"apply action of unknown type %q: only removeAccessApplyAction and disableAndDeleteUserApplyAction are sent", a.Type()))
		default:
			errs = append(errs, odata.Invalid(field, "is nil"))
		}
	}
	return errors.Join(errs...)
}

// validateStages checks the stage settings of a definition, as a chain.
func validateStages(stages []StageSettings, app bool, period int, hasPeriod bool) error {
	var errs []error
	if len(stages) > MaxStages {
		errs = append(errs, odata.Invalid("stageSettings", "has %d stages; at most %d are allowed", len(stages), MaxStages))
	}
	seen := make(map[string]bool, len(stages))
	total := 0
	for i, s := range stages {
		field := fmt.Sprintf("stageSettings[%d]", i)
		switch {
		case s.StageID == "":
			errs = append(errs, odata.Invalid(field+".stageId", "is required"))
		case seen[s.StageID]:
			errs = append(errs, odata.Invalid(field+".stageId", "%q is used by an earlier stage", s.StageID))
		case i == 0 && s.StageID != "1":
			errs = append(errs, odata.Invalid(field+".stageId", `the first stage must be "1", got %q`, s.StageID))
		}
		seen[s.StageID] = true
		switch {
		case i == 0 && len(s.DependsOn) > 0:
			errs = append(errs, odata.Invalid(field+".dependsOn", "the first stage depends on no other stage"))
		case i > 0 && !slices.Equal(s.DependsOn, []string{stages[i-1].StageID}):
			errs = append(errs, odata.Invalid(field+".dependsOn",
				"must be exactly [%q], the stage before it: stages run in a chain, in the order they are listed", stages[i-1].StageID))
		}
		if s.DurationInDays < 1 {
			errs = append(errs, odata.Invalid(field+".durationInDays", "must be at least 1, got %d", s.DurationInDays))
		}
		total += max(s.DurationInDays, 0)
		errs = append(errs, checkMoveOn(field+".decisionsThatWillMoveToNextStage", s.DecisionsThatWillMoveToNextStage))
		errs = append(errs, checkLookBack(field+".recommendationLookBackDuration", s.RecommendationLookBackDuration, app))
		errs = append(errs, validateInsightSettings(field+".recommendationInsightSettings", s.RecommendationInsightSettings, app))
		errs = append(errs, validateEach(field+".reviewers", s.Reviewers, scope.Reviewer.Validate))
		errs = append(errs, validateEach(field+".fallbackReviewers", s.FallbackReviewers, scope.Reviewer.Validate))
	}
	if hasPeriod && total > period {
		errs = append(errs, odata.Invalid("stageSettings",
			"the stages last %d days in all, longer than the recurrence period of %d days", total, period))
	}
	return errors.Join(errs...)
}

// checkMoveOn checks a stage's decisionsThatWillMoveToNextStage.
func checkMoveOn(field string, decisions []DecisionValue) error {
	var errs []error
	for i, d := range decisions {
		switch {
		case d != DecisionApprove && d != DecisionDeny && d != DecisionRecommendation && d != DecisionNotReviewed:
			errs = append(errs, odata.Invalid(fmt.Sprintf("%s[%d]", field, i),
				"must be Approve, Deny, Recommendation or NotReviewed, got %q", d))
		case slices.Contains(decisions[:i], d):
			errs = append(errs, odata.Invalid(fmt.Sprintf("%s[%d]", field, i), "%q is listed twice", d))
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
				errs = append(errs, odata.Invalid(f+".signInScope", "must be tenant or application, got %q", s.SignInScope))
			}
		case GroupPeerOutlierInsightSetting, UnknownInsightSetting:
		default:
			errs = append(errs, odata.Invalid(f, "is nil"))
		}
	}
	return errors.Join(errs...)
}

// checkLookBack checks a recommendation look-back period: unset, or a whole
// number of days, at least one, and at most 30 for application reviews.
func checkLookBack(field string, d odata.Duration, app bool) error {
	if d.IsZero() {
		return nil
	}
	days, whole := d.WholeDays()
	switch {
	case !whole:
		return odata.Invalid(field, "must be a whole number of days (P30D), got %s", d)
	case app && days > maxAppLookBackDays:
		return odata.Invalid(field, "reviews of application assignments look back at most %d days, got %d", maxAppLookBackDays, days)
	}
	return nil
}

// validateEach validates every element of a list, naming problems
// "field[i].…".
func validateEach[T any](field string, list []T, validate func(T) error) error {
	var errs []error
	for i, v := range list {
		errs = append(errs, odata.Prefix(fmt.Sprintf("%s[%d]", field, i), validate(v)))
	}
	return errors.Join(errs...)
}

// reviewsApplications reports whether a definition scope reviews
// application assignments: a memberships scope with a service principal
// among its resources. It answers false when it cannot tell.
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
			if strings.HasPrefix(strings.ToLower(r.Query), "/serviceprincipals/") {
				return true
			}
		}
	}
	return false
}

// recurrencePeriod returns the shortest time between two instances of r, in
// days, and false when r has no period to check against: a one-time review,
// or a pattern Recurrence.Validate reports anyway.
func recurrencePeriod(r recurrence.Recurrence) (int, bool) {
	p := r.Pattern
	if p == nil || p.Interval < 1 {
		return 0, false
	}
	switch p.Type {
	case recurrence.PatternWeekly:
		return 7 * p.Interval, true
	case recurrence.PatternAbsoluteMonthly:
		return shortestMonths(p.Interval), true
	}
	return 0, false
}

// shortestMonths returns the fewest days n consecutive months can have:
// whole years have 365 days at least, and the remaining months are counted
// from the start month that makes them shortest, in a common year.
func shortestMonths(n int) int {
	years, rest := n/12, n%12
	if rest == 0 {
		return 365 * years
	}
	shortest := 0
	for start := range 12 {
		days := 0
		for m := range rest {
			days += odata.DaysIn(2001, time.Month((start+m)%12+1))
		}
		if shortest == 0 || days < shortest {
			shortest = days
		}
	}
	return 365*years + shortest
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
