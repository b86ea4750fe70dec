package accessreviews

import (
	"bytes"
	"encoding/json"
	"encoding/json/jsontext"
	jsonv2 "encoding/json/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/internal/poly"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

func TestDefinitionDecode(t *testing.T) {
	t.Parallel()
	var def Definition
	require.NoError(t, json.Unmarshal(fixture(t, "definitions/get.json"), &def))

	assert.Equal(t, getDefinitionID, def.ID)
	assert.Equal(t, "Two-stage review of the Finance group", def.DisplayName)
	assert.Equal(t, time.Date(2024, time.March, 1, 9, 30, 0, 123456700, time.UTC), def.CreatedDateTime.Time)
	assert.Equal(t, UserIdentity{ID: "957f1027-c0ee-460d-9269-b8444459e0fe", DisplayName: "MOD Administrator",
		UserPrincipalName: "admin@contoso.com"}, def.CreatedBy)
	assert.Nil(t, def.InstanceEnumerationScope, "null is no scope")
	assert.NotNil(t, def.Reviewers, "[] is a self-review, kept apart from absent")
	assert.Empty(t, def.Reviewers)
	assert.NotNil(t, def.BackupReviewers)
	assert.NotNil(t, def.Instances)
	require.Len(t, def.AdditionalNotificationRecipients, 1)

	s := def.Settings
	assert.True(t, s.MailNotificationsEnabled)
	assert.False(t, s.ReminderNotificationsEnabled)
	assert.True(t, s.DecisionHistoriesForReviewersEnabled)
	assert.Equal(t, DefaultNone, s.DefaultDecision)
	assert.Equal(t, 7, s.InstanceDurationInDays)
	assert.Equal(t, odata.Days(30), s.RecommendationLookBackDuration)
	assert.Equal(t, []InsightSetting{UserLastSignInInsightSetting{RecommendationLookBackDuration: odata.Days(30), SignInScope: SignInTenant}},
		s.RecommendationInsightSettings)
	assert.Equal(t, []ApplyAction{RemoveAccess()}, s.ApplyActions)
	assert.Equal(t, recurrence.Weekly().Every(2).StartingOn(odata.Date{Year: 2024, Month: time.March, Day: 4}), s.Recurrence)

	require.Len(t, def.StageSettings, 2)
	assert.Equal(t, []Decision{DecisionNotReviewed, DecisionApprove}, def.StageSettings[0].DecisionsThatWillMoveToNextStage)
	assert.Nil(t, def.StageSettings[0].DependsOn)
	assert.Equal(t, []string{"1"}, def.StageSettings[1].DependsOn)
	assert.Equal(t, []InsightSetting{GroupPeerOutlierInsightSetting{}}, def.StageSettings[1].RecommendationInsightSettings,
		"the documentation's spelling recommendationInsightsSettings decodes")
	assert.NoError(t, def.Validate())
}

// TestDefinitionMarshalRead checks the read shape: everything decoded is
// written back, read-only properties and annotations included, and a second
// round trip changes nothing.
func TestDefinitionMarshalRead(t *testing.T) {
	t.Parallel()
	var def Definition
	require.NoError(t, json.Unmarshal(fixture(t, "definitions/get.json"), &def))
	first, err := json.Marshal(def)
	require.NoError(t, err)

	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(first, &m))
	for _, key := range []string{"@odata.context", "@odata.etag", "id", "createdBy", "createdDateTime",
		"lastModifiedDateTime", "status", "instances", "customData", "customDataProvider", "backupReviewers"} {
		assert.Contains(t, m, key)
	}
	assert.JSONEq(t, `{"costCenter": 42, "tags": ["finance", "sox"]}`, string(m["customData"]))
	assert.Contains(t, string(m["settings"]), `"isAgenticExperienceEnabled":true`)
	assert.Contains(t, string(m["stageSettings"]), `"escalationEnabled":true`)
	assert.Contains(t, string(m["stageSettings"]), `"recommendationInsightSettings"`)
	assert.NotContains(t, string(m["stageSettings"]), `"recommendationInsightsSettings"`)

	var again Definition
	require.NoError(t, json.Unmarshal(first, &again))
	second, err := json.Marshal(&again)
	require.NoError(t, err)
	assert.JSONEq(t, string(first), string(second))
}

// TestDefinitionWireShapes checks what differs between the read, create and
// update shapes.
func TestDefinitionWireShapes(t *testing.T) {
	t.Parallel()
	reviewer := []scope.Reviewer{scope.User("c9a5aff7-9298-4d71-adab-0a222e0a05e4")}
	def := &Definition{
		ID:              "5a7d3c1e-2b4f-4e6a-9c8d-7f1e2d3c4b5a",
		Status:          StatusInProgress,
		CreatedBy:       UserIdentity{ID: "957f1027-c0ee-460d-9269-b8444459e0fe"},
		DisplayName:     "shapes",
		Scope:           scope.Group("02f3bafb-448c-487c-88c2-5fd65ce49a41").TransitiveMembers(),
		BackupReviewers: []scope.Reviewer{},
		StageSettings: []StageSettings{
			{StageID: "1", DurationInDays: 1, DecisionsThatWillMoveToNextStage: []Decision{}},
			{StageID: "2", DependsOn: []string{"1"}, DurationInDays: 1, Reviewers: reviewer},
		},
		Instances: []Instance{},
		Extra:     jsontext.Value(`{"@odata.context":"x","scope@odata.type":"y","odata.etag":"z","future":1}`),
	}
	def.Settings.Extra = jsontext.Value(`{"@odata.type":"t","newSetting":"on"}`)
	def.StageSettings[0].Extra = jsontext.Value(`{"stage@odata.context":"c","extra":[]}`)

	const wireRead, wireCreate, wireUpdate = "read", "create", "update"
	shape := func(mode string) map[string]any {
		var b []byte
		var err error
		switch mode {
		case wireRead:
			b, err = json.Marshal(def)
		default:
			b, err = def.requestBody(mode == wireUpdate)
		}
		require.NoError(t, err)
		var m map[string]any
		require.NoError(t, json.Unmarshal(b, &m))
		return m
	}
	read, create, update := shape(wireRead), shape(wireCreate), shape(wireUpdate)

	for _, key := range []string{"id", "status", "createdBy", "instances", "@odata.context", "scope@odata.type", "odata.etag"} {
		assert.Contains(t, read, key, "read keeps %s", key)
		assert.NotContains(t, create, key, "create strips %s", key)
		assert.NotContains(t, update, key, "update strips %s", key)
	}
	for _, m := range []map[string]any{read, create, update} {
		assert.Equal(t, 1.0, m["future"], "unknown properties are kept")
		settings := m["settings"].(map[string]any)
		assert.Equal(t, "on", settings["newSetting"])
		stage := m["stageSettings"].([]any)[0].(map[string]any)
		assert.Equal(t, []any{}, stage["extra"])
		assert.Equal(t, []any{}, stage["decisionsThatWillMoveToNextStage"], "an empty list stays []")
		assert.NotContains(t, stage, "reviewers", "a stage's nil reviewers are left out: the definition's apply")
		assert.NotContains(t, stage, "fallbackReviewers")
		assert.Equal(t, false, settings["autoApplyDecisionsEnabled"], "booleans are always written")
		assert.Equal(t, 0.0, settings["instanceDurationInDays"])
	}
	assert.Contains(t, read["settings"], "@odata.type", "the type annotation of settings is kept when reading")
	assert.NotContains(t, update["settings"], "@odata.type")
	assert.Contains(t, read["stageSettings"].([]any)[0], "stage@odata.context")
	assert.NotContains(t, update["stageSettings"].([]any)[0], "stage@odata.context")

	assert.Equal(t, []any{}, create["reviewers"], "create sends nil reviewers as []: the v1.0 page marks them required on create")
	assert.NotContains(t, create, "fallbackReviewers", "create leaves the other nil lists out")
	assert.NotContains(t, create["settings"], "applyActions")
	assert.Equal(t, []any{}, update["reviewers"], "update sends nil lists as []")
	assert.Equal(t, []any{}, update["fallbackReviewers"])
	assert.Equal(t, []any{}, update["additionalNotificationRecipients"])
	assert.Equal(t, []any{}, update["settings"].(map[string]any)["applyActions"])
	assert.Equal(t, []any{}, update["settings"].(map[string]any)["recommendationInsightSettings"])
	assert.Equal(t, []any{}, update["stageSettings"].([]any)[0].(map[string]any)["dependsOn"])
	assert.NotContains(t, create["stageSettings"].([]any)[0], "dependsOn")

	assert.Equal(t, []any{}, create["backupReviewers"], "create sends an empty mirror as asked")
	assert.NotContains(t, update, "backupReviewers", "update leaves an empty mirror out")
	def.BackupReviewers = reviewer
	assert.Len(t, shape(wireUpdate)["backupReviewers"], 1, "update sends a mirror that names someone")

	none := &Definition{DisplayName: "empty"}
	b, err := json.Marshal(none)
	require.NoError(t, err)
	assert.JSONEq(t, `{"displayName":"empty","descriptionForAdmins":"","descriptionForReviewers":""}`, string(b),
		"the read shape leaves zero settings out")
}

func TestApplyActionDecode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want []ApplyAction
	}{
		{"remove access", `[{"@odata.type":"#microsoft.graph.removeAccessApplyAction"}]`, []ApplyAction{RemoveAccess()}},
		{"disable and delete, short name", `[{"@odata.type":"microsoft.graph.disableAndDeleteUserApplyAction"}]`,
			[]ApplyAction{DisableAndDeleteUser()}},
		{"casing and legacy key", `[{"odata.type":"#Microsoft.Graph.REMOVEACCESSAPPLYACTION"}]`, []ApplyAction{RemoveAccess()}},
		{"unknown type", `[{"@odata.type":"#microsoft.graph.notifyManagerApplyAction","days":3}]`,
			[]ApplyAction{UnknownApplyAction{Raw: json.RawMessage(`{"@odata.type":"#microsoft.graph.notifyManagerApplyAction","days":3}`)}}},
		{"no type", `[{}]`, []ApplyAction{UnknownApplyAction{Raw: json.RawMessage(`{}`)}}},
		{"null elements kept as nil", `[null,{"@odata.type":"#microsoft.graph.removeAccessApplyAction"}]`, []ApplyAction{nil, RemoveAccess()}},
		{"empty", `[]`, []ApplyAction{}},
		{"null", `null`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var s Settings
			// Settings alone decode their apply actions with the wire options.
			require.NoError(t, jsonv2.Unmarshal([]byte(`{"applyActions":`+tt.in+`}`), &s, poly.WireOptions()))
			assert.Equal(t, tt.want, s.ApplyActions)
		})
	}
	unknown := UnknownApplyAction{Raw: json.RawMessage(`{"@odata.type":"#microsoft.graph.x","a":1}`)}
	assert.Equal(t, "#microsoft.graph.x", unknown.Type())
	b, err := json.Marshal([]ApplyAction{unknown, RemoveAccess(), DisableAndDeleteUser()})
	require.NoError(t, err)
	assert.JSONEq(t, `[{"@odata.type":"#microsoft.graph.x","a":1},{"@odata.type":"#microsoft.graph.removeAccessApplyAction"},
		{"@odata.type":"#microsoft.graph.disableAndDeleteUserApplyAction"}]`, string(b))
	_, err = json.Marshal(UnknownApplyAction{Raw: json.RawMessage(`[1]`)})
	assert.Error(t, err, "Raw that is not a JSON object is not encoded")
}

func TestInsightSettingDecode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want InsightSetting
	}{
		{"last sign-in", `{"@odata.type":"#microsoft.graph.userLastSignInRecommendationInsightSetting","recommendationLookBackDuration":"P14D","signInScope":"application"}`,
			UserLastSignInInsightSetting{RecommendationLookBackDuration: odata.Days(14), SignInScope: SignInApplication}},
		{"the documentation's mis-cased name", `{"@odata.type":"#microsoft.graph.userlastsignInrecommendationinsightsetting","recommendationLookBackDuration":null}`,
			UserLastSignInInsightSetting{}},
		{"group peer outlier (plural type name)", `{"@odata.type":"#microsoft.graph.groupPeerOutlierRecommendationInsightSettings"}`,
			GroupPeerOutlierInsightSetting{}},
		{"unknown", `{"@odata.type":"#microsoft.graph.appUsageInsightSetting","x":[1]}`,
			UnknownInsightSetting{Raw: json.RawMessage(`{"@odata.type":"#microsoft.graph.appUsageInsightSetting","x":[1]}`)}},
		{"abstract base without a type", `{"a":true}`, UnknownInsightSetting{Raw: json.RawMessage(`{"a":true}`)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := insightSettingKinds.Decode(jsontext.NewDecoder(strings.NewReader(tt.in)))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			b, err := json.Marshal(got)
			require.NoError(t, err)
			again, err := insightSettingKinds.Decode(jsontext.NewDecoder(bytes.NewReader(b)))
			require.NoError(t, err)
			assert.Equal(t, got, again, "encodes to what it decodes from")
		})
	}
	b, err := json.Marshal(UserLastSignInInsightSetting{RecommendationLookBackDuration: odata.Days(30), SignInScope: SignInTenant})
	require.NoError(t, err)
	assert.Equal(t, `{"@odata.type":"#microsoft.graph.userLastSignInRecommendationInsightSetting","recommendationLookBackDuration":"P30D","signInScope":"tenant"}`, string(b))
	assert.Equal(t, "#microsoft.graph.appUsageInsightSetting",
		UnknownInsightSetting{Raw: json.RawMessage(`{"@odata.type":"#microsoft.graph.appUsageInsightSetting"}`)}.Type())
	_, err = json.Marshal(UnknownInsightSetting{Raw: json.RawMessage(`"x"`)})
	assert.Error(t, err, "Raw that is not a JSON object is not encoded")
}

func TestStageSettingsSpellings(t *testing.T) {
	t.Parallel()
	outlier := `[{"@odata.type":"#microsoft.graph.groupPeerOutlierRecommendationInsightSettings"}]`
	lastSignIn := `[{"@odata.type":"#microsoft.graph.userLastSignInRecommendationInsightSetting"}]`
	tests := []struct {
		name string
		in   string
		want []InsightSetting
	}{
		{"schema spelling", `{"recommendationInsightSettings":` + outlier + `}`, []InsightSetting{GroupPeerOutlierInsightSetting{}}},
		{"documentation spelling", `{"recommendationInsightsSettings":` + outlier + `}`, []InsightSetting{GroupPeerOutlierInsightSetting{}}},
		{"both: the schema's wins", `{"recommendationInsightsSettings":` + outlier + `,"recommendationInsightSettings":` + lastSignIn + `}`,
			[]InsightSetting{UserLastSignInInsightSetting{}}},
		{"neither", `{}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// Stage settings are read as part of a definition.
			var def Definition
			require.NoError(t, json.Unmarshal([]byte(`{"stageSettings":[`+tt.in+`]}`), &def))
			s := def.StageSettings[0]
			assert.Equal(t, tt.want, s.RecommendationInsightSettings)
			assert.Empty(t, s.Extra, "neither spelling is kept as an unknown property")
			b, err := json.Marshal(s)
			require.NoError(t, err)
			assert.NotContains(t, string(b), "recommendationInsightsSettings", "the schema spelling is sent")
		})
	}
}

func TestDefinitionDecodeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"not an object", `[]`, "accessreviews: decode definition: "},
		{"bad scope", `{"scope":5}`, `"/scope"`},
		{"bad id", `{"id":5}`, `"/id"`},
		{"bad apply action", `{"settings":{"applyActions":[1]}}`, `"/settings/applyActions/0"`},
		{"bad insight", `{"settings":{"recommendationInsightSettings":[{"@odata.type":"#microsoft.graph.userLastSignInRecommendationInsightSetting","recommendationLookBackDuration":"30 days"}]}}`,
			`"/settings/recommendationInsightSettings/0/recommendationLookBackDuration"`},
		{"bad stage", `{"stageSettings":[{"stageId":"1"},{"durationInDays":"two"}]}`, `"/stageSettings/1/durationInDays"`},
		{"stages not a list", `{"stageSettings":{}}`, `stageSettings`},
		{"bad recurrence", `{"settings":{"recurrence":{"range":{"startDate":"soon"}}}}`, "recurrence: decode recurrence.range.startDate: "},
		{"bad lookback", `{"settings":{"recommendationLookBackDuration":"-P1D"}}`, `"/settings/recommendationLookBackDuration"`},
		{"bad reviewers", `{"reviewers":{}}`, `reviewers`},
		{"bad instances", `{"instances":[1]}`, `"/instances/0"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			def := Definition{DisplayName: "kept"}
			err := json.Unmarshal([]byte(tt.in), &def)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Equal(t, "kept", def.DisplayName, "a failed decode leaves the definition unchanged")
		})
	}
	t.Run("malformed", func(t *testing.T) {
		t.Parallel()
		var def Definition
		assert.Error(t, json.Unmarshal([]byte(`{"displayName":`), &def))
	})
	t.Run("settings and stages alone", func(t *testing.T) {
		t.Parallel()
		var s Settings
		assert.ErrorContains(t, json.Unmarshal([]byte(`{"instanceDurationInDays":"x"}`), &s), "instanceDurationInDays")
		var st StageSettings
		assert.ErrorContains(t, json.Unmarshal([]byte(`{"dependsOn":"1"}`), &st), "dependsOn")
	})
	t.Run("null gives the zero definition", func(t *testing.T) {
		t.Parallel()
		def := Definition{DisplayName: "old", Settings: Settings{InstanceDurationInDays: 3}}
		require.NoError(t, json.Unmarshal([]byte(" null "), &def))
		assert.Equal(t, Definition{}, def)
	})
	t.Run("decoding replaces what was there", func(t *testing.T) {
		t.Parallel()
		def := Definition{DisplayName: "old", Extra: jsontext.Value(`{"old":1}`)}
		require.NoError(t, json.Unmarshal([]byte(`{"id":"a"}`), &def))
		assert.Equal(t, Definition{ID: "a"}, def)
	})
}

func TestSettingsIsZero(t *testing.T) {
	t.Parallel()
	assert.True(t, Settings{}.IsZero())
	for name, s := range map[string]Settings{
		"boolean":    {DecisionHistoriesForReviewersEnabled: true},
		"recurrence": {Recurrence: recurrence.Weekly()},
		"empty list": {ApplyActions: []ApplyAction{}},
		"duration":   {RecommendationLookBackDuration: odata.Days(1)},
		"kept":       {Extra: jsontext.Value(`{"x":1}`)},
	} {
		assert.False(t, s.IsZero(), name)
	}
	var def Definition
	require.NoError(t, json.Unmarshal([]byte(`{"settings":{"isAgenticExperienceEnabled":false}}`), &def))
	assert.False(t, def.Settings.IsZero(), "settings holding only an unknown property are not zero")
	assert.True(t, (&Definition{StageSettings: []StageSettings{{}}}).IsMultiStage())
	assert.False(t, (&Definition{}).IsMultiStage())
}

// FuzzDefinitionJSON decodes arbitrary input: it never panics, and what
// decodes re-encodes (read, create and update shapes) and decodes again to
// the same read shape.
func FuzzDefinitionJSON(f *testing.F) {
	for _, name := range []string{"definitions/get.json", "definitions/list_page2.json", "definitions/created.json",
		"conformance/group-multistage-weekly.v1.json", "conformance/definition-created.self-review.beta.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"settings":{"applyActions":[{}],"recommendationInsightSettings":[{"@odata.type":"#microsoft.graph.userLastSignInRecommendationInsightSetting"}]}}`))
	f.Add([]byte(`{"stageSettings":[null,{"recommendationInsightsSettings":[]}],"x@odata.type":"y"}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var def Definition
		if err := json.Unmarshal(data, &def); err != nil {
			return
		}
		_ = def.Validate()
		first, err := json.Marshal(def)
		if err != nil {
			// A scope decoded from the service is encoded as it is, but a
			// builder-recognised value may refuse: nothing to compare.
			return
		}
		for _, update := range []bool{false, true} {
			if _, err := def.requestBody(update); err != nil {
				t.Fatalf("the request body (update %v) fails where the read shape encodes: %v", update, err)
			}
		}
		var again Definition
		if err := json.Unmarshal(first, &again); err != nil {
			t.Fatalf("re-encoded definition does not decode: %v\n%s", err, first)
		}
		second, err := json.Marshal(again)
		if err != nil {
			t.Fatal(err)
		}
		if !defJSONEqual(first, second) {
			t.Fatalf("not stable:\n%s\n%s", first, second)
		}
	})
}

// defJSONEqual reports whether two JSON texts hold equal values.
func defJSONEqual(a, b []byte) bool {
	var va, vb any
	if json.Unmarshal(a, &va) != nil || json.Unmarshal(b, &vb) != nil {
		return false
	}
	return assert.ObjectsAreEqual(va, vb)
}
