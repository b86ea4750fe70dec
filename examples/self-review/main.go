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
	setup.Main(run, accessreviewstest.SelfReviewTutorialDirectory())
}

// result is what the flow saw, for the test to check.
type result struct {
	// Owners and Members are the group's people; CreatedUsers are those
	// the example created itself (on a tenant only).
	Owners, Members, CreatedUsers []string
	GroupID                       string
	Definition                    *accessreviews.Definition
	Instance                      *accessreviews.Instance
	// Decisions are the instance's decisions before the self-attestation,
	// Attested the same afterwards (fake only).
	Decisions, Attested []accessreviews.DecisionItem
}

func run(e *setup.Env) error {
	_, err := selfReview(context.Background(), e)
	return err
}

// selfReview runs the tutorial. Whatever happens, the objects it created
// are deleted at the end, so that a failure on a tenant leaves nothing
// behind.
func selfReview(ctx context.Context, e *setup.Env) (res *result, err error) {
	res = &result{}
	dir := directory.New(e.Client.OData())
	defer func() { err = errors.Join(err, cleanUp(ctx, e, dir, res)) }()

	if err := createGroup(ctx, e, dir, res); err != nil {
		return res, err
	}
	if err := createReview(ctx, e, res); err != nil {
		return res, err
	}
	if err := showInstance(ctx, e, res); err != nil {
		return res, err
	}
	if res.Instance == nil {
		// A tenant takes a while to start the instance.
		e.Printf("no instance yet: the service is still starting the review; its ID will be the definition's")
		return res, nil
	}
	if res.Decisions, err = listDecisions(ctx, e, res, "Step 4: the decisions, before anyone reviewed"); err != nil {
		return res, err
	}
	if !e.OnFake() {
		e.Step("Step 5: skipped on a tenant")
		e.Printf("a member attests through the API signed in as themself (delegated);")
		e.Printf("application credentials cannot act as a member: they open the review from their My Access portal")
		return res, nil
	}
	if err := attest(ctx, e, res, res.Members[0]); err != nil {
		return res, err
	}
	res.Attested, err = listDecisions(ctx, e, res, "Step 4 again: the decisions after the self-attestation")
	return res, err
}

// createGroup is step 1: the security group under review.
func createGroup(ctx context.Context, e *setup.Env, dir directory.Client, res *result) error {
	e.Step("Step 1: create the security group Building security group")
	if e.OnFake() {
		res.Owners = []string{accessreviewstest.SelfReviewOwnerID, accessreviewstest.SelfReviewAdminID}
		res.Members = []string{accessreviewstest.SelfReviewAlexID, accessreviewstest.SelfReviewAllanID}
	} else if err := createMembers(ctx, e, dir, res); err != nil {
		return err
	}
	g := directory.NewGroup{
		Description:     "Building security group",
		DisplayName:     "Building security group",
		GroupTypes:      []string{},
		MailEnabled:     false,
		MailNickname:    "buildingsecurity",
		SecurityEnabled: true,
	}
	for _, id := range res.Owners {
		g.Owners = append(g.Owners, dir.Bind(id))
	}
	for _, id := range res.Members {
		g.Members = append(g.Members, dir.Bind(id))
	}
	id, err := dir.CreateGroup(ctx, g)
	if err != nil {
		return fmt.Errorf("step 1: create the group: %w", err)
	}
	res.GroupID = id
	e.Printf("group id %s: %d owner(s), %d member(s)", id, len(res.Owners), len(res.Members))
	return nil
}

// createMembers stands in for the tutorial's people on a tenant, where
// they do not exist: two test users, deleted at clean-up.
func createMembers(ctx context.Context, e *setup.Env, dir directory.Client, res *result) error {
	domain, err := dir.Domain(ctx, e.OnFake())
	if err != nil {
		return fmt.Errorf("step 1: find the tenant's domain: %w", err)
	}
	for _, p := range []struct{ name, nick string }{{"Alex Wilber", "AlexW"}, {"Allan Deyoung", "AllanD"}} {
		u, err := dir.CreateUser(ctx, p.name, p.nick, p.nick+"@"+domain)
		if err != nil {
			return fmt.Errorf("step 1: create the test member %s: %w", p.name, err)
		}
		id := u.ID
		res.CreatedUsers = append(res.CreatedUsers, id)
		res.Members = append(res.Members, id)
		e.Printf("created the test member %s, id %s", p.name, id)
	}
	e.Printf("the group gets no owners: an application has no user to make its owner")
	return nil
}

// createReview is step 2: the one-time self-review, with the tutorial's
// settings.
func createReview(ctx context.Context, e *setup.Env, res *result) error {
	e.Step("Step 2: create the one-time self-review of the group's members")
	start := e.Today()
	const name = "One-time self-review for members of Building security group"
	want := &accessreviews.Definition{
		DisplayName:              name,
		DescriptionForAdmins:     name,
		DescriptionForReviewers:  name,
		Scope:                    scope.Group(res.GroupID).TransitiveMembers(),
		InstanceEnumerationScope: scope.Group(res.GroupID),
		// No reviewers: each member reviews their own access.
		Reviewers: scope.SelfReview(),
		Settings: accessreviews.Settings{
			MailNotificationsEnabled:        true,
			ReminderNotificationsEnabled:    true,
			JustificationRequiredOnApproval: true,
			DefaultDecisionEnabled:          false,
			DefaultDecision:                 accessreviews.DefaultDeny,
			AutoApplyDecisionsEnabled:       true,
			RecommendationsEnabled:          true,
			Recurrence:                      recurrence.Once().StartingOn(start).EndingOn(start.AddMonths(12)),
			ApplyActions:                    []accessreviews.ApplyAction{accessreviews.RemoveAccess()},
		},
	}
	e.Warnings(want)
	def, err := e.Client.Definitions.Create(ctx, want)
	if err != nil {
		return fmt.Errorf("step 2: create the review: %w", err)
	}
	res.Definition = def
	e.Printf("definition %s, status %s", def.ID, def.Status)
	e.Printf("reviews: %s", scope.DescribeReview(def.Scope, def.InstanceEnumerationScope))
	e.Printf("reviewers: %d listed, so %s", len(def.Reviewers), scope.DescribeReviewers(def.Reviewers))
	e.Printf("schedule: %s", def.Settings.Recurrence)
	return nil
}

// showInstance is step 3: a one-time review has one instance, with the
// definition's ID.
func showInstance(ctx context.Context, e *setup.Env, res *result) error {
	e.Step("Step 3: list the review's instances")
	for inst, err := range e.Client.Instances.List(ctx, res.Definition.ID, nil) {
		if err != nil {
			return fmt.Errorf("step 3: list instances: %w", err)
		}
		e.Printf("instance %s: %s, %s to %s", inst.ID, inst.Status,
			inst.StartDateTime.Time.Format(time.DateOnly), inst.EndDateTime.Time.Format(time.DateOnly))
		if res.Instance == nil {
			res.Instance = &inst
		}
	}
	if res.Instance != nil {
		e.Printf("the instance ID equals the definition ID: %t", string(res.Instance.ID) == string(res.Definition.ID))
	}
	return nil
}

// listDecisions is step 4: one item per member, with the service's
// recommendation and the decision so far.
func listDecisions(ctx context.Context, e *setup.Env, res *result, title string) ([]accessreviews.DecisionItem, error) {
	e.Step("%s", title)
	var out []accessreviews.DecisionItem
	for d, err := range e.Client.Decisions.List(ctx, res.Definition.ID, res.Instance.ID, nil) {
		if err != nil {
			return nil, fmt.Errorf("list the decisions: %w", err)
		}
		out = append(out, d)
		line := fmt.Sprintf("%s: recommended %s, decision %s", d.PrincipalDisplayName(), d.Recommendation, d.Decision)
		if d.Reviewed() {
			line += fmt.Sprintf(", reviewed by %s (%q)", d.ReviewedBy.DisplayName, d.Justification)
		}
		e.Printf("%s", line)
	}
	return out, nil
}
