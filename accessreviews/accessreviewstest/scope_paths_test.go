package accessreviewstest

import (
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/scope"
)

// fxRole is a directory role of the fixture: fxMember holds it, fxNested is
// eligible for it.
const fxRole = "c0000000-0000-4000-8000-000000000001"

// The memberships and role scopes decide who gets a decision item; each case
// names exactly the principals (and, for memberships, the resources) it must
// select from the fixture tenant.
func TestScopesSelectThePrincipalsTheyDescribe(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		scope scope.Scope
		// want maps each principal to the resources of its items.
		want map[string][]string
	}{
		{
			name:  "inactive guests in every group",
			scope: scope.MembershipsOf(scope.AllUsers().Guests().InactiveFor(30)).In(scope.AllGroups()),
			want:  map[string][]string{fxGuestOld: {fxM365, fxTeam}},
		},
		{
			name:  "all guests in every group",
			scope: scope.MembershipsOf(scope.AllUsers().Guests()).In(scope.AllGroups()),
			want:  map[string][]string{fxGuestOld: {fxM365, fxTeam}, fxGuestNew: {fxM365}},
		},
		{
			name:  "all users in one group, nested members included",
			scope: scope.MembershipsOf(scope.AllUsers()).In(scope.Group(fxSec)),
			want:  map[string][]string{fxMember: {fxSec}, fxNested: {fxSec}},
		},
		{
			name:  "everyone holding or eligible for a role",
			scope: scope.Role(fxRole),
			want:  map[string][]string{fxMember: {fxRole}, fxNested: {fxRole}},
		},
		{
			name:  "active role holders",
			scope: scope.Role(fxRole).ActiveUsers(),
			want:  map[string][]string{fxMember: {fxRole}},
		},
		{
			name:  "users eligible for a role",
			scope: scope.Role(fxRole).EligibleUsers(),
			want:  map[string][]string{fxNested: {fxRole}},
		},
		{
			name:  "guests holding a role",
			scope: scope.MembershipsOf(scope.AllUsers().Guests()).In(scope.Role(fxRole)),
			want:  map[string][]string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := f2Directory()
			dir.Roles = append(dir.Roles, Role{ID: fxRole, DisplayName: "Helpdesk Administrator", Members: []string{fxMember}, Eligible: []string{fxNested}})
			s := NewServer(WithDirectory(dir))
			t.Cleanup(s.Close)
			def := f2OneTime(fxSec)
			def.Scope = tt.scope
			def.Reviewers = []scope.Reviewer{scope.User(fxAdmin)}
			created := f2Create(t, s, def)
			insts := f2Collect(t, s.Client().Instances.List(t.Context(), created.ID, nil))
			require.Len(t, insts, 1, "a review without an enumeration scope has one instance")

			got := map[string][]string{}
			for _, d := range f2Collect(t, s.Client().Decisions.List(t.Context(), created.ID, insts[0].ID, nil)) {
				assert.Equal(t, accessreviews.DecisionNotReviewed, d.Decision)
				res := ""
				if d.Resource.Value != nil {
					res = resourceID(d.Resource.Value)
				}
				got[d.PrincipalID()] = append(got[d.PrincipalID()], res)
			}
			for k := range got {
				slices.Sort(got[k])
			}
			assert.Equal(t, slices.Sorted(maps.Keys(tt.want)), slices.Sorted(maps.Keys(got)), "principals")
			for p, res := range tt.want {
				assert.Equal(t, res, got[p], "resources of %s", p)
			}
		})
	}
}

// resourceID returns the id of a decision item's resource.
func resourceID(r accessreviews.Resource) string {
	switch v := r.(type) {
	case accessreviews.BaseResource:
		return v.ID
	case *accessreviews.BaseResource:
		return v.ID
	}
	return "?"
}
