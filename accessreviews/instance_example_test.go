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

// Replace the reviewers of the current stage of a two-stage review,
// leaving its fallback reviewers as they are.
func ExampleStagesService_Update() {
	const (
		groupID   = "8c4e1f7a-2d6b-4a93-b5e0-1f7c3a9d5e62"
		ownerID   = "7e2b9d41-3c5a-4f86-b1d0-9a8c6e4f2b17"
		memberID  = "43b12b0c-ee2c-4257-96fe-505d823e06ab"
		auditorID = "c9a5aff7-9298-4d71-adab-0a222e0a05e4"
	)
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(accessreviewstest.Directory{
		Users: []accessreviewstest.User{
			{ID: ownerID, DisplayName: "Adele Vance", UserPrincipalName: "AdeleV@contoso.com"},
			{ID: memberID, DisplayName: "Alex Wilber", UserPrincipalName: "AlexW@contoso.com"},
			{ID: auditorID, DisplayName: "Aline Dupuy", UserPrincipalName: "AlineD@contoso.com"},
		},
		Groups: []accessreviewstest.Group{{ID: groupID, DisplayName: "Finance", SecurityEnabled: true,
			Members: []string{memberID}, Owners: []string{ownerID}}},
	}))
	defer s.Close()
	ctx := context.Background()
	client := s.Client()

	def, err := client.Definitions.Create(ctx, &accessreviews.Definition{
		DisplayName: "Two-stage review of the Finance group",
		Scope:       scope.Group(groupID).TransitiveMembers(),
		Settings: accessreviews.Settings{
			Recurrence: recurrence.Once().StartingOn(odata.Date{Year: 2026, Month: time.January, Day: 5}),
		},
		StageSettings: []accessreviews.StageSettings{
			{StageID: "1", DurationInDays: 3, Reviewers: []scope.Reviewer{scope.OwnersOfGroup(groupID)},
				FallbackReviewers: []scope.Reviewer{scope.User(auditorID)}},
			{StageID: "2", DependsOn: []string{"1"}, DurationInDays: 4, Reviewers: []scope.Reviewer{scope.User(auditorID)}},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	instID := accessreviews.InstanceID(def.ID) // a one-time review's instance has the definition's ID

	running := &accessreviews.ListOptions{Filter: odata.Eq("status", accessreviews.StatusInProgress)}
	for st, err := range client.Stages.List(ctx, def.ID, instID, running) {
		if err != nil {
			log.Fatal(err)
		}
		updated, err := client.Stages.Update(ctx, def.ID, instID, st.ID, accessreviews.StageUpdate{
			Reviewers: []scope.Reviewer{scope.MembersOfGroup(groupID)},
		})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("reviewers:", scope.DescribeReviewers(updated.Reviewers))
		fmt.Println("fallback:", scope.DescribeReviewers(updated.FallbackReviewers))
	}
	// Output:
	// reviewers: the members of group 8c4e1f7a-2d6b-4a93-b5e0-1f7c3a9d5e62
	// fallback: user c9a5aff7-9298-4d71-adab-0a222e0a05e4
}
