package accessreviewstest

import (
	"sync"
	"time"
)

// Clock is the server's notion of now. It never moves by itself: reviews
// start, end and recur only when a test calls Advance or Set, so a test can
// walk a review through its whole life without sleeping. When it moves,
// every review is brought up to the new time at once: instances start, end,
// recur, get their default decisions and are applied, so a review goes from
// NotStarted to Applied in one call. A Clock is safe for concurrent use.
type Clock struct {
	mu  sync.Mutex
	now time.Time
	// onChange runs after every move, outside the lock, with the new time;
	// the server points it at the review store so that reviews reach their
	// new state as soon as the clock moves, not at the next request.
	onChange func(time.Time)
	// change serialises moves so that onChange sees them in order.
	change sync.Mutex
}

// newClock returns a clock standing at start.
func newClock(start time.Time) *Clock {
	return &Clock{now: start.UTC()}
}

// Now returns the clock's current time, in UTC.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d (a negative d is ignored) and brings
// every review up to the new time.
func (c *Clock) Advance(d time.Duration) {
	c.change.Lock()
	defer c.change.Unlock()
	c.mu.Lock()
	if d > 0 {
		c.now = c.now.Add(d)
	}
	now := c.now
	c.mu.Unlock()
	c.notify(now)
}

// Set moves the clock to t and brings every review up to it. Moving it
// backwards is allowed but undoes nothing that already happened.
func (c *Clock) Set(t time.Time) {
	c.change.Lock()
	defer c.change.Unlock()
	c.mu.Lock()
	c.now = t.UTC()
	now := c.now
	c.mu.Unlock()
	c.notify(now)
}

func (c *Clock) notify(now time.Time) {
	c.mu.Lock()
	f := c.onChange
	c.mu.Unlock()
	if f != nil {
		f(now)
	}
}

// setOnChange installs the hook Advance and Set call.
func (c *Clock) setOnChange(f func(time.Time)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.onChange = f
}
