package odata

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/graphkit/governance/internal/check"
)

// RetryPolicy bounds the retries of one call. What is retried at all depends
// on the call's [RetryClass] (see Request.Class); the policy only says how
// much. The zero value of each field means its default.
//
// Retry-After is honoured in every form Graph and HTTP use: decimal seconds
// ("2.128"), the three HTTP date formats, retry-after-ms and
// x-ms-retry-after-ms. The wait is never shorter than asked (nor than
// 250 ms), plus up to 10% jitter. Without a Retry-After the wait is a full
// jitter exponential backoff (uniform up to 2 s·2^n, capped at 30 s, at
// least 500 ms). A Retry-After above MaxRetryAfter, past the context's
// deadline or past MaxElapsed is not waited out: the call returns the
// throttled *Error at once, with RetryAfter set, so the caller can
// reschedule. After a 429 with Retry-After, the client's throttle gate
// holds back all its requests for the same time, but never longer than
// MaxRetryAfter: calls already waiting for a concurrency slot wait out the
// gate too. A retry after a 503 goes over a new connection.
//
// Retries run on go-retryablehttp with this package's own policy, backoff
// and error handling: its defaults would retry a POST on any 5xx and ignore
// fractional Retry-After values. Every intermediate response body is
// closed.
type RetryPolicy struct {
	// MaxRetries is how many times a call is resent after its first attempt
	// (default 3, at most 10). A negative value disables retries.
	MaxRetries int
	// MaxRetryAfter is the longest Retry-After the client waits out (default
	// 60 s). When the service asks for longer, the call fails at once with a
	// throttled *Error carrying RetryAfter, so the caller can reschedule.
	// It also bounds how long one 429 closes the client's throttle gate.
	MaxRetryAfter time.Duration
	// MaxElapsed is the total time a call may spend waiting to retry
	// (default 3 min); a retry that would end later is not made.
	MaxElapsed time.Duration
}

// Retry constants of the transport policy (transport-policy.md c.4).
const (
	defaultMaxRetries    = 3
	maxMaxRetries        = 10
	defaultMaxRetryAfter = 60 * time.Second
	defaultMaxElapsed    = 3 * time.Minute
	// retryAfterFloor is the shortest wait after a Retry-After, so that a
	// date in the past or "0" never becomes a hot loop.
	retryAfterFloor = 250 * time.Millisecond
	// backoffFloor, backoffBase and backoffCap shape the full-jitter
	// backoff used when the service gave no Retry-After.
	backoffFloor = 500 * time.Millisecond
	backoffBase  = 2 * time.Second
	backoffCap   = 30 * time.Second
	// maxServerErrorRetries bounds retries of reads after 500, 502 and 408.
	maxServerErrorRetries = 2
)

// DefaultRetryPolicy returns the policy a Client uses unless WithRetryPolicy
// says otherwise: 3 retries, Retry-After honoured up to 60 s, 3 min in all.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxRetries: defaultMaxRetries, MaxRetryAfter: defaultMaxRetryAfter, MaxElapsed: defaultMaxElapsed}
}

// NoRetries returns a policy that sends every call once, which keeps tests
// of error paths short. A 401 is not retried either.
func NoRetries() RetryPolicy { return RetryPolicy{MaxRetries: -1} }

// validate checks p's fields.
func (p RetryPolicy) validate() error {
	var errs []error
	if p.MaxRetries > maxMaxRetries {
		errs = append(errs, check.Invalid("retryPolicy.maxRetries", "must be at most %d, got %d", maxMaxRetries, p.MaxRetries))
	}
	if p.MaxRetryAfter < 0 {
		errs = append(errs, check.Invalid("retryPolicy.maxRetryAfter", "must not be negative"))
	}
	if p.MaxElapsed < 0 {
		errs = append(errs, check.Invalid("retryPolicy.maxElapsed", "must not be negative"))
	}
	return errors.Join(errs...)
}

// withDefaults replaces zero fields by their defaults and a negative
// MaxRetries by 0.
func (p RetryPolicy) withDefaults() RetryPolicy {
	switch {
	case p.MaxRetries == 0:
		p.MaxRetries = defaultMaxRetries
	case p.MaxRetries < 0:
		p.MaxRetries = 0
	}
	if p.MaxRetryAfter == 0 {
		p.MaxRetryAfter = defaultMaxRetryAfter
	}
	if p.MaxElapsed == 0 {
		p.MaxElapsed = defaultMaxElapsed
	}
	return p
}

// checkRetry is the CheckRetry of go-retryablehttp. It never sees the
// request, so the call (and with it the retry class) travels in ctx. It
// never returns an error: the reason not to retry is recorded in the call.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	st := callFrom(ctx)
	if st == nil {
		return false, nil
	}
	if err != nil {
		st.lastStatus = 0
		return st.retryOnError(ctx, err), nil
	}
	// retryablehttp asks again about the same response after the response
	// handler read its body without error; the answer was already "no".
	if n := st.attempts.Load(); st.checked == n {
		return false, nil
	} else {
		st.checked = n
	}
	st.lastStatus = resp.StatusCode
	return st.retryOnResponse(ctx, resp), nil
}

// retryOnError decides after a transport error, or after the body of a 2xx
// response could not be read.
func (st *call) retryOnError(ctx context.Context, err error) bool {
	var ns *notSentError
	if errors.As(err, &ns) {
		return false
	}
	var be *bodyError
	isBody := errors.As(err, &be)
	if isBody && be.tooLarge {
		return false
	}
	sent := isBody || !st.c.notSent(st, err)
	if sent {
		st.ambiguous = true
	}
	switch {
	case ctx.Err() != nil:
		st.unknown = sent && st.class >= RetryConvergent
		return false
	case permanentError(err):
		return false
	case !sent:
		return st.allow(ctx, st.c.backoffDelay(st.retries), "not sent")
	}
	switch st.class {
	case RetryRead:
		return st.allow(ctx, st.c.backoffDelay(st.retries), "ambiguous")
	case RetryIdempotent:
		if st.ambiguousRetries > 0 || !st.allow(ctx, st.c.backoffDelay(st.retries), "ambiguous") {
			return false
		}
		st.ambiguousRetries++
		return true
	}
	st.unknown = true
	return false
}

// retryOnResponse decides after a response.
func (st *call) retryOnResponse(ctx context.Context, resp *http.Response) bool {
	if ctx.Err() != nil {
		return false
	}
	switch code := resp.StatusCode; code {
	case http.StatusUnauthorized:
		// Nothing was processed: fetch a new token and try once more.
		if st.c.tokens == nil || st.retried401 {
			return false
		}
		st.c.tokens.invalidate(st.token())
		if !st.allow(ctx, 0, "401") {
			return false
		}
		st.retried401 = true
		return true
	case http.StatusTooManyRequests:
		return st.retryThrottled(ctx, resp)
	case http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		if st.class == RetryNonIdempotent {
			// An overloaded gateway may have forwarded the request anyway.
			st.unknown = true
			return false
		}
		return st.retryThrottled(ctx, resp)
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusRequestTimeout:
		if st.class != RetryRead || st.serverErrorRetries >= maxServerErrorRetries {
			return false
		}
		if !st.allow(ctx, st.c.backoffDelay(st.retries), strconv.Itoa(code)) {
			return false
		}
		st.serverErrorRetries++
		return true
	}
	return false
}

// retryThrottled decides after a 429, 503 or 504. A Retry-After above the
// cap, past the deadline or past the call's budget is not waited out. (The
// transport has already closed the client's throttle gate after a 429 with
// Retry-After.)
func (st *call) retryThrottled(ctx context.Context, resp *http.Response) bool {
	ra, ok := parseRetryAfter(resp.Header, st.c.now())
	if !ok {
		return st.allow(ctx, st.c.backoffDelay(st.retries), strconv.Itoa(resp.StatusCode))
	}
	if ra > st.c.retry.MaxRetryAfter {
		return false
	}
	return st.allow(ctx, st.c.retryAfterDelay(ra), strconv.Itoa(resp.StatusCode))
}

// allow reports whether one more retry after wait fits the call's budget,
// its context deadline and the policy; if so it records the wait.
func (st *call) allow(ctx context.Context, wait time.Duration, reason string) bool {
	p := st.c.retry
	if st.retries >= p.MaxRetries || pastDeadline(ctx, wait) || time.Since(st.start)+wait > p.MaxElapsed {
		return false
	}
	st.wait = wait
	st.c.logRetry(ctx, st, wait, reason)
	return true
}

// backoff is the Backoff of go-retryablehttp: the wait allow recorded.
func (st *call) backoff(_, _ time.Duration, _ int, _ *http.Response) time.Duration {
	return st.wait
}

// prepareRetry is the PrepareRetry of go-retryablehttp, run after the wait
// and before the next attempt.
func (st *call) prepareRetry(req *http.Request) error {
	st.retries++
	// The header map is shared with the previous attempt's request, which
	// the transport may still be reading: replace it, never write into it.
	req.Header = req.Header.Clone()
	req.Header.Set("Retry-Attempt", strconv.Itoa(st.retries))
	if st.lastStatus == http.StatusServiceUnavailable {
		// Graph: retry a 503 over a new connection.
		st.c.hc.CloseIdleConnections()
	}
	return nil
}

// errorHandler is the ErrorHandler of go-retryablehttp, called when retries
// end without success. It returns the last response, its body read (bounded)
// so that it survives for the *Error, or closes what it does not return.
func (st *call) errorHandler(resp *http.Response, err error, _ int) (*http.Response, error) {
	if resp != nil {
		if err == nil {
			if rerr := st.readBody(resp); rerr == nil {
				return resp, nil
			} else {
				err = rerr
			}
		}
		_ = resp.Body.Close()
	}
	return nil, err
}

// readBody is the response handler of go-retryablehttp: it reads the body of
// a response that will not be retried, bounded after decompression, and
// closes it. A 2xx body that cannot be read in full is an error the retry
// policy sees; an error body is only ever cut short.
func (st *call) readBody(resp *http.Response) error {
	defer resp.Body.Close()
	st.body, st.errorTruncated = nil, false
	ok := resp.StatusCode >= 200 && resp.StatusCode < 300
	if ok && !st.wantBody {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, st.c.maxResponseBytes))
		return nil
	}
	limit := st.c.maxErrorBytes
	if ok {
		limit = st.c.maxResponseBytes
	}
	st.streamed, st.streamErr = false, nil
	if ok && st.stream != nil && isJSONMediaType(resp.Header.Get("Content-Type")) {
		return st.readStream(resp.Body, limit)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	tooLong := int64(len(data)) > limit
	switch {
	case !ok && tooLong:
		data = data[:limit]
		st.errorTruncated = true
	case !ok:
	case tooLong:
		return &bodyError{tooLarge: true, limit: limit}
	case err != nil:
		return &bodyError{err: err}
	}
	st.body = data
	return nil
}

// readStream hands a 2xx body to the call's stream target, which reads and
// decodes it, bounded like readBody. A body that cannot be read in full or is too
// large is an error the retry policy sees, as in readBody; a body that is
// read but does not decode is reported by finish.
func (st *call) readStream(body io.Reader, limit int64) error {
	r := &boundedReader{r: body, left: limit}
	err := st.stream.decodeStream(r)
	switch {
	case r.tooLarge:
		return &bodyError{tooLarge: true, limit: limit}
	case r.err != nil:
		return &bodyError{err: r.err}
	}
	// What follows the value is read too, so that the connection is
	// reused, within the same bound.
	if _, derr := io.Copy(io.Discard, r); derr != nil || r.tooLarge {
		if r.tooLarge {
			return &bodyError{tooLarge: true, limit: limit}
		}
		return &bodyError{err: derr}
	}
	st.streamed, st.streamErr = true, err
	return nil
}

// boundedReader reads at most left bytes from r and remembers why it
// stopped: a read error, or the bound.
type boundedReader struct {
	r        io.Reader
	left     int64
	err      error
	tooLarge bool
}

// Read reads from r until the bound; past it, it fails.
func (b *boundedReader) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// One more byte tells a body of exactly the bound from a longer one.
		var one [1]byte
		n, err := b.r.Read(one[:])
		if n > 0 {
			b.tooLarge = true
			return 0, ErrResponseTooLarge
		}
		if err != nil && err != io.EOF {
			b.err = err
		}
		if err == nil {
			err = io.EOF
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	if err != nil && err != io.EOF {
		b.err = err
	}
	return n, err
}

// bodyError is a 2xx body that could not be read in full, or was too large.
type bodyError struct {
	err      error
	tooLarge bool
	limit    int64
}

// Error says what went wrong without quoting the body.
func (e *bodyError) Error() string {
	if e.tooLarge {
		return fmt.Sprintf("%v: body exceeds %d bytes", ErrResponseTooLarge, e.limit)
	}
	return "read response body: " + e.err.Error()
}

// Unwrap returns ErrResponseTooLarge or the read error.
func (e *bodyError) Unwrap() error {
	if e.tooLarge {
		return ErrResponseTooLarge
	}
	return e.err
}

// notSent reports whether err proves the request never left the process:
// with an *http.Transport, no connection was obtained (dial, DNS, proxy and
// TLS errors all come first); with any other transport, only the error's
// type can tell.
func (c *Client) notSent(st *call, err error) bool {
	if c.traced && !st.gotConn.Load() {
		return true
	}
	var op *net.OpError
	if errors.As(err, &op) && (op.Op == "dial" || op.Op == "proxyconnect") {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// permanentError reports transport errors that no retry can fix.
func permanentError(err error) bool {
	var cv *tls.CertificateVerificationError
	var ua x509.UnknownAuthorityError
	var he x509.HostnameError
	var ci x509.CertificateInvalidError
	var rh tls.RecordHeaderError
	return errors.As(err, &cv) || errors.As(err, &ua) || errors.As(err, &he) || errors.As(err, &ci) || errors.As(err, &rh)
}

// backoffShape holds the constants of the waits between attempts. Only
// tests change them, to run wire-level retries against a real loopback
// server without waiting half a second per retry.
type backoffShape struct {
	retryAfterFloor, floor, base, ceiling time.Duration
}

// defaultBackoff is the shape of the transport policy.
func defaultBackoff() backoffShape {
	return backoffShape{retryAfterFloor: retryAfterFloor, floor: backoffFloor, base: backoffBase, ceiling: backoffCap}
}

// retryAfterDelay is the wait after a Retry-After of ra: never shorter than
// asked (nor than the floor), plus up to 10% so synchronized clients spread.
func (c *Client) retryAfterDelay(ra time.Duration) time.Duration {
	base := max(ra, c.backoff.retryAfterFloor)
	return base + c.jitter(base/10)
}

// backoffDelay is the full-jitter wait before retry n (0-based) when the
// service gave no Retry-After: uniform in [0, min(30 s, 2 s·2^n)], at least
// 500 ms.
func (c *Client) backoffDelay(n int) time.Duration {
	ceiling := c.backoff.ceiling
	if n < 16 {
		ceiling = min(ceiling, c.backoff.base<<n)
	}
	return max(c.jitter(ceiling), c.backoff.floor)
}
