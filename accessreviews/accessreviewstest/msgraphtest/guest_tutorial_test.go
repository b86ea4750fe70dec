package msgraphtest

import (
	"slices"
	"testing"

	"github.com/microsoft/kiota-abstractions-go/serialization"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews/accessreviewstest"
)

// The tutorial "Use the access reviews API to review guest access to your
// Microsoft 365 groups" (v1.0), every step through msgraph-sdk-go, signed in
// as the tutorial's global administrator, with the request bodies the
// tutorial sends (dates moved to the fake's today, as the tutorial tells its
// reader) and the results its responses show. The tutorial stops at listing
// the decisions; the test goes on to what the review is for: the owner
// denies the guest, the instance is stopped, the decision is applied
// automatically and the guest is no longer a member of the group.

const (
	guestName = "John Doe (Tailspin Toys)"
	guestMail = "john@tailspintoys.com"
	// guestScopeQuery is the step 4 scope, each group's guest members.
	guestScopeQuery = "./members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')"
	// unifiedGroupsQuery is the step 4 instanceEnumerationScope.
	unifiedGroupsQuery = "/groups?$filter=(groupTypes/any(c:c+eq+'Unified'))&$count=true"
)

func TestGuestAccessTutorial(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(accessreviewstest.GuestTutorialDirectory()))
	t.Cleanup(s.Close)
	admin := newGraph(t, s, "v1.0", s.UserToken(accessreviewstest.GuestTutorialAdminID))

	const step1 = "step 1, POST /v1.0/users"
	user := models.NewUser()
	user.SetAccountEnabled(ptr(true))
	user.SetDisplayName(ptr("Aline Dupuy"))
	user.SetMailNickname(ptr("AlineD"))
	user.SetUserPrincipalName(ptr("AlineD@contoso.com"))
	password := models.NewPasswordProfile()
	password.SetForceChangePasswordNextSignIn(ptr(true))
	password.SetPassword(ptr("xWwvJ]6NMw+bWH-d"))
	user.SetPasswordProfile(password)
	aline, err := admin.Users().Post(ctx, user, nil)
	require.NoErrorf(t, err, "%s: %s", step1, describe(err))
	alineID := str(aline.GetId())
	require.True(t, isGUID(alineID), "%s: id %q", step1, alineID)
	assert.Equal(t, "Aline Dupuy", str(aline.GetDisplayName()), step1)
	assert.Equal(t, "AlineD@contoso.com", str(aline.GetUserPrincipalName()), step1)
	assert.Equal(t, "Member", str(aline.GetUserType()), step1)
	assertContext(t, aline, "users/$entity", step1)

	const step2 = "step 2, POST /v1.0/invitations"
	invitation := models.NewInvitation()
	invitation.SetInvitedUserDisplayName(ptr(guestName))
	invitation.SetInvitedUserEmailAddress(ptr(guestMail))
	invitation.SetSendInvitationMessage(ptr(false))
	invitation.SetInviteRedirectUrl(ptr("https://myapps.microsoft.com"))
	invited, err := admin.Invitations().Post(ctx, invitation, nil)
	require.NoErrorf(t, err, "%s: %s", step2, describe(err))
	require.NotNil(t, invited.GetInvitedUser(), "%s: invitedUser", step2)
	johnID := str(invited.GetInvitedUser().GetId())
	require.True(t, isGUID(johnID), "%s: invitedUser.id %q", step2, johnID)
	assert.NotEqual(t, alineID, johnID, step2)
	assertContext(t, invited, "invitations/$entity", step2)

	// The reader makes themself the owner and the guest a member.
	const step3 = "step 3, POST /v1.0/groups"
	group := models.NewGroup()
	group.SetDescription(ptr("Feelgood Marketing Campaign with external partners and vendors."))
	group.SetDisplayName(ptr("Feelgood Marketing Campaign"))
	group.SetGroupTypes([]string{"Unified"})
	group.SetMailEnabled(ptr(true))
	group.SetMailNickname(ptr("FeelGoodCampaign"))
	group.SetSecurityEnabled(ptr(true))
	group.SetAdditionalData(map[string]any{
		"owners@odata.bind":  []string{"https://graph.microsoft.com/v1.0/users/" + accessreviewstest.GuestTutorialAdminID},
		"members@odata.bind": []string{"https://graph.microsoft.com/v1.0/users/" + johnID},
	})
	created, err := admin.Groups().Post(ctx, group, nil)
	require.NoErrorf(t, err, "%s: %s", step3, describe(err))
	groupID := str(created.GetId())
	require.True(t, isGUID(groupID), "%s: id %q", step3, groupID)
	assert.Equal(t, "Feelgood Marketing Campaign", str(created.GetDisplayName()), step3)
	assert.Equal(t, []string{"Unified"}, created.GetGroupTypes(), step3)
	assertContext(t, created, "groups/$entity", step3)
	assert.Equal(t, []string{johnID}, memberIDs(t, admin, groupID, step3+", then GET its members"),
		"%s: you now have a Microsoft 365 group with a guest user", step3)

	const step4 = "step 4, POST /v1.0/identityGovernance/accessReviews/definitions"
	today := *serialization.NewDateOnly(s.Clock().Now())
	end := *serialization.NewDateOnly(s.Clock().Now().AddDate(1, 0, 0))
	def, err := admin.IdentityGovernance().AccessReviews().Definitions().Post(ctx, guestReviewDefinition(alineID, today, end), nil)
	require.NoErrorf(t, err, "%s: %s", step4, describe(err))
	defID := str(def.GetId())
	require.True(t, isGUID(defID), "%s: id %q", step4, defID)
	assertContext(t, def, "identityGovernance/accessReviews/definitions/$entity", step4)
	assert.Equal(t, "Group owners review guest across Microsoft 365 groups in the tenant (Quarterly)", str(def.GetDisplayName()), step4)
	assert.Equal(t, "NotStarted", str(def.GetStatus()), step4)
	assertIdentity(t, def.GetCreatedBy(), accessreviewstest.GuestTutorialAdminID, "MOD Administrator", "admin@contoso.com", step4+": createdBy")
	assertQueryScope(t, def.GetScope(), guestScopeQuery, step4+": scope")
	assertQueryScope(t, def.GetInstanceEnumerationScope(), unifiedGroupsQuery, step4+": instanceEnumerationScope")
	assert.Equal(t, []string{"./owners"}, reviewerQueries(def.GetReviewers()), step4+": reviewers")
	assert.Equal(t, []string{"/users/" + alineID}, reviewerQueries(def.GetFallbackReviewers()), step4+": fallbackReviewers")
	if settings := def.GetSettings(); assert.NotNil(t, settings, step4+": settings") {
		assert.Equal(t, ptr(true), settings.GetDefaultDecisionEnabled(), step4+": defaultDecisionEnabled")
		assert.Equal(t, "Approve", str(settings.GetDefaultDecision()), step4+": defaultDecision")
		assert.Equal(t, ptr(true), settings.GetAutoApplyDecisionsEnabled(), step4+": autoApplyDecisionsEnabled")
		assert.Equal(t, ptr(true), settings.GetRecommendationsEnabled(), step4+": recommendationsEnabled")
		assertPattern(t, settings.GetRecurrence(), "absoluteMonthly", 3, 0, step4)
		assertRange(t, settings.GetRecurrence(), &today, &end, step4)
		assert.Equal(t, []string{"#microsoft.graph.removeAccessApplyAction"}, odataTypes(settings.GetApplyActions()), step4+": applyActions")
	}

	// One instance, for the one Microsoft 365 group with a guest.
	const step5 = "step 5, GET /v1.0/identityGovernance/accessReviews/definitions/{id}/instances"
	instances, err := admin.IdentityGovernance().AccessReviews().Definitions().ByAccessReviewScheduleDefinitionId(defID).Instances().Get(ctx, nil)
	require.NoErrorf(t, err, "%s: %s", step5, describe(err))
	assertContext(t, instances, "/instances", step5)
	require.Len(t, instances.GetValue(), 1, step5)
	inst := instances.GetValue()[0]
	instID := str(inst.GetId())
	require.True(t, isGUID(instID), "%s: id %q", step5, instID)
	assert.Equal(t, "InProgress", str(inst.GetStatus()), step5)
	assertQueryScope(t, inst.GetScope(), "/groups/"+groupID+"/members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')", step5+": scope")
	assert.NotNil(t, inst.GetStartDateTime(), step5+": startDateTime")
	assert.NotNil(t, inst.GetEndDateTime(), step5+": endDateTime")

	// The tutorial's response shows the item after the review ended and the
	// default decision (Approve) was recorded by "AAD Access Reviews"; here
	// the review has just started, so nobody has decided yet. The guest has
	// never signed in, hence the recommendation Deny the tutorial shows.
	const step6 = "step 6, GET /v1.0/identityGovernance/accessReviews/definitions/{id}/instances/{id}/decisions"
	decisions := admin.IdentityGovernance().AccessReviews().Definitions().ByAccessReviewScheduleDefinitionId(defID).
		Instances().ByAccessReviewInstanceId(instID).Decisions()
	items, err := decisions.Get(ctx, nil)
	require.NoErrorf(t, err, "%s: %s", step6, describe(err))
	assertContext(t, items, "/decisions", step6)
	assert.Equal(t, ptr(int64(1)), items.GetOdataCount(), step6+": @odata.count")
	require.Len(t, items.GetValue(), 1, step6)
	item := items.GetValue()[0]
	itemID := str(item.GetId())
	require.True(t, isGUID(itemID), "%s: id %q", step6, itemID)
	assert.Equal(t, instID, str(item.GetAccessReviewId()), step6+": accessReviewId")
	assert.Equal(t, "NotReviewed", str(item.GetDecision()), step6+": decision")
	assert.Equal(t, "Deny", str(item.GetRecommendation()), step6+": recommendation")
	assert.Equal(t, "New", str(item.GetApplyResult()), step6+": applyResult")
	assert.Equal(t, ptr(""), item.GetJustification(), step6+": justification")
	assert.Nil(t, item.GetAppliedDateTime(), step6+": appliedDateTime")
	assertIdentity(t, item.GetReviewedBy(), zeroGUID, "", "", step6+": reviewedBy")
	assertIdentity(t, item.GetAppliedBy(), zeroGUID, "", "", step6+": appliedBy")
	assertUserTarget(t, item, johnID, guestName, guestMail, step6)
	if principal, ok := item.GetPrincipal().(*models.UserIdentity); assert.True(t, ok, "%s: principal is a userIdentity: %T", step6, item.GetPrincipal()) {
		assertIdentity(t, principal, johnID, guestName, guestMail, step6+": principal")
	}

	// Past the tutorial: the group owner (the administrator) denies the
	// guest's access; recording a decision answers 204 No Content.
	const step6a = "step 6a, PATCH /v1.0/identityGovernance/accessReviews/definitions/{id}/instances/{id}/decisions/{id}"
	deny := models.NewAccessReviewInstanceDecisionItem()
	deny.SetDecision(ptr("Deny"))
	deny.SetJustification(ptr("The campaign with Tailspin Toys has ended."))
	_, err = decisions.ByAccessReviewInstanceDecisionItemId(itemID).Patch(ctx, deny, nil)
	require.NoErrorf(t, err, "%s: %s", step6a, describe(err))

	// Stopping the instance completes it and, with autoApplyDecisionsEnabled,
	// applies its decisions (accessReviewInstance: stop).
	const step6b = "step 6b, POST /v1.0/identityGovernance/accessReviews/definitions/{id}/instances/{id}/stop"
	instance := admin.IdentityGovernance().AccessReviews().Definitions().ByAccessReviewScheduleDefinitionId(defID).
		Instances().ByAccessReviewInstanceId(instID)
	err = instance.Stop().Post(ctx, nil)
	require.NoErrorf(t, err, "%s: %s", step6b, describe(err))
	stopped, err := instance.Get(ctx, nil)
	require.NoErrorf(t, err, "%s, then GET the instance: %s", step6b, describe(err))
	assertContext(t, stopped, "$entity", step6b+", then GET the instance")
	assertStopped(t, str(stopped.GetStatus()), step6b)

	const step6c = "step 6c, GET the decisions again"
	items, err = decisions.Get(ctx, nil)
	require.NoErrorf(t, err, "%s: %s", step6c, describe(err))
	require.Len(t, items.GetValue(), 1, step6c)
	item = items.GetValue()[0]
	assert.Equal(t, "Deny", str(item.GetDecision()), step6c+": decision")
	assert.Equal(t, "The campaign with Tailspin Toys has ended.", str(item.GetJustification()), step6c+": justification")
	assert.Equal(t, accessreviewstest.GuestTutorialAdminID, identityID(item.GetReviewedBy()), step6c+": reviewedBy")
	assert.NotNil(t, item.GetReviewedDateTime(), step6c+": reviewedDateTime")
	assert.Equal(t, "AppliedSuccessfully", str(item.GetApplyResult()), step6c+": applyResult")
	assert.NotNil(t, item.GetAppliedDateTime(), step6c+": appliedDateTime")

	const step6d = "step 6d, GET /v1.0/groups/{id}/members"
	assert.Empty(t, memberIDs(t, admin, groupID, step6d), "%s: the denied guest was removed from the group", step6d)

	// Step 7 deletes what the tutorial created, in its order; each answers
	// 204, and the deleted definition is gone with its instances.
	for _, del := range []struct {
		step string
		do   func() error
	}{
		{"step 7, DELETE /v1.0/groups/{id}", func() error { return admin.Groups().ByGroupId(groupID).Delete(ctx, nil) }},
		{"step 7, DELETE /v1.0/identityGovernance/accessReviews/definitions/{id}", func() error {
			return admin.IdentityGovernance().AccessReviews().Definitions().ByAccessReviewScheduleDefinitionId(defID).Delete(ctx, nil)
		}},
		{"step 7, DELETE /v1.0/users/{guest}", func() error { return admin.Users().ByUserId(johnID).Delete(ctx, nil) }},
		{"step 7, DELETE /v1.0/users/{test user}", func() error { return admin.Users().ByUserId(alineID).Delete(ctx, nil) }},
	} {
		err := del.do()
		require.NoErrorf(t, err, "%s: %s", del.step, describe(err))
	}
	_, err = admin.IdentityGovernance().AccessReviews().Definitions().ByAccessReviewScheduleDefinitionId(defID).Get(ctx, nil)
	assert.Equal(t, 404, statusOf(err), "step 7, GET the deleted definition: %s", describe(err))
}

// guestReviewDefinition is the step 4 request body: group owners review the
// guests of every Microsoft 365 group quarterly from start to end, Aline is
// the fallback reviewer, unreviewed guests are approved, and denied guests
// are removed automatically.
func guestReviewDefinition(alineID string, start, end serialization.DateOnly) models.AccessReviewScheduleDefinitionable {
	def := models.NewAccessReviewScheduleDefinition()
	def.SetDisplayName(ptr("Group owners review guest across Microsoft 365 groups in the tenant (Quarterly)"))
	def.SetDescriptionForAdmins(ptr(""))
	def.SetDescriptionForReviewers(ptr(""))
	def.SetScope(queryScope(guestScopeQuery))
	def.SetInstanceEnumerationScope(queryScope(unifiedGroupsQuery))
	def.SetReviewers([]models.AccessReviewReviewerScopeable{reviewerScope("./owners", "")})
	def.SetFallbackReviewers([]models.AccessReviewReviewerScopeable{reviewerScope("/users/"+alineID, "")})

	pattern := models.NewRecurrencePattern()
	pattern.SetTypeEscaped(ptr(models.ABSOLUTEMONTHLY_RECURRENCEPATTERNTYPE))
	pattern.SetInterval(ptr(int32(3)))
	pattern.SetMonth(ptr(int32(0)))
	pattern.SetDayOfMonth(ptr(int32(0)))
	pattern.SetDaysOfWeek([]models.DayOfWeek{})
	pattern.SetFirstDayOfWeek(ptr(models.SUNDAY_DAYOFWEEK))
	pattern.SetIndex(ptr(models.FIRST_WEEKINDEX))
	rng := models.NewRecurrenceRange()
	rng.SetTypeEscaped(ptr(models.NUMBERED_RECURRENCERANGETYPE))
	rng.SetNumberOfOccurrences(ptr(int32(0)))
	rng.SetStartDate(&start)
	rng.SetEndDate(&end)
	recurrence := models.NewPatternedRecurrence()
	recurrence.SetPattern(pattern)
	recurrence.SetRangeEscaped(rng)

	settings := models.NewAccessReviewScheduleSettings()
	settings.SetMailNotificationsEnabled(ptr(true))
	settings.SetReminderNotificationsEnabled(ptr(true))
	settings.SetJustificationRequiredOnApproval(ptr(true))
	settings.SetDefaultDecisionEnabled(ptr(true))
	settings.SetDefaultDecision(ptr("Approve"))
	settings.SetInstanceDurationInDays(ptr(int32(0)))
	settings.SetAutoApplyDecisionsEnabled(ptr(true))
	settings.SetRecommendationsEnabled(ptr(true))
	settings.SetRecurrence(recurrence)
	settings.SetApplyActions([]models.AccessReviewApplyActionable{models.NewRemoveAccessApplyAction()})
	def.SetSettings(settings)
	return def
}

// memberIDs lists the IDs of a group's direct members.
func memberIDs(t *testing.T, g *graph, groupID, step string) []string {
	t.Helper()
	members, err := g.Groups().ByGroupId(groupID).Members().Get(t.Context(), nil)
	require.NoErrorf(t, err, "%s: %s", step, describe(err))
	ids := []string{}
	for _, m := range members.GetValue() {
		ids = append(ids, str(m.GetId()))
	}
	slices.Sort(ids)
	return ids
}

// assertStopped asserts the status of a stopped instance. The stop page says
// it is marked Completed; with auto-apply the documents' examples also show
// Applied once its decisions are applied. Either is what the service does.
func assertStopped(t *testing.T, status, step string) {
	t.Helper()
	assert.Contains(t, []string{"Completed", "Applied"}, status, "%s: the stopped instance's status", step)
}
