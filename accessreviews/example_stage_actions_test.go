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

// The first stage's reviewer denies one guest for the whole stage in one
// request, then accepts the service's recommendations for the rest of the
// stage. Both act on this stage only, and both need the reviewer's own
// (delegated) token.
func ExampleStagesService_BatchRecord_onFake() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()

	want := &accessreviews.Definition{
		DisplayName: "Two-stage review of the Marketing group",
		Scope:       scope.Group(marketingID).TransitiveMembers(),
		Settings: accessreviews.Settings{
			RecommendationsEnabled: true,
			Recurrence:             recurrence.Once().StartingOn(odata.Date{Year: 2026, Month: time.January, Day: 5}),
		},
		StageSettings: []accessreviews.StageSettings{
			{StageID: "1", DurationInDays: 3, RecommendationsEnabled: true, Reviewers: []scope.Reviewer{scope.OwnersOfGroup(marketingID)},
				FallbackReviewers: []scope.Reviewer{scope.User(alineID)}},
			{StageID: "2", DependsOn: []string{"1"}, DurationInDays: 4, Reviewers: []scope.Reviewer{scope.User(meganID)}},
		},
	}
	printWarnings(want)
	def, err := s.Client().Definitions.Create(ctx, want)
	if err != nil {
		log.Fatal(err)
	}
	instID := accessreviews.InstanceID(def.ID) // a one-time review's instance has the definition's ID

	adele := s.ClientAs(adeleID) // the group's owner reviews the first stage
	var stageID accessreviews.StageID
	for st, err := range adele.Stages.ListForCurrentUser(ctx, def.ID, instID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		stageID = st.ID
	}
	err = adele.Stages.BatchRecord(ctx, def.ID, instID, stageID, accessreviews.BatchDecision{
		Decision: accessreviews.DecisionDeny, Justification: "Never signed in", PrincipalID: johnID,
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := adele.Stages.AcceptRecommendations(ctx, def.ID, instID, stageID); err != nil {
		log.Fatal(err)
	}
	for d, err := range adele.Decisions.ListInStageForCurrentUser(ctx, def.ID, instID, stageID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %s (recommended %s)\n", d.PrincipalDisplayName(), d.Decision, d.Recommendation)
	}

	// An application token cannot accept recommendations: nobody signed in
	// reviews anything.
	err = s.Client().Stages.AcceptRecommendations(ctx, def.ID, instID, stageID)
	fmt.Println("application token refused:", errors.Is(err, odata.ErrForbidden))
	// Output:
	// Alex Wilber: Approve (recommended Approve)
	// John Doe (Tailspin Toys): Deny (recommended Deny)
	// Sara Davis (Fabrikam): Approve (recommended Approve)
	// application token refused: true
}

// Megan is away: the reviews she was asked to do are delegated to Aline.
// Aline lists what she reviews on someone else's behalf (a beta filter
// sent with Prefer: include-unknown-enum-members) and, with delegatedBy
// selected, on whose behalf. Graph documents no call that delegates a
// review; the fake's DelegateReviews sets one up.
func ExampleInstancesService_ListForCurrentUserAs_onFake() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()

	want := &accessreviews.Definition{
		DisplayName:       "Finance members, reviewed by their managers",
		Scope:             scope.Group(financeID).TransitiveMembers(),
		Reviewers:         []scope.Reviewer{scope.Managers()},
		FallbackReviewers: []scope.Reviewer{scope.User(adeleID)},
		Settings: accessreviews.Settings{
			Recurrence: recurrence.Once().StartingOn(odata.Date{Year: 2026, Month: time.January, Day: 5}),
		},
	}
	printWarnings(want)
	def, err := s.Client().Definitions.Create(ctx, want)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("items delegated:", s.DelegateReviews(meganID, alineID))

	aline := s.ClientAs(alineID)
	for _, role := range []accessreviews.ReviewerRole{accessreviews.AsDirectReviewer, accessreviews.AsDelegatedReviewer} {
		opts := &accessreviews.ListOptions{Select: []string{"id", "status", "delegatedBy"}}
		n := 0
		for in, err := range aline.Instances.ListForCurrentUserAs(ctx, def.ID, role, opts) {
			if err != nil {
				log.Fatal(err)
			}
			n++
			for _, by := range in.DelegatedBy {
				fmt.Println(role+":", in.Status, "on behalf of", by.DisplayName)
			}
		}
		fmt.Println(role+":", n, "instance(s)")
	}
	for d, err := range aline.Decisions.ListForCurrentUserAs(ctx, def.ID, accessreviews.InstanceID(def.ID), accessreviews.AsDelegatedReviewer, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("to review:", d.PrincipalDisplayName())
	}
	// Output:
	// items delegated: 1
	// directReviewer: 0 instance(s)
	// delegatedReviewer: InProgress on behalf of Megan Bowen
	// delegatedReviewer: 1 instance(s)
	// to review: Alex Wilber
}
