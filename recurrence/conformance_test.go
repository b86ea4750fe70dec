package recurrence_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/recurrence"
)

// The documented equivalences between the seed documents' recurrences and
// what this package produces. A conformance comparison applies exactly the
// rules its case lists: the normaliser reports the rules it needed, and the
// test fails when that differs from the list, so no rule is applied to a
// file silently.
const (
	// ruleStartDate: a full timestamp as startDate is its date part (the
	// conformance README's normalisation).
	ruleStartDate = "startDate is its date part"
	// rulePatternNull: "pattern": null is a one-time review, encoded by
	// leaving the pattern out.
	rulePatternNull = "pattern null is no pattern"
	// ruleEchoDefaults: month 0, dayOfMonth 0, daysOfWeek [],
	// firstDayOfWeek "sunday" and index "first" on patterns that do not use
	// them are the service's zero-filled defaults, which are not sent.
	ruleEchoDefaults = "echoed pattern defaults are not sent"
	// ruleAbsentRange: endDate null or "null", recurrenceTimeZone null, and
	// numberOfOccurrences 0 outside a numbered range are absent values.
	ruleAbsentRange = "null and unused range fields are absent"
	// ruleNumberedZero: a numbered range with numberOfOccurrences 0 (or
	// none) and an end date is the endDate range it behaves as.
	ruleNumberedZero = "numbered with no count and an end date is an endDate range"
)

type conformanceCase struct {
	file  string // under testdata/
	built recurrence.Recurrence
	rules []string
}

func conformanceCases() []conformanceCase {
	weekly := recurrence.Weekly().StartingOn(date(2020, time.September, 8))
	guests := recurrence.Quarterly().StartingOn(date(2021, time.February, 10)).EndingOn(date(2022, time.December, 21))
	self := recurrence.Once().StartingOn(date(2021, time.February, 9)).EndingOn(date(2022, time.December, 31))
	return []conformanceCase{
		{"requests/application-users-managers-semiannual.v1.json",
			recurrence.SemiAnnually().StartingOn(date(2021, time.May, 5)).EndingOn(date(2022, time.May, 5)),
			[]string{ruleEchoDefaults, ruleNumberedZero}},
		{"requests/group-multistage-weekly.v1.json", weekly, []string{ruleStartDate}},
		{"requests/group-weekly-single-reviewer.v1.json", weekly, []string{ruleStartDate}},
		{"requests/guest-m365-quarterly.v1.json", guests, []string{ruleEchoDefaults, ruleAbsentRange, ruleNumberedZero}},
		{"requests/self-review-security-group.beta.json", self, []string{rulePatternNull, ruleAbsentRange, ruleNumberedZero}},
		{"requests/teams-inactive-guests-quarterly.v1.json",
			recurrence.Quarterly().OnDay(5).StartingOn(date(2020, time.May, 4)), []string{ruleStartDate}},

		{"responses/definition-created.group-weekly.v1.json", weekly, []string{ruleEchoDefaults, ruleAbsentRange}},
		{"responses/definition-created.guest-m365.v1.json", guests, []string{ruleEchoDefaults, ruleAbsentRange, ruleNumberedZero}},
		{"responses/definition-created.multistage.v1.json", weekly, []string{ruleEchoDefaults, ruleAbsentRange}},
		{"responses/definition-created.self-review.beta.json", self, []string{rulePatternNull, ruleAbsentRange, ruleNumberedZero}},
		{"responses/definition-created.teams-inactive-guests.v1.json",
			recurrence.Quarterly().OnDay(5).StartingOn(date(2021, time.May, 5)), []string{ruleEchoDefaults, ruleAbsentRange}},
	}
}

func TestConformance(t *testing.T) {
	t.Parallel()
	for _, tc := range conformanceCases() {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			raw := settingsRecurrence(t, tc.file)

			var decoded recurrence.Recurrence
			require.NoError(t, json.Unmarshal(raw, &decoded), "every recurrence decodes")
			assert.Equal(t, tc.built, decoded, "the decoded value is the built one")
			assert.NoError(t, tc.built.Validate())
			assert.NoError(t, decoded.Validate())

			want, applied := normalise(t, raw)
			assert.Equal(t, tc.rules, applied, "the documented equivalences this file needs")
			assert.JSONEq(t, want, mustJSON(t, tc.built), "builder output")
			assert.JSONEq(t, want, mustJSON(t, decoded), "decoded value re-encoded")
		})
	}
}

// TestConformanceCoversTestdata fails when a file is added to testdata
// without a conformance case.
func TestConformanceCoversTestdata(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("testdata", "*", "*.json"))
	require.NoError(t, err)
	var have, want []string
	for _, f := range files {
		rel, err := filepath.Rel("testdata", f)
		require.NoError(t, err)
		have = append(have, filepath.ToSlash(rel))
	}
	for _, tc := range conformanceCases() {
		want = append(want, tc.file)
	}
	slices.Sort(have)
	slices.Sort(want)
	assert.Equal(t, want, have)
}

// settingsRecurrence returns settings.recurrence of a definition document.
func settingsRecurrence(t *testing.T, file string) json.RawMessage {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(file)))
	require.NoError(t, err)
	var doc struct {
		Settings struct {
			Recurrence json.RawMessage `json:"recurrence"`
		} `json:"settings"`
	}
	require.NoError(t, json.Unmarshal(b, &doc))
	require.NotEmpty(t, doc.Settings.Recurrence, "%s has settings.recurrence", file)
	return doc.Settings.Recurrence
}

// normalise applies the documented equivalences to a recurrence from a
// document and returns it as JSON with the rules it needed, in the order
// they are declared above.
func normalise(t *testing.T, raw json.RawMessage) (string, []string) {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(raw, &m))
	used := map[string]bool{}
	drop := func(obj map[string]any, key string, value any, rule string) {
		if v, ok := obj[key]; ok && reflect.DeepEqual(v, value) {
			delete(obj, key)
			used[rule] = true
		}
	}
	drop(m, "pattern", nil, rulePatternNull)
	if p, ok := m["pattern"].(map[string]any); ok {
		relative := p["type"] == "relativeMonthly" || p["type"] == "relativeYearly"
		drop(p, "month", 0.0, ruleEchoDefaults)
		drop(p, "dayOfMonth", 0.0, ruleEchoDefaults)
		drop(p, "daysOfWeek", []any{}, ruleEchoDefaults)
		if _, days := p["daysOfWeek"]; !days {
			drop(p, "firstDayOfWeek", "sunday", ruleEchoDefaults)
		}
		if !relative {
			drop(p, "index", "first", ruleEchoDefaults)
		}
	}
	if r, ok := m["range"].(map[string]any); ok {
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
		drop(r, "endDate", nil, ruleAbsentRange)
		drop(r, "endDate", "null", ruleAbsentRange)
		drop(r, "recurrenceTimeZone", nil, ruleAbsentRange)
		if r["type"] != "numbered" {
			drop(r, "numberOfOccurrences", 0.0, ruleAbsentRange)
		}
	}
	var applied []string
	for _, rule := range []string{ruleStartDate, rulePatternNull, ruleEchoDefaults, ruleAbsentRange, ruleNumberedZero} {
		if used[rule] {
			applied = append(applied, rule)
		}
	}
	b, err := json.Marshal(m)
	require.NoError(t, err)
	return string(b), applied
}
