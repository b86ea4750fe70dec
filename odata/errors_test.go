package odata

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewResponseErrorDecodesGraphEnvelope(t *testing.T) {
	t.Parallel()
	body := `{"error":{"code":"itemNotFound","message":"The definition was not found.",
		"innerError":{"date":"2025-02-13T10:17:05","request-id":"inner-req","client-request-id":"inner-crid",
			"code":"resourceMissing","innerError":{"code":"definitionMissing"}},
		"details":[{"code":"badValue","message":"displayName is required","target":"displayName"}]}}`
	resp := &http.Response{StatusCode: 404, Header: http.Header{
		"Request-Id":                []string{"hdr-req"},
		"Date":                      []string{"Thu, 13 Feb 2025 10:17:05 GMT"},
		"X-Ms-Ags-Diagnostic":       []string{`{"ServerInfo":{"DataCenter":"West Europe"}}`},
		"X-Ms-Throttle-Scope":       []string{"Tenant_Application/ReadWrite/abc"},
		"X-Ms-Throttle-Information": []string{"CPULimitExceeded"},
		"Retry-After":               []string{"2.5"},
	}}
	e := newResponseError(resp, []byte(body), "GET", "identityGovernance/accessReviews/definitions/x?$filter=secret", "crid-1", 2)

	assert.Equal(t, 404, e.StatusCode)
	assert.Equal(t, "itemNotFound", e.Code)
	assert.Equal(t, "The definition was not found.", e.Message)
	assert.Equal(t, []string{"resourceMissing", "definitionMissing"}, e.InnerCodes)
	assert.Equal(t, "hdr-req", e.RequestID, "the header wins over innerError")
	assert.Equal(t, "crid-1", e.ClientRequestID, "the id we sent wins")
	assert.Equal(t, "2025-02-13T10:17:05", e.Date, "innerError date wins over the Date header")
	assert.Equal(t, `{"ServerInfo":{"DataCenter":"West Europe"}}`, e.AgsDiagnostic)
	assert.Equal(t, "Tenant_Application/ReadWrite/abc", e.ThrottleScope)
	assert.Equal(t, "CPULimitExceeded", e.ThrottleInfo)
	assert.Equal(t, 2500*time.Millisecond, e.RetryAfter)
	assert.Equal(t, "GET", e.Method)
	assert.Equal(t, "identityGovernance/accessReviews/definitions/x", e.Path, "query dropped")
	assert.Equal(t, 2, e.Attempts)
	assert.Empty(t, e.Snippet)
	assert.Equal(t, []ErrorDetail{{Code: "badValue", Message: "displayName is required", Target: "displayName"}}, e.Details)

	msg := e.Error()
	assert.Equal(t, "odata: GET /identityGovernance/accessReviews/definitions/x: 404 itemNotFound: "+
		"The definition was not found.; retry after 2.5s; after 2 attempts (request-id: hdr-req, client-request-id: crid-1)", msg)
	assert.NotContains(t, msg, "secret")
}

func TestNewResponseErrorFallsBackToInnerErrorCorrelation(t *testing.T) {
	t.Parallel()
	body := `{"error":{"code":"x","message":"m","InnerError":{"request-id":"r1","client-request-id":"c1","date":"d1"}}}`
	e := newResponseError(&http.Response{StatusCode: 500}, []byte(body), "POST", "p", "", 1)
	assert.Equal(t, "r1", e.RequestID)
	assert.Equal(t, "c1", e.ClientRequestID)
	assert.Equal(t, "d1", e.Date)
}

func TestNewResponseErrorOddBodies(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat(`{"innererror":`, 200) + `{"code":"deepest"}` + strings.Repeat(`}`, 200)
	tooDeep := strings.Repeat(`[`, 20000) + strings.Repeat(`]`, 20000)
	tests := []struct {
		name        string
		status      int
		body        string
		wantCode    string
		wantMessage string
		wantInner   int
		wantSnippet string // substring; "" means Snippet must be empty
	}{
		{name: "empty body", status: 500},
		{name: "whitespace body", status: 502, body: " \n\t "},
		{name: "html page", status: 502, body: "<html>\r\n<body>Bad Gateway</body></html>", wantSnippet: "<html> <body>Bad Gateway</body></html>"},
		{name: "error null", status: 500, body: `{"error":null}`, wantSnippet: `{"error":null}`},
		{name: "error empty object", status: 500, body: `{"error":{}}`, wantSnippet: `{"error":{}}`},
		{name: "error is a string", status: 400, body: `{"error":"nope"}`, wantSnippet: `{"error":"nope"}`},
		{name: "code is a number", status: 400, body: `{"error":{"code":123,"message":"m"}}`, wantCode: "123", wantMessage: "m"},
		{name: "code is an object", status: 400, body: `{"error":{"code":{"a":1},"message":"m"}}`, wantMessage: "m"},
		{name: "message is an object", status: 400, body: `{"error":{"code":"c","message":{"lang":"en-US","value":"v3 text"}}}`, wantCode: "c", wantMessage: "v3 text"},
		{name: "message is an odd object", status: 400, body: `{"error":{"code":"c","message":{"x": [1, 2]}}}`, wantCode: "c", wantMessage: `{"x":[1,2]}`},
		{name: "upper-case keys", status: 409, body: `{"Error":{"Code":"conflict","Message":"busy"}}`, wantCode: "conflict", wantMessage: "busy"},
		{name: "truncated json", status: 503, body: `{"error":{"code":"serviceNotAvail`, wantSnippet: `{"error":{"code":"serviceNotAvail`},
		{name: "top-level array", status: 500, body: `[1,2,3]`, wantSnippet: `[1,2,3]`},
		{name: "deep innerError chain", status: 500, body: `{"error":{"code":"outer","innerError":` + deep + `}}`, wantCode: "outer", wantInner: 0},
		{name: "nesting beyond the json limit", status: 500, body: tooDeep, wantSnippet: "[[["},
		{name: "control characters in message", status: 400, body: `{"error":{"code":"c\r\nInjected: 1","message":"line1\nline2\u202e"}}`, wantCode: "c Injected: 1", wantMessage: "line1 line2"},
		{name: "invalid utf-8", status: 500, body: "\xff\xfe<html>", wantSnippet: "<html>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newResponseError(&http.Response{StatusCode: tt.status}, []byte(tt.body), "GET", "p", "crid", 1)
			require.NotNil(t, e)
			assert.Equal(t, tt.status, e.StatusCode)
			assert.Equal(t, tt.wantCode, e.Code)
			assert.Equal(t, tt.wantMessage, e.Message)
			assert.Len(t, e.InnerCodes, tt.wantInner)
			if tt.wantSnippet == "" {
				assert.Empty(t, e.Snippet)
			} else {
				assert.Contains(t, e.Snippet, tt.wantSnippet)
			}
			assert.LessOrEqual(t, len(e.Snippet), errorSnippetLen)
			msg := e.Error()
			assert.Contains(t, msg, "odata: GET /p: ")
			assert.NotContains(t, msg, "\n")
			assert.NotContains(t, msg, "\r")
			assert.Less(t, len(msg), 4096)
		})
	}
}

func TestNewResponseErrorBoundsHugeBodies(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("x", 2<<20)
	e := newResponseError(&http.Response{StatusCode: 500}, []byte(huge), "GET", "p", "", 1)
	assert.LessOrEqual(t, len(e.Snippet), errorSnippetLen)
	assert.Less(t, len(e.Error()), 1024)

	longMessage := `{"error":{"code":"c","message":"` + strings.Repeat("é", 10000) + `"}}`
	e = newResponseError(&http.Response{StatusCode: 400}, []byte(longMessage), "GET", "p", "", 1)
	assert.LessOrEqual(t, len(e.Message), maxErrorMessage)
	assert.True(t, strings.HasSuffix(e.Message, "…"))
	assert.True(t, strings.ToValidUTF8(e.Message, "") == e.Message, "clipped at a rune boundary")
}

func TestNewResponseErrorKeepsNestedCodesOutermostFirstAndBounded(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(`{"error":{"code":"top"`)
	for i := range 40 {
		b.WriteString(`,"innerError":{"code":"c` + string(rune('a'+i%26)) + `"`)
	}
	b.WriteString(strings.Repeat("}", 42))
	e := newResponseError(&http.Response{StatusCode: 400}, []byte(b.String()), "GET", "p", "", 1)
	require.Len(t, e.InnerCodes, maxInnerDepth)
	assert.Equal(t, "ca", e.InnerCodes[0])
	assert.Equal(t, "cb", e.InnerCodes[1])
}

func TestNewResponseErrorNilResponse(t *testing.T) {
	t.Parallel()
	e := newResponseError(nil, nil, "GET", "p", "crid", 1)
	assert.Equal(t, 0, e.StatusCode)
	assert.Equal(t, "odata: GET /p: 0 unexpected status (client-request-id: crid)", e.Error())
}

func TestErrorIsMapsStatusToSentinels(t *testing.T) {
	t.Parallel()
	sentinels := []error{ErrBadRequest, ErrUnauthorized, ErrForbidden, ErrNotFound, ErrConflict,
		ErrThrottled, ErrServiceUnavailable, ErrUnexpectedRedirect, ErrOutcomeUnknown, ErrUntrustedNextLink}
	tests := []struct {
		status int
		want   error // nil: matches no sentinel
	}{
		{400, ErrBadRequest}, {401, ErrUnauthorized}, {403, ErrForbidden}, {404, ErrNotFound},
		{409, ErrConflict}, {429, ErrThrottled}, {503, ErrServiceUnavailable}, {504, ErrServiceUnavailable},
		{301, ErrUnexpectedRedirect}, {302, ErrUnexpectedRedirect}, {307, ErrUnexpectedRedirect},
		{500, nil}, {502, nil}, {422, nil}, {412, nil},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			t.Parallel()
			err := error(&Error{StatusCode: tt.status})
			wrapped := errors.Join(errors.New("context"), err)
			for _, s := range sentinels {
				assert.Equal(t, s == tt.want, errors.Is(wrapped, s), "status %d vs %v", tt.status, s)
			}
			got, ok := errors.AsType[*Error](wrapped)
			require.True(t, ok)
			assert.Equal(t, tt.status, got.StatusCode)
		})
	}
}

func TestErrorMessageVariants(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  *Error
		want string
	}{
		{"status text without code", &Error{StatusCode: 503, Method: "GET", Path: "/x"},
			"odata: GET /x: 503 service unavailable"},
		{"snippet quoted", &Error{StatusCode: 502, Method: "GET", Path: "x", Snippet: `<p>"bad"</p>`},
			`odata: GET /x: 502 bad gateway: body "<p>\"bad\"</p>"`},
		{"retry after", &Error{StatusCode: 429, Code: "TooManyRequests", Message: "slow down", RetryAfter: 3600e9, RequestID: "r"},
			"odata: 429 TooManyRequests: slow down; retry after 1h0m0s (request-id: r)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, tt.err.Error())
		})
	}
}

func TestOutcomeUnknownError(t *testing.T) {
	t.Parallel()
	err := error(&OutcomeUnknownError{Method: "POST", Path: "identityGovernance/accessReviews/definitions",
		ClientRequestID: "crid-9", Attempts: 1, Err: context.DeadlineExceeded})
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.NotErrorIs(t, err, ErrThrottled)
	assert.Equal(t, "odata: POST /identityGovernance/accessReviews/definitions: outcome unknown after 1 attempt "+
		"(client-request-id: crid-9): context deadline exceeded", err.Error())
	var oe *OutcomeUnknownError
	require.ErrorAs(t, err, &oe)
	assert.Equal(t, "crid-9", oe.ClientRequestID)

	plain := &OutcomeUnknownError{Method: "POST", Attempts: 3}
	assert.Equal(t, "odata: POST: outcome unknown after 3 attempts", plain.Error())
	assert.NoError(t, plain.Unwrap())
}

func FuzzDecodeError(f *testing.F) {
	f.Add(500, []byte(`{"error":{"code":"itemNotFound","message":"m","innerError":{"request-id":"r","innerError":{"code":"x"}}}}`))
	f.Add(429, []byte(`{"error":null}`))
	f.Add(400, []byte(`{"error":{"code":123,"message":{"value":"v"}}}`))
	f.Add(502, []byte("<html><body>Bad Gateway</body></html>"))
	f.Add(503, []byte(""))
	f.Add(404, []byte(`{"error":{"details":[{"code":"a"},1,null]}}`))
	f.Add(302, []byte("\xff\x00\r\n"))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		e := newResponseError(&http.Response{StatusCode: status, Header: http.Header{"Request-Id": []string{string(body)}}},
			body, "GET", "a/b?$filter=x", "crid", 1)
		if e == nil {
			t.Fatal("nil error")
		}
		if e.StatusCode != status {
			t.Fatalf("status %d, want %d", e.StatusCode, status)
		}
		if len(e.Snippet) > errorSnippetLen || len(e.Message) > maxErrorMessage || len(e.Code) > maxErrorField ||
			len(e.RequestID) > maxErrorField || len(e.InnerCodes) > maxInnerDepth || len(e.Details) > maxErrorDetails {
			t.Fatalf("unbounded field in %#v", e)
		}
		msg := e.Error()
		if strings.ContainsAny(msg, "\r\n") || strings.Contains(msg, "$filter") {
			t.Fatalf("unsafe message %q", msg)
		}
	})
}
