package main

import (
	"encoding/json"
	jsonv2 "encoding/json/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/examples/internal/setup/setuptest"
	"github.com/graphkit/governance/odata"
)

// TestRunCreatesTheFourDefinitions runs the example on the fake and reads
// every definition back, comparing what matters with what was built.
func TestRunCreatesTheFourDefinitions(t *testing.T) {
	t.Parallel()
	e, out := setuptest.OpenFake(t, directory())

	got, err := run(e)
	require.NoError(t, err)
	require.Len(t, got, 4)
	for _, r := range got {
		require.NotNil(t, r.Created, r.Built.DisplayName)
		require.NotEmpty(t, r.Created.ID)
		read, err := e.Client.Definitions.Get(t.Context(), r.Created.ID)
		require.NoError(t, err)
		assert.NoError(t, read.Validate(), "the stored definition is valid too")
		assert.Equal(t, essentials(t, r.Built), essentials(t, read), r.Built.DisplayName)
	}
	multi := got[3].Created
	require.True(t, multi.IsMultiStage())
	assert.Len(t, multi.StageSettings, 2)
	assert.Equal(t, []string{"1"}, multi.StageSettings[1].DependsOn)

	for _, line := range []string{
		"==> Example 1: Test create",
		"    lint:       no warnings",
		// The reference's example 2 denies and removes whoever nobody
		// reviewed: the service accepts it, Lint points at the caution of
		// the settings page, and the definition is created.
		"    warning:    settings.defaultDecision: is Deny, applied automatically (autoApplyDecisionsEnabled): everyone whose reviewer does not answer loses access",
		"    scope:      guest users among the direct members of each team, inactive for 30 days",
		"    reviewers:  the managers of the reviewed users",
		"    recurrence: every 6 months, from 2026-01-05 until 2027-01-05",
		"    stage 1:    2 days, reviewed by user " + reviewerID + "; moves on: NotReviewed, Approve",
		"==> Done: 4 definitions",
	} {
		assert.Contains(t, out.String(), line)
	}
}

// TestDefinitionsAreValid checks the builders' output against the client
// validation, without any service.
func TestDefinitionsAreValid(t *testing.T) {
	t.Parallel()
	for _, def := range definitions(odataDate(t)) {
		assert.NoError(t, def.Validate(), def.DisplayName)
	}
}

// essentials is the part of a definition that must survive a round trip
// through the service, as comparable JSON.
func essentials(t *testing.T, d *accessreviews.Definition) map[string]any {
	t.Helper()
	stages := make([]map[string]any, len(d.StageSettings))
	for i, s := range d.StageSettings {
		stages[i] = map[string]any{
			"id": s.StageID, "dependsOn": s.DependsOn, "days": s.DurationInDays,
			"moves": s.DecisionsThatWillMoveToNextStage, "reviewers": s.Reviewers,
			"fallback": s.FallbackReviewers, "recommendations": s.RecommendationsEnabled,
		}
	}
	st := d.Settings
	v := map[string]any{
		"displayName": d.DisplayName, "admins": d.DescriptionForAdmins, "reviewersText": d.DescriptionForReviewers,
		"scope": d.Scope, "enumeration": d.InstanceEnumerationScope,
		"reviewers": orNil(d.Reviewers), "fallback": orNil(d.FallbackReviewers), "stages": stages,
		"recurrence": st.Recurrence, "mail": st.MailNotificationsEnabled, "remind": st.ReminderNotificationsEnabled,
		"justify": st.JustificationRequiredOnApproval, "defaultOn": st.DefaultDecisionEnabled,
		"default": st.DefaultDecision, "days": st.InstanceDurationInDays, "autoApply": st.AutoApplyDecisionsEnabled,
		"recommend": st.RecommendationsEnabled, "history": st.DecisionHistoriesForReviewersEnabled,
	}
	if !st.DefaultDecisionEnabled {
		delete(v, "default") // the service echoes None for "not set"
	}
	raw, err := jsonv2.Marshal(v)
	require.NoError(t, err)
	var out map[string]any
	require.NoError(t, json.Unmarshal(raw, &out))
	return out
}

func odataDate(t *testing.T) odata.Date {
	t.Helper()
	d, err := odata.ParseDate("2026-01-05")
	require.NoError(t, err)
	return d
}

// orNil treats an empty list as absent: the service echoes [] for a list the
// request left out.
func orNil[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}
