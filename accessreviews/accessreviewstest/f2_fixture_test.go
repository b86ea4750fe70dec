package accessreviewstest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// The fixture tenant of the review tests: two Microsoft 365 groups (one a
// team), a security group with a nested group, guests and members with
// various sign-ins, owners and managers.
const (
	fxAdmin    = "a0000000-0000-4000-8000-000000000001"
	fxOwner    = "a0000000-0000-4000-8000-000000000002"
	fxManager  = "a0000000-0000-4000-8000-000000000003"
	fxGuestOld = "a0000000-0000-4000-8000-000000000004" // guest, signed in 90 days ago
	fxGuestNew = "a0000000-0000-4000-8000-000000000005" // guest, signed in yesterday
	fxMember   = "a0000000-0000-4000-8000-000000000006" // member, yesterday, has a manager
	fxNested   = "a0000000-0000-4000-8000-000000000007" // member of the nested group only
	fxBackup   = "a0000000-0000-4000-8000-000000000008" // fallback reviewer

	fxM365   = "b0000000-0000-4000-8000-000000000001" // M365, owner fxOwner: both guests + member
	fxTeam   = "b0000000-0000-4000-8000-000000000002" // M365 team without owners: fxGuestOld
	fxSec    = "b0000000-0000-4000-8000-000000000003" // security: fxMember + group fxInner
	fxInner  = "b0000000-0000-4000-8000-000000000004" // nested in fxSec: fxNested
	fxNoGues = "b0000000-0000-4000-8000-000000000005" // M365 without guests: fxMember
)

func f2Directory() Directory {
	now := defaultStart
	return Directory{
		Users: []User{
			{ID: fxAdmin, DisplayName: "Admin", UserPrincipalName: "admin@contoso.com", UserType: "Member", LastSignIn: now.AddDate(0, 0, -1)},
			{ID: fxOwner, DisplayName: "Owner", UserPrincipalName: "owner@contoso.com", UserType: "Member", LastSignIn: now.AddDate(0, 0, -1)},
			{ID: fxManager, DisplayName: "Manager", UserPrincipalName: "manager@contoso.com", UserType: "Member", LastSignIn: now.AddDate(0, 0, -1)},
			{ID: fxGuestOld, DisplayName: "Old Guest", UserPrincipalName: "old@fabrikam.com", UserType: "Guest", LastSignIn: now.AddDate(0, 0, -90)},
			{ID: fxGuestNew, DisplayName: "New Guest", UserPrincipalName: "new@fabrikam.com", UserType: "Guest", LastSignIn: now.AddDate(0, 0, -1)},
			{ID: fxMember, DisplayName: "Member", UserPrincipalName: "member@contoso.com", UserType: "Member", LastSignIn: now.AddDate(0, 0, -1), ManagerID: fxManager},
			{ID: fxNested, DisplayName: "Nested", UserPrincipalName: "nested@contoso.com", UserType: "Member"},
			{ID: fxBackup, DisplayName: "Backup", UserPrincipalName: "backup@contoso.com", UserType: "Member", LastSignIn: now},
		},
		Groups: []Group{
			{ID: fxM365, DisplayName: "Marketing", GroupTypes: []string{"Unified"}, MailEnabled: true, SecurityEnabled: true,
				Members: []string{fxGuestOld, fxGuestNew, fxMember}, Owners: []string{fxOwner}},
			{ID: fxTeam, DisplayName: "Team", GroupTypes: []string{"Unified"}, IsTeam: true, Members: []string{fxGuestOld}},
			{ID: fxSec, DisplayName: "Security", SecurityEnabled: true, Members: []string{fxMember, fxInner}, Owners: []string{fxOwner}},
			{ID: fxInner, DisplayName: "Inner", SecurityEnabled: true, Members: []string{fxNested}},
			{ID: fxNoGues, DisplayName: "No guests", GroupTypes: []string{"Unified"}, Members: []string{fxMember}, Owners: []string{fxOwner}},
		},
		Roles: []Role{NewRole(RoleIdentityGovernanceAdministrator, fxAdmin)},
	}
}

// f2Fixture starts a server on the fixture directory.
func f2Fixture(t *testing.T, opts ...Option) *Server {
	t.Helper()
	s := NewServer(append([]Option{WithDirectory(f2Directory())}, opts...)...)
	t.Cleanup(s.Close)
	return s
}

// f2Today is the default clock's date.
var f2Today = odata.DateOf(defaultStart)

// f2Collect drains an iterator, failing the test on an error.
func f2Collect[T any](t *testing.T, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

// f2OneTime is a one-time review of a group's transitive members
// by the group's owners.
func f2OneTime(groupID string) *accessreviews.Definition {
	return &accessreviews.Definition{
		DisplayName:             "One-time review",
		DescriptionForAdmins:    "test",
		DescriptionForReviewers: "test",
		Scope:                   scope.Group(groupID).TransitiveMembers(),
		Reviewers:               []scope.Reviewer{scope.OwnersOfGroup(groupID)},
		FallbackReviewers:       []scope.Reviewer{scope.User(fxBackup)},
		Settings: accessreviews.Settings{
			InstanceDurationInDays: 7,
			RecommendationsEnabled: true,
			Recurrence:             recurrence.Once().StartingOn(f2Today),
		},
	}
}

// f2Create creates def as the admin and returns it.
func f2Create(t *testing.T, s *Server, def *accessreviews.Definition) *accessreviews.Definition {
	t.Helper()
	out, err := s.ClientAs(fxAdmin).Definitions.Create(context.Background(), def)
	require.NoError(t, err)
	return out
}

// f2ByPrincipal lists an instance's items keyed by principal ID.
func f2ByPrincipal(t *testing.T, c *accessreviews.Client, def accessreviews.DefinitionID, inst accessreviews.InstanceID) map[string]accessreviews.DecisionItem {
	t.Helper()
	out := make(map[string]accessreviews.DecisionItem)
	for _, d := range f2Collect(t, c.Decisions.List(context.Background(), def, inst, nil)) {
		out[d.PrincipalID()] = d
	}
	return out
}

// f2MineByPrincipal lists the items c's signed-in reviewer reviews
// (filterByCurrentUser: a reviewer without a directory role reads only
// their own items), keyed by principal ID.
func f2MineByPrincipal(t *testing.T, c *accessreviews.Client, def accessreviews.DefinitionID, inst accessreviews.InstanceID) map[string]accessreviews.DecisionItem {
	t.Helper()
	out := make(map[string]accessreviews.DecisionItem)
	for _, d := range f2Collect(t, c.Decisions.ListForCurrentUser(context.Background(), def, inst, nil)) {
		out[d.PrincipalID()] = d
	}
	return out
}

// f2Day is one day.
const f2Day = 24 * time.Hour
