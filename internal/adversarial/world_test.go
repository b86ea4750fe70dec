package adversarial

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// server is a loopback httptest server that counts connections and
// requests and keeps what it received.
type server struct {
	*httptest.Server
	conns atomic.Int32

	mu   sync.Mutex
	reqs []*http.Request // cloned, with Body replaced by nil
}

// newServer starts a TLS (or plain) loopback server running h.
func newServer(t testing.TB, useTLS bool, h http.HandlerFunc) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.reqs = append(s.reqs, r.Clone(context.Background()))
		s.mu.Unlock()
		h(w, r)
	}))
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	if useTLS {
		s.StartTLS()
	} else {
		s.Start()
	}
	t.Cleanup(s.Close)
	return s
}

// hits returns how many requests reached s.
func (s *server) hits() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reqs)
}

// requests returns what reached s.
func (s *server) requests() []*http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*http.Request(nil), s.reqs...)
}

// world routes real TCP connections by host name: graph.microsoft.com:443
// and login.microsoftonline.com:443 to their servers, and every other
// address to an evil server (TLS or plain, as the scheme asks), so that a
// request the client should never send would be seen.
type world struct {
	graph, login, evilTLS, evilPlain *server
	tr                               *http.Transport
}

// newWorld starts the servers; graph answers as Graph, login as the token
// endpoint (nil for a default that issues testToken).
func newWorld(t testing.TB, graph, login http.HandlerFunc) *world {
	t.Helper()
	if login == nil {
		login = tokenEndpoint
	}
	evil := func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"value":[]}`))
	}
	w := &world{
		graph:     newServer(t, true, graph),
		login:     newServer(t, true, login),
		evilTLS:   newServer(t, true, evil),
		evilPlain: newServer(t, false, evil),
	}
	pool := x509.NewCertPool()
	pool.AddCert(w.graph.Certificate()) // every httptest server shares this certificate
	d := &net.Dialer{Timeout: 5 * time.Second}
	w.tr = &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, w.evilPlain.Listener.Addr().String())
		},
		DialTLSContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			target := w.evilTLS
			switch addr {
			case "graph.microsoft.com:443":
				target = w.graph
			case "login.microsoftonline.com:443":
				target = w.login
			}
			raw, err := d.DialContext(ctx, network, target.Listener.Addr().String())
			if err != nil {
				return nil, err
			}
			conn := tls.Client(raw, &tls.Config{RootCAs: pool, ServerName: "example.com", MinVersion: tls.VersionTLS12})
			if err := conn.HandshakeContext(ctx); err != nil {
				_ = raw.Close()
				return nil, err
			}
			return conn, nil
		},
		ForceAttemptHTTP2: false,
	}
	t.Cleanup(w.tr.CloseIdleConnections)
	return w
}

// client returns an http.Client on the world's routing transport.
func (w *world) client() *http.Client { return &http.Client{Transport: w.tr} }

// evilSaw returns how many connections and requests the evil servers got.
func (w *world) evilSaw() (conns, reqs int) {
	return int(w.evilTLS.conns.Load() + w.evilPlain.conns.Load()), w.evilTLS.hits() + w.evilPlain.hits()
}

// tokenEndpoint issues testToken to any client credentials request.
func tokenEndpoint(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"token_type":"Bearer","expires_in":3600,"access_token":"` + testToken + `"}`))
}

// requireNoEvil fails the test if any connection reached an evil server.
func (w *world) requireNoEvil(t testing.TB) {
	t.Helper()
	conns, reqs := w.evilSaw()
	require.Zero(t, conns, "a connection reached a foreign host")
	require.Zero(t, reqs, "a request reached a foreign host")
}
