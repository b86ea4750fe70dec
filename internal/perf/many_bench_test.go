package perf

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
)

// The many-instances workload: 200 instances of 100 decisions each, the
// fake answering every request of the benchmark after 5 ms.
const (
	manyInstances = 200
	manyPerInst   = 100
	manyLatency   = 5 * time.Millisecond
)

// newManyInstances starts a fake with one group of manyPerInst users and
// manyInstances one-time reviews of its members, and returns their
// references.
func newManyInstances(tb testing.TB) (*accessreviewstest.Server, []accessreviews.InstanceRef) {
	tb.Helper()
	r := newLargeReview(tb, manyPerInst)
	refs := []accessreviews.InstanceRef{{Definition: r.def, Instance: r.inst}}
	admin := r.srv.Client()
	for len(refs) < manyInstances {
		def, err := admin.Definitions.Create(context.Background(), largeDefinition())
		if err != nil {
			tb.Fatal(err)
		}
		refs = append(refs, accessreviews.InstanceRef{Definition: def.ID, Instance: accessreviews.InstanceID(def.ID)})
	}
	return r.srv, refs
}

func TestListManyReadsEveryDecisionOfEveryInstance(t *testing.T) {
	t.Parallel()
	srv, refs := newManyInstances(t)
	c := srv.Client()
	perInstance := map[accessreviews.InstanceID]int{}
	for d, err := range c.Decisions.ListMany(context.Background(), refs, 8, nil) {
		require.NoError(t, err)
		perInstance[d.AccessReviewID]++
	}
	require.Len(t, perInstance, manyInstances)
	for inst, n := range perInstance {
		assert.Equal(t, manyPerInst, n, "instance %s", inst)
	}
}

// BenchmarkListMany reads the decisions of 200 instances of 100 decisions
// one instance after the other with Decisions.List, and with ListMany at
// the client's default bound of 4 requests in flight and at 8 (with
// odata.WithMaxConcurrency(8)). sequential ns/op over a ListMany's is its
// speed-up.
func BenchmarkListMany(b *testing.B) {
	srv, refs := newManyInstances(b)
	srv.FailRate(1, accessreviewstest.Fault{Latency: manyLatency})
	ctx := context.Background()
	count := func(b *testing.B, n int) {
		if n != manyInstances*manyPerInst {
			b.Fatalf("read %d decisions, want %d", n, manyInstances*manyPerInst)
		}
	}
	b.Run("sequential", func(b *testing.B) {
		c := srv.Client()
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			for _, ref := range refs {
				for _, err := range c.Decisions.List(ctx, ref.Definition, ref.Instance, nil) {
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
			}
			count(b, n)
		}
	})
	for _, conc := range []int{4, 8} {
		b.Run("listmany-"+strconv.Itoa(conc), func(b *testing.B) {
			c, err := accessreviews.NewClient(append(srv.Options(), odata.WithMaxConcurrency(conc))...)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				for _, err := range c.Decisions.ListMany(ctx, refs, conc, nil) {
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
				count(b, n)
			}
		})
	}
}
