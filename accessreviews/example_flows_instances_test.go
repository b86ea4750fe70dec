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

// An all-groups review runs one instance per group with someone to review
// (Sales has no guests, so only Marketing has one); each instance's scope
// names its group.
func ExampleInstancesService_List_onFake() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()
	client := s.Client()
	defID, _ := createGuestReview(ctx, client)

	running := &accessreviews.ListOptions{Filter: odata.Eq("status", accessreviews.StatusInProgress)}
	for inst, err := range client.Instances.List(ctx, defID, running) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(inst.ID, inst.Status)
		fmt.Println("from", inst.StartDateTime.Format(time.DateOnly), "to", inst.EndDateTime.Format(time.DateOnly))
		fmt.Println(scope.Describe(inst.Scope))
	}
	// Output:
	// 9840989f-bc79-4d21-a6e9-fa279a58b936 InProgress
	// from 2026-01-05 to 2026-01-19
	// guest users among the direct members of group 02f3bafb-448c-487c-88c2-5fd65ce49a41
}

// Stopping an instance ends it early. Items nobody reviewed get the
// definition's default decision.
func ExampleInstancesService_Stop_onFake() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()
	client := s.Client()
	defID, instID := createGuestReview(ctx, client)

	if err := client.Instances.Stop(ctx, defID, instID); err != nil {
		log.Fatal(err)
	}
	inst, err := client.Instances.Get(ctx, defID, instID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(inst.Status)
	for d, err := range client.Decisions.List(ctx, defID, instID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(d.PrincipalDisplayName(), d.Decision, "by", d.ReviewedBy.DisplayName)
	}
	// Output:
	// Completed
	// John Doe (Tailspin Toys) Approve by AAD Access Reviews
	// Sara Davis (Fabrikam) Approve by AAD Access Reviews
}

// The group owner denies a guest; once the instance is stopped, applying
// the decisions removes the guest from the group.
func ExampleInstancesService_ApplyDecisions_onFake() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()
	admin := s.Client()
	defID, instID := createGuestReview(ctx, admin)

	owner := s.ClientAs(adeleID) // decisions are recorded by a signed-in reviewer
	err := owner.Instances.BatchRecord(ctx, defID, instID, accessreviews.BatchDecision{
		Decision: accessreviews.DecisionDeny, PrincipalID: johnID, Justification: "The campaign is over",
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := admin.Instances.Stop(ctx, defID, instID); err != nil {
		log.Fatal(err)
	}
	if err := admin.Instances.ApplyDecisions(ctx, defID, instID); err != nil {
		log.Fatal(err)
	}

	// Read the group's members with the underlying OData client.
	type member struct {
		DisplayName string `json:"displayName"`
	}
	members := &odata.Request{Method: "GET", Path: "groups/" + marketingID + "/members"}
	for m, err := range odata.All[member](ctx, admin.OData(), members) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(m.DisplayName)
	}
	// Output:
	// Alex Wilber
	// Sara Davis (Fabrikam)
}

// One request records a decision on every item of a principal (or of a
// resource).
func ExampleInstancesService_BatchRecord_onFake() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()
	defID, instID := createGuestReview(ctx, s.Client())

	owner := s.ClientAs(adeleID)
	err := owner.Instances.BatchRecord(ctx, defID, instID, accessreviews.BatchDecision{
		Decision: accessreviews.DecisionApprove, PrincipalID: saraID, Justification: "Runs the campaign's ads",
	})
	if err != nil {
		log.Fatal(err)
	}
	for d, err := range owner.Decisions.ListForCurrentUser(ctx, defID, instID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %s %q\n", d.PrincipalDisplayName(), d.Decision, d.Justification)
	}
	// Output:
	// John Doe (Tailspin Toys): NotReviewed ""
	// Sara Davis (Fabrikam): Approve "Runs the campaign's ads"
}

// A reviewer accepts the service's recommendations for every item left to
// review: here, Deny for the guest who never signed in.
func ExampleInstancesService_AcceptRecommendations_onFake() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()
	defID, instID := createGuestReview(ctx, s.Client())

	owner := s.ClientAs(adeleID)
	if err := owner.Instances.AcceptRecommendations(ctx, defID, instID); err != nil {
		log.Fatal(err)
	}
	for d, err := range owner.Decisions.ListForCurrentUser(ctx, defID, instID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(d.PrincipalDisplayName(), d.Recommendation, "→", d.Decision)
	}
	// Output:
	// John Doe (Tailspin Toys) Deny → Deny
	// Sara Davis (Fabrikam) Approve → Approve
}

// Remind the reviewers of every running instance.
func ExampleInstancesService_SendReminder_onFake() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()
	client := s.Client()
	defID, _ := createGuestReview(ctx, client)

	running := &accessreviews.ListOptions{Filter: odata.Eq("status", accessreviews.StatusInProgress)}
	for inst, err := range client.Instances.List(ctx, defID, running) {
		if err != nil {
			log.Fatal(err)
		}
		if err := client.Instances.SendReminder(ctx, defID, inst.ID); err != nil {
			log.Fatal(err)
		}
		fmt.Println("reminders sent:", s.RemindersSent(string(defID), string(inst.ID)))
	}
	// Output:
	// reminders sent: 1
}

// Add a fallback reviewer to one running instance: read it, change the
// list, send it back. The definition and its other instances keep theirs.
func ExampleInstancesService_Update_onFake() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()
	client := s.Client()
	defID, instID := createGuestReview(ctx, client)

	inst, err := client.Instances.Get(ctx, defID, instID)
	if err != nil {
		log.Fatal(err)
	}
	u := inst.ForUpdate()
	u.FallbackReviewers = append(u.FallbackReviewers, scope.User(meganID))
	inst, err = client.Instances.Update(ctx, defID, instID, u)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(scope.DescribeReviewers(inst.FallbackReviewers))
	// Output:
	// user c9a5aff7-9298-4d71-adab-0a222e0a05e4 and user 5f1c3a2e-8b7d-4c61-9e0a-2d4b6f8a1c3e
}

// The contacted reviewers are the people the reviewer queries resolved to:
// for "the owners of each group", the owner of the group under review.
func ExampleContactedReviewersService_List_onFake() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()
	client := s.Client()
	defID, instID := createGuestReview(ctx, client)

	for r, err := range client.ContactedReviewers.List(ctx, defID, instID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(r.DisplayName, r.UserPrincipalName)
	}
	// Output:
	// Adele Vance AdeleV@contoso.com
}

// A two-stage review: the group's owners first, then the members'
// managers for what the owners approved or left. The service opens a stage
// when the one before it ends.
func ExampleStagesService_List_onFake() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()
	client := s.Client()

	want := &accessreviews.Definition{
		DisplayName: "Two-stage review of the Finance group",
		Scope:       scope.Group(financeID).TransitiveMembers(),
		Settings: accessreviews.Settings{
			Recurrence: recurrence.Once().StartingOn(odata.Date{Year: 2026, Month: time.January, Day: 5}),
		},
		StageSettings: []accessreviews.StageSettings{
			{StageID: "1", DurationInDays: 3, Reviewers: []scope.Reviewer{scope.OwnersOfGroup(financeID)},
				DecisionsThatWillMoveToNextStage: []accessreviews.DecisionValue{
					accessreviews.DecisionApprove, accessreviews.DecisionNotReviewed}},
			{StageID: "2", DependsOn: []string{"1"}, DurationInDays: 4, Reviewers: []scope.Reviewer{scope.Managers()}},
		},
	}
	printWarnings(want)
	def, err := client.Definitions.Create(ctx, want)
	if err != nil {
		log.Fatal(err)
	}
	instID := accessreviews.InstanceID(def.ID) // a one-time review's instance has the definition's ID

	printStages := func() {
		for st, err := range client.Stages.List(ctx, def.ID, instID, nil) {
			if err != nil {
				log.Fatal(err)
			}
			fmt.Println(st.ID, st.Status, st.EndDateTime.Format(time.DateOnly), scope.DescribeReviewers(st.Reviewers))
		}
	}
	printStages()
	s.Clock().Advance(3 * 24 * time.Hour)
	fmt.Println("three days later")
	printStages()
	// Output:
	// warning: stageSettings[0].fallbackReviewers: is empty, but the stage's reviewers are the owners of group 8c4e1f7a-2d6b-4a93-b5e0-1f7c3a9d5e62, who may not exist for every reviewed user; those users would have no reviewer
	// warning: stageSettings[1].fallbackReviewers: is empty, but the stage's reviewers are the managers of the reviewed users, who may not exist for every reviewed user; those users would have no reviewer
	// ac59b398-b702-4e4d-8f66-aedf99f44915 InProgress 2026-01-08 the owners of group 8c4e1f7a-2d6b-4a93-b5e0-1f7c3a9d5e62
	// three days later
	// ac59b398-b702-4e4d-8f66-aedf99f44915 Completed 2026-01-08 the owners of group 8c4e1f7a-2d6b-4a93-b5e0-1f7c3a9d5e62
	// 6352945a-d844-411b-8405-80e8090f7489 InProgress 2026-01-12 the managers of the reviewed users
}
