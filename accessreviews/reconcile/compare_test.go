package reconcile

import (
	"encoding/json/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
)

// baseDefinition is a valid multi-stage definition in the wire format, for
// the comparison tests to vary.
const baseDefinition = `{
	"displayName": "Base",
	"scope": {"@odata.type": "#microsoft.graph.accessReviewQueryScope", "query": "/groups/02f3bafb-448c-487c-88c2-5fd65ce49a41/transitiveMembers", "queryType": "MicrosoftGraph"},
	"reviewers": [{"query": "/users/398164b1-5196-49dd-ada2-364b49f99b27", "queryType": "MicrosoftGraph"},
		{"query": "/groups/072ac5f4-3f13-4088-ab30-0a276f3e6322/owners", "queryType": "MicrosoftGraph"}],
	"stageSettings": [{"stageId": "1", "durationInDays": 2, "recommendationsEnabled": false}],
	"settings": {
		"mailNotificationsEnabled": true,
		"recommendationLookBackDuration": "P30D",
		"applyActions": [{"@odata.type": "#microsoft.graph.removeAccessApplyAction"}, {"@odata.type": "#microsoft.graph.disableAndDeleteUserApplyAction"}],
		"recurrence": {"pattern": {"type": "weekly", "interval": 1}, "range": {"type": "noEnd", "startDate": "2026-01-05"}}
	}
}`

// variant decodes baseDefinition after f changed its JSON.
func variant(t *testing.T, f func(d object)) *accessreviews.Definition {
	t.Helper()
	var m object
	require.NoError(t, json.Unmarshal([]byte(baseDefinition), &m))
	if f != nil {
		f(m)
	}
	b, err := json.Marshal(m)
	require.NoError(t, err)
	return decodeDefinition(t, string(b))
}

// TestCompareRules compares variants of one definition through the SDK's
// models, as a plan does: what the service treats alike is no change, what
// it does not is, and properties the SDK does not model are compared only
// when the desired definition sets them.
func TestCompareRules(t *testing.T) {
	t.Parallel()
	settings := func(d object) object { return d["settings"].(object) }
	stage := func(d object) object { return d["stageSettings"].([]any)[0].(object) }
	cases := []struct {
		name      string
		cur, want func(d object)
		paths     []string
	}{
		{name: "identical"},
		{name: "reviewer and apply action order", cur: func(d object) {
			slices.Reverse(d["reviewers"].([]any))
			slices.Reverse(settings(d)["applyActions"].([]any))
		}},
		{name: "unmodelled properties only the tenant has are kept, not changes", cur: func(d object) {
			d["customDataProvider"] = "contoso"
			settings(d)["isAgenticExperienceEnabled"] = true
			stage(d)["x-stage"] = []any{1.0}
			settings(d)["recurrence"].(object)["range"].(object)["x-range"] = "kept"
		}},
		{name: "unmodelled properties the desired definition sets are compared",
			cur:   func(d object) { settings(d)["isAgenticExperienceEnabled"] = true; stage(d)["x-stage"] = "a" },
			want:  func(d object) { settings(d)["isAgenticExperienceEnabled"] = false; stage(d)["x-stage"] = "b" },
			paths: []string{"settings.isAgenticExperienceEnabled", "stageSettings[stageId=1].x-stage"}},
		{name: "a stage's absent and empty reviewers are both a self-review",
			want: func(d object) { stage(d)["reviewers"] = []any{}; stage(d)["fallbackReviewers"] = []any{} }},
		{name: "a stage's absent and empty decisions to move on differ",
			want:  func(d object) { stage(d)["decisionsThatWillMoveToNextStage"] = []any{} },
			paths: []string{"stageSettings[stageId=1].decisionsThatWillMoveToNextStage"}},
		{name: "a month is not 30 days",
			want:  func(d object) { settings(d)["recommendationLookBackDuration"] = "P1M" },
			paths: []string{"settings.recommendationLookBackDuration"}},
		{name: "an ARM query is not a Graph query",
			want:  func(d object) { d["reviewers"].([]any)[0].(object)["queryType"] = "ARM" },
			paths: []string{"reviewers"}},
		{name: "a new stage and a new interval",
			want: func(d object) {
				d["stageSettings"] = append(d["stageSettings"].([]any), object{"stageId": "2", "dependsOn": []any{"1"}, "durationInDays": 3.0})
				settings(d)["recurrence"].(object)["pattern"].(object)["interval"] = 2.0
			},
			paths: []string{"settings.recurrence", "stageSettings[stageId=2]"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.paths, differences(t, variant(t, tc.cur), variant(t, tc.want)))
		})
	}
}
