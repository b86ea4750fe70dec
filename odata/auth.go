package odata

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/graphkit/governance/internal/check"
)

// tokenMargin is how long before its expiry a cached token is replaced, so
// that a token never runs out during a Retry-After wait or a long page loop.
const tokenMargin = 3 * time.Minute

// authTransport is the innermost layer of the client: it runs once per
// attempt. It waits at the throttle gate, sets the bearer token and the
// correlation headers on a clone of the request, takes a concurrency slot
// (Client.admit) and closes the gate when the answer is a 429. It
// refuses any request that does not go to the configured Graph root (same
// scheme, host and port), so the token can reach no other host. It replaces
// oauth2.Transport, which adds the token to every request, whatever its host.
type authTransport struct {
	c    *Client
	base http.RoundTripper
}

// RoundTrip sends one attempt.
func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	st := callFrom(ctx)
	if st == nil {
		closeRequestBody(req)
		return nil, errors.New("odata: request was not made by Client.Do")
	}
	if err := t.c.gate.wait(ctx, t.c, st); err != nil {
		closeRequestBody(req)
		return nil, &notSentError{err: err}
	}

	// Do only ever targets the root; anything else is a bug, and must not
	// carry the token or our headers anywhere.
	if !t.c.sameOrigin(req.URL) {
		closeRequestBody(req)
		return nil, &notSentError{err: fmt.Errorf("refusing to send to %q: not the configured Graph root", hostOf(req.URL))}
	}
	out := req.Clone(httptrace.WithClientTrace(ctx, st.trace))
	out.Header.Set("Client-Request-Id", st.clientRequestID)
	out.Header.Set("User-Agent", t.c.userAgent)
	out.Header.Del("Authorization")
	if t.c.tokens != nil {
		tok, err := t.c.tokens.token(ctx)
		if err != nil {
			closeRequestBody(req)
			return nil, &notSentError{err: fmt.Errorf("get token: %w", err)}
		}
		st.setToken(tok)
		out.Header.Set("Authorization", "Bearer "+tok)
		if t.c.tokens.interactive && st.attemptCount() == 0 {
			// A sign-in may have held the first attempt for minutes: the
			// call's retry budget starts when the attempt is sent.
			st.start = time.Now()
		}
	}

	release, err := t.c.admit(ctx, st)
	if err != nil {
		closeRequestBody(req)
		return nil, &notSentError{err: err}
	}

	attempt := st.beginAttempt()
	resp, err := t.base.RoundTrip(out)
	if err != nil {
		release()
		t.c.logAttempt(ctx, st, attempt, nil, err)
		return nil, err
	}
	// The gate closes here, while this attempt still holds its slot, and
	// whatever the retry policy then decides for this call: the service
	// throttles the client, not the call.
	if resp.StatusCode == http.StatusTooManyRequests {
		if ra, ok := parseRetryAfter(resp.Header, t.c.now()); ok {
			t.c.gate.closeFor(ra, resp.Header)
		}
	}
	resp.Body = &releasingBody{ReadCloser: resp.Body, release: release}
	t.c.logAttempt(ctx, st, attempt, resp, nil)
	return resp, nil
}

// CloseIdleConnections forwards to the base transport, so that the client
// can force a new connection after a 503.
func (t *authTransport) CloseIdleConnections() {
	if ci, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

// sameOrigin reports whether u has the scheme, host and port of the root.
func (c *Client) sameOrigin(u *url.URL) bool {
	if u == nil || u.User != nil || !strings.EqualFold(u.Scheme, c.root.Scheme) {
		return false
	}
	return strings.EqualFold(u.Hostname(), c.root.Hostname()) && effectivePort(u) == effectivePort(c.root)
}

// hostOf returns u's host for messages, or "" for a nil URL.
func hostOf(u *url.URL) string {
	if u == nil {
		return ""
	}
	return check.Truncate(u.Host, 128)
}

// effectivePort returns u's port, or its scheme's default.
func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "http") {
		return "80"
	}
	return "443"
}

// notSentError is an error the transport raised before the request left the
// process (throttle gate, token, concurrency slot). It is never retried and
// never makes an outcome unknown.
type notSentError struct{ err error }

// Error returns the cause's message.
func (e *notSentError) Error() string { return e.err.Error() }

// Unwrap returns the cause.
func (e *notSentError) Unwrap() error { return e.err }

// releasingBody frees the concurrency slot when the body is closed.
type releasingBody struct {
	io.ReadCloser
	release func()
}

// Close closes the body and frees the slot.
func (b *releasingBody) Close() error {
	err := b.ReadCloser.Close()
	b.release()
	return err
}

// closeRequestBody honours the RoundTripper contract of closing the body
// even when the request is not sent.
func closeRequestBody(req *http.Request) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
}

// tokenCache caches one access token, refreshes it tokenMargin before it
// expires, lets a 401 invalidate it, and bounds every wait for a new one:
// oauth2.TokenSource.Token has no context. Concurrent callers share one
// fetch; a caller whose context ends stops waiting, and the fetch, bounded by
// its own timeout, still fills the cache for the next caller.
//
// An interactive fetch (the device code sign-in) waits for a person, so it
// is not bounded by the timeout: it runs as long as at least one call waits
// for it, and is cancelled when the last one gives up.
type tokenCache struct {
	fetch       func(context.Context) (*oauth2.Token, error)
	now         func() time.Time
	timeout     time.Duration
	interactive bool

	mu     sync.Mutex
	tok    *oauth2.Token
	flight *tokenFlight
}

// tokenFlight is one fetch in progress; done is closed when it ends.
// waiters counts the calls waiting for it; cancel ends its context.
type tokenFlight struct {
	done    chan struct{}
	tok     *oauth2.Token
	err     error
	waiters int
	cancel  context.CancelFunc
}

func newTokenCache(fetch func(context.Context) (*oauth2.Token, error), now func() time.Time, timeout time.Duration) *tokenCache {
	return &tokenCache{fetch: fetch, now: now, timeout: timeout}
}

// token returns a usable access token, fetching one if needed.
func (tc *tokenCache) token(ctx context.Context) (string, error) {
	tc.mu.Lock()
	if tc.fresh(tc.tok) {
		s := tc.tok.AccessToken
		tc.mu.Unlock()
		return s, nil
	}
	f := tc.flight
	if f == nil {
		f = tc.start()
	}
	f.waiters++
	tc.mu.Unlock()

	var timeout <-chan time.Time
	if !tc.interactive {
		timer := time.NewTimer(tc.timeout)
		defer timer.Stop()
		timeout = timer.C
	}
	select {
	case <-f.done:
	case <-ctx.Done():
		tc.leave(f)
		return "", ctx.Err()
	case <-timeout:
		tc.leave(f)
		return "", fmt.Errorf("token source did not answer within %s", tc.timeout)
	}
	if f.err != nil {
		return "", f.err
	}
	return f.tok.AccessToken, nil
}

// start begins a fetch; tc.mu is held. Its context is detached from any
// caller, because the token it gets is shared by all of them, and bounded
// by the timeout unless the fetch is interactive.
func (tc *tokenCache) start() *tokenFlight {
	var ctx context.Context
	var cancel context.CancelFunc
	if tc.interactive {
		ctx, cancel = context.WithCancel(context.Background())
	} else {
		ctx, cancel = context.WithTimeout(context.Background(), tc.timeout)
	}
	f := &tokenFlight{done: make(chan struct{}), cancel: cancel}
	tc.flight = f
	go tc.run(ctx, f)
	return f
}

// leave records that a caller stopped waiting for f. An interactive fetch
// nobody waits for any more is cancelled, and the next caller starts a new
// one; any other fetch goes on and fills the cache.
func (tc *tokenCache) leave(f *tokenFlight) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	f.waiters--
	if tc.interactive && f.waiters == 0 {
		f.cancel()
		if tc.flight == f {
			tc.flight = nil
		}
	}
}

// run performs one fetch.
func (tc *tokenCache) run(ctx context.Context, f *tokenFlight) {
	defer f.cancel()
	tok, err := tc.fetch(ctx)
	if err == nil && (tok == nil || tok.AccessToken == "") {
		err = errors.New("token source returned an empty token")
	}
	if err != nil {
		// The secret is never part of an oauth2 error; the response body
		// of the authority may be, so keep only its error code.
		// A body without an error code is dropped too: a proxy or an odd
		// endpoint can echo the form it received, client_secret included.
		// Entra's AADSTS code is kept, as it names the cause.
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			code := re.ErrorCode
			if code == "" {
				code = "no error code"
			}
			if aadsts := aadstsCode.FindString(re.ErrorDescription); aadsts != "" {
				code += ", " + aadsts
			}
			err = fmt.Errorf("token endpoint answered %q (status %d)", code, statusOf(re.Response))
		}
	}
	tc.mu.Lock()
	f.tok, f.err = tok, err
	if err == nil {
		tc.tok = tok
	}
	if tc.flight == f {
		tc.flight = nil
	}
	tc.mu.Unlock()
	close(f.done)
}

// invalidate drops the cached token if it is still the one a 401 rejected;
// a token fetched since then by another call is kept.
func (tc *tokenCache) invalidate(access string) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if tc.tok != nil && tc.tok.AccessToken == access {
		tc.tok = nil
	}
}

// fresh reports whether tok can be used for tokenMargin more.
func (tc *tokenCache) fresh(tok *oauth2.Token) bool {
	if tok == nil || tok.AccessToken == "" {
		return false
	}
	return tok.Expiry.IsZero() || tc.now().Add(tokenMargin).Before(tok.Expiry)
}

// aadstsCode finds Entra's error number (AADSTS7000215: invalid secret) in an
// error description, the one part of it worth keeping.
var aadstsCode = regexp.MustCompile(`AADSTS[0-9]{4,8}`)

// statusOf returns the status of resp, or 0.
func statusOf(resp *http.Response) int {
	if resp == nil {
		return 0
	}
	return resp.StatusCode
}
