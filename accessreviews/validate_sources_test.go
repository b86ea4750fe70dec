package accessreviews

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// The sentences the rules of this package rest on, quoted from the Graph
// documentation pages named first, and the encoding reasons of the rules
// about what this package can send.
const (
	srcDisplayName = `accessreviewset-post-definitions: "displayName | String | Name of access review series. Required."`
	srcScope       = `accessreviewset-post-definitions: "scope | accessReviewScope | Defines the entities whose access is reviewed. ` +
		`... Required."`
	srcDefaultDecision = `accessReviewScheduleSettings: "defaultDecision | String | Decision chosen if defaultDecisionEnabled is enabled. ` +
		`Can be one of Approve, Deny, or Recommendation."`
	srcDefaultNone = `accessreviewset-post-definitions, example 1: the request sends "defaultDecisionEnabled": false with ` +
		`"defaultDecision": "None", and the service answers 201 Created`
	srcLookBack = `accessReviewScheduleSettings: "recommendationLookBackDuration ... For reviews of groups and Microsoft Entra roles, ` +
		`any duration is accepted. For reviews of applications, 30 days is the maximum duration."`
	srcStageLookBack = `accessReviewStageSettings: "recommendationLookBackDuration ... For reviews of groups and Microsoft Entra roles, ` +
		`any duration is accepted. For reviews of applications, 30 days is the maximum duration."`
	srcInsightLookBack = `userLastSignInRecommendationInsightSetting: "recommendationLookBackDuration ... For reviews of groups and ` +
		`Azure AD roles, any duration is accepted. For reviews of applications, 30 days is the maximum duration."`
	srcSignInScope = `userLastSignInRecommendationInsightSetting: "signInScope ... The possible values are tenant, application, ` +
		`unknownFutureValue."`
	srcThreeStages = `accessReviewStage: "If the parent accessReviewScheduleDefinition has defined the stageSettings property, ` +
		`the accessReviewInstance is comprised of up to three subsequent stages."`
	srcStageID = `accessReviewStageSettings: "stageId | String | Unique identifier of the accessReviewStageSettings object. ` +
		`The stageId is used by the dependsOn property to indicate the order of the stages. Required."`
	srcDependsOn = `accessReviewStageSettings: "dependsOn ... Only sequential stages are currently supported. For example, if ` +
		`stageId is 2, then dependsOn must be 1. If stageId is 1, don't specify dependsOn. Required if stageId isn't 1."`
	srcStageDurations = `accessReviewStageSettings: "durationInDays ... The cumulative value of this property across all stages ` +
		`... Can't exceed the length of one recurrence. That is, if the review recurs weekly, the cumulative durationInDays ` +
		`can't exceed 7."`
	srcMoveOn = `accessReviewStageSettings: "decisionsThatWillMoveToNextStage ... Can be a subset of Approve, Deny, ` +
		`Recommendation, or NotReviewed."`
	srcSharedChannels = `accessreviews-scope-concept: "Access review of B2B direct connect users and teams is only supported in ` +
		`single-stage access reviews and not in multi-stage access reviews."`
	srcRecordDecision = `accessreviewinstancedecisionitem-update: "decision | String | Access decision for the entity being ` +
		`reviewed. Possible values are: Approve Deny NotReviewed DontKnow. Required."`
	srcJustification = `accessreviewinstancedecisionitem-update: "justification | String | Context of the review provided to ` +
		`admins. Required if justificationRequiredOnApproval is True on the accessReviewScheduleDefinition."`
	srcBatchDecision = `accessreviewinstance-batchrecorddecisions: "decision | String | Access decision for the entity being ` +
		`reviewed. Possible values are: Approve, Deny, NotReviewed, DontKnow. Required."`
	srcRecordAll = `accessreviewinstancedecisionitem-recordalldecisions (beta): "decision | String | The decision to ` +
		`provide. The possible values are Approve, Deny, DontKnow."`
	srcInstanceScope = `accessreviewinstance-update: "Only the reviewers and fallbackReviewers properties can be updated but ` +
		`the scope property is also required in the request body."`
	srcHistoryName   = `accessReviewHistoryDefinition: "displayName | String | Name for the access review history data collection. Required."`
	srcHistoryScopes = `accessreviewset-post-historydefinitions: "scopes | accessReviewQueryScope collection | Used to filter ` +
		`which reviews are included in the fetched history data. ... Required."`
	srcHistoryQuery = `accessreviews-definition-filter-scope (included by accessreviewset-post-historydefinitions): "Use the ` +
		`following format for the request: /identityGovernance/accessReviews/definitions?$filter=contains(scope/` +
		`microsoft.graph.accessReviewQueryScope/query, '{object}')"`
	srcHistoryDecisions = `accessReviewHistoryDefinition: "decisions ... Possible values are: approve, deny, dontKnow, ` +
		`notReviewed, and notNotified."`
	srcHistoryPeriod = `accessReviewHistoryDefinition: "reviewHistoryPeriodStartDateTime ... Only required if scheduleSettings ` +
		`is not defined."`
	srcScheduleRecurrence = `accessReviewHistoryScheduleSettings: "recurrence ... Required."`
	srcReportRange        = `accessReviewHistoryScheduleSettings: "reportRange ... Note: Only years, months, and days ISO 8601 ` +
		`properties are supported. Required."`

	encNil        = "encoding: there is nothing to send"
	encNilElement = "encoding: a nil interface value has no @odata.type to send"
	encNegative   = "encoding: an Edm.Duration is never negative; the value has no form to send"
	encGUIDPath   = "encoding: the ID goes into the URL path, where only a GUID is known to name one object"
	encAllItems   = "encoding: with neither ID the action covers every item; AllItems says so, since an ID left empty by " +
		"mistake looks the same"
	encDuplicate = "encoding: the records of an envelope are sent concurrently; two for one item would race, and which " +
		"one lands is undefined"
	encTop = "encoding: $top is a count; Encode could only leave a negative value out"
)

// TestValidationRulesCiteTheirSource lists every rule the validating
// methods of this package enforce (Definition.Validate with its settings
// and stages, DecisionUpdate, BatchDecision, RecordMany's
// records, InstanceUpdate, StageUpdate, the history create, ListOptions),
// with an input refused and the documentation sentence behind it, or the
// encoding reason; and the rules that were loosened, with an input now
// accepted and why.
func TestValidationRulesCiteTheirSource(t *testing.T) {
	t.Parallel()
	def := func(change func(d *Definition)) func() error {
		return func() error {
			d := validDefinition()
			change(d)
			return d.Validate()
		}
	}
	monthly := func(d *Definition) {
		d.Settings.Recurrence = recurrence.Monthly().StartingOn(odata.Date{Year: 2025, Month: time.March, Day: 3})
	}
	start := odata.DateTime{Time: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	history := func(change func(h *HistoryDefinition)) func() error {
		return func() error {
			h := &HistoryDefinition{
				DisplayName:                      "Last quarter",
				Scopes:                           []scope.Scope{HistoryScope(odata.Contains("scope/query", "/groups"))},
				ReviewHistoryPeriodStartDateTime: start,
				ReviewHistoryPeriodEndDateTime:   odata.DateTime{Time: start.AddDate(0, 3, 0)},
			}
			change(h)
			return validateHistoryCreate(h)
		}
	}
	schedule := HistoryScheduleSettings{
		Recurrence:  recurrence.Monthly().StartingOn(odata.Date{Year: 2025, Month: time.January, Day: 1}),
		ReportRange: odata.Duration{Months: 1},
	}
	const item = DecisionID("e6cafba0-cbf0-4748-8868-0810c7f4cc06")
	records := func(justify bool, rs ...DecisionRecord) func() error {
		return func() error { return checkRecords(DefinitionID(valGroup), InstanceID(valUser), rs, justify) }
	}
	tests := []struct {
		rule   string
		check  func() error
		fields []string // nil: accepted
		source string
	}{
		// Definition: refused.
		{"displayName required", def(func(d *Definition) { d.DisplayName = " " }), []string{"displayName"}, srcDisplayName},
		{"scope required", def(func(d *Definition) { d.Scope = nil }), []string{"scope"}, srcScope},
		{"scope valid (package scope's rules)", def(func(d *Definition) { d.Scope = scope.Group("").Members() }),
			[]string{"scope.query.groupId"}, "see scope.TestValidationRulesCiteTheirSource"},
		{"reviewers valid (package scope's rules)", def(func(d *Definition) {
			d.Reviewers = []scope.Reviewer{{Query: "./manager"}}
			d.FallbackReviewers = []scope.Reviewer{scope.User("")}
			d.AdditionalNotificationRecipients = []scope.NotificationRecipient{{TemplateType: "Started"}}
		}), []string{"reviewers[0].queryRoot", "fallbackReviewers[0].query.userId", "additionalNotificationRecipients[0].notificationTemplateType"},
			"see scope.TestValidationRulesCiteTheirSource"},
		{"default decision when enabled", def(func(d *Definition) { d.Settings.DefaultDecisionEnabled = true }),
			[]string{"settings.defaultDecision"}, srcDefaultDecision},
		{"None is no decision to apply", def(func(d *Definition) {
			d.Settings.DefaultDecisionEnabled, d.Settings.DefaultDecision = true, DefaultNone
		}), []string{"settings.defaultDecision"}, srcDefaultDecision},
		{"default decision values", def(func(d *Definition) { d.Settings.DefaultDecision = "Maybe" }),
			[]string{"settings.defaultDecision"}, srcDefaultDecision},
		{"recurrence valid (package recurrence's rules)", def(func(d *Definition) {
			d.Settings.Recurrence.Pattern = &recurrence.Pattern{Type: recurrence.PatternDaily, Interval: 1}
		}), []string{"settings.recurrence.pattern.type"}, "see recurrence.TestValidationRulesCiteTheirSource"},
		{"application reviews look back at most 30 days", def(func(d *Definition) {
			appReview(d)
			d.Settings.RecommendationLookBackDuration = odata.Days(31)
		}), []string{"settings.recommendationLookBackDuration"}, srcLookBack},
		{"application reviews: two months is over 30 days", def(func(d *Definition) {
			d.Scope = scope.PrincipalResourceMembershipsScope{
				PrincipalScopes: []scope.Scope{scope.QueryScope{Query: "/users"}},
				ResourceScopes:  []scope.Scope{scope.QueryScope{Query: "/v1.0/servicePrincipals/" + valApp}},
			}
			d.Settings.RecommendationLookBackDuration = odata.Duration{Months: 2}
		}), []string{"settings.recommendationLookBackDuration"}, srcLookBack},
		{"application reviews: stages too", def(func(d *Definition) {
			d.Scope = scope.MembershipsOf(scope.AllUsers()).In(scope.ResourceScope{ResourceID: valApp, ScopeType: scope.ResourceScopeTypeServicePrincipal})
			d.StageSettings = twoStages()
			d.StageSettings[1].RecommendationLookBackDuration = odata.Duration{Time: 721 * time.Hour}
		}), []string{"stageSettings[1].recommendationLookBackDuration"}, srcStageLookBack},
		{"application reviews: insight settings too", def(func(d *Definition) {
			appReview(d)
			d.Settings.RecommendationInsightSettings = []InsightSetting{UserLastSignInInsightSetting{RecommendationLookBackDuration: odata.Days(45)}}
		}), []string{"settings.recommendationInsightSettings[0].recommendationLookBackDuration"}, srcInsightLookBack},
		{"sign-in scope values", def(func(d *Definition) {
			d.Settings.RecommendationInsightSettings = []InsightSetting{UserLastSignInInsightSetting{SignInScope: "everywhere"}}
		}), []string{"settings.recommendationInsightSettings[0].signInScope"}, srcSignInScope},
		{"at most three stages", def(func(d *Definition) {
			d.Settings.Recurrence = d.Settings.Recurrence.Every(2)
			d.StageSettings = append(twoStages(),
				StageSettings{StageID: "3", DependsOn: []string{"2"}, DurationInDays: 1},
				StageSettings{StageID: "4", DependsOn: []string{"3"}, DurationInDays: 1})
		}), []string{"stageSettings"}, srcThreeStages},
		{"stage IDs required and unique", def(func(d *Definition) {
			d.StageSettings = append(twoStages(), StageSettings{StageID: "2", DependsOn: []string{"2"}, DurationInDays: 0})
			d.StageSettings[0].StageID = ""
		}), []string{"stageSettings[0].stageId", "stageSettings[2].stageId", "stageSettings[0].dependsOn", "stageSettings[1].dependsOn"},
			srcStageID + "; " + srcDependsOn},
		{"stage 1 depends on nothing", def(func(d *Definition) {
			d.StageSettings = twoStages()
			d.StageSettings[0].DependsOn = []string{"2"}
		}), []string{"stageSettings[0].dependsOn"}, srcDependsOn},
		{"another stage depends on exactly one", def(func(d *Definition) {
			d.StageSettings = twoStages()
			d.StageSettings[1].DependsOn = nil
		}), []string{"stageSettings[1].dependsOn"}, srcDependsOn},
		{"stages run one after another", def(func(d *Definition) {
			d.StageSettings = append(twoStages(), StageSettings{StageID: "3", DependsOn: []string{"1"}, DurationInDays: 0})
		}), []string{"stageSettings[2].dependsOn"}, srcDependsOn},
		{"a stage depends on a stage of the definition", def(func(d *Definition) {
			d.StageSettings = twoStages()
			d.StageSettings[1].DependsOn = []string{"0"}
		}), []string{"stageSettings[1].dependsOn"}, srcDependsOn},
		{"the chain starts at stage 1", def(func(d *Definition) {
			d.StageSettings = []StageSettings{{StageID: "a", DependsOn: []string{"b"}, DurationInDays: 1}, {StageID: "b", DependsOn: []string{"a"}, DurationInDays: 1}}
		}), []string{"stageSettings"}, srcDependsOn},
		{"stages last no longer than a week, weekly", def(func(d *Definition) {
			d.StageSettings = twoStages()
			d.StageSettings[1].DurationInDays = 5
		}), []string{"stageSettings"}, srcStageDurations},
		{"stages last no longer than a month, monthly", def(func(d *Definition) {
			monthly(d)
			d.StageSettings = twoStages()
			d.StageSettings[1].DurationInDays = 29
		}), []string{"stageSettings"}, srcStageDurations},
		{"decisions that move on", def(func(d *Definition) {
			d.StageSettings = twoStages()
			d.StageSettings[0].DecisionsThatWillMoveToNextStage = []Decision{DecisionApprove, DecisionDontKnow}
		}), []string{"stageSettings[0].decisionsThatWillMoveToNextStage[1]"}, srcMoveOn},
		{"shared channels single-stage", def(func(d *Definition) {
			d.Scope = scope.Team(valGroup).MembersIncludingSharedChannels()
			d.StageSettings = twoStages()
		}), []string{"scope"}, srcSharedChannels},
		{"shared channels enumerated single-stage", def(func(d *Definition) {
			d.InstanceEnumerationScope = scope.Team(valGroup).SharedChannels()
			d.StageSettings = twoStages()[:1]
		}), []string{"instanceEnumerationScope"}, srcSharedChannels},
		{"definition present", func() error { return (*Definition)(nil).Validate() }, []string{"definition"}, encNil},
		{"no nil apply action", def(func(d *Definition) { d.Settings.ApplyActions = []ApplyAction{RemoveAccess(), nil} }),
			[]string{"settings.applyActions[1]"}, encNilElement},
		{"no nil insight setting", def(func(d *Definition) { d.Settings.RecommendationInsightSettings = []InsightSetting{nil} }),
			[]string{"settings.recommendationInsightSettings[0]"}, encNilElement},
		{"look-back not negative", def(func(d *Definition) { d.Settings.RecommendationLookBackDuration = odata.Days(-1) }),
			[]string{"settings.recommendationLookBackDuration"}, encNegative},

		// Definition: accepted (loosened).
		{"look-back in months, group review", def(func(d *Definition) {
			d.Settings.RecommendationLookBackDuration = odata.Duration{Months: 1}
		}), nil, srcLookBack},
		{"look-back in years, group review", def(func(d *Definition) {
			d.Settings.RecommendationLookBackDuration = odata.Duration{Years: 1}
		}), nil, srcLookBack},
		{"look-back in hours, group review", def(func(d *Definition) {
			d.Settings.RecommendationLookBackDuration = odata.Duration{Time: 24 * time.Hour}
		}), nil, srcLookBack},
		{"look-back of one month, application review (28 to 31 days)", def(func(d *Definition) {
			appReview(d)
			d.Settings.RecommendationLookBackDuration = odata.Duration{Months: 1}
		}), nil, srcLookBack + " (a month may be 28 days: the service decides)"},
		{"look-back of 30 days, application review", def(func(d *Definition) {
			appReview(d)
			d.Settings.RecommendationLookBackDuration = odata.Days(30)
		}), nil, srcLookBack},
		{"None while disabled", def(func(d *Definition) { d.Settings.DefaultDecision = DefaultNone }), nil, srcDefaultNone},
		{"reviewer description of 300 characters", def(func(d *Definition) { d.DescriptionForReviewers = strings.Repeat("a", 300) }), nil,
			`accessreviewset-post-definitions: "Email notifications support up to 256 characters." (about the emails, not the ` +
				`request; Lint warns)`},
		{"instance longer than the recurrence", def(func(d *Definition) { d.Settings.InstanceDurationInDays = 60 }), nil,
			`accessReviewScheduleSettings: "instanceDurationInDays | Int32 | Duration of an access review instance in days." ` +
				`(no bound is documented; Lint warns)`},
		{"negative instance duration", def(func(d *Definition) { d.Settings.InstanceDurationInDays = -1 }), nil,
			`accessReviewScheduleSettings: "instanceDurationInDays | Int32 | Duration of an access review instance in days." (Lint warns)`},
		{"stages of 31 days, monthly", def(func(d *Definition) {
			monthly(d)
			d.StageSettings = twoStages()
			d.StageSettings[1].DurationInDays = 28
		}), nil, srcStageDurations + " (one month may last 31 days; Lint warns)"},
		{"stages not adding up to instanceDurationInDays", def(func(d *Definition) {
			d.StageSettings = twoStages()
			d.Settings.InstanceDurationInDays = 1
		}), nil, `accessReviewScheduleSettings: "instanceDurationInDays ... If the stageSettings of the accessReviewScheduleDefinition ` +
			`object is defined, its durationInDays setting will be used instead of the value of this property."`},
		{"stages listed out of order", def(func(d *Definition) {
			s := twoStages()
			d.StageSettings = []StageSettings{s[1], s[0]}
		}), nil, srcDependsOn + " (the order comes from dependsOn, not from the list)"},
		{"stage IDs other than numbers", def(func(d *Definition) {
			d.StageSettings = twoStages()
			d.StageSettings[1].StageID = "managers"
		}), nil, srcStageID},
		{"a stage of zero days", def(func(d *Definition) {
			d.StageSettings = twoStages()
			d.StageSettings[0].DurationInDays = 0
		}), nil, `accessReviewStageSettings: "durationInDays | Int32 | The duration of the stage. Required." (it is sent; Lint warns)`},
		{"a decision listed twice", def(func(d *Definition) {
			d.StageSettings = twoStages()
			d.StageSettings[0].DecisionsThatWillMoveToNextStage = []Decision{DecisionApprove, DecisionApprove}
		}), nil, srcMoveOn + " (Lint warns)"},
		{"an apply action from the service", def(func(d *Definition) {
			d.Settings.ApplyActions = []ApplyAction{UnknownApplyAction{Raw: []byte(`{"@odata.type":"#microsoft.graph.future"}`)}}
		}), nil, `accessReviewScheduleSettings: "applyActions ... There are two types that are currently supported" ` +
			`(a type this package does not know came from the service, which wrote it)`},
		{"an ID that is not a GUID in a query", def(func(d *Definition) { d.Scope = scope.Group("sales").Members() }), nil,
			"see scope.TestValidationRulesCiteTheirSource (Lint warns)"},
		{"the create page's stray quote", def(func(d *Definition) {
			d.InstanceEnumerationScope = scope.Query("/groups?$filter=(groupTypes/any(c:c+eq+'Unified') and resourceProvisioningOptions/Any(x:x eq 'Team')')")
			d.Scope = scope.EachGroup().Members().Users().Guests()
		}), nil, "see scope.TestValidationRulesCiteTheirSource (Lint warns)"},

		// Decisions and instances.
		{"decision required", func() error { return DecisionUpdate{}.Validate() }, []string{"decision"}, srcRecordDecision},
		{"decision values", func() error { return DecisionUpdate{Decision: DecisionRecommendation}.Validate() }, []string{"decision"}, srcRecordDecision},
		{"justification on approval when the definition asks", func() error {
			return DecisionUpdate{Decision: DecisionApprove}.ValidateFor(Settings{JustificationRequiredOnApproval: true})
		}, []string{"justification"}, srcJustification},
		{"records: decision values", records(false, DecisionRecord{ID: item, Decision: "Maybe"}),
			[]string{"records[0].decision"}, srcRecordDecision},
		{"records: justification when asked", records(true, DecisionRecord{ID: item, Decision: DecisionApprove}),
			[]string{"records[0].justification"}, srcJustification},
		{"records: item IDs are GUIDs", records(false, DecisionRecord{ID: "../x", Decision: DecisionDeny}),
			[]string{"records[0].id"}, encGUIDPath},
		{"records: one record an item", records(false, DecisionRecord{ID: item, Decision: DecisionDeny}, DecisionRecord{ID: item, Decision: DecisionApprove}),
			[]string{"records[1].id"}, encDuplicate},
		{"batch decision required", func() error { return BatchDecision{AllItems: true}.Validate() }, []string{"decision"}, srcBatchDecision},
		{"batch decision values", func() error { return BatchDecision{Decision: "Maybe", AllItems: true}.Validate() }, []string{"decision"}, srcBatchDecision},
		{"batch for every item says so", func() error { return BatchDecision{Decision: DecisionDeny}.Validate() }, []string{"allItems"}, encAllItems},
		{"batch for every item or some", func() error {
			return BatchDecision{Decision: DecisionDeny, ResourceID: "r", AllItems: true}.Validate()
		}, []string{"allItems"}, encAllItems},
		{"record-all decision values", func() error {
			return batchCall("record all decisions", nil, BatchDecision{Decision: DecisionNotReviewed, AllItems: true}, odata.Beta).Input
		}, []string{"decision"}, srcRecordAll},
		{"instance update has the scope", func() error { return InstanceUpdate{Reviewers: scope.SelfReview()}.Validate() },
			[]string{"scope"}, srcInstanceScope},
		{"batch principal of any form", func() error {
			return BatchDecision{Decision: DecisionDeny, PrincipalID: "x' or 1 eq 1", ResourceID: strings.Repeat("r", 2000)}.Validate()
		}, nil, `accessreviewinstance-batchrecorddecisions: "principalId | String | If supplied, all the ` +
			`accessReviewInstanceDecisionItems with matching principalId values will be reviewed in this batch." (no form; sent as a JSON string)`},
		{"record-all principal of any form", func() error {
			return BatchDecision{Decision: DecisionDeny, PrincipalID: "x", ResourceID: "a\tb"}.Validate()
		}, nil, `accessreviewinstancedecisionitem-recordalldecisions: "principalId | String | If provided, all decision items ` +
			`matching the principalId will have this decision recorded." (no form)`},
		{"stage update of nothing", func() error { return StageUpdate{}.Validate() }, nil,
			`accessreviewstage-update: "Only the reviewers and fallbackReviewers properties can be updated." (neither is marked required)`},

		// History definitions.
		{"history display name", history(func(h *HistoryDefinition) { h.DisplayName = "" }), []string{"displayName"}, srcHistoryName},
		{"history scopes required", history(func(h *HistoryDefinition) { h.Scopes = nil }), []string{"scopes"}, srcHistoryScopes},
		{"history scopes are query scopes", history(func(h *HistoryDefinition) { h.Scopes = []scope.Scope{scope.AllGroups()} }),
			[]string{"scopes[0]"}, srcHistoryScopes},
		{"history scope queries the definitions", history(func(h *HistoryDefinition) { h.Scopes = []scope.Scope{scope.Query("/groups")} }),
			[]string{"scopes[0].query"}, srcHistoryQuery},
		{"history decisions", history(func(h *HistoryDefinition) { h.Decisions = []HistoryDecisionFilter{"maybe"} }),
			[]string{"decisions[0]"}, srcHistoryDecisions},
		{"history period without a schedule", history(func(h *HistoryDefinition) {
			h.ReviewHistoryPeriodStartDateTime, h.ReviewHistoryPeriodEndDateTime = odata.DateTime{}, odata.DateTime{}
		}), []string{"reviewHistoryPeriodStartDateTime", "reviewHistoryPeriodEndDateTime"}, srcHistoryPeriod},
		{"history schedule recurrence", history(func(h *HistoryDefinition) {
			h.ScheduleSettings = HistoryScheduleSettings{ReportRange: odata.Duration{Months: 1}}
		}), []string{"scheduleSettings.recurrence"}, srcScheduleRecurrence},
		{"history report range", history(func(h *HistoryDefinition) {
			h.ScheduleSettings = schedule
			h.ScheduleSettings.ReportRange = odata.Duration{Time: time.Hour}
		}), []string{"scheduleSettings.reportRange"}, srcReportRange},
		{"history report range required", history(func(h *HistoryDefinition) {
			h.ScheduleSettings = schedule
			h.ScheduleSettings.ReportRange = odata.Duration{}
		}), []string{"scheduleSettings.reportRange"}, srcReportRange},
		{"history: empty decisions", history(func(h *HistoryDefinition) { h.Decisions = []HistoryDecisionFilter{} }), nil,
			`accessReviewHistoryDefinition: "decisions ... All decisions will be included by default if no decisions are provided on create."`},
		{"history: period ending before it starts", history(func(h *HistoryDefinition) {
			h.ReviewHistoryPeriodEndDateTime = odata.DateTime{Time: start.AddDate(0, -1, 0)}
		}), nil, `accessReviewHistoryDefinition: "reviewHistoryPeriodEndDateTime | DateTimeOffset | A timestamp." (no order is documented)`},
		{"history: a schedule without a pattern", history(func(h *HistoryDefinition) {
			h.ScheduleSettings = schedule
			h.ScheduleSettings.Recurrence = recurrence.Once().StartingOn(odata.Date{Year: 2025, Month: time.January, Day: 1})
		}), nil, srcScheduleRecurrence + " (a pattern is not said to be)"},

		// Lists.
		{"list top not negative", func() error { return (&ListOptions{Top: -1}).validate() }, []string{"top"}, encTop},
		{"list top above the page size", func() error { return (&ListOptions{Top: 1000}).validate() }, nil,
			`paging.md: "Depending on the API, the requested page size might be ignored, it might default to the maximum ` +
				`page size for that API, or Microsoft Graph might return an error."; the list pages give 100 as the default ` +
				`page size and none says a larger $top is refused (see TestListTopAboveThePageSizeIsSent)`},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			t.Parallel()
			require.NotEmpty(t, tt.source, "every rule names its source")
			err := tt.check()
			if tt.fields == nil {
				assert.NoError(t, err)
				return
			}
			defAssertFields(t, err, tt.fields...)
		})
	}
}
