package accessreviewstest_test

import (
	"context"
	"fmt"
	"log"
	"path"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// flowReview is a one-time, two-week review of the members of
// LargeGroupDirectory's group by its owner, starting on the day the fake's
// clock starts. Unreviewed items get the service's recommendation when
// the review ends.
func flowReview() *accessreviews.Definition {
	return &accessreviews.Definition{
		DisplayName: "Review of the members of Large group",
		Scope:       scope.Group(accessreviewstest.LargeGroupID).Members().Users(),
		Reviewers:   []scope.Reviewer{scope.OwnersOfGroup(accessreviewstest.LargeGroupID)},
		Settings: accessreviews.Settings{
			DefaultDecisionEnabled: true,
			DefaultDecision:        accessreviews.DefaultRecommendation,
			RecommendationsEnabled: true,
			InstanceDurationInDays: 14,
			Recurrence:             recurrence.Once().StartingOn(odata.Date{Year: 2026, Month: time.January, Day: 5}),
		},
	}
}

// A short throttle is ridden out: the client waits the Retry-After the
// server asked for and sends the request again, and the caller only sees
// the answer.
func ExampleServer_FailNext_rideOut() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(accessreviewstest.LargeGroupDirectory(3)))
	defer s.Close()
	ctx := context.Background()
	client := s.Client()
	if _, err := client.Definitions.Create(ctx, flowReview()); err != nil {
		log.Fatal(err)
	}
	s.ResetRequests()

	s.FailNext(1, accessreviewstest.Throttle("0.1"))
	for def, err := range client.Definitions.List(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(def.DisplayName)
	}
	for _, r := range s.Requests() {
		fmt.Println(r.Method, r.Path, r.Status)
	}
	// Output:
	// Review of the members of Large group
	// GET /v1.0/identityGovernance/accessReviews/definitions 429
	// GET /v1.0/identityGovernance/accessReviews/definitions 200
}

// The clock moves only when told to. Advancing it past the end of a
// review completes it at once, with the default decisions recorded, as the
// service would two weeks later.
func ExampleClock_Advance() {
	// LargeGroupDirectory(3) is one group with three members who signed in
	// a day, 10 days and 90 days before the clock's start.
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(accessreviewstest.LargeGroupDirectory(3)))
	defer s.Close()
	ctx := context.Background()
	client := s.Client()
	def, err := client.Definitions.Create(ctx, flowReview())
	if err != nil {
		log.Fatal(err)
	}
	instID := accessreviews.InstanceID(def.ID) // a one-time review's instance has the definition's ID

	s.Clock().Advance(14 * 24 * time.Hour)
	inst, err := client.Instances.Get(ctx, def.ID, instID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Clock().Now().Format(time.DateOnly), inst.Status)
	for d, err := range client.Decisions.List(ctx, def.ID, instID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(d.PrincipalDisplayName(), d.Decision)
	}
	// Output:
	// 2026-01-19 Completed
	// User 0 Approve
	// User 1 Approve
	// User 2 Deny
}

// The request log lets a test check what a bot sent: here, that recording
// a decision is a PATCH carrying only the decision, with the caller's
// token.
func ExampleServer_Requests_patchBody() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(accessreviewstest.LargeGroupDirectory(3)))
	defer s.Close()
	ctx := context.Background()
	def, err := s.Client().Definitions.Create(ctx, flowReview())
	if err != nil {
		log.Fatal(err)
	}
	instID := accessreviews.InstanceID(def.ID)
	owner := s.ClientAs(accessreviewstest.LargeGroupOwnerID)
	s.ResetRequests()

	for d, err := range owner.Decisions.ListForCurrentUser(ctx, def.ID, instID, &accessreviews.ListOptions{Top: 1}) {
		if err != nil {
			log.Fatal(err)
		}
		err := owner.Decisions.Record(ctx, def.ID, instID, d.ID, accessreviews.DecisionUpdate{Decision: accessreviews.DecisionApprove})
		if err != nil {
			log.Fatal(err)
		}
		break
	}
	for _, r := range s.Requests() {
		fmt.Println(r.Method, path.Base(r.Path), r.Status, "token:", r.HasAuth)
		if len(r.Body) > 0 {
			fmt.Println("body:", string(r.Body))
		}
	}
	// Output:
	// GET filterByCurrentUser(on='reviewer') 200 token: true
	// PATCH 11442ee9-7006-4fd8-bf00-a0344f222026 204 token: true
	// body: {"decision":"Approve"}
}
