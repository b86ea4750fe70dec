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

// The runnable examples of this file run against the fake service of
// package accessreviewstest, seeded with the small Contoso
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

// The quarterly review of the guests of every Microsoft 365 group, by the
// groups' owners, built with the scope and recurrence builders. The
// service runs one instance per group that has guests.
func ExampleDefinitionsService_Create_quarterlyGuestReview() {
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
func ExampleDefinitionsService_Get_status() {
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
func ExampleDefinitionsService_List_filterByScope() {
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
func ExampleDefinitionsService_Update_readChangeWrite() {
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
func ExampleDefinitionsService_Stop_endsInstances() {
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
func ExampleDefinitionsService_Delete_withInstances() {
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

// An all-groups review runs one instance per group with someone to review
// (Sales has no guests, so only Marketing has one); each instance's scope
// names its group.
func ExampleInstancesService_List_onePerGroup() {
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
func ExampleInstancesService_Stop_defaultDecision() {
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
func ExampleInstancesService_ApplyDecisions_removeGuest() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()
	admin := s.Client()
	defID, instID := createGuestReview(ctx, admin)

	owner := s.ClientAs(adeleID) // decisions are recorded by a signed-in reviewer
	err := owner.Decisions.BatchRecord(ctx, defID, instID, accessreviews.BatchDecision{
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
func ExampleDecisionsService_BatchRecord_onePrincipal() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()
	defID, instID := createGuestReview(ctx, s.Client())

	owner := s.ClientAs(adeleID)
	err := owner.Decisions.BatchRecord(ctx, defID, instID, accessreviews.BatchDecision{
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
func ExampleInstancesService_AcceptRecommendations_remaining() {
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
func ExampleInstancesService_SendReminder_allRunning() {
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
func ExampleInstancesService_Update_addFallbackReviewer() {
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
func ExampleContactedReviewersService_List_groupOwners() {
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
func ExampleStagesService_List_twoStages() {
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
				DecisionsThatWillMoveToNextStage: []accessreviews.Decision{
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

// A typed filter narrows the items to those the service recommends to deny.
func ExampleDecisionsService_List_recommendedDeny() {
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
func ExampleDecisionsService_ListForCurrentUser_pending() {
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
func ExampleDecisionsService_Record_withJustification() {
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
			Justification: "Left the campaign in December",
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
func ExampleDecisionsService_RecordMany_followRecommendations() {
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
		Progress: func(p accessreviews.Progress) {
			fmt.Printf("recorded %d, failed %d, outcome unknown %d, of %d\n", p.Recorded, p.Failed, p.OutcomeUnknown, p.Total)
		},
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
	// recorded 2, failed 0, outcome unknown 0, of 2
	// John Doe (Tailspin Toys) Deny
	// Sara Davis (Fabrikam) Approve
}

// Insights explain a recommendation: here, when each guest last signed in.
func ExampleDecisionsService_ListInsights_lastSignIn() {
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

// The first stage's reviewer denies one guest for the whole stage in one
// request, then accepts the service's recommendations for the rest of the
// stage. Both act on this stage only, and both need the reviewer's own
// (delegated) token.
func ExampleDecisionsService_BatchRecordInStage_denyThenAccept() {
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
	err = adele.Decisions.BatchRecordInStage(ctx, def.ID, instID, stageID, accessreviews.BatchDecision{
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
func ExampleInstancesService_ListForCurrentUserAs_delegated() {
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

// Export the decisions of the guest reviews: create the report, wait for
// its run, get a download address and stream the CSV. The download goes to
// a storage host, without the Graph token.
func ExampleHistoryService_Wait_exportCSV() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()
	client := s.Client()
	defID, instID := createGuestReview(ctx, client)
	if err := s.ClientAs(adeleID).Instances.AcceptRecommendations(ctx, defID, instID); err != nil {
		log.Fatal(err)
	}
	if err := client.Instances.Stop(ctx, defID, instID); err != nil {
		log.Fatal(err)
	}

	report, err := client.History.Create(ctx, &accessreviews.HistoryDefinition{
		DisplayName:                      "Guest reviews of January",
		ReviewHistoryPeriodStartDateTime: odata.DateTime{Time: time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)},
		ReviewHistoryPeriodEndDateTime:   odata.DateTime{Time: time.Date(2026, time.February, 1, 0, 0, 0, 0, time.UTC)},
		Scopes:                           []scope.Scope{accessreviews.HistoryScope(odata.Contains("scope/query", "userType eq 'Guest'"))},
	})
	if err != nil {
		log.Fatal(err)
	}
	// A real report takes minutes: the default interval polls every 30s.
	run, err := client.History.Wait(ctx, report.ID, &accessreviews.HistoryWaitOptions{
		Interval: accessreviews.MinHistoryPollInterval, Timeout: time.Minute,
	})
	if err != nil {
		log.Fatal(err)
	}
	run, err = client.History.GenerateDownloadURI(ctx, report.ID, run.ID)
	if err != nil {
		log.Fatal(err)
	}
	for row, err := range client.History.DownloadRows(ctx, run.DownloadURI, nil) {
		if err != nil {
			log.Fatal(err)
		}
		// PrincipalDisplayName, Decision, ReviewedByDisplayName
		fmt.Println(row[8], "|", row[11], "|", row[15])
	}
	fmt.Println("token sent to the storage host:", s.Downloads()[0].HasAuth)
	// Output:
	// PrincipalDisplayName | Decision | ReviewedByDisplayName
	// John Doe (Tailspin Toys) | Deny | Adele Vance
	// Sara Davis (Fabrikam) | Approve | Adele Vance
	// token sent to the storage host: false
}

// A missing object is a 404: errors.As reaches the *odata.Error with
// everything Graph said, and errors.Is matches it against odata.ErrNotFound
// without looking at the status.
func ExampleDefinitionsService_Get_notFound() {
	s := accessreviewstest.NewServer()
	defer s.Close()

	_, err := s.Client().Definitions.Get(context.Background(), "00000000-0000-0000-0000-0000000000ff")
	var gerr *odata.Error
	if errors.As(err, &gerr) {
		fmt.Println(gerr.StatusCode, gerr.Code)
		fmt.Println(gerr.Message)
		fmt.Println("request-id kept for support:", gerr.RequestID != "")
	}
	fmt.Println(errors.Is(err, odata.ErrNotFound))
	// Output:
	// 404 itemNotFound
	// accessReviewScheduleDefinition 00000000-0000-0000-0000-0000000000ff was not found
	// request-id kept for support: true
	// true
}

// New wraps an odata.Client built elsewhere, so that the access review
// services share its connections, retries and throttle gate with other
// Graph calls.
func ExampleNew() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()

	graph, err := odata.NewClient(s.OptionsAs(meganID)...)
	if err != nil {
		log.Fatal(err)
	}
	var me struct {
		DisplayName string `json:"displayName"`
	}
	if err := graph.Do(ctx, &odata.Request{Method: "GET", Path: "me"}, &me); err != nil {
		log.Fatal(err)
	}
	client := accessreviews.New(graph)
	def, err := client.Definitions.Create(ctx, guestReview())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("signed in as", me.DisplayName)
	fmt.Println(def.DisplayName, "created by", def.CreatedBy.DisplayName)
	// Output:
	// signed in as Megan Bowen
	// Quarterly guest review of Microsoft 365 groups created by Megan Bowen
}

// Object IDs of the example catalog.
const (
	// catalogID is an entitlement management catalog holding the
	// Marketing group and the GitHub-app custom data provided resource.
	catalogID = "c6010d0c-ff41-4929-9776-fa03a03dd5ac"
	// githubAppID is a custom data provided resource: access data about an
	// external application, uploaded to the tenant.
	githubAppID = "5c728447-be5c-4565-b4d3-cb248b609891"
)

// contosoWithCatalog is the example tenant with one catalog.
func contosoWithCatalog() accessreviewstest.Directory {
	d := contoso()
	d.Catalogs = []accessreviewstest.Catalog{{
		ID: catalogID, DisplayName: "Marketing resources",
		Groups: []string{marketingID},
		CustomResources: []accessreviewstest.CustomDataResource{
			{ID: githubAppID, DisplayName: "GitHub-app", Principals: []string{alexID}},
		},
	}}
	return d
}

// A user-centric review of everything a catalog holds, by each user's
// manager: its decisions cover the catalog's groups and its custom data
// provided resources. Applying the decisions leaves the instance Applying
// until the external application's results are reported.
func ExampleUnifiedService_CreateDefinition_catalog() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contosoWithCatalog()))
	defer s.Close()
	ctx := context.Background()
	client := s.Client()

	want := &accessreviews.Definition{
		DisplayName: "Catalog access review",
		Scope: scope.MembershipsOf(scope.PrincipalsOfType(scope.PrincipalScopeTypeAllUsers)).
			In(scope.Catalog(catalogID)),
		Reviewers:         []scope.Reviewer{scope.Manager()},
		FallbackReviewers: []scope.Reviewer{scope.User(alineID)},
		Settings: accessreviews.Settings{
			DefaultDecisionEnabled: true,
			DefaultDecision:        accessreviews.DefaultDeny,
			InstanceDurationInDays: 7,
			Recurrence:             recurrence.Once().StartingOn(odata.Date{Year: 2026, Month: time.January, Day: 5}),
		},
	}
	printWarnings(want)
	def, err := client.Unified.CreateDefinition(ctx, want)
	if err != nil {
		log.Fatal(err)
	}
	for d, err := range client.Unified.ListDefinitions(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("unified:", d.DisplayName, "reviewed by", scope.DescribeReviewers(d.Reviewers))
	}
	n := 0
	for _, err := range client.Definitions.List(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		n++
	}
	fmt.Println("definitions outside the unified route:", n)
	var inst accessreviews.Instance
	for in, err := range client.Unified.ListInstances(ctx, def.ID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		inst = in
	}
	fmt.Println("instance:", inst.Status)
	printItems := func() {
		for d, err := range client.Unified.ListDecisions(ctx, def.ID, inst.ID, nil) {
			if err != nil {
				log.Fatal(err)
			}
			fmt.Printf("  %s on %s: %s, %s\n", d.PrincipalDisplayName(), resourceName(d.Resource), d.Decision, d.ApplyResult)
		}
	}
	printItems()

	// Stopping records the default decision (Deny); applying removes the
	// group memberships and waits for the external application.
	if err := client.Unified.StopInstance(ctx, def.ID, inst.ID); err != nil {
		log.Fatal(err)
	}
	if err := client.Unified.ApplyDecisions(ctx, def.ID, inst.ID); err != nil {
		log.Fatal(err)
	}
	in, err := client.Unified.GetInstance(ctx, def.ID, inst.ID, accessreviews.Select("id", "status"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("after apply:", in.Status)
	printItems()

	err = client.Unified.BatchApplyCustomDataProvidedResourceDecisions(ctx, inst.ID, accessreviews.CustomDataApply{
		ApplyResult:                  accessreviews.CustomApplyAppliedSuccessfully,
		ApplyDescription:             "Access was removed from GitHub-app.",
		CustomDataProvidedResourceID: githubAppID,
	})
	if err != nil {
		log.Fatal(err)
	}
	in, err = client.Unified.GetInstance(ctx, def.ID, inst.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("after the external apply:", in.Status)
	printItems()
	// Output:
	// unified: Catalog access review reviewed by the managers of the reviewed users
	// definitions outside the unified route: 0
	// instance: InProgress
	//   Alex Wilber on Feelgood Marketing Campaign: NotReviewed, New
	//   John Doe (Tailspin Toys) on Feelgood Marketing Campaign: NotReviewed, New
	//   Sara Davis (Fabrikam) on Feelgood Marketing Campaign: NotReviewed, New
	//   Alex Wilber on GitHub-app (custom data): NotReviewed, New
	// after apply: Applying
	//   Alex Wilber on Feelgood Marketing Campaign: Deny, AppliedSuccessfully
	//   John Doe (Tailspin Toys) on Feelgood Marketing Campaign: Deny, AppliedSuccessfully
	//   Sara Davis (Fabrikam) on Feelgood Marketing Campaign: Deny, AppliedSuccessfully
	//   Alex Wilber on GitHub-app (custom data): Deny, New
	// after the external apply: Applied
	//   Alex Wilber on Feelgood Marketing Campaign: Deny, AppliedSuccessfully
	//   John Doe (Tailspin Toys) on Feelgood Marketing Campaign: Deny, AppliedSuccessfully
	//   Sara Davis (Fabrikam) on Feelgood Marketing Campaign: Deny, AppliedSuccessfully
	//   Alex Wilber on GitHub-app (custom data): Deny, AppliedSuccessfully
}

// resourceName names the resource of a decision item.
func resourceName(v accessreviews.ResourceValue) string {
	switch r := v.Value.(type) {
	case accessreviews.BaseResource:
		return r.DisplayName
	case accessreviews.CustomDataProvidedResource:
		return r.DisplayName + " (custom data)"
	case nil:
		return "nothing"
	}
	return fmt.Sprintf("%T", v.Value)
}

// The beta form of the custom data apply addresses the instance through
// its definition, with the header x-accessreviews-version: vNext, which
// the method sends.
func ExampleInstancesService_BatchApplyCustomDataProvidedResourceDecisions_beta() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contosoWithCatalog()))
	defer s.Close()
	ctx := context.Background()
	client := s.Client()

	want := &accessreviews.Definition{
		DisplayName: "Catalog access review",
		Scope: scope.MembershipsOf(scope.PrincipalsOfType(scope.PrincipalScopeTypeAllUsers)).
			In(scope.Catalog(catalogID)),
		Reviewers:         []scope.Reviewer{scope.Manager()},
		FallbackReviewers: []scope.Reviewer{scope.User(alineID)},
		Settings: accessreviews.Settings{
			DefaultDecisionEnabled: true,
			DefaultDecision:        accessreviews.DefaultApprove,
			Recurrence:             recurrence.Once().StartingOn(odata.Date{Year: 2026, Month: time.January, Day: 5}),
		},
	}
	printWarnings(want)
	def, err := client.Unified.CreateDefinition(ctx, want)
	if err != nil {
		log.Fatal(err)
	}
	inst := accessreviews.InstanceID(def.ID) // a one-time review's instance has the definition's ID
	apply := accessreviews.CustomDataApply{
		ApplyResult:                  accessreviews.CustomApplyApplyNotSupported,
		ApplyDescription:             "GitHub-app keeps its own access list.",
		CustomDataProvidedResourceID: githubAppID,
	}
	// Before the instance is Applying, the service refuses.
	err = client.Instances.BatchApplyCustomDataProvidedResourceDecisions(ctx, def.ID, inst, apply)
	fmt.Println("while in progress:", errors.Is(err, odata.ErrBadRequest))

	if err := client.Unified.StopInstance(ctx, def.ID, inst); err != nil {
		log.Fatal(err)
	}
	if err := client.Unified.ApplyDecisions(ctx, def.ID, inst); err != nil {
		log.Fatal(err)
	}
	if err := client.Instances.BatchApplyCustomDataProvidedResourceDecisions(ctx, def.ID, inst, apply); err != nil {
		log.Fatal(err)
	}
	last := s.Requests()[len(s.Requests())-1]
	fmt.Println(last.Method, last.Path[:5], last.Header.Get("x-accessreviews-version"), last.Status)
	for d, err := range client.Unified.ListDecisions(ctx, def.ID, inst, nil) {
		if err != nil {
			log.Fatal(err)
		}
		if _, ok := d.Resource.Value.(accessreviews.CustomDataProvidedResource); ok {
			fmt.Println(d.PrincipalDisplayName(), d.ApplyResult, "-", d.ApplyDescription)
		}
	}
	// Output:
	// while in progress: true
	// POST /beta vNext 202
	// Alex Wilber ApplyNotSupported - GitHub-app keeps its own access list.
}

// Select asks a single-item Get for some properties only; the others come
// back as zero values.
func ExampleSelect() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()
	client := s.Client()

	want := &accessreviews.Definition{
		DisplayName:       "Finance members",
		Scope:             scope.Group(financeID).TransitiveMembers(),
		Reviewers:         []scope.Reviewer{scope.OwnersOfGroup(financeID)},
		FallbackReviewers: []scope.Reviewer{scope.User(alineID)},
		Settings: accessreviews.Settings{
			Recurrence: recurrence.Once().StartingOn(odata.Date{Year: 2026, Month: time.January, Day: 5}),
		},
	}
	printWarnings(want)
	def, err := client.Definitions.Create(ctx, want)
	if err != nil {
		log.Fatal(err)
	}
	got, err := client.Definitions.Get(ctx, def.ID, accessreviews.Select("displayName", "status"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %s, %d reviewer(s) returned\n", got.DisplayName, got.Status, len(got.Reviewers))
	last := s.Requests()[len(s.Requests())-1]
	fmt.Println("$select=" + last.Query.Get("$select"))
	// Output:
	// Finance members: InProgress, 0 reviewer(s) returned
	// $select=displayName,status
}
