package accessreviews_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// The runnable examples in the example_flows files run against the fake
// service of package accessreviewstest, seeded with the small Contoso
// tenant below. The fake's clock starts at 2026-01-05T09:00Z and its IDs
// come from a fixed seed, so what the examples print is the same on every
// run.

// Object IDs of the example tenant.
const (
	// meganID is the administrator who runs the examples (an Identity
	// Governance Administrator); she manages Alex Wilber.
	meganID = "5f1c3a2e-8b7d-4c61-9e0a-2d4b6f8a1c3e"
	// alineID is the fallback reviewer of the guest review.
	alineID = "c9a5aff7-9298-4d71-adab-0a222e0a05e4"
	// adeleID owns every group, so she reviews them.
	adeleID = "7e2b9d41-3c5a-4f86-b1d0-9a8c6e4f2b17"
	// alexID is a member of every group.
	alexID = "43b12b0c-ee2c-4257-96fe-505d823e06ab"
	// johnID is a guest who never signed in: the service recommends Deny.
	johnID = "0e76ee07-b4c6-469e-bc9d-e73fc9a8d660"
	// saraID is a guest who signed in last week: the service recommends
	// Approve.
	saraID = "b3d8f0a6-51c2-4e97-8a4d-6f1e3c9b7d25"

	// marketingID is a Microsoft 365 group with two guests.
	marketingID = "02f3bafb-448c-487c-88c2-5fd65ce49a41"
	// salesID is a Microsoft 365 group without guests.
	salesID = "59ab642a-2776-4e32-9b68-9ff7a47b7f6a"
	// financeID is a security group.
	financeID = "8c4e1f7a-2d6b-4a93-b5e0-1f7c3a9d5e62"
)

// contoso is the example tenant.
func contoso() accessreviewstest.Directory {
	now := time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC) // the fake's clock
	lastWeek := now.AddDate(0, 0, -7)
	return accessreviewstest.Directory{
		Users: []accessreviewstest.User{
			{ID: meganID, DisplayName: "Megan Bowen", UserPrincipalName: "MeganB@contoso.com", LastSignIn: lastWeek},
			{ID: alineID, DisplayName: "Aline Dupuy", UserPrincipalName: "AlineD@contoso.com", LastSignIn: lastWeek},
			{ID: adeleID, DisplayName: "Adele Vance", UserPrincipalName: "AdeleV@contoso.com", LastSignIn: lastWeek},
			{ID: alexID, DisplayName: "Alex Wilber", UserPrincipalName: "AlexW@contoso.com", LastSignIn: lastWeek,
				ManagerID: meganID},
			{ID: johnID, DisplayName: "John Doe (Tailspin Toys)", UserPrincipalName: "john@tailspintoys.com",
				UserType: "Guest"},
			{ID: saraID, DisplayName: "Sara Davis (Fabrikam)", UserPrincipalName: "sara@fabrikam.com",
				UserType: "Guest", LastSignIn: lastWeek},
		},
		Groups: []accessreviewstest.Group{
			{ID: marketingID, DisplayName: "Feelgood Marketing Campaign", GroupTypes: []string{"Unified"},
				MailEnabled: true, Members: []string{alexID, johnID, saraID}, Owners: []string{adeleID}},
			{ID: salesID, DisplayName: "Sales", GroupTypes: []string{"Unified"},
				MailEnabled: true, Members: []string{alexID}, Owners: []string{adeleID}},
			{ID: financeID, DisplayName: "Finance", SecurityEnabled: true,
				Members: []string{alexID}, Owners: []string{adeleID}},
		},
		// Megan administers access reviews.
		Roles: []accessreviewstest.Role{accessreviewstest.NewRole(accessreviewstest.RoleIdentityGovernanceAdministrator, meganID)},
	}
}

// guestReview is the quarterly review of the guests of every Microsoft 365
// group by the groups' owners, two weeks per quarter, starting today.
func guestReview() *accessreviews.Definition {
	return &accessreviews.Definition{
		DisplayName:              "Quarterly guest review of Microsoft 365 groups",
		InstanceEnumerationScope: scope.AllMicrosoft365Groups(),
		Scope:                    scope.EachGroup().Members().Users().Guests(),
		Reviewers:                []scope.Reviewer{scope.GroupOwners()},
		FallbackReviewers:        []scope.Reviewer{scope.User(alineID)},
		Settings: accessreviews.Settings{
			DefaultDecisionEnabled: true,
			DefaultDecision:        accessreviews.DefaultApprove,
			RecommendationsEnabled: true,
			InstanceDurationInDays: 14,
			Recurrence:             recurrence.Quarterly().StartingOn(odata.Date{Year: 2026, Month: time.January, Day: 5}),
			ApplyActions:           []accessreviews.ApplyAction{accessreviews.RemoveAccess()},
		},
	}
}

// createGuestReview creates guestReview and returns it with the ID of its
// only running instance, the one of the Marketing group (Sales has no
// guests, so no instance).
func createGuestReview(ctx context.Context, client *accessreviews.Client) (accessreviews.DefinitionID, accessreviews.InstanceID) {
	want := guestReview()
	printWarnings(want)
	def, err := client.Definitions.Create(ctx, want)
	if err != nil {
		log.Fatal(err)
	}
	for inst, err := range client.Instances.List(ctx, def.ID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		return def.ID, inst.ID
	}
	log.Fatal("the guest review has no instance")
	return "", ""
}

// ExampleNewClient points a client at the fake service. Against Microsoft
// Graph, odata.WithClientCredentials replaces the fake's options.
func ExampleNewClient() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()

	client, err := accessreviews.NewClient(s.Options()...)
	if err != nil {
		log.Fatal(err)
	}
	n := 0
	for _, err := range client.Definitions.List(context.Background(), nil) {
		if err != nil {
			log.Fatal(err)
		}
		n++
	}
	fmt.Println(n, "definitions")
	// Output: 0 definitions
}

// printWarnings prints what Lint finds probably mistaken in a definition
// about to be created: the service accepts it, so the example goes on.
func printWarnings(def *accessreviews.Definition) {
	for _, w := range def.Lint() {
		fmt.Println("warning:", w)
	}
}
