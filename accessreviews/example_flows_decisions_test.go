package accessreviews_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
)

// A typed filter narrows the items to those the service recommends to deny.
func ExampleDecisionsService_List_onFake() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()
	client := s.Client()
	defID, instID := createGuestReview(ctx, client)

	deny := &accessreviews.ListOptions{Filter: odata.Eq("recommendation", accessreviews.RecommendationDeny)}
	for d, err := range client.Decisions.List(ctx, defID, instID, deny) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(d.PrincipalDisplayName(), d.Decision, d.Recommendation)
	}
	// Output:
	// John Doe (Tailspin Toys) NotReviewed Deny
}

// A reviewer signed in lists what is theirs to review and not reviewed
// yet.
func ExampleDecisionsService_ListForCurrentUser_onFake() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()
	defID, instID := createGuestReview(ctx, s.Client())

	reviewer := s.ClientAs(adeleID)
	pending := &accessreviews.ListOptions{Filter: odata.Eq("decision", accessreviews.DecisionNotReviewed)}
	for d, err := range reviewer.Decisions.ListForCurrentUser(ctx, defID, instID, pending) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(d.PrincipalDisplayName(), "recommended:", d.Recommendation)
	}
	// Output:
	// John Doe (Tailspin Toys) recommended: Deny
	// Sara Davis (Fabrikam) recommended: Approve
}

// A reviewer records one decision, with a justification.
func ExampleDecisionsService_Record_onFake() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()
	defID, instID := createGuestReview(ctx, s.Client())

	reviewer := s.ClientAs(adeleID)
	for d, err := range reviewer.Decisions.ListForCurrentUser(ctx, defID, instID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		if d.PrincipalID() != johnID {
			continue
		}
		err := reviewer.Decisions.Record(ctx, defID, instID, d.ID, accessreviews.DecisionUpdate{
			Decision:      accessreviews.DecisionDeny,
			Justification: new("Left the campaign in December"),
		})
		if err != nil {
			log.Fatal(err)
		}
		got, err := reviewer.Decisions.Get(ctx, defID, instID, d.ID)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(got.PrincipalDisplayName(), got.Decision, "by", got.ReviewedBy.DisplayName)
		fmt.Println(got.Justification)
	}
	// Output:
	// John Doe (Tailspin Toys) Deny by Adele Vance
	// Left the campaign in December
}

// A reviewer bot follows every recommendation. RecordMany sends the
// decisions in as few round trips as the API allows and reports each
// item's outcome.
func ExampleDecisionsService_RecordMany_onFake() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()
	defID, instID := createGuestReview(ctx, s.Client())

	bot := s.ClientAs(adeleID)
	var records []accessreviews.DecisionRecord
	for d, err := range bot.Decisions.ListForCurrentUser(ctx, defID, instID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		decision := accessreviews.DecisionApprove
		if d.Recommendation == accessreviews.RecommendationDeny {
			decision = accessreviews.DecisionDeny
		}
		records = append(records, accessreviews.DecisionRecord{
			ID: d.ID, Decision: decision, Justification: "Following the recommendation",
		})
	}
	results, err := bot.Decisions.RecordMany(ctx, defID, instID, records, &accessreviews.RecordOptions{
		Progress: func(done, total int) { fmt.Printf("recorded %d of %d\n", done, total) },
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range results {
		if r.Err != nil {
			fmt.Println(r.ID, r.Err)
		}
	}
	for d, err := range bot.Decisions.ListForCurrentUser(ctx, defID, instID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(d.PrincipalDisplayName(), d.Decision)
	}
	// Output:
	// recorded 2 of 2
	// John Doe (Tailspin Toys) Deny
	// Sara Davis (Fabrikam) Approve
}

// Insights explain a recommendation: here, when each guest last signed in.
func ExampleDecisionsService_ListInsights_onFake() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()
	client := s.Client()
	defID, instID := createGuestReview(ctx, client)

	for d, err := range client.Decisions.List(ctx, defID, instID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		for in, err := range client.Decisions.ListInsights(ctx, defID, instID, d.ID) {
			if err != nil {
				log.Fatal(err)
			}
			switch in := in.(type) {
			case accessreviews.UserSignInInsight:
				if in.LastSignInDateTime.IsZero() {
					fmt.Println(d.PrincipalDisplayName(), "never signed in:", d.Recommendation)
					continue
				}
				fmt.Println(d.PrincipalDisplayName(), "last signed in", in.LastSignInDateTime.Format(time.DateOnly)+":", d.Recommendation)
			default:
				fmt.Printf("%s: %T\n", d.PrincipalDisplayName(), in)
			}
		}
	}
	// Output:
	// John Doe (Tailspin Toys) never signed in: Deny
	// Sara Davis (Fabrikam) last signed in 2025-12-29: Approve
}
