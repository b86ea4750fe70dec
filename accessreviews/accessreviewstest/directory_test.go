package accessreviewstest

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/odata"
)

// TestGuestTutorialDirectorySteps runs steps 1–3 and the clean-up of the
// guest tutorial and checks the shapes it shows.
func TestGuestTutorialDirectorySteps(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithDirectory(GuestTutorialDirectory()))
	c, err := odata.NewClient(s.OptionsAs(GuestTutorialAdminID)...)
	require.NoError(t, err)
	ctx := t.Context()

	var aline map[string]any
	require.NoError(t, c.Do(ctx, &odata.Request{Method: "POST", Path: "users", Body: json.RawMessage(`{
		"accountEnabled": true, "displayName": "Aline Dupuy", "mailNickname": "AlineD",
		"userPrincipalName": "AlineD@contoso.com",
		"passwordProfile": {"forceChangePasswordNextSignIn": true, "password": "xWwvJ]6NMw+bWH-d"}}`)}, &aline))
	assert.Equal(t, "Aline Dupuy", aline["displayName"])
	assert.Equal(t, "AlineD@contoso.com", aline["userPrincipalName"])
	assert.Equal(t, "Member", aline["userType"])
	assert.Contains(t, aline["@odata.context"], "/v1.0/$metadata#users/$entity")
	alineID, _ := aline["id"].(string)
	assert.True(t, check.IsGUID(alineID))

	var inv struct {
		InvitedUser struct {
			ID string `json:"id"`
		} `json:"invitedUser"`
	}
	require.NoError(t, c.Do(ctx, &odata.Request{Method: "POST", Path: "invitations", Body: json.RawMessage(`{
		"invitedUserDisplayName": "John Doe (Tailspin Toys)", "invitedUserEmailAddress": "john@tailspintoys.com",
		"sendInvitationMessage": false, "inviteRedirectUrl": "https://myapps.microsoft.com"}`)}, &inv))
	john, ok := s.dir.user(inv.InvitedUser.ID)
	require.True(t, ok)
	assert.Equal(t, "Guest", john.UserType)
	assert.Equal(t, "john@tailspintoys.com", john.UserPrincipalName)

	var me map[string]any
	require.NoError(t, c.Do(ctx, &odata.Request{Method: "GET", Path: "me"}, &me))
	assert.Equal(t, GuestTutorialAdminID, me["id"])

	var group map[string]any
	require.NoError(t, c.Do(ctx, &odata.Request{Method: "POST", Path: "groups", Body: json.RawMessage(`{
		"description": "Feelgood Marketing Campaign with external partners and vendors.",
		"displayName": "Feelgood Marketing Campaign", "groupTypes": ["Unified"],
		"mailEnabled": true, "mailNickname": "FeelGoodCampaign", "securityEnabled": true,
		"owners@odata.bind": ["https://graph.microsoft.com/v1.0/users/` + GuestTutorialAdminID + `"],
		"members@odata.bind": ["https://graph.microsoft.com/v1.0/users/` + inv.InvitedUser.ID + `"]}`)}, &group))
	assert.Equal(t, []any{"Unified"}, group["groupTypes"])
	gid, _ := group["id"].(string)
	assert.Equal(t, []string{inv.InvitedUser.ID}, s.dir.members(gid, false))
	assert.Equal(t, []string{GuestTutorialAdminID}, s.dir.owners(gid))

	var groups struct {
		Value []map[string]any `json:"value"`
		Count int              `json:"@odata.count"`
	}
	require.NoError(t, c.Do(ctx, &odata.Request{Method: "GET", Path: "groups",
		Query: &odata.Query{Filter: odata.Any("groupTypes", "c", odata.Eq("c", "Unified"))}}, &groups))
	assert.Equal(t, 1, groups.Count, "%v", s.Requests()[len(s.Requests())-1].Query)

	for _, p := range []string{"groups/" + gid, "users/" + inv.InvitedUser.ID, "users/" + alineID} {
		require.NoError(t, c.Do(ctx, &odata.Request{Method: "DELETE", Path: p}, nil), p)
	}
	assert.Len(t, s.dir.allUsers(), 1)
	assert.Empty(t, s.dir.groups())
}

func TestDirectoryCreateRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, path, body, code string
	}{
		{"user without upn", "/v1.0/users", `{"accountEnabled":true,"displayName":"A","mailNickname":"a","passwordProfile":{"password":"x"}}`, codeDirBadRequest},
		{"user without password", "/v1.0/users", `{"accountEnabled":true,"displayName":"A","mailNickname":"a","userPrincipalName":"a@b.c"}`, codeDirBadRequest},
		{"duplicate upn", "/v1.0/users", `{"accountEnabled":true,"displayName":"A","mailNickname":"a","userPrincipalName":"AlexW@contoso.com","passwordProfile":{"password":"x"}}`, codeDirBadRequest},
		{"group unknown member", "/v1.0/groups", `{"displayName":"G","mailNickname":"g","mailEnabled":false,"securityEnabled":true,"members@odata.bind":["https://graph.microsoft.com/v1.0/users/00000000-0000-0000-0000-000000000001"]}`, codeDirBadRequest},
		{"group without nickname", "/v1.0/groups", `{"displayName":"G","mailEnabled":false,"securityEnabled":true}`, codeDirBadRequest},
		{"invitation without address", "/v1.0/invitations", `{"inviteRedirectUrl":"https://x"}`, codeBadRequest},
		{"empty body", "/v1.0/users", ``, codeBadRequest},
		{"invalid json", "/v1.0/users", `{`, codeBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newTestServer(t, WithDirectory(SelfReviewTutorialDirectory()))
			status, _, b := rawDo(t, s, "POST", tt.path, tt.body, true)
			assert.Equal(t, http.StatusBadRequest, status)
			assert.Equal(t, tt.code, decodeError(t, b).Error.Code)
		})
	}
}

func nestedDirectory() Directory {
	return Directory{
		Users: []User{{ID: "u1", UserType: "Member"}, {ID: "u2", UserType: "Guest"}, {ID: "u3"}},
		Groups: []Group{
			{ID: "g1", Members: []string{"u1", "g2"}, Owners: []string{"u3"}},
			{ID: "g2", Members: []string{"u2", "g3", "u1"}},
			{ID: "g3", Members: []string{"u3", "g1", "unknown"}}, // a cycle back to g1
		},
		ServicePrincipals: []ServicePrincipal{{ID: "sp1", AppID: "app1", Owners: []string{"u1"}}},
		Roles:             []Role{{ID: "r1", Members: []string{"u2"}, Eligible: []string{"u3"}}},
	}
}

func TestDirectoryMembers(t *testing.T) {
	t.Parallel()
	d := newDirectory(nestedDirectory())
	assert.Equal(t, []string{"u1"}, d.members("g1", false))
	assert.Equal(t, []string{"u1", "u2", "u3"}, d.members("g1", true))
	assert.Equal(t, []string{"u3"}, d.members("G3", false), "IDs are case-insensitive")
	assert.Nil(t, d.members("nope", true))
	assert.Equal(t, []string{"u3"}, d.owners("g1"))

	assert.True(t, d.removeMember("g2", "u1"))
	assert.False(t, d.removeMember("g2", "u1"), "a second removal changes nothing")
	assert.Equal(t, []string{"u2"}, d.members("g2", false))
	assert.True(t, d.addMember("g2", "u1"))
	assert.Equal(t, []string{"u2", "u1"}, d.members("g2", false))

	sp, ok := d.servicePrincipal("sp1")
	require.True(t, ok)
	assert.Equal(t, "app1", sp.AppID)
	r, ok := d.role("r1")
	require.True(t, ok)
	assert.Equal(t, []string{"u3"}, r.Eligible)

	assert.True(t, d.deleteUser("u1"))
	assert.Empty(t, d.owners("sp1"))
	sp, _ = d.servicePrincipal("sp1")
	assert.Empty(t, sp.Owners)
	assert.Equal(t, []string{"u2", "u3"}, d.members("g1", true))
	assert.True(t, d.deleteGroup("g2"))
	assert.Empty(t, d.members("g1", true))
	g, ok := d.group("g1")
	require.True(t, ok)
	assert.Empty(t, g.Members)
}

func TestDirectoryIDSetCompacts(t *testing.T) {
	t.Parallel()
	var s idSet
	for i := range 100 {
		s.add(largeGroupUserID(i))
	}
	for i := 0; i < 100; i += 2 {
		require.True(t, s.remove(largeGroupUserID(i)))
	}
	assert.Equal(t, 50, s.len())
	list := s.list()
	require.Len(t, list, 50)
	assert.Equal(t, largeGroupUserID(1), list[0])
	assert.True(t, s.has(largeGroupUserID(99)))
	assert.False(t, s.has(largeGroupUserID(98)))
}

func TestDirectoryEndpoints(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithDirectory(nestedDirectory()), WithPageSize(2))
	tests := []struct {
		path  string
		count int
	}{
		{"/v1.0/groups/g1/members", 2},
		{"/v1.0/groups/g1/transitiveMembers", 5},
		{"/v1.0/groups/g1/owners", 1},
		{"/v1.0/servicePrincipals/sp1/owners", 1},
		{"/v1.0/users?$filter=userType%20eq%20'Guest'", 1},
		{"/beta/users", 3},
	}
	for _, tt := range tests {
		status, _, b := rawDo(t, s, "GET", tt.path, "", true)
		require.Equal(t, http.StatusOK, status, tt.path)
		var page struct {
			Count int              `json:"@odata.count"`
			Value []map[string]any `json:"value"`
		}
		require.NoError(t, json.Unmarshal(b, &page))
		assert.Equal(t, tt.count, page.Count, tt.path)
		assert.LessOrEqual(t, len(page.Value), 2, tt.path)
	}
	status, _, _ := rawDo(t, s, "POST", "/v1.0/groups/g3/members/$ref", `{"@odata.id":"https://graph.microsoft.com/v1.0/directoryObjects/u2"}`, true)
	assert.Equal(t, http.StatusNoContent, status)
	status, _, _ = rawDo(t, s, "DELETE", "/v1.0/groups/g3/members/u2/$ref", "", true)
	assert.Equal(t, http.StatusNoContent, status)
	status, _, b := rawDo(t, s, "GET", "/v1.0/users/u2/manager", "", true)
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, codeDirNotFound, decodeError(t, b).Error.Code)
	status, _, b = rawDo(t, s, "GET", "/v1.0/servicePrincipals/sp1?$select=appId", "", true)
	assert.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `{"id":"sp1","appId":"app1","@odata.context":"`+s.URL+`/v1.0/$metadata#servicePrincipals/$entity"}`, string(b))
}

func TestLargeGroupDirectory(t *testing.T) {
	t.Parallel()
	d := LargeGroupDirectory(40)
	require.Len(t, d.Users, 41)
	require.Len(t, d.Groups, 1)
	assert.Len(t, d.Groups[0].Members, 40)
	guests, never := 0, 0
	for _, u := range d.Users {
		if u.UserType == "Guest" {
			guests++
		}
		if u.LastSignIn.IsZero() {
			never++
		}
	}
	assert.Equal(t, 4, guests)
	assert.Equal(t, 10, never)
	assert.Equal(t, d, LargeGroupDirectory(40), "deterministic")
	assert.True(t, check.IsGUID(largeGroupUserID(123456)))
}
