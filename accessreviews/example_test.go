package accessreviews_test

import (
	"context"
	"fmt"
	"log"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

// The quick start: create a review of a group's guests by the group's
// owner and list what is left to review. It runs against the in-memory
// fake of package accessreviewstest; against Microsoft Graph, build the
// client with accessreviews.NewClient(odata.WithClientCredentials(tenantID,
// clientID, secret)) instead.
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
	defer s.Close()
	ctx := context.Background()

	client, err := accessreviews.NewClient(s.Options()...)
	if err != nil {
		log.Fatal(err)
	}
	def, err := client.Definitions.Create(ctx, &accessreviews.Definition{
		DisplayName: "Guests of Marketing",
		Scope:       scope.Group(groupID).TransitiveMembers().Guests(),
		Reviewers:   []scope.Reviewer{scope.OwnersOfGroup(groupID)},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("created:", def.DisplayName)

	pending := &accessreviews.ListOptions{Filter: odata.Eq("decision", accessreviews.DecisionNotReviewed)}
	for inst, err := range client.Instances.List(ctx, def.ID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		for d, err := range client.Decisions.List(ctx, def.ID, inst.ID, pending) {
			if err != nil {
				log.Fatal(err)
			}
			fmt.Println("to review:", d.PrincipalDisplayName(), d.Decision)
		}
	}
	// Output:
	// created: Guests of Marketing
	// to review: John Doe NotReviewed
}
