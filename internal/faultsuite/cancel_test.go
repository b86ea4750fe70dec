package faultsuite

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
)

// sweepOp is a multi-request operation the cancellation sweep interrupts.
type sweepOp struct {
	name  string
	items int // the size of the review
	// run runs the operation; recs holds a Deny record for every decision
	// of the review, read before the bubble starts (a client outside the
	// harness keeps idle connections, which would stall the bubble's clock).
	// complete reports whether everything was delivered: every item listed
	// or every record recorded.
	run func(ctx context.Context, c *accessreviews.Client, r *review, recs []accessreviews.DecisionRecord) (results []accessreviews.RecordResult, complete bool, err error)
}

// recordsFor returns one Deny record per decision of r, in list order.
func recordsFor(t *testing.T, r *review) []accessreviews.DecisionRecord {
	t.Helper()
	var recs []accessreviews.DecisionRecord
	for _, d := range r.decisions(t) {
		recs = append(recs, accessreviews.DecisionRecord{ID: d.ID, Decision: accessreviews.DecisionDeny})
	}
	return recs
}

// sweepOps are the operations of the sweep: a listing of ten pages and a
// bulk record of ten batches.
func sweepOps() []sweepOp {
	return []sweepOp{
		{name: "Decisions.List", items: 1000, run: func(ctx context.Context, c *accessreviews.Client, r *review, recs []accessreviews.DecisionRecord) ([]accessreviews.RecordResult, bool, error) {
			items, err := r.listAll(ctx, c, nil)
			return nil, len(items) == len(recs), err
		}},
		{name: "Decisions.RecordMany", items: 200, run: func(ctx context.Context, c *accessreviews.Client, r *review, recs []accessreviews.DecisionRecord) ([]accessreviews.RecordResult, bool, error) {
			results, err := c.Decisions.RecordMany(ctx, r.def, r.inst, recs, nil)
			complete := len(results) == len(recs)
			for _, res := range results {
				complete = complete && res.Err == nil
			}
			return results, complete, err
		}},
	}
}

// TestCancelStopsEverything cancels a listing and a bulk record at every
// point of their exchange under the fault mix of the package doc: just before attempt
// k is sent, and just after its response headers arrive, for every k of an
// uninterrupted run. The call must end with context.Canceled without
// waiting out any backoff (no time passes on the bubble's clock between the
// cancel and the return), the attempt cancelled before sending must not
// reach the service, nothing may reach it after the call returned (not even
// once every timer of the bubble has fired), and no goroutine may be left
// (synctest.Test waits for the bubble's goroutines, goleak for the rest).
// A bulk record must still account for every record.
func TestCancelStopsEverything(t *testing.T) {
	t.Parallel()
	const seed = 4
	for _, op := range sweepOps() {
		// The uninterrupted run gives the number of attempts to sweep: the
		// seed makes every run of the same requests fail the same way.
		r := newReview(t, op.items, seed)
		recs := recordsFor(t, r)
		r.s.FailRate(0.2, faultMix()...)
		var (
			attempts int
			kinds    map[string]int
		)
		synctest.Test(t, func(t *testing.T) {
			w := newWire()
			_, complete, err := op.run(t.Context(), r.client(t, w, odata.WithRetryPolicy(patientPolicy())), r, recs)
			require.NoError(t, err)
			require.True(t, complete, "%s: the uninterrupted run delivers everything", op.name)
			attempts, kinds = w.count(), countKinds(w.log())
		})
		require.Greater(t, attempts, 10, "%s: the faults forced retries", op.name)
		t.Logf("%s: sweeping %d attempts (faults %v), 2 cancel points each", op.name, attempts, kinds)

		for k := 1; k <= attempts; k++ {
			for _, beforeSend := range []bool{true, false} {
				name := op.name + "/after_" + strconv.Itoa(k)
				if beforeSend {
					name = op.name + "/before_" + strconv.Itoa(k)
				}
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					cancelAt(t, op, seed, k, attempts, beforeSend)
				})
			}
		}
	}
}

// cancelAt runs op on a fresh review and cancels its context before attempt
// k of an uninterrupted run's attempts is sent (beforeSend) or once its
// response headers arrived.
func cancelAt(t *testing.T, op sweepOp, seed int64, k, attempts int, beforeSend bool) {
	r := newReview(t, op.items, seed)
	recs := recordsFor(t, r)
	r.s.ResetRequests()
	r.s.FailRate(0.2, faultMix()...)
	var (
		results     []accessreviews.RecordResult
		complete    bool
		err         error
		atReturn    int
		sinceCancel time.Duration
		cancelled   attempt
	)
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		cancelledAt := make(chan time.Time, 1)
		hook := func(seq int) {
			if seq == k {
				cancelledAt <- time.Now()
				cancel()
			}
		}
		w := newWire()
		if beforeSend {
			w.before = hook
		} else {
			w.after = hook
		}
		results, complete, err = op.run(ctx, r.client(t, w, odata.WithRetryPolicy(patientPolicy())), r, recs)
		require.Len(t, cancelledAt, 1, "the call reached attempt %d", k)
		sinceCancel = time.Since(<-cancelledAt)
		atReturn = graphRequests(r.s)
		cancelled = w.log()[k-1]
	})
	// synctest.Test returned: every goroutine the call started has exited,
	// and every timer it left has fired.
	r.s.ClearFaults()
	var apiErr *odata.Error
	switch {
	case errors.Is(err, context.Canceled):
		if !beforeSend && retryable(cancelled.Status) && op.name == "Decisions.List" {
			// Cancelled just after a 429, 503 or 504: no retry is made, and
			// the error carries that answer as well as the cancellation.
			// (RecordMany reports the cancellation as its own error and each
			// item's outcome in its result.)
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, cancelled.Status, apiErr.StatusCode, "the error is the answer of the cancelled attempt")
		}
	case err == nil:
		// The cancel came after the last answer had arrived whole: the
		// work was done, and the call says so.
		assert.False(t, beforeSend, "a call cancelled before its last attempt cannot succeed")
		assert.Equal(t, attempts, k, "only the last answer completes the call")
		assert.True(t, complete, "a call that returns no error delivered everything")
	default:
		assert.Failf(t, "the call did not end with context.Canceled", "cancelled %s attempt %d (status %d): %v",
			map[bool]string{true: "before", false: "after"}[beforeSend], k, cancelled.Status, err)
	}
	assert.Zero(t, sinceCancel, "returned without waiting")
	assert.Equal(t, atReturn, graphRequests(r.s), "nothing sent after the call returned")
	want := k
	if beforeSend {
		want = k - 1
	}
	assert.Equal(t, want, atReturn, "the service saw the attempts before the cancel and no other")
	if results != nil {
		require.Len(t, results, len(recs), "one result per record")
		n := checkRecordResults(t, recs, results, byID(r.decisions(t)), appliedPatches(t, r))
		if k < attempts {
			assert.Positive(t, n.cancelled+n.unknown+n.failed, "a cancel before the end leaves records not recorded, and says so")
		}
	}
}

// retryable reports whether status is one a call retries after.
func retryable(status int) bool {
	return status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable || status == http.StatusGatewayTimeout
}
