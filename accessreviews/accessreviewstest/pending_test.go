package accessreviewstest

import (
	"encoding/json/v2"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
)

// TestPendingInstancesAsTheTutorialShows calls GET
// /beta/me/pendingAccessReviewInstances and /beta/users/{id}/… over raw
// HTTP after the self-review tutorial's steps 1–3 and compares the answer
// with the tutorial's step 5 response (conformance
// responses/pending-instances.me.beta.json): same members, same shape.
func TestPendingInstancesAsTheTutorialShows(t *testing.T) {
	t.Parallel()
	s := NewServer(WithDirectory(SelfReviewTutorialDirectory()))
	t.Cleanup(s.Close)
	groupID, defID := selfReviewSteps1to3(t, s)

	get := func(path, token string) (int, map[string]any) {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL+path, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var out map[string]any
		require.NoError(t, json.UnmarshalRead(resp.Body, &out))
		return resp.StatusCode, out
	}
	status, page := get("/beta/me/pendingAccessReviewInstances", s.UserToken(SelfReviewAlexID))
	require.Equal(t, http.StatusOK, status, page)

	doc, err := os.ReadFile("testdata/pending-instances.me.beta.json")
	require.NoError(t, err)
	var want map[string]any
	require.NoError(t, json.Unmarshal(doc, &want))
	assert.Equal(t, s.URL+"/beta/$metadata#users('"+SelfReviewAlexID+"')/pendingAccessReviewInstances", page["@odata.context"])
	assert.Equal(t, want["@odata.count"], page["@odata.count"])
	items, _ := page["value"].([]any)
	require.Len(t, items, 1)
	got := items[0].(map[string]any)
	wantItem := want["value"].([]any)[0].(map[string]any)
	for k := range wantItem {
		assert.Contains(t, got, k, "the tutorial's member %s", k)
	}
	assert.Equal(t, defID, got["id"], "a one-time review's instance has the definition's ID")
	assert.Equal(t, "InProgress", got["status"])
	sc := got["scope"].(map[string]any)
	assert.Equal(t, "/groups/"+groupID+"/transitiveMembers", sc["query"])
	assert.Equal(t, "MicrosoftGraph", sc["queryType"])

	status, page = get("/beta/users/"+SelfReviewAllanID+"/pendingAccessReviewInstances", s.AppToken())
	require.Equal(t, http.StatusOK, status)
	assert.Len(t, page["value"], 1, "an application reads a user's pending reviews")
	status, page = get("/beta/users/AllanD@contoso.com/pendingAccessReviewInstances", s.UserToken(SelfReviewAllanID))
	require.Equal(t, http.StatusOK, status, "by user principal name")
	assert.Len(t, page["value"], 1)
	status, _ = get("/beta/users/"+SelfReviewAllanID+"/pendingAccessReviewInstances", s.UserToken(SelfReviewAlexID))
	assert.Equal(t, http.StatusForbidden, status, "a user reads only their own")
	status, page = get("/beta/me/pendingAccessReviewInstances", s.UserToken(SelfReviewOwnerID))
	require.Equal(t, http.StatusOK, status)
	assert.Empty(t, page["value"], "the owner reviews nothing in a self-review")
	status, _ = get("/beta/me/pendingAccessReviewInstances", s.AppToken())
	assert.Equal(t, http.StatusBadRequest, status, "/me needs a signed-in user")
	status, _ = get("/v1.0/me/pendingAccessReviewInstances", s.UserToken(SelfReviewAlexID))
	assert.Equal(t, http.StatusBadRequest, status, "beta only")

	// Once the review ends, nothing is pending.
	s.Clock().Advance(400 * f2Day)
	_, page = get("/beta/me/pendingAccessReviewInstances", s.UserToken(SelfReviewAlexID))
	assert.Empty(t, page["value"])
}

// selfReviewSteps1to3 runs the self-review tutorial's steps 1 and 2 as its
// administrator (the group, the one-time self-review) and returns the IDs.
func selfReviewSteps1to3(t *testing.T, s *Server) (groupID, defID string) {
	t.Helper()
	admin, err := odata.NewClient(append(s.OptionsAs(SelfReviewAdminID), odata.WithAPIVersion(odata.Beta))...)
	require.NoError(t, err)
	group := f2Do(t, admin, "POST", "groups", `{"description": "Building security group", "displayName": "Building security group",
		"groupTypes": [], "mailEnabled": false, "mailNickname": "buildingsecurity", "securityEnabled": true,
		"owners@odata.bind": ["https://graph.microsoft.com/beta/users/`+SelfReviewOwnerID+`",
			"https://graph.microsoft.com/beta/users/`+SelfReviewAdminID+`"],
		"members@odata.bind": ["https://graph.microsoft.com/beta/users/`+SelfReviewAlexID+`",
			"https://graph.microsoft.com/beta/users/`+SelfReviewAllanID+`"]}`)
	groupID, _ = group["id"].(string)
	body := strings.NewReplacer("{group}", groupID, "{start}", f2Today.String(), "{end}", f2Today.AddMonths(12).String()).Replace(selfReviewDefinition)
	created := f2Do(t, admin, "POST", "identityGovernance/accessReviews/definitions", body)
	defID, _ = created["id"].(string)
	require.NotEmpty(t, defID)
	return groupID, defID
}
