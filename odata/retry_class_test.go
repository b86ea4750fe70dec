package odata

import (
	"context"
	"errors"
	"net"
	"net/http"
	"syscall"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRetryByClass(t *testing.T) {
	t.Parallel()
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	tests := []struct {
		name     string
		req      Request
		replies  []func() (*http.Response, error)
		requests int
		check    func(t *testing.T, err error)
	}{
		{"504 on GET is retried", Request{Method: http.MethodGet, Path: "x"},
			replies(replyWith(504, ""), replyWith(200, `{}`)), 2, wantNoErr},
		{"504 on POST create is not retried", Request{Method: http.MethodPost, Path: "identityGovernance/accessReviews/definitions", Body: []byte(`{}`)},
			replies(replyWith(504, graphErrorBody("GatewayTimeout", "r"))), 1, wantOutcomeUnknown(504)},
		{"503 on POST create is not retried", Request{Method: http.MethodPost, Path: "x", Body: []byte(`{}`)},
			replies(replyWith(503, "")), 1, wantOutcomeUnknown(503)},
		{"503 on convergent action is retried", Request{Method: http.MethodPost, Path: "stop", Class: RetryConvergent},
			replies(replyWith(503, ""), replyWith(204, "")), 2, wantNoErr},
		{"500 on GET is retried twice at most", Request{Method: http.MethodGet, Path: "x"},
			replies(replyWith(500, graphErrorBody("generalException", "r"))), 3, wantStatus(500)},
		{"502 on GET is retried twice at most", Request{Method: http.MethodGet, Path: "x"},
			replies(replyWith(502, "")), 3, wantStatus(502)},
		{"500 on stop is not retried", Request{Method: http.MethodPost, Path: "stop", Class: RetryConvergent},
			replies(replyWith(500, graphErrorBody("generalException", "r"))), 1, wantStatus(500)},
		{"500 on PUT is not retried", Request{Method: http.MethodPut, Path: "d", Body: []byte(`{}`)},
			replies(replyWith(500, "")), 1, wantStatus(500)},
		{"429 on POST create is retried", Request{Method: http.MethodPost, Path: "x", Body: []byte(`{}`)},
			replies(replyWith(429, "", "Retry-After", "1"), replyWith(201, `{"id":"n"}`)), 2, wantNoErr},
		{"dial error on POST create is retried", Request{Method: http.MethodPost, Path: "x", Body: []byte(`{}`)},
			replies(failWith(dial), replyWith(201, `{}`)), 2, wantNoErr},
		{"reset on POST create is not retried", Request{Method: http.MethodPost, Path: "x", Body: []byte(`{}`)},
			replies(failWith(errConnReset), replyWith(201, `{}`)), 1, wantOutcomeUnknownReset},
		{"reset on convergent action is not retried", Request{Method: http.MethodPost, Path: "stop", Class: RetryConvergent},
			replies(failWith(errConnReset), replyWith(204, "")), 1, wantOutcomeUnknownReset},
		{"reset on GET is retried", Request{Method: http.MethodGet, Path: "x"},
			replies(failWith(errConnReset), replyWith(200, `{}`)), 2, wantNoErr},
		{"resets on GET exhaust the budget", Request{Method: http.MethodGet, Path: "x"},
			replies(failWith(errConnReset)), 4, wantPlainResetErr},
		{"reset on PUT is retried once", Request{Method: http.MethodPut, Path: "d", Body: []byte(`{}`)},
			replies(failWith(errConnReset), failWith(errConnReset), replyWith(200, `{}`)), 2, wantPlainResetErr},
		{"reset on PATCH then success", Request{Method: http.MethodPatch, Path: "d", Body: []byte(`{}`)},
			replies(failWith(errConnReset), replyWith(204, "")), 2, wantNoErr},
		{"DELETE reset then 404 is success", Request{Method: http.MethodDelete, Path: "d"},
			replies(failWith(errConnReset), replyWith(404, graphErrorBody("ResourceNotFound", "r"))), 2, wantNoErr},
		{"DELETE 404 without ambiguity is an error", Request{Method: http.MethodDelete, Path: "d"},
			replies(replyWith(404, graphErrorBody("ResourceNotFound", "r"))), 1, wantStatus(404)},
		{"400 is never retried", Request{Method: http.MethodGet, Path: "x"},
			replies(replyWith(400, graphErrorBody("BadRequest", "r"))), 1, wantStatus(400)},
		{"explicit read class on POST is retried after reset", Request{Method: http.MethodPost, Path: "$batch", Class: RetryRead, Body: []byte(`{}`)},
			replies(failWith(errConnReset), replyWith(200, `{}`)), 2, wantNoErr},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				c, tr := newScripted(t, replySequence(tt.replies...))
				err := c.Do(t.Context(), &tt.req, nil)
				assert.Len(t, tr.requests(), tt.requests)
				tt.check(t, err)
				if oe := (*OutcomeUnknownError)(nil); errors.As(err, &oe) {
					assert.Equal(t, tr.requests()[0].Header.Get("client-request-id"), oe.ClientRequestID)
					assert.Equal(t, tt.req.Method, oe.Method)
				}
				assert.Equal(t, tr.bodies.Load(), tr.closed.Load(), "every response body is closed")
			})
		})
	}
}

func replies(r ...func() (*http.Response, error)) []func() (*http.Response, error) { return r }

func wantNoErr(t *testing.T, err error) { assert.NoError(t, err) }

func wantStatus(code int) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		var e *Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, code, e.StatusCode)
		assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	}
}

func wantOutcomeUnknown(code int) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		assert.ErrorIs(t, err, ErrOutcomeUnknown)
		var e *Error
		require.ErrorAs(t, err, &e, "the response stays reachable")
		assert.Equal(t, code, e.StatusCode)
	}
}

func wantOutcomeUnknownReset(t *testing.T, err error) {
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.ErrorContains(t, err, "connection reset")
}

func wantPlainResetErr(t *testing.T, err error) {
	require.Error(t, err)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	assert.ErrorContains(t, err, "connection reset")
	assert.ErrorContains(t, err, "client-request-id")
}

func TestVerifyDecidesAmbiguousConvergentCalls(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		verify func(context.Context) (bool, error)
		check  func(*testing.T, error)
	}{
		{"took effect", func(context.Context) (bool, error) { return true, nil }, wantNoErr},
		{"did not", func(context.Context) (bool, error) { return false, nil }, wantOutcomeUnknownReset},
		{"verify failed", func(context.Context) (bool, error) { return false, errors.New("instance lookup failed") }, func(t *testing.T, err error) {
			assert.ErrorIs(t, err, ErrOutcomeUnknown)
			assert.ErrorContains(t, err, "instance lookup failed")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				c, tr := newScripted(t, replySequence(failWith(errConnReset), replyWith(204, "")))
				calls := 0
				err := c.Do(t.Context(), &Request{Method: http.MethodPost, Path: "stop", Class: RetryConvergent,
					Verify: func(ctx context.Context) (bool, error) { calls++; return tt.verify(ctx) }}, nil)
				tt.check(t, err)
				assert.Equal(t, 1, calls)
				assert.Len(t, tr.requests(), 1, "never resent")
			})
		})
	}
}

func TestTruncatedSuccessBody(t *testing.T) {
	t.Parallel()
	truncated := func() (*http.Response, error) {
		r := newResponse(200, `{"value":[`)
		r.Body = &errAfterBody{data: []byte(`{"value":[`), err: errUnexpectedEOF}
		return r, nil
	}
	t.Run("GET is retried", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			c, tr := newScripted(t, replySequence(truncated, replyWith(200, `{"value":[1]}`)))
			var out struct{ Value []int }
			require.NoError(t, c.Do(t.Context(), listDefinitionsReq(), &out))
			assert.Equal(t, []int{1}, out.Value, "never a partial page")
			assert.Len(t, tr.requests(), 2)
		})
	})
	t.Run("POST is outcome unknown", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			c, tr := newScripted(t, replySequence(truncated, replyWith(200, `{}`)))
			var out map[string]any
			err := c.Do(t.Context(), &Request{Method: http.MethodPost, Path: "x", Body: []byte(`{}`)}, &out)
			assert.ErrorIs(t, err, ErrOutcomeUnknown)
			assert.Nil(t, out)
			assert.Len(t, tr.requests(), 1)
		})
	})
	t.Run("body ignored when out is nil", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			c, tr := newScripted(t, replySequence(truncated, replyWith(200, `{}`)))
			require.NoError(t, c.Do(t.Context(), &Request{Method: http.MethodPost, Path: "x"}, nil))
			assert.Len(t, tr.requests(), 1)
		})
	})
}
