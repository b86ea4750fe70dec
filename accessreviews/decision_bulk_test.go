package accessreviews

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/internal/testutil"
	"github.com/graphkit/governance/odata"
)

// bulkURL is the $batch endpoint of the test client.
const bulkURL = testBase + "/v1.0/$batch"

// bulkEnvelope is a $batch request body as the mock receives it.
type bulkEnvelope struct {
	Requests []struct {
		ID      string            `json:"id"`
		Method  string            `json:"method"`
		URL     string            `json:"url"`
		Headers map[string]string `json:"headers"`
		Body    json.RawMessage   `json:"body"`
	} `json:"requests"`
}

// bulkSub is one sub-response of a $batch answer.
type bulkSub struct {
	ID      string            `json:"id"`
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers,omitempty"`
	Body    json.RawMessage   `json:"body,omitempty"`
}

// bulkServer answers $batch envelopes with answer(id, attempt) per
// sub-request, in reverse order (the service answers in any order), and
// records every envelope it receives.
type bulkServer struct {
	t         *testing.T
	envelopes []bulkEnvelope
	bodies    [][]byte
	seen      map[string]int
	answer    func(id string, attempt int) bulkSub
}

func newBulkServer(t *testing.T, mt *httpmock.MockTransport, answer func(id string, attempt int) bulkSub) *bulkServer {
	s := &bulkServer{t: t, seen: map[string]int{}, answer: answer}
	mt.RegisterResponder(http.MethodPost, bulkURL, s.respond)
	return s
}

func (s *bulkServer) respond(req *http.Request) (*http.Response, error) {
	body := readBody(s.t, req)
	var env bulkEnvelope
	require.NoError(s.t, json.Unmarshal(body, &env))
	s.envelopes = append(s.envelopes, env)
	s.bodies = append(s.bodies, body)
	var out struct {
		Responses []bulkSub `json:"responses"`
	}
	for _, r := range slices.Backward(env.Requests) {
		s.seen[r.ID]++
		sub := s.answer(r.ID, s.seen[r.ID])
		sub.ID = r.ID
		out.Responses = append(out.Responses, sub)
	}
	b, err := json.Marshal(out)
	require.NoError(s.t, err)
	return httpmock.NewBytesResponse(http.StatusOK, b), nil
}

// sizes returns the number of sub-requests of each envelope.
func (s *bulkServer) sizes() []int {
	var out []int
	for _, e := range s.envelopes {
		out = append(out, len(e.Requests))
	}
	return out
}

// bulkRecords returns n records with distinct GUIDs and varied decisions.
func bulkRecords(n int) []DecisionRecord {
	decisions := []Decision{DecisionApprove, DecisionDeny, DecisionDontKnow}
	out := make([]DecisionRecord, n)
	for i := range out {
		out[i] = DecisionRecord{ID: DecisionID(fmt.Sprintf("00000000-0000-4000-8000-%012d", i)), Decision: decisions[i%3]}
		if i%2 == 0 {
			out[i].Justification = "reviewed " + strconv.Itoa(i)
		}
	}
	return out
}

// noContent answers every sub-request with 204.
func noContent(string, int) bulkSub { return bulkSub{Status: http.StatusNoContent} }

func TestRecordManyEnvelopes(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	srv := newBulkServer(t, mt, noContent)
	records := bulkRecords(45)
	var progress []Progress
	results, err := c.Decisions.RecordMany(t.Context(), decDef, decInst, records, &RecordOptions{
		Progress: func(p Progress) { progress = append(progress, p) },
	})
	require.NoError(t, err)
	assert.Equal(t, []int{20, 20, 5}, srv.sizes(), "45 decisions go in three envelopes")
	assert.Equal(t, []Progress{{Recorded: 20, Total: 45}, {Recorded: 40, Total: 45}, {Recorded: 45, Total: 45}}, progress)
	require.Len(t, results, 45)
	for i, r := range results {
		assert.Equal(t, records[i].ID, r.ID, "results are in input order")
		assert.NoError(t, r.Err)
	}
	var n int
	for _, env := range srv.envelopes {
		for _, r := range env.Requests {
			assert.Equal(t, strconv.Itoa(n), r.ID)
			assert.Equal(t, http.MethodPatch, r.Method)
			assert.Equal(t, decInstPath+"/decisions/"+string(records[n].ID), r.URL)
			n++
		}
	}
	assertGoldenJSON(t, srv.bodies[2], "decisions/record_many_envelope3.golden.json")
}

func TestRecordManyRetriesThrottledItemAlone(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t, odata.WithRetryPolicy(odata.DefaultRetryPolicy()))
		srv := newBulkServer(t, mt, func(id string, attempt int) bulkSub {
			if id == "1" && attempt == 1 {
				return bulkSub{Status: http.StatusTooManyRequests, Headers: map[string]string{"Retry-After": "2"},
					Body: json.RawMessage(`{"error":{"code":"TooManyRequests","message":"Please retry again later."}}`)}
			}
			return bulkSub{Status: http.StatusNoContent}
		})
		start := time.Now()
		results, err := c.Decisions.RecordMany(t.Context(), decDef, decInst, bulkRecords(3), nil)
		require.NoError(t, err)
		assert.Equal(t, []int{3, 1}, srv.sizes())
		assert.Equal(t, "1", srv.envelopes[1].Requests[0].ID, "only the throttled item is resent")
		assert.GreaterOrEqual(t, time.Since(start), 2*time.Second, "Retry-After is honoured (fake clock)")
		for _, r := range results {
			assert.NoError(t, r.Err)
		}
	})
}

func TestRecordManyResendsAmbiguousEnvelope(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t, odata.WithRetryPolicy(odata.DefaultRetryPolicy()))
		srv := &bulkServer{t: t, seen: map[string]int{}, answer: noContent}
		var calls int
		mt.RegisterResponder(http.MethodPost, bulkURL, func(req *http.Request) (*http.Response, error) {
			if calls++; calls == 1 {
				readBody(t, req)
				return nil, errors.New("connection reset by peer")
			}
			return srv.respond(req)
		})
		results, err := c.Decisions.RecordMany(t.Context(), decDef, decInst, bulkRecords(3), nil)
		require.NoError(t, err)
		assert.Equal(t, 2, calls, "a PATCH batch is resent after an ambiguous failure")
		assert.Equal(t, []int{3}, srv.sizes())
		for _, r := range results {
			assert.NoError(t, r.Err)
		}
	})
}

func TestRecordManyItemErrors(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	newBulkServer(t, mt, func(id string, _ int) bulkSub {
		if id == "1" {
			return bulkSub{Status: http.StatusNotFound, Headers: map[string]string{"Content-Type": "application/json"},
				Body: json.RawMessage(fixture(t, "decisions/not_found.json"))}
		}
		return bulkSub{Status: http.StatusNoContent}
	})
	records := bulkRecords(3)
	results, err := c.Decisions.RecordMany(t.Context(), decDef, decInst, records, nil)
	require.NoError(t, err)
	require.Len(t, results, 3)
	assert.NoError(t, results[0].Err)
	assert.NoError(t, results[2].Err)
	assert.Equal(t, records[1].ID, results[1].ID)
	require.Error(t, results[1].Err)
	assert.ErrorIs(t, results[1].Err, odata.ErrNotFound)
	assert.NotErrorIs(t, results[1].Err, odata.ErrOutcomeUnknown)
	var apiErr *odata.Error
	require.ErrorAs(t, results[1].Err, &apiErr)
	assert.Equal(t, "itemNotFound", apiErr.Code)
	assert.Contains(t, results[1].Err.Error(), string(records[1].ID))
}

func TestRecordManyEnvelopeFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		responder httpmock.Responder
		unknown   bool
		is        error
	}{
		{name: "connection reset", responder: httpmock.NewErrorResponder(errors.New("connection reset by peer")), unknown: true},
		{name: "envelope 500", responder: decJSON(http.StatusInternalServerError, `{"error":{"code":"generalException"}}`), unknown: true},
		{name: "missing sub-response", responder: decJSON(http.StatusOK, `{"responses":[]}`), unknown: true},
		{name: "envelope 400", responder: decJSON(http.StatusBadRequest, `{"error":{"code":"BadRequest"}}`), is: odata.ErrBadRequest},
		{name: "envelope 403", responder: decJSON(http.StatusForbidden, `{"error":{"code":"accessDenied"}}`), is: odata.ErrForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			mt.RegisterResponder(http.MethodPost, bulkURL, tt.responder)
			results, err := c.Decisions.RecordMany(t.Context(), decDef, decInst, bulkRecords(2), nil)
			require.NoError(t, err)
			require.Len(t, results, 2)
			for _, r := range results {
				require.Error(t, r.Err)
				assert.Equal(t, tt.unknown, errors.Is(r.Err, odata.ErrOutcomeUnknown), r.Err.Error())
				if tt.is != nil {
					assert.ErrorIs(t, r.Err, tt.is)
				}
			}
			assert.Equal(t, 1, mt.GetTotalCallCount())
		})
	}
}

func TestRecordManyContextEnds(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	srv := newBulkServer(t, mt, noContent)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var calls int
	results, err := c.Decisions.RecordMany(ctx, decDef, decInst, bulkRecords(45), &RecordOptions{
		Progress: func(Progress) { calls++; cancel() },
	})
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, []int{20}, srv.sizes())
	assert.Equal(t, 1, calls)
	require.Len(t, results, 45)
	for i, r := range results {
		if i < 20 {
			assert.NoError(t, r.Err)
			continue
		}
		assert.ErrorIs(t, r.Err, context.Canceled)
		assert.NotErrorIs(t, r.Err, odata.ErrOutcomeUnknown, "never sent")
	}
}

func TestRecordManyInvalid(t *testing.T) {
	t.Parallel()
	good := bulkRecords(2)
	tests := []struct {
		name    string
		def     DefinitionID
		records []DecisionRecord
		fields  []string
	}{
		{name: "bad definition", def: "x", records: good, fields: []string{"definitionID"}},
		{name: "bad id", def: decDef, records: []DecisionRecord{{ID: "x", Decision: DecisionApprove}}, fields: []string{"records[0].id"}},
		{name: "missing decision", def: decDef, records: []DecisionRecord{good[0], {ID: good[1].ID}}, fields: []string{"records[1].decision"}},
		{name: "every problem at once", def: decDef,
			records: []DecisionRecord{
				good[0],
				{ID: "", Decision: "Keep"},
				{ID: DecisionID("00000000-0000-4000-8000-00000000000A"), Decision: DecisionDeny},
				{ID: DecisionID("00000000-0000-4000-8000-00000000000a"), Decision: DecisionDeny},
				good[0],
			},
			fields: []string{"records[1].id", "records[1].decision", "records[3].id", "records[4].id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			results, err := c.Decisions.RecordMany(t.Context(), tt.def, decInst, tt.records, nil)
			require.Error(t, err)
			assert.Nil(t, results)
			assert.ErrorIs(t, err, odata.ErrInvalid)
			assert.Equal(t, tt.fields, decFieldNames(err))
			assert.Zero(t, mt.GetTotalCallCount())
		})
	}
}

func TestRecordManyNothingToDo(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	results, err := c.Decisions.RecordMany(t.Context(), decDef, decInst, nil, &RecordOptions{
		Progress: func(Progress) { t.Error("no progress without records") },
	})
	require.NoError(t, err)
	assert.Empty(t, results)
	assert.Zero(t, mt.GetTotalCallCount())
}

func TestDecisionsRecordAll(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		call   func(ctx context.Context, c *Client) error
		path   string
		golden string
	}{
		{name: "tenant-wide with filters", path: "/beta/identityGovernance/accessReviews/decisions" + decFBU + "/recordAllDecisions",
			golden: "decisions/record_all.golden.json",
			call: func(ctx context.Context, c *Client) error {
				return c.Decisions.RecordAll(ctx, BatchDecision{
					Decision: DecisionDeny, Justification: "Contractor offboarded",
					PrincipalID: "baf1b0a0-1f9a-4a56-9884-6a30824f8d20", ResourceID: "02f3bafb-448c-487c-88c2-5fd65ce49a41",
				})
			}},
		{name: "one instance, no filters", path: "/beta" + decInstPath + "/decisions/recordAllDecisions",
			golden: "decisions/record_all_instance.golden.json",
			call: func(ctx context.Context, c *Client) error {
				return c.Decisions.RecordAllInInstance(ctx, decDef, decInst, BatchDecision{Decision: DecisionDontKnow, AllItems: true})
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			var body []byte
			mt.RegisterResponder(http.MethodPost, testBase+tt.path, func(req *http.Request) (*http.Response, error) {
				body = readBody(t, req)
				return httpmock.NewStringResponse(http.StatusNoContent, ""), nil
			})
			require.NoError(t, tt.call(t.Context(), c))
			require.Equal(t, 1, mt.GetTotalCallCount())
			assertGoldenJSON(t, body, tt.golden)
		})
	}
}

func TestDecisionsRecordAllNotResentAfterAmbiguity(t *testing.T) {
	t.Parallel()
	// With retries on, a reset after the request was written must not make
	// the last-writer-wins action run twice.
	c, mt := newTestClient(t, odata.WithRetryPolicy(odata.RetryPolicy{MaxRetries: 3}))
	mt.RegisterResponder(http.MethodPost, testBase+"/beta/identityGovernance/accessReviews/decisions"+decFBU+"/recordAllDecisions",
		httpmock.NewErrorResponder(fmt.Errorf("connection reset by peer")))
	err := c.Decisions.RecordAll(t.Context(), BatchDecision{Decision: DecisionApprove, AllItems: true})
	require.Error(t, err)
	assert.ErrorIs(t, err, odata.ErrOutcomeUnknown)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestRecordManyProgressCountsOutcomesApart(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	srv := &bulkServer{t: t, seen: map[string]int{}, answer: func(id string, _ int) bulkSub {
		if id == "1" {
			return bulkSub{Status: http.StatusNotFound, Headers: map[string]string{"Content-Type": "application/json"},
				Body: json.RawMessage(fixture(t, "decisions/not_found.json"))}
		}
		return bulkSub{Status: http.StatusNoContent}
	}}
	// The first envelope is answered item by item; the second is reset
	// after it was written, so its items' fate is unknown.
	mt.RegisterResponder(http.MethodPost, bulkURL, func(req *http.Request) (*http.Response, error) {
		if len(srv.envelopes) == 0 {
			return srv.respond(req)
		}
		return nil, errors.New("connection reset by peer")
	})
	var progress []Progress
	results, err := c.Decisions.RecordMany(t.Context(), decDef, decInst, bulkRecords(25), &RecordOptions{
		Progress: func(p Progress) { progress = append(progress, p) },
	})
	require.NoError(t, err)
	require.Len(t, results, 25)
	assert.Equal(t, []Progress{
		{Recorded: 19, Failed: 1, Total: 25},
		{Recorded: 19, Failed: 1, OutcomeUnknown: 5, Total: 25},
	}, progress)
	assert.ErrorIs(t, results[1].Err, odata.ErrNotFound)
	for _, r := range results[20:] {
		assert.ErrorIs(t, r.Err, odata.ErrOutcomeUnknown)
	}
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

// TestBatchDecisionMethodsOnTheWire covers every DecisionsService method
// that records a BatchDecision: its method, path, API version and body.
func TestBatchDecisionMethodsOnTheWire(t *testing.T) {
	t.Parallel()
	narrowed := BatchDecision{Decision: DecisionDeny, Justification: "left", PrincipalID: "baf1b0a0-1f9a-4a56-9884-6a30824f8d20"}
	every := BatchDecision{Decision: DecisionApprove, AllItems: true}
	tests := []struct {
		name string
		call func(ctx context.Context, c *Client) error
		path string
		body string
	}{
		{"BatchRecord", func(ctx context.Context, c *Client) error {
			return c.Decisions.BatchRecord(ctx, decDef, decInst, narrowed)
		}, "/v1.0" + decInstPath + "/batchRecordDecisions",
			`{"decision":"Deny","justification":"left","principalId":"baf1b0a0-1f9a-4a56-9884-6a30824f8d20"}`},
		{"BatchRecordInStage", func(ctx context.Context, c *Client) error {
			return c.Decisions.BatchRecordInStage(ctx, decDef, decInst, decStage, every)
		}, "/v1.0" + decStagePath + "/batchRecordDecisions", `{"decision":"Approve"}`},
		{"RecordAll", func(ctx context.Context, c *Client) error {
			return c.Decisions.RecordAll(ctx, narrowed)
		}, "/beta/identityGovernance/accessReviews/decisions" + decFBU + "/recordAllDecisions",
			`{"decision":"Deny","justification":"left","principalId":"baf1b0a0-1f9a-4a56-9884-6a30824f8d20"}`},
		{"RecordAllInInstance", func(ctx context.Context, c *Client) error {
			return c.Decisions.RecordAllInInstance(ctx, decDef, decInst, every)
		}, "/beta" + decInstPath + "/decisions/recordAllDecisions", `{"decision":"Approve"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			var body []byte
			mt.RegisterResponder(http.MethodPost, testBase+tt.path, func(req *http.Request) (*http.Response, error) {
				body = readBody(t, req)
				return httpmock.NewStringResponse(http.StatusNoContent, ""), nil
			})
			require.NoError(t, tt.call(t.Context(), c))
			assert.Equal(t, 1, mt.GetTotalCallCount())
			assert.JSONEq(t, tt.body, string(body))
		})
	}
}

// TestBatchDecisionValidation: one validation serves every BatchDecision
// method; recordAllDecisions alone refuses NotReviewed.
func TestBatchDecisionValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		in     BatchDecision
		fields []string
	}{
		{"narrowed", BatchDecision{Decision: DecisionDeny, ResourceID: "r"}, nil},
		{"every item", BatchDecision{Decision: DecisionNotReviewed, AllItems: true}, nil},
		{"nothing", BatchDecision{}, []string{"decision", "allItems"}},
		{"unknown decision", BatchDecision{Decision: "Maybe", PrincipalID: "p"}, []string{"decision"}},
		{"every item and narrowed", BatchDecision{Decision: DecisionApprove, PrincipalID: "p", AllItems: true}, []string{"allItems"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.in.Validate()
			if tt.fields == nil {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, odata.ErrInvalid)
			assert.Equal(t, tt.fields, testutil.FieldNames(err))
		})
	}
	t.Run("RecordAll refuses NotReviewed before sending", func(t *testing.T) {
		t.Parallel()
		c, mt := newTestClient(t)
		err := c.Decisions.RecordAll(t.Context(), BatchDecision{Decision: DecisionNotReviewed, AllItems: true})
		assert.ErrorIs(t, err, odata.ErrInvalid)
		assert.Equal(t, []string{"decision"}, testutil.FieldNames(err))
		assert.Zero(t, mt.GetTotalCallCount())
	})
}
