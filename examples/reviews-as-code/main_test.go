package main

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/accessreviews/reconcile"
	"github.com/graphkit/governance/examples/internal/setup/setuptest"
	"github.com/graphkit/governance/odata"
)

// TestRunMakesTheTenantMatch runs the example on the fake and checks what
// it printed, what it did, and that the tenant ends as desired: the drifted
// review updated, the missing ones created, the retired one deleted,
// someone else's left alone, and nothing left to plan.
func TestRunMakesTheTenantMatch(t *testing.T) {
	t.Parallel()
	e, out := setuptest.OpenFake(t, accessreviewstest.Directory{})
	res, err := run(e)
	require.NoError(t, err)

	require.NotNil(t, res.First)
	assert.Equal(t, "plan: 2 to create, 1 to update, 1 to delete", res.First.Summary())
	assert.Equal(t, 2, res.Report.Count(reconcile.OutcomeCreated))
	assert.Equal(t, 1, res.Report.Count(reconcile.OutcomeUpdated))
	assert.Equal(t, 1, res.Report.Count(reconcile.OutcomeDeleted))
	assert.False(t, res.Last.HasChanges())

	text := out.String()
	for _, line := range []string{
		"==> Desired state: 3 definitions (2 built in Go, 1 from reviews/*.json)",
		`+ create "reviews-as-code: Monthly review of inactive guests in teams"`,
		"    what is reviewed:   guest users among the direct members of each team, inactive for 90 days",
		`+ create "reviews-as-code: Semi-annual review of the members of every team"`,
		"    schedule:           every 6 months, from 2026-01-05, with no end",
		`~ update "reviews-as-code: Quarterly review of guests in Microsoft 365 groups" (definition `,
		"    schedule\n      - every week, from 2026-01-05, with no end\n      + every 3 months, from 2026-01-05, with no end\n",
		"    instance duration\n      - 7 days\n      + 14 days\n",
		"    reminders\n      - off\n      + on\n",
		`- delete "reviews-as-code: Weekly review of the pilot group" (definition `,
		"plan: 2 to create, 1 to update, 1 to delete\n",
		"    apply: 2 created, 1 updated, 1 deleted, 0 unchanged\n",
		"==> Plan again\nplan: 0 to create, 0 to update, 0 to delete\n",
	} {
		assert.Contains(t, text, line)
	}
	assert.NotContains(t, text, external+`" (definition`, "someone else's review is not in any plan")
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	assert.Equal(t, "plan: 0 to create, 0 to update, 0 to delete", lines[len(lines)-1])

	names := map[string]accessreviews.Definition{}
	for d, err := range e.Client.Definitions.List(t.Context(), nil) {
		require.NoError(t, err)
		names[d.DisplayName] = d
	}
	assert.Len(t, names, 4)
	assert.Contains(t, names, external)
	assert.NotContains(t, names, retired)
	assert.Equal(t, "every 3 months, from 2026-01-05, with no end", names[drifted].Settings.Recurrence.String())
	for name, d := range names {
		if name != external {
			assert.Contains(t, d.DescriptionForAdmins, marker, name)
		}
	}
}

// TestDesiredDefinitionsAreValid checks the desired state without any
// service: every definition validates, and the JSON file reads.
func TestDesiredDefinitionsAreValid(t *testing.T) {
	t.Parallel()
	defs, err := desired(odata.Date{Year: 2026, Month: time.January, Day: 5})
	require.NoError(t, err)
	require.Len(t, defs, 3)
	for _, d := range defs {
		assert.NoError(t, d.Validate(), d.DisplayName)
		assert.True(t, strings.HasPrefix(d.DisplayName, prefix), d.DisplayName)
	}
}
