package perf

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
)

// recordCount is how many decisions the recording test and benchmark
// record: ⌈1000/20⌉ = 50 batches.
const recordCount = 1000

// recordLatency is the fake's latency in BenchmarkRecordDecisions.
const recordLatency = 2 * time.Millisecond

// reviewerRecords lists the review's decisions as its reviewer and returns
// the client of the reviewer and one Deny record per decision.
func reviewerRecords(tb testing.TB, r review) (*accessreviews.Client, []accessreviews.DecisionRecord) {
	tb.Helper()
	owner := r.srv.ClientAs(accessreviewstest.LargeGroupOwnerID)
	var records []accessreviews.DecisionRecord
	for d, err := range owner.Decisions.ListForCurrentUser(context.Background(), r.def, r.inst, nil) {
		if err != nil {
			tb.Fatal(err)
		}
		records = append(records, accessreviews.DecisionRecord{ID: d.ID, Decision: accessreviews.DecisionDeny, Justification: "left the project"})
	}
	return owner, records
}

func TestRecordManyUsesFiftyRoundTrips(t *testing.T) {
	t.Parallel()
	r := newLargeReview(t, recordCount)
	owner, records := reviewerRecords(t, r)
	require.Len(t, records, recordCount)
	r.srv.ResetRequests()

	results, err := owner.Decisions.RecordMany(context.Background(), r.def, r.inst, records, nil)
	require.NoError(t, err)
	for _, res := range results {
		require.NoError(t, res.Err)
	}

	var batches, items, other int
	for _, req := range r.srv.Requests() {
		switch {
		case req.InBatch:
			items++
		case req.Method == "POST" && req.Path == "/v1.0/$batch":
			batches++
		default:
			other++
		}
	}
	assert.Equal(t, (recordCount+19)/20, batches, "one $batch round trip per 20 records")
	assert.Equal(t, recordCount, items, "every record inside a batch")
	assert.Zero(t, other, "no request outside the batches")
	for d, err := range owner.Decisions.ListForCurrentUser(context.Background(), r.def, r.inst, nil) {
		require.NoError(t, err)
		require.Equal(t, accessreviews.DecisionDeny, d.Decision, "decision %s recorded", d.ID)
	}
}

// BenchmarkRecordDecisions records 1,000 decisions with the fake answering
// each HTTP request after 2 ms: through RecordMany (50 $batch round trips)
// and one PATCH per decision with Record. The second is the way RecordMany
// replaces; its ns/op over the first's is the speed-up.
func BenchmarkRecordDecisions(b *testing.B) {
	r := newLargeReview(b, recordCount)
	owner, records := reviewerRecords(b, r)
	r.srv.FailRate(1, accessreviewstest.Fault{Latency: recordLatency})
	ctx := context.Background()
	b.Run("batch", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			results, err := owner.Decisions.RecordMany(ctx, r.def, r.inst, records, nil)
			if err != nil {
				b.Fatal(err)
			}
			for _, res := range results {
				if res.Err != nil {
					b.Fatal(res.Err)
				}
			}
		}
		b.ReportMetric(float64((len(records)+19)/20), "roundtrips/op")
	})
	b.Run("one-by-one", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, rec := range records {
				u := accessreviews.DecisionUpdate{Decision: rec.Decision, Justification: rec.Justification}
				if err := owner.Decisions.Record(ctx, r.def, r.inst, rec.ID, u); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(len(records)), "roundtrips/op")
	})
}
