package accessreviews

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

const (
	valGroup = "02f3bafb-448c-487c-88c2-5fd65ce49a41"
	valUser  = "c9a5aff7-9298-4d71-adab-0a222e0a05e4"
	valApp   = "bae11f90-7d5d-46ba-9f55-8112b59d92ae"
)

// validDefinition returns a weekly group review that passes Validate; the
// table below breaks one rule at a time.
func validDefinition() *Definition {
	return &Definition{
		DisplayName: "Weekly review",
		Scope:       scope.Group(valGroup).TransitiveMembers(),
		Reviewers:   []scope.Reviewer{scope.User(valUser)},
		Settings: Settings{
			InstanceDurationInDays: 7,
			Recurrence:             recurrence.Weekly().StartingOn(odata.Date{Year: 2025, Month: time.March, Day: 3}),
		},
	}
}

// twoStages returns a valid two-stage chain of 3 + 4 days.
func twoStages() []StageSettings {
	return []StageSettings{
		{StageID: "1", DurationInDays: 3, Reviewers: []scope.Reviewer{scope.GroupOwners()}},
		{StageID: "2", DependsOn: []string{"1"}, DurationInDays: 4, Reviewers: []scope.Reviewer{scope.Managers()}},
	}
}

// appReview makes d a review of the assignments of an application.
func appReview(d *Definition) {
	d.Scope = scope.MembershipsOf(scope.AllUsers()).In(scope.ServicePrincipal(valApp))
}

func TestDefinitionValidate(t *testing.T) {
	t.Parallel()
	monthly := func(interval int) recurrence.Recurrence {
		return recurrence.Monthly().Every(interval).StartingOn(odata.Date{Year: 2025, Month: time.March, Day: 3})
	}
	tests := []struct {
		name   string
		change func(d *Definition)
		fields []string // nil: valid
	}{
		{"valid", func(*Definition) {}, nil},
		{"display name required", func(d *Definition) { d.DisplayName = "\t " }, []string{"displayName"}},
		{"reviewer description of 256 characters", func(d *Definition) { d.DescriptionForReviewers = strings.Repeat("é", 256) }, nil},
		{"reviewer description of 257 characters", func(d *Definition) { d.DescriptionForReviewers = strings.Repeat("a", 257) },
			[]string{"descriptionForReviewers"}},
		{"emoji count twice", func(d *Definition) { d.DescriptionForReviewers = strings.Repeat("🔒", 129) },
			[]string{"descriptionForReviewers"}},
		{"128 emoji fit", func(d *Definition) { d.DescriptionForReviewers = strings.Repeat("🔒", 128) }, nil},
		{"admin description is free", func(d *Definition) { d.DescriptionForAdmins = strings.Repeat("a", 1000) }, nil},
		{"scope required", func(d *Definition) { d.Scope = nil }, []string{"scope"}},
		{"scope valid", func(d *Definition) { d.Scope = scope.Group("").TransitiveMembers() }, []string{"scope.query.groupId"}},
		{"enumeration scope valid", func(d *Definition) { d.InstanceEnumerationScope = scope.Query("/groups\xff") },
			[]string{"instanceEnumerationScope.query"}},
		{"self-review", func(d *Definition) { d.Reviewers = scope.SelfReview() }, nil},
		{"reviewers valid", func(d *Definition) {
			d.Reviewers = []scope.Reviewer{scope.User(valUser), scope.User("")}
			d.FallbackReviewers = []scope.Reviewer{scope.User("")}
			d.BackupReviewers = []scope.Reviewer{scope.User("")}
		}, []string{"reviewers[1].query.userId", "fallbackReviewers[0].query.userId", "backupReviewers[0].query.userId"}},
		{"notification recipients valid", func(d *Definition) {
			d.AdditionalNotificationRecipients = []scope.NotificationRecipient{scope.NotifyGroupMembers(valGroup), scope.NotifyUser("")}
		}, []string{"additionalNotificationRecipients[1].notificationRecipientScope.query.userId"}},

		{"default decision when enabled", func(d *Definition) {
			d.Settings.DefaultDecisionEnabled, d.Settings.DefaultDecision = true, DefaultRecommendation
		}, nil},
		{"default decision missing when enabled", func(d *Definition) { d.Settings.DefaultDecisionEnabled = true },
			[]string{"settings.defaultDecision"}},
		{"None is not a decision to enable", func(d *Definition) {
			d.Settings.DefaultDecisionEnabled, d.Settings.DefaultDecision = true, DefaultNone
		}, []string{"settings.defaultDecision"}},
		{"None when disabled", func(d *Definition) { d.Settings.DefaultDecision = DefaultNone }, nil},
		{"a decision kept while disabled", func(d *Definition) { d.Settings.DefaultDecision = DefaultDeny }, nil},
		{"unknown default decision", func(d *Definition) { d.Settings.DefaultDecision = "Maybe" }, []string{"settings.defaultDecision"}},

		{"duration 0 is the service's", func(d *Definition) { d.Settings.InstanceDurationInDays = 0 }, nil},
		{"negative duration", func(d *Definition) { d.Settings.InstanceDurationInDays = -1 }, []string{"settings.instanceDurationInDays"}},
		{"weekly duration over 7 days", func(d *Definition) { d.Settings.InstanceDurationInDays = 8 }, []string{"settings.instanceDurationInDays"}},
		{"fortnightly duration of 14 days", func(d *Definition) {
			d.Settings.Recurrence = d.Settings.Recurrence.Every(2)
			d.Settings.InstanceDurationInDays = 14
		}, nil},
		{"monthly duration of 28 days", func(d *Definition) {
			d.Settings.Recurrence, d.Settings.InstanceDurationInDays = monthly(1), 28
		}, nil},
		{"monthly duration of 29 days", func(d *Definition) {
			d.Settings.Recurrence, d.Settings.InstanceDurationInDays = monthly(1), 29
		}, []string{"settings.instanceDurationInDays"}},
		{"semi-annual duration of 180 days", func(d *Definition) {
			d.Settings.Recurrence, d.Settings.InstanceDurationInDays = monthly(6), 180
		}, nil},
		{"one-time review has no period", func(d *Definition) {
			d.Settings.Recurrence = recurrence.Once().StartingOn(odata.Date{Year: 2025, Month: time.March, Day: 3})
			d.Settings.InstanceDurationInDays = 60
		}, nil},
		{"no recurrence", func(d *Definition) { d.Settings.Recurrence = recurrence.Recurrence{} }, nil},
		{"recurrence valid for access reviews", func(d *Definition) {
			d.Settings.Recurrence.Pattern = &recurrence.Pattern{Type: recurrence.PatternDaily, Interval: 1}
		}, []string{"settings.recurrence.pattern.type"}},

		{"look-back of whole days", func(d *Definition) { d.Settings.RecommendationLookBackDuration = odata.Days(60) }, nil},
		{"look-back with hours", func(d *Definition) {
			d.Settings.RecommendationLookBackDuration = odata.Duration{Days: 1, Time: time.Hour}
		}, []string{"settings.recommendationLookBackDuration"}},
		{"look-back in months", func(d *Definition) {
			d.Settings.RecommendationLookBackDuration = odata.Duration{Months: 1}
		}, []string{"settings.recommendationLookBackDuration"}},
		{"application review look-back of 30 days", func(d *Definition) {
			appReview(d)
			d.Settings.RecommendationLookBackDuration = odata.Days(30)
		}, nil},
		{"application review look-back over 30 days", func(d *Definition) {
			appReview(d)
			d.Settings.RecommendationLookBackDuration = odata.Days(31)
			d.Settings.RecommendationInsightSettings = []InsightSetting{UserLastSignInInsightSetting{RecommendationLookBackDuration: odata.Days(45)}}
		}, []string{"settings.recommendationLookBackDuration", "settings.recommendationInsightSettings[0].recommendationLookBackDuration"}},
		{"application review read from the service", func(d *Definition) {
			d.Scope = scope.PrincipalResourceMembershipsScope{
				PrincipalScopes: []scope.Scope{scope.QueryScope{Query: "/users"}},
				ResourceScopes:  []scope.Scope{scope.QueryScope{Query: "/servicePrincipals/" + valApp}},
			}
			d.Settings.RecommendationLookBackDuration = odata.Days(31)
		}, []string{"settings.recommendationLookBackDuration"}},
		{"application named as a resource scope", func(d *Definition) {
			d.Scope = scope.PrincipalResourceMembershipsScope{
				PrincipalScopes: []scope.Scope{scope.PrincipalScope{ScopeType: scope.PrincipalScopeTypeAllUsers}},
				ResourceScopes:  []scope.Scope{scope.ResourceScope{ResourceID: valApp, ScopeType: scope.ResourceScopeTypeServicePrincipal}},
			}
			d.Settings.RecommendationLookBackDuration = odata.Days(31)
		}, []string{"settings.recommendationLookBackDuration"}},
		{"insight settings", func(d *Definition) {
			d.Settings.RecommendationInsightSettings = []InsightSetting{
				UserLastSignInInsightSetting{SignInScope: SignInApplication},
				GroupPeerOutlierInsightSetting{},
				UnknownInsightSetting{Raw: []byte(`{"@odata.type":"#microsoft.graph.future"}`)},
				UserLastSignInInsightSetting{SignInScope: "everywhere", RecommendationLookBackDuration: odata.Duration{Time: time.Minute}},
				nil,
			}
		}, []string{"settings.recommendationInsightSettings[3].signInScope",
			"settings.recommendationInsightSettings[3].recommendationLookBackDuration", "settings.recommendationInsightSettings[4]"}},
		{"apply actions", func(d *Definition) {
			d.Settings.ApplyActions = []ApplyAction{RemoveAccess(), DisableAndDeleteUser(),
				UnknownApplyAction{Raw: []byte(`{"@odata.type":"#microsoft.graph.future"}`)}, nil}
		}, []string{"settings.applyActions[2]", "settings.applyActions[3]"}},

		{"two stages", func(d *Definition) { d.StageSettings = twoStages() }, nil},
		{"three stages", func(d *Definition) {
			d.StageSettings = append(twoStages()[:2:2], StageSettings{StageID: "3", DependsOn: []string{"2"}, DurationInDays: 0})
			d.StageSettings[2].DurationInDays = 0
		}, []string{"stageSettings[2].durationInDays"}},
		{"four stages", func(d *Definition) {
			d.Settings.Recurrence = d.Settings.Recurrence.Every(2)
			d.StageSettings = append(twoStages(),
				StageSettings{StageID: "3", DependsOn: []string{"2"}, DurationInDays: 1},
				StageSettings{StageID: "4", DependsOn: []string{"3"}, DurationInDays: 1})
		}, []string{"stageSettings"}},
		{"stages longer than the period", func(d *Definition) {
			d.StageSettings = twoStages()
			d.StageSettings[1].DurationInDays = 5
		}, []string{"stageSettings"}},
		{"first stage must be 1", func(d *Definition) {
			d.StageSettings = twoStages()
			d.StageSettings[0].StageID = "a"
			d.StageSettings[1].DependsOn = []string{"a"}
		}, []string{"stageSettings[0].stageId"}},
		{"first stage depends on nothing", func(d *Definition) {
			d.StageSettings = twoStages()
			d.StageSettings[0].DependsOn = []string{"2"}
		}, []string{"stageSettings[0].dependsOn"}},
		{"stage IDs required and unique", func(d *Definition) {
			d.StageSettings = append(twoStages(), StageSettings{StageID: "", DependsOn: []string{"2"}, DurationInDays: 0})
			d.StageSettings[1].StageID = "1"
		}, []string{"stageSettings[1].stageId", "stageSettings[2].stageId", "stageSettings[2].dependsOn", "stageSettings[2].durationInDays"}},
		{"a stage depends on the previous one only", func(d *Definition) {
			d.StageSettings = append(twoStages(), StageSettings{StageID: "3", DependsOn: []string{"1"}, DurationInDays: 0})
			d.StageSettings[1].DependsOn = []string{"1", "0"}
			d.StageSettings[2].DurationInDays = 0
		}, []string{"stageSettings[1].dependsOn", "stageSettings[2].dependsOn", "stageSettings[2].durationInDays"}},
		{"stages listed out of order", func(d *Definition) {
			s := twoStages()
			d.StageSettings = []StageSettings{s[1], s[0]}
		}, []string{"stageSettings[0].stageId", "stageSettings[0].dependsOn", "stageSettings[1].dependsOn"}},
		{"decisions that move on", func(d *Definition) {
			d.StageSettings = twoStages()
			d.StageSettings[0].DecisionsThatWillMoveToNextStage = []DecisionValue{DecisionApprove, DecisionDeny, DecisionRecommendation,
				DecisionNotReviewed, DecisionDontKnow, DecisionApprove}
		}, []string{"stageSettings[0].decisionsThatWillMoveToNextStage[4]", "stageSettings[0].decisionsThatWillMoveToNextStage[5]"}},
		{"stage reviewers, look-back and insights", func(d *Definition) {
			appReview(d)
			d.StageSettings = twoStages()
			d.StageSettings[1].Reviewers = []scope.Reviewer{scope.User("")}
			d.StageSettings[1].FallbackReviewers = []scope.Reviewer{scope.OwnersOfGroup("")}
			d.StageSettings[1].RecommendationLookBackDuration = odata.Days(31)
			d.StageSettings[0].RecommendationInsightSettings = []InsightSetting{nil}
		}, []string{"stageSettings[1].reviewers[0].query.userId", "stageSettings[1].fallbackReviewers[0].query.groupId",
			"stageSettings[1].recommendationLookBackDuration", "stageSettings[0].recommendationInsightSettings[0]"}},
		{"shared channels in a single-stage review", func(d *Definition) {
			d.Scope = scope.Team(valGroup).MembersIncludingSharedChannels()
		}, nil},
		{"shared channels in a multi-stage review", func(d *Definition) {
			d.Scope = scope.Team(valGroup).MembersIncludingSharedChannels()
			d.StageSettings = twoStages()
		}, []string{"scope"}},
		{"shared channels enumerated in a multi-stage review", func(d *Definition) {
			d.InstanceEnumerationScope = scope.Team(valGroup).SharedChannels()
			d.StageSettings = twoStages()[:1]
		}, []string{"instanceEnumerationScope"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := validDefinition()
			tt.change(d)
			err := d.Validate()
			if tt.fields == nil {
				assert.NoError(t, err)
				return
			}
			defAssertFields(t, err, tt.fields...)
		})
	}
}

// TestDefinitionValidateReportsEverything breaks many rules at once: every
// problem is reported, each a *odata.FieldError.
func TestDefinitionValidateReportsEverything(t *testing.T) {
	t.Parallel()
	d := validDefinition()
	d.DisplayName = ""
	d.DescriptionForReviewers = strings.Repeat("x", 300)
	d.Scope = nil
	d.Reviewers = []scope.Reviewer{scope.User("")}
	d.Settings.DefaultDecisionEnabled = true
	d.Settings.InstanceDurationInDays = 30
	d.Settings.ApplyActions = []ApplyAction{UnknownApplyAction{Raw: []byte(`{}`)}}
	d.StageSettings = []StageSettings{{StageID: "2"}, {StageID: "2"}, {}, {}}

	err := d.Validate()
	defAssertFields(t, err,
		"displayName", "descriptionForReviewers", "scope", "reviewers[0].query.userId",
		"settings.defaultDecision", "settings.instanceDurationInDays", "settings.applyActions[0]",
		"stageSettings", "stageSettings[0].stageId", "stageSettings[0].durationInDays",
		"stageSettings[1].stageId", "stageSettings[1].dependsOn", "stageSettings[1].durationInDays",
		"stageSettings[2].stageId", "stageSettings[2].dependsOn", "stageSettings[2].durationInDays",
		"stageSettings[3].stageId", "stageSettings[3].dependsOn", "stageSettings[3].durationInDays",
	)
	var fe *odata.FieldError
	require.True(t, errors.As(err, &fe))
	assert.Equal(t, "displayName", fe.Field)
	assert.Contains(t, err.Error(), "descriptionForReviewers: has 300 characters; reviewers' emails carry at most 256")
	assert.Contains(t, err.Error(), `stageSettings[1].stageId: "2" is used by an earlier stage`)

	assert.ErrorIs(t, (*Definition)(nil).Validate(), odata.ErrInvalid)
}

func TestRecurrencePeriod(t *testing.T) {
	t.Parallel()
	start := odata.Date{Year: 2025, Month: time.January, Day: 31}
	tests := []struct {
		name string
		r    recurrence.Recurrence
		days int
		ok   bool
	}{
		{"weekly", recurrence.Weekly(), 7, true},
		{"every 3 weeks", recurrence.Weekly().Every(3), 21, true},
		{"monthly", recurrence.Monthly(), 28, true},
		{"every 2 months", recurrence.Monthly().Every(2), 59, true},
		{"quarterly", recurrence.Quarterly(), 89, true},
		{"semi-annually", recurrence.SemiAnnually(), 181, true},
		{"annually", recurrence.Annually(), 365, true},
		{"every 13 months", recurrence.Monthly().Every(13), 365 + 28, true},
		{"every 24 months", recurrence.Monthly().Every(24), 730, true},
		{"one time", recurrence.Once().StartingOn(start), 0, false},
		{"zero interval", recurrence.Recurrence{Pattern: &recurrence.Pattern{Type: recurrence.PatternWeekly}}, 0, false},
		{"daily", recurrence.Recurrence{Pattern: &recurrence.Pattern{Type: recurrence.PatternDaily, Interval: 1}}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			days, ok := recurrencePeriod(tt.r)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.days, days)
			if !ok {
				return
			}
			// No two consecutive instances over four years are closer
			// than the period: an instance of that length never overlaps
			// the next.
			for day := 1; day <= 31; day++ {
				from := odata.Date{Year: 2025, Month: time.January, Day: day}
				dates := tt.r.StartingOn(from).Next(odata.Date{}, 60)
				require.NotEmpty(t, dates)
				for i := 1; i < len(dates); i++ {
					gap := int(dates[i].In(nil).Sub(dates[i-1].In(nil)).Hours() / 24)
					assert.GreaterOrEqual(t, gap, days, "%s → %s", dates[i-1], dates[i])
				}
			}
		})
	}
}
