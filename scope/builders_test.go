package scope_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

const (
	g1 = "11111111-1111-4111-8111-111111111111"
	g2 = "22222222-2222-4222-8222-222222222222"
	g3 = "33333333-3333-4333-8333-333333333333"
)

// TestBuilderQueries checks the query and wire type of builder forms the
// conformance files do not cover.
func TestBuilderQueries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		s        scope.Scope
		typ      string
		query    string
		duration string
	}{
		{name: "group", s: scope.Group(g1), query: "/groups/" + g1},
		{name: "group direct users", s: scope.Group(g1).Members().Users(), query: "/groups/" + g1 + "/members/microsoft.graph.user"},
		{name: "group direct guests", s: scope.Group(g1).Members().Guests(), query: "/groups/" + g1 + "/members/?$filter=(userType eq 'Guest')"},
		{name: "each group transitive", s: scope.EachGroup().TransitiveMembers(), query: "./transitiveMembers"},
		{name: "each group members", s: scope.EachGroup().Members(), query: "./members"},
		{name: "guests then users", s: scope.EachGroup().Members().Guests().Users(), query: "./members/microsoft.graph.user/?$filter=(userType eq 'Guest')"},
		{name: "all groups", s: scope.AllGroups(), query: "/groups"},
		{name: "all users", s: scope.AllUsers(), query: "/users"},
		{name: "all guests", s: scope.AllUsers().Guests(), query: "/users?$filter=(userType eq 'Guest')"},
		{name: "inactive users", s: scope.AllUsers().InactiveFor(90), typ: "#microsoft.graph.accessReviewInactiveUsersQueryScope", query: "/users", duration: "P90D"},
		{name: "inactive one day", s: scope.Group(g1).Members().InactiveFor(1), typ: "#microsoft.graph.accessReviewInactiveUsersQueryScope", query: "/groups/" + g1 + "/members", duration: "P1D"},
		{name: "package only", s: scope.AccessPackageAssignments(g1), query: "/identityGovernance/entitlementManagement/accessPackageAssignments?$filter=(accessPackageId eq '" + g1 + "')"},
		{name: "package and catalog", s: scope.AccessPackageAssignments(g1).Catalog(g3), query: "/identityGovernance/entitlementManagement/accessPackageAssignments?$filter=(accessPackageId eq '" + g1 + "' and catalogId eq '" + g3 + "')"},
		{name: "catalog before policy keeps the order", s: scope.AccessPackageAssignments(g1).Catalog(g3).Policy(g2), query: "/identityGovernance/entitlementManagement/accessPackageAssignments?$filter=(accessPackageId eq '" + g1 + "' and assignmentPolicyId eq '" + g2 + "' and catalogId eq '" + g3 + "')"},
		{name: "service principal", s: scope.ServicePrincipal(g2), query: "/servicePrincipals/" + g2},
		{name: "shared channels", s: scope.Team(g1).SharedChannels(), query: "/teams/" + g1 + "/channels?$filter=(membershipType eq 'shared')"},
		{name: "raw query", s: scope.Query("/groups/" + g1 + "/owners"), query: "/groups/" + g1 + "/owners"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.NoError(t, tt.s.Validate())
			b, err := marshalWire(tt.s)
			require.NoError(t, err)
			var got struct {
				Type     string `json:"@odata.type"`
				Query    string `json:"query"`
				Kind     string `json:"queryType"`
				Duration string `json:"inactiveDuration"`
			}
			require.NoError(t, unmarshalWire(b, &got))
			typ := tt.typ
			if typ == "" {
				typ = "#microsoft.graph.accessReviewQueryScope"
			}
			assert.Equal(t, typ, got.Type)
			assert.Equal(t, tt.query, got.Query)
			assert.Equal(t, "MicrosoftGraph", got.Kind)
			assert.Equal(t, tt.duration, got.Duration)
		})
	}
}

// TestFilterLiteralIDsAreEscaped checks that an ID a builder puts into a
// $filter literal reaches the query percent-encoded where a raw character
// would change the URL (a control character, "%", "&", "#", "+"), that the
// query then passes CheckQuery, and that it decodes to the same builder
// value.
func TestFilterLiteralIDsAreEscaped(t *testing.T) {
	t.Parallel()
	const prefix = "/identityGovernance/entitlementManagement/accessPackageAssignments?$filter=(accessPackageId eq "
	tests := []struct {
		name, id, literal string
	}{
		{"delete", "\x7f", "'%7F'"},
		{"newline", "a\nb", "'a%0Ab'"},
		{"percent", "50%", "'50%25'"},
		{"ampersand", "a&$top=1", "'a%26$top=1'"},
		{"hash", "a#b", "'a%23b'"},
		{"plus", "a+b", "'a%2Bb'"},
		{"quote", "o'brien", "'o''brien'"},
		{"guid", g1, "'" + g1 + "'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := scope.AccessPackageAssignments(tt.id)
			raw, err := marshalWire(s)
			require.NoError(t, err)
			var got struct{ Query string }
			require.NoError(t, unmarshalWire(raw, &got))
			assert.Equal(t, prefix+tt.literal+")", got.Query)
			assert.NoError(t, scope.CheckQuery(got.Query))
			assert.Equal(t, s, decodeQuery(t, got.Query), "%q decodes to the builder value", got.Query)
		})
	}
}

// TestBuildersAreImmutable checks that extending a builder never changes
// the value it was extended from.
func TestBuildersAreImmutable(t *testing.T) {
	t.Parallel()
	members := scope.EachGroup().Members()
	users := members.Users()
	guests := users.Guests()
	inactive := guests.InactiveFor(30)
	assert.Equal(t, "./members", queryOf(t, members))
	assert.Equal(t, "./members/microsoft.graph.user", queryOf(t, users))
	assert.Equal(t, "./members/microsoft.graph.user/?$filter=(userType eq 'Guest')", queryOf(t, guests))
	assert.Equal(t, queryOf(t, guests), queryOf(t, inactive))

	pkg := scope.AccessPackageAssignments(g1)
	withPolicy := pkg.Policy(g2)
	withCatalog := pkg.Catalog(g3)
	assert.NotContains(t, queryOf(t, pkg), "assignmentPolicyId")
	assert.NotContains(t, queryOf(t, withCatalog), "assignmentPolicyId")
	assert.NotContains(t, queryOf(t, withPolicy), "catalogId")

	principals := []scope.Scope{scope.AllUsers()}
	base := scope.MembershipsOf(principals...)
	principals[0] = scope.AllGroups() // the builder took a copy
	inGroups := base.In(scope.AllGroups())
	inRole := base.In(scope.Role(g1))
	both := inGroups.In(scope.Role(g2))
	assert.Equal(t, []scope.Scope{scope.AllUsers()}, base.Principals())
	assert.Empty(t, base.Resources())
	assert.Equal(t, []scope.Scope{scope.AllGroups()}, inGroups.Resources())
	assert.Equal(t, []scope.Scope{scope.Role(g1)}, inRole.Resources())
	assert.Equal(t, []scope.Scope{scope.AllGroups(), scope.Role(g2)}, both.Resources())
	got := both.Resources()
	got[0] = nil // the accessor returns a copy
	assert.Equal(t, scope.AllGroups(), both.Resources()[0])
}

// TestBuilderAccessors checks what the builders report about themselves.
func TestBuilderAccessors(t *testing.T) {
	t.Parallel()
	m := scope.Group(g1).TransitiveMembers().Users().Guests()
	assert.Equal(t, g1, m.GroupID())
	assert.False(t, m.EachGroup())
	assert.True(t, m.Transitive())
	assert.True(t, m.OnlyUsers())
	assert.True(t, m.OnlyGuests())
	each := scope.EachGroup().Members()
	assert.True(t, each.EachGroup())
	assert.False(t, each.Transitive() || each.OnlyUsers() || each.OnlyGuests())

	in := scope.AllUsers().Guests().InactiveFor(14)
	assert.Equal(t, scope.AllUsers().Guests(), in.Of())
	assert.Equal(t, odata.Days(14), in.Duration())
	assert.True(t, scope.AllUsers().Guests().OnlyGuests())

	assert.Equal(t, g1, scope.Group(g1).ID())
	assert.Equal(t, g2, scope.Role(g2).ID())
	assert.Equal(t, g2, scope.Role(g2).EligibleUsers().RoleID())
	assert.True(t, scope.Role(g2).EligibleUsers().Eligible())
	assert.False(t, scope.Role(g2).ActiveUsers().Eligible())
	assert.Equal(t, g3, scope.AccessPackageAssignments(g3).PackageID())
	assert.Equal(t, g1, scope.ServicePrincipal(g1).ID())
	assert.Equal(t, g1, scope.Team(g1).SharedChannels().TeamID())
}

// TestBuilderErrors checks that bad arguments are all reported, with their
// field paths, and that such a builder refuses to encode.
// queryOf encodes s and returns its query.
func queryOf(t *testing.T, s scope.Scope) string {
	t.Helper()
	b, err := marshalWire(s)
	require.NoError(t, err)
	var v struct{ Query string }
	require.NoError(t, unmarshalWire(b, &v))
	return v.Query
}
