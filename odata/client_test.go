package odata

import (
	"context"
	"encoding/json/jsontext"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestDoBuildsURLAndHeaders(t *testing.T) {
	t.Parallel()
	c, tr := newScripted(t, alwaysReply(200, `{"id":"x"}`), WithUserAgent("reviewbot/1.2"), WithTokenSource(&countingTokens{}))
	ctx := t.Context()

	var out struct{ ID string }
	require.NoError(t, c.Do(ctx, &Request{
		Method: http.MethodGet,
		Path:   "identityGovernance/accessReviews/definitions",
		Query:  &Query{Top: 5, Select: []string{"id", "displayName"}},
		Header: http.Header{"ConsistencyLevel": {"eventual"}},
	}, &out))
	assert.Equal(t, "x", out.ID)
	require.NoError(t, c.Do(ctx, &Request{Method: http.MethodPost, Path: "/identityGovernance/accessReviews/definitions", Version: Beta, Body: map[string]string{"displayName": "Q1"}}, nil))

	sent := tr.requests()
	require.Len(t, sent, 2)
	get, post := sent[0], sent[1]
	assert.Equal(t, "/v1.0/identityGovernance/accessReviews/definitions", get.Path)
	assert.Contains(t, get.Query, "$top=5")
	assert.Contains(t, get.Query, "$select=")
	assert.Equal(t, "eventual", get.Header.Get("ConsistencyLevel"))
	assert.Equal(t, "application/json", get.Header.Get("Accept"))
	assert.Empty(t, get.Header.Get("Content-Type"), "no body, no content type")
	assert.Empty(t, get.Body)
	assert.Equal(t, "Bearer tok-1", get.Header.Get("Authorization"))
	assert.Regexp(t, `^reviewbot/1\.2 graphkit-governance/\S+ \(\+https://github\.com/graphkit/governance\)$`, get.Header.Get("User-Agent"))
	assert.Regexp(t, uuidV4, get.Header.Get("client-request-id"))

	assert.Equal(t, "/beta/identityGovernance/accessReviews/definitions", post.Path, "per-request version override")
	assert.Equal(t, "application/json", post.Header.Get("Content-Type"))
	assert.JSONEq(t, `{"displayName":"Q1"}`, sentBody(post))
	assert.NotEqual(t, get.Header.Get("client-request-id"), post.Header.Get("client-request-id"), "one id per logical call")
	assert.Empty(t, get.Header.Get("Retry-Attempt"))
}

func TestDoWithoutTokenSourceSendsNoAuthorization(t *testing.T) {
	t.Parallel()
	c, tr := newScripted(t, alwaysReply(204, ""))
	require.NoError(t, c.Do(t.Context(), &Request{Method: http.MethodDelete, Path: "x"}, nil))
	require.Len(t, tr.requests(), 1)
	_, has := tr.requests()[0].Header["Authorization"]
	assert.False(t, has)
}

func TestDoValidatesBeforeSending(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		req    Request
		fields []string
	}{
		{"everything wrong", Request{
			Method:  "get",
			Path:    "../users",
			Version: "v2",
			Class:   RetryClass(42),
			Header:  http.Header{"Authorization": {"Bearer stolen"}, "X-Bad": {"a\r\nb"}},
			Body:    func() {},
			Query:   &Query{Top: -1},
		}, []string{"method", "path", "version", "class", "header.Authorization", "header.X-Bad", "body", "top"}},
		{"empty path", Request{Method: http.MethodGet}, []string{"path"}},
		{"encoded traversal", Request{Method: http.MethodGet, Path: "a/%2e%2E/b"}, []string{"path"}},
		{"encoded slash", Request{Method: http.MethodGet, Path: "a%2Fb"}, []string{"path"}},
		{"query in path", Request{Method: http.MethodGet, Path: "a?b=c"}, []string{"path"}},
		{"fragment in path", Request{Method: http.MethodGet, Path: "a#b"}, []string{"path"}},
		{"empty segment", Request{Method: http.MethodGet, Path: "a//b"}, []string{"path"}},
		{"space", Request{Method: http.MethodGet, Path: "a b"}, []string{"path"}},
		{"bad escape", Request{Method: http.MethodGet, Path: "a%zz"}, []string{"path"}},
		{"reserved client-request-id", Request{Method: http.MethodGet, Path: "a", Header: http.Header{"Client-Request-Id": {"x"}}}, []string{"header.Client-Request-Id"}},
		{"user agent", Request{Method: http.MethodGet, Path: "a", Header: http.Header{"User-Agent": {"x"}}}, []string{"header.User-Agent"}},
	}
	t.Run("out not a pointer", func(t *testing.T) {
		t.Parallel()
		c, tr := newScripted(t, alwaysReply(200, `{}`))
		var m map[string]any
		assert.ErrorContains(t, c.Do(t.Context(), &Request{Method: http.MethodGet, Path: "a"}, m), "out: must be a non-nil pointer")
		var p *struct{}
		assert.ErrorIs(t, c.Do(t.Context(), &Request{Method: http.MethodGet, Path: "a"}, p), ErrInvalid)
		assert.Empty(t, tr.requests())
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, tr := newScripted(t, alwaysReply(200, `{}`))
			err := c.Do(t.Context(), &tt.req, nil)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalid)
			for _, f := range tt.fields {
				assert.Contains(t, err.Error(), f+":", "field %s", f)
			}
			assert.Empty(t, tr.requests(), "nothing is sent")
			assert.NotContains(t, err.Error(), "stolen")
		})
	}
	c, _ := newScripted(t, alwaysReply(200, `{}`))
	assert.ErrorIs(t, c.Do(t.Context(), nil, nil), ErrInvalid)
}

func TestDoBodies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body any
		want string
	}{
		{"bytes as is", []byte(`{"a":1}`), `{"a":1}`},
		{"raw message as is", jsontext.Value(`[1,2]`), `[1,2]`},
		{"struct encoded", struct {
			Decision string `json:"decision"`
		}{"Approve"}, `{"decision":"Approve"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, tr := newScripted(t, alwaysReply(204, ""))
			require.NoError(t, c.Do(t.Context(), &Request{Method: http.MethodPatch, Path: "d", Body: tt.body}, nil))
			require.Len(t, tr.requests(), 1)
			assert.Equal(t, tt.want, string(tr.requests()[0].Body))
		})
	}
}

func TestDoDecodesResponses(t *testing.T) {
	t.Parallel()
	type item struct{ ID string }
	tests := []struct {
		name    string
		resp    *http.Response
		want    item
		wantErr string
	}{
		{"json", newResponse(200, `{"id":"a"}`), item{"a"}, ""},
		{"json with charset", newResponse(200, `{"id":"b"}`, "Content-Type", "application/json; charset=utf-8; odata.metadata=minimal"), item{"b"}, ""},
		{"no content type", &http.Response{StatusCode: 200, Header: http.Header{}, Body: http.NoBody}, item{"untouched"}, ""},
		{"204 leaves out untouched", newResponse(204, ""), item{"untouched"}, ""},
		{"empty 200 leaves out untouched", newResponse(200, ""), item{"untouched"}, ""},
		{"html 200", newResponse(200, `<html></html>`, "Content-Type", "text/html"), item{"untouched"}, "not JSON"},
		{"malformed json", newResponse(200, `{"id":`), item{"untouched"}, "decode response"},
		{"null 200 is an error, not a zero entity", newResponse(200, `null`), item{"untouched"}, "GET /x: response body is null"},
		{"null 200 with blanks", newResponse(200, " \r\n null \t"), item{"untouched"}, "response body is null"},
		{"a string null is a decode error", newResponse(200, `"null"`), item{"untouched"}, "decode response"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, _ := newScripted(t, func(int, *sentRequest) (*http.Response, error) { return tt.resp, nil }, WithRetryPolicy(NoRetries()))
			out := item{"untouched"}
			err := c.Do(t.Context(), &Request{Method: http.MethodGet, Path: "x"}, &out)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, out)
		})
	}
}

// TestDoUnreadableWriteAnswerIsOutcomeUnknown checks that a create or
// action whose 2xx answer cannot be decoded reports ErrOutcomeUnknown with
// its client-request-id after one attempt, never a plain decode error that
// invites a resend, while a read or an idempotent write with the same
// answer gets the plain error.
func TestDoUnreadableWriteAnswerIsOutcomeUnknown(t *testing.T) {
	t.Parallel()
	answers := []struct {
		name string
		resp func() *http.Response
		why  string
	}{
		{"broken json", func() *http.Response { return newResponse(201, `{"id":"new-1",`) }, "decode response"},
		{"null", func() *http.Response { return newResponse(201, `null`) }, "response body is null"},
		{"html", func() *http.Response { return newResponse(201, `<html>`, "Content-Type", "text/html") }, "not JSON"},
	}
	classes := []struct {
		name    string
		method  string
		class   RetryClass
		unknown bool
	}{
		{"POST create", http.MethodPost, RetryDefault, true},
		{"convergent action", http.MethodPost, RetryConvergent, true},
		{"GET", http.MethodGet, RetryDefault, false},
		{"PUT", http.MethodPut, RetryDefault, false},
	}
	for _, a := range answers {
		for _, cl := range classes {
			t.Run(a.name+"/"+cl.name, func(t *testing.T) {
				t.Parallel()
				c, tr := newScripted(t, func(int, *sentRequest) (*http.Response, error) { return a.resp(), nil })
				var out struct{ ID string }
				req := &Request{Method: cl.method, Path: "definitions", Class: cl.class}
				if cl.method != http.MethodGet {
					req.Body = map[string]string{"displayName": "d"}
				}
				verified := false
				req.Verify = func(context.Context) (bool, error) { verified = true; return true, nil }
				err := c.Do(t.Context(), req, &out)
				require.Error(t, err)
				assert.Contains(t, err.Error(), a.why)
				require.Len(t, tr.requests(), 1, "an answered call is never resent")
				assert.Empty(t, out.ID)
				assert.False(t, verified, "a 2xx answer needs no verification, its body does")
				if !cl.unknown {
					assert.NotErrorIs(t, err, ErrOutcomeUnknown)
					return
				}
				require.ErrorIs(t, err, ErrOutcomeUnknown)
				var ou *OutcomeUnknownError
				require.ErrorAs(t, err, &ou)
				assert.Equal(t, tr.requests()[0].Header.Get("client-request-id"), ou.ClientRequestID)
				assert.NotEmpty(t, ou.ClientRequestID)
				assert.Equal(t, 1, ou.Attempts)
			})
		}
	}
}

func TestDoReturnsTypedErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status int
		is     error
	}{
		{400, ErrBadRequest},
		{403, ErrForbidden},
		{404, ErrNotFound},
		{409, ErrConflict},
		{422, nil},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			t.Parallel()
			c, tr := newScripted(t, alwaysReply(tt.status, graphErrorBody("someCode", "req-1"), "request-id", "req-1"))
			err := c.Do(t.Context(), &Request{
				Method: http.MethodGet,
				Path:   "identityGovernance/accessReviews/definitions",
				Query:  &Query{Filter: Eq("displayName", "secret-value")},
			}, nil)
			require.Error(t, err)
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.status, e.StatusCode)
			assert.Equal(t, "someCode", e.Code)
			assert.Equal(t, "req-1", e.RequestID)
			assert.Equal(t, http.MethodGet, e.Method)
			assert.Equal(t, "/identityGovernance/accessReviews/definitions", e.Path)
			assert.Equal(t, 1, e.Attempts)
			assert.Equal(t, tr.requests()[0].Header.Get("client-request-id"), e.ClientRequestID)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
			assert.Len(t, tr.requests(), 1, "client errors are never retried")
			assert.NotContains(t, err.Error(), "secret-value")
		})
	}
}

func TestDoBoundsResponseBodies(t *testing.T) {
	t.Parallel()
	big := `{"value":"` + strings.Repeat("x", 2000) + `"}`
	c, _ := newScripted(t, alwaysReply(200, big), WithMaxResponseBytes(1000))
	var out map[string]any
	err := c.Do(t.Context(), &Request{Method: http.MethodGet, Path: "x"}, &out)
	require.ErrorIs(t, err, ErrResponseTooLarge)
	assert.Nil(t, out)

	// An error body is cut to the limit, never an error of its own.
	c, _ = newScripted(t, alwaysReply(500, `{"error":{"code":"x","message":"`+strings.Repeat("m", 5000)+`"}}`), WithMaxErrorBytes(100), WithRetryPolicy(NoRetries()))
	err = c.Do(t.Context(), &Request{Method: http.MethodGet, Path: "x"}, nil)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 500, e.StatusCode)
	assert.LessOrEqual(t, len(e.Snippet), 512)
}

func TestDoContextAlreadyDone(t *testing.T) {
	t.Parallel()
	c, tr := newScripted(t, alwaysReply(200, `{}`))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for range 50 { // a free concurrency slot must not win over a done context
		err := c.Do(ctx, &Request{Method: http.MethodGet, Path: "x"}, nil)
		assert.ErrorIs(t, err, context.Canceled)
		assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	}
	assert.Empty(t, tr.requests())
}

func TestDoNextLinkErrorsNameThePathBelowTheVersion(t *testing.T) {
	t.Parallel()
	c, tr := newScripted(t, alwaysReply(404, graphErrorBody("ResourceNotFound", "r")), WithBaseURL("https://proxy.example/graph"))
	u, err := url.Parse("https://proxy.example/graph/beta/users?$skiptoken=zzsecret")
	require.NoError(t, err)
	err = c.Do(t.Context(), &Request{Method: http.MethodGet, nextLink: u}, nil)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "/users", e.Path)
	assert.NotContains(t, err.Error(), "zzsecret")
	require.Len(t, tr.requests(), 1)
	assert.Equal(t, "https://proxy.example/graph/beta/users?$skiptoken=zzsecret", tr.requests()[0].URL)
}

func TestNilClientFailsInsteadOfPanicking(t *testing.T) {
	t.Parallel()
	var c *Client
	err := c.Do(t.Context(), &Request{Method: http.MethodGet, Path: "me"}, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "nil client")
	_, err = c.Batch(t.Context(), []BatchRequest{{ID: "1", Method: http.MethodGet, Path: "/me"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "nil client")
}
