package odata

import (
	"bytes"
	"context"
	"encoding/json/jsontext"
	"encoding/json/v2"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/graphkit/governance/internal/check"
)

// Do sends req and decodes a 2xx JSON response body into out (a pointer),
// retrying as req's retry class allows. out may be nil to ignore the body;
// a 204 or an empty body leaves out untouched, and a body of null is an
// error (decoding it would leave out as it was).
//
// Before anything is sent, Do checks the method, path, query, version,
// headers and body of req and reports every problem at once (errors.Join of
// *FieldError, matching ErrInvalid). A non-2xx response is returned as an
// *Error (3xx included: redirects are never followed). A call that may have
// reached the service and failed ambiguously, when resending it would not be
// safe, returns an *OutcomeUnknownError. When ctx ends, the error matches
// ctx.Err() with errors.Is.
func (c *Client) Do(ctx context.Context, req *Request, out any) error {
	if c == nil {
		return errNilClient
	}
	if req == nil {
		return check.Invalid("request", "is nil")
	}
	st, target, body, err := c.prepare(req, out)
	if err != nil {
		return err
	}
	if req.sentToken != nil {
		defer func() { *req.sentToken = st.token() }()
	}
	ctx = context.WithValue(ctx, callKey{}, st)
	var raw any // an untyped nil when there is no body: a nil []byte would send "Content-Length: 0"
	if body != nil {
		raw = body
	}
	rreq, err := retryablehttp.NewRequestWithContext(ctx, req.Method, target, raw)
	if err != nil {
		return fmt.Errorf("odata: %s %s: %w", st.method, st.path, err)
	}
	for name, vals := range req.Header {
		rreq.Header[http.CanonicalHeaderKey(name)] = append([]string(nil), vals...)
	}
	if rreq.Header.Get("Accept") == "" {
		rreq.Header.Set("Accept", "application/json")
	}
	if body != nil && rreq.Header.Get("Content-Type") == "" {
		rreq.Header.Set("Content-Type", "application/json")
	}
	rreq.SetResponseHandler(st.readBody)

	// One retryablehttp.Client per call: it is a few words, and it lets
	// Backoff return the wait CheckRetry chose without any state shared
	// between calls (Backoff sees neither the request nor its context when
	// there is no response). CheckRetry finds the call in the context.
	rc := &retryablehttp.Client{
		HTTPClient:   c.hc,
		RetryMax:     c.retry.MaxRetries + 1, // the call's own budget stops first
		CheckRetry:   c.checkRetry,
		Backoff:      st.backoff,
		ErrorHandler: st.errorHandler,
		PrepareRetry: st.prepareRetry,
	}
	resp, err := rc.Do(rreq)
	if err != nil {
		return st.fail(ctx, req, err)
	}
	return c.checkDelegated(req, st, st.finish(ctx, req, resp, out))
}

// errNilClient is returned by calls on a nil *Client instead of a panic, so
// that a service built on a nil client fails cleanly.
var errNilClient = errors.New("odata: nil client")

// callKey is the context key of the *call.
type callKey struct{}

// call is the state of one logical call across its attempts. The hooks of
// retryablehttp and the transport run one after another on the goroutine
// of Do; only the httptrace hook may run elsewhere, hence the atomic.
type call struct {
	c               *Client
	method, path    string // path without query, for errors
	logPath         string // path for logs: a template unless WithLogIdentifiers
	class           RetryClass
	clientRequestID string
	start           time.Time
	wantBody        bool
	trace           *httptrace.ClientTrace

	gotConn  atomic.Bool
	attempts atomic.Int32
	tokenMu  sync.Mutex
	tok      string // token of the last attempt, to invalidate after a 401

	retries, ambiguousRetries, serverErrorRetries int
	checked                                       int32 // attempt already judged by checkRetry
	retried401                                    bool
	wait                                          time.Duration
	lastStatus                                    int
	ambiguous                                     bool // an attempt may have reached the service and failed
	unknown                                       bool // stop: the outcome is unknown
	body                                          []byte
	stream                                        streamTarget // reads and decodes a 2xx body itself
	streamed                                      bool         // the 2xx body went to stream
	streamErr                                     error        // what stream found wrong with the body
	errorTruncated                                bool         // the last error body was cut at maxErrorBytes
}

// callFrom returns the call in ctx, or nil.
func callFrom(ctx context.Context) *call {
	st, _ := ctx.Value(callKey{}).(*call)
	return st
}

// beginAttempt counts an attempt that is about to be sent.
func (st *call) beginAttempt() int {
	st.gotConn.Store(false)
	return int(st.attempts.Add(1))
}

// attemptCount returns how many attempts were sent so far.
func (st *call) attemptCount() int { return int(st.attempts.Load()) }

// setToken records the token of the current attempt.
func (st *call) setToken(tok string) {
	st.tokenMu.Lock()
	st.tok = tok
	st.tokenMu.Unlock()
}

// token returns the token of the last attempt.
func (st *call) token() string {
	st.tokenMu.Lock()
	defer st.tokenMu.Unlock()
	return st.tok
}

// prepare validates req and returns the call state, the target URL and the
// encoded body.
func (c *Client) prepare(req *Request, out any) (*call, string, []byte, error) {
	var errs []error
	if !validMethod(req.Method) {
		errs = append(errs, check.Invalid("method", "must be GET, POST, PUT, PATCH or DELETE, got %q", check.Truncate(req.Method, 16)))
	}
	if req.Class < RetryDefault || req.Class > RetryNonIdempotent {
		errs = append(errs, check.Invalid("class", "unknown retry class %d", int(req.Class)))
	}
	errs = append(errs, checkHeader(req.Header))
	if out != nil {
		if v := reflect.ValueOf(out); v.Kind() != reflect.Pointer || v.IsNil() {
			errs = append(errs, check.Invalid("out", "must be a non-nil pointer, got %T", out))
		}
	}
	body, err := encodeBody(req.Body)
	errs = append(errs, err)

	st := &call{
		c:               c,
		method:          req.Method,
		class:           classOf(req.Class, req.Method),
		clientRequestID: req.clientRequestID,
		start:           time.Now(),
		wantBody:        out != nil,
	}
	st.stream, _ = out.(streamTarget)
	if st.clientRequestID == "" {
		st.clientRequestID = newRequestID()
	}
	st.trace = &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) { st.gotConn.Store(true) }}

	var target string
	if req.nextLink != nil {
		if !c.sameOrigin(req.nextLink) {
			errs = append(errs, fmt.Errorf("odata: next link to %s: %w", req.nextLink.Host, ErrUntrustedNextLink))
		}
		target, st.path = req.nextLink.String(), c.relativePath(req.nextLink)
	} else {
		t, err := c.target(req)
		errs = append(errs, err)
		target, st.path = t, "/"+strings.TrimPrefix(req.Path, "/")
	}
	if err := errors.Join(errs...); err != nil {
		return nil, "", nil, err
	}
	if c.log != nil {
		st.logPath = c.logPathOf(st.path)
	}
	return st, target, body, nil
}

// target builds root/version/path?query for a request without a next link.
func (c *Client) target(req *Request) (string, error) {
	var errs []error
	v := req.Version
	if v == "" {
		v = c.version
	} else if !v.valid() {
		errs = append(errs, check.Invalid("version", "must be %q or %q, got %q", V1, Beta, check.Truncate(string(v), 16)))
	}
	p := strings.TrimPrefix(req.Path, "/")
	if problem := pathProblem(p); problem != "" {
		errs = append(errs, check.Invalid("path", "%s", problem))
	}
	var query string
	if req.Query != nil {
		if err := req.Query.Validate(); err != nil {
			errs = append(errs, err)
		} else {
			q, err := req.Query.Encode()
			errs = append(errs, err)
			query = q
		}
	}
	if err := errors.Join(errs...); err != nil {
		return "", err
	}
	target := c.root.String() + "/" + string(v) + "/" + p
	if query != "" {
		target += "?" + query
	}
	return target, nil
}

// relativePath returns the path of an absolute Graph URL below its API
// version, so that errors and logs name a next-link page the way they name
// the first page.
func (c *Client) relativePath(u *url.URL) string {
	p := strings.TrimPrefix(u.EscapedPath(), c.root.EscapedPath())
	for _, v := range [...]APIVersion{V1, Beta} {
		if rest, ok := strings.CutPrefix(p, "/"+string(v)+"/"); ok {
			return "/" + rest
		}
	}
	return p
}

// finish turns the final response into the call's result.
func (st *call) finish(ctx context.Context, req *Request, resp *http.Response, out any) error {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		if raw, ok := out.(*rawBody); ok {
			raw.data, raw.contentType = st.body, resp.Header.Get("Content-Type")
			return nil
		}
		if st.streamed {
			if ct := resp.Header.Get("Content-Type"); out != nil && ct != "" && !isJSONMediaType(ct) {
				return fmt.Errorf("odata: %s %s: response is %q, not JSON", st.method, st.path, check.Truncate(ct, 64))
			}
			switch {
			case errors.Is(st.streamErr, errNullBody):
				return fmt.Errorf("odata: %s %s: %w", st.method, st.path, errNullBody)
			case st.streamErr != nil:
				return fmt.Errorf("odata: %s %s: decode response: %w", st.method, st.path, st.streamErr)
			}
			return nil
		}
		if out == nil || len(st.body) == 0 {
			return nil
		}
		if err := st.decode(resp, out); err != nil {
			if st.class >= RetryConvergent {
				// The service ran the create or action: a plain error
				// would invite a resend that runs it twice.
				return &OutcomeUnknownError{Method: st.method, Path: st.path, ClientRequestID: st.clientRequestID,
					Attempts: st.attemptCount(), Err: err}
			}
			return fmt.Errorf("odata: %s %s: %w", st.method, st.path, err)
		}
		return nil
	}
	e := newResponseError(resp, st.body, st.method, st.path, st.clientRequestID, st.attemptCount())
	e.Truncated = st.errorTruncated
	if ra, ok := parseRetryAfter(resp.Header, st.c.now()); ok {
		e.RetryAfter = ra
	}
	if resp.StatusCode == http.StatusNotFound && st.method == http.MethodDelete && st.ambiguous {
		// The first DELETE may have succeeded before its answer was lost.
		return nil
	}
	if st.unknown {
		return st.outcomeUnknown(ctx, req, e)
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		// The context ended while this answer came in, so no retry was
		// made: the caller must see the cancellation (errors.Is) as well as
		// the service's answer (errors.As).
		return fmt.Errorf("%w (%w)", e, ctxErr)
	}
	return e
}

// decode decodes a 2xx response's JSON body into out.
func (st *call) decode(resp *http.Response, out any) error {
	if ct := resp.Header.Get("Content-Type"); ct != "" && !isJSONMediaType(ct) {
		return fmt.Errorf("response is %q, not JSON", check.Truncate(ct, 64))
	}
	if isJSONNull(st.body) {
		// Decoding null leaves out as it was: the caller would take a
		// zero value for the entity it asked for.
		return errNullBody
	}
	// A body that is not JSON is refused before decoding: decoding it would
	// fill out up to the broken member.
	if !jsontext.Value(st.body).IsValid(jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true)) {
		return fmt.Errorf("decode response: %w", errInvalidJSON)
	}
	if err := json.Unmarshal(st.body, out, responseOptions()); err != nil {
		return fmt.Errorf("decode response: %w", err)
	}
	return nil
}

// fail turns a transport failure into the call's result.
func (st *call) fail(ctx context.Context, req *Request, err error) error {
	// *url.Error repeats the URL, query values included: drop it.
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var ns *notSentError
	if errors.As(err, &ns) {
		err = ns.err
	}
	var ge *Error
	if errors.As(err, &ge) {
		return ge // the throttle gate's fail-fast error
	}
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		err = fmt.Errorf("%w (%v)", ctxErr, err)
	}
	if st.unknown {
		return st.outcomeUnknown(ctx, req, err)
	}
	return fmt.Errorf("odata: %s %s: %w (attempts: %d, client-request-id: %s)",
		st.method, st.path, err, st.attemptCount(), st.clientRequestID)
}

// outcomeUnknown asks req.Verify, where the class allows it, whether an
// ambiguous call took effect, and otherwise reports the outcome as unknown.
func (st *call) outcomeUnknown(ctx context.Context, req *Request, cause error) error {
	if st.class == RetryConvergent && req.Verify != nil {
		ok, err := req.Verify(ctx)
		if err == nil && ok {
			st.c.logVerified(ctx, st)
			return nil
		}
		if err != nil {
			cause = errors.Join(cause, fmt.Errorf("verify: %w", err))
		}
	}
	return &OutcomeUnknownError{
		Method:          st.method,
		Path:            st.path,
		ClientRequestID: st.clientRequestID,
		Attempts:        st.attemptCount(),
		Err:             cause,
	}
}

// rawBody, passed to Do as out, receives a 2xx response's body and media
// type undecoded, so that the caller decides what a body it cannot decode
// means (Batch: an envelope the service may have run).
type rawBody struct {
	data        []byte
	contentType string
}

// errInvalidJSON is the error of a 2xx response body that is not valid
// JSON.
var errInvalidJSON = errors.New("body is not valid JSON")

// errNullBody is the error of a 2xx response whose body is the JSON
// literal null where the caller expects a value.
var errNullBody = errors.New("response body is null")

// isJSONNull reports whether body is the JSON literal null, blanks around it
// allowed.
func isJSONNull(body []byte) bool {
	return string(bytes.Trim(body, " \t\r\n")) == "null"
}

// classOf resolves RetryDefault from the method.
func classOf(class RetryClass, method string) RetryClass {
	if class != RetryDefault {
		return class
	}
	switch method {
	case http.MethodGet, http.MethodHead:
		return RetryRead
	case http.MethodPut, http.MethodPatch, http.MethodDelete:
		return RetryIdempotent
	}
	return RetryNonIdempotent
}

// validMethod reports whether m is a method Graph calls use.
func validMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	}
	return false
}

// isJSONMediaType accepts application/json and any +json type, with
// parameters such as charset or odata.metadata.
func isJSONMediaType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}
