package msgraphtest

import (
	"testing"
	"time"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoft/kiota-abstractions-go/serialization"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
	"github.com/microsoftgraph/msgraph-sdk-go/models/odataerrors"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews/accessreviewstest"
)

// The beta tutorial "Use the Access Reviews API to review access to your
// groups": a one-time self-review of a security group's members, every step
// through msgraph-sdk-go. The beta SDK is not on the module proxy, so the
// v1.0 SDK's request builders are pointed at the fake's /beta (the paths are
// the same), and /me/pendingAccessReviewInstances, which v1.0 does not
// have, is sent as kiota request information through the same adapter.
// Step 5's self-attestation happens in the My Access portal in the
// tutorial; here Alex records it with the API the portal stands on.

const selfReviewName = "One-time self-review for members of Building security group"

func TestSelfReviewTutorial(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(accessreviewstest.SelfReviewTutorialDirectory()))
	t.Cleanup(s.Close)
	admin := newGraph(t, s, "beta", s.UserToken(accessreviewstest.SelfReviewAdminID))
	alex := newGraph(t, s, "beta", s.UserToken(accessreviewstest.SelfReviewAlexID))

	const step1 = "step 1, POST /beta/groups"
	group := models.NewGroup()
	group.SetDescription(ptr("Building security group"))
	group.SetDisplayName(ptr("Building security group"))
	group.SetGroupTypes([]string{})
	group.SetMailEnabled(ptr(false))
	group.SetMailNickname(ptr("buildingsecurity"))
	group.SetSecurityEnabled(ptr(true))
	group.SetAdditionalData(map[string]any{
		"owners@odata.bind": []string{
			"https://graph.microsoft.com/beta/users/" + accessreviewstest.SelfReviewOwnerID,
			"https://graph.microsoft.com/beta/users/" + accessreviewstest.SelfReviewAdminID,
		},
		"members@odata.bind": []string{
			"https://graph.microsoft.com/beta/users/" + accessreviewstest.SelfReviewAlexID,
			"https://graph.microsoft.com/beta/users/" + accessreviewstest.SelfReviewAllanID,
		},
	})
	created, err := admin.Groups().Post(ctx, group, nil)
	require.NoErrorf(t, err, "%s: %s", step1, describe(err))
	groupID := str(created.GetId())
	require.True(t, isGUID(groupID), "%s: id %q", step1, groupID)
	assertContext(t, created, "groups/$entity", step1)
	assert.Equal(t, "Building security group", str(created.GetDisplayName()), step1)
	assert.Equal(t, "Building security group", str(created.GetDescription()), step1)
	assert.Equal(t, "buildingsecurity", str(created.GetMailNickname()), step1)
	assert.Equal(t, ptr(false), created.GetMailEnabled(), step1)
	assert.Equal(t, ptr(true), created.GetSecurityEnabled(), step1)
	if types := created.GetGroupTypes(); assert.NotNil(t, types, "%s: groupTypes is []", step1) {
		assert.Empty(t, types, "%s: a security group", step1)
	}

	const step2 = "step 2, POST /beta/identityGovernance/accessReviews/definitions"
	now := s.Clock().Now()
	endDay := time.Date(now.Year()+1, now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	today, end := *serialization.NewDateOnly(now), *serialization.NewDateOnly(endDay)
	def, err := admin.IdentityGovernance().AccessReviews().Definitions().Post(ctx, selfReviewDefinition(groupID, today, end), nil)
	require.NoErrorf(t, err, "%s: %s", step2, describe(err))
	defID := str(def.GetId())
	require.True(t, isGUID(defID), "%s: id %q", step2, defID)
	assertContext(t, def, "identityGovernance/accessReviews/definitions/$entity", step2)
	assert.Equal(t, selfReviewName, str(def.GetDisplayName()), step2)
	assert.Equal(t, "NotStarted", str(def.GetStatus()), step2)
	assert.Equal(t, selfReviewName, str(def.GetDescriptionForAdmins()), step2)
	assert.Equal(t, selfReviewName, str(def.GetDescriptionForReviewers()), step2)
	assertIdentity(t, def.GetCreatedBy(), accessreviewstest.SelfReviewAdminID, "MOD Administrator", "admin@contoso.com", step2+": createdBy")
	assertQueryScope(t, def.GetScope(), "/groups/"+groupID+"/transitiveMembers", step2+": scope")
	assertQueryScope(t, def.GetInstanceEnumerationScope(), "/groups/"+groupID, step2+": instanceEnumerationScope")
	assert.Equal(t, []string{}, reviewerQueries(def.GetReviewers()), step2+": reviewers is [], a self-review")
	backup, _ := extra(def, "backupReviewers")
	assert.Equal(t, []any{}, backup, step2+": backupReviewers is [] on beta")
	if settings := def.GetSettings(); assert.NotNil(t, settings, step2+": settings") {
		assert.Equal(t, ptr(false), settings.GetDefaultDecisionEnabled(), step2+": defaultDecisionEnabled")
		assert.Equal(t, "Deny", str(settings.GetDefaultDecision()), step2+": defaultDecision")
		assert.Equal(t, ptr(true), settings.GetAutoApplyDecisionsEnabled(), step2+": autoApplyDecisionsEnabled")
		assert.Equal(t, ptr(true), settings.GetJustificationRequiredOnApproval(), step2+": justificationRequiredOnApproval")
		if rec := settings.GetRecurrence(); assert.NotNil(t, rec, step2+": recurrence") {
			assert.Nil(t, rec.GetPattern(), step2+": pattern is null, a one-time review")
			assertRange(t, rec, &today, &end, step2)
			if rec.GetRangeEscaped() != nil {
				assert.Equal(t, "numbered", enum(rec.GetRangeEscaped().GetTypeEscaped()), step2+": range.type")
			}
		}
		assert.Equal(t, []string{"#microsoft.graph.removeAccessApplyAction"}, odataTypes(settings.GetApplyActions()), step2+": applyActions")
	}

	// A one-time review has one instance, whose ID is the definition's, in
	// progress from now until the end date.
	const step3 = "step 3, GET /beta/identityGovernance/accessReviews/definitions/{id}/instances"
	reviewDef := admin.IdentityGovernance().AccessReviews().Definitions().ByAccessReviewScheduleDefinitionId(defID)
	instances, err := reviewDef.Instances().Get(ctx, nil)
	require.NoErrorf(t, err, "%s: %s", step3, describe(err))
	assertContext(t, instances, "/instances", step3)
	require.Len(t, instances.GetValue(), 1, step3)
	inst := instances.GetValue()[0]
	assert.Equal(t, defID, str(inst.GetId()), step3+": the instance has the definition's id")
	assert.Equal(t, "InProgress", str(inst.GetStatus()), step3)
	assertQueryScope(t, inst.GetScope(), "/groups/"+groupID+"/transitiveMembers", step3+": scope")
	if start, stop := inst.GetStartDateTime(), inst.GetEndDateTime(); assert.NotNil(t, start, step3) && assert.NotNil(t, stop, step3) {
		assert.False(t, start.After(now), "%s: startDateTime %s is past", step3, start)
		assert.False(t, stop.Before(endDay), "%s: endDateTime %s lasts until the end date %s", step3, stop, end)
	}

	// Two members under review, neither has attested yet; both signed in
	// recently, hence the recommendation Approve the tutorial shows.
	const step4 = "step 4, GET /beta/identityGovernance/accessReviews/definitions/{id}/instances/{id}/decisions"
	decisions := reviewDef.Instances().ByAccessReviewInstanceId(defID).Decisions()
	items, err := decisions.Get(ctx, nil)
	require.NoErrorf(t, err, "%s: %s", step4, describe(err))
	assertContext(t, items, "/decisions", step4)
	assert.Equal(t, ptr(int64(2)), items.GetOdataCount(), step4+": @odata.count")
	byUser := itemsByTargetUser(t, items.GetValue(), step4)
	require.Len(t, byUser, 2, step4)
	for _, m := range []struct{ id, name, upn string }{
		{accessreviewstest.SelfReviewAlexID, "Alex Wilber", "AlexW@contoso.com"},
		{accessreviewstest.SelfReviewAllanID, "Allan Deyoung", "AllanD@contoso.com"},
	} {
		item, ok := byUser[m.id]
		if !assert.True(t, ok, "%s: an item for %s", step4, m.name) {
			continue
		}
		what := step4 + ": " + m.name
		assert.True(t, isGUID(str(item.GetId())), "%s: id %q", what, str(item.GetId()))
		assert.Equal(t, defID, str(item.GetAccessReviewId()), what+": accessReviewId")
		assert.Equal(t, "NotReviewed", str(item.GetDecision()), what+": decision")
		assert.Equal(t, "Approve", str(item.GetRecommendation()), what+": recommendation")
		assert.Equal(t, "New", str(item.GetApplyResult()), what+": applyResult")
		assert.Equal(t, ptr(""), item.GetJustification(), what+": justification")
		assert.Nil(t, item.GetReviewedDateTime(), what+": reviewedDateTime")
		assert.Nil(t, item.GetAppliedDateTime(), what+": appliedDateTime")
		assertIdentity(t, item.GetReviewedBy(), zeroGUID, "", "", what+": reviewedBy")
		assertIdentity(t, item.GetAppliedBy(), zeroGUID, "", "", what+": appliedBy")
		assertUserTarget(t, item, m.id, m.name, m.upn, what)
	}

	// Step 5, signed in as Alex: his pending reviews, then his own item,
	// which he approves with a reason (the definition requires one).
	const step5 = "step 5, GET /beta/me/pendingAccessReviewInstances as Alex"
	pending, err := alex.pendingAccessReviewInstances(t)
	require.NoErrorf(t, err, "%s: %s", step5, describe(err))
	assertContext(t, pending, "pendingAccessReviewInstances", step5)
	assert.Equal(t, ptr(int64(1)), pending.GetOdataCount(), step5+": @odata.count")
	require.Len(t, pending.GetValue(), 1, "%s: Alex has 1 pending access review", step5)
	mine := pending.GetValue()[0]
	assert.Equal(t, defID, str(mine.GetId()), step5)
	assert.Equal(t, "InProgress", str(mine.GetStatus()), step5)
	assertQueryScope(t, mine.GetScope(), "/groups/"+groupID+"/transitiveMembers", step5+": scope")

	const step5b = "step 5, GET /beta/…/decisions/filterByCurrentUser(on='reviewer') as Alex"
	alexDecisions := alex.IdentityGovernance().AccessReviews().Definitions().ByAccessReviewScheduleDefinitionId(defID).
		Instances().ByAccessReviewInstanceId(str(mine.GetId())).Decisions()
	own, err := alexDecisions.FilterByCurrentUserWithOn(ptr("reviewer")).GetAsFilterByCurrentUserWithOnGetResponse(ctx, nil)
	require.NoErrorf(t, err, "%s: %s", step5b, describe(err))
	assertContext(t, own, "", step5b)
	ownItems := itemsByTargetUser(t, own.GetValue(), step5b)
	require.Len(t, ownItems, 1, "%s: in a self-review Alex reviews only himself", step5b)
	alexItem, ok := ownItems[accessreviewstest.SelfReviewAlexID]
	require.True(t, ok, "%s: Alex's own item", step5b)

	const step5c = "step 5, PATCH /beta/…/decisions/{id} as Alex"
	approve := models.NewAccessReviewInstanceDecisionItem()
	approve.SetDecision(ptr("Approve"))
	approve.SetJustification(ptr("I still work in the building."))
	_, err = alexDecisions.ByAccessReviewInstanceDecisionItemId(str(alexItem.GetId())).Patch(ctx, approve, nil)
	require.NoErrorf(t, err, "%s: %s", step5c, describe(err))

	// Step 4 again, as the administrator: Alex's decision is now Approve.
	const step5d = "step 5, then step 4 again as the administrator"
	items, err = decisions.Get(ctx, nil)
	require.NoErrorf(t, err, "%s: %s", step5d, describe(err))
	byUser = itemsByTargetUser(t, items.GetValue(), step5d)
	if item, ok := byUser[accessreviewstest.SelfReviewAlexID]; assert.True(t, ok, "%s: Alex's item", step5d) {
		assert.Equal(t, "Approve", str(item.GetDecision()), step5d+": Alex's decision")
		assert.Equal(t, "I still work in the building.", str(item.GetJustification()), step5d+": Alex's justification")
		assert.Equal(t, accessreviewstest.SelfReviewAlexID, identityID(item.GetReviewedBy()), step5d+": Alex reviewed himself")
		assert.NotNil(t, item.GetReviewedDateTime(), step5d+": reviewedDateTime")
	}
	if item, ok := byUser[accessreviewstest.SelfReviewAllanID]; assert.True(t, ok, "%s: Allan's item", step5d) {
		assert.Equal(t, "NotReviewed", str(item.GetDecision()), step5d+": Allan has not attested")
	}

	// Step 6 deletes the group and the definition; each answers 204.
	const step6 = "step 6, DELETE /beta/groups/{id}"
	err = admin.Groups().ByGroupId(groupID).Delete(ctx, nil)
	require.NoErrorf(t, err, "%s: %s", step6, describe(err))
	const step6b = "step 6, DELETE /beta/identityGovernance/accessReviews/definitions/{id}"
	err = reviewDef.Delete(ctx, nil)
	require.NoErrorf(t, err, "%s: %s", step6b, describe(err))
	_, err = reviewDef.Get(ctx, nil)
	assert.Equal(t, 404, statusOf(err), "step 6, GET the deleted definition: %s", describe(err))
}

// selfReviewDefinition is the step 2 request body: the group's members
// review themselves once (no reviewers, no recurrence pattern) from start to
// end, and denied members are removed automatically.
func selfReviewDefinition(groupID string, start, end serialization.DateOnly) models.AccessReviewScheduleDefinitionable {
	def := models.NewAccessReviewScheduleDefinition()
	def.SetDisplayName(ptr(selfReviewName))
	def.SetDescriptionForAdmins(ptr(selfReviewName))
	def.SetDescriptionForReviewers(ptr(selfReviewName))
	def.SetScope(queryScope("/groups/" + groupID + "/transitiveMembers"))
	def.SetInstanceEnumerationScope(queryScope("/groups/" + groupID))
	def.SetReviewers(reviewers())

	rng := models.NewRecurrenceRange()
	rng.SetTypeEscaped(ptr(models.NUMBERED_RECURRENCERANGETYPE))
	rng.SetNumberOfOccurrences(ptr(int32(0)))
	rng.SetStartDate(&start)
	rng.SetEndDate(&end)
	recurrence := models.NewPatternedRecurrence()
	recurrence.SetRangeEscaped(rng)

	settings := models.NewAccessReviewScheduleSettings()
	settings.SetMailNotificationsEnabled(ptr(true))
	settings.SetReminderNotificationsEnabled(ptr(true))
	settings.SetJustificationRequiredOnApproval(ptr(true))
	settings.SetDefaultDecisionEnabled(ptr(false))
	settings.SetDefaultDecision(ptr("Deny"))
	settings.SetInstanceDurationInDays(ptr(int32(0)))
	settings.SetAutoApplyDecisionsEnabled(ptr(true))
	settings.SetRecommendationsEnabled(ptr(true))
	settings.SetRecurrence(recurrence)
	settings.SetApplyActions([]models.AccessReviewApplyActionable{models.NewRemoveAccessApplyAction()})
	def.SetSettings(settings)
	return def
}

// pendingAccessReviewInstances sends GET /me/pendingAccessReviewInstances,
// a beta path the v1.0 SDK has no builder for, through the client's adapter
// and middleware, and decodes the answer with the SDK's instance collection.
func (g *graph) pendingAccessReviewInstances(t *testing.T) (models.AccessReviewInstanceCollectionResponseable, error) {
	t.Helper()
	req := abstractions.NewRequestInformationWithMethodAndUrlTemplateAndPathParameters(abstractions.GET,
		"{+baseurl}/me/pendingAccessReviewInstances", map[string]string{"baseurl": g.adapter.GetBaseUrl()})
	req.Headers.TryAdd("Accept", "application/json")
	res, err := g.adapter.Send(t.Context(), req, models.CreateAccessReviewInstanceCollectionResponseFromDiscriminatorValue,
		abstractions.ErrorMappings{"XXX": odataerrors.CreateODataErrorFromDiscriminatorValue})
	if err != nil {
		return nil, err
	}
	out, ok := res.(models.AccessReviewInstanceCollectionResponseable)
	require.True(t, ok, "GET /me/pendingAccessReviewInstances decoded as %T", res)
	return out, nil
}

// itemsByTargetUser indexes decision items by their target's userId, which
// the beta tutorial's items carry (they have no principal there).
func itemsByTargetUser(t *testing.T, items []models.AccessReviewInstanceDecisionItemable, step string) map[string]models.AccessReviewInstanceDecisionItemable {
	t.Helper()
	out := map[string]models.AccessReviewInstanceDecisionItemable{}
	for _, item := range items {
		target, _ := extra(item, "target")
		m, _ := target.(map[string]any)
		id, _ := m["userId"].(string)
		require.NotEmpty(t, id, "%s: item %s has a target with a userId", step, str(item.GetId()))
		out[id] = item
	}
	return out
}
