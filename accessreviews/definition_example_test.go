package accessreviews_test

import (
	"fmt"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// A definition is checked before anything is sent, and every problem is
// reported at once, named by its JSON path.
func ExampleDefinition_Validate() {
	def := &accessreviews.Definition{
		DisplayName: "Two-stage review of the Finance group",
		Scope:       scope.Group("02f3bafb-448c-487c-88c2-5fd65ce49a41").TransitiveMembers(),
		Settings: accessreviews.Settings{
			DefaultDecisionEnabled: true, // but no DefaultDecision
			Recurrence:             recurrence.Weekly().StartingOn(odata.Date{Year: 2025, Month: time.March, Day: 3}),
		},
		StageSettings: []accessreviews.StageSettings{
			{StageID: "1", DurationInDays: 3, Reviewers: []scope.Reviewer{scope.GroupOwners()}},
			{StageID: "2", DurationInDays: 5, Reviewers: []scope.Reviewer{scope.Managers()}},
		},
	}
	fmt.Println(def.Validate())
	// Output:
	// settings.defaultDecision: must be Approve, Deny or Recommendation when defaultDecisionEnabled is set, got ""
	// stageSettings[1].dependsOn: must name exactly one stage (stages run one after another), got []
	// stageSettings: the stages last 8 days in all, longer than one recurrence (7 days)
}

// Lint reports what the service accepts but is probably a mistake. Create
// and Update never refuse because of a warning; print them, log them, or
// fail a deployment pipeline on them.
func ExampleDefinition_Lint() {
	def := &accessreviews.Definition{
		DisplayName: "Monthly review of the Finance group",
		Scope:       scope.Group("02f3bafb-448c-487c-88c2-5fd65ce49a4").TransitiveMembers(),
		Reviewers:   []scope.Reviewer{{Query: "./manger", QueryType: scope.QueryTypeMicrosoftGraph, QueryRoot: scope.QueryRootDecisions}},
		Settings: accessreviews.Settings{
			DefaultDecisionEnabled:         true,
			DefaultDecision:                accessreviews.DefaultDeny,
			AutoApplyDecisionsEnabled:      true,
			InstanceDurationInDays:         30,
			RecommendationLookBackDuration: odata.Days(90),
			Recurrence:                     recurrence.Monthly().StartingOn(odata.Date{Year: 2025, Month: time.March, Day: 3}),
		},
	}
	fmt.Println(def.Validate())
	for _, w := range def.Lint() {
		fmt.Println(w)
	}
	// Output:
	// <nil>
	// scope.query.groupId: "02f3bafb-448c-487c-88c2-5fd65ce49a4" is not a GUID: the documented queries name objects by their object ID
	// reviewers[0].query: "./manger" is not a reviewer query the documentation shows; did you mean "./manager"?
	// settings.instanceDurationInDays: an instance of 30 days may outlast one recurrence (28 to 31 days) in short months: the next instance would start while this one is open
	// settings.recommendationLookBackDuration: P90D is longer than one recurrence (28 to 31 days): recommendations count activity from before the previous review
	// settings.defaultDecision: is Deny, applied automatically (autoApplyDecisionsEnabled): everyone whose reviewer does not answer loses access
}
