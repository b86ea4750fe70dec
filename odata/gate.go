package odata

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// throttleGate holds back every call of one client after the service
// answered 429 with a Retry-After: Graph keeps counting requests made while
// a client is throttled, so hammering it only prolongs the throttling. Calls
// wait until the gate opens, or fail at once with a throttled *Error when
// the wait is longer than the retry policy allows or than their context has
// left.
type throttleGate struct {
	mu    sync.Mutex
	until time.Time
	// requestID, scope and info describe the 429 that closed the gate, so
	// that a call failing at the gate says why.
	requestID, scope, info string
}

// closeUntil keeps the gate closed until t at least; a later 429 with a
// shorter wait never reopens it early.
func (g *throttleGate) closeUntil(t time.Time, h http.Header) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if t.After(g.until) {
		g.until = t
		g.requestID = h.Get("request-id")
		g.scope = h.Get("x-ms-throttle-scope")
		g.info = h.Get("x-ms-throttle-information")
	}
}

// wait blocks until the gate is open. The gate may close again while a call
// waits (another 429), so it checks again after every wake-up.
func (g *throttleGate) wait(ctx context.Context, c *Client, st *call) error {
	for {
		g.mu.Lock()
		d := time.Until(g.until)
		requestID, scope, info := g.requestID, g.scope, g.info
		g.mu.Unlock()
		if d <= 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d > c.retry.MaxRetryAfter || pastDeadline(ctx, d) {
			return &Error{
				StatusCode:      http.StatusTooManyRequests,
				Code:            "clientThrottleGate",
				Message:         "the client is waiting out a Retry-After from the service; the wait is longer than this call may take",
				RequestID:       requestID,
				ClientRequestID: st.clientRequestID,
				RetryAfter:      d,
				ThrottleScope:   scope,
				ThrottleInfo:    info,
				Method:          st.method,
				Path:            st.path,
				Attempts:        st.attemptCount(),
			}
		}
		// Up to 10% more, so that the calls held back do not all hit the
		// service in the same instant the gate opens.
		d += c.jitter(d / 10)
		c.logWait(ctx, st, d)
		timer := time.NewTimer(d)
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
		}
	}
}

// limiter bounds how many requests of one client are in flight. A slot is
// taken per attempt, just before it is sent, and given back when the
// response body is closed (or the attempt fails), so waits between retries
// and at the throttle gate hold no slot.
type limiter chan struct{}

// acquire takes a slot, waiting until one is free or ctx ends, and returns
// the function that gives it back; calling that more than once is harmless.
func (l limiter) acquire(ctx context.Context) (release func(), err error) {
	select {
	case l <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	release = sync.OnceFunc(func() { <-l })
	if err := ctx.Err(); err != nil { // select picks at random when both are ready
		release()
		return nil, err
	}
	return release, nil
}

// pastDeadline reports whether waiting d would reach ctx's deadline. It
// measures with time.Until, the clock contexts use.
func pastDeadline(ctx context.Context, d time.Duration) bool {
	dl, ok := ctx.Deadline()
	return ok && d >= time.Until(dl)
}
