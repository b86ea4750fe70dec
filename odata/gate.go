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
// the wait is longer than their context has left.
//
// The transport closes the gate as soon as a 429 arrives, before the
// throttled attempt gives back its concurrency slot, and an attempt checks
// the gate again once it holds a slot (Client.admit); so no request leaves
// while the gate is closed, not even one that was queued for a slot.
type throttleGate struct {
	// limit is the longest the gate stays closed for one 429: the retry
	// policy's MaxRetryAfter. A longer Retry-After fails its own call at
	// once, and holds the others back no longer than the client would ever
	// wait.
	limit time.Duration

	mu    sync.Mutex
	until time.Time
	// requestID, scope and info describe the 429 that closed the gate, so
	// that a call failing at the gate says why.
	requestID, scope, info string
}

// newThrottleGate returns an open gate that closes for at most limit.
func newThrottleGate(limit time.Duration) *throttleGate {
	return &throttleGate{limit: limit}
}

// closeFor keeps the gate closed for d from now at least, and for no longer
// than the gate's limit; a later 429 with a shorter wait never reopens it
// early. h holds the headers of the answer that asked for the wait.
func (g *throttleGate) closeFor(d time.Duration, h http.Header) {
	t := time.Now().Add(min(d, g.limit))
	g.mu.Lock()
	defer g.mu.Unlock()
	if t.After(g.until) {
		g.until = t
		g.requestID = h.Get("request-id")
		g.scope = h.Get("x-ms-throttle-scope")
		g.info = h.Get("x-ms-throttle-information")
	}
}

// isOpen reports whether the gate lets a request leave now.
func (g *throttleGate) isOpen() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return !time.Now().Before(g.until)
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
		// The gate never closes for longer than MaxRetryAfter, so only the
		// deadline can make the wait too long for this call.
		if pastDeadline(ctx, d) {
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

// admit takes a concurrency slot for an attempt that has passed the
// throttle gate, and returns the function that gives it back. Holding a
// slot does not entitle the attempt to leave: it may have waited for the
// slot while another call's 429 closed the gate, and the slot it got may be
// the one the throttled call gave back. So once it holds a slot it checks
// the gate again; if the gate is closed it gives the slot back, waits at
// the gate (holding no slot) and tries again.
func (c *Client) admit(ctx context.Context, st *call) (release func(), err error) {
	for {
		release, err := c.limiter.acquire(ctx)
		if err != nil {
			return nil, err
		}
		if c.gate.isOpen() {
			return release, nil
		}
		release()
		if err := c.gate.wait(ctx, c, st); err != nil {
			return nil, err
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
