package odata

import (
	"io"
	"net/http"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// batchMixed is an envelope's worth of every retry class: a read, a create,
// a convergent action, a non-idempotent action and an idempotent write.
func batchMixed() []BatchRequest {
	return []BatchRequest{
		{ID: "read", Method: http.MethodGet, Path: "a"},
		{ID: "create", Method: http.MethodPost, Path: "identityGovernance/accessReviews/definitions", Body: []byte(`{}`)},
		{ID: "stop", Method: http.MethodPost, Path: "s/stop", Class: RetryConvergent},
		{ID: "remind", Method: http.MethodPost, Path: "r/sendReminder", Class: RetryNonIdempotent},
		{ID: "put", Method: http.MethodPut, Path: "c", Body: []byte(`{}`)},
	}
}

// TestBatchUnreadableEnvelopeIsOutcomeUnknown: once the service may have
// run an envelope, an answer that cannot be read or decoded makes the
// outcome of its creates and actions unknown: each gets an
// *OutcomeUnknownError with the envelope's client-request-id, never a plain
// decode error that invites a resend, and none is sent again. Reads and
// idempotent writes are sent again, in a new envelope, and succeed.
func TestBatchUnreadableEnvelopeIsOutcomeUnknown(t *testing.T) {
	t.Parallel()
	broken := func(body string, err error, headers ...string) func() *http.Response {
		return func() *http.Response {
			resp := newResponse(200, "", headers...)
			if resp.Header.Get("Content-Type") == "" {
				resp.Header.Set("Content-Type", "application/json")
			}
			resp.ContentLength = -1
			resp.Body = &errAfterBody{data: []byte(body), err: err}
			return resp
		}
	}
	const half = `{"responses":[{"id":"create","status":201,"body":{"id":"new"}},{"id":"re`
	for _, tc := range []struct {
		name  string
		reply func() *http.Response
	}{
		{"truncated body", broken(half, errUnexpectedEOF)},
		{"reset while reading", broken(half, errConnReset)},
		{"broken JSON", broken(half, io.EOF)},
		{"responses not an array", broken(`{"responses":{"id":"create"}}`, io.EOF)},
		{"no responses member", broken(`{"value":[]}`, io.EOF)},
		{"responses null", broken(`{"responses":null}`, io.EOF)},
		{"body null", broken(`null`, io.EOF)},
		{"empty body", broken(``, io.EOF)},
		{"not JSON", broken(`<html>upstream timed out</html>`, io.EOF, "Content-Type", "text/html")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				fake := &batchFake{answer: batchOK}
				c, tr := newScripted(t, func(n int, r *sentRequest) (*http.Response, error) {
					if n == 0 {
						return tc.reply(), nil
					}
					return fake.reply(n, r)
				})
				results, err := c.Batch(t.Context(), batchMixed())
				require.NoError(t, err)
				sent := tr.requests()
				require.Len(t, sent, 2, "the envelope once, then what is safe to resend")
				assert.Equal(t, []string{"read", "put"}, fake.ids(0))
				crid := sent[0].Header.Get("client-request-id")
				require.NotEmpty(t, crid)
				for _, i := range []int{0, 4} {
					assert.NoError(t, results[i].Err, results[i].ID)
					assert.Equal(t, 200, results[i].Status, results[i].ID)
				}
				for _, i := range []int{1, 2, 3} {
					r := results[i]
					var oe *OutcomeUnknownError
					require.ErrorAs(t, r.Err, &oe, "%s: %v", r.ID, r.Err)
					assert.ErrorIs(t, r.Err, ErrOutcomeUnknown)
					assert.Equal(t, crid, oe.ClientRequestID, r.ID)
					assert.Equal(t, http.MethodPost, oe.Method, r.ID)
					assert.Equal(t, 1, oe.Attempts, r.ID)
					assert.Zero(t, r.Status, r.ID)
				}
				assert.Equal(t, "/identityGovernance/accessReviews/definitions", results[1].Err.(*OutcomeUnknownError).Path)
			})
		})
	}
}

// TestBatchContradictoryAnswersAreErrors: a response that answers one id
// twice with different statuses is an error for that item, never a
// success: outcome unknown for a create, a plain error for a read. The
// same status twice is one answer, and ids match case-insensitively.
func TestBatchContradictoryAnswersAreErrors(t *testing.T) {
	t.Parallel()
	c, _ := newScripted(t, alwaysReply(200, `{"responses":[
		{"id":"create","status":201,"body":{"id":"new"}},
		{"id":"read","status":200,"body":{"id":"r"}},
		{"id":"CREATE","status":400,"body":`+graphErrorBody("BadRequest", "x")+`},
		{"id":"same","status":204},
		{"id":"READ","status":404},
		{"id":"same","status":204},
		{"id":"nostatus","body":{}}
	]}`))
	results, err := c.Batch(t.Context(), []BatchRequest{
		{ID: "create", Method: http.MethodPost, Path: "identityGovernance/accessReviews/definitions", Body: []byte(`{}`)},
		{ID: "read", Method: http.MethodGet, Path: "a"},
		{ID: "same", Method: http.MethodPatch, Path: "b", Body: []byte(`{}`)},
		{ID: "nostatus", Method: http.MethodPost, Path: "c/sendReminder"},
	})
	require.NoError(t, err)
	require.Len(t, results, 4)

	assert.ErrorIs(t, results[0].Err, ErrOutcomeUnknown)
	assert.ErrorContains(t, results[0].Err, "statuses 201 and 400")
	assert.Zero(t, results[0].Status)

	require.Error(t, results[1].Err)
	assert.NotErrorIs(t, results[1].Err, ErrOutcomeUnknown)
	assert.ErrorContains(t, results[1].Err, `id "read" answered twice, with statuses 200 and 404`)
	assert.Nil(t, results[1].Body)

	assert.NoError(t, results[2].Err)
	assert.Equal(t, 204, results[2].Status)

	assert.ErrorIs(t, results[3].Err, ErrOutcomeUnknown, "an answer without a status is no answer")
	assert.ErrorContains(t, results[3].Err, "status 0")
}
