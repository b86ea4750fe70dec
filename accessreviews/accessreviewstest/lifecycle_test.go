package accessreviewstest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

func TestLifecycleDefaultDecisionAndAutoApply(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		def       accessreviews.DefaultDecision
		wantOld   accessreviews.Decision
		oldMember bool
	}{
		{"deny everyone", accessreviews.DefaultDeny, accessreviews.DecisionDeny, false},
		{"approve everyone", accessreviews.DefaultApprove, accessreviews.DecisionApprove, true},
		{"follow the recommendation", accessreviews.DefaultRecommendation, accessreviews.DecisionDeny, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := f2Fixture(t)
			ctx := context.Background()
			def := f2OneTime(fxM365)
			def.Scope = scope.Group(fxM365).Members().Users().Guests()
			def.Settings.DefaultDecisionEnabled = true
			def.Settings.DefaultDecision = tc.def
			def.Settings.AutoApplyDecisionsEnabled = true
			created := f2Create(t, s, def)
			inst := accessreviews.InstanceID(created.ID)

			got, err := s.Client().Instances.Get(ctx, created.ID, inst)
			require.NoError(t, err)
			assert.Equal(t, accessreviews.StatusInProgress, got.Status)
			assert.True(t, got.EndDateTime.Equal(defaultStart.AddDate(0, 0, 7)))

			s.Clock().Advance(7 * f2Day)
			got, err = s.Client().Instances.Get(ctx, created.ID, inst)
			require.NoError(t, err)
			assert.Equal(t, accessreviews.StatusApplied, got.Status)
			items := f2ByPrincipal(t, s.Client(), created.ID, inst)
			old := items[fxGuestOld]
			assert.Equal(t, tc.wantOld, old.Decision)
			assert.Equal(t, "AAD Access Reviews", old.ReviewedBy.DisplayName)
			assert.True(t, old.ReviewedDateTime.Equal(defaultStart.AddDate(0, 0, 7)), "stamped when due")
			assert.Equal(t, accessreviews.ApplyResultAppliedSuccessfully, old.ApplyResult)
			assert.Equal(t, tc.oldMember, s.dir.isMember(fxM365, fxGuestOld))
			def2, err := s.Client().Definitions.Get(ctx, created.ID)
			require.NoError(t, err)
			assert.Equal(t, accessreviews.StatusCompleted, def2.Status)
		})
	}
}

func TestLifecycleFutureStartAndRecurrence(t *testing.T) {
	t.Parallel()
	s := f2Fixture(t)
	ctx := context.Background()
	def := f2OneTime(fxSec)
	def.Settings.InstanceDurationInDays = 3
	def.Settings.Recurrence = recurrence.Weekly().StartingOn(f2Today.AddDays(2)).EndingOn(f2Today.AddDays(30))
	created := f2Create(t, s, def)

	insts := f2Collect(t, s.Client().Instances.List(ctx, created.ID, nil))
	require.Len(t, insts, 1)
	assert.Equal(t, accessreviews.StatusNotStarted, insts[0].Status)
	assert.NotEqual(t, string(created.ID), string(insts[0].ID), "a recurring review's instances have their own IDs")
	assert.Empty(t, f2Collect(t, s.Client().Decisions.List(ctx, created.ID, insts[0].ID, nil)), "no items before the start")

	s.Clock().Advance(2 * f2Day)
	insts = f2Collect(t, s.Client().Instances.List(ctx, created.ID, nil))
	require.Len(t, insts, 1)
	assert.Equal(t, accessreviews.StatusInProgress, insts[0].Status)
	assert.Len(t, f2Collect(t, s.Client().Decisions.List(ctx, created.ID, insts[0].ID, nil)), 2)

	s.Clock().Advance(14 * f2Day)
	insts = f2Collect(t, s.Client().Instances.List(ctx, created.ID,
		&accessreviews.ListOptions{OrderBy: []string{"startDateTime"}}))
	require.Len(t, insts, 3, "opened on days 2, 9 and 16")
	assert.Equal(t, accessreviews.StatusCompleted, insts[0].Status)
	assert.Equal(t, accessreviews.StatusCompleted, insts[1].Status)
	assert.Equal(t, accessreviews.StatusInProgress, insts[2].Status)
	active := f2Collect(t, s.Client().Instances.List(ctx, created.ID,
		&accessreviews.ListOptions{Filter: odata.Eq("status", "InProgress")}))
	assert.Len(t, active, 1)

	require.NoError(t, s.Client().Definitions.Stop(ctx, created.ID))
	s.Clock().Advance(30 * f2Day)
	assert.Len(t, f2Collect(t, s.Client().Instances.List(ctx, created.ID, nil)), 3, "a stopped series opens nothing")
}

func TestAllGroupsReviewOneInstancePerGroupWithGuests(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		ies    scope.Scope
		groups []string
	}{
		{"all Microsoft 365 groups", scope.AllMicrosoft365Groups(), []string{fxM365, fxTeam}},
		{"all teams", scope.AllTeams(), []string{fxTeam}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := f2Fixture(t)
			ctx := context.Background()
			created := f2Create(t, s, &accessreviews.Definition{
				DisplayName:              "Guests of every group",
				InstanceEnumerationScope: tc.ies,
				Scope:                    scope.EachGroup().Members().Users().Guests(),
				Reviewers:                []scope.Reviewer{scope.GroupOwners()},
				FallbackReviewers:        []scope.Reviewer{scope.User(fxBackup)},
				Settings: accessreviews.Settings{RecommendationsEnabled: true,
					Recurrence: recurrence.Quarterly().StartingOn(f2Today).EndingOn(f2Today.AddMonths(12))},
			})
			insts := f2Collect(t, s.Client().Instances.List(ctx, created.ID, nil))
			require.Len(t, insts, len(tc.groups))
			for i, in := range insts {
				assert.Equal(t, scope.Group(tc.groups[i]).Members().Users().Guests(), in.Scope)
			}
			oc, err := odata.NewClient(s.Options()...)
			require.NoError(t, err)
			raw, _ := f2Do(t, oc, "GET", "identityGovernance/accessReviews/definitions/"+string(created.ID)+"/instances", "")["value"].([]any)
			require.Len(t, raw, len(tc.groups))
			for i, in := range raw {
				sc, _ := in.(map[string]any)["scope"].(map[string]any)
				assert.Equal(t, "/groups/"+tc.groups[i]+"/members/microsoft.graph.user/?$filter=(userType eq 'Guest')", sc["query"],
					"the service writes the instance's query as the definition's, for its group")
			}
			last := insts[len(insts)-1]
			crs := f2Collect(t, s.Client().ContactedReviewers.List(ctx, created.ID, last.ID, nil))
			require.Len(t, crs, 1)
			assert.Equal(t, fxBackup, crs[0].ID, "the team has no owners: the fallback reviewer reviews")
			items := f2Collect(t, s.Client().Decisions.List(ctx, created.ID, last.ID, nil))
			require.Len(t, items, 1)
			res, ok := items[0].Resource.Value.(accessreviews.BaseResource)
			require.True(t, ok)
			assert.Equal(t, fxTeam, res.ID)
			assert.Equal(t, accessreviews.ResourceGroup, res.ResourceType)
		})
	}
}

func TestInactiveAndManagerScopes(t *testing.T) {
	t.Parallel()
	s := f2Fixture(t)
	ctx := context.Background()
	created := f2Create(t, s, &accessreviews.Definition{
		DisplayName:       "Inactive members by their managers",
		Scope:             scope.Group(fxM365).Members().Users().InactiveFor(30),
		Reviewers:         []scope.Reviewer{scope.Managers()},
		FallbackReviewers: []scope.Reviewer{scope.User(fxBackup)},
		Settings:          accessreviews.Settings{Recurrence: recurrence.Once().StartingOn(f2Today)},
	})
	items := f2ByPrincipal(t, s.Client(), created.ID, accessreviews.InstanceID(created.ID))
	require.Len(t, items, 1)
	assert.Contains(t, items, fxGuestOld)
	assert.Equal(t, accessreviews.RecommendationNoInfoAvailable, items[fxGuestOld].Recommendation, "recommendations off")

	managed := f2Create(t, s, &accessreviews.Definition{
		DisplayName: "Members by their managers",
		Scope:       scope.Group(fxSec).Members().Users(),
		Reviewers:   []scope.Reviewer{scope.Managers()},
		Settings:    accessreviews.Settings{Recurrence: recurrence.Once().StartingOn(f2Today)},
	})
	mine := f2Collect(t, s.ClientAs(fxManager).Decisions.ListForCurrentUser(ctx, managed.ID, accessreviews.InstanceID(managed.ID), nil))
	require.Len(t, mine, 1, "the direct member only; the nested group is not a user")
	assert.Equal(t, fxMember, mine[0].PrincipalID())
}

func TestMultiStageProgression(t *testing.T) {
	t.Parallel()
	s := f2Fixture(t)
	ctx := context.Background()
	created := f2Create(t, s, &accessreviews.Definition{
		DisplayName: "Two stages",
		Scope:       scope.Group(fxM365).Members().Users(),
		Reviewers:   []scope.Reviewer{scope.User(fxOwner)},
		StageSettings: []accessreviews.StageSettings{
			{StageID: "1", DurationInDays: 2, RecommendationsEnabled: true,
				DecisionsThatWillMoveToNextStage: []accessreviews.Decision{accessreviews.DecisionApprove, accessreviews.DecisionNotReviewed},
				Reviewers:                        []scope.Reviewer{scope.User(fxOwner)}},
			{StageID: "2", DependsOn: []string{"1"}, DurationInDays: 3, RecommendationsEnabled: true,
				Reviewers: []scope.Reviewer{scope.User(fxManager)}},
		},
		Settings: accessreviews.Settings{Recurrence: recurrence.Weekly().StartingOn(f2Today).EndingOn(f2Today.AddDays(60))},
	})
	insts := f2Collect(t, s.Client().Instances.List(ctx, created.ID, nil))
	require.Len(t, insts, 1)
	inst := insts[0].ID
	assert.True(t, insts[0].EndDateTime.Equal(defaultStart.AddDate(0, 0, 5)), "the stages' durations add up")
	stages := f2Collect(t, s.Client().Stages.List(ctx, created.ID, inst, nil))
	require.Len(t, stages, 1, "a stage is created when the one before ends")
	st1 := stages[0].ID

	owner := s.ClientAs(fxOwner)
	items := f2Collect(t, owner.Decisions.ListInStageForCurrentUser(ctx, created.ID, inst, st1, nil))
	require.Len(t, items, 3)
	byP := make(map[string]accessreviews.DecisionItem)
	for _, it := range items {
		byP[it.PrincipalID()] = it
	}
	require.NoError(t, owner.Decisions.RecordInStage(ctx, created.ID, inst, st1, byP[fxGuestOld].ID,
		accessreviews.DecisionUpdate{Decision: accessreviews.DecisionDeny}))
	require.NoError(t, owner.Decisions.RecordInStage(ctx, created.ID, inst, st1, byP[fxMember].ID,
		accessreviews.DecisionUpdate{Decision: accessreviews.DecisionApprove}))
	got, err := s.Client().Decisions.GetInStage(ctx, created.ID, inst, st1, byP[fxGuestOld].ID)
	require.NoError(t, err)
	assert.Equal(t, accessreviews.DecisionDeny, got.Decision)

	require.NoError(t, s.Client().Stages.Stop(ctx, created.ID, inst, st1))
	stages = f2Collect(t, s.Client().Stages.List(ctx, created.ID, inst, nil))
	require.Len(t, stages, 2)
	assert.Equal(t, accessreviews.StatusCompleted, stages[0].Status)
	assert.Equal(t, accessreviews.StatusInProgress, stages[1].Status)
	second := f2Collect(t, s.Client().Decisions.ListInStage(ctx, created.ID, inst, stages[1].ID, nil))
	require.Len(t, second, 2, "the Deny stays behind")
	for _, it := range second {
		assert.NotEqual(t, fxGuestOld, it.PrincipalID())
		assert.Equal(t, accessreviews.DecisionNotReviewed, it.Decision)
	}
	mgr := s.ClientAs(fxManager)
	assert.Len(t, f2Collect(t, mgr.Stages.ListForCurrentUser(ctx, created.ID, inst, nil)), 1)
	assert.Empty(t, f2Collect(t, owner.Decisions.ListInStageForCurrentUser(ctx, created.ID, inst, stages[1].ID, nil)))

	upd, err := s.Client().Stages.Update(ctx, created.ID, inst, stages[1].ID,
		accessreviews.StageUpdate{FallbackReviewers: []scope.Reviewer{scope.User(fxBackup)}})
	require.NoError(t, err)
	assert.Len(t, upd.FallbackReviewers, 1)
	_, err = s.Client().Stages.Update(ctx, created.ID, inst, stages[1].ID,
		accessreviews.StageUpdate{FallbackReviewers: []scope.Reviewer{}})
	assert.ErrorIs(t, err, odata.ErrConflict)

	s.Clock().Advance(5 * f2Day)
	final, err := s.Client().Instances.Get(ctx, created.ID, inst)
	require.NoError(t, err)
	assert.Equal(t, accessreviews.StatusCompleted, final.Status)
	stages = f2Collect(t, s.Client().Stages.List(ctx, created.ID, inst, nil))
	assert.Equal(t, accessreviews.StatusCompleted, stages[1].Status)
}

func TestHistoryReportDownload(t *testing.T) {
	t.Parallel()
	s := f2Fixture(t)
	ctx := context.Background()
	def := f2Create(t, s, f2OneTime(fxSec))
	owner := s.ClientAs(fxOwner)
	items := f2MineByPrincipal(t, owner, def.ID, accessreviews.InstanceID(def.ID))
	require.NoError(t, owner.Decisions.Record(ctx, def.ID, accessreviews.InstanceID(def.ID), items[fxMember].ID,
		accessreviews.DecisionUpdate{Decision: accessreviews.DecisionApprove}))

	c := s.Client()
	h, err := c.History.Create(ctx, &accessreviews.HistoryDefinition{
		DisplayName:                      "Last month",
		Decisions:                        []accessreviews.HistoryDecisionFilter{accessreviews.HistoryApprove},
		ReviewHistoryPeriodStartDateTime: odata.DateTime{Time: defaultStart.AddDate(0, -1, 0)},
		ReviewHistoryPeriodEndDateTime:   odata.DateTime{Time: defaultStart.AddDate(0, 0, 1)},
		Scopes:                           []scope.Scope{accessreviews.HistoryScope(odata.Contains("scope/query", "/groups"))},
	})
	require.NoError(t, err)
	assert.True(t, h.Status.Is(accessreviews.HistoryRequested))
	runs := f2Collect(t, c.History.ListInstances(ctx, h.ID, nil))
	require.Len(t, runs, 1)
	assert.True(t, runs[0].Status.Is(accessreviews.HistoryDone))
	assert.Len(t, f2Collect(t, c.History.List(ctx, nil)), 1)
	got, err := c.History.Get(ctx, h.ID)
	require.NoError(t, err)
	assert.True(t, got.Status.Is(accessreviews.HistoryDone))

	run, err := c.History.GenerateDownloadURI(ctx, h.ID, runs[0].ID)
	require.NoError(t, err)
	require.Contains(t, run.DownloadURI, s.DownloadURL)
	assert.Contains(t, run.DownloadURI, "sig=")
	var rows [][]string
	for row, err := range c.History.DownloadRows(ctx, run.DownloadURI, nil) {
		require.NoError(t, err)
		rows = append(rows, row)
	}
	require.Len(t, rows, 2, "header and the one approval")
	assert.Equal(t, historyColumns, rows[0])
	assert.Equal(t, string(def.ID), rows[1][0])
	assert.Equal(t, fxMember, rows[1][7])
	assert.Equal(t, "Approve", rows[1][11])
	for _, d := range s.Downloads() {
		assert.False(t, d.HasAuth, "the Graph token never goes to the storage host")
	}

	s.Clock().Advance(25 * 60 * 60 * 1e9)
	_, err = c.History.Download(ctx, run.DownloadURI, nil)
	assert.ErrorIs(t, err, odata.ErrForbidden, "the URI expires after 24 hours")
}
