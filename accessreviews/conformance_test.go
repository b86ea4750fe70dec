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
	// balanced query. Applied to builder comparisons, and to decoding,
	// which reads the query as scope.AllTeams() and sends that.
	ruleTeamsQuote = "the all-teams query's stray quote is dropped"
	// A scope that decodes to a builder value (the scope package reads
	// the spellings the service uses as the builder's query) is sent back
	// as the builder writes it: "+" is a space in a URL query, and
	// "$count=true" only asks for a count next to the results. Applied to
	// decoding only, and only to scopes that decoded to a builder value.
	ruleBuilderSpelling = "a builder's query is sent in the builder's spelling"
	// A query scope without a queryType is a Microsoft Graph query, which
	// is what the service evaluates it as; a builder value writes the type.
	// Applied as ruleBuilderSpelling is.
	ruleQueryTypeDefault = "a query without a queryType is a Microsoft Graph query"
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
			want, got, rules := compareDefinitionJSON(t, raw, encoded, &def)
			assert.Equal(t, tc.rules, rules, "the equivalences this document needs")
			assert.Equal(t, want, got, "decoded and re-encoded: nothing lost")

			if tc.valid {
				assert.NoError(t, def.Validate())
			} else {
				assert.Error(t, def.Validate())
			}
			if tc.fluent != nil {
				assert.Equal(t, tc.fluent, def.Scope, "the scope decodes to the builder value")
			}
			if tc.fluentEnumeration != nil {
				assert.Equal(t, tc.fluentEnumeration, def.InstanceEnumerationScope, "the enumeration scope decodes to the builder value")
			}
			if tc.build == nil {
				return
			}
			built := tc.build()
			require.NoError(t, built.Validate(), "the built definition is valid")
			if tc.fluent == nil {
				assert.Equal(t, built.Scope, def.Scope, "the scope decodes to the builder value")
				assert.Equal(t, built.InstanceEnumerationScope, def.InstanceEnumerationScope, "so does the enumeration scope")
				assert.Equal(t, built.Reviewers, def.Reviewers, "the reviewers decode to the builder values")
			}
			body, err := built.requestBody(false)
			require.NoError(t, err)
			want, got, rules = compareDefinitionJSON(t, raw, body, nil)
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
// decoded is the definition the document decoded to, whose encoding is
// compared, or nil when the encoding is of a definition built with the
// builders.
func compareDefinitionJSON(t *testing.T, document, encoded []byte, decoded *Definition) (want, got any, rules []string) {
	t.Helper()
	var doc, enc map[string]any
	require.NoError(t, json.Unmarshal(document, &doc))
	require.NoError(t, json.Unmarshal(encoded, &enc))
	used := map[string]bool{}
	normaliseDefinitionDoc(doc, decoded, used)
	dropAddedZeros(enc, doc, used)
	for _, r := range []string{ruleStartDate, ruleQueryScopeType, ruleTeamsQuote, ruleBuilderSpelling, ruleQueryTypeDefault,
		ruleNumberedZero, ruleRecurrenceEcho, ruleUnknownTime, ruleNullMember, ruleAddedZero} { // declaration order
		if used[r] {
			rules = append(rules, r)
		}
	}
	return doc, enc, rules
}

// normaliseDefinitionDoc applies the document-side rules to a definition
// document in place; decoded is as for compareDefinitionJSON.
func normaliseDefinitionDoc(doc map[string]any, decoded *Definition, used map[string]bool) {
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
	if s, ok := doc["scope"].(map[string]any); ok {
		var as scope.Scope
		if decoded != nil {
			as = decoded.Scope
		}
		normaliseScopeDoc(s, as, false, used)
	}
	if s, ok := doc["instanceEnumerationScope"].(map[string]any); ok {
		var as scope.Scope
		if decoded != nil {
			as = decoded.InstanceEnumerationScope
		}
		normaliseScopeDoc(s, as, decoded == nil, used)
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
// scopes it nests; fixQuote applies ruleTeamsQuote to its query. decoded
// is the value the scope decoded to, if the comparison is of a decoding:
// when it is a builder value, the builder-spelling rules apply.
func normaliseScopeDoc(s map[string]any, decoded scope.Scope, fixQuote bool, used map[string]bool) {
	if _, ok := s["@odata.type"]; !ok {
		s["@odata.type"] = "#microsoft.graph.accessReviewQueryScope"
		used[ruleQueryScopeType] = true
	}
	if v, ok := s["queryRoot"]; ok && v == nil {
		delete(s, "queryRoot")
		used[ruleNullMember] = true
	}
	builder := isBuilderValue(decoded)
	const stray, balanced = "x eq 'Team')')", "x eq 'Team'))"
	if q, ok := s["query"].(string); ok && (fixQuote || builder) && strings.HasSuffix(q, stray) {
		s["query"] = strings.TrimSuffix(q, stray) + balanced
		used[ruleTeamsQuote] = true
	}
	if q, ok := s["query"].(string); ok && builder {
		if spelled := builderSpelling(q); spelled != q {
			s["query"] = spelled
			used[ruleBuilderSpelling] = true
		}
		if _, ok := s["queryType"]; !ok {
			s["queryType"] = string(scope.QueryTypeMicrosoftGraph)
			used[ruleQueryTypeDefault] = true
		}
	}
	var principals, resources []scope.Scope
	if m, ok := decoded.(scope.MembershipsScope); ok {
		principals, resources = m.Principals(), m.Resources()
	}
	for list, values := range map[string][]scope.Scope{"principalScopes": principals, "resourceScopes": resources} {
		nested, _ := s[list].([]any)
		for i, n := range nested {
			var value scope.Scope
			if i < len(values) {
				value = values[i]
			}
			if n, ok := n.(map[string]any); ok {
				normaliseScopeDoc(n, value, false, used)
			}
		}
	}
}

// isBuilderValue reports whether s is a value of the scope builders, which
// a scope decodes to when a builder makes it.
func isBuilderValue(s scope.Scope) bool {
	switch s.(type) {
	case nil, scope.QueryScope, scope.InactiveUsersScope, scope.PrincipalResourceMembershipsScope,
		scope.PrincipalScope, scope.ResourceScope, scope.AccessPackageAssignmentPolicyScope, scope.Unknown:
		return false
	}
	return true
}

// builderSpelling rewrites the URL query part of q as the builders write
// it: "+" outside string literals is a space, and "$count=true" is
// dropped.
func builderSpelling(q string) string {
	path, query, ok := strings.Cut(q, "?")
	if !ok {
		return q
	}
	var b strings.Builder
	inLiteral := false
	for _, c := range query {
		switch {
		case c == '\'':
			inLiteral = !inLiteral
		case c == '+' && !inLiteral:
			c = ' '
		}
		b.WriteRune(c)
	}
	var params []string
	for p := range strings.SplitSeq(b.String(), "&") {
		if p != "$count=true" {
			params = append(params, p)
		}
	}
	return path + "?" + strings.Join(params, "&")
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
