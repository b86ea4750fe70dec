package faultsuite

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/internal/testutil"
	"github.com/graphkit/governance/odata"
)

// TestListUnderFaultsLosesNothing lists the 100,000 decisions of one
// instance (10,000 unless testutil.LongEnv is set) twice: once without
// faults, then through a client whose every request has a 20% chance of
// failing with the fault mix of the package doc. The two runs must give the same items
// in the same order, none lost, none duplicated, and the transport must
// have paid for each fault with exactly one extra attempt.
func TestListUnderFaultsLosesNothing(t *testing.T) {
	t.Parallel()
	const pageSize = 100 // the fake's default, like the service's
	items := testutil.Size(100_000, 10_000)
	pages := items / pageSize
	r := newReview(t, items, 9)
	want := r.decisions(t)
	require.Len(t, want, items, "the reference listing")

	r.s.ResetRequests()
	faultsBefore := r.s.FaultsInjected()
	r.s.FailRate(0.2, faultMix()...)
	var (
		got      []accessreviews.DecisionItem
		w        *wire
		fakeTime time.Duration
	)
	wall := time.Now()
	synctest.Test(t, func(t *testing.T) {
		w = newWire()
		c := r.client(t, w, odata.WithRetryPolicy(patientPolicy()))
		start := time.Now()
		var err error
		got, err = r.listAll(t.Context(), c, nil)
		require.NoError(t, err)
		fakeTime = time.Since(start)
	})
	r.s.ClearFaults()
	faults := r.s.FaultsInjected() - faultsBefore
	log := w.log()
	retries := len(log) - pages
	kinds := countKinds(log)

	t.Logf("items %d, pages %d, attempts %d, faults %d, retries %d; by kind %v; bubble time waited %v, wall time %v",
		len(got), pages, len(log), faults, retries, kinds, fakeTime.Round(time.Second), time.Since(wall).Round(time.Millisecond))

	assertSameItems(t, want, got)
	assert.Equal(t, faults, retries, "each fault costs exactly one retry, and nothing else is resent")
	assert.Equal(t, len(log), graphRequests(r.s), "every attempt reached the fake, and nothing else did")
	// The fault draws are seeded, so these bounds hold on every run; they
	// keep a fault rate that silently dropped to nothing from passing.
	assert.GreaterOrEqual(t, faults, len(log)*15/100, "about a fifth of the attempts fail")
	assert.LessOrEqual(t, faults, len(log)*25/100, "about a fifth of the attempts fail")
	for _, k := range []string{"429 with Retry-After", "429 without Retry-After", "503", "504", "connection reset", "truncated body"} {
		assert.Positive(t, kinds[k], "the mix injected %s", k)
	}
}

// countKinds sorts the failed attempts of a log by fault kind.
func countKinds(log []attempt) map[string]int {
	kinds := map[string]int{}
	for _, a := range log {
		switch {
		case a.Status == 429 && a.RetryAfter != "":
			kinds["429 with Retry-After"]++
		case a.Status == 429:
			kinds["429 without Retry-After"]++
		case a.Status == 503:
			kinds["503"]++
		case a.Status == 504:
			kinds["504"]++
		case a.Err != nil:
			kinds["connection reset"]++
		case a.BodyErr != nil:
			kinds["truncated body"]++
		}
	}
	return kinds
}

// assertSameItems checks that got holds want's items in want's order, each
// once, and names the first difference rather than printing 100,000 items.
func assertSameItems(t *testing.T, want, got []accessreviews.DecisionItem) {
	t.Helper()
	seen := make(map[accessreviews.DecisionID]int, len(got))
	for i, d := range got {
		if j, dup := seen[d.ID]; dup {
			assert.Failf(t, "duplicated item", "item %s at %d and %d", d.ID, j, i)
			return
		}
		seen[d.ID] = i
	}
	if !assert.Len(t, got, len(want), "no item lost") {
		return
	}
	for i := range want {
		if !assert.Equal(t, want[i], got[i], "item %d differs", i) {
			return
		}
	}
}
