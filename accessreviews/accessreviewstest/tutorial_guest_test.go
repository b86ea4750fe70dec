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
	"github.com/graphkit/governance/scope"
)

// The tutorial "Use the access reviews API to review guest access to your
// Microsoft 365 groups", step by step, with the bodies it sends (dates
// moved to the server's f2Today, as the tutorial tells its reader) and the
// shapes it shows.

// f2Do sends one request and decodes the answer into a generic value.
func f2Do(t *testing.T, oc *odata.Client, method, path, body string) map[string]any {
	t.Helper()
	req := &odata.Request{Method: method, Path: path}
	if body != "" {
		req.Body = []byte(body)
	}
	var out map[string]any
	require.NoError(t, oc.Do(context.Background(), req, &out), "%s %s", method, path)
	return out
}

func TestTutorialGuestAccessToM365Groups(t *testing.T) {
	t.Parallel()
	s := NewServer(WithDirectory(GuestTutorialDirectory()))
	t.Cleanup(s.Close)
	ctx := context.Background()
	oc, err := odata.NewClient(s.OptionsAs(GuestTutorialAdminID)...)
	require.NoError(t, err)

	// Step 1: create a test user.
	aline := f2Do(t, oc, "POST", "users", `{"accountEnabled": true, "displayName": "Aline Dupuy",
		"mailNickname": "AlineD", "userPrincipalName": "AlineD@contoso.com",
		"passwordProfile": {"forceChangePasswordNextSignIn": true, "password": "xWwvJ]6NMw+bWH-d"}}`)
	alineID, _ := aline["id"].(string)
	require.True(t, check.IsGUID(alineID))
	assert.Equal(t, "Member", aline["userType"])

	// Step 2: invite a guest.
	inv := f2Do(t, oc, "POST", "invitations", `{"invitedUserDisplayName": "John Doe (Tailspin Toys)",
		"invitedUserEmailAddress": "john@tailspintoys.com", "sendInvitationMessage": false,
		"inviteRedirectUrl": "https://myapps.microsoft.com"}`)
	invited, _ := inv["invitedUser"].(map[string]any)
	johnID, _ := invited["id"].(string)
	require.True(t, check.IsGUID(johnID))

	// Step 3: a Microsoft 365 group owned by the admin with the guest in it.
	group := f2Do(t, oc, "POST", "groups", `{"description": "Feelgood Marketing Campaign with external partners and vendors.",
		"displayName": "Feelgood Marketing Campaign", "groupTypes": ["Unified"], "mailEnabled": true,
		"mailNickname": "FeelGoodCampaign", "securityEnabled": true,
		"owners@odata.bind": ["https://graph.microsoft.com/v1.0/users/`+GuestTutorialAdminID+`"],
		"members@odata.bind": ["https://graph.microsoft.com/v1.0/users/`+johnID+`"]}`)
	groupID, _ := group["id"].(string)
	require.True(t, check.IsGUID(groupID))

	// Step 4: the quarterly review of guests in every Microsoft 365 group.
	body := strings.NewReplacer("{aline}", alineID, "{start}", f2Today.String(), "{end}", f2Today.AddMonths(12).String()).Replace(guestTutorialDefinition)
	created := f2Do(t, oc, "POST", "identityGovernance/accessReviews/definitions", body)
	defID, _ := created["id"].(string)
	require.True(t, check.IsGUID(defID))
	assert.Equal(t, "NotStarted", created["status"])
	createdBy, _ := created["createdBy"].(map[string]any)
	assert.Equal(t, GuestTutorialAdminID, createdBy["id"])
	assert.Equal(t, "MOD Administrator", createdBy["displayName"])
	assert.Equal(t, "admin@contoso.com", createdBy["userPrincipalName"])
	sc, _ := created["scope"].(map[string]any)
	assert.Equal(t, "./members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')", sc["query"])
	settings, _ := created["settings"].(map[string]any)
	assert.Equal(t, "Approve", settings["defaultDecision"])

	// Step 5: one instance, for the group with a guest, scoped to it.
	c := s.ClientAs(GuestTutorialAdminID)
	insts := f2Collect(t, c.Instances.List(ctx, accessreviews.DefinitionID(defID), nil))
	require.Len(t, insts, 1)
	inst := insts[0]
	assert.Equal(t, accessreviews.StatusInProgress, inst.Status)
	assert.Equal(t, scope.Group(groupID).Members().Users().Guests(), inst.Scope,
		"the instance's scope, in the tutorial's spelling, decodes to the builder value")
	rawInsts := f2Do(t, oc, "GET", "identityGovernance/accessReviews/definitions/"+defID+"/instances", "")
	rawList, _ := rawInsts["value"].([]any)
	require.Len(t, rawList, 1)
	rawInst, _ := rawList[0].(map[string]any)
	rawScope, _ := rawInst["scope"].(map[string]any)
	assert.Equal(t, "/groups/"+groupID+"/members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')", rawScope["query"],
		"the service writes the instance's query as the definition's, for its group")
	assert.Equal(t, "MicrosoftGraph", rawScope["queryType"])
	crs := f2Collect(t, c.ContactedReviewers.List(ctx, accessreviews.DefinitionID(defID), inst.ID, nil))
	require.Len(t, crs, 1)
	assert.Equal(t, GuestTutorialAdminID, crs[0].ID, "the group owner reviews")

	// Step 6: the guest's decision, with the shape the tutorial shows.
	raw := f2Do(t, oc, "GET", "identityGovernance/accessReviews/definitions/"+defID+"/instances/"+string(inst.ID)+"/decisions", "")
	assert.EqualValues(t, 1, raw["@odata.count"])
	values, _ := raw["value"].([]any)
	require.Len(t, values, 1)
	item, _ := values[0].(map[string]any)
	assert.Equal(t, string(inst.ID), item["accessReviewId"])
	assert.Equal(t, "NotReviewed", item["decision"])
	assert.Equal(t, "", item["justification"])
	assert.Nil(t, item["appliedDateTime"])
	assert.Equal(t, "New", item["applyResult"])
	assert.Equal(t, "Deny", item["recommendation"], "the guest never signed in")
	assert.Equal(t, map[string]any{"id": zeroGUID, "displayName": "", "userPrincipalName": ""}, item["appliedBy"])
	assert.Equal(t, map[string]any{"@odata.type": "#microsoft.graph.userIdentity", "id": johnID,
		"displayName": "John Doe (Tailspin Toys)", "userPrincipalName": "john@tailspintoys.com"}, item["principal"])

	// The quarter ends: nobody reviewed, so the default decision (Approve)
	// is recorded by the service and applied; the guest keeps access, and
	// the next quarter's instance opens.
	s.Clock().Set(inst.EndDateTime.Time)
	items := f2Collect(t, c.Decisions.List(ctx, accessreviews.DefinitionID(defID), inst.ID, nil))
	require.Len(t, items, 1)
	assert.Equal(t, accessreviews.DecisionApprove, items[0].Decision)
	assert.Equal(t, zeroGUID, items[0].ReviewedBy.ID)
	assert.Equal(t, "AAD Access Reviews", items[0].ReviewedBy.DisplayName)
	assert.True(t, s.dir.isMember(groupID, johnID))
	assert.Len(t, f2Collect(t, c.Instances.List(ctx, accessreviews.DefinitionID(defID), nil)), 2, "a new instance every three months")

	// Step 7: clean up.
	for _, path := range []string{"groups/" + groupID, "identityGovernance/accessReviews/definitions/" + defID,
		"users/" + johnID, "users/" + alineID} {
		require.NoError(t, oc.Do(ctx, &odata.Request{Method: "DELETE", Path: path}, nil), path)
	}
	_, err = c.Definitions.Get(ctx, accessreviews.DefinitionID(defID))
	assert.ErrorIs(t, err, odata.ErrNotFound)
}

// guestTutorialDefinition is the body of the tutorial's step 4.
const guestTutorialDefinition = `{
    "displayName": "Group owners review guest across Microsoft 365 groups in the tenant (Quarterly)",
    "descriptionForAdmins": "",
    "descriptionForReviewers": "",
    "scope": {"query": "./members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')", "queryType": "MicrosoftGraph"},
    "instanceEnumerationScope": {"query": "/groups?$filter=(groupTypes/any(c:c+eq+'Unified'))&$count=true", "queryType": "MicrosoftGraph"},
    "reviewers": [{"query": "./owners", "queryType": "MicrosoftGraph", "queryRoot": null}],
    "fallbackReviewers": [{"query": "/users/{aline}", "queryType": "MicrosoftGraph", "queryRoot": null}],
    "settings": {
        "mailNotificationsEnabled": true, "reminderNotificationsEnabled": true, "justificationRequiredOnApproval": true,
        "defaultDecisionEnabled": true, "defaultDecision": "Approve", "instanceDurationInDays": 0,
        "autoApplyDecisionsEnabled": true, "recommendationsEnabled": true,
        "recurrence": {
            "pattern": {"type": "absoluteMonthly", "interval": 3, "month": 0, "dayOfMonth": 0, "daysOfWeek": [],
                "firstDayOfWeek": "sunday", "index": "first"},
            "range": {"type": "numbered", "numberOfOccurrences": 0, "recurrenceTimeZone": null,
                "startDate": "{start}", "endDate": "{end}"}
        },
        "applyActions": [{"@odata.type": "#microsoft.graph.removeAccessApplyAction"}]
    }
}`
