package accessreviews_test

import (
	"context"
	"fmt"
	"log"
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
	// stageSettings[1].dependsOn: must be exactly ["1"], the stage before it: stages run in a chain, in the order they are listed
	// stageSettings: the stages last 8 days in all, longer than the recurrence period of 7 days
}

// The quarterly review of the guests of every Microsoft 365 group, by the
// groups' owners.
func ExampleDefinitionsService_Create() {
	ctx := context.Background()
	client, err := accessreviews.NewClient(odata.WithClientCredentials("contoso.onmicrosoft.com",
		"00000000-0000-0000-0000-000000000001", "client secret"))
	if err != nil {
		log.Fatal(err)
	}
	start := odata.Date{Year: 2025, Month: time.January, Day: 6}
	def, err := client.Definitions.Create(ctx, &accessreviews.Definition{
		DisplayName:              "Quarterly guest review of Microsoft 365 groups",
		DescriptionForReviewers:  "Remove guests who no longer need access.",
		InstanceEnumerationScope: scope.AllMicrosoft365Groups(),
		Scope:                    scope.EachGroup().Members().Users().Guests(),
		Reviewers:                []scope.Reviewer{scope.GroupOwners()},
		FallbackReviewers:        []scope.Reviewer{scope.User("c9a5aff7-9298-4d71-adab-0a222e0a05e4")},
		Settings: accessreviews.Settings{
			MailNotificationsEnabled:     true,
			ReminderNotificationsEnabled: true,
			DefaultDecisionEnabled:       true,
			DefaultDecision:              accessreviews.DefaultApprove,
			AutoApplyDecisionsEnabled:    true,
			RecommendationsEnabled:       true,
			InstanceDurationInDays:       14,
			Recurrence:                   recurrence.Quarterly().StartingOn(start),
			ApplyActions:                 []accessreviews.ApplyAction{accessreviews.RemoveAccess()},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("created", def.ID)
}

// An update replaces the whole definition: read it, change it, send it
// back. Properties this package does not model travel along.
func ExampleDefinitionsService_Update() {
	ctx := context.Background()
	client, err := accessreviews.NewClient(odata.WithClientCredentials("contoso.onmicrosoft.com",
		"00000000-0000-0000-0000-000000000001", "client secret"))
	if err != nil {
		log.Fatal(err)
	}
	def, err := client.Definitions.Get(ctx, "5a7d3c1e-2b4f-4e6a-9c8d-7f1e2d3c4b5a")
	if err != nil {
		log.Fatal(err)
	}
	def.Settings.ReminderNotificationsEnabled = true
	def.AdditionalNotificationRecipients = append(def.AdditionalNotificationRecipients,
		scope.NotifyUser("c9a5aff7-9298-4d71-adab-0a222e0a05e4"))
	if err := client.Definitions.Update(ctx, def.ID, def); err != nil {
		log.Fatal(err)
	}
}

// Definitions can be filtered by status and by the query of their scope.
func ExampleDefinitionsService_List() {
	ctx := context.Background()
	client, err := accessreviews.NewClient(odata.WithClientCredentials("contoso.onmicrosoft.com",
		"00000000-0000-0000-0000-000000000001", "client secret"))
	if err != nil {
		log.Fatal(err)
	}
	opts := &accessreviews.ListOptions{
		Filter: odata.And(
			odata.Eq("status", accessreviews.StatusInProgress),
			odata.Contains("scope/microsoft.graph.accessReviewQueryScope/query", "./members"),
		),
	}
	for def, err := range client.Definitions.List(ctx, opts) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(def.DisplayName, scope.DescribeReview(def.Scope, def.InstanceEnumerationScope))
	}
}
