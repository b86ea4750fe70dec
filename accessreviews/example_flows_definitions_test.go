package accessreviews_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// The quarterly review of the guests of every Microsoft 365 group, by the
// groups' owners, built with the scope and recurrence builders. The
// service runs one instance per group that has guests.
func ExampleDefinitionsService_Create_onFake() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()
	client := s.Client()

	want := &accessreviews.Definition{
		DisplayName:              "Quarterly guest review of Microsoft 365 groups",
		DescriptionForReviewers:  "Remove guests who no longer need access.",
		InstanceEnumerationScope: scope.AllMicrosoft365Groups(),
		Scope:                    scope.EachGroup().Members().Users().Guests(),
		Reviewers:                []scope.Reviewer{scope.GroupOwners()},
		FallbackReviewers:        []scope.Reviewer{scope.User(alineID)},
		Settings: accessreviews.Settings{
			MailNotificationsEnabled:  true,
			DefaultDecisionEnabled:    true,
			DefaultDecision:           accessreviews.DefaultApprove,
			AutoApplyDecisionsEnabled: true,
			RecommendationsEnabled:    true,
			InstanceDurationInDays:    14,
			Recurrence: recurrence.Quarterly().
				StartingOn(odata.Date{Year: 2026, Month: time.January, Day: 5}).
				EndingOn(odata.Date{Year: 2026, Month: time.December, Day: 31}),
			ApplyActions: []accessreviews.ApplyAction{accessreviews.RemoveAccess()},
		},
	}
	printWarnings(want)
	def, err := client.Definitions.Create(ctx, want)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("created", def.ID)
	fmt.Println(scope.DescribeReview(def.Scope, def.InstanceEnumerationScope))
	for inst, err := range client.Instances.List(ctx, def.ID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(inst.Status, scope.Describe(inst.Scope))
	}
	// Output:
	// created 2b2b7f3e-c2f9-4a94-8001-73d52ba5eae7
	// guest users among the direct members of each Microsoft 365 group
	// InProgress guest users among the direct members of group 02f3bafb-448c-487c-88c2-5fd65ce49a41
}

// Get reads one definition back; its status follows its instances.
func ExampleDefinitionsService_Get_onFake() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()
	client := s.Client()
	defID, _ := createGuestReview(ctx, client)

	def, err := client.Definitions.Get(ctx, defID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(def.DisplayName)
	fmt.Println(def.Status, def.Settings.Recurrence)
	fmt.Println(scope.DescribeReviewers(def.Reviewers))
	// Output:
	// Quarterly guest review of Microsoft 365 groups
	// InProgress every 3 months, from 2026-01-05, with no end
	// the owners of each group
}

// A filter on the scope's query finds the guest reviews among all the
// definitions of the tenant.
func ExampleDefinitionsService_List_onFake() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()
	client := s.Client()
	createGuestReview(ctx, client)
	want := &accessreviews.Definition{
		DisplayName: "Finance members review themselves",
		Scope:       scope.Group(financeID).TransitiveMembers(),
		Settings: accessreviews.Settings{
			Recurrence: recurrence.Once().StartingOn(odata.Date{Year: 2026, Month: time.January, Day: 5}),
		},
	}
	printWarnings(want)
	_, err := client.Definitions.Create(ctx, want)
	if err != nil {
		log.Fatal(err)
	}

	guests := &accessreviews.ListOptions{
		Filter: odata.Contains("scope/microsoft.graph.accessReviewQueryScope/query", "userType eq 'Guest'"),
	}
	for def, err := range client.Definitions.List(ctx, guests) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(def.DisplayName)
	}
	// Output:
	// Quarterly guest review of Microsoft 365 groups
}

// An update replaces the whole definition: read it, change it, send it
// back. What is not changed is sent as it was read.
func ExampleDefinitionsService_Update_onFake() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()
	client := s.Client()
	defID, _ := createGuestReview(ctx, client)

	def, err := client.Definitions.Get(ctx, defID)
	if err != nil {
		log.Fatal(err)
	}
	def.DescriptionForReviewers = "Remove guests who left the campaign."
	def.Settings.JustificationRequiredOnApproval = true
	if err := client.Definitions.Update(ctx, def.ID, def); err != nil {
		log.Fatal(err)
	}

	def, err = client.Definitions.Get(ctx, defID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(def.DescriptionForReviewers)
	fmt.Println(def.Settings.JustificationRequiredOnApproval, def.Settings.DefaultDecision)
	// Output:
	// Remove guests who left the campaign.
	// true Approve
}

// Stopping a definition ends its running instances; nobody can record
// decisions any more.
func ExampleDefinitionsService_Stop_onFake() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()
	client := s.Client()
	defID, instID := createGuestReview(ctx, client)

	if err := client.Definitions.Stop(ctx, defID); err != nil {
		log.Fatal(err)
	}
	inst, err := client.Instances.Get(ctx, defID, instID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(inst.Status, inst.Status.Finished())
	// Output:
	// Completed true
}

// Deleting a definition deletes its instances and decisions with it.
func ExampleDefinitionsService_Delete_onFake() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()
	client := s.Client()
	defID, _ := createGuestReview(ctx, client)

	if err := client.Definitions.Delete(ctx, defID); err != nil {
		log.Fatal(err)
	}
	_, err := client.Definitions.Get(ctx, defID)
	fmt.Println(errors.Is(err, odata.ErrNotFound))
	// Output:
	// true
}
