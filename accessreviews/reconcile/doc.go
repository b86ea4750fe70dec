// Package reconcile keeps a tenant's access review definitions as code:
// the definitions a team wants, reviewed like any other change, and a plan
// that makes the tenant match them.
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
// The desired definitions are accessreviews.Definition values, built with
// the scope and recurrence builders, or read from JSON files in the wire
// format (the body of a create request, or a definition read from the
// service) with ReadJSON and ReadFS.
//
// # Plans
//
// NewPlan validates every desired definition (Definition.Validate) and the
// options, and reports every problem at once before it sends anything. Its
// probable mistakes (Definition.Lint) are no errors: each step carries them
// in Step.Warnings, and the printed plan shows them under the step. It
// then lists the tenant's definitions and matches each desired one: by ID
// when it has one, otherwise by a key (Options.Key, the display name by
// default). A key two tenant definitions share, or a tenant definition two
// desired ones match, is an error naming them: the plan never guesses.
//
// A matched definition is updated only when it differs from the desired one
// in a way the service does not ignore. Both are compared in a normal form
// of their writable state (Definition.UpdateBody) in which the service's
// echo of what was sent is equal to what was sent:
//
//   - the recurrence as the service returns it: the pattern with its
//     zero-filled members (month 0, daysOfWeek [], firstDayOfWeek "sunday",
//     index "first"…), a range without an end as {type: numbered,
//     numberOfOccurrences: 0, endDate: 9999-12-31}, dates with times;
//   - null and absent, and [] and absent where the documents say they mean
//     the same (reviewers, fallback reviewers, notification recipients,
//     apply actions, insight settings, stage settings);
//   - documented defaults: defaultDecision "None", a 30-day look-back, the
//     removeAccess apply action;
//   - durations in other spellings (P4W2D is P30D, PT24H is P1D; P1M is not
//     P30D);
//   - reviewers, apply actions, insight settings and notification recipients
//     in any order, stages matched by stageId;
//   - scope queries in the spellings the service echoes ("$count=true", "+"
//     for spaces, a "/" before "?"), for every query the scope builders make;
//   - settings.instanceDurationInDays when stage settings override it.
//
// Properties the SDK does not model are compared when the desired
// definition sets them; when it does not, the tenant's values are kept.
//
// A plan prints for the person who reviews it: each create with what it
// reviews, who reviews and when; each update with every changed property,
// old and new, in words (scopes and schedules as the scope and recurrence
// packages describe them); each delete with why the definition is managed;
// and the summary line "plan: N to create, N to update, N to delete".
//
// # Managed definitions
//
// A plan deletes only with Options.Delete, and only tenant definitions that
// no desired definition matches and that are managed: their display name
// starts with Options.ManagedPrefix, their descriptionForAdmins carries
// Options.Marker (which the plan writes into every desired definition), or
// both when both are set. Without either, nothing is ever deleted.
//
// # Apply
//
// Plan.Apply creates, then updates (a PUT that keeps the tenant's
// unmodelled properties), then deletes, and reports what happened to each
// definition. It first checks that each definition is still as the plan
// read it (ErrChanged otherwise, and nothing is sent for it). A create whose
// outcome is unknown (odata.ErrOutcomeUnknown) is looked up by key before it
// is ever sent again, so a lost response does not make a duplicate. A
// failure stops the remaining steps unless ApplyOptions.ContinueOnError is
// set. Planning again right after applying shows no changes.
//
// # Export
//
// Export returns the tenant's definitions (or its managed ones) as desired
// state; ExportJSON and WriteJSON write them as JSON files, and WriteGo as
// Go source that uses the builders wherever the scope package recognises
// the scope, and the wire format elsewhere, so that a team can start from
// what the tenant already has. Both plan as no change against the tenant
// they came from.
package reconcile
