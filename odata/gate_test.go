package odata

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestThrottleGateHoldsBackConcurrentCalls(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c, tr := newScripted(t, func(n int, _ *sentRequest) (*http.Response, error) {
			if n == 0 {
				return newResponse(429, graphErrorBody("TooManyRequests", "r"), "Retry-After", "5"), nil
			}
			return newResponse(200, `{}`), nil
		})
		var wg sync.WaitGroup
		wg.Go(func() { assert.NoError(t, c.Do(t.Context(), listDefinitionsReq(), nil)) })
		synctest.Wait() // the first call got its 429 and waits
		throttledAt := tr.requests()[0].At
		for range 7 {
			wg.Go(func() { assert.NoError(t, c.Do(t.Context(), listDefinitionsReq(), nil)) })
		}
		synctest.Wait()
		assert.Len(t, tr.requests(), 1, "the others wait at the gate instead of sending")
		wg.Wait()
		sent := tr.requests()
		require.Len(t, sent, 9)
		for _, r := range sent[1:] {
			assert.GreaterOrEqual(t, r.At.Sub(throttledAt), 5*time.Second)
		}
	})
}

func TestThrottleGateFailsFastPastDeadline(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c, tr := newScripted(t, func(n int, _ *sentRequest) (*http.Response, error) {
			if n == 0 {
				return newResponse(429, "", "Retry-After", "30", "request-id", "r-gate", "x-ms-throttle-scope", "scope"), nil
			}
			return newResponse(200, `{}`), nil
		})
		first := make(chan error, 1)
		go func() { first <- c.Do(t.Context(), listDefinitionsReq(), nil) }()
		synctest.Wait()

		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		start := time.Now()
		err := c.Do(ctx, &Request{Method: http.MethodPost, Path: "x", Body: []byte(`{}`)}, nil)
		assert.Zero(t, time.Since(start), "fails at once")
		assert.ErrorIs(t, err, ErrThrottled)
		assert.NotErrorIs(t, err, ErrOutcomeUnknown, "nothing was sent")
		var e *Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, 429, e.StatusCode)
		assert.InDelta(t, 30*time.Second, e.RetryAfter, float64(3*time.Second))
		assert.Equal(t, "r-gate", e.RequestID)
		assert.Equal(t, "scope", e.ThrottleScope)
		assert.Equal(t, http.MethodPost, e.Method)
		assert.Zero(t, e.Attempts)
		assert.Len(t, tr.requests(), 1)
		require.NoError(t, <-first)
	})
}

func TestThrottleGateCancel(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c, tr := newScripted(t, func(n int, _ *sentRequest) (*http.Response, error) {
			if n == 0 {
				return newResponse(429, "", "Retry-After", "30"), nil
			}
			return newResponse(200, `{}`), nil
		})
		first := make(chan error, 1)
		go func() { first <- c.Do(t.Context(), listDefinitionsReq(), nil) }()
		synctest.Wait()
		ctx, cancel := context.WithCancel(t.Context())
		second := make(chan error, 1)
		go func() { second <- c.Do(ctx, listDefinitionsReq(), nil) }()
		synctest.Wait()
		cancel()
		assert.ErrorIs(t, <-second, context.Canceled)
		require.NoError(t, <-first)
		assert.Len(t, tr.requests(), 2)
	})
}

func TestConcurrencyLimit(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c, tr := newScripted(t, func(int, *sentRequest) (*http.Response, error) {
			time.Sleep(time.Second) // fake time: keeps attempts overlapping
			return newResponse(200, `{"ok":true}`), nil
		}, WithMaxConcurrency(2))
		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() {
				var out struct{ OK bool }
				assert.NoError(t, c.Do(t.Context(), listDefinitionsReq(), &out))
				assert.True(t, out.OK)
			})
		}
		wg.Wait()
		assert.Equal(t, int32(2), tr.maxInFlight.Load())
		assert.Len(t, tr.requests(), 10)
	})
}

func TestClientIsSafeForConcurrentUse(t *testing.T) {
	t.Parallel()
	c, tr := newScripted(t, func(n int, r *sentRequest) (*http.Response, error) {
		if n%7 == 3 {
			return newResponse(503, ""), nil // some retries, to exercise the shared state
		}
		return newResponse(200, `{"path":"`+r.Path+`"}`), nil
	}, WithTokenSource(&countingTokens{}), withBackoffShape(backoffShape{retryAfterFloor: time.Millisecond, floor: time.Millisecond, base: time.Millisecond, ceiling: time.Millisecond}))
	var wg sync.WaitGroup
	for g := range 32 {
		wg.Go(func() {
			for i := range 5 {
				var out struct{ Path string }
				path := "items/" + string(rune('a'+g%26)) + string(rune('a'+i))
				if assert.NoError(t, c.Do(t.Context(), &Request{Method: http.MethodGet, Path: path}, &out)) {
					assert.Equal(t, "/v1.0/"+path, out.Path)
				}
			}
		})
	}
	wg.Wait()
	ids := map[string]bool{}
	for _, r := range tr.requests() {
		if r.Header.Get("Retry-Attempt") == "" {
			id := r.Header.Get("client-request-id")
			assert.False(t, ids[id], "client-request-id reused across calls")
			ids[id] = true
		}
	}
	assert.Len(t, ids, 32*5)
	assert.LessOrEqual(t, tr.maxInFlight.Load(), int32(DefaultMaxConcurrency))
	assert.Equal(t, tr.bodies.Load(), tr.closed.Load())
}

func TestLoggingNeverLeaksSecrets(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var buf bytes.Buffer
		var mu sync.Mutex
		logger := slog.New(slog.NewJSONHandler(&lockedWriter{w: &buf, mu: &mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
		c, _ := newScripted(t, replySequence(
			replyWith(429, graphErrorBody("TooManyRequests", "r1"), "Retry-After", "1", "request-id", "r1"),
			replyWith(200, `{"displayName":"body-secret"}`, "request-id", "r2"),
		), WithLogger(logger), WithTokenSource(&countingTokens{}))
		var out map[string]any
		require.NoError(t, c.Do(t.Context(), &Request{
			Method: http.MethodGet,
			Path:   "users",
			Query:  &Query{Filter: Eq("userPrincipalName", "alice@contoso.com")},
		}, &out))

		mu.Lock()
		logs := buf.String()
		mu.Unlock()
		for _, leak := range []string{"tok-1", "Bearer", "alice", "contoso", "body-secret", "$filter", "userPrincipalName"} {
			assert.NotContains(t, logs, leak)
		}
		var records []map[string]any
		for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
			var rec map[string]any
			require.NoError(t, json.Unmarshal([]byte(line), &rec))
			records = append(records, rec)
		}
		require.Len(t, records, 3, "attempt, retry, attempt")
		assert.Equal(t, logMsgAttempt, records[0]["msg"])
		assert.Equal(t, "GET", records[0]["method"])
		assert.Equal(t, "/users", records[0]["path"])
		assert.EqualValues(t, 429, records[0]["status"])
		assert.EqualValues(t, 1, records[0]["attempt"])
		assert.Equal(t, "r1", records[0]["request_id"])
		assert.NotEmpty(t, records[0]["client_request_id"])
		assert.Equal(t, logMsgRetry, records[1]["msg"])
		assert.GreaterOrEqual(t, records[1]["wait_ms"], float64(1000))
		assert.EqualValues(t, 2, records[2]["attempt"])
		assert.Equal(t, records[0]["client_request_id"], records[2]["client_request_id"])
	})
}

// lockedWriter serialises writes of concurrent log records.
type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// TestThrottleGateHoldsCallsQueuedForASlot: calls that wait for a
// concurrency slot when a 429 with Retry-After arrives must not take the
// slot the throttled call gives back (or any other) and send inside the
// wait. The 429 comes back after 1 s of bubble time, every other answer
// after 2 s, so the instants never coincide: a request leaves at the start
// or after the wait, never in between.
func TestThrottleGateHoldsCallsQueuedForASlot(t *testing.T) {
	t.Parallel()
	const retryAfter = 10 * time.Second
	for _, tc := range []struct {
		name         string
		slots, calls int
	}{
		{"one slot, two calls", 1, 2},
		{"one slot, many calls", 1, 16},
		{"many slots, many calls", 4, 16},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				c, tr := newScripted(t, func(n int, _ *sentRequest) (*http.Response, error) {
					if n == 0 {
						time.Sleep(time.Second)
						return newResponse(429, graphErrorBody("TooManyRequests", "r"), "Retry-After", "10"), nil
					}
					time.Sleep(2 * time.Second)
					return newResponse(200, `{}`), nil
				}, WithMaxConcurrency(tc.slots))
				start := time.Now()
				var wg sync.WaitGroup
				for range tc.calls {
					wg.Go(func() { assert.NoError(t, c.Do(t.Context(), listDefinitionsReq(), nil)) })
				}
				wg.Wait()

				sent := tr.requests()
				require.Len(t, sent, tc.calls+1, "every call once, the throttled one twice")
				throttledAt := sent[0].At.Add(time.Second)
				early := 0
				for _, r := range sent {
					switch {
					case r.At.Equal(start):
						early++
					case r.At.Before(throttledAt.Add(retryAfter)):
						t.Errorf("a request left %v after the 429, inside its Retry-After of %v", r.At.Sub(throttledAt), retryAfter)
					}
				}
				assert.Equal(t, tc.slots, early, "only the calls that had a slot before the 429 were sent before it")
			})
		})
	}
}

// TestThrottleGateClosesNoLongerThanTheCap: a hostile Retry-After (about
// 3,000 years) fails its own call at once with the throttled *Error, as a
// wait above MaxRetryAfter always does, but closes the client's gate for
// MaxRetryAfter at most: a call made at once waits no longer than that (and
// one with a shorter deadline fails fast, naming a wait within the cap),
// and a call made once the cap has passed is sent at once.
func TestThrottleGateClosesNoLongerThanTheCap(t *testing.T) {
	t.Parallel()
	const maxRetryAfter = 20 * time.Second
	for _, tc := range []struct {
		name string
		// then makes the next call, when the hostile 429 has failed the
		// first, and checks it; sent is how many requests the transport saw.
		then func(t *testing.T, c *Client, sent func() int)
	}{
		{"a call at once waits no longer than the cap", func(t *testing.T, c *Client, sent func() int) {
			start := time.Now()
			require.NoError(t, c.Do(t.Context(), listDefinitionsReq(), nil))
			assert.GreaterOrEqual(t, time.Since(start), maxRetryAfter)
			assert.LessOrEqual(t, time.Since(start), maxRetryAfter+maxRetryAfter/10, "the cap plus the gate's jitter")
			assert.Equal(t, 2, sent())
		}},
		{"a call with a shorter deadline fails fast within the cap", func(t *testing.T, c *Client, sent func() int) {
			ctx, cancel := context.WithTimeout(t.Context(), maxRetryAfter/2)
			defer cancel()
			start := time.Now()
			err := c.Do(ctx, listDefinitionsReq(), nil)
			assert.Zero(t, time.Since(start))
			require.ErrorIs(t, err, ErrThrottled)
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, maxRetryAfter, e.RetryAfter)
			assert.Equal(t, "r-hostile", e.RequestID)
			assert.Equal(t, 1, sent())
		}},
		{"a call after the cap is sent at once", func(t *testing.T, c *Client, sent func() int) {
			time.Sleep(maxRetryAfter)
			start := time.Now()
			require.NoError(t, c.Do(t.Context(), listDefinitionsReq(), nil))
			assert.Zero(t, time.Since(start))
			assert.Equal(t, 2, sent())
		}},
		{"a call an hour later is sent at once", func(t *testing.T, c *Client, sent func() int) {
			time.Sleep(time.Hour)
			start := time.Now()
			require.NoError(t, c.Do(t.Context(), listDefinitionsReq(), nil))
			assert.Zero(t, time.Since(start))
			assert.Equal(t, 2, sent())
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				c, tr := newScripted(t, func(n int, _ *sentRequest) (*http.Response, error) {
					if n == 0 {
						return newResponse(429, graphErrorBody("TooManyRequests", "r-hostile"), "Retry-After", "99999999999", "request-id", "r-hostile"), nil
					}
					return newResponse(200, `{}`), nil
				}, WithRetryPolicy(RetryPolicy{MaxRetryAfter: maxRetryAfter}))
				start := time.Now()
				err := c.Do(t.Context(), listDefinitionsReq(), nil)
				assert.Zero(t, time.Since(start), "the hostile wait is not waited out")
				require.ErrorIs(t, err, ErrThrottled)
				var e *Error
				require.ErrorAs(t, err, &e)
				assert.Equal(t, maxDuration, e.RetryAfter, "the service's answer, saturated")
				assert.Equal(t, 1, e.Attempts)
				tc.then(t, c, func() int { return len(tr.requests()) })
			})
		})
	}
}
