package recurrence_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
)

func TestDecodeLenient(t *testing.T) {
	t.Parallel()
	start := date(2020, time.September, 8)
	echo := `"month":0,"dayOfMonth":0,"daysOfWeek":[],"firstDayOfWeek":"sunday","index":"first"`
	tests := []struct {
		name string
		in   string
		want recurrence.Recurrence
	}{
		{"timestamp start date",
			`{"pattern":{"type":"weekly","interval":1},"range":{"type":"noEnd","startDate":"2020-09-08T12:02:30.667Z"}}`,
			recurrence.Weekly().StartingOn(start)},
		{"echoed pattern fields",
			`{"pattern":{"type":"weekly","interval":1,` + echo + `},"range":{"type":"noEnd","numberOfOccurrences":0,"recurrenceTimeZone":null,"startDate":"2020-09-08","endDate":null}}`,
			recurrence.Weekly().StartingOn(start)},
		{"string null end date",
			`{"pattern":{"type":"absoluteMonthly","interval":3,"month":0,"dayOfMonth":5,"daysOfWeek":[],"firstDayOfWeek":"sunday","index":"first"},"range":{"type":"noEnd","startDate":"2021-05-05","endDate":"null"}}`,
			recurrence.Quarterly().OnDay(5).StartingOn(date(2021, 5, 5))},
		{"empty end date",
			`{"pattern":{"type":"weekly","interval":1},"range":{"type":"noEnd","startDate":"2020-09-08","endDate":""}}`,
			recurrence.Weekly().StartingOn(start)},
		{"no-end marker on noEnd",
			`{"pattern":{"type":"weekly","interval":1},"range":{"type":"noEnd","startDate":"2020-09-08","endDate":"9999-12-31"}}`,
			recurrence.Weekly().StartingOn(start)},
		{"pattern null",
			`{"pattern":null,"range":{"type":"noEnd","startDate":"2020-09-08"}}`,
			recurrence.Once().StartingOn(start)},
		{"pattern missing",
			`{"range":{"type":"noEnd","startDate":"2020-09-08"}}`,
			recurrence.Once().StartingOn(start)},
		{"numbered zero with end date",
			`{"pattern":{"type":"absoluteMonthly","interval":3,` + echo + `},"range":{"type":"numbered","numberOfOccurrences":0,"recurrenceTimeZone":null,"startDate":"2021-02-10","endDate":"2022-12-21"}}`,
			recurrence.Quarterly().StartingOn(date(2021, 2, 10)).EndingOn(date(2022, 12, 21))},
		{"numbered without count with end date",
			`{"pattern":{"type":"absoluteMonthly","interval":6,"dayOfMonth":0},"range":{"type":"numbered","startDate":"2021-05-05","endDate":"2022-05-05"}}`,
			recurrence.SemiAnnually().StartingOn(date(2021, 5, 5)).EndingOn(date(2022, 5, 5))},
		{"service normal form of no end",
			`{"pattern":{"type":"weekly","interval":1,` + echo + `},"range":{"type":"numbered","numberOfOccurrences":0,"recurrenceTimeZone":null,"startDate":"2020-09-08","endDate":"9999-12-31"}}`,
			recurrence.Weekly().StartingOn(start)},
		{"numbered with count",
			`{"pattern":{"type":"weekly","interval":1},"range":{"type":"numbered","numberOfOccurrences":4,"startDate":"2020-09-08","endDate":null}}`,
			recurrence.Weekly().StartingOn(start).Times(4)},
		{"json null", `null`, recurrence.Recurrence{}},
		{"empty object", `{}`, recurrence.Recurrence{}},
		{"unknown values kept",
			`{"pattern":{"type":"hourly","interval":2,"daysOfWeek":["funday"],"index":"first"},"range":{"type":"forever","startDate":"2020-09-08"}}`,
			recurrence.Recurrence{
				Pattern: &recurrence.Pattern{Type: "hourly", Interval: 2, DaysOfWeek: []recurrence.DayOfWeek{"funday"}, Index: recurrence.FirstWeek},
				Range:   recurrence.Range{Type: "forever", StartDate: start}}},
		{"used defaults kept",
			`{"pattern":{"type":"relativeMonthly","interval":1,"daysOfWeek":["monday"],"firstDayOfWeek":"sunday","index":"first"},"range":{"type":"noEnd","startDate":"2020-09-08"}}`,
			recurrence.Recurrence{
				Pattern: &recurrence.Pattern{Type: recurrence.PatternRelativeMonthly, Interval: 1, DaysOfWeek: []recurrence.DayOfWeek{recurrence.Monday},
					FirstDayOfWeek: recurrence.Sunday, Index: recurrence.FirstWeek},
				Range: recurrence.Range{Type: recurrence.RangeNoEnd, StartDate: start}}},
		{"time zone", `{"range":{"type":"noEnd","startDate":"2020-09-08","recurrenceTimeZone":"UTC"}}`,
			recurrence.Recurrence{Range: recurrence.Range{Type: recurrence.RangeNoEnd, StartDate: start, RecurrenceTimeZone: "UTC"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got recurrence.Recurrence
			require.NoError(t, json.Unmarshal([]byte(tt.in), &got))
			assert.Equal(t, tt.want, got)
			assert.JSONEq(t, mustJSON(t, tt.want), mustJSON(t, got))
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{`[]`, "recurrence: decode recurrence:"},
		{`"weekly"`, "recurrence: decode recurrence:"},
		{`{"pattern":5}`, "recurrence: decode recurrence.pattern:"},
		{`{"pattern":{"interval":"3"}}`, "recurrence: decode recurrence.pattern.interval:"},
		{`{"pattern":{"daysOfWeek":"monday"}}`, "recurrence: decode recurrence.pattern.daysOfWeek:"},
		{`{"range":{"startDate":"yesterday"}}`, "recurrence: decode recurrence.range.startDate:"},
		{`{"range":{"endDate":20221221}}`, "recurrence: decode recurrence.range.endDate:"},
		{`{"range":{"numberOfOccurrences":1.5}}`, "recurrence: decode recurrence.range.numberOfOccurrences:"},
		{`{"range":[]}`, "recurrence: decode recurrence.range:"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			var r recurrence.Recurrence
			err := json.Unmarshal([]byte(tt.in), &r)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestEncodeSendsOnlyUsedFields(t *testing.T) {
	t.Parallel()
	days := []recurrence.DayOfWeek{recurrence.Monday, recurrence.Friday}
	full := func(t recurrence.PatternType) *recurrence.Pattern {
		return &recurrence.Pattern{Type: t, Interval: 2, Month: 3, DayOfMonth: 5, DaysOfWeek: days,
			FirstDayOfWeek: recurrence.Monday, Index: recurrence.SecondWeek}
	}
	start := recurrence.Range{Type: recurrence.RangeNoEnd, StartDate: date(2021, 1, 1)}
	tests := []struct {
		name string
		r    recurrence.Recurrence
		want string
	}{
		{"daily", recurrence.Recurrence{Pattern: full(recurrence.PatternDaily), Range: start},
			`{"type":"daily","interval":2}`},
		{"weekly", recurrence.Recurrence{Pattern: full(recurrence.PatternWeekly), Range: start},
			`{"type":"weekly","interval":2,"daysOfWeek":["monday","friday"],"firstDayOfWeek":"monday"}`},
		{"absoluteMonthly", recurrence.Recurrence{Pattern: full(recurrence.PatternAbsoluteMonthly), Range: start},
			`{"type":"absoluteMonthly","interval":2,"dayOfMonth":5}`},
		{"relativeMonthly", recurrence.Recurrence{Pattern: full(recurrence.PatternRelativeMonthly), Range: start},
			`{"type":"relativeMonthly","interval":2,"daysOfWeek":["monday","friday"],"index":"second"}`},
		{"absoluteYearly", recurrence.Recurrence{Pattern: full(recurrence.PatternAbsoluteYearly), Range: start},
			`{"type":"absoluteYearly","interval":2,"month":3,"dayOfMonth":5}`},
		{"relativeYearly", recurrence.Recurrence{Pattern: full(recurrence.PatternRelativeYearly), Range: start},
			`{"type":"relativeYearly","interval":2,"month":3,"daysOfWeek":["monday","friday"],"index":"second"}`},
		{"unknown type sends everything set", recurrence.Recurrence{Pattern: full("hourly"), Range: start},
			`{"type":"hourly","interval":2,"month":3,"dayOfMonth":5,"daysOfWeek":["monday","friday"],"firstDayOfWeek":"monday","index":"second"}`},
		{"empty pattern", recurrence.Recurrence{Pattern: &recurrence.Pattern{}, Range: start}, `{}`},
		{"weekly without days drops the first day", recurrence.Recurrence{
			Pattern: &recurrence.Pattern{Type: recurrence.PatternWeekly, Interval: 1, FirstDayOfWeek: recurrence.Sunday, Index: recurrence.FirstWeek}, Range: start},
			`{"type":"weekly","interval":1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var obj map[string]json.RawMessage
			require.NoError(t, json.Unmarshal([]byte(mustJSON(t, tt.r)), &obj))
			assert.JSONEq(t, tt.want, string(obj["pattern"]))
		})
	}
}

func TestEncodeRangeFields(t *testing.T) {
	t.Parallel()
	all := recurrence.Range{StartDate: date(2021, 1, 1), EndDate: date(2022, 1, 1), NumberOfOccurrences: 3}
	with := func(t recurrence.RangeType) recurrence.Range { r := all; r.Type = t; return r }
	tests := []struct {
		name string
		r    recurrence.Range
		want string
	}{
		{"endDate", with(recurrence.RangeEndDate), `{"type":"endDate","startDate":"2021-01-01","endDate":"2022-01-01"}`},
		{"numbered", with(recurrence.RangeNumbered), `{"type":"numbered","startDate":"2021-01-01","numberOfOccurrences":3}`},
		{"noEnd", with(recurrence.RangeNoEnd), `{"type":"noEnd","startDate":"2021-01-01"}`},
		{"unknown", with("forever"), `{"type":"forever","startDate":"2021-01-01","endDate":"2022-01-01","numberOfOccurrences":3}`},
		{"time zone", recurrence.Range{Type: recurrence.RangeNoEnd, StartDate: date(2021, 1, 1), RecurrenceTimeZone: "Pacific Standard Time"},
			`{"type":"noEnd","startDate":"2021-01-01","recurrenceTimeZone":"Pacific Standard Time"}`},
		{"numbered zero still sends the count", recurrence.Range{Type: recurrence.RangeNumbered, StartDate: date(2021, 1, 1)},
			`{"type":"numbered","startDate":"2021-01-01","numberOfOccurrences":0}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// A range is encoded in its request form as part of a
			// recurrence.
			var got struct {
				Range json.RawMessage `json:"range"`
			}
			require.NoError(t, json.Unmarshal([]byte(mustJSON(t, recurrence.Recurrence{Range: tt.r})), &got))
			assert.JSONEq(t, tt.want, string(got.Range))
		})
	}
}

func TestEncodeErrors(t *testing.T) {
	t.Parallel()
	_, err := json.Marshal(recurrence.Weekly().StartingOn(date(2021, 2, 30)))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "recurrence: encode recurrence.range.startDate")
	_, err = json.Marshal(recurrence.Weekly().StartingOn(date(2021, 2, 1)).EndingOn(date(2021, 13, 1)))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "recurrence: encode recurrence.range.endDate")
}

func TestUnknownPropertiesRoundTrip(t *testing.T) {
	t.Parallel()
	in := `{
		"pattern": {"type":"weekly","interval":1,"futureSetting":{"a":[1,2]},"month":0,"daysOfWeek":[],"firstDayOfWeek":"sunday","index":"first"},
		"range": {"type":"noEnd","startDate":"2021-01-01","endDate":"9999-12-31","isPaused":true,"numberOfOccurrences":0,"recurrenceTimeZone":null},
		"@odata.type": "#microsoft.graph.patternedRecurrence"
	}`
	var r recurrence.Recurrence
	require.NoError(t, json.Unmarshal([]byte(in), &r))
	assert.False(t, r.IsZero())
	want := `{
		"pattern": {"type":"weekly","interval":1,"futureSetting":{"a":[1,2]}},
		"range": {"type":"noEnd","startDate":"2021-01-01","isPaused":true},
		"@odata.type": "#microsoft.graph.patternedRecurrence"
	}`
	out := mustJSON(t, r)
	assert.JSONEq(t, want, out)

	// The kept properties survive builder calls and a second round trip.
	moved := r.StartingOn(date(2022, 2, 2)).Every(2)
	assert.JSONEq(t, `{
		"pattern": {"type":"weekly","interval":2,"futureSetting":{"a":[1,2]}},
		"range": {"type":"noEnd","startDate":"2022-02-02","isPaused":true},
		"@odata.type": "#microsoft.graph.patternedRecurrence"
	}`, mustJSON(t, moved))
	assert.JSONEq(t, want, mustJSON(t, r), "the decoded value is unchanged")
	var again recurrence.Recurrence
	require.NoError(t, json.Unmarshal([]byte(out), &again))
	assert.Equal(t, r, again)
}

func TestEnums(t *testing.T) {
	t.Parallel()
	for _, p := range []recurrence.PatternType{recurrence.PatternDaily, recurrence.PatternWeekly, recurrence.PatternAbsoluteMonthly,
		recurrence.PatternRelativeMonthly, recurrence.PatternAbsoluteYearly, recurrence.PatternRelativeYearly} {
		assert.True(t, p.Known(), p)
	}
	assert.False(t, recurrence.PatternType("Weekly").Known(), "Graph spelling is case-sensitive")
	for _, r := range []recurrence.RangeType{recurrence.RangeEndDate, recurrence.RangeNoEnd, recurrence.RangeNumbered} {
		assert.True(t, r.Known(), r)
	}
	assert.False(t, recurrence.RangeType("").Known())
	for _, i := range []recurrence.WeekIndex{recurrence.FirstWeek, recurrence.SecondWeek, recurrence.ThirdWeek, recurrence.FourthWeek, recurrence.LastWeek} {
		assert.True(t, i.Known(), i)
	}
	assert.False(t, recurrence.WeekIndex("fifth").Known())
	for w := time.Sunday; w <= time.Saturday; w++ {
		d := recurrence.DayOf(w)
		assert.True(t, d.Known())
		back, ok := d.Weekday()
		assert.True(t, ok)
		assert.Equal(t, w, back)
	}
	assert.Equal(t, recurrence.Wednesday, recurrence.DayOf(time.Wednesday))
	assert.Equal(t, recurrence.DayOfWeek(""), recurrence.DayOf(7))
	_, ok := recurrence.DayOfWeek("Monday").Weekday()
	assert.False(t, ok)
}

// FuzzDecodeRecurrence checks that decoding never panics, and that a decoded
// value re-encodes to JSON that decodes to the same value (unless the
// decoded dates cannot be encoded), and that validating, describing and
// expanding it do not panic either.
func FuzzDecodeRecurrence(f *testing.F) {
	for _, tc := range conformanceCases() {
		b, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(tc.file)))
		if err != nil {
			f.Fatal(err)
		}
		var doc struct {
			Settings struct {
				Recurrence json.RawMessage `json:"recurrence"`
			} `json:"settings"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			f.Fatal(err)
		}
		f.Add([]byte(doc.Settings.Recurrence))
	}
	for _, s := range []string{`null`, `{}`, `[]`, `{"pattern":null}`, `{"range":{"endDate":"9999-12-31"}}`,
		`{"pattern":{"type":"weekly","interval":1,"daysOfWeek":["monday","funday"],"x":1},"range":{"type":"numbered","numberOfOccurrences":2147483647,"startDate":"0001-01-01"}}`,
		`{"pattern":{"type":"absoluteYearly","interval":1,"month":13},"range":{"type":"noEnd","startDate":"2020-01-01T00:00:00+14:00"}}`,
		`{"pattern":{"type":"daily","interval":-1},"range":{"type":"endDate","startDate":"9999-12-31","endDate":"2020-01-01"}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var r recurrence.Recurrence
		if err := json.Unmarshal(b, &r); err != nil {
			return
		}
		_ = r.Validate()
		_ = r.String()
		_ = r.Next(odata.Date{Year: 2020, Month: 1, Day: 1}, 3)
		out, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("re-encoding %s: %v", b, err)
		}
		var again recurrence.Recurrence
		if err := json.Unmarshal(out, &again); err != nil {
			t.Fatalf("decoding the re-encoded %s: %v", out, err)
		}
		twice, err := json.Marshal(again)
		if err != nil || string(twice) != string(out) {
			t.Fatalf("re-encoding is not stable: %s then %s (%v)", out, twice, err)
		}
	})
}
