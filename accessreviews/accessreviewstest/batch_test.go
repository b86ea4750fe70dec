package accessreviewstest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
)

type batchEnvelope struct {
	Responses []batchResponse `json:"responses"`
}

func postBatch(t *testing.T, s *Server, body string) (int, batchEnvelope, []byte) {
	t.Helper()
	status, _, b := rawDo(t, s, "POST", "/v1.0/$batch", body, true)
	var env batchEnvelope
	if status == http.StatusOK {
		require.NoError(t, json.Unmarshal(b, &env), string(b))
	}
	return status, env, b
}

func TestBatchRunsInDependsOnOrder(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithDirectory(SelfReviewTutorialDirectory()))
	body := `{"requests":[
		{"id":"2","method":"GET","url":"/groups?$filter=displayName eq 'G'","dependsOn":["1"]},
		{"id":"1","method":"POST","url":"/groups","headers":{"Content-Type":"application/json"},
		 "body":{"displayName":"G","mailNickname":"g","mailEnabled":false,"securityEnabled":true,"groupTypes":[]}},
		{"id":"3","method":"GET","url":"users/` + SelfReviewAlexID + `"}
	]}`
	status, env, _ := postBatch(t, s, body)
	require.Equal(t, http.StatusOK, status)
	require.Len(t, env.Responses, 3)
	assert.Equal(t, []string{"2", "1", "3"}, []string{env.Responses[0].ID, env.Responses[1].ID, env.Responses[2].ID})
	assert.Equal(t, http.StatusOK, env.Responses[0].Status)
	assert.Equal(t, http.StatusCreated, env.Responses[1].Status)
	assert.Equal(t, http.StatusOK, env.Responses[2].Status)
	var list struct {
		Value []map[string]any `json:"value"`
	}
	require.NoError(t, json.Unmarshal(env.Responses[0].Body, &list))
	assert.Len(t, list.Value, 1, "the dependant ran after the group was created")
	assert.Equal(t, "application/json", env.Responses[2].Headers["Content-Type"])

	var items []string
	for _, r := range s.Requests() {
		if r.InBatch {
			items = append(items, r.Method+" "+r.Path)
		}
	}
	assert.Equal(t, []string{"POST /v1.0/groups", "GET /v1.0/groups", "GET /v1.0/users/" + SelfReviewAlexID}, items)
}

func TestBatchFailedDependency(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	body := `{"requests":[
		{"id":"a","method":"GET","url":"/users/00000000-0000-0000-0000-000000000001"},
		{"id":"b","method":"GET","url":"/users","dependsOn":["a"]},
		{"id":"c","method":"GET","url":"/users","dependsOn":["b"]}
	]}`
	status, env, _ := postBatch(t, s, body)
	require.Equal(t, http.StatusOK, status)
	require.Len(t, env.Responses, 3)
	assert.Equal(t, http.StatusNotFound, env.Responses[0].Status)
	assert.Equal(t, http.StatusFailedDependency, env.Responses[1].Status)
	assert.Equal(t, http.StatusFailedDependency, env.Responses[2].Status)
	assert.Equal(t, codeFailedDependency, decodeError(t, env.Responses[1].Body).Error.Code)
}

func TestBatchRejectsBadEnvelopes(t *testing.T) {
	t.Parallel()
	many := make([]string, 21)
	for i := range many {
		many[i] = fmt.Sprintf(`{"id":"%d","method":"GET","url":"/users"}`, i)
	}
	tests := map[string]string{
		"too many":        `{"requests":[` + strings.Join(many, ",") + `]}`,
		"empty":           `{"requests":[]}`,
		"duplicate ids":   `{"requests":[{"id":"a","method":"GET","url":"/users"},{"id":"A","method":"GET","url":"/users"}]}`,
		"unknown depends": `{"requests":[{"id":"a","method":"GET","url":"/users","dependsOn":["z"]}]}`,
		"cycle":           `{"requests":[{"id":"a","method":"GET","url":"/users","dependsOn":["b"]},{"id":"b","method":"GET","url":"/users","dependsOn":["a"]}]}`,
		"no url":          `{"requests":[{"id":"a","method":"GET"}]}`,
		"not json":        `{"requests":`,
	}
	for name, body := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := newTestServer(t)
			status, _, b := postBatch(t, s, body)
			assert.Equal(t, http.StatusBadRequest, status)
			assert.Equal(t, codeBadRequest, decodeError(t, b).Error.Code)
		})
	}
}

func TestBatchItemProblems(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	body := `{"requests":[
		{"id":"1","method":"POST","url":"/groups","body":{"displayName":"x"}},
		{"id":"2","method":"POST","url":"/$batch","headers":{"Content-Type":"application/json"},"body":{"requests":[]}},
		{"id":"3","method":"GET","url":"/nowhere"}
	]}`
	status, env, _ := postBatch(t, s, body)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, http.StatusBadRequest, env.Responses[0].Status, "a body needs a Content-Type")
	assert.Equal(t, http.StatusBadRequest, env.Responses[1].Status, "no nested batches")
	assert.Equal(t, http.StatusNotFound, env.Responses[2].Status)
}

func TestBatchItemThrottledByFailPath(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithDirectory(SelfReviewTutorialDirectory()))
	s.FailPath("/users/"+SelfReviewAllanID, 1, Throttle("7"))
	body := `{"requests":[
		{"id":"1","method":"GET","url":"/users/` + SelfReviewAlexID + `"},
		{"id":"2","method":"GET","url":"/users/` + SelfReviewAllanID + `"}
	]}`
	status, env, _ := postBatch(t, s, body)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, http.StatusOK, env.Responses[0].Status)
	assert.Equal(t, http.StatusTooManyRequests, env.Responses[1].Status)
	assert.Equal(t, "7", env.Responses[1].Headers["Retry-After"])
	assert.Equal(t, 1, s.FaultsInjected())
}

func TestBatchThroughTheODataClient(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithDirectory(SelfReviewTutorialDirectory()))
	c, err := odata.NewClient(s.Options()...)
	require.NoError(t, err)
	reqs := []odata.BatchRequest{}
	for _, id := range []string{SelfReviewAlexID, SelfReviewAllanID} {
		reqs = append(reqs, odata.BatchRequest{ID: id, Method: "GET", Path: "users/" + id})
	}
	res, err := c.Batch(t.Context(), reqs)
	require.NoError(t, err)
	require.Len(t, res, 2)
	var u map[string]any
	require.NoError(t, res[1].Decode(&u))
	assert.Equal(t, "Allan Deyoung", u["displayName"])
}
