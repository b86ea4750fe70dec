package accessreviewstest

import (
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Request is a request the server received, as a test asserts on it.
// [Server.Requests] returns the log of the Graph host, faulted requests and
// $batch items included; [Server.Downloads] the log of the download host,
// where HasAuth must be false.
type Request struct {
	// Method and Path are the request's method and unescaped URL path
	// ("/v1.0/identityGovernance/accessReviews/definitions").
	Method, Path string
	// Query is the decoded query string.
	Query url.Values
	// Header holds the request headers, without Authorization, whose value
	// never enters the log.
	Header http.Header
	// HasAuth reports whether an Authorization header came: on the download
	// host it must not.
	HasAuth bool
	// Body is the request body, decompressed (the first 4 MiB).
	Body []byte
	// Time is the server clock's time when the request arrived.
	Time time.Time
	// Status is the response status; 0 when the connection was reset or
	// the request is still being served.
	Status int
	// InBatch is true for an item of a $batch request; the envelope is
	// logged too, before its items.
	InBatch bool
}

// Requests returns a copy of the log of requests to the Graph host, in
// arrival order, faulted ones included.
func (s *Server) Requests() []Request { return s.requests.snapshot() }

// ResetRequests empties the Graph host's request log.
func (s *Server) ResetRequests() { s.requests.reset() }

// Downloads returns a copy of the log of requests to the download host.
func (s *Server) Downloads() []Request { return s.downloads.snapshot() }

// requestLog is an append-only list of requests, safe for concurrent use.
type requestLog struct {
	mu      sync.Mutex
	entries []*Request
}

// add records r and returns its entry, which the caller completes (status,
// body) through setStatus.
func (l *requestLog) add(r *http.Request, now time.Time, inBatch bool) *Request {
	h := r.Header.Clone()
	_, hasAuth := h["Authorization"]
	h.Del("Authorization")
	e := &Request{
		Method:  r.Method,
		Path:    r.URL.Path,
		Query:   r.URL.Query(),
		Header:  h,
		HasAuth: hasAuth,
		Time:    now,
		InBatch: inBatch,
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, e)
	return e
}

func (l *requestLog) setBody(e *Request, body []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e.Body = body
}

func (l *requestLog) setStatus(e *Request, status int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e.Status = status
}

func (l *requestLog) snapshot() []Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Request, len(l.entries))
	for i, e := range l.entries {
		out[i] = *e
		out[i].Header = e.Header.Clone()
		out[i].Query = cloneValues(e.Query)
		out[i].Body = append([]byte(nil), e.Body...)
	}
	return out
}

func (l *requestLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = nil
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vals := range v {
		out[k] = append([]string(nil), vals...)
	}
	return out
}
