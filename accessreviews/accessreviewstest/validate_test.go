package accessreviewstest

import (
	"encoding/json/v2"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fake's validation of definitions, rule by rule, over raw HTTP. Each
// case names the document sentence behind it; the accepted cases are bodies
// the documents send and the service takes.

// validDefinition returns a definition body the service accepts: a weekly
// review of a group's members by one user.
func validDefinition() map[string]any {
	return map[string]any{
		"displayName":             "Weekly review",
		"descriptionForAdmins":    "admins",
		"descriptionForReviewers": "reviewers",
		"scope": map[string]any{
			"@odata.type": "#microsoft.graph.accessReviewQueryScope",
			"query":       "/groups/" + fxSec + "/transitiveMembers", "queryType": "MicrosoftGraph",
		},
		"reviewers": []any{map[string]any{"query": "/users/" + fxOwner, "queryType": "MicrosoftGraph"}},
		"settings": map[string]any{
			"instanceDurationInDays": 3,
			"recurrence": map[string]any{
				"pattern": map[string]any{"type": "weekly", "interval": 1},
				"range":   map[string]any{"type": "noEnd", "startDate": "2026-01-05"},
			},
		},
	}
}

// sub returns the object at a path of nested objects in m.
func sub(m map[string]any, path ...string) map[string]any {
	for _, p := range path {
		m = m[p].(map[string]any)
	}
	return m
}

// twoStages returns a valid two-stage stageSettings list.
func twoStages() []any {
	return []any{
		map[string]any{"stageId": "1", "durationInDays": 2, "recommendationsEnabled": true},
		map[string]any{"stageId": "2", "dependsOn": []any{"1"}, "durationInDays": 2, "recommendationsEnabled": false},
	}
}

// createRaw posts a definition body as the application and returns the
// status and, for an error, the Graph error envelope's code and message.
func createRaw(t *testing.T, s *Server, body any) (int, string, string) {
	t.Helper()
	b, err := json.Marshal(body)
	require.NoError(t, err)
	status, _, resp := rawDo(t, s, http.MethodPost, "/v1.0"+arPrefix+"/definitions", string(b), true)
	if status < 400 {
		return status, "", ""
	}
	env := decodeError(t, resp)
	assert.NotEmpty(t, env.Error.InnerError.RequestID, "Graph's error shape carries the request-id")
	assert.NotEmpty(t, env.Error.InnerError.Date, "and the date")
	return status, env.Error.Code, env.Error.Message
}

func TestDefinitionValidationFollowsTheDocuments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		rule   string
		change func(m map[string]any)
		// field is the field the 400's message names; "" means accepted.
		field string
	}{
		{"displayName: Required.", func(m map[string]any) { delete(m, "displayName") }, "displayName"},
		{"scope: Required.", func(m map[string]any) { delete(m, "scope") }, "scope"},
		{"a query scope's query is what is reviewed", func(m map[string]any) { sub(m, "scope")["query"] = "" }, "scope.query"},
		{"a scope query is a Graph path", func(m map[string]any) { sub(m, "scope")["query"] = "groups/x" }, "scope.query"},
		{"queryRoot: Possible value: decisions.", func(m map[string]any) {
			m["reviewers"] = []any{map[string]any{"query": "/users/" + fxOwner, "queryRoot": "users"}}
		}, "reviewers[0].queryRoot"},
		{"queryRoot is required for a relative query such as ./manager", func(m map[string]any) {
			m["reviewers"] = []any{map[string]any{"query": "./manager", "queryType": "MicrosoftGraph"}}
		}, "reviewers[0].queryRoot"},
		{"./manager with queryRoot decisions", func(m map[string]any) {
			m["reviewers"] = []any{map[string]any{"query": "./manager", "queryType": "MicrosoftGraph", "queryRoot": "decisions"}}
		}, ""},
		{"./owners without queryRoot, as the guest tutorial sends it", func(m map[string]any) {
			m["reviewers"] = []any{map[string]any{"query": "./owners", "queryType": "MicrosoftGraph", "queryRoot": nil}}
		}, ""},
		{"defaultDecision: Can be one of Approve, Deny, or Recommendation", func(m map[string]any) {
			s := sub(m, "settings")
			s["defaultDecisionEnabled"], s["defaultDecision"] = true, "None"
		}, "settings.defaultDecision"},
		{"defaultDecision None with the default off, as the documents send it", func(m map[string]any) {
			sub(m, "settings")["defaultDecision"] = "None"
		}, ""},
		{"instanceDurationInDays is a number of days", func(m map[string]any) { sub(m, "settings")["instanceDurationInDays"] = -1 }, "settings.instanceDurationInDays"},
		{"applyActions: two types are currently supported", func(m map[string]any) {
			sub(m, "settings")["applyActions"] = []any{map[string]any{"@odata.type": "#microsoft.graph.archiveApplyAction"}}
		}, "settings.applyActions[0]"},
		{"recurrence: only weekly and absoluteMonthly are supported", func(m map[string]any) {
			sub(m, "settings", "recurrence", "pattern")["type"] = "daily"
		}, "settings.recurrence.pattern.type"},
		{"interval: Required.", func(m map[string]any) { delete(sub(m, "settings", "recurrence", "pattern"), "interval") }, "settings.recurrence.pattern.interval"},
		{"weekly: only interval and type are supported", func(m map[string]any) {
			sub(m, "settings", "recurrence", "pattern")["dayOfMonth"] = 3
		}, "settings.recurrence.pattern.dayOfMonth"},
		{"a property without a supported value is an error", func(m map[string]any) {
			sub(m, "settings", "recurrence", "pattern")["daysOfWeek"] = []any{"monday"}
		}, "settings.recurrence.pattern.daysOfWeek"},
		{"zero-filled pattern members, as the guest tutorial sends them", func(m map[string]any) {
			p := sub(m, "settings", "recurrence", "pattern")
			p["month"], p["dayOfMonth"], p["daysOfWeek"], p["firstDayOfWeek"], p["index"] = 0, 0, []any{}, "sunday", "first"
		}, ""},
		{"range startDate: Required.", func(m map[string]any) { delete(sub(m, "settings", "recurrence", "range"), "startDate") }, "settings.recurrence.range.startDate"},
		{"range endDate: Required if type is endDate.", func(m map[string]any) {
			sub(m, "settings", "recurrence", "range")["type"] = "endDate"
		}, "settings.recurrence.range.endDate"},
		{"numberOfOccurrences must be positive in a numbered range", func(m map[string]any) {
			sub(m, "settings", "recurrence", "range")["type"] = "numbered"
		}, "settings.recurrence.range.numberOfOccurrences"},
		{"numbered with 0 and an end date, as the tutorials send it", func(m map[string]any) {
			r := sub(m, "settings", "recurrence", "range")
			r["type"], r["numberOfOccurrences"], r["endDate"] = "numbered", 0, "2026-12-31"
		}, ""},
		{"a timestamp start date, as the create examples send it", func(m map[string]any) {
			sub(m, "settings", "recurrence", "range")["startDate"] = "2020-09-08T12:02:30.667Z"
		}, ""},
		{"range type must be endDate, noEnd or numbered", func(m map[string]any) {
			sub(m, "settings", "recurrence", "range")["type"] = "forever"
		}, "settings.recurrence.range.type"},
		{"recommendationLookBackDuration is an ISO 8601 duration", func(m map[string]any) {
			sub(m, "settings")["recommendationLookBackDuration"] = "30 days"
		}, "settings.recommendationLookBackDuration"},
		{"any duration for reviews of groups (P1Y)", func(m map[string]any) {
			sub(m, "settings")["recommendationLookBackDuration"] = "P1Y"
		}, ""},
		{"applications: 30 days is the maximum duration", func(m map[string]any) {
			m["scope"] = map[string]any{"@odata.type": "#microsoft.graph.principalResourceMembershipsScope",
				"principalScopes": []any{map[string]any{"query": "/users"}},
				"resourceScopes":  []any{map[string]any{"query": "/servicePrincipals/" + fxOwner}}}
			sub(m, "settings")["recommendationLookBackDuration"] = "P60D"
		}, "settings.recommendationLookBackDuration"},
		{"stageId: Required.", func(m map[string]any) {
			st := twoStages()
			delete(st[0].(map[string]any), "stageId")
			m["stageSettings"] = st
		}, "stageSettings[0].stageId"},
		{"dependsOn: if stageId is 2, then dependsOn must be 1", func(m map[string]any) {
			st := twoStages()
			st[1].(map[string]any)["dependsOn"] = []any{"3"}
			m["stageSettings"] = st
		}, "stageSettings[1].dependsOn"},
		{"dependsOn: If stageId is 1, don't specify dependsOn.", func(m map[string]any) {
			st := twoStages()
			st[0].(map[string]any)["dependsOn"] = []any{"2"}
			m["stageSettings"] = st
		}, "stageSettings[0].dependsOn"},
		{"durationInDays: Required.", func(m map[string]any) {
			st := twoStages()
			delete(st[1].(map[string]any), "durationInDays")
			m["stageSettings"] = st
		}, "stageSettings[1].durationInDays"},
		{"recommendationsEnabled: Required.", func(m map[string]any) {
			st := twoStages()
			delete(st[0].(map[string]any), "recommendationsEnabled")
			m["stageSettings"] = st
		}, "stageSettings[0].recommendationsEnabled"},
		{"the cumulative durationInDays can't exceed 7 for a weekly review", func(m map[string]any) {
			st := twoStages()
			st[1].(map[string]any)["durationInDays"] = 6
			m["stageSettings"] = st
		}, "stageSettings"},
		{"decisionsThatWillMoveToNextStage: a subset of Approve, Deny, Recommendation, NotReviewed", func(m map[string]any) {
			st := twoStages()
			st[0].(map[string]any)["decisionsThatWillMoveToNextStage"] = []any{"DontKnow"}
			m["stageSettings"] = st
		}, "stageSettings[0].decisionsThatWillMoveToNextStage[0]"},
		{"up to three subsequent stages", func(m map[string]any) {
			st := twoStages()
			for i := 3; i <= 4; i++ {
				st = append(st, map[string]any{"stageId": itoa(i), "dependsOn": []any{itoa(i - 1)}, "durationInDays": 1, "recommendationsEnabled": true})
			}
			m["stageSettings"] = st
			sub(m, "settings", "recurrence", "pattern")["type"] = "absoluteMonthly"
		}, "stageSettings"},
		{"instanceDurationInDays differing from the stages, as the multi-stage example sends it", func(m map[string]any) {
			m["stageSettings"] = twoStages()
		}, ""},
		{"shared channels: single-stage only", func(m map[string]any) {
			m["scope"] = map[string]any{"@odata.type": "#microsoft.graph.principalResourceMembershipsScope",
				"principalScopes": []any{map[string]any{"query": "/users"}},
				"resourceScopes":  []any{map[string]any{"query": "/teams/" + fxTeam + "/channels?$filter=(membershipType eq 'shared')"}}}
			m["stageSettings"] = twoStages()
		}, "stageSettings"},
		{"inactiveDuration is an ISO 8601 duration", func(m map[string]any) {
			sc := sub(m, "scope")
			sc["@odata.type"], sc["inactiveDuration"] = "#microsoft.graph.accessReviewInactiveUsersQueryScope", "thirty"
		}, "scope.inactiveDuration"},
		{"a scope $filter the service cannot read", func(m map[string]any) {
			sub(m, "scope")["query"] = "/groups/" + fxSec + "/transitiveMembers?$filter=(userType eq"
		}, "scope.query"},
		{"the scopes document's all-teams query with its stray quote", func(m map[string]any) {
			m["instanceEnumerationScope"] = map[string]any{"query": "/groups?$filter=(groupTypes/any(c:c+eq+'Unified') and resourceProvisioningOptions/Any(x:x eq 'Team')')", "queryType": "MicrosoftGraph"}
			sub(m, "scope")["query"] = "./members/microsoft.graph.user/?$filter=(userType eq 'Guest')"
		}, ""},
		{"empty descriptions, as the guest tutorial sends them", func(m map[string]any) {
			m["descriptionForAdmins"], m["descriptionForReviewers"] = "", ""
		}, ""},
	}
	s := f2Fixture(t)
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			t.Parallel()
			body := validDefinition()
			tt.change(body)
			status, code, msg := createRaw(t, s, body)
			if tt.field == "" {
				assert.Equal(t, http.StatusCreated, status, msg)
				return
			}
			assert.Equal(t, http.StatusBadRequest, status)
			assert.Equal(t, codeBadRequest, code)
			assert.True(t, strings.HasPrefix(msg, tt.field+":") || strings.Contains(msg, "; "+tt.field+":"),
				"the message names %s: %s", tt.field, msg)
		})
	}
}

func TestDefinitionBodiesOfTheWrongShape(t *testing.T) {
	t.Parallel()
	s := f2Fixture(t)
	for name, body := range map[string]string{
		"not an object":        `[1,2]`,
		"empty":                ``,
		"a string for a bool":  `{"displayName":"x","scope":{"query":"/users"},"settings":{"mailNotificationsEnabled":"yes"}}`,
		"a duplicate member":   `{"displayName":"x","displayName":"y","scope":{"query":"/users"}}`,
		"a fraction of a day":  `{"displayName":"x","scope":{"query":"/users"},"settings":{"instanceDurationInDays":1.5}}`,
		"an object for a list": `{"displayName":"x","scope":{"query":"/users"},"reviewers":{"query":"/users/x"}}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			status, _, b := rawDo(t, s, http.MethodPost, "/v1.0"+arPrefix+"/definitions", body, true)
			assert.Equal(t, http.StatusBadRequest, status, string(b))
			assert.Equal(t, codeBadRequest, decodeError(t, b).Error.Code)
		})
	}
}
