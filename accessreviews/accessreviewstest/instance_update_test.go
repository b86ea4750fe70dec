package accessreviewstest

import (
	"encoding/json/v2"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
)

// TestInstanceUpdateVerbs updates an instance's reviewers over raw HTTP
// with PUT (v1.0 page) and PATCH (beta page; the official v1.0 SDK offers
// only PATCH), in both versions.
func TestInstanceUpdateVerbs(t *testing.T) {
	t.Parallel()
	scopeBody := `{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/groups/` + fxSec + `/transitiveMembers","queryType":"MicrosoftGraph"}`
	for _, method := range []string{http.MethodPut, http.MethodPatch} {
		for _, version := range []string{"v1.0", "beta"} {
			t.Run(method+" "+version, func(t *testing.T) {
				t.Parallel()
				s := f2Fixture(t)
				def := f2Create(t, s, f2OneTime(fxSec))
				path := "/" + version + arPrefix + "/definitions/" + string(def.ID) + "/instances/" + string(def.ID)

				status, _, b := rawDo(t, s, method, path, `{"scope":`+scopeBody+`,
					"reviewers":[{"query":"/users/`+fxManager+`","queryType":"MicrosoftGraph"}],
					"fallbackReviewers":[{"query":"/users/`+fxBackup+`","queryType":"MicrosoftGraph"},{"query":"/users/`+fxAdmin+`","queryType":"MicrosoftGraph"}]}`, true)
				require.Equal(t, http.StatusOK, status, string(b))
				var got struct {
					ID                string      `json:"id"`
					Status            string      `json:"status"`
					Reviewers         []scopeJSON `json:"reviewers"`
					FallbackReviewers []scopeJSON `json:"fallbackReviewers"`
				}
				require.NoError(t, json.Unmarshal(b, &got))
				assert.Equal(t, string(def.ID), got.ID)
				require.Len(t, got.Reviewers, 1)
				assert.Equal(t, "/users/"+fxManager, got.Reviewers[0].Query)
				assert.Len(t, got.FallbackReviewers, 2)

				// The manager now reviews the instance's items.
				mine := f2Collect(t, s.ClientAs(fxManager).Decisions.ListForCurrentUser(t.Context(), def.ID, accessreviews.InstanceID(def.ID), nil))
				assert.Len(t, mine, 2, "the new reviewer reviews every item")
				status, _, b = rawDo(t, s, method, path, `{"scope":`+scopeBody+`,"fallbackReviewers":[]}`, true)
				assert.Equal(t, http.StatusConflict, status, "a fallback reviewer cannot be removed: %s", b)
				status, _, b = rawDo(t, s, method, path, `{"reviewers":[]}`, true)
				assert.Equal(t, http.StatusBadRequest, status, "scope is required in the body: %s", b)
			})
		}
	}
}
