package main

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/examples/internal/directory"
	"github.com/graphkit/governance/examples/internal/setup"
)

// denyAndApply goes past the tutorial, which stops at listing decisions: it
// shows what the review is for. The group owner denies the guest, the
// instance is stopped early rather than waiting a quarter, and applying the
// decisions removes the guest from the group. Only the fake service can
// sign in as the owner, so the caller runs this on the fake only.
func denyAndApply(ctx context.Context, e *setup.Env, dir directory.Client, res *result) error {
	def, inst := res.Definition.ID, res.Instances[0].ID

	e.Step("Step 6a: Aline, the group owner, denies John's access")
	owner, err := e.ClientAs(res.AlineID)
	if err != nil {
		return fmt.Errorf("step 6a: %w", err)
	}
	// The owner sees only the items she reviews: the filterByCurrentUser
	// list is what a reviewer's own tool would show.
	var mine []accessreviews.DecisionItem
	for d, err := range owner.Decisions.ListForCurrentUser(ctx, def, inst, nil) {
		if err != nil {
			return fmt.Errorf("step 6a: list Aline's items: %w", err)
		}
		mine = append(mine, d)
	}
	i := slices.IndexFunc(mine, func(d accessreviews.DecisionItem) bool { return d.PrincipalID() == res.JohnID })
	if i < 0 {
		return fmt.Errorf("step 6a: John is not among the %d item(s) Aline reviews", len(mine))
	}
	err = owner.Decisions.Record(ctx, def, inst, mine[i].ID, accessreviews.DecisionUpdate{
		Decision:      accessreviews.DecisionDeny,
		Justification: "The campaign with Tailspin Toys has ended.",
	})
	if err != nil {
		return fmt.Errorf("step 6a: record the decision: %w", err)
	}
	e.Printf("recorded Deny for %s", mine[i].PrincipalDisplayName())

	e.Step("Step 6b: stop the instance and apply its decisions")
	if err := e.Client.Instances.Stop(ctx, def, inst); err != nil {
		return fmt.Errorf("step 6b: stop the instance: %w", err)
	}
	if err := e.Client.Instances.ApplyDecisions(ctx, def, inst); err != nil {
		return fmt.Errorf("step 6b: apply the decisions: %w", err)
	}
	got, err := e.Client.Instances.Get(ctx, def, inst)
	if err != nil {
		return fmt.Errorf("step 6b: read the instance: %w", err)
	}
	e.Printf("instance %s is %s", got.ID, got.Status)

	if res.Applied, err = listDecisions(ctx, e, res, "Step 6c: the decisions after applying"); err != nil {
		return fmt.Errorf("step 6c: %w", err)
	}

	e.Step("Step 6d: the group's members now")
	members, err := dir.Members(ctx, res.GroupID)
	if err != nil {
		return fmt.Errorf("step 6d: list the group's members: %w", err)
	}
	for _, m := range members {
		res.MembersAfter = append(res.MembersAfter, m.ID)
		e.Printf("member: %s (%s)", m.DisplayName, m.UserType)
	}
	if slices.Contains(res.MembersAfter, res.JohnID) {
		return errors.New("step 6d: John is still a member of the group after the Deny was applied")
	}
	e.Printf("%d member(s): John is no longer a member of the group", len(members))
	return nil
}

// cleanUp is step 7, in the tutorial's order: the group, the review, the
// guest, the test user. It deletes only what the flow created, so it also
// tidies up after a failed step; every failure is reported, none stops it.
func cleanUp(ctx context.Context, e *setup.Env, dir directory.Client, res *result) error {
	e.Step("Step 7: clean up")
	var errs []error
	del := func(what string, f func() error) {
		if err := f(); err != nil {
			errs = append(errs, fmt.Errorf("step 7: delete %s: %w", what, err))
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
	if res.JohnID != "" {
		del("the guest user", func() error { return dir.Remove(ctx, "users", res.JohnID) })
	}
	if res.AlineID != "" {
		del("the test user", func() error { return dir.Remove(ctx, "users", res.AlineID) })
	}
	return errors.Join(errs...)
}
