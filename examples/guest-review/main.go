package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/examples/internal/directory"
	"github.com/graphkit/governance/examples/internal/setup"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

func main() {
	setup.Main(run, accessreviewstest.GuestTutorialDirectory())
}

// result is what the flow saw, for the test to check.
type result struct {
	AlineID, JohnID, GroupID string
	Definition               *accessreviews.Definition
	Instances                []accessreviews.Instance
	// Decisions are the decisions of the first instance as step 6 lists
	// them; Applied are the same after the owner's Deny was applied (fake
	// only).
	Decisions, Applied []accessreviews.DecisionItem
	// MembersBefore and MembersAfter are the group's member IDs before the
	// review and after its decisions were applied (fake only).
	MembersBefore, MembersAfter []string
}

func run(e *setup.Env) error {
	_, err := review(context.Background(), e)
	return err
}

// review runs the tutorial. Whatever happens, the objects it created are
// deleted at the end, so that a failure on a tenant leaves nothing behind.
func review(ctx context.Context, e *setup.Env) (res *result, err error) {
	res = &result{}
	dir := directory.New(e.Client.OData())
	defer func() { err = errors.Join(err, cleanUp(ctx, e, dir, res)) }()

	if err := createPeople(ctx, e, dir, res); err != nil {
		return res, err
	}
	if err := createGroup(ctx, e, dir, res); err != nil {
		return res, err
	}
	if err := createReview(ctx, e, res); err != nil {
		return res, err
	}
	if err := listInstances(ctx, e, res); err != nil {
		return res, err
	}
	if len(res.Instances) == 0 {
		// A tenant takes a while to start the first instance.
		e.Printf("no instance yet: the service is still starting the review; run the example again later to see one")
		return res, nil
	}
	if res.Decisions, err = listDecisions(ctx, e, res, "Step 6: the decisions of the first instance"); err != nil {
		return res, err
	}
	if !e.OnFake() {
		e.Step("Steps 6a-6d: skipped on a tenant")
		e.Printf("recording a decision needs the group owner's delegated sign-in, which application credentials cannot act as;")
		e.Printf("the review ends by itself after a quarter, recording the default decision (Approve)")
		return res, nil
	}
	return res, denyAndApply(ctx, e, dir, res)
}

// createPeople is steps 1 and 2: the test user and the guest.
func createPeople(ctx context.Context, e *setup.Env, dir directory.Client, res *result) error {
	e.Step("Step 1: create the test user Aline Dupuy")
	domain, err := dir.Domain(ctx, e.OnFake())
	if err != nil {
		return fmt.Errorf("step 1: find the tenant's domain: %w", err)
	}
	aline, err := dir.CreateUser(ctx, "Aline Dupuy", "AlineD", "AlineD@"+domain)
	if err != nil {
		return fmt.Errorf("step 1: create the test user: %w", err)
	}
	res.AlineID = aline.ID
	e.Printf("created %s (%s), user type %s, id %s", aline.DisplayName, aline.UserPrincipalName, aline.UserType, aline.ID)

	e.Step("Step 2: invite the guest John Doe")
	if res.JohnID, err = dir.Invite(ctx, "John Doe (Tailspin Toys)", "john@tailspintoys.com"); err != nil {
		return fmt.Errorf("step 2: invite the guest: %w", err)
	}
	e.Printf("invited john@tailspintoys.com, guest user id %s", res.JohnID)
	return nil
}

// createGroup is step 3: the Microsoft 365 group the guest belongs to.
func createGroup(ctx context.Context, e *setup.Env, dir directory.Client, res *result) error {
	e.Step("Step 3: create the Microsoft 365 group Feelgood Marketing Campaign")
	id, err := dir.CreateGroup(ctx, directory.NewGroup{
		Description:     "Feelgood Marketing Campaign with external partners and vendors.",
		DisplayName:     "Feelgood Marketing Campaign",
		GroupTypes:      []string{"Unified"},
		MailEnabled:     true,
		MailNickname:    "FeelGoodCampaign",
		SecurityEnabled: true,
		Owners:          []string{dir.Bind(res.AlineID)},
		Members:         []string{dir.Bind(res.JohnID)},
	})
	if err != nil {
		return fmt.Errorf("step 3: create the group: %w", err)
	}
	res.GroupID = id
	members, err := dir.Members(ctx, id)
	if err != nil {
		return fmt.Errorf("step 3: list the group's members: %w", err)
	}
	for _, m := range members {
		res.MembersBefore = append(res.MembersBefore, m.ID)
		e.Printf("member: %s (%s)", m.DisplayName, m.UserType)
	}
	e.Printf("group id %s, owner Aline Dupuy, %d member(s)", id, len(members))
	return nil
}

// createReview is step 4, built as the tutorial's request body says.
func createReview(ctx context.Context, e *setup.Env, res *result) error {
	e.Step("Step 4: create the quarterly review of guests in every Microsoft 365 group")
	start := e.Today()
	want := &accessreviews.Definition{
		DisplayName:              "Group owners review guest across Microsoft 365 groups in the tenant (Quarterly)",
		InstanceEnumerationScope: scope.AllMicrosoft365Groups(),
		Scope:                    scope.EachGroup().Members().Users().Guests(),
		Reviewers:                []scope.Reviewer{scope.GroupOwners()},
		FallbackReviewers:        []scope.Reviewer{scope.User(res.AlineID)},
		Settings: accessreviews.Settings{
			MailNotificationsEnabled:        true,
			ReminderNotificationsEnabled:    true,
			JustificationRequiredOnApproval: true,
			DefaultDecisionEnabled:          true,
			DefaultDecision:                 accessreviews.DefaultApprove,
			AutoApplyDecisionsEnabled:       true,
			RecommendationsEnabled:          true,
			Recurrence:                      recurrence.Quarterly().StartingOn(start).EndingOn(start.AddMonths(12)),
			ApplyActions:                    []accessreviews.ApplyAction{accessreviews.RemoveAccess()},
		},
	}
	e.Warnings(want)
	def, err := e.Client.Definitions.Create(ctx, want)
	if err != nil {
		return fmt.Errorf("step 4: create the review: %w", err)
	}
	res.Definition = def
	e.Printf("definition %s, status %s", def.ID, def.Status)
	e.Printf("reviews: %s", scope.DescribeReview(def.Scope, def.InstanceEnumerationScope))
	e.Printf("reviewers: %s; fallback: %s", scope.DescribeReviewers(def.Reviewers), scope.DescribeReviewers(def.FallbackReviewers))
	e.Printf("schedule: %s", def.Settings.Recurrence)
	return nil
}

// listInstances is step 5: one instance per Microsoft 365 group that has
// guests.
func listInstances(ctx context.Context, e *setup.Env, res *result) error {
	e.Step("Step 5: list the review's instances")
	for inst, err := range e.Client.Instances.List(ctx, res.Definition.ID, nil) {
		if err != nil {
			return fmt.Errorf("step 5: list instances: %w", err)
		}
		res.Instances = append(res.Instances, inst)
		e.Printf("instance %s: %s, %s to %s", inst.ID, inst.Status,
			inst.StartDateTime.Time.Format(time.DateOnly), inst.EndDateTime.Time.Format(time.DateOnly))
		e.Printf("  reviews %s", scope.Describe(inst.Scope))
	}
	e.Printf("%d instance(s)", len(res.Instances))
	return nil
}

// listDecisions is step 6: who is reviewed, what the service recommends,
// and what was decided.
func listDecisions(ctx context.Context, e *setup.Env, res *result, title string) ([]accessreviews.DecisionItem, error) {
	e.Step("%s", title)
	inst := res.Instances[0]
	var out []accessreviews.DecisionItem
	for d, err := range e.Client.Decisions.List(ctx, res.Definition.ID, inst.ID, nil) {
		if err != nil {
			return nil, fmt.Errorf("list the decisions: %w", err)
		}
		out = append(out, d)
		e.Printf("%s (%s): recommended %s, decision %s, apply result %s",
			d.PrincipalDisplayName(), d.PrincipalID(), d.Recommendation, d.Decision, d.ApplyResult)
	}
	return out, nil
}
