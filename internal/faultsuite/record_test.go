package faultsuite

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
)

// TestRecordManyUnderFaultsDropsNothing records 1,000 decisions in bulk
// under the fault mix of the package doc, plus per-item 429s inside the batches, and
// then checks every record against the service's state and its request log:
// a record reported recorded was applied exactly once with its value, one
// reported failed was never applied, one reported outcome-unknown is either,
// and the items no record named were never written. With a patient retry
// policy every record must come through; with no retries at all the run
// must report some records failed and some unknown, and still drop none.
func TestRecordManyUnderFaultsDropsNothing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		rate   float64
		policy odata.RetryPolicy
		// wantAll requires every record to be recorded; otherwise the run
		// must report records of each outcome.
		wantAll bool
	}{
		{name: "patient retries", rate: 0.2, policy: patientPolicy(), wantAll: true},
		{name: "no retries", rate: 0.3, policy: odata.NoRetries()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			const (
				records   = 1000
				untouched = 100 // items no record names
			)
			r := newReview(t, records+untouched, 21)
			before := r.decisions(t)
			require.Len(t, before, records+untouched)
			recs := make([]accessreviews.DecisionRecord, records)
			for i := range recs {
				recs[i] = accessreviews.DecisionRecord{
					ID:            before[i].ID,
					Decision:      []accessreviews.Decision{accessreviews.DecisionApprove, accessreviews.DecisionDeny, accessreviews.DecisionDontKnow}[i%3],
					Justification: fmt.Sprintf("fault suite record %d", i),
				}
			}

			r.s.ResetRequests()
			r.s.FailRate(tt.rate, faultMix()...)
			// Per-item 429s reach only the items of a batch: the envelope's
			// path is /$batch.
			r.s.FailPath(decisionsPath(r), 40, accessreviewstest.Throttle("1"))
			var results []accessreviews.RecordResult
			var w *wire
			synctest.Test(t, func(t *testing.T) {
				w = newWire()
				c := r.client(t, w, odata.WithRetryPolicy(tt.policy))
				var err error
				results, err = c.Decisions.RecordMany(t.Context(), r.def, r.inst, recs, nil)
				require.NoError(t, err, "only invalid records or a cancelled context fail the call")
			})
			r.s.ClearFaults()
			faults := r.s.FaultsInjected()
			applied := appliedPatches(t, r)
			after := byID(r.decisions(t))

			require.Len(t, results, records, "one result per record")
			tally := checkRecordResults(t, recs, results, after, applied)
			for _, d := range before[records:] {
				assert.Equal(t, accessreviews.DecisionNotReviewed, after[d.ID].Decision, "item %s named by no record", d.ID)
				assert.Empty(t, applied[d.ID], "item %s named by no record", d.ID)
			}
			t.Logf("records %d: recorded %d, failed %d, outcome unknown %d; attempts %d, faults %d (in-batch 429s 40, envelopes %v)",
				records, tally.recorded, tally.failed, tally.unknown, w.count(), faults, countKinds(w.log()))

			assert.Zero(t, tally.cancelled, "the context never ended")
			assert.Positive(t, faults, "faults were injected")
			if tt.wantAll {
				assert.Equal(t, records, tally.recorded, "patient retries record everything")
				return
			}
			assert.Positive(t, tally.failed, "a refused batch reports its records failed")
			assert.Positive(t, tally.unknown, "an ambiguous failure reports its records unknown")
			assert.Positive(t, tally.recorded, "the batches that got through were recorded")
		})
	}
}

// tally counts the outcomes RecordMany reported.
type tally struct{ recorded, failed, unknown, cancelled int }

// checkRecordResults checks each result of RecordMany against the service's
// final state (after) and the PATCH requests it applied: a record reported
// recorded was applied exactly once, with its value; one reported failed
// (the service's answer) or cancelled (never sent) was never applied; one
// reported outcome-unknown was applied at most once. Every record falls in
// exactly one of these, so none is silently dropped.
func checkRecordResults(t *testing.T, recs []accessreviews.DecisionRecord, results []accessreviews.RecordResult,
	after map[accessreviews.DecisionID]accessreviews.DecisionItem, applied map[accessreviews.DecisionID][]patchBody) tally {
	t.Helper()
	var n tally
	for i, res := range results {
		rec := recs[i]
		require.Equal(t, rec.ID, res.ID, "result %d is for record %d", i, i)
		got, times := after[rec.ID], len(applied[rec.ID])
		for _, body := range applied[rec.ID] {
			assert.Equal(t, string(rec.Decision), body.Decision, "record %d applied with its own value", i)
		}
		var apiErr *odata.Error
		switch {
		case res.Err == nil:
			n.recorded++
			assert.Equal(t, rec.Decision, got.Decision, "record %d reported recorded", i)
			assert.Equal(t, rec.Justification, got.Justification, "record %d reported recorded", i)
			assert.Equal(t, 1, times, "record %d applied exactly once", i)
			continue
		case errors.Is(res.Err, odata.ErrOutcomeUnknown):
			n.unknown++
			assert.LessOrEqual(t, times, 1, "record %d applied at most once", i)
			if times == 1 {
				assert.Equal(t, rec.Decision, got.Decision, "record %d applied", i)
				continue
			}
		case errors.Is(res.Err, context.Canceled):
			n.cancelled++
			assert.Zero(t, times, "record %d reported not sent was not applied", i)
		case errors.As(res.Err, &apiErr):
			n.failed++
			assert.Zero(t, times, "record %d reported failed was not applied", i)
		default:
			assert.Failf(t, "unclassified result", "record %d: %v", i, res.Err)
		}
		assert.Equal(t, accessreviews.DecisionNotReviewed, got.Decision, "record %d not applied", i)
	}
	return n
}

// patchBody is the part of a recorded PATCH the suite checks.
type patchBody struct {
	Decision      string `json:"decision"`
	Justification string `json:"justification"`
}

// appliedPatches returns, per decision item, the bodies of the PATCH
// requests the fake applied (answered 2xx), from its request log.
func appliedPatches(t *testing.T, r *review) map[accessreviews.DecisionID][]patchBody {
	t.Helper()
	out := map[accessreviews.DecisionID][]patchBody{}
	for _, req := range r.s.Requests() {
		if req.Method != http.MethodPatch || req.Status < 200 || req.Status > 299 {
			continue
		}
		var b patchBody
		require.NoError(t, json.Unmarshal(req.Body, &b), "PATCH body of %s", req.Path)
		id := accessreviews.DecisionID(path.Base(req.Path))
		out[id] = append(out[id], b)
	}
	return out
}

// byID indexes decisions by ID.
func byID(ds []accessreviews.DecisionItem) map[accessreviews.DecisionID]accessreviews.DecisionItem {
	m := make(map[accessreviews.DecisionID]accessreviews.DecisionItem, len(ds))
	for _, d := range ds {
		m[d.ID] = d
	}
	return m
}

// decisionsPath is the path prefix of the review's decision items, as the
// fake matches fault rules.
func decisionsPath(r *review) string {
	return "/identityGovernance/accessReviews/definitions/" + string(r.def) + "/instances/" + string(r.inst) + "/decisions/"
}
