package accessreviewstest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Validation of request bodies, by the fake's own reading of the
// documents: the sentence behind each rule is quoted beside it, and a test
// per rule (validate_test.go) sends a body breaking it. The fake answers
// what the service rejects with 400 and code "BadRequest", the message
// listing every problem as "field: problem" separated by "; ". Bodies that
// are not JSON objects of the right shape are refused by the decoder
// first. Nothing here refuses what the documents show the service
// accepting: the tutorials' empty descriptions, zero-filled recurrence
// members, a numbered range with numberOfOccurrences 0 and an end date, a
// scope without @odata.type, reviewers as [].

// problems collects validation problems.
type problems []string

func (p *problems) add(field, format string, args ...any) {
	*p = append(*p, field+": "+fmt.Sprintf(format, args...))
}

// String joins the problems for an error message.
func (p problems) String() string { return strings.Join(p, "; ") }

// maxStages is the most stages a review has: "the accessReviewInstance is
// comprised of up to three subsequent stages" (accessReviewStage).
const maxStages = 3

// maxAppLookBackDays bounds the look-back of application reviews: "For
// reviews of applications, 30 days is the maximum duration"
// (accessReviewScheduleSettings).
const maxAppLookBackDays = 30

// decodeDefinition decodes and validates a definition body; it writes the
// 400 and returns nil when the body is refused.
func decodeDefinition(c *call) *definitionJSON {
	body := c.Body()
	if !isJSONObject(body) {
		c.Error(http.StatusBadRequest, codeBadRequest, "Empty Payload. JSON content expected.")
		return nil
	}
	def, err := decodeDefinitionBody(body)
	if err != nil {
		c.Error(http.StatusBadRequest, codeBadRequest, "Invalid request body: "+err.Error())
		return nil
	}
	if p := validateDefinition(def); len(p) > 0 {
		c.Error(http.StatusBadRequest, codeBadRequest, p.String())
		return nil
	}
	normalizeDurations(def)
	return def
}

// normalizeDurations rewrites the durations of a definition into the form
// the service echoes them in (normalDuration): the service keeps a
// duration, not its spelling, so a client that sent P4W2D reads P30D.
func normalizeDurations(d *definitionJSON) {
	for _, sc := range []*scopeJSON{d.Scope, d.InstanceEnumerationScope} {
		if sc != nil {
			sc.InactiveDuration = normalDuration(sc.InactiveDuration)
		}
	}
	if d.Settings != nil {
		d.Settings.RecommendationLookBackDuration = normalDuration(d.Settings.RecommendationLookBackDuration)
		normalizeInsights(d.Settings.RecommendationInsightSettings)
	}
	for i := range d.StageSettings {
		st := &d.StageSettings[i]
		st.RecommendationLookBackDuration = normalDuration(st.RecommendationLookBackDuration)
		normalizeInsights(st.RecommendationInsightSettings)
	}
}

// normalizeInsights is normalizeDurations for insight settings.
func normalizeInsights(list []insightSettingJSON) {
	for i := range list {
		list[i].RecommendationLookBackDuration = normalDuration(list[i].RecommendationLookBackDuration)
	}
}

// validateDefinition returns the service's objections to a definition.
func validateDefinition(d *definitionJSON) problems {
	var p problems
	// "displayName ... Name of access review series. Required."
	// (accessReviewSet: Create definitions)
	if strings.TrimSpace(d.DisplayName) == "" {
		p.add("displayName", "is required")
	}
	// "scope ... Defines the entities whose access is reviewed. ... Required."
	if d.Scope == nil {
		p.add("scope", "is required")
	} else {
		validateScope(&p, "scope", d.Scope)
	}
	if d.InstanceEnumerationScope != nil {
		validateScope(&p, "instanceEnumerationScope", d.InstanceEnumerationScope)
	}
	validateReviewers(&p, "reviewers", d.Reviewers)
	validateReviewers(&p, "fallbackReviewers", d.FallbackReviewers)
	validateReviewers(&p, "backupReviewers", d.BackupReviewers)
	app := reviewsApplications(d.Scope)
	sched := readSchedule(nil)
	if d.Settings != nil {
		validateSettings(&p, d.Settings, app)
		sched = readSchedule(d.Settings.Recurrence)
	}
	validateStages(&p, d.StageSettings, app, sched)
	if len(d.StageSettings) > 0 && hasSharedChannels(d.Scope) {
		// "B2B direct-connect users ... through shared channels ... Only
		// single-stage reviews are supported" (access reviews scope concept).
		p.add("stageSettings", "reviews of a team's shared channels are single-stage only")
	}
	return p
}

// validateScope checks a scope the service must be able to read.
func validateScope(p *problems, field string, s *scopeJSON) {
	switch scopeKind(s) {
	case "accessreviewqueryscope", "accessreviewinactiveusersqueryscope":
		// accessReviewQueryScope: "query ... The query representing what will
		// be reviewed in an access review."
		if strings.TrimSpace(s.Query) == "" {
			p.add(field+".query", "is required")
		} else if _, err := parseScopeQuery(s.Query); err != nil {
			p.add(field+".query", "%s", err)
		}
		if scopeKind(s) == "accessreviewinactiveusersqueryscope" && s.InactiveDuration != "" {
			// inactiveDuration: "Defines the duration of inactivity. ... ISO 8601"
			if _, err := parseDuration(s.InactiveDuration); err != nil {
				p.add(field+".inactiveDuration", "%q %s", s.InactiveDuration, err)
			}
		}
		if root := s.root(); root != "" && root != "decisions" {
			p.add(field+".queryRoot", "must be decisions, got %q", root)
		}
	case "principalresourcemembershipsscope":
		for i := range s.PrincipalScopes {
			validateScope(p, fmt.Sprintf("%s.principalScopes[%d]", field, i), &s.PrincipalScopes[i])
		}
		for i := range s.ResourceScopes {
			validateScope(p, fmt.Sprintf("%s.resourceScopes[%d]", field, i), &s.ResourceScopes[i])
		}
	}
}

// validateReviewers checks a list of reviewer scopes.
func validateReviewers(p *problems, field string, list []scopeJSON) {
	for i := range list {
		validateReviewer(p, fmt.Sprintf("%s[%d]", field, i), &list[i])
	}
}

// validateReviewer checks one accessReviewReviewerScope.
func validateReviewer(p *problems, field string, r *scopeJSON) {
	if strings.TrimSpace(r.Query) == "" {
		if r.ReviewerID == "" && r.ScopeType == "" {
			// "query: The query specifying who will be the reviewer."
			p.add(field+".query", "is required (or reviewerId and scopeType)")
		}
		return
	}
	q, err := parseScopeQuery(r.Query)
	if err != nil {
		p.add(field+".query", "%s", err)
		return
	}
	root := r.root()
	switch {
	case root != "" && root != "decisions":
		// queryRoot: "Possible value: decisions."
		p.add(field+".queryRoot", "must be decisions, got %q", root)
	case q.relative && q.at(0) == "manager" && root != "decisions":
		// queryRoot: "This property is only required if a relative query,
		// for example, ./manager, is specified."
		p.add(field+".queryRoot", "must be decisions for the relative query %q", r.Query)
	}
}

// validateSettings checks accessReviewScheduleSettings.
func validateSettings(p *problems, s *settingsJSON, app bool) {
	const f = "settings."
	switch {
	case s.DefaultDecisionEnabled && !slices.Contains([]string{decisionApprove, decisionDeny, decisionRecommendation}, s.DefaultDecision):
		// defaultDecision: "Decision chosen if defaultDecisionEnabled is
		// enabled. Can be one of Approve, Deny, or Recommendation."
		p.add(f+"defaultDecision", "must be Approve, Deny or Recommendation when defaultDecisionEnabled is set, got %q", s.DefaultDecision)
	case !slices.Contains([]string{"", defaultNone, decisionApprove, decisionDeny, decisionRecommendation}, s.DefaultDecision):
		// The same sentence; None is what the documents send and echo when
		// the default decision is off.
		p.add(f+"defaultDecision", "must be Approve, Deny, Recommendation or None, got %q", s.DefaultDecision)
	}
	if s.InstanceDurationInDays < 0 {
		// instanceDurationInDays: "Duration of an access review instance in days."
		p.add(f+"instanceDurationInDays", "must not be negative, got %d", s.InstanceDurationInDays)
	}
	checkLookBack(p, f+"recommendationLookBackDuration", s.RecommendationLookBackDuration, app)
	checkInsights(p, f+"recommendationInsightSettings", s.RecommendationInsightSettings, app)
	for i, a := range s.ApplyActions {
		// applyActions: "There are two types that are currently supported:
		// removeAccessApplyAction (default) and disableAndDeleteUserApplyAction."
		switch typeName(a.ODataType) {
		case "removeaccessapplyaction", "disableanddeleteuserapplyaction":
		default:
			p.add(fmt.Sprintf("%sapplyActions[%d]", f, i), "must be removeAccessApplyAction or disableAndDeleteUserApplyAction, got %q", a.ODataType)
		}
	}
	if s.Recurrence != nil {
		validateRecurrence(p, f+"recurrence", s.Recurrence)
	}
}

// validateRecurrence checks a patternedRecurrence for access reviews.
func validateRecurrence(p *problems, field string, rec *recurrenceJSON) {
	if pat := rec.Pattern; pat != nil {
		pf := field + ".pattern."
		// recurrencePattern: "For access reviews, only dayOfMonth, interval,
		// and type (weekly, absoluteMonthly) properties are supported." and
		// "Any property that you include that does not have a supported value
		// would result in an error." The zero values the service echoes
		// (month 0, daysOfWeek [], firstDayOfWeek sunday, index first) are
		// accepted: the guest tutorial sends them.
		switch pat.Type {
		case patternWeekly, patternAbsoluteMonthly:
		default:
			p.add(pf+"type", "must be weekly or absoluteMonthly for access reviews, got %q", pat.Type)
		}
		// interval: "The number of units between occurrences ... Required."
		if pat.Interval < 1 {
			p.add(pf+"interval", "must be at least 1, got %d", pat.Interval)
		}
		switch {
		case pat.Type == patternWeekly && pat.DayOfMonth != 0:
			// weekly: "For access reviews, only interval and type properties
			// are supported."
			p.add(pf+"dayOfMonth", "is not supported with a weekly pattern, got %d", pat.DayOfMonth)
		case pat.DayOfMonth < 0 || pat.DayOfMonth > 31:
			p.add(pf+"dayOfMonth", "must be 1 to 31, got %d", pat.DayOfMonth)
		}
		if pat.Month != 0 {
			p.add(pf+"month", "is not supported for access reviews, got %d", pat.Month)
		}
		if len(pat.DaysOfWeek) > 0 {
			p.add(pf+"daysOfWeek", "is not supported for access reviews")
		}
		if pat.Index != "" && pat.Index != "first" {
			p.add(pf+"index", "is not supported for access reviews, got %q", pat.Index)
		}
		if pat.FirstDayOfWeek != "" && !strings.EqualFold(pat.FirstDayOfWeek, "sunday") {
			p.add(pf+"firstDayOfWeek", "is not supported for access reviews, got %q", pat.FirstDayOfWeek)
		}
	}
	rf := field + ".range."
	rg := rec.Range
	start, hasStart := parseDateValue(rg.StartDate)
	end, hasEnd := parseDateValue(rg.EndDate)
	// recurrenceRange: "startDate ... Required." and "type ... Required."
	if !hasStart {
		p.add(rf+"startDate", "is required, as a date (2021-02-10) or a timestamp")
	}
	switch rg.Type {
	case rangeEndDate:
		// endDate: "Required if type is endDate."
		if !hasEnd {
			p.add(rf+"endDate", "is required with an endDate range")
		}
	case rangeNoEnd:
	case rangeNumbered:
		// numberOfOccurrences: "Required and must be positive if type is
		// numbered." The tutorials send numbered with 0 and an end date, and
		// the service runs those until the end date: that is accepted too.
		if rg.NumberOfOccurrences < 0 || (rg.NumberOfOccurrences == 0 && !hasEnd) {
			p.add(rf+"numberOfOccurrences", "must be positive in a numbered range without an end date, got %d", rg.NumberOfOccurrences)
		}
	default:
		p.add(rf+"type", "must be endDate, noEnd or numbered, got %q", rg.Type)
	}
	if hasStart && hasEnd && !end.Equal(noEndDate) && end.Before(start) && rg.Type != rangeNoEnd {
		p.add(rf+"endDate", "is before the start date")
	}
}

// validateStages checks stageSettings.
func validateStages(p *problems, stages []stageSettingsJSON, app bool, sched schedule) {
	if len(stages) > maxStages {
		p.add("stageSettings", "has %d stages; at most %d are allowed", len(stages), maxStages)
	}
	seen := make(map[string]bool, len(stages))
	total := 0
	for i, st := range stages {
		f := fmt.Sprintf("stageSettings[%d].", i)
		// stageId: "Unique identifier of the accessReviewStageSettings object.
		// ... Required."
		switch {
		case st.StageID == "":
			p.add(f+"stageId", "is required")
		case seen[st.StageID]:
			p.add(f+"stageId", "%q is used by an earlier stage", st.StageID)
		}
		seen[st.StageID] = true
		// dependsOn: "Only sequential stages are currently supported. For
		// example, if stageId is 2, then dependsOn must be 1. If stageId is
		// 1, don't specify dependsOn. Required if stageId isn't 1."
		switch {
		case i == 0 && len(st.DependsOn) > 0:
			p.add(f+"dependsOn", "the first stage depends on no other stage")
		case i > 0 && !slices.Equal(st.DependsOn, []string{stages[i-1].StageID}):
			p.add(f+"dependsOn", "must be [%q], the stage before it: only sequential stages are supported", stages[i-1].StageID)
		}
		// durationInDays: "The duration of the stage. Required."
		if st.DurationInDays < 1 {
			p.add(f+"durationInDays", "must be at least 1, got %d", st.DurationInDays)
		}
		total += max(st.DurationInDays, 0)
		// recommendationsEnabled: "... Required."
		if st.RecommendationsEnabled == nil {
			p.add(f+"recommendationsEnabled", "is required")
		}
		// decisionsThatWillMoveToNextStage: "Can be a subset of Approve,
		// Deny, Recommendation, or NotReviewed."
		for j, d := range st.DecisionsThatWillMoveToNextStage {
			if !slices.Contains([]string{decisionApprove, decisionDeny, decisionRecommendation, decisionNotReviewed}, d) {
				p.add(fmt.Sprintf("%sdecisionsThatWillMoveToNextStage[%d]", f, j), "must be Approve, Deny, Recommendation or NotReviewed, got %q", d)
			}
		}
		checkLookBack(p, f+"recommendationLookBackDuration", st.RecommendationLookBackDuration, app)
		checkInsights(p, f+"recommendationInsightSettings", st.RecommendationInsightSettings, app)
		validateReviewers(p, f+"reviewers", st.Reviewers)
		validateReviewers(p, f+"fallbackReviewers", st.FallbackReviewers)
	}
	// durationInDays: "The cumulative value of this property across all
	// stages ... Can't exceed the length of one recurrence. That is, if the
	// review recurs weekly, the cumulative durationInDays can't exceed 7."
	if period, ok := sched.period(); ok && total > period {
		p.add("stageSettings", "the stages last %d days in all, longer than one recurrence (%d days)", total, period)
	}
}

// farDay is the instant look-backs are measured from when checking the
// 30-day cap: the month before it is a February of 28 days, so that P1M,
// which the cap may or may not allow depending on the month, is accepted
// rather than refused.
var farDay = time.Date(2001, time.March, 1, 0, 0, 0, 0, time.UTC)

// checkLookBack checks a recommendation look-back: "For reviews of groups
// and Microsoft Entra roles, any duration is accepted. For reviews of
// applications, 30 days is the maximum duration."
func checkLookBack(p *problems, field, value string, app bool) {
	if value == "" {
		return
	}
	d, err := parseDuration(value)
	switch {
	case err != nil:
		p.add(field, "%q %s", value, err)
	case app && d.longerThanDays(farDay, maxAppLookBackDays):
		p.add(field, "reviews of applications look back at most %d days, got %s", maxAppLookBackDays, value)
	}
}

// checkInsights checks recommendation insight settings' look-backs.
func checkInsights(p *problems, field string, list []insightSettingJSON, app bool) {
	for i, s := range list {
		checkLookBack(p, fmt.Sprintf("%s[%d].recommendationLookBackDuration", field, i), s.RecommendationLookBackDuration, app)
	}
}

// reviewsApplications reports whether a definition's scope reviews
// application assignments: a memberships scope with a service principal
// among its resources.
func reviewsApplications(s *scopeJSON) bool {
	if s == nil || scopeKind(s) != "principalresourcemembershipsscope" {
		return false
	}
	for i := range s.ResourceScopes {
		res := &s.ResourceScopes[i]
		if strings.EqualFold(res.ScopeType, "servicePrincipal") {
			return true
		}
		if q, err := parseScopeQuery(res.Query); err == nil && q.at(0) == "serviceprincipals" {
			return true
		}
	}
	return false
}

// hasSharedChannels reports whether a scope reaches into a team's
// channels.
func hasSharedChannels(s *scopeJSON) bool {
	if s == nil {
		return false
	}
	for i := range s.ResourceScopes {
		if q, err := parseScopeQuery(s.ResourceScopes[i].Query); err == nil && q.at(0) == "teams" && q.at(2) == "channels" {
			return true
		}
	}
	return false
}

// isJSONObject reports whether b holds a JSON object.
func isJSONObject(b []byte) bool {
	return strings.HasPrefix(strings.TrimSpace(string(b)), "{")
}

// itoa formats a small non-negative int.
func itoa(n int) string { return fmt.Sprint(n) }
