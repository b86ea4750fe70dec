package accessreviewstest

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// Decisions listed while the same instance's items are recorded: under
// -race this fails if a handler encodes a decision outside the store's lock
// (the decision list handler once did). Every page must also be a coherent
// snapshot: each item listed once, every listing complete.
func TestListingWhileRecordingTheSameInstance(t *testing.T) {
	t.Parallel()
	const members = 300
	s := NewServer(WithDirectory(LargeGroupDirectory(members)))
	t.Cleanup(s.Close)
	ctx := context.Background()
	def, err := s.Client().Definitions.Create(ctx, &accessreviews.Definition{
		DisplayName:             "Concurrent listing and recording",
		DescriptionForAdmins:    "test",
		DescriptionForReviewers: "test",
		Scope:                   scope.Group(LargeGroupID).Members(),
		Reviewers:               []scope.Reviewer{scope.User(LargeGroupOwnerID)},
		Settings: accessreviews.Settings{
			InstanceDurationInDays: 7,
			Recurrence:             recurrence.Once().StartingOn(f2Today),
		},
	})
	require.NoError(t, err)
	insts := f2Collect(t, s.Client().Instances.List(ctx, def.ID, nil))
	require.Len(t, insts, 1)
	inst := insts[0].ID
	items := f2Collect(t, s.Client().Decisions.List(ctx, def.ID, inst, nil))
	require.Len(t, items, members)

	reviewer := s.ClientAs(LargeGroupOwnerID)
	var wg sync.WaitGroup
	listings := make([][]accessreviews.DecisionItem, 4)
	listErrs := make([]error, 4)
	for i := range listings {
		wg.Go(func() {
			for d, err := range s.Client().Decisions.List(ctx, def.ID, inst, &accessreviews.ListOptions{Top: 25}) {
				if err != nil {
					listErrs[i] = err
					return
				}
				listings[i] = append(listings[i], d)
			}
		})
	}
	recErrs := make([]error, 4)
	for w := range recErrs {
		wg.Go(func() {
			for j := w; j < len(items); j += len(recErrs) {
				if err := reviewer.Decisions.Record(ctx, def.ID, inst, items[j].ID, accessreviews.DecisionUpdate{Decision: accessreviews.DecisionApprove}); err != nil {
					recErrs[w] = err
					return
				}
			}
		})
	}
	wg.Wait()

	for i, listed := range listings {
		require.NoError(t, listErrs[i], "lister %d", i)
		seen := make(map[accessreviews.DecisionID]bool, len(listed))
		for _, d := range listed {
			assert.False(t, seen[d.ID], "lister %d saw %s twice", i, d.ID)
			seen[d.ID] = true
		}
		assert.Len(t, seen, members, "lister %d saw every item", i)
	}
	for w, err := range recErrs {
		require.NoError(t, err, "recorder %d", w)
	}
	for _, d := range f2Collect(t, s.Client().Decisions.List(ctx, def.ID, inst, nil)) {
		assert.Equal(t, accessreviews.DecisionApprove, d.Decision, "item %s", d.ID)
	}
}
