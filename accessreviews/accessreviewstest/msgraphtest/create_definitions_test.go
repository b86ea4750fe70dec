package msgraphtest

import (
	"strings"
	"testing"
	"time"

	"github.com/microsoft/kiota-abstractions-go/serialization"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews/accessreviewstest"
)

// The four examples of the reference "Create definitions" (POST
// /identityGovernance/accessReviews/definitions, v1.0), each built with the
// SDK's models from the example's request, sent by an application with
// AccessReview.ReadWrite.All (which the page allows), and checked against
// the example's 201 response. The examples start their reviews in 2020 and
// 2021; the test starts them on the fake's today, as the tutorials tell
// their readers to, so that the first instance opens now.

// IDs the reference's examples use.
const (
	refGroupID         = "02f3bafb-448c-487c-88c2-5fd65ce49a41" // the reviewed group (examples 1, 4)
	refReviewerID      = "398164b1-5196-49dd-ada2-364b49f99b27" // the single reviewer (examples 1, 4)
	refAdminID         = "fc9a2c2b-1ddc-486d-a211-5fe8ca77fa1f" // "MOD Administrator", fallback of example 2
	refFallbackGroupID = "072ac5f4-3f13-4088-ab30-0a276f3e6322" // fallback reviewers (examples 3, 4)
	refAppID           = "bae11f90-7d5d-46ba-9f55-8112b59d92ae" // the LinkedIn service principal (example 3)

	// The reference names no team, manager or members; these are ours.
	refTeamID    = "7d1a9c3e-2b4f-4e6a-8c5d-9f0e1a2b3c4d"
	refManagerID = "1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b"
	refMemberID  = "2f3a4b5c-6d7e-4f8a-9b0c-1d2e3f4a5b6c"
	refGuestID   = "3a4b5c6d-7e8f-4a9b-8c1d-2e3f4a5b6c7d"

	// teamsWithGuestsQuery is example 2's instanceEnumerationScope exactly
	// as the reference sends it, unbalanced parenthesis included; its
	// response shows the service accepted (and normalised) it.
	teamsWithGuestsQuery = "/groups?$filter=(groupTypes/any(c:c+eq+'Unified') and resourceProvisioningOptions/Any(x:x eq 'Team')')"
)

// refNow is when referenceDirectory's sign-ins are counted from: the
// fake's default clock.
var refNow = time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC)

// referenceDirectory is a tenant holding the objects the examples name: the
// reviewed group with a member and a guest, the reviewer, the
// administrator, the fallback reviewers' group, a team with a guest who
// has not signed in for months, and the application.
func referenceDirectory(now time.Time) accessreviewstest.Directory {
	recently := now.AddDate(0, 0, -2)
	return accessreviewstest.Directory{
		Users: []accessreviewstest.User{
			{ID: refAdminID, DisplayName: "MOD Administrator", UserPrincipalName: "admin@contoso.com", UserType: "Member", LastSignIn: recently},
			{ID: refReviewerID, DisplayName: "Rita Reviewer", UserPrincipalName: "rita@contoso.com", UserType: "Member", LastSignIn: recently},
			{ID: refManagerID, DisplayName: "Max Manager", UserPrincipalName: "max@contoso.com", UserType: "Member", LastSignIn: recently},
			{ID: refMemberID, DisplayName: "Mia Member", UserPrincipalName: "mia@contoso.com", UserType: "Member", LastSignIn: recently, ManagerID: refManagerID},
			{ID: refGuestID, DisplayName: "Gus Guest", UserPrincipalName: "gus_fabrikam.com#EXT#@contoso.com", UserType: "Guest", LastSignIn: now.AddDate(0, -3, 0)},
		},
		Groups: []accessreviewstest.Group{
			{ID: refGroupID, DisplayName: "Finance", SecurityEnabled: true, Members: []string{refMemberID, refGuestID}, Owners: []string{refAdminID}},
			{ID: refFallbackGroupID, DisplayName: "Access reviewers", SecurityEnabled: true, Members: []string{refReviewerID}, Owners: []string{refAdminID}},
			{ID: refTeamID, DisplayName: "Marketing", GroupTypes: []string{"Unified"}, IsTeam: true, MailEnabled: true,
				Members: []string{refMemberID, refGuestID}, Owners: []string{refManagerID}},
		},
		ServicePrincipals: []accessreviewstest.ServicePrincipal{
			{ID: refAppID, AppID: "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7e", DisplayName: "LinkedIn", Owners: []string{refAdminID}},
		},
	}
}

func TestCreateDefinitionExamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		build func(start, end serialization.DateOnly) models.AccessReviewScheduleDefinitionable
		// check asserts the 201 response against the example's.
		check func(t *testing.T, got models.AccessReviewScheduleDefinitionable, start serialization.DateOnly)
	}{
		{"example 1, a group's members reviewed weekly by one user", groupWeekly, checkGroupWeekly},
		{"example 2, inactive guests of all teams reviewed quarterly by their owners", teamsInactiveGuests, checkTeamsInactiveGuests},
		{"example 3, all users of an application reviewed half-yearly by their managers", applicationUsers, checkApplicationUsers},
		{"example 4, a group reviewed in two stages weekly", multiStage, checkMultiStage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(referenceDirectory(refNow)))
			t.Cleanup(s.Close)
			app := newGraph(t, s, "v1.0", s.AppToken())
			now := s.Clock().Now()
			start := *serialization.NewDateOnly(now)
			end := *serialization.NewDateOnly(now.AddDate(1, 0, 0))

			const post = "POST /v1.0/identityGovernance/accessReviews/definitions"
			sent := tt.build(start, end)
			got, err := app.IdentityGovernance().AccessReviews().Definitions().Post(ctx, sent, nil)
			require.NoErrorf(t, err, "%s: %s", post, describe(err))
			id := str(got.GetId())
			require.True(t, isGUID(id), "%s: id %q", post, id)
			assertContext(t, got, "identityGovernance/accessReviews/definitions/$entity", post)
			assert.Equal(t, str(sent.GetDisplayName()), str(got.GetDisplayName()), post+": displayName")
			assert.Equal(t, str(sent.GetDescriptionForAdmins()), str(got.GetDescriptionForAdmins()), post+": descriptionForAdmins")
			// The examples' responses show NotStarted (1, 4) and InProgress (2).
			assert.Contains(t, []string{"NotStarted", "InProgress"}, str(got.GetStatus()), post+": status")
			tt.check(t, got, start)

			const get = "GET /v1.0/identityGovernance/accessReviews/definitions/{id}"
			stored, err := app.IdentityGovernance().AccessReviews().Definitions().ByAccessReviewScheduleDefinitionId(id).Get(ctx, nil)
			require.NoErrorf(t, err, "%s: %s", get, describe(err))
			assertContext(t, stored, "$entity", get)
			assert.Equal(t, id, str(stored.GetId()), get)
			assert.Equal(t, str(sent.GetDisplayName()), str(stored.GetDisplayName()), get+": displayName")
			tt.check(t, stored, start)
		})
	}
}

// groupWeekly is example 1: every member of a group, reviewed weekly by one
// user, with no end.
func groupWeekly(start, _ serialization.DateOnly) models.AccessReviewScheduleDefinitionable {
	def := models.NewAccessReviewScheduleDefinition()
	def.SetDisplayName(ptr("Test create"))
	def.SetDescriptionForAdmins(ptr("New scheduled access review"))
	def.SetDescriptionForReviewers(ptr("If you have any questions, contact"))
	def.SetScope(queryScope("/groups/" + refGroupID + "/transitiveMembers"))
	def.SetReviewers(reviewers(reviewerScope("/users/"+refReviewerID, "")))
	settings := models.NewAccessReviewScheduleSettings()
	settings.SetMailNotificationsEnabled(ptr(true))
	settings.SetReminderNotificationsEnabled(ptr(true))
	settings.SetJustificationRequiredOnApproval(ptr(true))
	settings.SetDefaultDecisionEnabled(ptr(false))
	settings.SetDefaultDecision(ptr("None"))
	settings.SetInstanceDurationInDays(ptr(int32(1)))
	settings.SetRecommendationsEnabled(ptr(true))
	settings.SetRecurrence(recurrence(models.WEEKLY_RECURRENCEPATTERNTYPE, 1, nil, models.NOEND_RECURRENCERANGETYPE, start, nil))
	def.SetSettings(settings)
	return def
}

func checkGroupWeekly(t *testing.T, got models.AccessReviewScheduleDefinitionable, start serialization.DateOnly) {
	t.Helper()
	assert.Equal(t, "If you have any questions, contact", str(got.GetDescriptionForReviewers()), "descriptionForReviewers")
	assertQueryScope(t, got.GetScope(), "/groups/"+refGroupID+"/transitiveMembers", "scope")
	assert.Nil(t, got.GetInstanceEnumerationScope(), "instanceEnumerationScope")
	assert.Equal(t, []string{"/users/" + refReviewerID}, reviewerQueries(got.GetReviewers()), "reviewers")
	settings := got.GetSettings()
	require.NotNil(t, settings, "settings")
	assertSettings(t, settings, true, true, true, false, "None", 1, false, true)
	assertPattern(t, settings.GetRecurrence(), "weekly", 1, 0, "settings")
	assertRange(t, settings.GetRecurrence(), &start, nil, "settings")
	assertEmptyCollections(t, got)
}

// teamsInactiveGuests is example 2: the guests of every team who have not
// signed in for 30 days, reviewed every quarter on the fifth by the team's
// owners (the administrator when a team has none), denied by default and
// removed automatically.
func teamsInactiveGuests(start, _ serialization.DateOnly) models.AccessReviewScheduleDefinitionable {
	def := models.NewAccessReviewScheduleDefinition()
	def.SetDisplayName(ptr("Review inactive guests on teams"))
	def.SetDescriptionForAdmins(ptr("Control guest user access to our teams."))
	def.SetDescriptionForReviewers(ptr("Information security is everyone's responsibility. Review our access policy for more."))
	def.SetInstanceEnumerationScope(queryScope(teamsWithGuestsQuery))
	inactive := models.NewAccessReviewInactiveUsersQueryScope()
	inactive.SetQuery(ptr("./members/microsoft.graph.user/?$filter=(userType eq 'Guest')"))
	inactive.SetQueryType(ptr("MicrosoftGraph"))
	inactive.SetInactiveDuration(serialization.NewDuration(0, 0, 30, 0, 0, 0, 0))
	def.SetScope(inactive)
	def.SetReviewers(reviewers(reviewerScope("./owners", "")))
	def.SetFallbackReviewers(reviewers(reviewerScope("/users/"+refAdminID, "")))
	settings := models.NewAccessReviewScheduleSettings()
	settings.SetMailNotificationsEnabled(ptr(true))
	settings.SetReminderNotificationsEnabled(ptr(true))
	settings.SetJustificationRequiredOnApproval(ptr(true))
	settings.SetRecommendationsEnabled(ptr(true))
	settings.SetInstanceDurationInDays(ptr(int32(3)))
	settings.SetRecurrence(recurrence(models.ABSOLUTEMONTHLY_RECURRENCEPATTERNTYPE, 3, ptr(int32(5)), models.NOEND_RECURRENCERANGETYPE, start, nil))
	settings.SetDefaultDecisionEnabled(ptr(true))
	settings.SetDefaultDecision(ptr("Deny"))
	settings.SetAutoApplyDecisionsEnabled(ptr(true))
	def.SetSettings(settings)
	return def
}

// checkTeamsInactiveGuests checks example 2's response, whose queries the
// service normalises (it adds $count=true and balances the parentheses):
// only the filters are compared.
func checkTeamsInactiveGuests(t *testing.T, got models.AccessReviewScheduleDefinitionable, _ serialization.DateOnly) {
	t.Helper()
	scope, ok := got.GetScope().(*models.AccessReviewInactiveUsersQueryScope)
	if assert.True(t, ok, "scope: an accessReviewInactiveUsersQueryScope, got %T", got.GetScope()) {
		assert.Contains(t, str(scope.GetQuery()), "$filter=(userType eq 'Guest')", "scope.query")
		assert.True(t, strings.HasPrefix(str(scope.GetQuery()), "./members/microsoft.graph.user/"), "scope.query %q", str(scope.GetQuery()))
		assert.Equal(t, "MicrosoftGraph", str(scope.GetQueryType()), "scope.queryType")
		// The SDK writes and reads 30 days as P4W2D; compare the durations.
		if d := scope.GetInactiveDuration(); assert.NotNil(t, d, "scope.inactiveDuration") {
			got, err := d.ToDuration()
			assert.NoError(t, err, "scope.inactiveDuration")
			assert.Equal(t, 30*24*time.Hour, got, "scope.inactiveDuration is P30D")
		}
	}
	enumeration, ok := got.GetInstanceEnumerationScope().(*models.AccessReviewQueryScope)
	if assert.True(t, ok, "instanceEnumerationScope: an accessReviewQueryScope, got %T", got.GetInstanceEnumerationScope()) {
		q := str(enumeration.GetQuery())
		assert.True(t, strings.HasPrefix(q, "/groups?$filter=(groupTypes/any(c:c+eq+'Unified') and resourceProvisioningOptions/Any(x:x eq 'Team')"),
			"instanceEnumerationScope.query %q", q)
	}
	assert.Equal(t, []string{"./owners"}, reviewerQueries(got.GetReviewers()), "reviewers")
	assert.Equal(t, []string{"/users/" + refAdminID}, reviewerQueries(got.GetFallbackReviewers()), "fallbackReviewers")
	backup, _ := extra(got, "backupReviewers")
	assert.Equal(t, []any{}, backup, "backupReviewers is [], as the example's response shows")
	settings := got.GetSettings()
	require.NotNil(t, settings, "settings")
	assertSettings(t, settings, true, true, true, true, "Deny", 3, true, true)
	assertPattern(t, settings.GetRecurrence(), "absoluteMonthly", 3, 5, "settings")
	assertEmptyCollections(t, got)
}

// applicationUsers is example 3: every user's access to an application,
// reviewed every six months for a year by their managers, with a group as
// fallback (and backup) reviewers; unreviewed access gets the
// recommendation, applied automatically.
func applicationUsers(start, end serialization.DateOnly) models.AccessReviewScheduleDefinitionable {
	def := models.NewAccessReviewScheduleDefinition()
	def.SetDisplayName(ptr("Review employee access to LinkedIn"))
	def.SetDescriptionForAdmins(ptr("Review employee access to LinkedIn"))
	memberships := models.NewPrincipalResourceMembershipsScope()
	memberships.SetPrincipalScopes([]models.AccessReviewScopeable{queryScope("/users")})
	memberships.SetResourceScopes([]models.AccessReviewScopeable{queryScope("/servicePrincipals/" + refAppID)})
	def.SetScope(memberships)
	def.SetReviewers(reviewers(reviewerScope("./manager", "decisions")))
	def.SetFallbackReviewers(reviewers(reviewerScope("/groups/"+refFallbackGroupID+"/transitiveMembers", "")))
	// backupReviewers is not in the v1.0 model; the example sends it, so it
	// goes out as additional data.
	def.SetAdditionalData(map[string]any{
		"backupReviewers": []serialization.Parsable{reviewerScope("/groups/"+refFallbackGroupID+"/transitiveMembers", "")},
	})
	settings := models.NewAccessReviewScheduleSettings()
	settings.SetMailNotificationsEnabled(ptr(true))
	settings.SetReminderNotificationsEnabled(ptr(true))
	settings.SetJustificationRequiredOnApproval(ptr(true))
	settings.SetDefaultDecisionEnabled(ptr(true))
	settings.SetDefaultDecision(ptr("Recommendation"))
	settings.SetInstanceDurationInDays(ptr(int32(180)))
	settings.SetAutoApplyDecisionsEnabled(ptr(true))
	settings.SetRecommendationsEnabled(ptr(true))
	settings.SetRecurrence(recurrence(models.ABSOLUTEMONTHLY_RECURRENCEPATTERNTYPE, 6, ptr(int32(0)), models.NUMBERED_RECURRENCERANGETYPE, start, &end))
	def.SetSettings(settings)
	return def
}

// checkApplicationUsers checks what example 3's (shortened) response shows,
// and the backupReviewers the example sent, which v1.0 accepts and echoes
// although the CSDL has it in beta only.
func checkApplicationUsers(t *testing.T, got models.AccessReviewScheduleDefinitionable, _ serialization.DateOnly) {
	t.Helper()
	scope, ok := got.GetScope().(*models.PrincipalResourceMembershipsScope)
	if assert.True(t, ok, "scope: a principalResourceMembershipsScope, got %T", got.GetScope()) {
		if principals := scope.GetPrincipalScopes(); assert.Len(t, principals, 1, "scope.principalScopes") {
			assertQueryScope(t, principals[0], "/users", "scope.principalScopes[0]")
		}
		if resources := scope.GetResourceScopes(); assert.Len(t, resources, 1, "scope.resourceScopes") {
			assertQueryScope(t, resources[0], "/servicePrincipals/"+refAppID, "scope.resourceScopes[0]")
		}
	}
	if rs := got.GetReviewers(); assert.Len(t, rs, 1, "reviewers") {
		assert.Equal(t, "./manager", str(rs[0].GetQuery()), "reviewers[0].query")
		assert.Equal(t, "decisions", str(rs[0].GetQueryRoot()), "reviewers[0].queryRoot")
	}
	assert.Equal(t, []string{"/groups/" + refFallbackGroupID + "/transitiveMembers"}, reviewerQueries(got.GetFallbackReviewers()), "fallbackReviewers")
	backup, _ := extra(got, "backupReviewers")
	if list, ok := backup.([]any); assert.True(t, ok, "backupReviewers echoed, got %v", backup) && assert.Len(t, list, 1, "backupReviewers") {
		m, _ := list[0].(map[string]any)
		assert.Equal(t, "/groups/"+refFallbackGroupID+"/transitiveMembers", m["query"], "backupReviewers[0].query")
	}
	settings := got.GetSettings()
	require.NotNil(t, settings, "settings")
	assertSettings(t, settings, true, true, true, true, "Recommendation", 180, true, true)
	assertPattern(t, settings.GetRecurrence(), "absoluteMonthly", 6, 0, "settings")
}

// multiStage is example 4: a group's members reviewed weekly in two stages,
// first by one user, then (for what the first stage approved or left
// unreviewed) by each member's manager, with a group as fallback.
func multiStage(start, _ serialization.DateOnly) models.AccessReviewScheduleDefinitionable {
	def := models.NewAccessReviewScheduleDefinition()
	def.SetDisplayName(ptr("Group Multi-stage Access Review"))
	def.SetDescriptionForAdmins(ptr("New scheduled access review"))
	def.SetDescriptionForReviewers(ptr("If you have any questions, contact"))
	def.SetScope(queryScope("/groups/" + refGroupID + "/transitiveMembers"))
	first := models.NewAccessReviewStageSettings()
	first.SetStageId(ptr("1"))
	first.SetDurationInDays(ptr(int32(2)))
	first.SetRecommendationsEnabled(ptr(false))
	first.SetDecisionsThatWillMoveToNextStage([]string{"NotReviewed", "Approve"})
	first.SetReviewers(reviewers(reviewerScope("/users/"+refReviewerID, "")))
	second := models.NewAccessReviewStageSettings()
	second.SetStageId(ptr("2"))
	second.SetDependsOn([]string{"1"})
	second.SetDurationInDays(ptr(int32(2)))
	second.SetRecommendationsEnabled(ptr(true))
	second.SetReviewers(reviewers(reviewerScope("./manager", "decisions")))
	second.SetFallbackReviewers(reviewers(reviewerScope("/groups/"+refFallbackGroupID+"/transitiveMembers", "")))
	def.SetStageSettings([]models.AccessReviewStageSettingsable{first, second})
	settings := models.NewAccessReviewScheduleSettings()
	settings.SetInstanceDurationInDays(ptr(int32(4)))
	settings.SetRecurrence(recurrence(models.WEEKLY_RECURRENCEPATTERNTYPE, 1, nil, models.NOEND_RECURRENCERANGETYPE, start, nil))
	settings.SetDecisionHistoriesForReviewersEnabled(ptr(true))
	def.SetSettings(settings)
	return def
}

func checkMultiStage(t *testing.T, got models.AccessReviewScheduleDefinitionable, start serialization.DateOnly) {
	t.Helper()
	assertQueryScope(t, got.GetScope(), "/groups/"+refGroupID+"/transitiveMembers", "scope")
	assert.Nil(t, got.GetInstanceEnumerationScope(), "instanceEnumerationScope")
	stages := got.GetStageSettings()
	require.Len(t, stages, 2, "stageSettings")
	assert.Equal(t, "1", str(stages[0].GetStageId()), "stageSettings[0].stageId")
	assert.Equal(t, ptr(int32(2)), stages[0].GetDurationInDays(), "stageSettings[0].durationInDays")
	assert.Equal(t, ptr(false), stages[0].GetRecommendationsEnabled(), "stageSettings[0].recommendationsEnabled")
	assert.Equal(t, []string{"NotReviewed", "Approve"}, stages[0].GetDecisionsThatWillMoveToNextStage(), "stageSettings[0].decisionsThatWillMoveToNextStage")
	assert.Equal(t, []string{"/users/" + refReviewerID}, reviewerQueries(stages[0].GetReviewers()), "stageSettings[0].reviewers")
	assert.Equal(t, "2", str(stages[1].GetStageId()), "stageSettings[1].stageId")
	assert.Equal(t, []string{"1"}, stages[1].GetDependsOn(), "stageSettings[1].dependsOn")
	assert.Equal(t, ptr(int32(2)), stages[1].GetDurationInDays(), "stageSettings[1].durationInDays")
	assert.Equal(t, ptr(true), stages[1].GetRecommendationsEnabled(), "stageSettings[1].recommendationsEnabled")
	if rs := stages[1].GetReviewers(); assert.Len(t, rs, 1, "stageSettings[1].reviewers") {
		assert.Equal(t, "./manager", str(rs[0].GetQuery()), "stageSettings[1].reviewers[0].query")
		assert.Equal(t, "decisions", str(rs[0].GetQueryRoot()), "stageSettings[1].reviewers[0].queryRoot")
	}
	assert.Equal(t, []string{"/groups/" + refFallbackGroupID + "/transitiveMembers"}, reviewerQueries(stages[1].GetFallbackReviewers()), "stageSettings[1].fallbackReviewers")
	settings := got.GetSettings()
	require.NotNil(t, settings, "settings")
	assert.Equal(t, ptr(true), settings.GetDecisionHistoriesForReviewersEnabled(), "settings.decisionHistoriesForReviewersEnabled")
	assertPattern(t, settings.GetRecurrence(), "weekly", 1, 0, "settings")
	assertRange(t, settings.GetRecurrence(), &start, nil, "settings")
	assertEmptyCollections(t, got)
}

// recurrence is a patterned recurrence of the pattern type, interval and
// (when not nil) dayOfMonth, from start to end (nil: no end date sent).
func recurrence(typ models.RecurrencePatternType, interval int32, dayOfMonth *int32, rangeType models.RecurrenceRangeType, start serialization.DateOnly, end *serialization.DateOnly) models.PatternedRecurrenceable {
	pattern := models.NewRecurrencePattern()
	pattern.SetTypeEscaped(&typ)
	pattern.SetInterval(&interval)
	// The SDK sends a member set to nil as null; the examples leave these
	// out when they have no value.
	if dayOfMonth != nil {
		pattern.SetDayOfMonth(dayOfMonth)
	}
	rng := models.NewRecurrenceRange()
	rng.SetTypeEscaped(&rangeType)
	rng.SetStartDate(&start)
	if end != nil {
		rng.SetEndDate(end)
	}
	rec := models.NewPatternedRecurrence()
	rec.SetPattern(pattern)
	rec.SetRangeEscaped(rng)
	return rec
}

// assertSettings asserts the booleans, default decision and duration of a
// definition's settings as the example sent them (autoApplyDecisionsEnabled
// false when it was not sent, as example 1's response shows).
func assertSettings(t *testing.T, s models.AccessReviewScheduleSettingsable, mail, reminders, justification, defaultEnabled bool, defaultDecision string, days int32, autoApply, recommendations bool) {
	t.Helper()
	assert.Equal(t, &mail, s.GetMailNotificationsEnabled(), "settings.mailNotificationsEnabled")
	assert.Equal(t, &reminders, s.GetReminderNotificationsEnabled(), "settings.reminderNotificationsEnabled")
	assert.Equal(t, &justification, s.GetJustificationRequiredOnApproval(), "settings.justificationRequiredOnApproval")
	assert.Equal(t, &defaultEnabled, s.GetDefaultDecisionEnabled(), "settings.defaultDecisionEnabled")
	assert.Equal(t, defaultDecision, str(s.GetDefaultDecision()), "settings.defaultDecision")
	assert.Equal(t, &days, s.GetInstanceDurationInDays(), "settings.instanceDurationInDays")
	assert.Equal(t, &autoApply, s.GetAutoApplyDecisionsEnabled(), "settings.autoApplyDecisionsEnabled")
	assert.Equal(t, &recommendations, s.GetRecommendationsEnabled(), "settings.recommendationsEnabled")
}

// assertEmptyCollections asserts the empty collections the examples'
// responses carry although the requests left them out: "applyActions": []
// and "additionalNotificationRecipients": [] ([] rather than a missing
// member).
func assertEmptyCollections(t *testing.T, got models.AccessReviewScheduleDefinitionable) {
	t.Helper()
	if s := got.GetSettings(); s != nil {
		assert.Equal(t, []string{}, odataTypes(s.GetApplyActions()), "settings.applyActions is []")
	}
	recipients := got.GetAdditionalNotificationRecipients()
	if assert.NotNil(t, recipients, "additionalNotificationRecipients is []") {
		assert.Empty(t, recipients, "additionalNotificationRecipients")
	}
}
