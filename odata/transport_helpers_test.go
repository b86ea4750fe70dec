package odata

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// graphRoot is the root the scripted clients talk to.
const graphRoot = "https://graph.microsoft.com"

// sentRequest is what a scriptTransport saw of one attempt.
type sentRequest struct {
	Method string
	URL    string
	Path   string
	Query  string
	Header http.Header
	Body   []byte
	Length int64
	At     time.Time
}

// scriptTransport is an in-memory RoundTripper: each attempt is answered by
// reply, which gets the attempt's index (0-based). It records every attempt,
// counts response bodies and their closes, and tracks requests in flight.
// It needs no network, so it runs inside synctest bubbles.
type scriptTransport struct {
	reply func(n int, r *sentRequest) (*http.Response, error)

	mu   sync.Mutex
	sent []*sentRequest

	bodies, closed        atomic.Int32
	inFlight, maxInFlight atomic.Int32
}

func (s *scriptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := &sentRequest{Method: req.Method, URL: req.URL.String(), Path: req.URL.EscapedPath(), Query: req.URL.RawQuery, Header: req.Header.Clone(), Length: req.ContentLength, At: time.Now()}
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		_ = req.Body.Close()
		r.Body = b
	}
	s.mu.Lock()
	n := len(s.sent)
	s.sent = append(s.sent, r)
	s.mu.Unlock()

	cur := s.inFlight.Add(1)
	for {
		m := s.maxInFlight.Load()
		if cur <= m || s.maxInFlight.CompareAndSwap(m, cur) {
			break
		}
	}
	resp, err := s.reply(n, r)
	if err != nil {
		s.inFlight.Add(-1)
		return nil, err
	}
	resp.Request = req
	if resp.Header == nil {
		resp.Header = http.Header{}
	}
	if resp.Body == nil {
		resp.Body = http.NoBody
	}
	s.bodies.Add(1)
	resp.Body = &countingBody{ReadCloser: resp.Body, onClose: func() { s.closed.Add(1); s.inFlight.Add(-1) }}
	return resp, nil
}

// requests returns what was sent so far.
func (s *scriptTransport) requests() []*sentRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*sentRequest(nil), s.sent...)
}

// countingBody calls onClose once, on the first Close.
type countingBody struct {
	io.ReadCloser
	once    sync.Once
	onClose func()
}

func (b *countingBody) Close() error {
	b.once.Do(b.onClose)
	return b.ReadCloser.Close()
}

// newResponse builds a response; headers come as name, value pairs.
func newResponse(status int, body string, headers ...string) *http.Response {
	h := http.Header{}
	for i := 0; i+1 < len(headers); i += 2 {
		h.Add(headers[i], headers[i+1])
	}
	if body != "" && h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json")
	}
	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body))}
}

// graphErrorBody is a Graph error envelope with code and request-id.
func graphErrorBody(code, requestID string) string {
	return `{"error":{"code":"` + code + `","message":"failed","innerError":{"request-id":"` + requestID + `"}}}`
}

// newScripted returns a client on graphRoot whose attempts reply answers.
// The random source is seeded, so waits are deterministic.
func newScripted(t *testing.T, reply func(n int, r *sentRequest) (*http.Response, error), opts ...Option) (*Client, *scriptTransport) {
	t.Helper()
	st := &scriptTransport{reply: reply}
	base := []Option{WithBaseURL(graphRoot), WithHTTPClient(&http.Client{Transport: st}), withRand(rand.NewPCG(1, 2))}
	c, err := NewClient(append(base, opts...)...)
	require.NoError(t, err)
	return c, st
}

// alwaysReply answers every attempt the same way.
func alwaysReply(status int, body string, headers ...string) func(int, *sentRequest) (*http.Response, error) {
	return func(int, *sentRequest) (*http.Response, error) { return newResponse(status, body, headers...), nil }
}

// replySequence answers attempt n with replies[n] (the last one repeats).
func replySequence(replies ...func() (*http.Response, error)) func(int, *sentRequest) (*http.Response, error) {
	return func(n int, _ *sentRequest) (*http.Response, error) {
		return replies[min(n, len(replies)-1)]()
	}
}

// replyWith wraps a response for replySequence.
func replyWith(status int, body string, headers ...string) func() (*http.Response, error) {
	return func() (*http.Response, error) { return newResponse(status, body, headers...), nil }
}

// failWith wraps a transport error for replySequence.
func failWith(err error) func() (*http.Response, error) {
	return func() (*http.Response, error) { return nil, err }
}

// countingTokens is a token source that hands out "tok-1", "tok-2", … and
// counts its calls.
type countingTokens struct {
	calls  atomic.Int32
	expiry time.Duration // 0: tokens valid for an hour
	err    error
}

func (c *countingTokens) Token() (*oauth2.Token, error) {
	n := c.calls.Add(1)
	if c.err != nil {
		return nil, c.err
	}
	exp := c.expiry
	if exp == 0 {
		exp = time.Hour
	}
	return &oauth2.Token{AccessToken: "tok-" + string(rune('0'+n)), TokenType: "Bearer", Expiry: time.Now().Add(exp)}, nil
}

// errConnReset stands for a connection reset after the request was written.
var errConnReset = errors.New("read: connection reset by peer")

// sentBody returns a sent request's body as a string.
func sentBody(r *sentRequest) string { return string(bytes.TrimSpace(r.Body)) }

// errUnexpectedEOF is what net/http reports for a body cut short.
var errUnexpectedEOF = io.ErrUnexpectedEOF

// errAfterBody yields data, then fails with err: a truncated body.
type errAfterBody struct {
	data []byte
	off  int
	err  error
}

func (b *errAfterBody) Read(p []byte) (int, error) {
	if b.off < len(b.data) {
		n := copy(p, b.data[b.off:])
		b.off += n
		return n, nil
	}
	return 0, b.err
}

func (b *errAfterBody) Close() error { return nil }
