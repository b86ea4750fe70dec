package accessreviews

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/scope"
)

// The equivalences a definition conformance comparison may apply to the
// document's side. Each comparison lists the rules its file needs; the
// normaliser reports the rules it used and the test fails when the two
// differ, so no rule is ever applied to a file silently. Every rule either
// quotes the notes on these documents' inconsistencies (README below),
// follows the recurrence fields the service echoes, or only allows
// additions of a value the encoder always writes.
const (
	// README: "startDate … is sent as a full timestamp in some documents
	// and returned as a date … comparisons of builder output … normalise
	// startDate to its date part."
	ruleStartDate = "startDate is its date part"
	// README: "scope and instanceEnumerationScope sometimes carry
	// @odata.type and sometimes not. A scope without @odata.type decodes as
	// a plain query scope." The encoder always writes the type.
	ruleQueryScopeType = "an untyped scope is a query scope"
	// README: "The all teams enumeration query … has a stray ') at its
	// end … the service normalises it … a builder must produce" the
	// balanced query. Applied to builder comparisons only: decoding keeps
	// the query as written.
	ruleTeamsQuote = "the all-teams query's stray quote is dropped"
	// README: "A numbered range may arrive with numberOfOccurrences: 0
	// together with an endDate"; the recurrence package decodes it as the
	// endDate range it behaves as and sends that.
	ruleNumberedZero = "numbered with no count and an end date is an endDate range"
	// The create responses show the service echoing every recurrence field
	// zero-filled (pattern month 0, dayOfMonth 0, daysOfWeek [], firstDayOfWeek
	// "sunday", index "first"; range numberOfOccurrences 0,
	// recurrenceTimeZone null, endDate null) and "pattern" null for a
	// one-time review, whose pattern is to be omitted; these are not sent
	// back. README adds endDate "null" (a string) to the same meaning.
	ruleRecurrenceEcho = "zero-filled recurrence echo fields are not sent"
	// README: "createdDateTime can be 0001-01-01T00:00:00Z or null": both
	// mean the service does not say, which the model holds as the zero
	// DateTime and does not write. lastModifiedDateTime comes the same way
	// in the same documents.
	ruleUnknownTime = "an unknown creation or modification time is absent"
	// A member that is null has no value, exactly as an absent one, for
	// the service; the README's endDate and createdDateTime entries are
	// instances of it. Here: queryRoot null on reviewers and scopes, and
	// instanceEnumerationScope null.
	ruleNullMember = "a null member is absent"
	// Not a normalisation of the document: the encoders always write the
	// names and descriptions, every settings and stage boolean,
	// instanceDurationInDays, durationInDays, the creator's three names and
	// a create's reviewers (see encodeDefinition), so a member the document
	// left out may appear
	// in the output, holding the zero value the service itself reports
	// for it. Nothing else may be added, and nothing changed or lost.
	ruleAddedZero = "always-written members may be added as zero values"
)

// TestConformanceDefinitions decodes every definition document of
// testdata/conformance (the request bodies and create responses of the seed
// documents) and re-encodes it: nothing may be lost. Requests are also
// built with the public builders, and their create bodies compared with the
// documents.
func TestConformanceDefinitions(t *testing.T) {
	t.Parallel()
	for _, tc := range definitionConformanceCases() {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			raw := fixture(t, filepath.Join("conformance", tc.file))

			var def Definition
			require.NoError(t, json.Unmarshal(raw, &def), "every document decodes")
			encoded, err := json.Marshal(def)
			require.NoError(t, err)
			want, got, rules := compareDefinitionJSON(t, raw, encoded, false)
			assert.Equal(t, tc.rules, rules, "the equivalences this document needs")
			assert.Equal(t, want, got, "decoded and re-encoded: nothing lost")

			if tc.valid {
				assert.NoError(t, def.Validate())
			} else {
				assert.Error(t, def.Validate())
			}
			if tc.fluent != nil {
				recognized, ok := scope.Recognize(def.Scope)
				require.True(t, ok, "the scope is one the builders make")
				assert.Equal(t, tc.fluent, recognized)
			}
			if tc.fluentEnumeration != nil {
				recognized, ok := scope.Recognize(def.InstanceEnumerationScope)
				require.True(t, ok, "the enumeration scope is one the builders make")
				assert.Equal(t, tc.fluentEnumeration, recognized)
			}
			if tc.build == nil {
				return
			}
			built := tc.build()
			require.NoError(t, built.Validate(), "the built definition is valid")
			body, err := built.requestBody(false)
			require.NoError(t, err)
			want, got, rules = compareDefinitionJSON(t, raw, body, true)
			assert.Equal(t, tc.buildRules, rules, "the equivalences the built body needs")
			assert.Equal(t, want, got, "built with the public builders: the create body is the document's")
		})
	}
}

// TestConformanceDefinitionsCoverTestdata fails when a definition document
// is added to testdata/conformance without a case.
func TestConformanceDefinitionsCoverTestdata(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("testdata", "conformance", "*.json"))
	require.NoError(t, err)
	var have, want []string
	for _, f := range files {
		// A definition document is a create response, or a request body:
		// an object with a scope and settings (collections of instances or
		// decisions have a "value" instead).
		name := filepath.Base(f)
		var doc map[string]json.RawMessage
		_ = json.Unmarshal(fixture(t, filepath.Join("conformance", name)), &doc)
		_, hasScope := doc["scope"]
		_, hasSettings := doc["settings"]
		if strings.HasPrefix(name, "definition-created.") || (hasScope && hasSettings) {
			have = append(have, name)
		}
	}
	for _, tc := range definitionConformanceCases() {
		want = append(want, tc.file)
	}
	slices.Sort(have)
	slices.Sort(want)
	assert.Equal(t, want, have)
}

// compareDefinitionJSON returns a document and an encoding of it as generic
// JSON values ready to compare: the document normalised by the rules above,
// the encoding with the zero values it may add removed where the document
// has no such member. It also returns the rules used, in declaration order.
func compareDefinitionJSON(t *testing.T, document, encoded []byte, built bool) (want, got any, rules []string) {
	t.Helper()
	var doc, enc map[string]any
	require.NoError(t, json.Unmarshal(document, &doc))
	require.NoError(t, json.Unmarshal(encoded, &enc))
	used := map[string]bool{}
	normaliseDefinitionDoc(doc, built, used)
	dropAddedZeros(enc, doc, used)
	for _, r := range []string{ruleStartDate, ruleQueryScopeType, ruleTeamsQuote, ruleNumberedZero,
		ruleRecurrenceEcho, ruleUnknownTime, ruleNullMember, ruleAddedZero} { // declaration order
		if used[r] {
			rules = append(rules, r)
		}
	}
	return doc, enc, rules
}

// normaliseDefinitionDoc applies the document-side rules to a definition
// document in place.
func normaliseDefinitionDoc(doc map[string]any, built bool, used map[string]bool) {
	drop := func(obj map[string]any, key string, value any, rule string) {
		if v, ok := obj[key]; ok && reflect.DeepEqual(v, value) {
			delete(obj, key)
			used[rule] = true
		}
	}
	// An empty userPrincipalName of the creator is not written back: a
	// user identity leaves empty members out, as decision items need.
	if by, ok := doc["createdBy"].(map[string]any); ok && by["userPrincipalName"] == "" {
		delete(by, "userPrincipalName")
	}
	for _, key := range []string{"createdDateTime", "lastModifiedDateTime"} {
		drop(doc, key, nil, ruleUnknownTime)
		drop(doc, key, "0001-01-01T00:00:00Z", ruleUnknownTime)
	}
	drop(doc, "instanceEnumerationScope", nil, ruleNullMember)
	for _, key := range []string{"scope", "instanceEnumerationScope"} {
		if s, ok := doc[key].(map[string]any); ok {
			normaliseScopeDoc(s, built && key == "instanceEnumerationScope", used)
		}
	}
	for _, key := range []string{"reviewers", "fallbackReviewers", "backupReviewers"} {
		reviewers, _ := doc[key].([]any)
		for _, r := range reviewers {
			if r, ok := r.(map[string]any); ok {
				drop(r, "queryRoot", nil, ruleNullMember)
			}
		}
	}
	settings, _ := doc["settings"].(map[string]any)
	if rec, ok := settings["recurrence"].(map[string]any); ok {
		normaliseRecurrenceDoc(rec, used)
	}
}

// normaliseScopeDoc applies the scope rules to a scope object and the
// scopes it nests; fixQuote applies ruleTeamsQuote to its query.
func normaliseScopeDoc(s map[string]any, fixQuote bool, used map[string]bool) {
	if _, ok := s["@odata.type"]; !ok {
		s["@odata.type"] = "#microsoft.graph.accessReviewQueryScope"
		used[ruleQueryScopeType] = true
	}
	if v, ok := s["queryRoot"]; ok && v == nil {
		delete(s, "queryRoot")
		used[ruleNullMember] = true
	}
	const stray, balanced = "x eq 'Team')')", "x eq 'Team'))"
	if q, ok := s["query"].(string); ok && fixQuote && strings.HasSuffix(q, stray) {
		s["query"] = strings.TrimSuffix(q, stray) + balanced
		used[ruleTeamsQuote] = true
	}
	for _, list := range []string{"principalScopes", "resourceScopes"} {
		nested, _ := s[list].([]any)
		for _, n := range nested {
			if n, ok := n.(map[string]any); ok {
				normaliseScopeDoc(n, false, used)
			}
		}
	}
}

// normaliseRecurrenceDoc applies the recurrence rules to settings.recurrence.
func normaliseRecurrenceDoc(rec map[string]any, used map[string]bool) {
	drop := func(obj map[string]any, key string, value any) {
		if v, ok := obj[key]; ok && reflect.DeepEqual(v, value) {
			delete(obj, key)
			used[ruleRecurrenceEcho] = true
		}
	}
	drop(rec, "pattern", nil)
	if p, ok := rec["pattern"].(map[string]any); ok {
		drop(p, "month", 0.0)
		drop(p, "dayOfMonth", 0.0)
		drop(p, "daysOfWeek", []any{})
		if _, days := p["daysOfWeek"]; !days {
			drop(p, "firstDayOfWeek", "sunday")
		}
		if p["type"] != "relativeMonthly" && p["type"] != "relativeYearly" {
			drop(p, "index", "first")
		}
	}
	r, ok := rec["range"].(map[string]any)
	if !ok {
		return
	}
	if s, ok := r["startDate"].(string); ok && len(s) > len("2006-01-02") {
		r["startDate"] = s[:len("2006-01-02")]
		used[ruleStartDate] = true
	}
	count, hasCount := r["numberOfOccurrences"]
	end, _ := r["endDate"].(string)
	if r["type"] == "numbered" && (!hasCount || count == 0.0) && end != "" && end != "null" {
		r["type"] = "endDate"
		delete(r, "numberOfOccurrences")
		used[ruleNumberedZero] = true
	}
	drop(r, "endDate", nil)
	drop(r, "endDate", "null")
	drop(r, "recurrenceTimeZone", nil)
	if r["type"] != "numbered" {
		drop(r, "numberOfOccurrences", 0.0)
	}
}

// dropAddedZeros removes from an encoding the always-written members that
// the document does not have, when they hold their zero value.
func dropAddedZeros(enc, doc map[string]any, used map[string]bool) {
	dropZeros(enc, doc, used, map[string]any{
		"displayName": "", "descriptionForAdmins": "", "descriptionForReviewers": "",
		"reviewers": []any{},
	})
	if createdBy, ok := enc["createdBy"].(map[string]any); ok {
		docCreatedBy, _ := doc["createdBy"].(map[string]any)
		dropZeros(createdBy, docCreatedBy, used, map[string]any{"id": "", "displayName": "", "userPrincipalName": ""})
	}
	if settings, ok := enc["settings"].(map[string]any); ok {
		docSettings, _ := doc["settings"].(map[string]any)
		dropZeros(settings, docSettings, used, map[string]any{
			"mailNotificationsEnabled": false, "reminderNotificationsEnabled": false,
			"justificationRequiredOnApproval": false, "defaultDecisionEnabled": false,
			"instanceDurationInDays": 0.0, "autoApplyDecisionsEnabled": false,
			"recommendationsEnabled": false, "decisionHistoriesForReviewersEnabled": false,
		})
	}
	stages, _ := enc["stageSettings"].([]any)
	docStages, _ := doc["stageSettings"].([]any)
	for i, s := range stages {
		s, _ := s.(map[string]any)
		var docStage map[string]any
		if i < len(docStages) {
			docStage, _ = docStages[i].(map[string]any)
		}
		dropZeros(s, docStage, used, map[string]any{"durationInDays": 0.0, "recommendationsEnabled": false})
	}
}

// dropZeros removes from enc each member of zeros that doc lacks and enc
// holds with exactly the zero value given.
func dropZeros(enc, doc map[string]any, used map[string]bool, zeros map[string]any) {
	for key, zero := range zeros {
		if _, inDoc := doc[key]; inDoc {
			continue
		}
		if v, ok := enc[key]; ok && reflect.DeepEqual(v, zero) {
			delete(enc, key)
			used[ruleAddedZero] = true
		}
	}
}
