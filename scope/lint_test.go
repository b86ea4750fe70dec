package scope_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

// warned is one expected warning: its field and words of its problem.
type warned struct{ field, words string }

// assertWarnings checks ws against want, in order.
func assertWarnings(t *testing.T, ws []odata.Warning, want ...warned) {
	t.Helper()
	var got []string
	for _, w := range ws {
		got = append(got, w.String())
	}
	require.Len(t, ws, len(want), "warnings: %q", got)
	for i, w := range want {
		assert.Equal(t, w.field, ws[i].Field, "warning %d: %s", i, got[i])
		assert.Contains(t, ws[i].Problem, w.words, "warning %d", i)
	}
}

func TestLint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		s    scope.Scope
		want []warned
	}{
		{name: "nil", s: nil},
		{name: "builders", s: scope.Group(g1).TransitiveMembers().Guests().InactiveFor(30)},
		{name: "every documented query", s: scope.MembershipsOf(scope.AllUsers().Guests(), scope.Role(g2).ServicePrincipals()).
			In(scope.AllGroups(), scope.Team(g1).SharedChannels(), scope.AccessPackageAssignments(g1).Policy(g2).Catalog(g3))},
		{name: "builder ID not a GUID", s: scope.Group("1234").Members(), want: []warned{{"query.groupId", `"1234" is not a GUID`}}},
		{name: "access package IDs", s: scope.AccessPackageAssignments("p").Policy(g1).Catalog("c"),
			want: []warned{{"query.accessPackageId", "not a GUID"}, {"query.catalogId", "not a GUID"}}},
		{name: "zero inactivity", s: scope.EachGroup().Members().Users().InactiveFor(0),
			want: []warned{{"inactiveDuration", "is zero"}}},
		{name: "query of a builder", s: scope.QueryScope{Query: "/groups/" + g1 + "/transitiveMembers", QueryType: scope.QueryTypeMicrosoftGraph}},
		{name: "query as the service spells it", s: scope.QueryScope{Query: "/v1.0/groups/" + g1 + "/members/microsoft.graph.user/?$count=true&$filter=(userType+eq+'Guest')"}},
		{name: "truncated GUID in a query", s: scope.QueryScope{Query: "/groups/1234/transitiveMembers"},
			want: []warned{{"query.groupId", `"1234" is not a GUID`}}},
		{name: "typo in a query", s: scope.Query("/groups/" + g1 + "/transitiveMember"),
			want: []warned{{"query", `did you mean "/groups/` + g1 + `/transitiveMembers"?`}}},
		{name: "typo in a relative query", s: scope.Query("./memebers/microsoft.graph.user"),
			want: []warned{{"query", `did you mean "./members/microsoft.graph.user"?`}}},
		{name: "unknown query", s: scope.Query("/devices"), want: []warned{{"query", "not a scope query the builders make"}}},
		{name: "ARM query is not compared", s: scope.QueryScope{Query: "/subscriptions/x/resourceGroups", QueryType: scope.QueryTypeARM}},
		{name: "empty query", s: scope.QueryScope{}, want: []warned{{"query", "is empty"}}},
		{name: "shape problems", s: scope.Query("groups("), want: []warned{
			{"query", `must start with "/" or "./"`}, {"query", "unclosed '('"}}},
		{name: "the documentation's all-teams query", s: scope.Query("/groups?$filter=(groupTypes/any(c:c+eq+'Unified') and resourceProvisioningOptions/Any(x:x eq 'Team')')"),
			want: []warned{{"query", "never closed"}}},
		{name: "unknown type and root", s: scope.QueryScope{Query: "/users", QueryType: "SQL", QueryRoot: "nowhere"},
			want: []warned{{"queryType", `is "SQL"`}, {"queryRoot", `is "nowhere"`}}},
		{name: "inactive users wire scope", s: scope.InactiveUsersScope{Query: "./members/microsoft.graph.usr"}, want: []warned{
			{"query", `did you mean "./members/microsoft.graph.user"?`}, {"inactiveDuration", "is zero"}}},
		{name: "empty memberships", s: scope.MembershipsOf().In(), want: []warned{
			{"principalScopes", "covers no principals"}, {"resourceScopes", "covers no resources"}}},
		{name: "memberships of the wrong kinds", s: scope.PrincipalResourceMembershipsScope{
			PrincipalScopes: []scope.Scope{scope.ResourceScope{ResourceID: g1, ScopeType: scope.ResourceScopeTypeGroup}},
			ResourceScopes:  []scope.Scope{scope.PrincipalScope{}, scope.Group("x")},
		}, want: []warned{
			{"principalScopes[0]", "a resource scope selects no principals"},
			{"resourceScopes[0]", "a principal scope selects no resources"},
			{"resourceScopes[0].scopeType", "is empty"},
			{"resourceScopes[1].query.groupId", `"x" is not a GUID`},
		}},
		{name: "resource scope", s: scope.ResourceScope{ResourceID: "12"}, want: []warned{
			{"resourceId", "not a GUID"}, {"scopeType", "is empty"}}},
		{name: "access package policy scope", s: scope.AccessPackageAssignmentPolicyScope{AccessPackageID: "p"}, want: []warned{
			{"resourceId", "is empty"}, {"accessPackageId", "not a GUID"}}},
		{name: "unknown", s: scope.Unknown{Raw: []byte(`{"@odata.type":"#microsoft.graph.future"}`)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assertWarnings(t, scope.Lint(tt.s), tt.want...)
		})
	}
}

func TestReviewerLint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		r    scope.Reviewer
		want []warned
	}{
		{name: "builders", r: scope.User(g1)},
		{name: "managers", r: scope.Managers()},
		{name: "group owners", r: scope.GroupOwners()},
		{name: "owners of a group, filtered as the reviewers page shows",
			r: scope.ReviewerQuery("/groups/" + g1 + "/owners?$filter=microsoft.graph.user/userType eq 'Member'")},
		{name: "as the service returns it", r: scope.Reviewer{Query: "/v1.0/users/" + g2, QueryType: scope.QueryTypeMicrosoftGraph}},
		{name: "scope type alone", r: scope.Reviewer{ScopeType: scope.ReviewerScopeTypeManager}},
		{name: "manager misspelt", r: scope.Reviewer{Query: "./manger", QueryType: scope.QueryTypeMicrosoftGraph},
			want: []warned{{"query", `did you mean "./manager"?`}}},
		{name: "owners misspelt", r: scope.ReviewerQuery("/groups/" + g1 + "/owner"),
			want: []warned{{"query", `did you mean "/groups/` + g1 + `/owners"?`}}},
		{name: "truncated GUID", r: scope.ReviewerQuery("/users/1234"), want: []warned{{"query.userId", `"1234" is not a GUID`}}},
		{name: "builder with a name", r: scope.User("alice@contoso.com"), want: []warned{{"query.userId", "is not a GUID"}}},
		{name: "unknown query", r: scope.ReviewerQuery("/devices/x/registeredOwners"), want: []warned{{"query", "not a reviewer query"}}},
		{name: "empty", r: scope.Reviewer{}, want: []warned{{"query", "neither reviewerId nor scopeType"}}},
		{name: "reviewer ID", r: scope.Reviewer{ReviewerID: "bob", ScopeType: scope.ReviewerScopeTypeUser},
			want: []warned{{"reviewerId", `"bob" is not a GUID`}}},
		{name: "query type", r: scope.Reviewer{Query: "/users/" + g1, QueryType: "Graph"}, want: []warned{{"queryType", `is "Graph"`}}},
		{name: "relative path without the dot", r: scope.ReviewerQuery("manager"), want: []warned{{"query", `must start with "/" or "./"`}}},
		{name: "ARM is not compared", r: scope.Reviewer{Query: "/subscriptions/x/owners", QueryType: scope.QueryTypeARM}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assertWarnings(t, tt.r.Lint(), tt.want...)
		})
	}
}

func TestNotificationRecipientLint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		r    scope.NotificationRecipient
		want []warned
	}{
		{name: "user", r: scope.NotifyUser(g1)},
		{name: "group members", r: scope.NotifyGroupMembers(g2)},
		{name: "truncated GUID", r: scope.NotifyGroupMembers("12"),
			want: []warned{{"notificationRecipientScope.query.groupId", `"12" is not a GUID`}}},
		{name: "empty", r: scope.NotificationRecipient{}, want: []warned{
			{"notificationTemplateType", "CompletedAdditionalRecipients"}, {"notificationRecipientScope", "nobody"}}},
		{name: "typo", r: scope.NotificationRecipient{TemplateType: scope.NotificationTemplateTypeCompletedAdditionalRecipients,
			Scope: scope.NotificationQueryScope{Query: "/user/" + g1}},
			want: []warned{{"notificationRecipientScope.query", `did you mean "/users/` + g1 + `"?`}}},
		{name: "root", r: scope.NotificationRecipient{TemplateType: scope.NotificationTemplateTypeCompletedAdditionalRecipients,
			Scope: scope.NotificationQueryScope{Query: "/users/" + g1, QueryRoot: "x"}},
			want: []warned{{"notificationRecipientScope.queryRoot", `is "x"`}}},
		{name: "unknown scope type", r: scope.NotificationRecipient{TemplateType: scope.NotificationTemplateTypeCompletedAdditionalRecipients,
			Scope: scope.Unknown{Raw: []byte(`{}`)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assertWarnings(t, tt.r.Lint(), tt.want...)
		})
	}
}

// TestLintQuotesBoundedInput checks that a warning quotes at most a bounded
// prefix of a hostile query.
func TestLintQuotesBoundedInput(t *testing.T) {
	t.Parallel()
	ws := scope.Lint(scope.Query("/x" + strings.Repeat("y", 100000)))
	require.NotEmpty(t, ws)
	for _, w := range ws {
		assert.Less(t, len(w.Problem), 400)
	}
}
