package accessreviewstest

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
)

// Server is an in-memory Microsoft Graph serving the access reviews API, a
// small directory and $batch on a loopback address, plus a second loopback
// host standing in for the storage service that serves history downloads
// and a third standing in for the identity platform's device code sign-in.
// Every test should start its own; a Server is safe for concurrent use.
//
// Options set the directory ([WithDirectory]), the clock's start
// ([WithClock], 2026-01-05T09:00Z by default), the seed of every random
// choice ([WithSeed]: the same seed and the same requests give the same IDs
// and the same faults) and the page size ([WithPageSize]: 100 by default
// and at most, like the service). A [Fault] with only a Latency delays
// requests; [Server.FailRate] at rate 1 with one delays every request. The
// command examples/fake-graph serves one until interrupted, for clients
// that are not Go tests.
//
// A request without a token this server issued ([Server.AppToken],
// [Server.UserToken]) gets 401 InvalidAuthenticationToken, as Graph
// answers. Response Date headers and error dates are written from the
// server's [Clock].
type Server struct {
	// URL is the root of the fake Graph, without the API version
	// ("http://127.0.0.1:port"); clients append /v1.0 or /beta.
	URL string
	// DownloadURL is the root of the download host that history report
	// download URIs point at. It is a different host from URL, so a client
	// that sends its Graph token there can be caught (see Downloads).
	DownloadURL string
	// LoginURL is the root of the fake identity platform, a third loopback
	// host: the device code sign-in's /{tenant}/oauth2/v2.0/devicecode and
	// /{tenant}/oauth2/v2.0/token are below it. Pass it to
	// odata.WithLoginBaseURL (see DeviceCodeOptions).
	LoginURL string

	graph    *httptest.Server
	download *httptest.Server
	login    *httptest.Server
	mux      *http.ServeMux

	clock    *Clock
	dir      *directory
	ar       *reviews
	rng      *seeded
	pageSize int

	faults    *faultSet
	requests  *requestLog
	downloads *requestLog
	logins    *requestLog
	idp       *identity
	// routeList is every Graph route mounted, in registration order.
	routeList []Route
}

// NewServer starts a fake Graph, its download host and its login host on
// loopback addresses. Close it when done, typically with t.Cleanup(s.Close).
func NewServer(opts ...Option) *Server {
	cfg := defaultConfig()
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	s := &Server{
		mux:       http.NewServeMux(),
		clock:     newClock(cfg.start),
		rng:       newSeeded(cfg.seed, 0x1d5),
		pageSize:  cfg.pageSize,
		faults:    newFaultSet(newSeeded(cfg.seed, 0xfa17)),
		requests:  &requestLog{},
		downloads: &requestLog{},
		logins:    &requestLog{},
		idp:       newIdentity(newSeeded(cfg.seed, 0x1091), cfg.deviceInterval),
	}
	s.dir = newDirectory(cfg.dir)
	s.directoryRoutes()
	s.batchRoutes()
	s.ar = newReviews(s)
	s.ar.routes(s)
	s.clock.setOnChange(s.ar.tick)

	s.graph = httptest.NewServer(http.HandlerFunc(s.serveGraph))
	s.download = httptest.NewServer(http.HandlerFunc(s.serveDownloadHost))
	s.login = httptest.NewServer(http.HandlerFunc(s.serveLogin))
	s.URL = s.graph.URL
	s.DownloadURL = s.download.URL
	s.LoginURL = s.login.URL
	return s
}

// Close shuts the three hosts down, waiting for requests in flight.
func (s *Server) Close() {
	s.graph.CloseClientConnections()
	s.graph.Close()
	s.download.Close()
	s.login.Close()
}

// Clock returns the server's clock, which tests move to drive reviews
// through their lifecycle.
func (s *Server) Clock() *Clock { return s.clock }

// newID returns a new GUID from the server's seeded source.
func (s *Server) newID() string { return s.rng.guid() }

// serveDownloadHost logs every request to the download host, then hands it
// to the review store, which knows what the download URIs point at.
func (s *Server) serveDownloadHost(w http.ResponseWriter, r *http.Request) {
	entry := s.downloads.add(r, s.clock.Now(), false)
	rec := &statusRecorder{ResponseWriter: w}
	s.ar.serveDownload(rec, r)
	s.downloads.setStatus(entry, rec.status())
}

// seeded is a deterministic random source shared by concurrent requests.
type seeded struct {
	mu sync.Mutex
	r  *rand.Rand
}

func newSeeded(seed int64, stream uint64) *seeded {
	return &seeded{r: rand.New(rand.NewPCG(uint64(seed), stream))}
}

// guid returns a random version 4 GUID in Graph's lowercase 8-4-4-4-12 form.
func (g *seeded) guid() string {
	g.mu.Lock()
	hi, lo := g.r.Uint64(), g.r.Uint64()
	g.mu.Unlock()
	hi = hi&^(0xf<<12) | 0x4<<12 // version 4
	lo = lo&^(0x3<<62) | 0x2<<62 // RFC 4122 variant
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x",
		hi>>32, (hi>>16)&0xffff, hi&0xffff, lo>>48, lo&0xffffffffffff)
}

// float returns a number in [0, 1).
func (g *seeded) float() float64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.r.Float64()
}

// intn returns a number in [0, n).
func (g *seeded) intn(n int) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.r.IntN(n)
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	code int
}

// WriteHeader records the status for the request log and forwards it.
func (w *statusRecorder) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write forwards b, recording an implicit 200 first.
func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusRecorder) status() int {
	if w.code == 0 {
		return http.StatusOK
	}
	return w.code
}
