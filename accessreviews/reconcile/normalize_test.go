package reconcile

import (
	"encoding/json/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// date returns a civil date.
func date(y, m, d int) odata.Date {
	return odata.Date{Year: y, Month: time.Month(m), Day: d}
}

// readDefinition decodes a definition from testdata.
func readDefinition(t *testing.T, name string) *accessreviews.Definition {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return decodeDefinition(t, string(b))
}

// decodeDefinition decodes a definition from JSON text.
func decodeDefinition(t testing.TB, text string) *accessreviews.Definition {
	t.Helper()
	var d accessreviews.Definition
	require.NoError(t, json.Unmarshal([]byte(text), &d))
	return &d
}

// differences compares the tenant's definition cur with the desired want as
// a plan does, and returns the paths that differ.
func differences(t *testing.T, cur, want *accessreviews.Definition) []string {
	t.Helper()
	cf, err := normalForm(cur)
	require.NoError(t, err)
	wf, err := normalForm(want)
	require.NoError(t, err)
	dropUnmodelled(cf, wf)
	var paths []string
	for _, d := range diff(cf, wf) {
		paths = append(paths, d.Path)
	}
	return paths
}

// TestEchoedShapesAreNoChange reads the definitions the Graph
// documentation's response examples show (list and get definition, and the
// create responses of the seed documents) and the desired definitions a
// team would write with the builders for the same reviews: each pair plans
// as no change. The echoes carry what makes a naive comparison report
// drift: the recurrence's zero-filled pattern and the numbered range with
// 9999-12-31 for "no end", defaultDecision "None", null and [] for absent
// values, "$count=true", "+" and "/?" in scope queries, a scope without
// "@odata.type", the default apply action, the beta backupReviewers mirror,
// instanceDurationInDays overridden by stages, inline instances.
func TestEchoedShapesAreNoChange(t *testing.T) {
	t.Parallel()
	const (
		exampleGroup = "119cc181-22f0-4e18-8537-264e7524ee0b"
		buildingSec  = "825f1b5e-6fb2-4d9a-b393-d491101acc0c"
		testGroup    = "b74444cb-038a-4802-8fc9-b9d1ed0cf11f"
	)
	cases := []struct {
		echo    string
		desired *accessreviews.Definition
	}{
		{"echo/list-definitions.example1.v1.json", &accessreviews.Definition{
			DisplayName:              "Access Review",
			Scope:                    scope.Group(exampleGroup).TransitiveMembers(),
			InstanceEnumerationScope: scope.Group(exampleGroup),
			Reviewers:                []scope.Reviewer{scope.Managers()},
			Settings: accessreviews.Settings{
				MailNotificationsEnabled: true, ReminderNotificationsEnabled: true, JustificationRequiredOnApproval: true,
				RecommendationsEnabled: true,
				Recurrence:             recurrence.Weekly().StartingOn(date(2020, 9, 11)),
			},
		}},
		{"echo/list-definitions.example2.v1.json", &accessreviews.Definition{
			DisplayName:              "Review guest access across Microsoft 365 groups",
			Scope:                    scope.EachGroup().Members().Users().Guests(),
			InstanceEnumerationScope: scope.AllMicrosoft365Groups(),
			Reviewers:                []scope.Reviewer{scope.Managers()},
			Settings: accessreviews.Settings{
				MailNotificationsEnabled: true, ReminderNotificationsEnabled: true, JustificationRequiredOnApproval: true,
				DefaultDecisionEnabled: true, DefaultDecision: accessreviews.DefaultRecommendation,
				InstanceDurationInDays: 25, AutoApplyDecisionsEnabled: true, RecommendationsEnabled: true,
				Recurrence: recurrence.Quarterly().StartingOn(date(2021, 4, 27)),
			},
		}},
		{"echo/get-definition.v1.json", &accessreviews.Definition{
			// The documentation's example writes its queries with the
			// version; a team copying them writes them the same way.
			DisplayName:              "Review example",
			Scope:                    scope.Query("/v1.0/groups/4444d821-ca3b-45cc-98ee-54c00a04deef/transitiveMembers/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')"),
			InstanceEnumerationScope: scope.Query("/v1.0/groups/4444d821-ca3b-45cc-98ee-54c00a04deef"),
			Reviewers:                []scope.Reviewer{scope.ReviewerQuery("/v1.0/users/5555556e-fce3-4e2d-b28e-4ac0c7d2fa10")},
			Settings: accessreviews.Settings{
				MailNotificationsEnabled: true, ReminderNotificationsEnabled: true,
				DefaultDecisionEnabled: true, DefaultDecision: accessreviews.DefaultDeny,
				InstanceDurationInDays: 10, RecommendationsEnabled: true,
				Recurrence:   recurrence.Once().StartingOn(date(2021, 4, 28)).EndingOn(date(2021, 5, 8)),
				ApplyActions: []accessreviews.ApplyAction{accessreviews.DisableAndDeleteUser()},
			},
		}},
		{"echo/definition-created.guest-m365.v1.json", &accessreviews.Definition{
			DisplayName:              "Group owners review guest across Microsoft 365 groups in the tenant (Quarterly)",
			Scope:                    scope.EachGroup().Members().Users().Guests(),
			InstanceEnumerationScope: scope.AllMicrosoft365Groups(),
			Reviewers:                []scope.Reviewer{scope.GroupOwners()},
			FallbackReviewers:        []scope.Reviewer{scope.User("c9a5aff7-9298-4d71-adab-0a222e0a05e4")},
			Settings: accessreviews.Settings{
				DefaultDecisionEnabled: true, DefaultDecision: accessreviews.DefaultApprove,
				AutoApplyDecisionsEnabled: true, RecommendationsEnabled: true,
				Recurrence:   recurrence.Quarterly().StartingOn(date(2021, 2, 10)).EndingOn(date(2022, 12, 21)),
				ApplyActions: []accessreviews.ApplyAction{accessreviews.RemoveAccess()},
			},
		}},
		{"echo/definition-created.teams-inactive-guests.v1.json", &accessreviews.Definition{
			DisplayName:              "Review inactive guests on teams",
			DescriptionForAdmins:     "Control guest user access to our teams.",
			DescriptionForReviewers:  "Information security is everyone's responsibility. Review our access policy for more.",
			Scope:                    scope.EachGroup().Members().Users().Guests().InactiveFor(30),
			InstanceEnumerationScope: scope.AllTeams(),
			Reviewers:                []scope.Reviewer{scope.GroupOwners()},
			FallbackReviewers:        []scope.Reviewer{scope.User("fc9a2c2b-1ddc-486d-a211-5fe8ca77fa1f")},
			Settings: accessreviews.Settings{
				MailNotificationsEnabled: true, ReminderNotificationsEnabled: true, JustificationRequiredOnApproval: true,
				DefaultDecisionEnabled: true, DefaultDecision: accessreviews.DefaultDeny,
				InstanceDurationInDays: 3, AutoApplyDecisionsEnabled: true, RecommendationsEnabled: true,
				Recurrence: recurrence.Quarterly().OnDay(5).StartingOn(date(2021, 5, 5)),
			},
		}},
		{"echo/definition-created.self-review.beta.json", &accessreviews.Definition{
			DisplayName:              "One-time self-review for members of Building security group",
			DescriptionForAdmins:     "One-time self-review for members of Building security group",
			DescriptionForReviewers:  "One-time self-review for members of Building security group",
			Scope:                    scope.Group(buildingSec).TransitiveMembers(),
			InstanceEnumerationScope: scope.Group(buildingSec),
			Reviewers:                scope.SelfReview(),
			Settings: accessreviews.Settings{
				MailNotificationsEnabled: true, ReminderNotificationsEnabled: true, JustificationRequiredOnApproval: true,
				DefaultDecision: accessreviews.DefaultDeny, AutoApplyDecisionsEnabled: true, RecommendationsEnabled: true,
				Recurrence: recurrence.Once().StartingOn(date(2021, 2, 9)).EndingOn(date(2022, 12, 31)),
			},
		}},
		{"echo/definition-created.multistage.v1.json", &accessreviews.Definition{
			DisplayName:             "Group Multi-stage Access Review",
			DescriptionForAdmins:    "New scheduled access review",
			DescriptionForReviewers: "If you have any questions, contact",
			Scope:                   scope.Group(testGroup).TransitiveMembers(),
			StageSettings: []accessreviews.StageSettings{
				{StageID: "1", DurationInDays: 2,
					DecisionsThatWillMoveToNextStage: []accessreviews.Decision{accessreviews.DecisionApprove, accessreviews.DecisionNotReviewed},
					Reviewers:                        []scope.Reviewer{scope.User("398164b1-5196-49dd-ada2-364b49f99b27")}},
				{StageID: "2", DependsOn: []string{"1"}, DurationInDays: 2, RecommendationsEnabled: true,
					Reviewers:         []scope.Reviewer{scope.Managers()},
					FallbackReviewers: []scope.Reviewer{scope.MembersOfGroup("072ac5f4-3f13-4088-ab30-0a276f3e6322")}},
			},
			Settings: accessreviews.Settings{
				MailNotificationsEnabled: true, ReminderNotificationsEnabled: true, JustificationRequiredOnApproval: true,
				InstanceDurationInDays:               4, // the echo says 1: stage durations override it
				DecisionHistoriesForReviewersEnabled: true,
				Recurrence:                           recurrence.Weekly().StartingOn(date(2020, 9, 8)),
			},
		}},
		{"echo/definition-created.group-weekly.v1.json", &accessreviews.Definition{
			DisplayName: "Test create", DescriptionForAdmins: "Test create", DescriptionForReviewers: "Test create",
			Scope: scope.Group(testGroup).TransitiveMembers(),
			Reviewers: []scope.Reviewer{{Query: "/users/7eae986b-d425-48b2-adf2-3c777f4444f3",
				QueryType: scope.QueryTypeMicrosoftGraph, QueryRoot: scope.QueryRootDecisions}},
			Settings: accessreviews.Settings{
				MailNotificationsEnabled: true, ReminderNotificationsEnabled: true, JustificationRequiredOnApproval: true,
				InstanceDurationInDays: 1, RecommendationsEnabled: true,
				Recurrence: recurrence.Weekly().StartingOn(date(2020, 9, 8)),
			},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.echo, func(t *testing.T) {
			t.Parallel()
			require.NoError(t, tc.desired.Validate())
			echo := readDefinition(t, tc.echo)
			assert.Empty(t, differences(t, echo, tc.desired))
			// The comparison can fail: a change is reported.
			changed := *tc.desired
			changed.DisplayName += " (renamed)"
			assert.Equal(t, []string{"displayName"}, differences(t, echo, &changed))
		})
	}
}

// TestNormalizeRules applies the normal form to raw JSON, as the service
// echoes it, without going through the SDK's models: the rules hold
// whatever the models decode. Each case cites the documentation it follows.
func TestNormalizeRules(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, in, want string
	}{
		{
			// The service's echo: "the range as type: numbered,
			// numberOfOccurrences: 0, with endDate 9999-12-31 when there is
			// no end … A client must treat that as equal to what it sent."
			name: "recurrence echoed without an end",
			in: `{"settings":{"recurrence":{
				"pattern":{"type":"weekly","interval":1,"month":0,"dayOfMonth":0,"daysOfWeek":[],"firstDayOfWeek":"sunday","index":"first"},
				"range":{"type":"numbered","numberOfOccurrences":0,"recurrenceTimeZone":null,"startDate":"2020-09-11","endDate":"9999-12-31"}}}}`,
			want: `{"settings":{"recurrence":{"pattern":{"type":"weekly","interval":1},"range":{"type":"noEnd","startDate":"2020-09-11"}}}}`,
		},
		{
			name: "numbered range with no occurrences and an end date",
			in:   `{"settings":{"recurrence":{"pattern":null,"range":{"type":"numbered","numberOfOccurrences":0,"startDate":"2021-04-28T00:00:00Z","endDate":"2021-05-08"}}}}`,
			want: `{"settings":{"recurrence":{"range":{"type":"endDate","startDate":"2021-04-28","endDate":"2021-05-08"}}}}`,
		},
		{
			name: "noEnd range with the string null and 9999-12-31 end dates",
			in: `{"settings":{"recurrence":{"range":{"type":"noEnd","numberOfOccurrences":0,"startDate":"2021-05-05","endDate":"null"}}},
				"stageSettings":[]}`,
			want: `{"settings":{"recurrence":{"range":{"type":"noEnd","startDate":"2021-05-05"}}}}`,
		},
		{
			name: "endDate range ending on 9999-12-31 has no end",
			in:   `{"settings":{"recurrence":{"range":{"type":"endDate","startDate":"2021-05-05","endDate":"9999-12-31"}}}}`,
			want: `{"settings":{"recurrence":{"range":{"type":"noEnd","startDate":"2021-05-05"}}}}`,
		},
		{
			name: "numbered range keeps its count",
			in:   `{"settings":{"recurrence":{"pattern":{"type":"absoluteMonthly","interval":3,"dayOfMonth":5},"range":{"type":"numbered","numberOfOccurrences":4,"startDate":"2021-05-05","endDate":"2022-05-05"}}}}`,
			want: `{"settings":{"recurrence":{"pattern":{"type":"absoluteMonthly","interval":3,"dayOfMonth":5},"range":{"type":"numbered","numberOfOccurrences":4,"startDate":"2021-05-05"}}}}`,
		},
		{
			// accessReviewScheduleSettings: defaultDecision is echoed "None"
			// when none is set (list-definitions example 1);
			// recommendationLookBackDuration: "If not specified, the
			// duration is 30 days."; applyActions: "removeAccessApplyAction
			// (default) … Field only needs to be specified in the case of
			// disableAndDeleteUserApplyAction."; decisionHistoriesForReviewersEnabled:
			// "If not provided, the default is disabled (false)."
			name: "settings defaults",
			in: `{"settings":{"defaultDecision":"None","recommendationLookBackDuration":"P4W2D","decisionHistoriesForReviewersEnabled":false,
				"applyActions":[{"@odata.type":"#microsoft.graph.removeAccessApplyAction"}],"recommendationInsightSettings":[]}}`,
			want: `{"settings":{}}`,
		},
		{
			name: "durations in the value space of Edm.Duration",
			in: `{"settings":{"recommendationLookBackDuration":"PT48H","recommendationInsightSettings":[
				{"@odata.type":"#microsoft.graph.userlastsignInrecommendationinsightsetting","recommendationLookBackDuration":"P2W","signInScope":"tenant"}]},
				"scope":{"@odata.type":"#microsoft.graph.accessReviewInactiveUsersQueryScope","query":"/groups/0f7d9a1e-1b2c-4d3e-8f4a-5b6c7d8e9f00/transitiveMembers","inactiveDuration":"P4W2D"}}`,
			want: `{"settings":{"recommendationLookBackDuration":"P2D","recommendationInsightSettings":[
				{"@odata.type":"#microsoft.graph.userLastSignInRecommendationInsightSetting","recommendationLookBackDuration":"P14D","signInScope":"tenant"}]},
				"scope":{"@odata.type":"#microsoft.graph.accessReviewInactiveUsersQueryScope","query":"/groups/0f7d9a1e-1b2c-4d3e-8f4a-5b6c7d8e9f00/transitiveMembers","queryType":"MicrosoftGraph","inactiveDuration":"P30D"}}`,
		},
		{
			name: "months are not days",
			in:   `{"settings":{"recommendationLookBackDuration":"P1M"}}`,
			want: `{"settings":{"recommendationLookBackDuration":"P1M"}}`,
		},
		{
			// The documents' responses spell the same queries with
			// "$count=true", "+" for spaces and "/?"; a query scope may
			// come without "@odata.type" and reviewers without queryType.
			name: "scope query spellings",
			in: `{"scope":{"query":"./members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')","queryType":"MicrosoftGraph","queryRoot":null},
				"instanceEnumerationScope":{"odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/groups?$filter=(groupTypes/any(c:c+eq+'Unified'))&$count=true"}}`,
			want: `{"scope":{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"./members/microsoft.graph.user/?$filter=(userType eq 'Guest')","queryType":"MicrosoftGraph"},
				"instanceEnumerationScope":{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/groups?$filter=(groupTypes/any(c:c eq 'Unified'))","queryType":"MicrosoftGraph"}}`,
		},
		{
			name: "a query no builder makes is kept as it is",
			in:   `{"scope":{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/v1.0/groups/4444d821-ca3b-45cc-98ee-54c00a04deef/members?$count=true","queryType":"MicrosoftGraph","x-kept":1}}`,
			want: `{"scope":{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/v1.0/groups/4444d821-ca3b-45cc-98ee-54c00a04deef/members?$count=true","queryType":"MicrosoftGraph","x-kept":1}}`,
		},
		{
			name: "a builder's query with a property the SDK does not model is respelled, the property kept",
			in:   `{"scope":{"query":"/users?$filter=(userType+eq+'Guest')&$count=true","queryRoot":null,"x-kept":1}}`,
			want: `{"scope":{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/users?$filter=(userType eq 'Guest')","queryType":"MicrosoftGraph","x-kept":1}}`,
		},
		{
			// The builders write no query root: the scope is not one they
			// make, and its query is kept as written.
			name: "a builder's query under a query root is kept as it is",
			in:   `{"scope":{"query":"/users?$filter=(userType+eq+'Guest')","queryType":"MicrosoftGraph","queryRoot":"decisions"}}`,
			want: `{"scope":{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/users?$filter=(userType+eq+'Guest')","queryType":"MicrosoftGraph","queryRoot":"decisions"}}`,
		},
		{
			name: "memberships scopes are normalised scope by scope, in order",
			in: `{"scope":{"@odata.type":"#microsoft.graph.principalResourceMembershipsScope",
				"principalScopes":[{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/users"}],
				"resourceScopes":[{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/servicePrincipals/bae11f90-7d5d-46ba-9f55-8112b59d92ae/"}]}}`,
			want: `{"scope":{"@odata.type":"#microsoft.graph.principalResourceMembershipsScope",
				"principalScopes":[{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/users","queryType":"MicrosoftGraph"}],
				"resourceScopes":[{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/servicePrincipals/bae11f90-7d5d-46ba-9f55-8112b59d92ae","queryType":"MicrosoftGraph"}]}}`,
		},
		{
			// accessReviewScheduleDefinition: fallbackReviewers and the
			// deprecated backupReviewers mirror each other; empty reviewer
			// lists are the absent ones; reviewers are a set.
			name: "reviewer lists",
			in: `{"reviewers":[{"query":"/users/b"},{"@odata.type":"#microsoft.graph.accessReviewReviewerScope","query":"/users/a","queryType":"MicrosoftGraph"}],
				"fallbackReviewers":[],"backupReviewers":[{"query":"/users/c"}],"additionalNotificationRecipients":[]}`,
			want: `{"reviewers":[{"query":"/users/a","queryType":"MicrosoftGraph"},{"query":"/users/b","queryType":"MicrosoftGraph"}],
				"fallbackReviewers":[{"query":"/users/c","queryType":"MicrosoftGraph"}]}`,
		},
		{
			// accessReviewScheduleSettings.instanceDurationInDays: "If the
			// stageSettings … is defined, its durationInDays setting will be
			// used instead of the value of this property."
			// accessReviewStageSettings.reviewers: "If none is specified,
			// the review is a self-review"; recommendationLookBackDuration:
			// "If not specified, the duration is 30 days."
			name: "stages",
			in: `{"settings":{"instanceDurationInDays":4},"stageSettings":[
				{"stageId":"2","dependsOn":["1"],"durationInDays":2,"reviewers":[],"recommendationLookBackDuration":"P4W2D","recommendationInsightsSettings":[]},
				{"stageId":"1","dependsOn":[],"durationInDays":2,"decisionsThatWillMoveToNextStage":["NotReviewed","Approve"]}]}`,
			want: `{"settings":{},"stageSettings":[
				{"stageId":"1","durationInDays":2,"decisionsThatWillMoveToNextStage":["Approve","NotReviewed"]},
				{"stageId":"2","dependsOn":["1"],"durationInDays":2,"recommendationInsightSettings":[]}]}`,
		},
		{
			name: "annotations",
			in:   `{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#x","scope@odata.type":"x","odata.etag":"y","displayName":"a"}`,
			want: `{"displayName":"a"}`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var in, want object
			require.NoError(t, json.Unmarshal([]byte(tc.in), &in))
			require.NoError(t, json.Unmarshal([]byte(tc.want), &want))
			normalize(in)
			assert.JSONEq(t, canonical(want), canonical(in))
		})
	}
}
