package accessreviewstest

import (
	"encoding/json/v2"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The responses carry what the documents' responses carry, checked over
// raw HTTP.

// getJSON sends a request with the app token and decodes the JSON answer.
func getJSON(t *testing.T, s *Server, method, path, body string) (int, map[string]any) {
	t.Helper()
	status, _, b := rawDo(t, s, method, path, body, true)
	var out map[string]any
	if len(b) > 0 {
		require.NoError(t, json.Unmarshal(b, &out), string(b))
	}
	return status, out
}

// keysOf returns the members of a JSON object read from testdata, of the
// first item when it is a collection.
func keysOf(t *testing.T, file string) map[string]any {
	t.Helper()
	b, err := os.ReadFile("testdata/" + file)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	if v, ok := m["value"].([]any); ok {
		return v[0].(map[string]any)
	}
	return m
}

// assertHasMembers checks that got has every member the document's
// response shows, recursively into objects.
func assertHasMembers(t *testing.T, want, got map[string]any, path string) {
	t.Helper()
	for k, v := range want {
		if k == "@odata.context" {
			continue
		}
		g, ok := got[k]
		if !assert.True(t, ok, "%s%s is missing", path, k) {
			continue
		}
		if wm, ok := v.(map[string]any); ok {
			if gm, ok := g.(map[string]any); ok {
				assertHasMembers(t, wm, gm, path+k+".")
			}
		}
	}
}

// TestDefinitionEchoOfFallbacksAndDurations checks two echoes of create
// example 2 (inactive guests of all teams): fallbackReviewers sent alone
// come back beside "backupReviewers": [], and a duration comes back as the
// service keeps it, whatever its spelling (msgraph-sdk-go writes 30 days
// as P4W2D; the example's response shows P30D).
func TestDefinitionEchoOfFallbacksAndDurations(t *testing.T) {
	t.Parallel()
	s := f2Fixture(t)
	status, created := getJSON(t, s, http.MethodPost, "/v1.0"+arPrefix+"/definitions", `{"displayName":"Inactive guests",
		"scope":{"@odata.type":"#microsoft.graph.accessReviewInactiveUsersQueryScope","query":"./members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')","queryType":"MicrosoftGraph","inactiveDuration":"P4W2D"},
		"instanceEnumerationScope":{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/groups?$filter=(groupTypes/any(c:c+eq+'Unified'))","queryType":"MicrosoftGraph"},
		"reviewers":[{"query":"./owners","queryType":"MicrosoftGraph"}],
		"fallbackReviewers":[{"query":"/users/`+fxBackup+`","queryType":"MicrosoftGraph"}],
		"settings":{"instanceDurationInDays":3,"recommendationsEnabled":true,"recommendationLookBackDuration":"PT48H",
		"recurrence":{"pattern":{"type":"absoluteMonthly","interval":3},"range":{"type":"noEnd","startDate":"2026-01-05"}}}}`)
	require.Equal(t, http.StatusCreated, status, created)
	assert.Equal(t, []any{}, created["backupReviewers"], "not filled from fallbackReviewers")
	require.Len(t, created["fallbackReviewers"], 1)
	assert.Equal(t, "P30D", created["scope"].(map[string]any)["inactiveDuration"])
	assert.Equal(t, "P2D", created["settings"].(map[string]any)["recommendationLookBackDuration"])
}

func TestResponsesCarryWhatTheDocumentsShow(t *testing.T) {
	t.Parallel()
	s := f2Fixture(t)
	defs := "/v1.0" + arPrefix + "/definitions"

	// A definition created as the create example 1 does, fallback
	// reviewers sent as backupReviewers (create example 3 sends both).
	status, created := getJSON(t, s, http.MethodPost, defs, `{"displayName":"Test create","descriptionForAdmins":"New scheduled access review",
		"descriptionForReviewers":"If you have any questions, contact jerry@contoso.com",
		"scope":{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/groups/`+fxM365+`/transitiveMembers","queryType":"MicrosoftGraph"},
		"reviewers":[{"query":"/users/`+fxOwner+`","queryType":"MicrosoftGraph"}],
		"backupReviewers":[{"query":"/users/`+fxBackup+`","queryType":"MicrosoftGraph"}],
		"settings":{"mailNotificationsEnabled":true,"reminderNotificationsEnabled":true,"justificationRequiredOnApproval":true,
		"defaultDecisionEnabled":false,"defaultDecision":"None","instanceDurationInDays":1,"recommendationsEnabled":true,
		"recurrence":{"pattern":{"type":"weekly","interval":1},"range":{"type":"noEnd","startDate":"2026-01-05T12:02:30.667Z"}}}}`)
	require.Equal(t, http.StatusCreated, status, created)
	assert.Equal(t, s.URL+"/v1.0/$metadata#identityGovernance/accessReviews/definitions/$entity", created["@odata.context"])
	assertHasMembers(t, keysOf(t, "definition-created.group-weekly.v1.json"), created, "definition.")
	backup, _ := created["backupReviewers"].([]any)
	require.Len(t, backup, 1, "backupReviewers is accepted and echoed on v1.0")
	assert.Equal(t, created["fallbackReviewers"], created["backupReviewers"], "it mirrors fallbackReviewers")
	assert.Nil(t, created["instanceEnumerationScope"], "null, not missing")
	assert.Equal(t, []any{}, created["additionalNotificationRecipients"])
	settings := created["settings"].(map[string]any)
	assert.Equal(t, []any{}, settings["applyActions"])
	rng := settings["recurrence"].(map[string]any)["range"].(map[string]any)
	assert.Equal(t, "2026-01-05", rng["startDate"], "the date part of the timestamp sent")
	id := created["id"].(string)

	_, got := getJSON(t, s, http.MethodGet, defs+"/"+id, "")
	assert.Equal(t, s.URL+"/v1.0/$metadata#identityGovernance/accessReviews/definitions/$entity", got["@odata.context"])
	rng = got["settings"].(map[string]any)["recurrence"].(map[string]any)["range"].(map[string]any)
	assert.Equal(t, map[string]any{"type": "numbered", "numberOfOccurrences": 0.0, "recurrenceTimeZone": nil,
		"startDate": "2026-01-05", "endDate": "9999-12-31"}, rng, "the service's normal form of a range without an end")
	reviewer := got["reviewers"].([]any)[0].(map[string]any)
	assert.Contains(t, reviewer, "queryRoot", "queryRoot is null, not missing")
	assert.Nil(t, reviewer["queryRoot"])

	_, list := getJSON(t, s, http.MethodGet, defs+"/"+id+"/instances", "")
	assert.Equal(t, s.URL+"/v1.0/$metadata#identityGovernance/accessReviews/definitions('"+id+"')/instances", list["@odata.context"],
		"the keys in parentheses, as the guest tutorial's step 5 shows")
	insts := list["value"].([]any)
	require.Len(t, insts, 1)
	inst := insts[0].(map[string]any)
	assertHasMembers(t, keysOf(t, "instances.guest-m365.v1.json"), inst, "instance.")
	instID := inst["id"].(string)

	_, got = getJSON(t, s, http.MethodGet, defs+"/"+id+"/instances/"+instID, "")
	assert.Equal(t, s.URL+"/v1.0/$metadata#identityGovernance/accessReviews/definitions('"+id+"')/instances/$entity", got["@odata.context"])

	_, decs := getJSON(t, s, http.MethodGet, defs+"/"+id+"/instances/"+instID+"/decisions", "")
	assert.Equal(t, s.URL+"/v1.0/$metadata#identityGovernance/accessReviews/definitions('"+id+"')/instances('"+instID+"')/decisions", decs["@odata.context"])
	items := decs["value"].([]any)
	require.NotEmpty(t, items)
	item := items[0].(map[string]any)
	assertHasMembers(t, keysOf(t, "decisions.guest-m365.v1.json"), item, "decision.")
	target := item["target"].(map[string]any)
	principal := item["principal"].(map[string]any)
	assert.Equal(t, "#microsoft.graph.accessReviewInstanceDecisionItemUserTarget", target["@odata.type"], "target beside principal on v1.0")
	assert.Equal(t, principal["id"], target["userId"])
	assert.Equal(t, "#microsoft.graph.userIdentity", principal["@odata.type"])
	for _, k := range []string{"reviewedDateTime", "appliedDateTime"} {
		assert.Contains(t, item, k)
		assert.Nil(t, item[k], "%s is null until someone acts", k)
	}
	assert.Equal(t, "NotReviewed", item["decision"], "decisions are cased as the documents case them")
	assert.Equal(t, "New", item["applyResult"])

	_, one := getJSON(t, s, http.MethodGet, defs+"/"+id+"/instances/"+instID+"/decisions/"+item["id"].(string), "")
	assert.True(t, strings.HasSuffix(one["@odata.context"].(string), "/instances('"+instID+"')/decisions/$entity"), one["@odata.context"])

	for _, path := range []string{
		"/v1.0/me", "/v1.0/users/" + fxOwner, "/v1.0/groups/" + fxM365, "/beta/policies/accessReviewPolicy",
		"/beta" + arPrefix + "/definitions/" + id + "/instances/" + instID + "/definition",
		"/v1.0" + arPrefix + "/historyDefinitions",
	} {
		status, got := getJSON(t, s, http.MethodGet, path, "")
		if path == "/v1.0/me" {
			assert.Equal(t, http.StatusBadRequest, status, "an application has no /me")
			continue
		}
		require.Equal(t, http.StatusOK, status, path)
		assert.NotEmpty(t, got["@odata.context"], path)
	}
}
