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
