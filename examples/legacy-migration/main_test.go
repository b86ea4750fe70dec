package main

//lint:file-ignore SA1019 serving and migrating the retired legacy API is this file's purpose

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/legacy"
	"github.com/graphkit/governance/examples/internal/setup"
	"github.com/graphkit/governance/examples/internal/setup/setuptest"
)

// open starts the example on a fresh fake service.
func open(t *testing.T) (*setup.Env, *bytes.Buffer) {
	return setuptest.OpenFake(t, directory())
}

// stored reads the created definition back from the service and returns
// the JSON of its scope, reviewers and recurrence, and its settings.
func stored(t *testing.T, e *setup.Env, id accessreviews.DefinitionID) (scopeJSON, reviewersJSON, recurrenceJSON string, settings accessreviews.Settings) {
	t.Helper()
	def, err := e.Client.Definitions.Get(t.Context(), id)
	require.NoError(t, err)
	enc := func(v any) string {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		return string(b)
	}
	return enc(def.Scope), enc(def.Reviewers), enc(def.Settings.Recurrence), def.Settings
}

func TestRunMigratesTheDocumentationsReview(t *testing.T) {
	t.Parallel()
	e, out := open(t)
	res, err := run(e, nil)
	require.NoError(t, err)

	scopeJSON, reviewersJSON, recurrenceJSON, settings := stored(t, e, res.Created.ID)
	assert.JSONEq(t, `{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/groups/`+groupID+`/transitiveMembers","queryType":"MicrosoftGraph"}`, scopeJSON)
	assert.JSONEq(t, `[{"query":"/users/`+reviewerA+`","queryType":"MicrosoftGraph"},{"query":"/users/`+reviewerB+`","queryType":"MicrosoftGraph"}]`, reviewersJSON)
	// The fake's clock starts on 2026-01-05: the 30-day review starts then.
	assert.JSONEq(t, `{"range":{"type":"endDate","startDate":"2026-01-05","endDate":"2026-02-04"}}`, recurrenceJSON)
	assert.Equal(t, 30, settings.InstanceDurationInDays)
	assert.True(t, settings.ReminderNotificationsEnabled)
	assert.True(t, settings.JustificationRequiredOnApproval)
	assert.Equal(t, "Sample description", res.Created.DescriptionForReviewers)

	// The review went through the legacy API: it has the fake's ID now.
	assert.NotEqual(t, legacy.AccessReviewID(""), res.Legacy.ID)
	assert.Len(t, res.Legacy.Reviewers, 2)
	var kinds []string
	for _, entry := range res.Report.Entries {
		kinds = append(kinds, string(entry.Kind)+" "+entry.Field)
	}
	assert.Equal(t, []string{"changed startDateTime", "dropped id", "dropped programControls"}, kinds)

	// The new review opened over the fake directory with both members.
	var instances, decisions int
	for inst, err := range e.Client.Instances.List(t.Context(), res.Created.ID, nil) {
		require.NoError(t, err)
		instances++
		for _, err := range e.Client.Decisions.List(t.Context(), res.Created.ID, inst.ID, nil) {
			require.NoError(t, err)
			decisions++
		}
	}
	assert.Equal(t, 1, instances)
	assert.Equal(t, 2, decisions)

	for _, line := range []string{
		`"TestReview" from template 6e4f3d20-c5c3-407f-9695-8460952bcc68, reviewerType delegated, 2 reviewer(s)`,
		`template 6e4f3d20-c5c3-407f-9695-8460952bcc68: "Access reviews of memberships of a group"`,
		"scope: direct and transitive members of group " + groupID,
		"==> Report: 3 thing(s) did not carry over as they were",
		"changed startDateTime: moved from 2017-02-10 to 2026-01-05",
		"id " + string(res.Created.ID) + ", status",
		"description: Sample description",
	} {
		assert.Contains(t, out.String(), line)
	}
}

func TestRunReadsTheFileGiven(t *testing.T) {
	t.Parallel()
	// A quarterly series reviewed by the group's owners, ending after four
	// reviews, with unreviewed items denied.
	review := `{
	  "displayName": "Quarterly Sales review",
	  "startDateTime": "2022-01-03T00:00:00Z",
	  "endDateTime": "2022-01-17T00:00:00Z",
	  "reviewedEntity": {"id": "` + groupID + `"},
	  "reviewerType": "entityOwners",
	  "businessFlowTemplateId": "6e4f3d20-c5c3-407f-9695-8460952bcc68",
	  "description": "Keep Sales tidy",
	  "settings": {
	    "mailNotificationsEnabled": true, "remindersEnabled": false,
	    "justificationRequiredOnApproval": false, "autoReviewEnabled": true,
	    "activityDurationInDays": 60, "autoApplyReviewResultsEnabled": true,
	    "accessRecommendationsEnabled": true,
	    "recurrenceSettings": {"recurrenceType": "quarterly", "recurrenceEndType": "occurrences", "durationInDays": 14, "recurrenceCount": 4},
	    "autoReviewSettings": {"notReviewedResult": "Deny"}
	  }
	}`
	path := filepath.Join(t.TempDir(), "review.json")
	require.NoError(t, os.WriteFile(path, []byte(review), 0o600))
	e, out := open(t)
	res, err := run(e, []string{path})
	require.NoError(t, err)

	_, reviewersJSON, recurrenceJSON, settings := stored(t, e, res.Created.ID)
	assert.JSONEq(t, `[{"query":"/groups/`+groupID+`/owners","queryType":"MicrosoftGraph"}]`, reviewersJSON)
	assert.JSONEq(t, `{"pattern":{"type":"absoluteMonthly","interval":3},"range":{"type":"numbered","startDate":"2026-01-05","numberOfOccurrences":4}}`, recurrenceJSON)
	assert.Equal(t, 14, settings.InstanceDurationInDays)
	assert.True(t, settings.DefaultDecisionEnabled)
	assert.Equal(t, accessreviews.DefaultDecision("Deny"), settings.DefaultDecision)
	assert.True(t, settings.AutoApplyDecisionsEnabled)
	assert.Contains(t, out.String(), `"Quarterly Sales review" from template`)
}

func TestRunFailsOnABadFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.json")
	require.NoError(t, os.WriteFile(broken, []byte(`{"displayName":`), 0o600))
	for name, args := range map[string][]string{
		"missing": {filepath.Join(dir, "absent.json")},
		"broken":  {broken},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e, _ := open(t)
			_, err := run(e, args)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "read the legacy review")
			for range e.Client.Definitions.List(t.Context(), nil) {
				t.Fatal("nothing is created from a bad file")
			}
		})
	}
}
