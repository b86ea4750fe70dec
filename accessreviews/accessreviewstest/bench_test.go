package accessreviewstest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// largeReview starts a server with a group of n users and a one-time review
// of its members by its owner, and returns the server and the review's IDs.
func largeReview(tb testing.TB, n int) (*Server, accessreviews.DefinitionID, accessreviews.InstanceID) {
	tb.Helper()
	s := NewServer(WithDirectory(LargeGroupDirectory(n)))
	tb.Cleanup(s.Close)
	def, err := s.Client().Definitions.Create(context.Background(), &accessreviews.Definition{
		DisplayName: "Large review",
		Scope:       scope.Group(LargeGroupID).Members(),
		Reviewers:   []scope.Reviewer{scope.OwnersOfGroup(LargeGroupID)},
		Settings: accessreviews.Settings{RecommendationsEnabled: true, InstanceDurationInDays: 7,
			Recurrence: recurrence.Once().StartingOn(f2Today)},
	})
	require.NoError(tb, err)
	return s, def.ID, accessreviews.InstanceID(def.ID)
}

func TestLargeReviewServesEveryDecision(t *testing.T) {
	t.Parallel()
	const n = 2500
	s, def, inst := largeReview(t, n)
	seen := make(map[accessreviews.DecisionID]bool, n)
	deny := 0
	for d, err := range s.Client().Decisions.List(context.Background(), def, inst, nil) {
		require.NoError(t, err)
		seen[d.ID] = true
		if d.Recommendation == accessreviews.RecommendationDeny {
			deny++
		}
	}
	require.Len(t, seen, n, "every item once across 25 pages")
	require.Equal(t, n/2, deny, "users 90 days inactive or never signed in")
}

// BenchmarkServeDecisions100k streams the 100,000 decisions of one instance
// through the SDK, page by page (run with -benchmem: allocations per item
// stay flat because the fake encodes one page per request).
func BenchmarkServeDecisions100k(b *testing.B) {
	const n = 100_000
	s, def, inst := largeReview(b, n)
	c := s.Client()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		count := 0
		for _, err := range c.Decisions.List(ctx, def, inst, nil) {
			if err != nil {
				b.Fatal(err)
			}
			count++
		}
		if count != n {
			b.Fatalf("got %d decisions, want %d", count, n)
		}
	}
	b.ReportMetric(float64(n), "decisions/op")
}

// BenchmarkMaterialize100k measures opening an instance of 100,000 items:
// the directory walk, reviewer resolution and recommendations.
func BenchmarkMaterialize100k(b *testing.B) {
	const n = 100_000
	s := NewServer(WithDirectory(LargeGroupDirectory(n)))
	b.Cleanup(s.Close)
	body, err := decodeDefinitionBody([]byte(`{"displayName": "Large review",
		"scope": {"query": "/groups/` + LargeGroupID + `/transitiveMembers", "queryType": "MicrosoftGraph"},
		"reviewers": [{"query": "/groups/` + LargeGroupID + `/owners", "queryType": "MicrosoftGraph"}],
		"settings": {"recommendationsEnabled": true, "recurrence": {"range": {"type": "numbered", "startDate": "2026-01-05", "endDate": "2026-02-05"}}}}`))
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		d := &definition{body: body, created: defaultStart, sched: readSchedule(body.Settings.Recurrence), instByID: map[string]*instance{}}
		s.ar.mu.Lock()
		s.ar.openOccurrence(d, defaultStart, true)
		s.ar.ensureMaterialized(d.instances[0])
		got := len(d.instances[0].decisions)
		s.ar.mu.Unlock()
		if got != n {
			b.Fatalf("got %d items, want %d", got, n)
		}
	}
}

func TestConcurrentReviewersAndReaders(t *testing.T) {
	t.Parallel()
	const n = 200
	s, def, inst := largeReview(t, n)
	ctx := context.Background()
	owner := s.ClientAs(LargeGroupOwnerID)
	var ids []accessreviews.DecisionID
	for d, err := range owner.Decisions.ListForCurrentUser(ctx, def, inst, nil) {
		require.NoError(t, err)
		ids = append(ids, d.ID)
	}
	require.Len(t, ids, n)
	errs := make(chan error, 8)
	for w := range 4 {
		go func() {
			var err error
			for i := w; i < n && err == nil; i += 4 {
				err = owner.Decisions.Record(ctx, def, inst, ids[i], accessreviews.DecisionUpdate{Decision: accessreviews.DecisionDeny})
			}
			errs <- err
		}()
		go func() {
			var err error
			for _, e := range s.Client().Instances.List(ctx, def, nil) {
				err = e
			}
			errs <- err
		}()
	}
	for range 8 {
		require.NoError(t, <-errs)
	}
	for d, err := range s.Client().Decisions.List(ctx, def, inst, nil) {
		require.NoError(t, err)
		require.Equal(t, accessreviews.DecisionDeny, d.Decision)
	}
}
