package legacy

import (
	"fmt"
	"strings"
)

// ReportKind says what happened to a legacy property during a conversion.
type ReportKind string

// The kinds of report entries.
const (
	// Dropped: the property has no equivalent and was not carried over.
	Dropped ReportKind = "dropped"
	// Guessed: the conversion had to choose without enough information;
	// check the result.
	Guessed ReportKind = "guessed"
	// Changed: the property was carried over with a different value or
	// meaning (a truncation, a cap, a moved date).
	Changed ReportKind = "changed"
)

// ReportEntry is one thing ToDefinition could not carry over as it was.
type ReportEntry struct {
	// Field is the legacy property, as a JSON path
	// ("settings.recurrenceSettings.durationInDays").
	Field string `json:"field"`
	// Kind says what happened to it.
	Kind ReportKind `json:"kind"`
	// Detail says why and what was done instead, for people.
	Detail string `json:"detail"`
}

// String formats the entry as "kind field: detail".
func (e ReportEntry) String() string {
	return fmt.Sprintf("%s %s: %s", e.Kind, e.Field, e.Detail)
}

// Report lists everything a conversion could not carry over as it was, in
// the order the legacy properties were read. An empty report means a
// faithful conversion. It is machine-readable (Entries, JSON) and printable
// (String).
//
// [ToDefinition] follows this mapping:
//   - businessFlowTemplateId + reviewedEntity → scope, by template kind:
//     group memberships → scope.Group(id).TransitiveMembers(); guest
//     memberships of a group → the same with Guests(); app assignments →
//     the query "/servicePrincipals/{id}/appRoleAssignedTo"; guest app
//     assignments → scope.MembershipsOf(scope.AllUsers().Guests()).In(
//     scope.ServicePrincipal(id)), since app role assignments cannot be
//     filtered by user type; role memberships → scope.Role(id). Without a
//     template or opts.Kind, group memberships is assumed and reported;
//   - reviewerType self → no reviewers; delegated → scope.User per
//     reviewer; entityOwners → the owners of the group or application
//     (roles have no owners: reported);
//   - startDateTime → recurrence start date; endDateTime → the instance
//     duration in days and, for one-time reviews and endBy series, the
//     range's end date;
//   - recurrenceType → onetime: no pattern; weekly; monthly; quarterly,
//     halfyearly and annual: absoluteMonthly every 3, 6 and 12 months;
//     recurrenceEndType never / endBy / occurrences → noEnd / endDate /
//     numbered; durationInDays → instanceDurationInDays;
//   - the settings: remindersEnabled → reminderNotificationsEnabled,
//     autoApplyReviewResultsEnabled → autoApplyDecisionsEnabled,
//     autoReviewEnabled + notReviewedResult → defaultDecisionEnabled +
//     defaultDecision, accessRecommendationsEnabled →
//     recommendationsEnabled, activityDurationInDays →
//     recommendationLookBackDuration P{n}D, the others by name;
//   - description → descriptionForAdmins, and descriptionForReviewers cut
//     to accessreviews.MaxReviewerDescription characters.
type Report struct {
	// Entries are the report's entries.
	Entries []ReportEntry `json:"entries"`
}

// Has reports whether the report holds an entry of kind k.
func (r Report) Has(k ReportKind) bool {
	for _, e := range r.Entries {
		if e.Kind == k {
			return true
		}
	}
	return false
}

// Field returns the entries about field, in order.
func (r Report) Field(field string) []ReportEntry {
	var out []ReportEntry
	for _, e := range r.Entries {
		if e.Field == field {
			out = append(out, e)
		}
	}
	return out
}

// String formats the report one entry a line, or "nothing to report" when
// it is empty.
func (r Report) String() string {
	if len(r.Entries) == 0 {
		return "nothing to report"
	}
	var b strings.Builder
	for i, e := range r.Entries {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.String())
	}
	return b.String()
}

// add appends an entry with a formatted detail.
func (r *Report) add(kind ReportKind, field, format string, args ...any) {
	r.Entries = append(r.Entries, ReportEntry{Field: field, Kind: kind, Detail: fmt.Sprintf(format, args...)})
}
