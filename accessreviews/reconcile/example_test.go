package reconcile_test

import (
	"context"
	"fmt"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/accessreviews/reconcile"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// The desired state is one quarterly review of the guests of every
// Microsoft 365 group. The first plan creates it; once applied, a new plan
// has nothing to do; after a change to the schedule, the plan updates it
// and says what changes.
func Example() {
	fake := accessreviewstest.NewServer()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	start := odata.Date{Year: 2026, Month: time.January, Day: 5}
	desired := []*accessreviews.Definition{{
		DisplayName:              "Quarterly guest review",
		Scope:                    scope.EachGroup().Members().Users().Guests(),
		InstanceEnumerationScope: scope.AllMicrosoft365Groups(),
		Reviewers:                []scope.Reviewer{scope.GroupOwners()},
		Settings: accessreviews.Settings{
			MailNotificationsEnabled: true,
			Recurrence:               recurrence.Quarterly().StartingOn(start),
		},
	}}
	opts := &reconcile.Options{Marker: "[reviews-as-code]", Delete: true}

	plan, err := reconcile.NewPlan(ctx, client, desired, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(plan)
	report, err := plan.Apply(ctx, client, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(report.Summary())

	plan, err = reconcile.NewPlan(ctx, client, desired, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(plan.Summary())

	desired[0].Settings.Recurrence = recurrence.Monthly().StartingOn(start)
	plan, err = reconcile.NewPlan(ctx, client, desired, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range plan.Steps[0].Changes {
		fmt.Printf("%s: %s -> %s\n", c.Property, c.Old, c.New)
	}
	fmt.Println(plan.Summary())
	// Output:
	// + create "Quarterly guest review"
	//     what is reviewed:   guest users among the direct members of each Microsoft 365 group
	//     reviewers:          the owners of each group
	//     schedule:           every 3 months, from 2026-01-05, with no end
	//     warning: fallbackReviewers: is empty, but the reviewers are the owners of each group, who may not exist for every reviewed user; those users would have no reviewer
	//
	// plan: 1 to create, 0 to update, 0 to delete
	// apply: 1 created, 0 updated, 0 deleted, 0 unchanged
	// plan: 0 to create, 0 to update, 0 to delete
	// schedule: every 3 months, from 2026-01-05, with no end -> every month, from 2026-01-05, with no end
	// plan: 0 to create, 1 to update, 0 to delete
}
