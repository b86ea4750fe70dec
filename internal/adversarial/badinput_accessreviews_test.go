//lint:file-ignore SA1019 the suites attack deprecated legacy APIs on purpose: they are still public

package adversarial

import (
	"testing"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

var (
	reviewStart = odata.Date{Year: 2025, Month: 4, Day: 1}
	reviewEnd   = odata.Date{Year: 2026, Month: 12, Day: 31}
)

// validDefinition returns a definition that validates; each case breaks one
// thing in a fresh copy.
func validDefinition() *accessreviews.Definition {
	return &accessreviews.Definition{
		DisplayName:              "Quarterly guest review of Microsoft 365 groups",
		InstanceEnumerationScope: scope.AllMicrosoft365Groups(),
		Scope:                    scope.EachGroup().Members().Users().Guests(),
		Reviewers:                []scope.Reviewer{scope.GroupOwners()},
		FallbackReviewers:        []scope.Reviewer{scope.User(userID)},
		Settings: accessreviews.Settings{
			DefaultDecisionEnabled: true,
			DefaultDecision:        accessreviews.DefaultApprove,
			InstanceDurationInDays: 14,
			Recurrence:             recurrence.Quarterly().StartingOn(reviewStart).EndingOn(reviewEnd),
		},
	}
}

// validStages returns a two-stage chain that validates.
func validStages() []accessreviews.StageSettings {
	return []accessreviews.StageSettings{
		{StageID: "1", DurationInDays: 3},
		{StageID: "2", DependsOn: []string{"1"}, DurationInDays: 3},
	}
}

// validHistory returns a history report definition that validates.
func validHistory() *accessreviews.HistoryDefinition {
	return &accessreviews.HistoryDefinition{
		DisplayName:                      "Last quarter",
		Scopes:                           []scope.Scope{accessreviews.HistoryScope(odata.Contains("scope/query", "/groups"))},
		ReviewHistoryPeriodStartDateTime: odata.DateTime{Time: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
		ReviewHistoryPeriodEndDateTime:   odata.DateTime{Time: time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)},
	}
}

// accessReviewsBadCases covers every service method that takes input.
func accessReviewsBadCases() []badCase {
	c := func(name, field string, run func(t *testing.T, e *env) error) badCase {
		return badCase{pkg: "accessreviews", name: name, field: field, run: run}
	}
	create := func(name, field string, mutate func(d *accessreviews.Definition)) badCase {
		return c("Definitions.Create/"+name, field, func(t *testing.T, e *env) error {
			d := validDefinition()
			mutate(d)
			_, err := e.ar.Definitions.Create(ctx(t), d)
			return err
		})
	}
	list := func(name, field string, opts accessreviews.ListOptions) badCase {
		return c("Definitions.List/"+name, field, func(t *testing.T, e *env) error {
			return firstErr(e.ar.Definitions.List(ctx(t), &opts))
		})
	}
	const bad = "../../users"
	approve := accessreviews.DecisionApprove
	return []badCase{
		c("Definitions.Create/nil", "definition", func(t *testing.T, e *env) error {
			_, err := e.ar.Definitions.Create(ctx(t), nil)
			return err
		}),
		create("no display name", "displayName", func(d *accessreviews.Definition) { d.DisplayName = "" }),
		create("no scope", "scope", func(d *accessreviews.Definition) { d.Scope = nil }),
		create("unknown default decision", "settings.defaultDecision", func(d *accessreviews.Definition) { d.Settings.DefaultDecision = "Maybe" }),
		create("default decision None enabled", "settings.defaultDecision", func(d *accessreviews.Definition) { d.Settings.DefaultDecision = accessreviews.DefaultNone }),
		create("recurrence interval zero", "settings.recurrence.pattern.interval", func(d *accessreviews.Definition) {
			d.Settings.Recurrence = recurrence.Weekly().Every(0).StartingOn(reviewStart)
		}),
		create("recurrence without start", "settings.recurrence.range.startDate", func(d *accessreviews.Definition) { d.Settings.Recurrence = recurrence.Monthly() }),
		create("negative look-back", "settings.recommendationLookBackDuration", func(d *accessreviews.Definition) {
			d.Settings.RecommendationLookBackDuration = odata.Duration{Days: -30}
		}),
		create("application look-back over 30 days", "settings.recommendationLookBackDuration", func(d *accessreviews.Definition) {
			d.Scope = scope.MembershipsOf(scope.AllUsers()).In(scope.ServicePrincipal(groupID))
			d.Settings.RecommendationLookBackDuration = odata.Duration{Months: 2}
		}),
		create("nil apply action", "settings.applyActions[0]", func(d *accessreviews.Definition) {
			d.Settings.ApplyActions = []accessreviews.ApplyAction{nil}
		}),
		create("invalid enumeration scope", "instanceEnumerationScope.query.groupId", func(d *accessreviews.Definition) { d.InstanceEnumerationScope = scope.Group("") }),
		create("scope query not UTF-8", "scope.query", func(d *accessreviews.Definition) { d.Scope = scope.Query("/groups/\xff") }),
		create("invalid reviewer", "reviewers[0].query.userId", func(d *accessreviews.Definition) { d.Reviewers = []scope.Reviewer{scope.User("")} }),
		create("invalid fallback reviewer", "fallbackReviewers[0].queryRoot", func(d *accessreviews.Definition) {
			d.FallbackReviewers = []scope.Reviewer{{Query: "./manager"}}
		}),
		create("invalid recipient", "additionalNotificationRecipients[0].notificationRecipientScope.query.userId", func(d *accessreviews.Definition) {
			d.AdditionalNotificationRecipients = []scope.NotificationRecipient{scope.NotifyUser("")}
		}),
		create("four stages", "stageSettings", func(d *accessreviews.Definition) {
			d.Settings.InstanceDurationInDays = 0
			d.StageSettings = append(validStages(),
				accessreviews.StageSettings{StageID: "3", DependsOn: []string{"2"}, DurationInDays: 3},
				accessreviews.StageSettings{StageID: "4", DependsOn: []string{"3"}, DurationInDays: 3})
		}),
		create("stage chain out of order", "stageSettings[1].dependsOn", func(d *accessreviews.Definition) {
			d.Settings.InstanceDurationInDays = 0
			d.StageSettings = validStages()
			d.StageSettings[1].DependsOn = []string{"3"}
		}),
		create("stages longer than the recurrence", "stageSettings", func(d *accessreviews.Definition) {
			d.Settings.InstanceDurationInDays = 0
			d.StageSettings = validStages()
			d.StageSettings[0].DurationInDays = 400
		}),
		create("stage moves DontKnow on", "stageSettings[0].decisionsThatWillMoveToNextStage[0]", func(d *accessreviews.Definition) {
			d.Settings.InstanceDurationInDays = 0
			d.StageSettings = validStages()
			d.StageSettings[0].DecisionsThatWillMoveToNextStage = []accessreviews.Decision{accessreviews.DecisionDontKnow}
		}),
		create("stage reviewer invalid", "stageSettings[0].reviewers[0].query.groupId", func(d *accessreviews.Definition) {
			d.Settings.InstanceDurationInDays = 0
			d.StageSettings = validStages()
			d.StageSettings[0].Reviewers = []scope.Reviewer{scope.OwnersOfGroup("")}
		}),
		create("shared channels in a multi-stage review", "scope", func(d *accessreviews.Definition) {
			d.Settings.InstanceDurationInDays = 0
			d.InstanceEnumerationScope = nil
			d.Scope = scope.Team(groupID).MembersIncludingSharedChannels()
			d.StageSettings = validStages()
		}),

		c("Definitions.Update/id mismatch", "id", func(t *testing.T, e *env) error {
			d := validDefinition()
			d.ID = instID
			return e.ar.Definitions.Update(ctx(t), defID, d)
		}),
		c("Definitions.Update/invalid definition", "displayName", func(t *testing.T, e *env) error {
			d := validDefinition()
			d.DisplayName = " "
			return e.ar.Definitions.Update(ctx(t), defID, d)
		}),
		c("Definitions.Update/invalid ID", "definitionID", func(t *testing.T, e *env) error {
			return e.ar.Definitions.Update(ctx(t), bad, validDefinition())
		}),
		c("Definitions.Get/invalid ID", "definitionID", func(t *testing.T, e *env) error {
			_, err := e.ar.Definitions.Get(ctx(t), "x?$expand=owners")
			return err
		}),
		c("Definitions.Delete/invalid ID", "definitionID", func(t *testing.T, e *env) error {
			return e.ar.Definitions.Delete(ctx(t), "")
		}),
		c("Definitions.Stop/invalid ID", "definitionID", func(t *testing.T, e *env) error {
			return e.ar.Definitions.Stop(ctx(t), "%2e%2e")
		}),
		list("negative top", "top", accessreviews.ListOptions{Top: -1}),
		list("negative skip", "skip", accessreviews.ListOptions{Skip: -1}),
		list("select injection", "select[0]", accessreviews.ListOptions{Select: []string{"id,displayName&$expand=x"}}),
		list("invalid filter", "filter", accessreviews.ListOptions{Filter: odata.Eq("status'", "x")}),
		list("orderby injection", "orderBy[0]", accessreviews.ListOptions{OrderBy: []string{"displayName;drop"}}),
		c("Definitions.ListForCurrentUser/top", "top", func(t *testing.T, e *env) error {
			return firstErr(e.ar.Definitions.ListForCurrentUser(ctx(t), &accessreviews.ListOptions{Top: -1000}))
		}),

		c("Instances.List/invalid definition", "definitionID", func(t *testing.T, e *env) error {
			return firstErr(e.ar.Instances.List(ctx(t), bad, nil))
		}),
		c("Instances.ListForCurrentUser/invalid definition", "definitionID", func(t *testing.T, e *env) error {
			return firstErr(e.ar.Instances.ListForCurrentUser(ctx(t), "a/b", nil))
		}),
		c("Instances.ListAll/invalid filter", "filter", func(t *testing.T, e *env) error {
			return firstErr(e.ar.Instances.ListAll(ctx(t), &accessreviews.ListOptions{Filter: odata.In("status")}))
		}),
		c("Instances.ListPendingForCurrentUserBeta/negative skip", "skip", func(t *testing.T, e *env) error {
			return firstErr(e.ar.Instances.ListPendingForCurrentUserBeta(ctx(t), &accessreviews.ListOptions{Skip: -2}))
		}),
		c("Instances.Get/invalid instance", "instanceID", func(t *testing.T, e *env) error {
			_, err := e.ar.Instances.Get(ctx(t), defID, bad)
			return err
		}),
		c("Instances.Definition/invalid instance", "instanceID", func(t *testing.T, e *env) error {
			_, err := e.ar.Instances.Definition(ctx(t), defID, "x#frag")
			return err
		}),
		c("Instances.Stop/invalid instance", "instanceID", func(t *testing.T, e *env) error {
			return e.ar.Instances.Stop(ctx(t), defID, "x\r\nHost: evil")
		}),
		c("Instances.ApplyDecisions/invalid definition", "definitionID", func(t *testing.T, e *env) error {
			return e.ar.Instances.ApplyDecisions(ctx(t), "", instID)
		}),
		c("Instances.ResetDecisions/invalid instance", "instanceID", func(t *testing.T, e *env) error {
			return e.ar.Instances.ResetDecisions(ctx(t), defID, bad)
		}),
		c("Instances.SendReminder/invalid instance", "instanceID", func(t *testing.T, e *env) error {
			return e.ar.Instances.SendReminder(ctx(t), defID, bad)
		}),
		c("Instances.AcceptRecommendations/invalid instance", "instanceID", func(t *testing.T, e *env) error {
			return e.ar.Instances.AcceptRecommendations(ctx(t), defID, bad)
		}),
		c("Instances.Update/no scope", "scope", func(t *testing.T, e *env) error {
			_, err := e.ar.Instances.Update(ctx(t), defID, instID, accessreviews.InstanceUpdate{Reviewers: []scope.Reviewer{scope.GroupOwners()}})
			return err
		}),
		c("Instances.Update/invalid reviewer", "reviewers[0].query.userId", func(t *testing.T, e *env) error {
			_, err := e.ar.Instances.Update(ctx(t), defID, instID, accessreviews.InstanceUpdate{Scope: scope.Group(groupID).Members(), Reviewers: []scope.Reviewer{scope.User("")}})
			return err
		}),
		c("Instances.Update/invalid instance", "instanceID", func(t *testing.T, e *env) error {
			_, err := e.ar.Instances.Update(ctx(t), defID, bad, accessreviews.InstanceUpdate{Scope: scope.Group(groupID).Members()})
			return err
		}),
		c("Decisions.BatchRecord/no decision", "decision", func(t *testing.T, e *env) error {
			return e.ar.Decisions.BatchRecord(ctx(t), defID, instID, accessreviews.BatchDecision{PrincipalID: userID})
		}),
		c("Decisions.BatchRecord/unknown decision", "decision", func(t *testing.T, e *env) error {
			return e.ar.Decisions.BatchRecord(ctx(t), defID, instID, accessreviews.BatchDecision{Decision: "Maybe", PrincipalID: userID})
		}),
		c("Decisions.BatchRecord/no target", "allItems", func(t *testing.T, e *env) error {
			return e.ar.Decisions.BatchRecord(ctx(t), defID, instID, accessreviews.BatchDecision{Decision: approve})
		}),
		c("Decisions.BatchRecord/all items and a principal", "allItems", func(t *testing.T, e *env) error {
			return e.ar.Decisions.BatchRecord(ctx(t), defID, instID, accessreviews.BatchDecision{Decision: approve, PrincipalID: userID, AllItems: true})
		}),
		c("Decisions.BatchRecord/invalid instance", "instanceID", func(t *testing.T, e *env) error {
			return e.ar.Decisions.BatchRecord(ctx(t), defID, bad, accessreviews.BatchDecision{Decision: approve, PrincipalID: userID})
		}),

		c("Stages.List/invalid instance", "instanceID", func(t *testing.T, e *env) error {
			return firstErr(e.ar.Stages.List(ctx(t), defID, bad, nil))
		}),
		c("Stages.ListForCurrentUser/orderby", "orderBy[0]", func(t *testing.T, e *env) error {
			return firstErr(e.ar.Stages.ListForCurrentUser(ctx(t), defID, instID, &accessreviews.ListOptions{OrderBy: []string{"status'"}}))
		}),
		c("Stages.Get/invalid stage", "stageID", func(t *testing.T, e *env) error {
			_, err := e.ar.Stages.Get(ctx(t), defID, instID, bad)
			return err
		}),
		c("Stages.Stop/invalid stage", "stageID", func(t *testing.T, e *env) error {
			return e.ar.Stages.Stop(ctx(t), defID, instID, "1")
		}),
		c("Stages.Update/invalid fallback reviewer", "fallbackReviewers[0].query.groupId", func(t *testing.T, e *env) error {
			_, err := e.ar.Stages.Update(ctx(t), defID, instID, stageID, accessreviews.StageUpdate{FallbackReviewers: []scope.Reviewer{scope.MembersOfGroup("")}})
			return err
		}),
		c("Stages.Update/invalid stage", "stageID", func(t *testing.T, e *env) error {
			_, err := e.ar.Stages.Update(ctx(t), defID, instID, bad, accessreviews.StageUpdate{Reviewers: scope.SelfReview()})
			return err
		}),
	}
}
