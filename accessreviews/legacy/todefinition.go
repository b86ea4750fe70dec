package legacy

import (
	"time"
	"unicode/utf16"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// ConvertOptions steers ToDefinition where a legacy review does not say
// enough. A nil *ConvertOptions means none.
type ConvertOptions struct {
	// Kind names what the review reviewed, overriding what the template's
	// name says. Set it when the template is unknown or its name is not
	// recognised (see RecognizeTemplate).
	Kind TemplateKind
	// StartDate, when set, replaces the review's start date; the end date
	// moves with it. Stored legacy configurations usually hold dates long
	// past.
	StartDate odata.Date
}

// maxAppLookBackDays is the longest recommendation look-back the new API
// allows for reviews of application assignments.
const maxAppLookBackDays = 30

// ToDefinition converts a legacy review into a schedule definition of the
// new API, following a mapping inferred from both APIs' documentation
// (Microsoft published none), which [Report] lists, and reports everything
// it could not carry over as it was. tpl is the review's business flow
// template, or nil when unknown; opts may be nil.
//
// The report always mentions programs: a legacy review may be linked to
// one through a program control, and definitions have no programs.
func ToDefinition(ar AccessReview, tpl *BusinessFlowTemplate, opts *ConvertOptions) (accessreviews.Definition, Report) {
	if opts == nil {
		opts = &ConvertOptions{}
	}
	c := converter{ar: &ar, opts: opts}
	c.def.DisplayName = ar.DisplayName
	c.kind = c.templateKind(tpl)
	c.convertScope()
	c.convertReviewers()
	c.convertDescription()
	c.convertSchedule()
	c.convertSettings()
	c.reportLeftovers()
	return c.def, c.report
}

// converter holds one conversion in progress.
type converter struct {
	ar     *AccessReview
	opts   *ConvertOptions
	kind   TemplateKind
	def    accessreviews.Definition
	report Report
}

// templateKind decides what the review reviewed, reporting a guess.
func (c *converter) templateKind(tpl *BusinessFlowTemplate) TemplateKind {
	if c.opts.Kind.Known() {
		return c.opts.Kind
	}
	if c.opts.Kind != "" {
		c.report.add(Guessed, "businessFlowTemplateId", "ConvertOptions.Kind %q is not a known kind; ignored", c.opts.Kind)
	}
	if tpl == nil {
		c.report.add(Guessed, "businessFlowTemplateId",
			"template %q not given: assumed group memberships; pass the template or ConvertOptions.Kind", c.ar.BusinessFlowTemplateID)
		return KindGroupMemberships
	}
	if tpl.ID != "" && c.ar.BusinessFlowTemplateID != "" && tpl.ID != c.ar.BusinessFlowTemplateID {
		c.report.add(Guessed, "businessFlowTemplateId",
			"the template given is %q, not the review's %q (template ids are case-sensitive); used it anyway", tpl.ID, c.ar.BusinessFlowTemplateID)
	}
	kind, ok := RecognizeTemplate(*tpl)
	if !ok {
		c.report.add(Guessed, "businessFlowTemplateId",
			"template %q is not recognised: assumed group memberships; set ConvertOptions.Kind", tpl.DisplayName)
		return KindGroupMemberships
	}
	return kind
}

// convertScope builds the scope from the template kind and reviewed entity.
func (c *converter) convertScope() {
	id := c.ar.ReviewedEntity.ID
	if !check.IsGUID(id) {
		c.report.add(Dropped, "reviewedEntity.id", "%q is not a GUID: scope left empty; set it before creating", id)
		return
	}
	switch c.kind {
	case KindGuestGroupMemberships:
		c.def.Scope = scope.Group(id).TransitiveMembers().Guests()
	case KindAppAssignments:
		c.def.Scope = scope.Query("/servicePrincipals/" + id + "/appRoleAssignedTo")
	case KindGuestAppAssignments:
		c.def.Scope = scope.MembershipsOf(scope.AllUsers().Guests()).In(scope.ServicePrincipal(id))
	case KindRoleMemberships:
		c.def.Scope = scope.Role(id)
		c.report.add(Guessed, "reviewedEntity.id",
			"taken as the role definition id of %s; if the legacy review named a directory role object, use its roleTemplateId", id)
	default:
		c.def.Scope = scope.Group(id).TransitiveMembers()
	}
}

// convertReviewers maps reviewerType and reviewers.
func (c *converter) convertReviewers() {
	ar := c.ar
	if ar.ReviewerType != ReviewerDelegated && len(ar.Reviewers) > 0 {
		c.report.add(Dropped, "reviewers", "only delegated reviews name reviewers; %d ignored for reviewerType %q", len(ar.Reviewers), ar.ReviewerType)
	}
	switch ar.ReviewerType {
	case ReviewerSelf:
		c.def.Reviewers = scope.SelfReview()
	case ReviewerDelegated:
		if len(ar.Reviewers) == 0 {
			c.report.add(Changed, "reviewers", "a delegated review without reviewers becomes a self-review; add reviewers before creating")
			c.def.Reviewers = scope.SelfReview()
			return
		}
		c.def.Reviewers = make([]scope.Reviewer, len(ar.Reviewers))
		for i, r := range ar.Reviewers {
			c.def.Reviewers[i] = scope.User(r.ID)
		}
	case ReviewerEntityOwners:
		id := ar.ReviewedEntity.ID
		switch {
		case c.kind == KindRoleMemberships:
			c.def.Reviewers = scope.SelfReview()
			c.report.add(Dropped, "reviewerType", "roles have no owners: left as a self-review; name reviewers before creating")
		case c.kind.isApp():
			c.def.Reviewers = []scope.Reviewer{scope.ApplicationOwners(id)}
		default:
			c.def.Reviewers = []scope.Reviewer{scope.OwnersOfGroup(id)}
		}
	default:
		c.def.Reviewers = scope.SelfReview()
		c.report.add(Guessed, "reviewerType", "%q is not self, delegated or entityOwners: left as a self-review", ar.ReviewerType)
	}
}

// convertDescription carries the description to both new properties.
func (c *converter) convertDescription() {
	d := c.ar.Description
	c.def.DescriptionForAdmins = d
	c.def.DescriptionForReviewers = d
	if cut, ok := truncateUTF16(d, accessreviews.MaxReviewerDescription); ok {
		c.def.DescriptionForReviewers = cut
		c.report.add(Changed, "description",
			"cut to %d characters for descriptionForReviewers (reviewers' emails carry no more); descriptionForAdmins keeps it whole",
			accessreviews.MaxReviewerDescription)
	}
}

// convertSettings maps the review settings other than the schedule.
func (c *converter) convertSettings() {
	s := c.ar.Settings
	out := &c.def.Settings
	out.MailNotificationsEnabled = s.MailNotificationsEnabled
	out.ReminderNotificationsEnabled = s.RemindersEnabled
	out.JustificationRequiredOnApproval = s.JustificationRequiredOnApproval
	out.AutoApplyDecisionsEnabled = s.AutoApplyReviewResultsEnabled
	out.RecommendationsEnabled = s.AccessRecommendationsEnabled
	out.DefaultDecisionEnabled = s.AutoReviewEnabled
	switch r := s.AutoReviewSettings.NotReviewedResult; r {
	case NotReviewedApprove:
		out.DefaultDecision = accessreviews.DefaultApprove
	case NotReviewedDeny:
		out.DefaultDecision = accessreviews.DefaultDeny
	case NotReviewedRecommendation:
		out.DefaultDecision = accessreviews.DefaultRecommendation
	case "":
		if s.AutoReviewEnabled {
			out.DefaultDecisionEnabled = false
			c.report.add(Dropped, "settings.autoReviewEnabled", "auto-review is on but names no notReviewedResult: default decision left off")
		}
	default:
		out.DefaultDecisionEnabled = false
		c.report.add(Dropped, "settings.autoReviewSettings.notReviewedResult",
			"%q is not Approve, Deny or Recommendation: default decision left off", r)
	}
	switch n := s.ActivityDurationInDays; {
	case n > maxAppLookBackDays && c.kind.isApp():
		out.RecommendationLookBackDuration = odata.Days(maxAppLookBackDays)
		c.report.add(Changed, "settings.activityDurationInDays",
			"%d days capped at %d, the most the new API allows for application reviews", n, maxAppLookBackDays)
	case n > 0:
		out.RecommendationLookBackDuration = odata.Days(n)
	case n < 0:
		c.report.add(Dropped, "settings.activityDurationInDays", "%d is negative: left to the service's default", n)
	}
}

// reportLeftovers reports the properties that have no equivalent at all.
func (c *converter) reportLeftovers() {
	ar := c.ar
	if ar.ID != "" {
		c.report.add(Dropped, "id", "the definition gets a new id: keep a map from %s to it", ar.ID)
	}
	if ar.CreatedBy.ID != "" {
		c.report.add(Dropped, "createdBy",
			"the new API records the caller as creator; an app-only caller cannot name %s", ar.CreatedBy.ID)
	}
	if n := len(ar.Decisions) + len(ar.MyDecisions); n > 0 {
		c.report.add(Dropped, "decisions", "%d decisions of the legacy review are not carried over", n)
	}
	if n := len(ar.Instances); n > 0 {
		c.report.add(Dropped, "instances", "%d legacy instances are not carried over; the new service creates its own", n)
	}
	c.report.add(Dropped, "programControls",
		"programs and program controls have no equivalent: a program linking this review is not carried over")
}

// truncateUTF16 cuts s to at most n UTF-16 code units, as the service
// counts characters, without splitting a surrogate pair; it reports whether
// it cut anything.
func truncateUTF16(s string, n int) (string, bool) {
	units := 0
	for i, r := range s {
		w := utf16.RuneLen(r)
		if w < 0 {
			w = 1 // invalid UTF-8 is sent as U+FFFD, one unit
		}
		if units+w > n {
			return s[:i], true
		}
		units += w
	}
	return s, false
}

// daysBetween returns the whole days from start to end, rounded up, at
// least 1; 0 when either is missing.
func daysBetween(start, end odata.DateTime) int {
	if start.IsZero() || end.IsZero() {
		return 0
	}
	d := end.Sub(start.Time)
	days := int((d + 24*time.Hour - 1) / (24 * time.Hour))
	return max(days, 1)
}

// recurrenceFor returns the builder and period in days of a recurring type.
func recurrenceFor(t RecurrenceType) (recurrence.Recurrence, int, bool) {
	switch t {
	case RecurrenceWeekly:
		return recurrence.Weekly(), 7, true
	case RecurrenceMonthly:
		return recurrence.Monthly(), 28, true
	case RecurrenceQuarterly:
		return recurrence.Quarterly(), 89, true
	case RecurrenceHalfyearly:
		return recurrence.SemiAnnually(), 181, true
	case RecurrenceAnnual:
		return recurrence.Annually(), 365, true
	}
	return recurrence.Recurrence{}, 0, false
}
