package reconcile

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestChangesInWords describes differences between variants of one
// definition: scopes, reviewers and schedules through the scope and
// recurrence describers, settings in words, stages by their ID, and the
// JSON after the words where the words of two values are the same.
func TestChangesInWords(t *testing.T) {
	t.Parallel()
	settings := func(d object) object { return d["settings"].(object) }
	cases := []struct {
		name string
		want func(d object)
		out  []Change
	}{
		{name: "scope and schedule", want: func(d object) {
			d["scope"] = object{"@odata.type": "#microsoft.graph.accessReviewInactiveUsersQueryScope",
				"query": "/groups/" + groupID + "/transitiveMembers", "inactiveDuration": "P30D"}
			settings(d)["recurrence"] = object{"pattern": object{"type": "absoluteMonthly", "interval": 3.0, "dayOfMonth": 5.0},
				"range": object{"type": "endDate", "startDate": "2026-01-05", "endDate": "2027-01-05"}}
		}, out: []Change{
			{Path: "scope", Property: "what is reviewed",
				Old: "direct and transitive members of group " + groupID,
				New: "direct and transitive members of group " + groupID + ", inactive for 30 days"},
			{Path: "settings.recurrence", Property: "schedule",
				Old: "every week, from 2026-01-05, with no end", New: "every 3 months on day 5, from 2026-01-05 until 2027-01-05"},
		}},
		{name: "reviewers, fallback and notifications", want: func(d object) {
			d["reviewers"] = []any{}
			d["fallbackReviewers"] = []any{object{"query": "/users/" + userID, "queryType": "MicrosoftGraph"}}
			d["additionalNotificationRecipients"] = []any{object{"notificationTemplateType": "CompletedAdditionalRecipients",
				"notificationRecipientScope": object{"@odata.type": "#microsoft.graph.accessReviewNotificationRecipientQueryScope",
					"query": "/groups/" + otherGroup + "/members", "queryType": "MicrosoftGraph"}}}
		}, out: []Change{
			{Path: "reviewers", Property: "reviewers",
				Old: "user " + userID + " and the owners of group " + otherGroup, New: "the reviewed users themselves (self-review)"},
			{Path: "fallbackReviewers", Property: "fallback reviewers", Old: "none", New: "user " + userID},
			{Path: "additionalNotificationRecipients", Property: "additional notification recipients",
				Old: "none", New: "the members of group " + otherGroup + ", when the review completes"},
		}},
		{name: "settings", want: func(d object) {
			s := settings(d)
			s["mailNotificationsEnabled"] = false
			s["recommendationLookBackDuration"] = "PT36H"
			s["applyActions"] = []any{}
			s["defaultDecisionEnabled"] = true
			s["defaultDecision"] = "Deny"
			s["instanceDurationInDays"] = 1.0 // not compared: the stages' durations apply
			s["recommendationInsightSettings"] = []any{
				object{"@odata.type": "#microsoft.graph.userLastSignInRecommendationInsightSetting", "recommendationLookBackDuration": "P14D", "signInScope": "tenant"},
				object{"@odata.type": "#microsoft.graph.groupPeerOutlierRecommendationInsightSettings"}}
		}, out: []Change{
			{Path: "settings.applyActions", Property: "what applying a deny does",
				Old: "disable and then delete the user; remove access", New: "remove access (the default)"},
			{Path: "settings.defaultDecision", Property: "default decision", Old: notSet, New: `"Deny"`},
			{Path: "settings.defaultDecisionEnabled", Property: "default decision for unreviewed items", Old: "off", New: "on"},
			{Path: "settings.mailNotificationsEnabled", Property: "mail notifications", Old: "on", New: "off"},
			{Path: "settings.recommendationInsightSettings", Property: "recommendation insights", Old: notSet,
				New: "outliers among group peers; last sign-in within 14 days (tenant)"},
			{Path: "settings.recommendationLookBackDuration", Property: "recommendation look-back",
				Old: "30 days (the default)", New: "P1DT12H"},
		}},
		{name: "stages", want: func(d object) {
			st := d["stageSettings"].([]any)[0].(object)
			st["durationInDays"] = 3.0
			st["reviewers"] = []any{object{"query": "./manager", "queryType": "MicrosoftGraph", "queryRoot": "decisions"}}
			st["decisionsThatWillMoveToNextStage"] = []any{"NotReviewed", "Approve"}
			d["stageSettings"] = append(d["stageSettings"].([]any),
				object{"stageId": "2", "dependsOn": []any{"1"}, "durationInDays": 4.0})
		}, out: []Change{
			{Path: "stageSettings[stageId=1].decisionsThatWillMoveToNextStage", Property: "stage 1 decisions moving to the next stage",
				Old: "every item", New: "Approve; NotReviewed"},
			{Path: "stageSettings[stageId=1].durationInDays", Property: "stage 1 duration", Old: "2 days", New: "3 days"},
			{Path: "stageSettings[stageId=1].reviewers", Property: "stage 1 reviewers",
				Old: "the reviewed users themselves (self-review)", New: "the managers of the reviewed users"},
			{Path: "stageSettings[stageId=2]", Property: "stage 2", Old: "no such stage",
				New: "4 days, reviewed by the reviewed users themselves (self-review)"},
		}},
		{name: "same words, different values", want: func(d object) {
			d["reviewers"].([]any)[0].(object)["x-note"] = "kept"
		}, out: []Change{
			{Path: "reviewers", Property: "reviewers",
				Old: "user " + userID + " and the owners of group " + otherGroup +
					` [{"query":"/groups/` + otherGroup + `/owners","queryType":"MicrosoftGraph"},{"query":"/users/` + userID + `","queryType":"MicrosoftGraph"}]`,
				New: "user " + userID + " and the owners of group " + otherGroup +
					` [{"query":"/groups/` + otherGroup + `/owners","queryType":"MicrosoftGraph"},{"query":"/users/` + userID + `","queryType":"MicrosoftGraph","x-note":"kept"}]`},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cur, want := variant(t, nil), variant(t, tc.want)
			cf, err := normalForm(cur)
			require.NoError(t, err)
			wf, err := normalForm(want)
			require.NoError(t, err)
			assert.Equal(t, tc.out, describe(diff(cf, wf), cur, want))
		})
	}
}
