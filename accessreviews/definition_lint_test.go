package accessreviews

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// lintWant is one expected warning: its field and words of its problem.
type lintWant struct{ field, words string }

// TestDefinitionLint breaks one probable mistake at a time. Every input is
// valid (Validate accepts it): a warning is never an error.
func TestDefinitionLint(t *testing.T) {
	t.Parallel()
	monthly := recurrence.Monthly().StartingOn(odata.Date{Year: 2025, Month: time.March, Day: 3})
	tests := []struct {
		name   string
		change func(d *Definition)
		want   []lintWant
	}{
		{"valid and plain", func(*Definition) {}, nil},
		{"the design sketch", func(d *Definition) { *d = *newGuestReviewDefinition() }, nil},
		{"reviewer description over 256 characters", func(d *Definition) { d.DescriptionForReviewers = strings.Repeat("🔒", 129) },
			[]lintWant{{"descriptionForReviewers", "has 258 characters; reviewers' emails show at most 256"}}},
		{"reviewer description of 256 characters", func(d *Definition) { d.DescriptionForReviewers = strings.Repeat("é", 256) }, nil},
		{"misspelt manager", func(d *Definition) {
			d.Reviewers = []scope.Reviewer{{Query: "./manger", QueryType: scope.QueryTypeMicrosoftGraph, QueryRoot: scope.QueryRootDecisions}}
		}, []lintWant{{"reviewers[0].query", `did you mean "./manager"?`}}},
		{"truncated GUID", func(d *Definition) { d.Reviewers = []scope.Reviewer{scope.ReviewerQuery("/users/1234")} },
			[]lintWant{{"reviewers[0].query.userId", `"1234" is not a GUID`}}},
		{"scope one typo from a builder", func(d *Definition) {
			d.Scope = scope.QueryScope{Query: "/groups/" + valGroup + "/transitiveMember", QueryType: scope.QueryTypeMicrosoftGraph}
		}, []lintWant{{"scope.query", `did you mean "/groups/` + valGroup + `/transitiveMembers"?`}}},
		{"enumeration scope with the documentation's stray quote", func(d *Definition) {
			d.InstanceEnumerationScope = scope.Query("/groups?$filter=(groupTypes/any(c:c+eq+'Unified') and resourceProvisioningOptions/Any(x:x eq 'Team')')")
			d.Scope = scope.EachGroup().Members().Users().Guests()
		}, []lintWant{{"instanceEnumerationScope.query", "never closed"}}},
		{"notification recipient", func(d *Definition) {
			d.AdditionalNotificationRecipients = []scope.NotificationRecipient{scope.NotifyUser("x")}
		}, []lintWant{{"additionalNotificationRecipients[0].notificationRecipientScope.query.userId", "not a GUID"}}},
		{"group owners without fallback", func(d *Definition) { d.Reviewers = []scope.Reviewer{scope.GroupOwners()} },
			[]lintWant{{"fallbackReviewers", "the owners of each group, who may not exist"}}},
		{"managers without fallback", func(d *Definition) { d.Reviewers = []scope.Reviewer{scope.User(valUser), scope.Managers()} },
			[]lintWant{{"fallbackReviewers", "the managers of the reviewed users"}}},
		{"owners of one group without fallback", func(d *Definition) { d.Reviewers = []scope.Reviewer{scope.OwnersOfGroup(valGroup)} },
			[]lintWant{{"fallbackReviewers", "who may not exist"}}},
		{"application owners without fallback", func(d *Definition) { d.Reviewers = []scope.Reviewer{scope.ApplicationOwners(valApp)} },
			[]lintWant{{"fallbackReviewers", "who may not exist"}}},
		{"manager by scope type without fallback", func(d *Definition) {
			d.Reviewers = []scope.Reviewer{{ScopeType: scope.ReviewerScopeTypeManager}}
		}, []lintWant{{"fallbackReviewers", "the managers of the reviewed users"}}},
		{"managers with a fallback", func(d *Definition) {
			d.Reviewers = []scope.Reviewer{scope.Managers()}
			d.FallbackReviewers = []scope.Reviewer{scope.User(valUser)}
		}, nil},
		{"managers with the deprecated backup", func(d *Definition) {
			d.Reviewers = []scope.Reviewer{scope.Managers()}
			d.BackupReviewers = []scope.Reviewer{scope.User(valUser)}
		}, nil},
		{"stage of managers without fallback", func(d *Definition) {
			d.Reviewers = nil
			d.Settings.InstanceDurationInDays = 0
			d.StageSettings = twoStages()
			d.StageSettings[1].FallbackReviewers = []scope.Reviewer{scope.User(valUser)}
		}, []lintWant{{"stageSettings[0].fallbackReviewers", "the owners of each group"}}},
		{"stages inheriting the definition's reviewers and fallback", func(d *Definition) {
			d.Reviewers = []scope.Reviewer{scope.Managers()}
			d.FallbackReviewers = []scope.Reviewer{scope.User(valUser)}
			d.Settings.InstanceDurationInDays = 0
			d.StageSettings = []StageSettings{{StageID: "1", DurationInDays: 3}, {StageID: "2", DependsOn: []string{"1"}, DurationInDays: 4}}
		}, nil},
		{"definition reviewers overridden by the stages", func(d *Definition) {
			d.FallbackReviewers = []scope.Reviewer{scope.User(valUser)}
			d.Settings.InstanceDurationInDays = 0
			d.StageSettings = twoStages()
			d.StageSettings[0].FallbackReviewers = []scope.Reviewer{scope.User(valUser)}
		}, []lintWant{{"reviewers", "is ignored: stageSettings assigns the reviewers"},
			{"fallbackReviewers", "is ignored: stageSettings[0] assigns fallback reviewers"}}},
		{"stage durations that do not add up", func(d *Definition) {
			d.Reviewers = nil
			d.FallbackReviewers = []scope.Reviewer{scope.User(valUser)}
			d.Settings.InstanceDurationInDays = 4
			d.StageSettings = twoStages()
		}, []lintWant{{"settings.instanceDurationInDays", "is 4, but the stages last 7 days in all"}}},
		{"stage durations that add up", func(d *Definition) {
			d.Reviewers = nil
			d.FallbackReviewers = []scope.Reviewer{scope.User(valUser)}
			d.StageSettings = twoStages()
		}, nil},
		{"a stage of no days and a decision listed twice", func(d *Definition) {
			d.Reviewers = nil
			d.FallbackReviewers = []scope.Reviewer{scope.User(valUser)}
			d.Settings.InstanceDurationInDays = 0
			d.StageSettings = twoStages()
			d.StageSettings[0].DurationInDays = 0
			d.StageSettings[1].DecisionsThatWillMoveToNextStage = []Decision{DecisionDeny, DecisionDeny}
		}, []lintWant{{"stageSettings[0].durationInDays", "is 0"},
			{"stageSettings[1].decisionsThatWillMoveToNextStage[1]", `"Deny" is listed twice`}}},
		{"stages that may outlast a month", func(d *Definition) {
			d.Reviewers = nil
			d.FallbackReviewers = []scope.Reviewer{scope.User(valUser)}
			d.Settings.Recurrence, d.Settings.InstanceDurationInDays = monthly, 0
			d.StageSettings = twoStages()
			d.StageSettings[1].DurationInDays = 27
		}, []lintWant{{"stageSettings", "the stages, 30 days in all, may outlast one recurrence (28 to 31 days) in short months"}}},
		{"instance longer than a week", func(d *Definition) { d.Settings.InstanceDurationInDays = 8 },
			[]lintWant{{"settings.instanceDurationInDays", "an instance of 8 days would outlast one recurrence (7 days)"}}},
		{"instance that may outlast a month", func(d *Definition) { d.Settings.Recurrence, d.Settings.InstanceDurationInDays = monthly, 29 },
			[]lintWant{{"settings.instanceDurationInDays", "may outlast one recurrence (28 to 31 days) in short months"}}},
		{"instance of a one-time review", func(d *Definition) {
			d.Settings.Recurrence = recurrence.Once().StartingOn(odata.Date{Year: 2025, Month: time.March, Day: 3})
			d.Settings.InstanceDurationInDays = 90
		}, nil},
		{"negative instance", func(d *Definition) { d.Settings.InstanceDurationInDays = -3 },
			[]lintWant{{"settings.instanceDurationInDays", "is negative"}}},
		{"look-back longer than the recurrence", func(d *Definition) {
			d.Settings.RecommendationLookBackDuration = odata.Duration{Months: 1}
			d.Settings.RecommendationInsightSettings = []InsightSetting{UserLastSignInInsightSetting{RecommendationLookBackDuration: odata.Days(8)}}
		}, []lintWant{{"settings.recommendationLookBackDuration", "P1M is longer than one recurrence (7 days)"},
			{"settings.recommendationInsightSettings[0].recommendationLookBackDuration", "P8D is longer"}}},
		{"stage look-back longer than the recurrence", func(d *Definition) {
			d.Reviewers = nil
			d.FallbackReviewers = []scope.Reviewer{scope.User(valUser)}
			d.StageSettings = twoStages()
			d.StageSettings[0].RecommendationLookBackDuration = odata.Days(30)
		}, []lintWant{{"stageSettings[0].recommendationLookBackDuration", "P30D is longer than one recurrence (7 days)"}}},
		{"look-back within the recurrence", func(d *Definition) {
			d.Settings.Recurrence = monthly
			d.Settings.RecommendationLookBackDuration = odata.Days(30)
		}, nil},
		{"deny applied automatically", func(d *Definition) {
			d.Settings.DefaultDecisionEnabled, d.Settings.DefaultDecision, d.Settings.AutoApplyDecisionsEnabled = true, DefaultDeny, true
		}, []lintWant{{"settings.defaultDecision", "everyone whose reviewer does not answer loses access"}}},
		{"deny applied by hand", func(d *Definition) {
			d.Settings.DefaultDecisionEnabled, d.Settings.DefaultDecision = true, DefaultDeny
		}, nil},
		{"default decision never applied", func(d *Definition) { d.Settings.DefaultDecision = DefaultApprove },
			[]lintWant{{"settings.defaultDecision", "defaultDecisionEnabled is off"}}},
		{"None while off", func(d *Definition) { d.Settings.DefaultDecision = DefaultNone }, nil},
		{"application sign-ins on a group review", func(d *Definition) {
			d.Settings.RecommendationInsightSettings = []InsightSetting{UserLastSignInInsightSetting{SignInScope: SignInApplication}}
		}, []lintWant{{"settings.recommendationInsightSettings[0].signInScope", "only relevant"}}},
		{"application sign-ins on an application review", func(d *Definition) {
			appReview(d)
			d.Settings.RecommendationInsightSettings = []InsightSetting{UserLastSignInInsightSetting{SignInScope: SignInApplication}}
		}, nil},
		{"recurrence warnings", func(d *Definition) { d.Settings.Recurrence = d.Settings.Recurrence.Every(365) },
			[]lintWant{{"settings.recurrence.pattern.interval", "unit mistake"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := validDefinition()
			tt.change(d)
			require.NoError(t, d.Validate(), "a warning is never an error")
			ws := d.Lint()
			var got []string
			for _, w := range ws {
				got = append(got, w.String())
			}
			require.Len(t, ws, len(tt.want), "warnings: %q", got)
			for i, w := range tt.want {
				assert.Equal(t, w.field, ws[i].Field, "warning %d: %s", i, got[i])
				assert.Contains(t, ws[i].Problem, w.words, "warning %d", i)
			}
		})
	}
	assert.Nil(t, (*Definition)(nil).Lint())
}

// lintedDefinition returns a valid definition with many warnings.
func lintedDefinition() *Definition {
	d := validDefinition()
	d.DescriptionForReviewers = strings.Repeat("x", 300)
	d.Reviewers = []scope.Reviewer{{Query: "./manger", QueryType: scope.QueryTypeMicrosoftGraph, QueryRoot: scope.QueryRootDecisions}}
	d.Settings.InstanceDurationInDays = 60
	d.Settings.DefaultDecisionEnabled, d.Settings.DefaultDecision, d.Settings.AutoApplyDecisionsEnabled = true, DefaultDeny, true
	return d
}

// TestCreateAndUpdateNeverRefuseForAWarning sends a definition Lint warns
// about: Create and Update send it as it is.
func TestCreateAndUpdateNeverRefuseForAWarning(t *testing.T) {
	t.Parallel()
	d := lintedDefinition()
	require.NotEmpty(t, d.Lint())
	client, mt := newTestClient(t)
	var mu sync.Mutex
	var bodies []string
	record := func(status int, body string) httpmock.Responder {
		return func(req *http.Request) (*http.Response, error) {
			mu.Lock()
			bodies = append(bodies, string(readBody(t, req)))
			mu.Unlock()
			resp := httpmock.NewBytesResponse(status, nil)
			if body != "" {
				resp = httpmock.NewBytesResponse(status, fixture(t, body))
				resp.Header.Set("Content-Type", "application/json")
			}
			return resp, nil
		}
	}
	mt.RegisterResponder(http.MethodPost, testBase+definitionsURLPath, record(http.StatusCreated, "definitions/created.json"))
	id := DefinitionID("c22ae540-b89a-4d24-bac0-4ef35e6591ea")
	mt.RegisterResponder(http.MethodPut, testBase+definitionsURLPath+"/"+string(id), record(http.StatusNoContent, ""))

	_, err := client.Definitions.Create(t.Context(), d)
	require.NoError(t, err)
	require.NoError(t, client.Definitions.Update(t.Context(), id, d))
	require.Len(t, bodies, 2, "both requests were sent")
	for _, b := range bodies {
		assert.Contains(t, b, `"./manger"`, "the reviewer query is sent as written")
		assert.Contains(t, b, `"instanceDurationInDays":60`)
		assert.Contains(t, b, strings.Repeat("x", 300), "the description is sent whole")
	}
}
