package perf

import (
	"context"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/internal/testutil"
)

// heapGrowth streams the n decisions of a fresh review and returns the
// largest growth of the live heap, sampled every sampleEvery items, over
// the live heap once the first page is held. The fake lives in the same
// process: its store is in the baseline, and its request log, which grows
// by one entry per page, is emptied before each sample.
func heapGrowth(t *testing.T, n, sampleEvery int) (growth uint64, samples int) {
	t.Helper()
	r := newLargeReview(t, n)
	c := r.srv.Client()
	var base uint64
	count := 0
	for d, err := range c.Decisions.List(context.Background(), r.def, r.inst, nil) {
		require.NoError(t, err)
		require.NotEmpty(t, d.ID)
		count++
		// Sampling mid-page, always at the same place, compares like
		// with like: one page held, the next not yet fetched.
		if count%sampleEvery != 50 {
			continue
		}
		r.srv.ResetRequests()
		live := liveHeap()
		if count == 50 {
			base = live
			continue
		}
		samples++
		if live > base {
			growth = max(growth, live-base)
		}
	}
	require.Equal(t, n, count)
	return growth, samples
}

// liveHeap collects garbage and returns the bytes of live heap objects.
func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestStreamingHoldsMemoryFlat streams 10,000 and then 100,000 decisions
// (30,000 unless testutil.LongEnv is set) and checks that the live heap while iterating stays within a few pages of
// decisions, the same for both totals. It is not parallel: the heap is the
// whole process's, and a neighbour test's allocations would count.
func TestStreamingHoldsMemoryFlat(t *testing.T) {
	// A page of 100 decisions is about 110 KB on the wire and about as
	// much decoded; the pager holds one at a time.
	pageBytes := uint64(len(decisionPageBytes(t)))
	tests := []struct {
		name string
		n    int
	}{
		{name: "10000", n: 10_000},
		{name: strconv.Itoa(testutil.Size(100_000, 30_000)), n: testutil.Size(100_000, 30_000)},
	}
	growth := make([]uint64, len(tests))
	for i, tt := range tests {
		g, samples := heapGrowth(t, tt.n, 2_000)
		require.Positive(t, samples)
		t.Logf("%s decisions: live heap grew by at most %d bytes (%.1f pages of %d bytes) over %d samples",
			tt.name, g, float64(g)/float64(pageBytes), pageBytes, samples)
		// Eight pages leave room for the connection's buffers and the
		// fake's own transient state; a leak of ten bytes per decision
		// would pass it at 100,000.
		assert.LessOrEqual(t, g, 8*pageBytes, "%s decisions: the heap holds at most a few pages", tt.name)
		growth[i] = g
	}
	// Ten times the decisions may not cost more than a few pages more: the
	// pager's loop guard keeps a 32-byte digest per page (about one page's
	// worth per 1,000 pages), and the sampling moves by up to two pages.
	assert.LessOrEqual(t, growth[1], growth[0]+4*pageBytes, "the heap does not grow with the total")
}

// decisionPageBytes returns the first page of 100 decisions as the fake
// sends it.
func decisionPageBytes(tb testing.TB) []byte {
	tb.Helper()
	r := newLargeReview(tb, 100)
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, r.decisionsURL(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Authorization", fakeAppToken)
	hc := newFloorClient()
	defer hc.CloseIdleConnections()
	resp, err := hc.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		tb.Fatalf("first page: %s: %v", resp.Status, err)
	}
	return body
}
