package accessreviewstest

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fake reads scope queries itself; these are the documents' query
// forms (scopes concept page, create-definition examples, tutorials),
// evaluated over the fixture tenant.
func TestScopeQueriesAreReadByTheFake(t *testing.T) {
	t.Parallel()
	const fxRole = "c0000000-0000-4000-8000-000000000001"
	dir := f2Directory()
	dir.Roles = append(dir.Roles, Role{ID: fxRole, DisplayName: "Helpdesk Administrator", Members: []string{fxMember}, Eligible: []string{fxNested}})
	s := NewServer(WithDirectory(dir))
	t.Cleanup(s.Close)
	tests := []struct {
		name  string
		scope scopeJSON
		group string
		want  []string
	}{
		{"transitive members", scopeJSON{Query: "/groups/" + fxSec + "/transitiveMembers"}, "", []string{fxMember, fxNested}},
		{"direct members", scopeJSON{Query: "/groups/" + fxSec + "/members"}, "", []string{fxMember}},
		{"with the version, as responses show it", scopeJSON{Query: "/v1.0/groups/" + fxSec + "/transitiveMembers"}, "", []string{fxMember, fxNested}},
		{"guests, cast and $count", scopeJSON{Query: "/groups/" + fxM365 + "/transitiveMembers/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')"},
			"", []string{fxGuestOld, fxGuestNew}},
		{"guests, escaped", scopeJSON{Query: "/groups/" + fxM365 + "/members?$filter=%28userType%20eq%20%27Guest%27%29"}, "", []string{fxGuestOld, fxGuestNew}},
		{"members, not guests", scopeJSON{Query: "/groups/" + fxM365 + "/members/microsoft.graph.user?$filter=userType ne 'Guest'"}, "", []string{fxMember}},
		{"relative to the instance's group", scopeJSON{Query: "./members/microsoft.graph.user/?$filter=(userType eq 'Guest')"}, fxM365,
			[]string{fxGuestOld, fxGuestNew}},
		{"inactive guests", scopeJSON{ODataType: "#microsoft.graph.accessReviewInactiveUsersQueryScope", InactiveDuration: "P30D",
			Query: "./members/microsoft.graph.user/?$filter=(userType eq 'Guest')"}, fxM365, []string{fxGuestOld}},
		{"inactive for a year", scopeJSON{ODataType: "#microsoft.graph.accessReviewInactiveUsersQueryScope", InactiveDuration: "P1Y",
			Query: "/groups/" + fxM365 + "/members"}, "", nil},
		{"everyone holding or eligible for a role", scopeJSON{Query: "/roleManagement/directory/roleDefinitions/" + fxRole}, "", []string{fxMember, fxNested}},
		{"active users of a role", scopeJSON{Query: "/roleManagement/directory/roleAssignmentScheduleInstances?$expand=principal&$filter=(assignmentType eq 'Assigned' and isof(principal,'microsoft.graph.user') and roleDefinitionId eq '" + fxRole + "')"},
			"", []string{fxMember}},
		{"eligible users of a role", scopeJSON{Query: "/roleManagement/directory/roleEligibilityScheduleInstances?$expand=principal&$filter=(isof(principal,'microsoft.graph.user') and roleDefinitionId eq '" + fxRole + "')"},
			"", []string{fxNested}},
		{"service principals of a role", scopeJSON{Query: "/roleManagement/directory/roleAssignmentScheduleInstances?$expand=principal&$filter=(isof(principal,'microsoft.graph.servicePrincipal') and roleDefinitionId eq '" + fxRole + "')"},
			"", nil},
		{"inactive guests of every group", scopeJSON{ODataType: "#microsoft.graph.principalResourceMembershipsScope",
			PrincipalScopes: []scopeJSON{{ODataType: "#microsoft.graph.accessReviewInactiveUsersQueryScope", Query: "/users?$filter=(userType eq 'Guest')", InactiveDuration: "P30D"}},
			ResourceScopes:  []scopeJSON{{ODataType: "#microsoft.graph.accessReviewQueryScope", Query: "/groups"}}}, "", []string{fxGuestOld, fxGuestOld}},
		{"guests of Microsoft 365 groups, by principal scope type", scopeJSON{ODataType: "#microsoft.graph.principalResourceMembershipsScope",
			PrincipalScopes: []scopeJSON{{ODataType: "#microsoft.graph.accessReviewPrincipalScope", ScopeType: "guestUsers"}},
			ResourceScopes:  []scopeJSON{{Query: "/groups?$filter=(groupTypes/any(c:c eq 'Unified'))"}}}, "", []string{fxGuestOld, fxGuestNew, fxGuestOld}},
		{"users of a resource scope group", scopeJSON{ODataType: "#microsoft.graph.principalResourceMembershipsScope",
			PrincipalScopes: []scopeJSON{{Query: "/users"}},
			ResourceScopes:  []scopeJSON{{ODataType: "#microsoft.graph.accessReviewResourceScope", ScopeType: "group", ResourceID: fxSec}}}, "", []string{fxMember, fxNested}},
		{"access package assignments are not modelled", scopeJSON{Query: "/identityGovernance/entitlementManagement/accessPackageAssignments?$filter=(accessPackageId eq 'p')"}, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s.ar.mu.Lock()
			refs := s.ar.principals(&tt.scope, tt.group, defaultStart)
			s.ar.mu.Unlock()
			var got []string
			for _, p := range refs {
				got = append(got, p.id)
			}
			slices.Sort(got)
			assert.Equal(t, slices.Sorted(slices.Values(tt.want)), got)
		})
	}
}

func TestEnumerationScopesAreReadByTheFake(t *testing.T) {
	t.Parallel()
	s := f2Fixture(t)
	for name, tc := range map[string]struct {
		query string
		want  []string
	}{
		"all Microsoft 365 groups": {"/groups?$filter=(groupTypes/any(c:c+eq+'Unified'))&$count=true", []string{fxM365, fxTeam, fxNoGues}},
		"all teams, with the document's stray quote": {"/groups?$filter=(groupTypes/any(c:c+eq+'Unified') and resourceProvisioningOptions/Any(x:x eq 'Team')')",
			[]string{fxTeam}},
		"one group": {"/groups/" + fxSec, []string{fxSec}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := s.ar.enumerate(&scopeJSON{Query: tc.query})
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestScopeQueryParseErrors(t *testing.T) {
	t.Parallel()
	for _, q := range []string{"groups/x/members", "", "/", "/groups?$filter=(a eq", "/groups?$filter=%zz"} {
		_, err := parseScopeQuery(q)
		require.Error(t, err, q)
	}
}
