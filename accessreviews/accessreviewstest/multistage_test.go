package accessreviewstest

import (
	"encoding/json/v2"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// itemsOf decodes a page of decision items.
func itemsOf(t *testing.T, body string) []map[string]any {
	t.Helper()
	var page struct {
		Value []map[string]any `json:"value"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &page), body)
	return page.Value
}

// TestMultiStageOneItemPerIdentityPerStage walks a two-stage review over
// raw HTTP: "There's only one decision per identity being reviewed" in each
// stage (accessReviewStage), and with decisionHistoriesForReviewersEnabled
// the second stage's reviewer reads the first stage's outcome on the first
// stage ("Reviewers of multi-stage reviews can retrieve the decisions from
// previous stages"), never as second items of their own stage.
func TestMultiStageOneItemPerIdentityPerStage(t *testing.T) {
	t.Parallel()
	for _, history := range []bool{true, false} {
		name := "without history"
		if history {
			name = "with decisionHistoriesForReviewersEnabled"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := f2Fixture(t)
			body := `{"displayName":"Two stages","scope":{"query":"/groups/` + fxM365 + `/members/microsoft.graph.user"},
				"stageSettings":[
					{"stageId":"1","durationInDays":2,"recommendationsEnabled":true,"reviewers":[{"query":"/users/` + fxOwner + `"}]},
					{"stageId":"2","dependsOn":["1"],"durationInDays":3,"recommendationsEnabled":true,
					 "reviewers":[{"query":"/users/` + fxManager + `","queryType":"MicrosoftGraph"}]}],
				"settings":{"decisionHistoriesForReviewersEnabled":` + map[bool]string{true: "true", false: "false"}[history] + `,
				"recurrence":{"pattern":{"type":"weekly","interval":1},"range":{"type":"noEnd","startDate":"2026-01-05"}}}}`
			status, created := callAs(t, s, s.AppToken(), http.MethodPost, "/v1.0"+arPrefix+"/definitions", body)
			require.Equal(t, http.StatusCreated, status, created)
			var def struct {
				ID string `json:"id"`
			}
			require.NoError(t, json.Unmarshal([]byte(created), &def))
			base := "/v1.0" + arPrefix + "/definitions/" + def.ID
			_, insts := callAs(t, s, s.AppToken(), http.MethodGet, base+"/instances", "")
			require.NotEmpty(t, itemsOf(t, insts), insts)
			inst := base + "/instances/" + itemsOf(t, insts)[0]["id"].(string)
			_, stages := callAs(t, s, s.AppToken(), http.MethodGet, inst+"/stages", "")
			stage1 := inst + "/stages/" + itemsOf(t, stages)[0]["id"].(string)

			// Stage 1: the owner's three items, one per identity; the owner
			// denies the old guest and approves the others.
			_, mine := callAs(t, s, s.UserToken(fxOwner), http.MethodGet, stage1+"/decisions/filterByCurrentUser(on='reviewer')", "")
			first := itemsOf(t, mine)
			require.Len(t, first, 3)
			firstIDs := map[string]string{}
			for _, it := range first {
				p := it["principal"].(map[string]any)["id"].(string)
				firstIDs[p] = it["id"].(string)
				decision := `{"decision":"Approve"}`
				if p == fxGuestNew {
					decision = `{"decision":"Deny"}`
				}
				status, b := callAs(t, s, s.UserToken(fxOwner), http.MethodPatch, stage1+"/decisions/"+it["id"].(string), decision)
				require.Equal(t, http.StatusNoContent, status, b)
			}
			require.Equal(t, http.StatusNoContent, mustStatus(callAs(t, s, s.AppToken(), http.MethodPost, stage1+"/stop", "")))

			_, stages = callAs(t, s, s.AppToken(), http.MethodGet, inst+"/stages", "")
			require.Len(t, itemsOf(t, stages), 2)
			stage2 := inst + "/stages/" + itemsOf(t, stages)[1]["id"].(string)

			// Stage 2: the manager's items are the stage's own, one per
			// identity that moved on, each recordable with its ID.
			_, mine = callAs(t, s, s.UserToken(fxManager), http.MethodGet, stage2+"/decisions/filterByCurrentUser(on='reviewer')", "")
			second := itemsOf(t, mine)
			require.Len(t, second, 3, "every decision moves on: one item per identity, no history items among them")
			seen := map[string]bool{}
			for _, it := range second {
				p := it["principal"].(map[string]any)["id"].(string)
				assert.False(t, seen[p], "one item per identity")
				seen[p] = true
				assert.Equal(t, "NotReviewed", it["decision"])
				assert.NotEqual(t, firstIDs[p], it["id"], "a stage's items are its own")
				status, b := callAs(t, s, s.UserToken(fxManager), http.MethodPatch, stage2+"/decisions/"+it["id"].(string), `{"decision":"DontKnow"}`)
				assert.Equal(t, http.StatusNoContent, status, "every listed item is recordable: %s", b)
			}

			// The stage actions act on their own stage only.
			assert.Equal(t, http.StatusBadRequest, mustStatus(callAs(t, s, s.AppToken(), http.MethodPost, stage1+"/batchRecordDecisions", `{"decision":"Deny"}`)),
				"the first stage has ended")
			assert.Equal(t, http.StatusNoContent, mustStatus(callAs(t, s, s.UserToken(fxManager), http.MethodPost, stage2+"/batchRecordDecisions",
				`{"decision":"Approve","principalId":"`+fxMember+`"}`)))
			assert.Equal(t, http.StatusNoContent, mustStatus(callAs(t, s, s.UserToken(fxManager), http.MethodPost, stage2+"/acceptRecommendations", "")))
			assert.Equal(t, http.StatusForbidden, mustStatus(callAs(t, s, s.AppToken(), http.MethodPost, stage2+"/acceptRecommendations", "")),
				"accepting recommendations needs a signed-in reviewer")
			_, mine = callAs(t, s, s.UserToken(fxManager), http.MethodGet, stage2+"/decisions/filterByCurrentUser(on='reviewer')", "")
			for _, it := range itemsOf(t, mine) {
				want := "DontKnow"
				if it["principal"].(map[string]any)["id"] == fxMember {
					want = "Approve"
				}
				assert.Equal(t, want, it["decision"], "accepting recommendations leaves decided items alone")
				if want == "Approve" {
					status, b := callAs(t, s, s.UserToken(fxManager), http.MethodPatch, stage2+"/decisions/"+it["id"].(string), `{"decision":"DontKnow"}`)
					require.Equal(t, http.StatusNoContent, status, b)
				}
			}

			// The earlier stage's outcome, on the earlier stage.
			status, hist := callAs(t, s, s.UserToken(fxManager), http.MethodGet, stage1+"/decisions/filterByCurrentUser(on='reviewer')", "")
			require.Equal(t, http.StatusOK, status)
			got := itemsOf(t, hist)
			one := stage1 + "/decisions/" + firstIDs[fxGuestNew]
			if !history {
				assert.Empty(t, got, "without the setting a later reviewer sees no earlier decision")
				assert.Equal(t, http.StatusForbidden, mustStatus(callAs(t, s, s.UserToken(fxManager), http.MethodGet, one, "")))
				return
			}
			require.Len(t, got, 3)
			for _, it := range got {
				p := it["principal"].(map[string]any)["id"].(string)
				assert.Equal(t, firstIDs[p], it["id"], "the first stage's items")
				want := "Approve"
				if p == fxGuestNew {
					want = "Deny"
				}
				assert.Equal(t, want, it["decision"], "the first stage's outcome, kept after the second stage's decisions")
			}
			status, b := callAs(t, s, s.UserToken(fxManager), http.MethodGet, one, "")
			assert.Equal(t, http.StatusOK, status, b)
			status, b = callAs(t, s, s.UserToken(fxManager), http.MethodPatch, one, `{"decision":"Approve"}`)
			assert.Equal(t, http.StatusBadRequest, status, "an ended stage's item is not recorded again: %s", b)

			// The instance holds the latest decision about each identity.
			_, all := callAs(t, s, s.AppToken(), http.MethodGet, inst+"/decisions", "")
			latest := itemsOf(t, all)
			require.Len(t, latest, 3)
			for _, it := range latest {
				assert.Equal(t, "DontKnow", it["decision"])
			}
		})
	}
}

// mustStatus returns the status of callAs's answer.
func mustStatus(status int, _ string) int { return status }
