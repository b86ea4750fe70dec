package odata

import (
	"context"
	"encoding/json"
	"encoding/json/jsontext"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// batchFake answers $batch envelopes: answer gets the envelope number and a
// sub-request and returns its sub-response. Responses come back in reverse
// order with upper-cased ids, as Graph may send them.
type batchFake struct {
	mu        sync.Mutex
	envelopes [][]batchWireRequest
	at        []time.Time
	answer    func(env int, r batchWireRequest) batchWireResponse
}

func (f *batchFake) reply(_ int, r *sentRequest) (*http.Response, error) {
	var in struct {
		Requests []batchWireRequest `json:"requests"`
	}
	if err := json.Unmarshal(r.Body, &in); err != nil {
		return newResponse(400, graphErrorBody("BadRequest", "x")), nil
	}
	f.mu.Lock()
	env := len(f.envelopes)
	f.envelopes = append(f.envelopes, in.Requests)
	f.at = append(f.at, time.Now())
	f.mu.Unlock()
	var out struct {
		Responses []batchWireResponse `json:"responses"`
	}
	for i := len(in.Requests) - 1; i >= 0; i-- {
		resp := f.answer(env, in.Requests[i])
		resp.ID = strings.ToUpper(in.Requests[i].ID)
		out.Responses = append(out.Responses, resp)
	}
	b, _ := json.Marshal(out)
	return newResponse(200, string(b)), nil
}

// ids returns the ids of envelope n.
func (f *batchFake) ids(n int) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, r := range f.envelopes[n] {
		out = append(out, r.ID)
	}
	return out
}

// batchOK answers every sub-request with 200 and its URL.
func batchOK(_ int, r batchWireRequest) batchWireResponse {
	return batchWireResponse{Status: 200, Headers: map[string]jsontext.Value{"Content-Type": jsontext.Value(`"application/json"`)},
		Body: jsontext.Value(`{"url":"` + r.URL + `"}`)}
}

func batchGets(n int, prefix string) []BatchRequest {
	reqs := make([]BatchRequest, n)
	for i := range reqs {
		reqs[i] = BatchRequest{ID: prefix + strconv.Itoa(i), Method: http.MethodGet, Path: "users/u" + strconv.Itoa(i), Query: &Query{Select: []string{"id"}}}
	}
	return reqs
}

func TestBatchSplitsIntoEnvelopes(t *testing.T) {
	t.Parallel()
	fake := &batchFake{answer: batchOK}
	c, tr := newScripted(t, fake.reply)
	results, err := c.Batch(t.Context(), batchGets(45, "r"))
	require.NoError(t, err)
	require.Len(t, results, 45)
	for i, r := range results {
		assert.Equal(t, "r"+strconv.Itoa(i), r.ID, "results in input order")
		assert.Equal(t, 200, r.Status)
		require.NoError(t, r.Err)
		var body struct{ URL string }
		require.NoError(t, r.Decode(&body))
		assert.Equal(t, "/users/u"+strconv.Itoa(i)+"?$select=id", body.URL, "relative, without the version")
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	}
	sent := tr.requests()
	require.Len(t, sent, 3)
	for i, size := range []int{20, 20, 5} {
		assert.Len(t, fake.ids(i), size)
		assert.Equal(t, "/v1.0/$batch", sent[i].Path)
		assert.Equal(t, http.MethodPost, sent[i].Method)
		assert.Equal(t, "application/json", sent[i].Header.Get("Content-Type"))
	}
	assert.Equal(t, sent[0].Header.Get("client-request-id"), sent[1].Header.Get("client-request-id"), "one id for the logical batch")
}

func TestBatchKeepsDependsOnChainsTogether(t *testing.T) {
	t.Parallel()
	fake := &batchFake{answer: batchOK}
	c, _ := newScripted(t, fake.reply)
	reqs := batchGets(19, "r")
	reqs = append(reqs,
		BatchRequest{ID: "c3", Method: http.MethodPatch, Path: "d/3", Body: map[string]string{"decision": "Deny"}, DependsOn: []string{"C2"}},
		BatchRequest{ID: "c2", Method: http.MethodPatch, Path: "d/2", Body: []byte(`{"decision":"Approve"}`), DependsOn: []string{"c1"}},
		BatchRequest{ID: "c1", Method: http.MethodPost, Path: "d/1/stop", Header: http.Header{"Prefer": {"return=minimal"}}},
	)
	results, err := c.Batch(t.Context(), reqs)
	require.NoError(t, err)
	require.Len(t, results, 22)
	assert.Equal(t, []string{"c3", "c2", "c1"}, []string{results[19].ID, results[20].ID, results[21].ID})
	require.Len(t, fake.envelopes, 2)
	assert.Len(t, fake.ids(0), 19)
	assert.Equal(t, []string{"c1", "c2", "c3"}, fake.ids(1), "dependencies first")
	env := fake.envelopes[1]
	assert.Empty(t, env[0].DependsOn)
	assert.Equal(t, []string{"c1"}, env[1].DependsOn)
	assert.Equal(t, []string{"c2"}, env[2].DependsOn, "ids as the caller spelled them")
	assert.Equal(t, "return=minimal", env[0].Headers["Prefer"])
	assert.JSONEq(t, `{"decision":"Approve"}`, string(env[1].Body))
	assert.JSONEq(t, `{"decision":"Deny"}`, string(env[2].Body), "bodies are embedded as JSON")
	assert.Equal(t, "application/json", env[2].Headers["Content-Type"], "a body needs a content type")
	assert.Nil(t, env[0].Body)
}

func TestBatchValidation(t *testing.T) {
	t.Parallel()
	chain := make([]BatchRequest, 21)
	for i := range chain {
		chain[i] = BatchRequest{ID: "c" + strconv.Itoa(i), Method: http.MethodGet, Path: "x"}
		if i > 0 {
			chain[i].DependsOn = []string{"c" + strconv.Itoa(i-1)}
		}
	}
	tests := []struct {
		name   string
		reqs   []BatchRequest
		fields []string
	}{
		{"all at once", []BatchRequest{
			{ID: "", Method: "get", Path: "../x"},
			{ID: "a", Method: http.MethodGet, Path: "x", DependsOn: []string{"nope", "a"}},
			{ID: "A", Method: http.MethodHead, Path: "x", Body: []byte(`{not json`)},
			{ID: "b c", Method: http.MethodGet, Path: "x", Query: &Query{Top: -1}, Header: http.Header{"Authorization": {"x"}}, Version: "v9"},
		}, []string{"requests[0].id", "requests[0].method", "requests[0].path", "requests[1].dependsOn", "requests[2].id", "requests[2].method",
			"requests[2].body", "requests[3].id", "requests[3].query.top", "requests[3].header.Authorization", "requests[3].version"}},
		{"cycle", []BatchRequest{
			{ID: "a", Method: http.MethodGet, Path: "x", DependsOn: []string{"b"}},
			{ID: "b", Method: http.MethodGet, Path: "x", DependsOn: []string{"a"}},
		}, []string{"requests[0].dependsOn"}},
		{"chain too long", chain, []string{"requests[0].dependsOn"}},
		{"chain mixes versions", []BatchRequest{
			{ID: "a", Method: http.MethodGet, Path: "x"},
			{ID: "b", Method: http.MethodGet, Path: "x", Version: Beta, DependsOn: []string{"a"}},
		}, []string{"requests[1].version"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, tr := newScripted(t, alwaysReply(200, `{"responses":[]}`))
			results, err := c.Batch(t.Context(), tt.reqs)
			require.Error(t, err)
			assert.Nil(t, results)
			assert.ErrorIs(t, err, ErrInvalid)
			for _, f := range tt.fields {
				assert.Contains(t, err.Error(), f+":", "field %s", f)
			}
			assert.Empty(t, tr.requests(), "nothing is sent")
		})
	}
}

func TestBatchResendsOnlyThrottledItems(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		fake := &batchFake{answer: func(env int, r batchWireRequest) batchWireResponse {
			if env == 0 && r.ID == "3" {
				return batchWireResponse{Status: 429, Headers: map[string]jsontext.Value{"retry-after": jsontext.Value(`"4"`)},
					Body: jsontext.Value(graphErrorBody("TooManyRequests", "sub-r"))}
			}
			if env == 0 && r.ID == "4" {
				return batchWireResponse{Status: 424, Body: jsontext.Value(graphErrorBody("FailedDependency", "sub-d"))}
			}
			if r.ID == "5" {
				return batchWireResponse{Status: 404, Body: jsontext.Value(graphErrorBody("ResourceNotFound", "sub-n"))}
			}
			return batchOK(env, r)
		}}
		c, _ := newScripted(t, fake.reply)
		reqs := []BatchRequest{
			{ID: "1", Method: http.MethodGet, Path: "a"},
			{ID: "2", Method: http.MethodPatch, Path: "b", Body: []byte(`{}`)},
			{ID: "3", Method: http.MethodPatch, Path: "c", Body: []byte(`{}`), DependsOn: []string{"1"}},
			{ID: "4", Method: http.MethodPatch, Path: "d", Body: []byte(`{}`), DependsOn: []string{"3"}},
			{ID: "5", Method: http.MethodGet, Path: "e"},
		}
		results, err := c.Batch(t.Context(), reqs)
		require.NoError(t, err)
		require.Len(t, fake.envelopes, 2)
		assert.Equal(t, []string{"3", "4"}, fake.ids(1), "only the 429 and its 424 dependant")
		assert.Empty(t, fake.envelopes[1][0].DependsOn, "a dependency already done is dropped")
		assert.Equal(t, []string{"3"}, fake.envelopes[1][1].DependsOn)
		assert.GreaterOrEqual(t, fake.at[1].Sub(fake.at[0]), 4*time.Second)
		assert.LessOrEqual(t, fake.at[1].Sub(fake.at[0]), 4400*time.Millisecond)
		for i := range 4 {
			assert.Equal(t, 200, results[i].Status, "result %d", i)
			assert.NoError(t, results[i].Err)
		}
		assert.Equal(t, 404, results[4].Status)
		assert.ErrorIs(t, results[4].Err, ErrNotFound)
		var e *Error
		require.ErrorAs(t, results[4].Err, &e)
		assert.Equal(t, "ResourceNotFound", e.Code)
		assert.Equal(t, "/e", e.Path)
		assert.Equal(t, 1, e.Attempts)
	})
}

func TestBatchThrottlingIsBounded(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		retryAfter string
		envelopes  int
	}{
		{"retries run out", "1", 4},
		{"above the cap", "120", 1},
		{"no retry-after uses backoff", "", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				fake := &batchFake{answer: func(env int, r batchWireRequest) batchWireResponse {
					if r.ID == "slow" {
						h := map[string]jsontext.Value{}
						if tt.retryAfter != "" {
							h["Retry-After"] = jsontext.Value(`"` + tt.retryAfter + `"`)
						}
						return batchWireResponse{Status: 429, Headers: h}
					}
					return batchOK(env, r)
				}}
				c, _ := newScripted(t, fake.reply)
				results, err := c.Batch(t.Context(), []BatchRequest{{ID: "fast", Method: http.MethodGet, Path: "a"}, {ID: "slow", Method: http.MethodGet, Path: "b"}})
				require.NoError(t, err)
				assert.Len(t, fake.envelopes, tt.envelopes)
				assert.NoError(t, results[0].Err)
				assert.Equal(t, 429, results[1].Status)
				assert.ErrorIs(t, results[1].Err, ErrThrottled)
				for n := 1; n < len(fake.envelopes); n++ {
					assert.Equal(t, []string{"slow"}, fake.ids(n))
				}
			})
		})
	}
}

func TestBatchAmbiguousEnvelope(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		fake := &batchFake{answer: batchOK}
		c, tr := newScripted(t, func(n int, r *sentRequest) (*http.Response, error) {
			if n == 0 {
				return nil, errConnReset
			}
			return fake.reply(n, r)
		})
		results, err := c.Batch(t.Context(), []BatchRequest{
			{ID: "read", Method: http.MethodGet, Path: "a"},
			{ID: "create", Method: http.MethodPost, Path: "identityGovernance/accessReviews/definitions", Body: []byte(`{}`)},
			{ID: "put", Method: http.MethodPut, Path: "c", Body: []byte(`{}`)},
		})
		require.NoError(t, err)
		assert.Len(t, tr.requests(), 2, "the envelope holding a create is not resent as is")
		assert.Equal(t, []string{"read", "put"}, fake.ids(0), "only what is safe to resend")
		assert.NoError(t, results[0].Err)
		assert.NoError(t, results[2].Err)
		assert.ErrorIs(t, results[1].Err, ErrOutcomeUnknown)
		var oe *OutcomeUnknownError
		require.ErrorAs(t, results[1].Err, &oe)
		assert.Equal(t, http.MethodPost, oe.Method)
		assert.Equal(t, "/identityGovernance/accessReviews/definitions", oe.Path)
		assert.Equal(t, tr.requests()[0].Header.Get("client-request-id"), oe.ClientRequestID)
	})
}

func TestBatchEnvelopeFailures(t *testing.T) {
	t.Parallel()
	t.Run("error status", func(t *testing.T) {
		t.Parallel()
		c, tr := newScripted(t, alwaysReply(400, graphErrorBody("BadRequest", "env")))
		results, err := c.Batch(t.Context(), batchGets(3, "r"))
		require.NoError(t, err)
		assert.Len(t, tr.requests(), 1)
		for _, r := range results {
			assert.ErrorIs(t, r.Err, ErrBadRequest)
			assert.Zero(t, r.Status)
		}
	})
	t.Run("missing sub-response", func(t *testing.T) {
		t.Parallel()
		c, _ := newScripted(t, alwaysReply(200, `{"responses":[{"id":"other","status":200}]}`))
		results, err := c.Batch(t.Context(), []BatchRequest{
			{ID: "r", Method: http.MethodGet, Path: "a"},
			{ID: "w", Method: http.MethodPost, Path: "b", Body: []byte(`{}`)},
		})
		require.NoError(t, err)
		assert.ErrorContains(t, results[0].Err, `no response for id "r"`)
		assert.NotErrorIs(t, results[0].Err, ErrOutcomeUnknown)
		assert.ErrorIs(t, results[1].Err, ErrOutcomeUnknown)
	})
	t.Run("cancelled", func(t *testing.T) {
		t.Parallel()
		c, tr := newScripted(t, alwaysReply(200, `{"responses":[]}`))
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		results, err := c.Batch(ctx, batchGets(25, "r"))
		assert.ErrorIs(t, err, context.Canceled)
		require.Len(t, results, 25)
		for _, r := range results {
			assert.ErrorIs(t, r.Err, context.Canceled)
		}
		assert.Empty(t, tr.requests())
	})
	t.Run("empty", func(t *testing.T) {
		t.Parallel()
		c, tr := newScripted(t, alwaysReply(200, `{"responses":[]}`))
		results, err := c.Batch(t.Context(), nil)
		require.NoError(t, err)
		assert.Empty(t, results)
		assert.Empty(t, tr.requests())
	})
}

func TestBatchGroupsByVersion(t *testing.T) {
	t.Parallel()
	fake := &batchFake{answer: batchOK}
	c, tr := newScripted(t, fake.reply)
	_, err := c.Batch(t.Context(), []BatchRequest{
		{ID: "a", Method: http.MethodGet, Path: "x"},
		{ID: "b", Method: http.MethodGet, Path: "y", Version: Beta},
		{ID: "c", Method: http.MethodGet, Path: "z"},
	})
	require.NoError(t, err)
	sent := tr.requests()
	require.Len(t, sent, 2)
	assert.Equal(t, "/v1.0/$batch", sent[0].Path)
	assert.Equal(t, []string{"a", "c"}, fake.ids(0))
	assert.Equal(t, "/beta/$batch", sent[1].Path)
	assert.Equal(t, []string{"b"}, fake.ids(1))
}

func TestBatchResultDecode(t *testing.T) {
	t.Parallel()
	var v struct{ A int }
	r := BatchResult{ID: "x", Body: jsontext.Value(`{"a":1}`)}
	require.NoError(t, r.Decode(&v))
	assert.Equal(t, 1, v.A)
	r = BatchResult{ID: "x", Body: jsontext.Value(`{"a":"no"}`)}
	assert.ErrorContains(t, r.Decode(&v), `decode "x"`)
	failed := fmt.Errorf("failed")
	r = BatchResult{ID: "x", Err: failed}
	assert.ErrorIs(t, r.Decode(&v), failed)
	r = BatchResult{ID: "x"}
	assert.NoError(t, r.Decode(&v))
}
