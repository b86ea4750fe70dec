package adversarial

import (
	"encoding/json"
	"testing"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// validator is what every scope, reviewer and recipient value offers.
type validator interface{ Validate() error }

// scopeBadCases covers every scope builder, the wire types written as
// struct literals, reviewers, notification recipients and the query checker.
// A builder given a bad argument must also refuse to encode.
func scopeBadCases() []badCase {
	v := func(name, field string, val validator) badCase {
		return badCase{pkg: "scope", name: name, field: field, run: func(t *testing.T, _ *env) error {
			if m, ok := val.(json.Marshaler); ok {
				if b, err := m.MarshalJSON(); err == nil && isBuilder(val) {
					t.Errorf("invalid %T encodes as %s", val, b)
				}
			}
			return val.Validate()
		}}
	}
	// Only what cannot be sent, or what the documentation says the service
	// refuses, is invalid: an ID that is not a GUID is escaped and sent
	// (Lint warns), so the builder cases give empty IDs.
	const bad = ""
	const badUTF8 = "/groups/\xff"
	g := groupID
	recipient := scope.NotificationTemplateTypeCompletedAdditionalRecipients
	return []badCase{
		v("Group", "query.groupId", scope.Group(bad)),
		v("Group.Members", "query.groupId", scope.Group(bad).Members()),
		v("Group.TransitiveMembers.Guests", "query.groupId", scope.Group(bad).TransitiveMembers().Guests()),
		v("Group.Members.Users", "query.groupId", scope.Group(bad).Members().Users()),
		v("Group.InactiveFor negative", "inactiveDuration", scope.Group(g).TransitiveMembers().InactiveFor(-1)),
		v("EachGroup.InactiveFor negative", "inactiveDuration", scope.EachGroup().Members().Users().InactiveFor(-30)),
		v("AllUsers.InactiveFor negative", "inactiveDuration", scope.AllUsers().Guests().InactiveFor(-7)),
		v("InactiveScope zero", "query", scope.InactiveScope{}),
		v("Role", "query.roleDefinitionId", scope.Role(bad)),
		v("Role.EligibleUsers", "query.roleDefinitionId", scope.Role(bad).EligibleUsers()),
		v("Role.ActiveUsers", "query.roleDefinitionId", scope.Role(bad).ActiveUsers()),
		v("Role.ServicePrincipals", "query.roleDefinitionId", scope.Role(bad).ServicePrincipals()),
		v("ServicePrincipal", "query.servicePrincipalId", scope.ServicePrincipal(bad)),
		v("Team.SharedChannels", "query.teamId", scope.Team(bad).SharedChannels()),
		v("Team.MembersIncludingSharedChannels", "resourceScopes[1].query.teamId", scope.Team(bad).MembersIncludingSharedChannels()),
		v("AccessPackageAssignments", "query.accessPackageId", scope.AccessPackageAssignments(bad)),
		v("AccessPackageAssignments.Policy", "query.assignmentPolicyId", scope.AccessPackageAssignments(g).Policy(bad)),
		v("AccessPackageAssignments.Catalog", "query.catalogId", scope.AccessPackageAssignments(g).Catalog(bad)),
		v("MembershipsOf nil principal", "principalScopes[0]", scope.MembershipsOf(nil).In(scope.AllGroups())),
		v("MembershipsOf nil resource", "resourceScopes[0]", scope.MembershipsOf(scope.AllUsers()).In(nil)),
		v("MembershipsOf bad resource", "resourceScopes[0].query.groupId", scope.MembershipsOf(scope.AllUsers()).In(scope.Group(bad))),
		v("PrincipalResourceMembershipsScope nil", "resourceScopes[0]", scope.PrincipalResourceMembershipsScope{ResourceScopes: []scope.Scope{nil}}),
		v("Query invalid UTF-8", "query", scope.Query(badUTF8)),
		v("QueryScope invalid UTF-8", "query", scope.QueryScope{Query: badUTF8}),
		v("InactiveUsersScope negative", "inactiveDuration", scope.InactiveUsersScope{Query: "/users", InactiveDuration: odata.Duration{Days: -30}}),
		v("AccessPackageAssignmentPolicyScope other type", "scopeType", scope.AccessPackageAssignmentPolicyScope{ResourceID: g, ScopeType: scope.ResourceScopeTypeGroup}),
		v("Unknown not an object", "", scope.Unknown{Raw: json.RawMessage(`[1]`)}),
		v("User", "query.userId", scope.User(bad)),
		v("MembersOfGroup", "query.groupId", scope.MembersOfGroup(bad)),
		v("OwnersOfGroup", "query.groupId", scope.OwnersOfGroup(bad)),
		v("ApplicationOwners", "query.servicePrincipalId", scope.ApplicationOwners(bad)),
		v("ReviewerQuery invalid UTF-8", "query", scope.ReviewerQuery(badUTF8)),
		v("Reviewer manager without root", "queryRoot", scope.Reviewer{Query: "./manager"}),
		v("Reviewer unknown root", "queryRoot", scope.Reviewer{Query: "./owners", QueryRoot: "instances"}),
		v("NotifyUser", "notificationRecipientScope.query.userId", scope.NotifyUser(bad)),
		v("NotifyGroupMembers", "notificationRecipientScope.query.groupId", scope.NotifyGroupMembers(bad)),
		v("NotificationRecipient unknown template", "notificationTemplateType", scope.NotificationRecipient{TemplateType: "Started", Scope: scope.NotifyUser(userID).Scope}),
		v("NotificationQueryScope ARM", "queryType", scope.NotificationQueryScope{Query: "/users/" + userID, QueryType: scope.QueryTypeARM}),
		v("NotificationQueryScope invalid UTF-8", "notificationRecipientScope.query", scope.NotificationRecipient{TemplateType: recipient, Scope: scope.NotificationQueryScope{Query: badUTF8}}),
		{pkg: "scope", name: "Validate nil", field: "", run: func(*testing.T, *env) error { return scope.Validate(nil) }},
		{pkg: "scope", name: "CheckQuery relative climb", field: "query", run: func(*testing.T, *env) error { return scope.CheckQuery("../users") }},
	}
}

// isBuilder reports whether v is made by a builder, which must refuse to
// encode a bad argument; wire types written as literals encode as they are.
func isBuilder(v validator) bool {
	switch v.(type) {
	case scope.QueryScope, scope.InactiveUsersScope, scope.PrincipalScope, scope.ResourceScope,
		scope.AccessPackageAssignmentPolicyScope, scope.Unknown, scope.Reviewer,
		scope.NotificationRecipient, scope.NotificationQueryScope,
		scope.PrincipalResourceMembershipsScope, scope.MembershipsScope, scope.InactiveScope:
		return false
	}
	return true
}

// recurrenceBadCases covers every recurrence builder and Validate's rules.
func recurrenceBadCases() []badCase {
	start := odata.Date{Year: 2025, Month: 3, Day: 10}
	v := func(name, field string, r recurrence.Recurrence) badCase {
		return badCase{pkg: "recurrence", name: name, field: field, run: func(*testing.T, *env) error { return r.Validate() }}
	}
	return []badCase{
		v("Weekly without start", "range.startDate", recurrence.Weekly()),
		v("Every zero", "pattern.interval", recurrence.Weekly().Every(0).StartingOn(start)),
		v("Every on a one-time review", "pattern.interval", recurrence.Once().Every(2).StartingOn(start)),
		v("OnDay on one-time", "pattern.dayOfMonth", recurrence.Once().OnDay(5).StartingOn(start)),
		v("Times zero", "range.numberOfOccurrences", recurrence.SemiAnnually().StartingOn(start).Times(0)),
		v("Times negative", "range.numberOfOccurrences", recurrence.Weekly().StartingOn(start).Times(-3)),
		v("EndingOn an invalid date", "range.endDate", recurrence.Quarterly().StartingOn(start).EndingOn(odata.Date{Year: 2025, Month: 4, Day: 31})),
		v("weekly without interval", "pattern.interval", recurrence.Recurrence{Pattern: &recurrence.Pattern{Type: recurrence.PatternWeekly}, Range: recurrence.Range{Type: recurrence.RangeNoEnd, StartDate: start}}),
		v("invalid start date", "range.startDate", recurrence.Annually().StartingOn(odata.Date{Year: 2025, Month: 2, Day: 30})),
		v("daily pattern", "pattern.type", recurrence.Recurrence{Pattern: &recurrence.Pattern{Type: recurrence.PatternDaily, Interval: 1}, Range: recurrence.Range{Type: recurrence.RangeNoEnd, StartDate: start}}),
		v("relative monthly pattern", "pattern.type", recurrence.Recurrence{Pattern: &recurrence.Pattern{Type: recurrence.PatternRelativeMonthly, Interval: 1}, Range: recurrence.Range{Type: recurrence.RangeNoEnd, StartDate: start}}),
		v("days of week", "pattern.daysOfWeek", recurrence.Recurrence{Pattern: &recurrence.Pattern{Type: recurrence.PatternWeekly, Interval: 1, DaysOfWeek: []recurrence.DayOfWeek{recurrence.Monday}}, Range: recurrence.Range{Type: recurrence.RangeNoEnd, StartDate: start}}),
		v("unknown range type", "range.type", recurrence.Recurrence{Pattern: &recurrence.Pattern{Type: recurrence.PatternWeekly, Interval: 1}, Range: recurrence.Range{Type: "forever", StartDate: start}}),
		v("end date range without end", "range.endDate", recurrence.Recurrence{Pattern: &recurrence.Pattern{Type: recurrence.PatternWeekly, Interval: 1}, Range: recurrence.Range{Type: recurrence.RangeEndDate, StartDate: start}}),
	}
}
