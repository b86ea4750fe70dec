package odata

import (
	"bytes"
	"compress/gzip"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests run the client's default transport against real loopback
// servers, for what only the wire shows: connections, resets, truncation,
// redirects and compression. Waits are shrunk to a millisecond so that
// retries do not slow the suite; nothing asserts on time.

// tinyWaits makes every retry wait about a millisecond.
func tinyWaits() Option {
	return withBackoffShape(backoffShape{retryAfterFloor: time.Millisecond, floor: time.Millisecond, base: time.Millisecond, ceiling: time.Millisecond})
}

// wireServer starts a loopback server that counts requests and new
// connections; handler gets the 0-based request number.
func wireServer(t *testing.T, handler func(n int, w http.ResponseWriter, r *http.Request)) (*httptest.Server, *atomic.Int32, *atomic.Int32) {
	t.Helper()
	var reqs, conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		handler(int(reqs.Add(1)-1), w, r)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &reqs, &conns
}

// wireClient returns a client with the default transport on srv.
func wireClient(t *testing.T, srv *httptest.Server, opts ...Option) *Client {
	t.Helper()
	c, err := NewClient(append([]Option{WithBaseURL(srv.URL), tinyWaits()}, opts...)...)
	require.NoError(t, err)
	require.True(t, c.traced, "the default transport is an *http.Transport")
	t.Cleanup(c.hc.CloseIdleConnections)
	return c
}

// resetConn hijacks the connection and resets it: the request was read, the
// answer never comes.
func resetConn(t *testing.T, w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	require.NoError(t, err)
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// truncated200 hijacks the connection and sends a 200 that promises 5000
// bytes and delivers 100.
func truncated200(t *testing.T, w http.ResponseWriter) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	require.NoError(t, err)
	_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n" + `{"value":[` + strings.Repeat(" ", 90))
	_ = buf.Flush()
	_ = conn.Close()
}

func TestWire503RetriesOnANewConnection(t *testing.T) {
	t.Parallel()
	srv, reqs, conns := wireServer(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n == 0 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"error":{"code":"serviceNotAvailable"}}`))
			return
		}
		_, _ = w.Write([]byte(`{}`))
	})
	c := wireClient(t, srv)
	require.NoError(t, c.Do(t.Context(), listDefinitionsReq(), nil))
	assert.Equal(t, int32(2), reqs.Load())
	assert.Equal(t, int32(2), conns.Load(), "the retry after a 503 uses a new connection")

	// Without a 503 the connection is reused.
	require.NoError(t, c.Do(t.Context(), listDefinitionsReq(), nil))
	assert.Equal(t, int32(2), conns.Load())
}

func TestWireResetAfterRequestWasRead(t *testing.T) {
	t.Parallel()
	t.Run("create is not resent", func(t *testing.T) {
		t.Parallel()
		srv, reqs, _ := wireServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) { resetConn(t, w) })
		c := wireClient(t, srv)
		err := c.Do(t.Context(), &Request{Method: http.MethodPost, Path: "identityGovernance/accessReviews/definitions", Body: []byte(`{"displayName":"x"}`)}, nil)
		assert.ErrorIs(t, err, ErrOutcomeUnknown)
		var oe *OutcomeUnknownError
		require.ErrorAs(t, err, &oe)
		assert.Regexp(t, uuidV4, oe.ClientRequestID)
		assert.Equal(t, 1, oe.Attempts)
		assert.Equal(t, int32(1), reqs.Load())
	})
	t.Run("read is retried", func(t *testing.T) {
		t.Parallel()
		srv, reqs, _ := wireServer(t, func(n int, w http.ResponseWriter, _ *http.Request) {
			if n == 0 {
				resetConn(t, w)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"id":"ok"}`))
		})
		c := wireClient(t, srv)
		var out struct{ ID string }
		require.NoError(t, c.Do(t.Context(), listDefinitionsReq(), &out))
		assert.Equal(t, "ok", out.ID)
		assert.Equal(t, int32(2), reqs.Load())
	})
}

func TestWireTruncatedBody(t *testing.T) {
	t.Parallel()
	t.Run("read is retried", func(t *testing.T) {
		t.Parallel()
		srv, reqs, _ := wireServer(t, func(n int, w http.ResponseWriter, _ *http.Request) {
			if n == 0 {
				truncated200(t, w)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"value":[1,2]}`))
		})
		c := wireClient(t, srv)
		var out struct{ Value []int }
		require.NoError(t, c.Do(t.Context(), listDefinitionsReq(), &out))
		assert.Equal(t, []int{1, 2}, out.Value)
		assert.Equal(t, int32(2), reqs.Load())
	})
	t.Run("create is outcome unknown", func(t *testing.T) {
		t.Parallel()
		srv, reqs, _ := wireServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) { truncated200(t, w) })
		c := wireClient(t, srv)
		var out map[string]any
		err := c.Do(t.Context(), &Request{Method: http.MethodPost, Path: "x", Body: []byte(`{}`)}, &out)
		assert.ErrorIs(t, err, ErrOutcomeUnknown)
		assert.Nil(t, out, "never a partial result")
		assert.Equal(t, int32(1), reqs.Load())
	})
}

func TestWireDialFailureIsRetriedEvenForCreates(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close()) // nothing listens there now

	c, err := NewClient(WithBaseURL("http://"+addr), tinyWaits())
	require.NoError(t, err)
	err = c.Do(t.Context(), &Request{Method: http.MethodPost, Path: "x", Body: []byte(`{}`)}, nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, syscall.ECONNREFUSED)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown, "nothing was sent")
	assert.Contains(t, err.Error(), "attempts: 4", "a dial error is retried for every class")
}

func TestWireHeaderTimeout(t *testing.T) {
	t.Parallel()
	srv, reqs, _ := wireServer(t, func(_ int, _ http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	c := wireClient(t, srv, WithAttemptTimeout(20*time.Millisecond), WithRetryPolicy(RetryPolicy{MaxRetries: 1}))
	err := c.Do(t.Context(), listDefinitionsReq(), nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "timeout awaiting response headers")
	assert.Contains(t, err.Error(), "attempts: 2")
	assert.Equal(t, int32(2), reqs.Load())
}

func TestWireRedirectsAreNotFollowed(t *testing.T) {
	t.Parallel()
	var otherSeen, otherAuth atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		otherSeen.Add(1)
		if r.Header.Get("Authorization") != "" {
			otherAuth.Add(1)
		}
	}))
	t.Cleanup(other.Close)
	for _, code := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		for _, target := range []string{other.URL + "/v1.0/x?token=zzsecret", "/v1.0/elsewhere?token=zzsecret"} {
			t.Run(http.StatusText(code)+" "+target, func(t *testing.T) {
				t.Parallel()
				srv, reqs, _ := wireServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
					w.Header().Set("Location", target)
					w.WriteHeader(code)
				})
				c := wireClient(t, srv, WithTokenSource(&countingTokens{}))
				err := c.Do(t.Context(), listDefinitionsReq(), nil)
				assert.ErrorIs(t, err, ErrUnexpectedRedirect)
				var e *Error
				require.ErrorAs(t, err, &e)
				assert.Equal(t, code, e.StatusCode)
				assert.NotContains(t, err.Error(), "zzsecret", "the Location query is not echoed")
				assert.Equal(t, int32(1), reqs.Load())
			})
		}
	}
	t.Cleanup(func() {
		assert.Zero(t, otherSeen.Load(), "the other host sees no request")
		assert.Zero(t, otherAuth.Load())
	})
}

func TestWireBodyLimitAppliesAfterDecompression(t *testing.T) {
	t.Parallel()
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	_, _ = zw.Write([]byte(`{"value":"`))
	_, _ = zw.Write(bytes.Repeat([]byte("0"), 9<<20))
	_, _ = zw.Write([]byte(`"}`))
	require.NoError(t, zw.Close())
	require.Less(t, zipped.Len(), 1<<20, "the wire size is small")

	srv, _, _ := wireServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(zipped.Bytes())
	})
	c := wireClient(t, srv)
	var out map[string]any
	err := c.Do(t.Context(), listDefinitionsReq(), &out)
	assert.ErrorIs(t, err, ErrResponseTooLarge)
	assert.Nil(t, out)
}

func TestWireOversizedStream(t *testing.T) {
	t.Parallel()
	srv, _, _ := wireServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		chunk := bytes.Repeat([]byte(" "), 64<<10)
		for range 1600 { // 100 MiB, stopped early when the client hangs up
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	c := wireClient(t, srv)
	var out map[string]any
	assert.ErrorIs(t, c.Do(t.Context(), listDefinitionsReq(), &out), ErrResponseTooLarge)
}
