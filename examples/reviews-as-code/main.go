package main

import (
	"context"
	"embed"
	"fmt"
	"strings"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/accessreviews/reconcile"
	"github.com/graphkit/governance/examples/internal/setup"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

func main() {
	setup.Main(func(e *setup.Env) error { _, err := run(e); return err }, accessreviewstest.Directory{})
}

// reviewFiles holds the definitions kept as JSON.
//
//go:embed reviews/*.json
var reviewFiles embed.FS

// The marks of the definitions this example manages: a plan deletes a
// definition only when it has both.
const (
	prefix = "reviews-as-code: "
	marker = "[managed by examples/reviews-as-code]"
)

// options are the plan's options: managed definitions are those with the
// prefix and the marker, and the managed ones no longer desired are
// deleted.
func options() *reconcile.Options {
	return &reconcile.Options{ManagedPrefix: prefix, Marker: marker, Delete: true}
}

// desired returns the desired definitions: two built in Go, starting on
// start, and those of reviews/*.json.
func desired(start odata.Date) ([]*accessreviews.Definition, error) {
	defs := []*accessreviews.Definition{
		{
			DisplayName:              prefix + "Quarterly review of guests in Microsoft 365 groups",
			DescriptionForReviewers:  "Keep a guest only if they still work with your group.",
			Scope:                    scope.EachGroup().Members().Users().Guests(),
			InstanceEnumerationScope: scope.AllMicrosoft365Groups(),
			Reviewers:                []scope.Reviewer{scope.GroupOwners()},
			Settings: accessreviews.Settings{
				MailNotificationsEnabled:     true,
				ReminderNotificationsEnabled: true,
				InstanceDurationInDays:       14,
				RecommendationsEnabled:       true,
				Recurrence:                   recurrence.Quarterly().StartingOn(start),
			},
		},
		{
			DisplayName:              prefix + "Monthly review of inactive guests in teams",
			Scope:                    scope.EachGroup().Members().Users().Guests().InactiveFor(90),
			InstanceEnumerationScope: scope.AllTeams(),
			Reviewers:                []scope.Reviewer{scope.GroupOwners()},
			Settings: accessreviews.Settings{
				MailNotificationsEnabled: true,
				InstanceDurationInDays:   7,
				RecommendationsEnabled:   true,
				Recurrence:               recurrence.Monthly().StartingOn(start),
			},
		},
	}
	fromFiles, err := reconcile.ReadFS(reviewFiles, "reviews/*.json")
	if err != nil {
		return nil, err
	}
	return append(defs, fromFiles...), nil
}

// result is what run did: the two plans and the report of the apply.
type result struct {
	First, Last *reconcile.Plan
	Report      *reconcile.Report
}

// run plans, applies and plans again.
func run(e *setup.Env) (*result, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	want, err := desired(e.Today())
	if err != nil {
		return nil, fmt.Errorf("reviews-as-code: %w", err)
	}
	e.Step("Desired state: %d definitions (2 built in Go, %d from reviews/*.json)", len(want), len(want)-2)
	for _, d := range want {
		e.Printf("%s", d.DisplayName)
	}
	if e.OnFake() {
		if err := seed(ctx, e); err != nil {
			return nil, fmt.Errorf("reviews-as-code: seed the fake tenant: %w", err)
		}
	}

	res := &result{}
	e.Step("Plan")
	if res.First, err = reconcile.NewPlan(ctx, e.Client, want, options()); err != nil {
		return res, fmt.Errorf("reviews-as-code: %w", err)
	}
	fmt.Fprint(e.Out, res.First)

	e.Step("Apply")
	res.Report, err = res.First.Apply(ctx, e.Client, nil)
	if res.Report != nil {
		for _, line := range strings.Split(strings.TrimSuffix(res.Report.String(), "\n"), "\n") {
			e.Printf("%s", line)
		}
	}
	if err != nil {
		return res, fmt.Errorf("reviews-as-code: %w", err)
	}

	e.Step("Plan again")
	if res.Last, err = reconcile.NewPlan(ctx, e.Client, want, options()); err != nil {
		return res, fmt.Errorf("reviews-as-code: %w", err)
	}
	fmt.Fprint(e.Out, res.Last)
	return res, nil
}

// Names of the definitions seed puts on the fake tenant.
const (
	drifted  = prefix + "Quarterly review of guests in Microsoft 365 groups"
	retired  = prefix + "Weekly review of the pilot group"
	external = "Finance team's own review"
)

// seed puts on the fake tenant what a tenant may hold before a first run:
// the quarterly guest review as someone changed it by hand (weekly, no
// reminders), a managed review no longer desired, and a review someone
// else manages.
func seed(ctx context.Context, e *setup.Env) error {
	e.Step("Before the first run, the fake tenant holds a drifted review, a retired one, and someone else's")
	start := e.Today()
	for _, d := range []*accessreviews.Definition{
		{
			DisplayName:              drifted,
			DescriptionForAdmins:     marker,
			DescriptionForReviewers:  "Keep a guest only if they still work with your group.",
			Scope:                    scope.EachGroup().Members().Users().Guests(),
			InstanceEnumerationScope: scope.AllMicrosoft365Groups(),
			Reviewers:                []scope.Reviewer{scope.GroupOwners()},
			Settings: accessreviews.Settings{
				MailNotificationsEnabled: true, InstanceDurationInDays: 7, RecommendationsEnabled: true,
				Recurrence: recurrence.Weekly().StartingOn(start),
			},
		},
		{
			DisplayName: retired, DescriptionForAdmins: marker,
			Scope:     scope.AllUsers().Guests(),
			Reviewers: scope.SelfReview(),
			Settings:  accessreviews.Settings{Recurrence: recurrence.Weekly().StartingOn(start)},
		},
		{
			DisplayName: external, DescriptionForAdmins: marker + " (copied by hand, but without the prefix)",
			Scope:     scope.AllUsers().Guests(),
			Reviewers: scope.SelfReview(),
			Settings:  accessreviews.Settings{Recurrence: recurrence.Quarterly().StartingOn(start)},
		},
	} {
		created, err := e.Client.Definitions.Create(ctx, d)
		if err != nil {
			return err
		}
		e.Printf("%s (definition %s)", created.DisplayName, created.ID)
	}
	return nil
}
