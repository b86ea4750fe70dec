package accessreviewstest_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/scope"
)

// The quick start: seed a directory, create a review through the SDK,
// move the fake's clock past the review's end, and look at what the
// service did and what it received.
func Example() {
	const (
		ownerID = "7e2b9d41-3c5a-4f86-b1d0-9a8c6e4f2b17"
		guestID = "0e76ee07-b4c6-469e-bc9d-e73fc9a8d660"
		groupID = "02f3bafb-448c-487c-88c2-5fd65ce49a41"
	)
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(accessreviewstest.Directory{
		Users: []accessreviewstest.User{
			{ID: ownerID, DisplayName: "Adele Vance", UserPrincipalName: "AdeleV@contoso.com"},
			{ID: guestID, DisplayName: "John Doe", UserPrincipalName: "john@tailspintoys.com", UserType: "Guest"},
		},
		Groups: []accessreviewstest.Group{{ID: groupID, DisplayName: "Marketing", GroupTypes: []string{"Unified"},
			MailEnabled: true, Members: []string{guestID}, Owners: []string{ownerID}}},
	}))
	defer s.Close() // in a test: t.Cleanup(s.Close)
	ctx := context.Background()
	client := s.Client() // an application; s.ClientAs(userID) signs a user in

	def, err := client.Definitions.Create(ctx, &accessreviews.Definition{
		DisplayName: "Guests of Marketing",
		Scope:       scope.Group(groupID).TransitiveMembers().Guests(),
		Reviewers:   []scope.Reviewer{scope.OwnersOfGroup(groupID)},
		Settings:    accessreviews.Settings{InstanceDurationInDays: 14},
	})
	if err != nil {
		log.Fatal(err)
	}
	s.Clock().Advance(15 * 24 * time.Hour) // the review ends; nothing sleeps
	for inst, err := range client.Instances.List(ctx, def.ID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("instance:", inst.Status)
	}
	for _, r := range s.Requests() {
		fmt.Println(r.Method, r.Path, r.Status)
	}
	// Output:
	// instance: Completed
	// POST /v1.0/identityGovernance/accessReviews/definitions 201
	// GET /v1.0/identityGovernance/accessReviews/definitions/2b2b7f3e-c2f9-4a94-8001-73d52ba5eae7/instances 200
}
