package odata

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func listDefinitionsReq() *Request {
	return &Request{Method: http.MethodGet, Path: "identityGovernance/accessReviews/definitions"}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		header   func(now time.Time) []string
		min, max time.Duration
	}{
		{"integer seconds", fixedHeader("Retry-After", "2"), 2 * time.Second, 2200 * time.Millisecond},
		{"fractional seconds are not truncated", fixedHeader("Retry-After", "2.128"), 2128 * time.Millisecond, 2341 * time.Millisecond},
		{"zero waits the floor", fixedHeader("Retry-After", "0"), 250 * time.Millisecond, 275 * time.Millisecond},
		{"retry-after-ms", fixedHeader("retry-after-ms", "1500"), 1500 * time.Millisecond, 1650 * time.Millisecond},
		{"x-ms-retry-after-ms wins over Retry-After", func(time.Time) []string {
			return []string{"x-ms-retry-after-ms", "300", "Retry-After", "20"}
		}, 300 * time.Millisecond, 330 * time.Millisecond},
		{"IMF-fixdate", retryDate(http.TimeFormat, 5*time.Second), 5 * time.Second, 5500 * time.Millisecond},
		{"RFC 850 date", retryDate("Monday, 02-Jan-06 15:04:05 GMT", 5*time.Second), 5 * time.Second, 5500 * time.Millisecond},
		{"asctime date", retryDate("Mon Jan _2 15:04:05 2006", 5*time.Second), 5 * time.Second, 5500 * time.Millisecond},
		{"past date waits the floor", retryDate(http.TimeFormat, -time.Hour), 250 * time.Millisecond, 275 * time.Millisecond},
		{"503 honours it too", fixedHeader("Retry-After", "3"), 3 * time.Second, 3300 * time.Millisecond},
		{"504 honours it too", fixedHeader("Retry-After", "4"), 4 * time.Second, 4400 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				status := http.StatusTooManyRequests
				if tt.name == "503 honours it too" {
					status = http.StatusServiceUnavailable
				} else if tt.name == "504 honours it too" {
					status = http.StatusGatewayTimeout
				}
				c, tr := newScripted(t, replySequence(
					replyWith(status, graphErrorBody("TooManyRequests", "r1"), tt.header(time.Now())...),
					replyWith(200, `{"value":[]}`),
				))
				require.NoError(t, c.Do(t.Context(), listDefinitionsReq(), nil))
				sent := tr.requests()
				require.Len(t, sent, 2)
				gap := sent[1].At.Sub(sent[0].At)
				assert.GreaterOrEqual(t, gap, tt.min)
				assert.LessOrEqual(t, gap, tt.max)
				assert.Empty(t, sent[0].Header.Get("Retry-Attempt"))
				assert.Equal(t, "1", sent[1].Header.Get("Retry-Attempt"))
				assert.Equal(t, sent[0].Header.Get("client-request-id"), sent[1].Header.Get("client-request-id"))
			})
		})
	}
}

// fixedHeader returns fixed headers for a table case.
func fixedHeader(kv ...string) func(time.Time) []string {
	return func(time.Time) []string { return kv }
}

// retryDate returns a Retry-After date d from now in layout.
func retryDate(layout string, d time.Duration) func(time.Time) []string {
	return func(now time.Time) []string { return []string{"Retry-After", now.Add(d).UTC().Format(layout)} }
}

func TestRetryAfterAboveCapFailsAtOnce(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				c, tr := newScripted(t, alwaysReply(status, graphErrorBody("TooManyRequests", "body-id"),
					"Retry-After", "3600", "request-id", "r-429", "x-ms-throttle-scope", "Tenant_Application/ReadWrite/app/tenant"))
				start := time.Now()
				err := c.Do(t.Context(), listDefinitionsReq(), nil)
				assert.Zero(t, time.Since(start), "no sleep")
				assert.Len(t, tr.requests(), 1)
				var e *Error
				require.ErrorAs(t, err, &e)
				assert.Equal(t, status, e.StatusCode)
				assert.Equal(t, time.Hour, e.RetryAfter)
				assert.Equal(t, "r-429", e.RequestID)
				assert.Equal(t, "Tenant_Application/ReadWrite/app/tenant", e.ThrottleScope)
				if status == http.StatusTooManyRequests {
					assert.ErrorIs(t, err, ErrThrottled)
				} else {
					assert.ErrorIs(t, err, ErrServiceUnavailable)
				}
			})
		})
	}
}

func TestRetryAfterPastDeadlineFailsAtOnce(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c, tr := newScripted(t, alwaysReply(429, graphErrorBody("TooManyRequests", "x"), "Retry-After", "5"))
		ctx, cancel := context.WithTimeout(t.Context(), 4*time.Second)
		defer cancel()
		start := time.Now()
		err := c.Do(ctx, listDefinitionsReq(), nil)
		assert.Zero(t, time.Since(start))
		assert.ErrorIs(t, err, ErrThrottled)
		var e *Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, 5*time.Second, e.RetryAfter)
		assert.Len(t, tr.requests(), 1)
	})
}

func TestBackoffWithoutRetryAfter(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c, tr := newScripted(t, func(n int, _ *sentRequest) (*http.Response, error) {
			id := "req-" + strconv.Itoa(n)
			return newResponse(429, graphErrorBody("activityLimitReached", id), "request-id", id), nil
		})
		err := c.Do(t.Context(), listDefinitionsReq(), nil)
		sent := tr.requests()
		require.Len(t, sent, 4, "1 attempt + 3 retries")
		for n := 1; n < len(sent); n++ {
			gap := sent[n].At.Sub(sent[n-1].At)
			ceiling := 2 * time.Second << (n - 1)
			assert.GreaterOrEqual(t, gap, 500*time.Millisecond, "retry %d", n)
			assert.LessOrEqual(t, gap, ceiling, "retry %d", n)
			assert.Equal(t, strconv.Itoa(n), sent[n].Header.Get("Retry-Attempt"))
		}
		assert.ErrorIs(t, err, ErrThrottled)
		var e *Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, "activityLimitReached", e.Code)
		assert.Equal(t, "req-3", e.RequestID, "the last response survives")
		assert.Equal(t, 4, e.Attempts)
	})
}

func TestBackoffDelayEnvelope(t *testing.T) {
	t.Parallel()
	c, err := NewClient()
	require.NoError(t, err)
	for n := range 8 {
		ceiling := min(30*time.Second, 2*time.Second<<n)
		for range 200 {
			d := c.backoffDelay(n)
			require.GreaterOrEqual(t, d, 500*time.Millisecond)
			require.LessOrEqual(t, d, ceiling)
		}
	}
	for range 200 {
		d := c.retryAfterDelay(10 * time.Second)
		require.GreaterOrEqual(t, d, 10*time.Second)
		require.LessOrEqual(t, d, 11*time.Second)
	}
}

func TestBodyIsReplayedIdentically(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c, tr := newScripted(t, replySequence(replyWith(429, "", "Retry-After", "1"), replyWith(204, "")))
		body := map[string]string{"decision": "Deny", "justification": "left the company"}
		require.NoError(t, c.Do(t.Context(), &Request{Method: http.MethodPost, Path: "batchRecordDecisions", Body: body, Class: RetryNonIdempotent}, nil))
		sent := tr.requests()
		require.Len(t, sent, 2)
		assert.JSONEq(t, `{"decision":"Deny","justification":"left the company"}`, string(sent[0].Body))
		assert.Equal(t, sent[0].Body, sent[1].Body)
		assert.Equal(t, int64(len(sent[0].Body)), sent[0].Length)
		assert.Equal(t, sent[0].Length, sent[1].Length)
	})
}

func TestEveryIntermediateBodyIsClosed(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c, tr := newScripted(t, alwaysReply(503, graphErrorBody("serviceNotAvailable", "r-last"), "Retry-After", "1"))
		err := c.Do(t.Context(), listDefinitionsReq(), nil)
		var e *Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, "serviceNotAvailable", e.Code, "the final body is still decoded")
		assert.ErrorIs(t, err, ErrServiceUnavailable)
		assert.Equal(t, int32(4), tr.bodies.Load())
		assert.Equal(t, int32(4), tr.closed.Load())
	})
}

func TestRetryPolicyLimits(t *testing.T) {
	t.Parallel()
	t.Run("no retries", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			c, tr := newScripted(t, alwaysReply(503, ""), WithRetryPolicy(NoRetries()))
			assert.ErrorIs(t, c.Do(t.Context(), listDefinitionsReq(), nil), ErrServiceUnavailable)
			assert.Len(t, tr.requests(), 1)
		})
	})
	t.Run("max retries", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			c, tr := newScripted(t, alwaysReply(503, ""), WithRetryPolicy(RetryPolicy{MaxRetries: 6}))
			assert.ErrorIs(t, c.Do(t.Context(), listDefinitionsReq(), nil), ErrServiceUnavailable)
			assert.Len(t, tr.requests(), 7)
		})
	})
	t.Run("elapsed budget", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			c, tr := newScripted(t, alwaysReply(429, "", "Retry-After", "50"), WithRetryPolicy(RetryPolicy{MaxElapsed: time.Minute}))
			start := time.Now()
			assert.ErrorIs(t, c.Do(t.Context(), listDefinitionsReq(), nil), ErrThrottled)
			assert.Len(t, tr.requests(), 2)
			assert.Less(t, time.Since(start), time.Minute)
		})
	})
	t.Run("custom cap", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			c, tr := newScripted(t, alwaysReply(429, "", "Retry-After", "11"), WithRetryPolicy(RetryPolicy{MaxRetryAfter: 10 * time.Second}))
			assert.ErrorIs(t, c.Do(t.Context(), listDefinitionsReq(), nil), ErrThrottled)
			assert.Len(t, tr.requests(), 1)
		})
	})
}

func TestCancelDuringRetryWait(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c, tr := newScripted(t, alwaysReply(429, "", "Retry-After", "30"))
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		start := time.Now()
		go func() { done <- c.Do(ctx, listDefinitionsReq(), nil) }()
		synctest.Wait() // Do is blocked in its Retry-After wait
		cancel()
		err := <-done
		assert.ErrorIs(t, err, context.Canceled)
		assert.Zero(t, time.Since(start), "returns without waiting")
		assert.Len(t, tr.requests(), 1)
	})
}

func TestCancelDuringAttemptOfCreateIsOutcomeUnknown(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		c, tr := newScripted(t, func(int, *sentRequest) (*http.Response, error) {
			cancel()
			return nil, context.Canceled
		})
		err := c.Do(ctx, &Request{Method: http.MethodPost, Path: "x", Body: []byte(`{}`)}, nil)
		assert.ErrorIs(t, err, context.Canceled)
		assert.ErrorIs(t, err, ErrOutcomeUnknown)
		assert.Len(t, tr.requests(), 1)
	})
}

func TestRetryAfterDateUsesTheClientClock(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		clientNow := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) // far from the bubble's clock
		c, tr := newScripted(t, replySequence(
			replyWith(429, "", "Retry-After", clientNow.Add(3*time.Second).Format(http.TimeFormat)),
			replyWith(200, `{}`),
		), withClock(func() time.Time { return clientNow }))
		require.NoError(t, c.Do(t.Context(), listDefinitionsReq(), nil))
		sent := tr.requests()
		require.Len(t, sent, 2)
		gap := sent[1].At.Sub(sent[0].At)
		assert.GreaterOrEqual(t, gap, 3*time.Second)
		assert.LessOrEqual(t, gap, 3300*time.Millisecond)
	})
}
