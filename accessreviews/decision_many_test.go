package accessreviews

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
)

// manyRefs returns n instance references of one definition, with
// instance IDs ending in their index.
func manyRefs(n int) []InstanceRef {
	refs := make([]InstanceRef, n)
	for i := range refs {
		refs[i] = InstanceRef{Definition: decDef, Instance: InstanceID(fmt.Sprintf("6392b1a7-9c25-4844-83e5-%012d", i))}
	}
	return refs
}

// manyPath is the decisions path of a reference.
func manyPath(r InstanceRef) string {
	return testBase + "/v1.0/identityGovernance/accessReviews/definitions/" + string(r.Definition) +
		"/instances/" + string(r.Instance) + "/decisions"
}

// itemID is the ID of item j of instance i.
func itemID(i, j int) string { return fmt.Sprintf("0e76ee07-b4c6-469e-%04d-%012d", i, j) }

// registerPagedInstances answers for every reference with two pages of two
// items each.
func registerPagedInstances(mt *httpmock.MockTransport, refs []InstanceRef) {
	for i, r := range refs {
		next := manyPath(r) + "?$skiptoken=p2"
		mt.RegisterResponder(http.MethodGet, manyPath(r), decJSON(http.StatusOK, decPage(next, decItemJSON(itemID(i, 0)), decItemJSON(itemID(i, 1)))))
		mt.RegisterResponderWithQuery(http.MethodGet, manyPath(r), "$skiptoken=p2", decJSON(http.StatusOK, decPage("", decItemJSON(itemID(i, 2)), decItemJSON(itemID(i, 3)))))
	}
}

func TestListManyReadsEveryInstance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		instances   int
		concurrency int
	}{
		{name: "default concurrency", instances: 9, concurrency: 0},
		{name: "sequential", instances: 5, concurrency: 1},
		{name: "three readers", instances: 10, concurrency: 3},
		{name: "more readers than instances", instances: 2, concurrency: 50},
		{name: "no instances", instances: 0, concurrency: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			refs := manyRefs(tt.instances)
			registerPagedInstances(mt, refs)
			perInstance := map[string][]string{}
			for d, err := range c.Decisions.ListMany(context.Background(), refs, tt.concurrency, nil) {
				require.NoError(t, err)
				inst := string(d.ID)[19:23]
				perInstance[inst] = append(perInstance[inst], string(d.ID))
			}
			require.Len(t, perInstance, tt.instances)
			for i := range tt.instances {
				want := []string{itemID(i, 0), itemID(i, 1), itemID(i, 2), itemID(i, 3)}
				assert.Equal(t, want, perInstance[fmt.Sprintf("%04d", i)], "instance %d: every item once, in page order", i)
			}
			assert.Equal(t, 2*tt.instances, mt.GetTotalCallCount(), "two pages per instance")
		})
	}
}

func TestListManyReadsConcurrentlyWithinTheBound(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		concurrency int
	}{
		{name: "two", concurrency: 2},
		{name: "four", concurrency: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				c, mt := newTestClient(t)
				refs := manyRefs(3 * tt.concurrency)
				var inFlight, maxInFlight, arrived atomic.Int64
				allArrived := make(chan struct{})
				var once sync.Once
				for i, r := range refs {
					mt.RegisterResponder(http.MethodGet, manyPath(r), func(req *http.Request) (*http.Response, error) {
						n := inFlight.Add(1)
						defer inFlight.Add(-1)
						for m := maxInFlight.Load(); n > m && !maxInFlight.CompareAndSwap(m, n); m = maxInFlight.Load() {
						}
						// The first readers wait for one another: a reader
						// that ran alone would block the bubble forever,
						// which synctest reports as a deadlock.
						if arrived.Add(1) == int64(tt.concurrency) {
							once.Do(func() { close(allArrived) })
						}
						select {
						case <-allArrived:
						case <-req.Context().Done():
							return nil, req.Context().Err()
						}
						return decJSON(http.StatusOK, decPage("", decItemJSON(itemID(i, 0))))(req)
					})
				}
				n := 0
				for _, err := range c.Decisions.ListMany(context.Background(), refs, tt.concurrency, nil) {
					require.NoError(t, err)
					n++
				}
				assert.Equal(t, len(refs), n)
				assert.Equal(t, int64(tt.concurrency), maxInFlight.Load(), "exactly concurrency requests in flight at the peak")
			})
		})
	}
}

func TestListManyStopsAtTheFirstError(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	refs := manyRefs(6)
	registerPagedInstances(mt, refs)
	mt.RegisterResponder(http.MethodGet, manyPath(refs[3]), decJSON(http.StatusNotFound, `{"error":{"code":"itemNotFound","message":"no such instance"}}`))
	var errs []error
	afterErr := 0
	for _, err := range c.Decisions.ListMany(context.Background(), refs, 1, nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if len(errs) > 0 {
			afterErr++
		}
	}
	require.Len(t, errs, 1, "one error, then the loop ends")
	assert.Zero(t, afterErr, "nothing after the error")
	var oe *odata.Error
	require.ErrorAs(t, errs[0], &oe)
	assert.Equal(t, http.StatusNotFound, oe.StatusCode)
	assert.Contains(t, errs[0].Error(), string(refs[3].Instance), "the error names its instance")
}

func TestListManyStopsWhenTheLoopBreaks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		after int
	}{
		{name: "first item", after: 1},
		{name: "mid instance", after: 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			refs := manyRefs(20)
			registerPagedInstances(mt, refs)
			n := 0
			for _, err := range c.Decisions.ListMany(context.Background(), refs, 3, nil) {
				require.NoError(t, err)
				if n++; n == tt.after {
					break
				}
			}
			assert.Equal(t, tt.after, n)
			// Every reader has returned (TestMain checks for leaks): at
			// most one page per reader was fetched past the break.
			assert.Less(t, mt.GetTotalCallCount(), 2*len(refs), "not every instance was read")
		})
	}
}

func TestListManyEndedContext(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	refs := manyRefs(4)
	registerPagedInstances(mt, refs)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var errs []error
	for d, err := range c.Decisions.ListMany(ctx, refs, 2, nil) {
		require.Zero(t, d.ID, "no item once ctx has ended")
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
	assert.Zero(t, mt.GetTotalCallCount())
}

func TestListManyInvalidInput(t *testing.T) {
	t.Parallel()
	good := manyRefs(2)
	tests := []struct {
		name        string
		refs        []InstanceRef
		concurrency int
		opts        *ListOptions
		fields      []string
	}{
		{name: "bad references", refs: []InstanceRef{good[0], {Definition: "nope", Instance: "../x"}, {Definition: decDef}},
			fields: []string{"refs[1].definitionID", "refs[1].instanceID", "refs[2].instanceID"}},
		{name: "negative concurrency", refs: good, concurrency: -1, fields: []string{"concurrency"}},
		{name: "too many readers", refs: good, concurrency: 257, fields: []string{"concurrency"}},
		{name: "everything at once", refs: []InstanceRef{{}}, concurrency: -3, opts: &ListOptions{Top: -1},
			fields: []string{"concurrency", "refs[0].definitionID", "refs[0].instanceID", "top"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			var errs []error
			for _, err := range c.Decisions.ListMany(context.Background(), tt.refs, tt.concurrency, tt.opts) {
				errs = append(errs, err)
			}
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], odata.ErrInvalid)
			assert.Equal(t, tt.fields, decFieldNames(errs[0]))
			assert.Zero(t, mt.GetTotalCallCount(), "nothing is sent")
			assert.False(t, errors.Is(errs[0], context.Canceled))
		})
	}
}
