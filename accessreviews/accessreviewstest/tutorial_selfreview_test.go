package accessreviewstest

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/odata"
)

// The beta tutorial "Use the Access Reviews API to review access to your
// groups": a one-time self-review of a security group's members, step by
// step, with the bodies it sends and the shapes it shows.

func TestTutorialSecurityGroupSelfReview(t *testing.T) {
	t.Parallel()
	s := NewServer(WithDirectory(SelfReviewTutorialDirectory()))
	t.Cleanup(s.Close)
	ctx := context.Background()
	admin, err := odata.NewClient(append(s.OptionsAs(SelfReviewAdminID), odata.WithAPIVersion(odata.Beta))...)
	require.NoError(t, err)

	// Step 1: the security group with two owners and two members.
	group := f2Do(t, admin, "POST", "groups", `{"description": "Building security group",
		"displayName": "Building security group", "groupTypes": [], "mailEnabled": false,
		"mailNickname": "buildingsecurity", "securityEnabled": true,
		"owners@odata.bind": ["https://graph.microsoft.com/beta/users/`+SelfReviewOwnerID+`",
			"https://graph.microsoft.com/beta/users/`+SelfReviewAdminID+`"],
		"members@odata.bind": ["https://graph.microsoft.com/beta/users/`+SelfReviewAlexID+`",
			"https://graph.microsoft.com/beta/users/`+SelfReviewAllanID+`"]}`)
	groupID, _ := group["id"].(string)
	require.True(t, check.IsGUID(groupID))

	// Step 2: the one-time self-review.
	body := strings.NewReplacer("{group}", groupID, "{start}", f2Today.String(), "{end}", f2Today.AddMonths(12).String()).Replace(selfReviewDefinition)
	created := f2Do(t, admin, "POST", "identityGovernance/accessReviews/definitions", body)
	defID, _ := created["id"].(string)
	require.True(t, check.IsGUID(defID))
	assert.Equal(t, "NotStarted", created["status"])
	assert.Equal(t, []any{}, created["reviewers"])
	assert.Equal(t, []any{}, created["backupReviewers"], "beta mirrors fallbackReviewers")
	createdBy, _ := created["createdBy"].(map[string]any)
	assert.Equal(t, SelfReviewAdminID, createdBy["id"])
	ies, _ := created["instanceEnumerationScope"].(map[string]any)
	assert.Equal(t, "/groups/"+groupID, ies["query"])

	// Step 3: one instance, with the definition's ID, in progress.
	list := f2Do(t, admin, "GET", "identityGovernance/accessReviews/definitions/"+defID+"/instances", "")
	values, _ := list["value"].([]any)
	require.Len(t, values, 1)
	inst, _ := values[0].(map[string]any)
	assert.Equal(t, defID, inst["id"])
	assert.Equal(t, "InProgress", inst["status"])
	sc, _ := inst["scope"].(map[string]any)
	assert.Equal(t, "/groups/"+groupID+"/transitiveMembers", sc["query"])
	assert.Equal(t, f2Today.AddMonths(12).AddDays(1).String()+"T00:00:00Z", inst["endDateTime"])

	// Step 4: two decisions, NotReviewed, recommended Approve.
	decPath := "identityGovernance/accessReviews/definitions/" + defID + "/instances/" + defID + "/decisions"
	decs := f2Do(t, admin, "GET", decPath, "")
	assert.EqualValues(t, 2, decs["@odata.count"])
	items, _ := decs["value"].([]any)
	require.Len(t, items, 2)
	names := map[string]string{}
	for _, it := range items {
		m, _ := it.(map[string]any)
		assert.Equal(t, "NotReviewed", m["decision"])
		assert.Equal(t, "Approve", m["recommendation"])
		assert.Equal(t, "New", m["applyResult"])
		assert.Nil(t, m["reviewedDateTime"])
		assert.Equal(t, map[string]any{"id": zeroGUID, "displayName": "", "userPrincipalName": ""}, m["reviewedBy"])
		target, _ := m["target"].(map[string]any)
		assert.Equal(t, "#microsoft.graph.accessReviewInstanceDecisionItemUserTarget", target["@odata.type"])
		id, _ := target["userId"].(string)
		names[id], _ = target["userDisplayName"].(string)
	}
	assert.Equal(t, map[string]string{SelfReviewAlexID: "Alex Wilber", SelfReviewAllanID: "Allan Deyoung"}, names)
	crs := f2Collect(t, s.Client().ContactedReviewers.List(ctx, accessreviews.DefinitionID(defID), accessreviews.InstanceID(defID), nil))
	assert.Empty(t, crs, "a self-review contacts nobody")

	// Step 5: Alex lists his pending instances and self-attests.
	alex := s.ClientAs(SelfReviewAlexID)
	mineInst := f2Collect(t, alex.Instances.ListPendingForCurrentUserBeta(ctx, nil))
	require.Len(t, mineInst, 1, "Alex has 1 pending access review to self-attest to")
	assert.Equal(t, accessreviews.InstanceID(defID), mineInst[0].ID)
	assert.Equal(t, accessreviews.StatusInProgress, mineInst[0].Status)
	assert.Len(t, f2Collect(t, alex.Instances.ListForCurrentUser(ctx, accessreviews.DefinitionID(defID), nil)), 1)
	mine := f2Collect(t, alex.Decisions.ListForCurrentUser(ctx, accessreviews.DefinitionID(defID), mineInst[0].ID, nil))
	require.Len(t, mine, 1, "Alex reviews only himself")
	assert.Equal(t, SelfReviewAlexID, mine[0].PrincipalID())
	err = alex.Decisions.Record(ctx, accessreviews.DefinitionID(defID), mineInst[0].ID, mine[0].ID,
		accessreviews.DecisionUpdate{Decision: accessreviews.DecisionApprove})
	assert.ErrorIs(t, err, odata.ErrBadRequest, "justificationRequiredOnApproval")
	require.NoError(t, alex.Decisions.Record(ctx, accessreviews.DefinitionID(defID), mineInst[0].ID, mine[0].ID,
		accessreviews.DecisionUpdate{Decision: accessreviews.DecisionApprove, Justification: "I still work in the building"}))
	err = s.ClientAs(SelfReviewAllanID).Decisions.Record(ctx, accessreviews.DefinitionID(defID), mineInst[0].ID, mine[0].ID,
		accessreviews.DecisionUpdate{Decision: accessreviews.DecisionDeny})
	assert.ErrorIs(t, err, odata.ErrForbidden, "Allan cannot decide for Alex")

	// Step 4 again: Alex's decision is Approve.
	after := f2ByPrincipal(t, s.Client(), accessreviews.DefinitionID(defID), accessreviews.InstanceID(defID))
	assert.Equal(t, accessreviews.DecisionApprove, after[SelfReviewAlexID].Decision)
	assert.Equal(t, SelfReviewAlexID, after[SelfReviewAlexID].ReviewedBy.ID)
	assert.Equal(t, accessreviews.DecisionNotReviewed, after[SelfReviewAllanID].Decision)

	// Step 6: clean up.
	for _, path := range []string{"groups/" + groupID, "identityGovernance/accessReviews/definitions/" + defID} {
		require.NoError(t, admin.Do(ctx, &odata.Request{Method: "DELETE", Path: path}, nil), path)
	}
}

// selfReviewDefinition is the body of the tutorial's step 2.
const selfReviewDefinition = `{
    "displayName": "One-time self-review for members of Building security group",
    "descriptionForAdmins": "One-time self-review for members of Building security group",
    "descriptionForReviewers": "One-time self-review for members of Building security group",
    "scope": {"query": "/groups/{group}/transitiveMembers", "queryType": "MicrosoftGraph"},
    "instanceEnumerationScope": {"query": "/groups/{group}", "queryType": "MicrosoftGraph"},
    "reviewers": [],
    "settings": {
        "mailNotificationsEnabled": true, "reminderNotificationsEnabled": true, "justificationRequiredOnApproval": true,
        "defaultDecisionEnabled": false, "defaultDecision": "Deny", "instanceDurationInDays": 0,
        "autoApplyDecisionsEnabled": true, "recommendationsEnabled": true,
        "recurrence": {
            "pattern": null,
            "range": {"type": "numbered", "numberOfOccurrences": 0, "recurrenceTimeZone": null,
                "startDate": "{start}", "endDate": "{end}"}
        },
        "applyActions": [{"@odata.type": "#microsoft.graph.removeAccessApplyAction"}]
    }
}`
