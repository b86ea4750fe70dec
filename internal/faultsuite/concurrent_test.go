package faultsuite

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
)

// TestConcurrentUseHoldsTheThrottleGate shares one client between 16
// goroutines, eight listing all 2,000 decisions of an instance and eight
// recording 125 decisions each on another instance, while 15% of the requests are answered
// 429 with a Retry-After. Every listing must be whole and every record
// recorded; and after any 429 with a Retry-After of R, no request of the
// client may start within R of that answer (the wire stamps every attempt
// with the bubble's clock, which is exact, so no tolerance is needed).
// Run with -race, the test also checks that sharing the client is safe.
func TestConcurrentUseHoldsTheThrottleGate(t *testing.T) {
	t.Parallel()
	const (
		items     = 2000
		listers   = 8
		recorders = 8
	)
	r := newReview(t, items, 41)
	ids := r.decisions(t)
	require.Len(t, ids, items)
	// The listers read a second review of the same group, so that no item
	// is read while it is written: the fake encodes a page after releasing
	// its lock (accessreviewstest writeDecisions), which -race reports when
	// a PATCH of an item on that page runs at the same time.
	listedReview := addReview(t, r.s, "Fault suite review read while the other is recorded")
	want := listedReview.decisions(t)
	require.Len(t, want, items)
	recs := make([]accessreviews.DecisionRecord, items/2)
	for i := range recs {
		v := accessreviews.DecisionDeny
		if i%2 == 1 {
			v = accessreviews.DecisionApprove
		}
		recs[i] = accessreviews.DecisionRecord{ID: ids[i].ID, Decision: v, Justification: "concurrent record " + strconv.Itoa(i)}
	}
	r.s.ResetRequests()
	r.s.FailRate(0.15, accessreviewstest.Throttle("1"), accessreviewstest.Throttle("0.5"), accessreviewstest.Throttle("2.128"), accessreviewstest.Throttle(""))

	var (
		w        *wire
		waits    atomic.Int64
		listed   [listers][]accessreviews.DecisionItem
		listErrs [listers]error
		results  [recorders][]accessreviews.RecordResult
		recErrs  [recorders]error
	)
	synctest.Test(t, func(t *testing.T) {
		w = newWire()
		c := r.client(t, w, odata.WithRetryPolicy(patientPolicy()), odata.WithLogger(slog.New(&gateCounter{n: &waits})))
		ctx := t.Context()
		var wg sync.WaitGroup
		for i := range listers {
			wg.Go(func() { listed[i], listErrs[i] = listedReview.listAll(ctx, c, nil) })
		}
		share := len(recs) / recorders
		for i := range recorders {
			wg.Go(func() {
				results[i], recErrs[i] = c.Decisions.RecordMany(ctx, r.def, r.inst, recs[i*share:(i+1)*share], nil)
			})
		}
		wg.Wait()
	})
	r.s.ClearFaults()

	for i := range listers {
		require.NoError(t, listErrs[i], "lister %d", i)
		assertSameItems(t, want, listed[i])
	}
	var all []accessreviews.RecordResult
	for i := range recorders {
		require.NoError(t, recErrs[i], "recorder %d", i)
		all = append(all, results[i]...)
	}
	n := checkRecordResults(t, recs, all, byID(r.decisions(t)), appliedPatches(t, r))
	assert.Equal(t, len(recs), n.recorded, "every record recorded")

	log := w.log()
	g := checkGate(t, log)
	t.Logf("goroutines %d, attempts %d, 429s with Retry-After %d, gate waits %d, late attempts %d, most attempts after a 429 inside its Retry-After %d (after a 429 without one, which does not close the gate: %d), records %d, items listed %d",
		listers+recorders, len(log), g.throttled, waits.Load(), g.late, g.maxFollowers, g.maxUngated, n.recorded, listers*items)
	assert.Positive(t, g.throttled, "the service throttled")
	assert.Positive(t, waits.Load(), "calls waited at the gate")
	assert.Zero(t, g.late, "no request once a Retry-After had started to run")
	assert.Less(t, g.maxFollowers, listers+recorders, "only calls already past the gate went on")
}

// gateReport is what checkGate found.
type gateReport struct {
	// throttled counts the 429 answers with a Retry-After.
	throttled int
	// late counts the attempts that started once bubble time had passed
	// since such an answer, and before its Retry-After ran out: none may.
	late int
	// maxFollowers is the most attempts that started after such an answer
	// came back and before its Retry-After ran out, at the same instant.
	// Each other goroutine may have passed the gate just before it closed,
	// so up to goroutines-1 are allowed; without a gate every goroutine
	// keeps sending until it meets a fault of its own.
	maxFollowers int
	// maxUngated is maxFollowers for the 429s without a Retry-After, which
	// do not close the gate: what the suite sees without one.
	maxUngated int
}

// checkGate checks the wire log for requests sent inside a Retry-After.
func checkGate(t *testing.T, log []attempt) gateReport {
	t.Helper()
	var g gateReport
	for _, a := range log {
		if a.Status != 429 {
			continue
		}
		var wait time.Duration
		if a.RetryAfter != "" {
			secs, err := strconv.ParseFloat(a.RetryAfter, 64)
			require.NoError(t, err, "Retry-After %q", a.RetryAfter)
			wait = time.Duration(secs * float64(time.Second))
			g.throttled++
		}
		open := a.Done.Add(wait)
		followers := 0
		for _, b := range log {
			switch {
			case b.SentTick < a.DoneTick:
			case a.RetryAfter == "" && b.Sent.Equal(a.Done):
				followers++
			case a.RetryAfter != "" && b.Sent.Before(open):
				followers++
				if b.Sent.After(a.Done) {
					g.late++
					t.Errorf("attempt %d started %v after attempt %d got 429 Retry-After %s",
						b.Seq, b.Sent.Sub(a.Done), a.Seq, a.RetryAfter)
				}
			}
		}
		if a.RetryAfter == "" {
			g.maxUngated = max(g.maxUngated, followers)
		} else {
			g.maxFollowers = max(g.maxFollowers, followers)
		}
	}
	return g
}

// gateCounter is a slog.Handler counting the transport's waits at the
// throttle gate.
type gateCounter struct{ n *atomic.Int64 }

// Enabled lets every record through: the transport logs its waits at info.
func (gateCounter) Enabled(context.Context, slog.Level) bool { return true }

// Handle counts the gate's wait records.
func (g *gateCounter) Handle(_ context.Context, rec slog.Record) error {
	if rec.Message == "odata: waiting for throttle gate" {
		g.n.Add(1)
	}
	return nil
}

// WithAttrs returns g: the count ignores attributes.
func (g *gateCounter) WithAttrs([]slog.Attr) slog.Handler { return g }

// WithGroup returns g: the count ignores groups.
func (g *gateCounter) WithGroup(string) slog.Handler { return g }
