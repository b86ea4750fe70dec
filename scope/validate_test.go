package scope_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

// TestWireTypeValidate checks Validate on the wire types, as written by
// hand or decoded from the service.
func TestWireTypeValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		s      scope.Scope
		fields []string // nil: valid
	}{
		{name: "query scope", s: scope.QueryScope{Query: "/users", QueryType: scope.QueryTypeMicrosoftGraph}},
		{name: "query scope without type", s: scope.QueryScope{Query: "/users"}},
		{name: "ARM query", s: scope.QueryScope{Query: "/subscriptions/x", QueryType: scope.QueryTypeARM}},
		{name: "empty query", s: scope.QueryScope{}, fields: []string{"query"}},
		{name: "bad type and root", s: scope.QueryScope{Query: "/users", QueryType: "Graph", QueryRoot: "root"}, fields: []string{"queryType", "queryRoot"}},
		{name: "inactive", s: scope.InactiveUsersScope{Query: "./members", InactiveDuration: odata.Days(30)}},
		{name: "inactive zero", s: scope.InactiveUsersScope{Query: "./members"}, fields: []string{"inactiveDuration"}},
		{name: "inactive months", s: scope.InactiveUsersScope{Query: "./members", InactiveDuration: odata.Duration{Months: 1}}, fields: []string{"inactiveDuration"}},
		{name: "inactive hours", s: scope.InactiveUsersScope{Query: "./members", InactiveDuration: odata.Duration{Days: 1, Time: time.Hour}}, fields: []string{"inactiveDuration"}},
		{name: "inactive negative", s: scope.InactiveUsersScope{Query: "x", InactiveDuration: odata.Days(-1)}, fields: []string{"query", "inactiveDuration"}},
		{name: "principal scope", s: scope.PrincipalScope{ScopeType: scope.PrincipalScopeTypeGuestUsers}},
		{name: "principal scope, future value", s: scope.PrincipalScope{ScopeType: "robots"}},
		{name: "principal scope empty", s: scope.PrincipalScope{}, fields: []string{"scopeType"}},
		{name: "resource scope", s: scope.ResourceScope{ResourceID: g1, ScopeType: scope.ResourceScopeTypeGroup}},
		{name: "resource scope empty", s: scope.ResourceScope{}, fields: []string{"resourceId", "scopeType"}},
		{name: "policy scope", s: scope.AccessPackageAssignmentPolicyScope{ResourceID: g1, AccessPackageID: g2, CatalogID: g3}},
		{name: "policy scope typed", s: scope.AccessPackageAssignmentPolicyScope{ResourceID: g1, ScopeType: scope.ResourceScopeTypeAccessPackageAssignmentPolicy}},
		{
			name:   "policy scope bad",
			s:      scope.AccessPackageAssignmentPolicyScope{ResourceID: "p", ScopeType: scope.ResourceScopeTypeGroup, AccessPackageID: "a", CatalogID: "c"},
			fields: []string{"resourceId", "scopeType", "accessPackageId", "catalogId"},
		},
		{
			name: "memberships",
			s: scope.PrincipalResourceMembershipsScope{
				PrincipalScopes: []scope.Scope{scope.InactiveUsersScope{Query: "/users", InactiveDuration: odata.Days(30)}, scope.PrincipalScope{ScopeType: scope.PrincipalScopeTypeAllUsers}},
				ResourceScopes:  []scope.Scope{scope.QueryScope{Query: "/groups"}, scope.ResourceScope{ResourceID: g1, ScopeType: scope.ResourceScopeTypeGroup}, scope.Unknown{Raw: []byte(`{}`)}},
			},
		},
		{
			name: "memberships nested problems",
			s: scope.PrincipalResourceMembershipsScope{
				PrincipalScopes: []scope.Scope{scope.QueryScope{Query: "/users"}, scope.InactiveUsersScope{Query: "/users?$filter=(userType eq 'Guest')", InactiveDuration: odata.Duration{Time: time.Hour}}},
				ResourceScopes:  []scope.Scope{scope.InactiveUsersScope{Query: "/groups", InactiveDuration: odata.Days(1)}, scope.AccessPackageAssignmentPolicyScope{}},
			},
			fields: []string{"principalScopes[1].inactiveDuration", "resourceScopes[0]", "resourceScopes[1].resourceId"},
		},
		{name: "memberships empty", s: scope.PrincipalResourceMembershipsScope{}, fields: []string{"principalScopes", "resourceScopes"}},
		{name: "unknown", s: scope.Unknown{Raw: []byte(`{"@odata.type":"#x"}`)}},
		{name: "unknown not an object", s: scope.Unknown{Raw: []byte(`null`)}, fields: []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := scope.Validate(tt.s)
			if tt.fields == nil {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, odata.ErrInvalid)
			assert.Equal(t, tt.fields, fieldNames(err))
		})
	}
}

// TestWireTypesEncodeWhatTheyHold checks that a wire value is encoded even
// when invalid (it may have come from the service), unlike a builder, while
// Query (a builder) refuses.
func TestWireTypesEncodeWhatTheyHold(t *testing.T) {
	t.Parallel()
	typo := "/groups?$filter=(groupTypes/any(c:c+eq+'Unified') and resourceProvisioningOptions/Any(x:x eq 'Team')')"
	b, err := scope.QueryScope{Query: typo, QueryType: scope.QueryTypeMicrosoftGraph}.MarshalJSON()
	require.NoError(t, err)
	assert.Contains(t, string(b), typo)

	_, err = scope.Query(typo).MarshalJSON()
	assert.ErrorIs(t, err, odata.ErrInvalid)

	_, err = scope.InactiveUsersScope{Query: "/users", InactiveDuration: odata.Days(-1)}.MarshalJSON()
	assert.Error(t, err, "a negative duration cannot be written")

	_, err = scope.PrincipalResourceMembershipsScope{PrincipalScopes: []scope.Scope{scope.Group("x")}}.MarshalJSON()
	assert.ErrorIs(t, err, odata.ErrInvalid, "an invalid builder inside is still refused")
}

func TestCheckQuery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		q        string
		problems []string // substrings, one per expected problem, in order
	}{
		{name: "path", q: "/users"},
		{name: "relative", q: "./manager"},
		{name: "filter", q: "/groups?$filter=(groupTypes/any(c:c eq 'Unified') and resourceProvisioningOptions/Any(x:x eq 'Team'))"},
		{name: "escaped quote", q: "/users?$filter=(surname eq 'O''Brien')"},
		{name: "parenthesis in literal", q: "/users?$filter=(displayName eq 'a(b')"},
		{name: "unicode", q: "/users?$filter=(city eq 'Zürich')"},
		{name: "longest allowed", q: "/" + strings.Repeat("a", scope.MaxQueryLength-1)},
		{name: "empty", q: "", problems: []string{"is required"}},
		{name: "no slash", q: "users", problems: []string{`must start with "/" or "./"`}},
		{name: "dot without slash", q: ".members", problems: []string{`must start with "/" or "./"`}},
		{name: "protocol relative", q: "//evil.example/users", problems: []string{`must not start with "//"`}},
		{name: "newline", q: "/users\n/x", problems: []string{"control character at byte 6"}},
		{name: "delete", q: "/users\x7f", problems: []string{"control character"}},
		{name: "invalid utf-8", q: "/users/\xff", problems: []string{"not valid UTF-8"}},
		{name: "unclosed parenthesis", q: "/groups?$filter=((a eq 'b')", problems: []string{"1 unclosed '('"}},
		{name: "stray parenthesis", q: "/groups?$filter=(a eq 'b'))", problems: []string{"')' without a matching '(' at byte 26"}},
		{name: "unclosed literal", q: "/groups?$filter=(a eq 'b)", problems: []string{"string literal opened at byte 22"}},
		{name: "documentation's all-teams typo", q: "/groups?$filter=(groupTypes/any(c:c eq 'Unified') and resourceProvisioningOptions/Any(x:x eq 'Team')')", problems: []string{"string literal opened"}},
		{name: "too long", q: "/" + strings.Repeat("a", scope.MaxQueryLength), problems: []string{"more than the 2048 allowed"}},
		{
			name:     "every problem at once",
			q:        "users)(\t'",
			problems: []string{`must start with`, "control character", "')' without", "string literal opened"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := scope.CheckQuery(tt.q)
			if len(tt.problems) == 0 {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, odata.ErrInvalid)
			fields := fieldNames(err)
			require.Len(t, fields, len(tt.problems), err.Error())
			for i, line := range strings.Split(err.Error(), "\n") {
				assert.Equal(t, "query", fields[i])
				assert.Contains(t, line, tt.problems[i])
			}
		})
	}
}

// TestCheckQueryShortensHugeInput checks that an error message quotes at
// most a bounded prefix of a hostile query.
func TestCheckQueryShortensHugeInput(t *testing.T) {
	t.Parallel()
	err := scope.CheckQuery(strings.Repeat("x", 100000))
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 400)
}
