// Package reconcile keeps a tenant's access review definitions as code:
// the definitions a team wants, reviewed like any other change, and a
// [Plan] that makes the tenant match them.
//
//	plan, err := reconcile.NewPlan(ctx, client, desired, &reconcile.Options{
//		Marker: "[managed by reviews-as-code]",
//		Delete: true,
//	})
//	...
//	fmt.Print(plan) // what changes, in words; last line "plan: 1 to create, 2 to update, 0 to delete"
//	report, err := plan.Apply(ctx, client, nil)
//
// # Desired state
//
// The desired definitions are [accessreviews.Definition] values, built
// with the scope and recurrence builders, or read from JSON files in the
// wire format (the body of a create request, or a definition read from the
// service) with [ReadJSON] and [ReadFS].
//
// # Plans
//
// [NewPlan] validates every desired definition and the [Options], and
// reports every problem at once before it sends anything. It then lists
// the tenant's definitions and matches each desired one: by ID when it has
// one, otherwise by a key ([Options.Key], the display name by default). A
// key two tenant definitions share, or a tenant definition two desired ones
// match, is an error naming them: the plan never guesses. A matched
// definition is updated only when it differs in a way the service does not
// ignore, as [Plan] explains; the printed plan says what changes in words.
//
// # Managed definitions
//
// A plan deletes only with [Options.Delete], and only tenant definitions
// that no desired definition matches and that are managed: their display
// name starts with [Options.ManagedPrefix], their descriptionForAdmins
// carries [Options.Marker], or both when both are set ([Options.Managed]). Without
// either, nothing is ever deleted.
//
// # Apply
//
// [Plan.Apply] creates, then updates, then deletes, and returns a [Report]
// of what happened to each definition. It first checks that each
// definition is still as the plan read it ([ErrChanged] otherwise), and a
// lost response never makes a duplicate. Planning again right after
// applying shows no changes.
//
// # Export
//
// [Export] returns the tenant's definitions (or its managed ones) as
// desired state; [ExportJSON] and [WriteJSON] write them as JSON files, and
// [WriteGo] as Go source that uses the builders wherever it can, so that a
// team can start from what the tenant already has. Both plan as no change
// against the tenant they came from.
package reconcile
