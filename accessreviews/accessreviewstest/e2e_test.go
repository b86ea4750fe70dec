package accessreviewstest

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

func TestDefinitionsCRUD(t *testing.T) {
	t.Parallel()
	s := f2Fixture(t)
	ctx := context.Background()
	c := s.ClientAs(fxAdmin)

	def := f2Create(t, s, f2OneTime(fxSec))
	assert.True(t, check.IsGUID(string(def.ID)))
	assert.Equal(t, accessreviews.StatusNotStarted, def.Status)
	assert.Equal(t, fxAdmin, def.CreatedBy.ID)
	assert.True(t, def.CreatedDateTime.Equal(defaultStart))

	got, err := c.Definitions.Get(ctx, def.ID)
	require.NoError(t, err)
	assert.Equal(t, accessreviews.StatusInProgress, got.Status, "the one-time instance started at creation")
	assert.Equal(t, "One-time review", got.DisplayName)

	second := f2OneTime(fxM365)
	second.DisplayName = "Second"
	second.Scope = scope.Group(fxM365).Members().Users().Guests()
	f2Create(t, s, second)
	all := f2Collect(t, c.Definitions.List(ctx, nil))
	assert.Len(t, all, 2)
	guests := f2Collect(t, c.Definitions.List(ctx, &accessreviews.ListOptions{
		Filter: odata.Contains("scope/microsoft.graph.accessReviewQueryScope/query", "userType eq 'Guest'")}))
	require.Len(t, guests, 1)
	assert.Equal(t, "Second", guests[0].DisplayName)
	paged := f2Collect(t, c.Definitions.List(ctx, &accessreviews.ListOptions{Top: 1, OrderBy: []string{"displayName desc"}}))
	require.Len(t, paged, 2)
	assert.Equal(t, "Second", paged[0].DisplayName)

	got.DisplayName = "Renamed"
	require.NoError(t, c.Definitions.Update(ctx, def.ID, got))
	got, err = c.Definitions.Get(ctx, def.ID)
	require.NoError(t, err)
	assert.Equal(t, "Renamed", got.DisplayName)
	assert.Equal(t, fxAdmin, got.CreatedBy.ID, "read-only properties survive a PUT")

	require.NoError(t, c.Definitions.Stop(ctx, def.ID))
	insts := f2Collect(t, c.Instances.List(ctx, def.ID, nil))
	require.Len(t, insts, 1)
	assert.True(t, insts[0].Status.Finished())

	require.NoError(t, c.Definitions.Delete(ctx, def.ID))
	_, err = c.Definitions.Get(ctx, def.ID)
	assert.ErrorIs(t, err, odata.ErrNotFound)
	_, err = c.Instances.Get(ctx, def.ID, insts[0].ID)
	assert.ErrorIs(t, err, odata.ErrNotFound, "delete cascades to instances")
}

func TestDefinitionCreateRejectsInvalidBodies(t *testing.T) {
	t.Parallel()
	s := f2Fixture(t)
	oc, err := odata.NewClient(s.OptionsAs(fxAdmin)...)
	require.NoError(t, err)
	for name, body := range map[string]string{
		"no display name": `{"scope":{"query":"/groups/` + fxSec + `/transitiveMembers","queryType":"MicrosoftGraph"},"settings":{}}`,
		"no scope":        `{"displayName":"x","settings":{}}`,
		"daily pattern": `{"displayName":"x","scope":{"query":"/groups/` + fxSec + `/transitiveMembers"},` +
			`"settings":{"recurrence":{"pattern":{"type":"daily","interval":1},"range":{"type":"noEnd","startDate":"2026-01-05"}}}}`,
		"bad default decision": `{"displayName":"x","scope":{"query":"/groups/` + fxSec + `/transitiveMembers"},` +
			`"settings":{"defaultDecisionEnabled":true,"defaultDecision":"Maybe"}}`,
		"not an object": `[1,2]`,
	} {
		err := oc.Do(context.Background(), &odata.Request{Method: "POST", Path: "identityGovernance/accessReviews/definitions",
			Body: []byte(body)}, nil)
		var oe *odata.Error
		if assert.True(t, errors.As(err, &oe), name) {
			assert.Equal(t, 400, oe.StatusCode, name)
			assert.Equal(t, "BadRequest", oe.Code, name)
		}
	}
}

func TestFilterByCurrentUserAndContactedReviewers(t *testing.T) {
	t.Parallel()
	s := f2Fixture(t)
	ctx := context.Background()
	def := f2Create(t, s, f2OneTime(fxSec))
	owner := s.ClientAs(fxOwner)

	mine := f2Collect(t, owner.Definitions.ListForCurrentUser(ctx, nil))
	require.Len(t, mine, 1)
	assert.Empty(t, f2Collect(t, s.ClientAs(fxGuestNew).Definitions.ListForCurrentUser(ctx, nil)))
	insts := f2Collect(t, owner.Instances.ListForCurrentUser(ctx, def.ID, nil))
	require.Len(t, insts, 1)
	assert.Equal(t, string(def.ID), string(insts[0].ID), "a one-time review's instance has the definition's ID")
	items := f2Collect(t, owner.Decisions.ListForCurrentUser(ctx, def.ID, insts[0].ID, nil))
	assert.Len(t, items, 2, "the member and the nested member")

	crs := f2Collect(t, s.Client().ContactedReviewers.List(ctx, def.ID, insts[0].ID, nil))
	require.Len(t, crs, 1)
	assert.Equal(t, fxOwner, crs[0].ID)
	assert.Equal(t, "Owner", crs[0].DisplayName)

	// The permission table allows application permissions; an application
	// reviews nothing.
	assert.Empty(t, f2Collect(t, s.Client().Definitions.ListForCurrentUser(ctx, nil)), "an application has no current user")
}

func TestDecisionRecordByReviewerOnly(t *testing.T) {
	t.Parallel()
	s := f2Fixture(t)
	ctx := context.Background()
	def := f2Create(t, s, f2OneTime(fxSec))
	inst := accessreviews.InstanceID(def.ID)
	items := f2ByPrincipal(t, s.Client(), def.ID, inst)
	require.Len(t, items, 2)
	item := items[fxMember]
	assert.Equal(t, accessreviews.DecisionNotReviewed, item.Decision)
	assert.True(t, item.ReviewedBy.IsNobody())
	assert.True(t, item.AppliedBy.IsNobody())
	assert.Equal(t, "", item.Justification)
	assert.True(t, check.IsGUID(string(item.ID)))
	user, ok := item.Principal.Value.(accessreviews.UserIdentity)
	require.True(t, ok)
	assert.Equal(t, "member@contoso.com", user.UserPrincipalName)
	assert.Contains(t, item.PrincipalLink, "/users/"+fxMember)
	assert.Equal(t, accessreviews.RecommendationApprove, item.Recommendation)
	assert.Equal(t, accessreviews.RecommendationDeny, items[fxNested].Recommendation, "never signed in")

	u := accessreviews.DecisionUpdate{Decision: accessreviews.DecisionApprove, Justification: "still needed"}
	err := s.Client().Decisions.Record(ctx, def.ID, inst, item.ID, u)
	assert.ErrorIs(t, err, odata.ErrForbidden, "application permissions are not supported")
	err = s.ClientAs(fxGuestNew).Decisions.Record(ctx, def.ID, inst, item.ID, u)
	assert.ErrorIs(t, err, odata.ErrForbidden, "not a reviewer")
	require.NoError(t, s.ClientAs(fxOwner).Decisions.Record(ctx, def.ID, inst, item.ID, u))

	got, err := s.Client().Decisions.Get(ctx, def.ID, inst, item.ID)
	require.NoError(t, err)
	assert.Equal(t, accessreviews.DecisionApprove, got.Decision)
	assert.Equal(t, "still needed", got.Justification)
	assert.Equal(t, fxOwner, got.ReviewedBy.ID)
	assert.True(t, got.ReviewedDateTime.Equal(defaultStart))

	pending := f2Collect(t, s.Client().Decisions.List(ctx, def.ID, inst,
		&accessreviews.ListOptions{Filter: odata.Eq("decision", "NotReviewed")}))
	require.Len(t, pending, 1)
	assert.Equal(t, fxNested, pending[0].PrincipalID())

	insights := f2Collect(t, s.Client().Decisions.ListInsights(ctx, def.ID, inst, item.ID))
	require.Len(t, insights, 1)
	si, ok := insights[0].(accessreviews.UserSignInInsight)
	require.True(t, ok)
	assert.True(t, si.LastSignInDateTime.Equal(defaultStart.AddDate(0, 0, -1)))

	_, err = s.Client().Decisions.Get(ctx, def.ID, inst, accessreviews.DecisionID(fxAdmin))
	assert.ErrorIs(t, err, odata.ErrNotFound)
}

func TestRecordManyAndBulkActions(t *testing.T) {
	t.Parallel()
	s := f2Fixture(t)
	ctx := context.Background()
	def := f2Create(t, s, f2OneTime(fxSec))
	inst := accessreviews.InstanceID(def.ID)
	owner := s.ClientAs(fxOwner)
	items := f2MineByPrincipal(t, owner, def.ID, inst)

	res, err := owner.Decisions.RecordMany(ctx, def.ID, inst, []accessreviews.DecisionRecord{
		{ID: items[fxMember].ID, Decision: accessreviews.DecisionApprove},
		{ID: items[fxNested].ID, Decision: accessreviews.DecisionDeny},
	}, nil)
	require.NoError(t, err)
	for _, r := range res {
		assert.NoError(t, r.Err)
	}
	got := f2MineByPrincipal(t, owner, def.ID, inst)
	assert.Equal(t, accessreviews.DecisionDeny, got[fxNested].Decision)

	assert.ErrorIs(t, owner.Instances.ResetDecisions(ctx, def.ID, inst), odata.ErrForbidden,
		"resetting needs an administrator's role, not a reviewer's")
	require.NoError(t, s.ClientAs(fxAdmin).Instances.ResetDecisions(ctx, def.ID, inst))
	for _, d := range f2MineByPrincipal(t, owner, def.ID, inst) {
		assert.Equal(t, accessreviews.DecisionNotReviewed, d.Decision)
	}

	require.NoError(t, s.Client().Decisions.BatchRecord(ctx, def.ID, inst,
		accessreviews.BatchDecision{Decision: accessreviews.DecisionDeny, PrincipalID: fxNested}))
	got = f2MineByPrincipal(t, owner, def.ID, inst)
	assert.Equal(t, accessreviews.DecisionDeny, got[fxNested].Decision)
	assert.Equal(t, accessreviews.DecisionNotReviewed, got[fxMember].Decision)

	require.NoError(t, owner.Instances.AcceptRecommendations(ctx, def.ID, inst))
	got = f2MineByPrincipal(t, owner, def.ID, inst)
	assert.Equal(t, accessreviews.DecisionApprove, got[fxMember].Decision, "recommendation accepted")
	assert.Equal(t, accessreviews.DecisionDeny, got[fxNested].Decision, "reviewed items are left alone")
	assert.ErrorIs(t, s.Client().Instances.AcceptRecommendations(ctx, def.ID, inst), odata.ErrForbidden)

	require.NoError(t, owner.Decisions.RecordAllInInstance(ctx, def.ID, inst,
		accessreviews.BatchDecision{Decision: accessreviews.DecisionDontKnow, AllItems: true}))
	for _, d := range f2MineByPrincipal(t, owner, def.ID, inst) {
		assert.Equal(t, accessreviews.DecisionDontKnow, d.Decision)
	}
	require.NoError(t, owner.Decisions.RecordAll(ctx,
		accessreviews.BatchDecision{Decision: accessreviews.DecisionApprove, PrincipalID: fxMember}))
	pending := f2Collect(t, owner.Decisions.ListPendingForCurrentUserBeta(ctx, nil))
	require.Len(t, pending, 2)

	require.NoError(t, s.Client().Instances.SendReminder(ctx, def.ID, inst))
	assert.Equal(t, 1, s.RemindersSent(string(def.ID), string(inst)))
}

func TestStopApplyRemovesDeniedMembers(t *testing.T) {
	t.Parallel()
	s := f2Fixture(t)
	ctx := context.Background()
	def := f2OneTime(fxM365)
	def.Scope = scope.Group(fxM365).Members().Users().Guests()
	created := f2Create(t, s, def)
	inst := accessreviews.InstanceID(created.ID)
	owner := s.ClientAs(fxOwner)
	items := f2MineByPrincipal(t, owner, created.ID, inst)
	require.Len(t, items, 2, "guests only")
	require.NoError(t, owner.Decisions.Record(ctx, created.ID, inst, items[fxGuestOld].ID,
		accessreviews.DecisionUpdate{Decision: accessreviews.DecisionDeny}))

	err := s.Client().Instances.ApplyDecisions(ctx, created.ID, inst)
	assert.ErrorIs(t, err, odata.ErrBadRequest, "apply needs a completed instance")
	require.NoError(t, s.Client().Instances.Stop(ctx, created.ID, inst))
	got, err := s.Client().Instances.Get(ctx, created.ID, inst)
	require.NoError(t, err)
	assert.Equal(t, accessreviews.StatusCompleted, got.Status)

	require.NoError(t, s.Client().Instances.ApplyDecisions(ctx, created.ID, inst))
	assert.False(t, s.dir.isMember(fxM365, fxGuestOld), "the denied guest was removed")
	assert.True(t, s.dir.isMember(fxM365, fxGuestNew))
	after := f2MineByPrincipal(t, owner, created.ID, inst)
	assert.Equal(t, accessreviews.ApplyResultAppliedSuccessfully, after[fxGuestOld].ApplyResult)
	assert.Equal(t, accessreviews.ApplyResultNew, after[fxGuestNew].ApplyResult, "nobody decided it")

	require.NoError(t, s.Client().Instances.ApplyDecisions(ctx, created.ID, inst))
	again := f2MineByPrincipal(t, owner, created.ID, inst)
	assert.Equal(t, after[fxGuestOld].AppliedDateTime, again[fxGuestOld].AppliedDateTime, "a second apply changes nothing")
	got, err = s.Client().Instances.Get(ctx, created.ID, inst)
	require.NoError(t, err)
	assert.Equal(t, accessreviews.StatusApplied, got.Status)
}

func TestInstanceUpdateFallbackRules(t *testing.T) {
	t.Parallel()
	s := f2Fixture(t)
	ctx := context.Background()
	def := f2Create(t, s, f2OneTime(fxSec))
	inst, err := s.Client().Instances.Get(ctx, def.ID, accessreviews.InstanceID(def.ID))
	require.NoError(t, err)

	u := inst.ForUpdate()
	u.FallbackReviewers = []scope.Reviewer{}
	_, err = s.Client().Instances.Update(ctx, def.ID, inst.ID, u)
	assert.ErrorIs(t, err, odata.ErrConflict, "removing a fallback reviewer")

	u = inst.ForUpdate()
	u.Reviewers = []scope.Reviewer{scope.User(fxManager)}
	u.FallbackReviewers = append(u.FallbackReviewers, scope.User(fxAdmin))
	updated, err := s.Client().Instances.Update(ctx, def.ID, inst.ID, u)
	require.NoError(t, err)
	require.Len(t, updated.FallbackReviewers, 2)
	crs := f2Collect(t, s.Client().ContactedReviewers.List(ctx, def.ID, inst.ID, nil))
	require.Len(t, crs, 1)
	assert.Equal(t, fxManager, crs[0].ID)
	assert.Len(t, f2Collect(t, s.ClientAs(fxManager).Decisions.ListForCurrentUser(ctx, def.ID, inst.ID, nil)), 2)
}

func TestBetaNavigationsAndPolicy(t *testing.T) {
	t.Parallel()
	s := f2Fixture(t)
	ctx := context.Background()
	def := f2Create(t, s, f2OneTime(fxSec))
	c := s.Client()

	all := f2Collect(t, c.Instances.ListAll(ctx, nil))
	require.Len(t, all, 1)
	parent, err := c.Instances.Definition(ctx, def.ID, all[0].ID)
	require.NoError(t, err)
	assert.Equal(t, def.ID, parent.ID)
	assert.Empty(t, f2Collect(t, s.ClientAs(fxMember).Instances.ListPendingForCurrentUserBeta(ctx, nil)),
		"the member reviews nothing")
	pending := f2Collect(t, s.ClientAs(fxOwner).Instances.ListPendingForCurrentUserBeta(ctx, &accessreviews.ListOptions{Expand: []string{"definition"}}))
	require.Len(t, pending, 1, "the owner reviews the instance")
	assert.Equal(t, all[0].ID, pending[0].ID)
	require.NotNil(t, pending[0].Definition, "$expand=definition")
	assert.Equal(t, def.ID, pending[0].Definition.ID)

	p, err := c.Policy.Get(ctx)
	require.NoError(t, err)
	assert.False(t, p.IsGroupOwnerManagementEnabled)
	require.NoError(t, c.Policy.Update(ctx, accessreviews.PolicyUpdate{IsGroupOwnerManagementEnabled: new(true)}))
	p, err = c.Policy.Get(ctx)
	require.NoError(t, err)
	assert.True(t, p.IsGroupOwnerManagementEnabled)
	rp, err := c.Policy.GetDirectoryRolePolicy(ctx)
	require.NoError(t, err)
	rp.Settings.InstanceDurationInDays = 3
	require.NoError(t, c.Policy.UpdateDirectoryRolePolicy(ctx, rp.Settings))
	rp, err = c.Policy.GetDirectoryRolePolicy(ctx)
	require.NoError(t, err)
	assert.Equal(t, 3, rp.Settings.InstanceDurationInDays)
}
