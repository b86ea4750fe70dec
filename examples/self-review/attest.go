package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/examples/internal/directory"
	"github.com/graphkit/governance/examples/internal/setup"
)

// attest is step 5: the member, signed in as themself, lists their pending
// access reviews (GET /beta/me/pendingAccessReviewInstances, as the
// tutorial does), finds this one, and approves their own access.
func attest(ctx context.Context, e *setup.Env, res *result, memberID string) error {
	e.Step("Step 5: member %s approves their own access, signed in as themself", memberID)
	member, err := e.ClientAs(memberID)
	if err != nil {
		return fmt.Errorf("step 5: %w", err)
	}
	def := res.Definition.ID
	var inst *accessreviews.Instance
	pending := 0
	for in, err := range member.Instances.ListPendingForCurrentUserBeta(ctx, nil) {
		if err != nil {
			return fmt.Errorf("step 5: list the member's pending reviews: %w", err)
		}
		pending++
		// A one-time review's only instance has the definition's ID.
		if string(in.ID) == string(def) {
			inst = &in
		}
	}
	if inst == nil {
		return errors.New("step 5: the review is not among the member's pending reviews")
	}
	e.Printf("%d pending access review(s); this one is %s", pending, inst.Status)
	var mine []accessreviews.DecisionItem
	for d, err := range member.Decisions.ListForCurrentUser(ctx, def, inst.ID, nil) {
		if err != nil {
			return fmt.Errorf("step 5: list the member's items: %w", err)
		}
		mine = append(mine, d)
	}
	// In a self-review a member sees exactly one item: their own.
	if len(mine) != 1 || mine[0].PrincipalID() != memberID {
		return fmt.Errorf("step 5: the member sees %d item(s), want only their own", len(mine))
	}
	e.Printf("the review lists 1 item for %s: their own access, recommended %s", mine[0].PrincipalDisplayName(), mine[0].Recommendation)

	// The definition requires a justification on every Approve; checking
	// it here gives a clear error instead of the service's 400.
	update := accessreviews.DecisionUpdate{
		Decision:      accessreviews.DecisionApprove,
		Justification: "I still work in the building.",
	}
	if err := update.ValidateFor(res.Definition.Settings); err != nil {
		return fmt.Errorf("step 5: %w", err)
	}
	if err := member.Decisions.Record(ctx, def, inst.ID, mine[0].ID, update); err != nil {
		return fmt.Errorf("step 5: record the decision: %w", err)
	}
	e.Printf("recorded Approve with the justification %q", update.Justification)
	return nil
}

// cleanUp is step 6: the group and the review (and, on a tenant, the test
// members the example created). It deletes only what the flow created, so
// it also tidies up after a failed step; every failure is reported, none
// stops it.
func cleanUp(ctx context.Context, e *setup.Env, dir directory.Client, res *result) error {
	e.Step("Step 6: clean up")
	var errs []error
	del := func(what string, f func() error) {
		if err := f(); err != nil {
			errs = append(errs, fmt.Errorf("step 6: delete %s: %w", what, err))
			return
		}
		e.Printf("deleted %s", what)
	}
	if res.GroupID != "" {
		del("the group", func() error { return dir.Remove(ctx, "groups", res.GroupID) })
	}
	if res.Definition != nil {
		del("the review definition", func() error { return e.Client.Definitions.Delete(ctx, res.Definition.ID) })
	}
	for _, id := range res.CreatedUsers {
		del("the test member "+id, func() error { return dir.Remove(ctx, "users", id) })
	}
	return errors.Join(errs...)
}
