package accessreviewstest

import (
	"bufio"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fault is a failure the Graph host serves instead of the real response.
// A faulted request never reaches the handlers, so nothing it asked for
// happens, except with a Fault that only has Latency: that one delays the
// request, which then runs normally.
//
// The ready faults are [Throttle] (429 with Retry-After), [Unavailable]
// (503), [GatewayTimeout] (504), [TruncatedBody] (a 200 whose body stops
// short of its Content-Length) and [ConnectionReset] (a TCP reset).
// [Server.FailPath] rules are checked first, then [Server.FailNext], then
// [Server.FailRate]; [Server.FaultsInjected] counts the faults served.
//
// Latency and Retry-After are real waits over real sockets, so
// testing/synctest cannot shorten them: give Throttle a Retry-After over
// the client's cap to test "throttled" outcomes without waiting.
type Fault struct {
	// Status is the HTTP status to answer with (429, 503, 504…), with a
	// Graph error envelope.
	Status int
	// RetryAfter is the Retry-After header to send, verbatim ("2", "2.128",
	// an HTTP date); "" sends none.
	RetryAfter string
	// Latency delays the fault (or, alone, the real response).
	Latency time.Duration
	// Truncate sends a 200 response whose Content-Length promises more bytes
	// than are sent, then closes the connection.
	Truncate bool
	// Reset closes the connection with a TCP reset before any response.
	Reset bool
}

// Throttle is a 429 Too Many Requests with the given Retry-After ("" for
// none).
func Throttle(retryAfter string) Fault {
	return Fault{Status: http.StatusTooManyRequests, RetryAfter: retryAfter}
}

// Unavailable is a 503 Service Unavailable.
func Unavailable() Fault { return Fault{Status: http.StatusServiceUnavailable} }

// GatewayTimeout is a 504 Gateway Timeout.
func GatewayTimeout() Fault { return Fault{Status: http.StatusGatewayTimeout} }

// TruncatedBody is a 200 response cut short: fewer body bytes than its
// Content-Length, then the connection closes.
func TruncatedBody() Fault { return Fault{Truncate: true} }

// ConnectionReset closes the connection with a TCP reset (SO_LINGER 0)
// without answering.
func ConnectionReset() Fault { return Fault{Reset: true} }

func (f Fault) onlyLatency() bool {
	return f.Status == 0 && !f.Truncate && !f.Reset
}

// FailNext makes the next n requests to the Graph host fail with f.
func (s *Server) FailNext(n int, f Fault) {
	s.faults.add(faultRule{remaining: n, fault: f})
}

// FailPath makes the next n requests whose path starts with pathPrefix fail
// with f. The prefix may include the API version ("/v1.0/users") or not
// ("/users", matching both versions). It also applies to the items of a
// $batch, whose paths are those of their url ("/v1.0" + url), which is how a
// test makes one item of a batch come back 429; inside a batch, faults
// without a Status do not apply.
func (s *Server) FailPath(pathPrefix string, n int, f Fault) {
	s.faults.add(faultRule{prefix: pathPrefix, byPath: true, remaining: n, fault: f})
}

// FailRate makes each request to the Graph host fail with probability rate
// (0–1), with a fault drawn from faults (503 when none is given). The draws
// come from the server's seed, so the same seed and the same sequence of
// requests fail the same way. It replaces any earlier rate; 0 turns it off.
func (s *Server) FailRate(rate float64, faults ...Fault) {
	if len(faults) == 0 {
		faults = []Fault{Unavailable()}
	}
	s.faults.setRate(min(max(rate, 0), 1), faults)
}

// ClearFaults removes every pending fault and the fault rate.
func (s *Server) ClearFaults() { s.faults.clear() }

// FaultsInjected returns how many faults the server has served.
func (s *Server) FaultsInjected() int { return s.faults.injectedCount() }

// faultRule is a pending FailNext or FailPath.
type faultRule struct {
	prefix    string
	byPath    bool
	remaining int
	fault     Fault
}

// faultSet holds the pending faults. Path rules are checked first (they are
// the more specific), then FailNext, then the rate.
type faultSet struct {
	mu       sync.Mutex
	rules    []faultRule
	rate     float64
	rateSet  []Fault
	rng      *seeded
	injected int
}

func newFaultSet(rng *seeded) *faultSet { return &faultSet{rng: rng} }

func (fs *faultSet) add(r faultRule) {
	if r.remaining <= 0 {
		return
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.rules = append(fs.rules, r)
}

func (fs *faultSet) setRate(rate float64, faults []Fault) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.rate, fs.rateSet = rate, append([]Fault(nil), faults...)
}

func (fs *faultSet) clear() {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.rules, fs.rate, fs.rateSet = nil, 0, nil
}

func (fs *faultSet) injectedCount() int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.injected
}

// pick returns the fault for a request to path, consuming it. inBatch
// restricts the choice to path rules with a status, the only faults an item
// of a batch can carry.
func (fs *faultSet) pick(path string, inBatch bool) (Fault, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for pass := 0; pass < 2; pass++ {
		for i := range fs.rules {
			r := &fs.rules[i]
			if r.byPath != (pass == 0) || (r.byPath && !pathMatches(path, r.prefix)) {
				continue
			}
			if inBatch && (!r.byPath || r.fault.Status == 0) {
				continue
			}
			f := r.fault
			r.remaining--
			if r.remaining == 0 {
				fs.rules = append(fs.rules[:i], fs.rules[i+1:]...)
			}
			fs.injected++
			return f, true
		}
	}
	if !inBatch && fs.rate > 0 && fs.rng.float() < fs.rate {
		fs.injected++
		return fs.rateSet[fs.rng.intn(len(fs.rateSet))], true
	}
	return Fault{}, false
}

// pathMatches reports whether path starts with prefix, with or without the
// API version in front.
func pathMatches(path, prefix string) bool {
	if strings.HasPrefix(path, prefix) {
		return true
	}
	for _, v := range apiVersions {
		if rest, ok := strings.CutPrefix(path, "/"+v); ok && strings.HasPrefix(rest, prefix) {
			return true
		}
	}
	return false
}

// writeFault serves f on the raw connection and returns the status the log
// records (0 when no response was sent).
func (s *Server) writeFault(w http.ResponseWriter, r *http.Request, f Fault) int {
	if !sleepCtx(r.Context(), f.Latency) {
		return 0
	}
	switch {
	case f.Reset:
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			if tcp, ok := conn.(*net.TCPConn); ok {
				_ = tcp.SetLinger(0)
			}
			_ = conn.Close()
		}
		return 0
	case f.Truncate:
		s.writeTruncated(w, r)
		return http.StatusOK
	}
	requestID := s.newID()
	s.setCommonHeaders(w, r, requestID)
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	c := &call{s: s, r: r, w: w, requestID: requestID}
	c.Error(f.Status, defaultCode(f.Status), faultMessage(f.Status))
	return f.Status
}

// writeTruncated writes a 200 response that promises a longer body than it
// sends, then closes the connection, as a proxy dying mid-response would.
func (s *Server) writeTruncated(w http.ResponseWriter, r *http.Request) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	body := `{"@odata.context":"` + s.URL + r.URL.Path + `","value":[{"id":"`
	bw := bufio.NewWriter(conn)
	if buf != nil {
		bw = buf.Writer
	}
	_, _ = bw.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" +
		"request-id: " + s.newID() + "\r\n" +
		"Content-Length: " + strconv.Itoa(len(body)+4096) + "\r\n\r\n" + body)
	_ = bw.Flush()
}

func faultMessage(status int) string {
	switch status {
	case http.StatusTooManyRequests:
		return "Please retry again later."
	case http.StatusServiceUnavailable:
		return "The service is temporarily unavailable. Please retry later."
	case http.StatusGatewayTimeout:
		return "The gateway did not receive a timely response."
	}
	return "Injected fault."
}
