package main

import (
	"context"
	"fmt"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/examples/internal/setup"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// The sample tenant of the fake: an administrator reviewing a project group
// of three members.
const (
	adminID = "6a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d"
	groupID = "7b2c3d4e-5f6a-4b7c-9d8e-9f0a1b2c3d4e"
)

var memberIDs = []string{
	"8c3d4e5f-6a7b-4c8d-8e9f-0a1b2c3d4e5f",
	"9d4e5f6a-7b8c-4d9e-9f0a-1b2c3d4e5f6a",
	"ae5f6a7b-8c9d-4eaf-8a1b-2c3d4e5f6a7b",
}

// completeAReview creates a one-time review of the project group on the fake,
// records a decision on each member as the administrator and moves the
// clock past its end, so the history report has something to export.
func completeAReview(ctx context.Context, e *setup.Env) error {
	today := odata.DateOf(e.Fake.Clock().Now())
	e.Step("Creating a one-time review of the members of group %s", groupID)
	want := &accessreviews.Definition{
		DisplayName: "Project Falcon membership review",
		Scope:       scope.Group(groupID).Members(),
		Reviewers:   []scope.Reviewer{scope.User(adminID)},
		Settings: accessreviews.Settings{
			InstanceDurationInDays: 7,
			Recurrence:             recurrence.Once().StartingOn(today).EndingOn(today.AddDays(7)),
		},
	}
	e.Warnings(want)
	def, err := e.Client.Definitions.Create(ctx, want)
	if err != nil {
		return fmt.Errorf("export-history: create the sample review: %w", err)
	}
	e.Printf("definition %s", def.ID)

	reviewer, err := e.ClientAs(adminID)
	if err != nil {
		return err
	}
	e.Step("Recording the administrator's decisions")
	for inst, err := range reviewer.Instances.ListForCurrentUser(ctx, def.ID, nil) {
		if err != nil {
			return fmt.Errorf("export-history: list instances: %w", err)
		}
		if err := decide(ctx, e, reviewer, def.ID, inst.ID); err != nil {
			return err
		}
	}

	e.Step("Moving the fake's clock 8 days on: the review ends")
	e.Fake.Clock().Advance(8 * 24 * time.Hour)
	return nil
}

// decide approves every member but the last, who is denied.
func decide(ctx context.Context, e *setup.Env, reviewer *accessreviews.Client, def accessreviews.DefinitionID, inst accessreviews.InstanceID) error {
	var records []accessreviews.DecisionRecord
	for d, err := range reviewer.Decisions.ListForCurrentUser(ctx, def, inst, nil) {
		if err != nil {
			return fmt.Errorf("export-history: list decisions: %w", err)
		}
		rec := accessreviews.DecisionRecord{ID: d.ID, Decision: accessreviews.DecisionApprove, Justification: "still on the project"}
		if d.PrincipalID() == memberIDs[len(memberIDs)-1] {
			rec = accessreviews.DecisionRecord{ID: d.ID, Decision: accessreviews.DecisionDeny, Justification: "left the project"}
		}
		records = append(records, rec)
		e.Printf("%-8s %s", rec.Decision, d.PrincipalDisplayName())
	}
	results, err := reviewer.Decisions.RecordMany(ctx, def, inst, records, nil)
	if err != nil {
		return fmt.Errorf("export-history: record decisions: %w", err)
	}
	for _, r := range results {
		if r.Err != nil {
			return fmt.Errorf("export-history: record decision %s: %w", r.ID, r.Err)
		}
	}
	return nil
}

// directory is the sample tenant.
func directory() accessreviewstest.Directory {
	recently := time.Date(2026, time.January, 2, 9, 0, 0, 0, time.UTC)
	dir := accessreviewstest.Directory{
		Users: []accessreviewstest.User{{ID: adminID, DisplayName: "Adele Admin", UserPrincipalName: "adele@contoso.example", LastSignIn: recently}},
		Groups: []accessreviewstest.Group{{ID: groupID, DisplayName: "Project Falcon", SecurityEnabled: true,
			Members: memberIDs, Owners: []string{adminID}}},
	}
	for i, id := range memberIDs {
		dir.Users = append(dir.Users, accessreviewstest.User{ID: id, DisplayName: fmt.Sprintf("Member %d", i+1),
			UserPrincipalName: fmt.Sprintf("member%d@contoso.example", i+1), LastSignIn: recently})
	}
	return dir
}
