package recurrence_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
)

// date is a test shorthand for a civil date.
func date(y int, m time.Month, d int) odata.Date { return odata.Date{Year: y, Month: m, Day: d} }

// mustJSON encodes v or fails the test.
func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func TestBuilders(t *testing.T) {
	t.Parallel()
	start, end := date(2021, time.February, 10), date(2022, time.December, 21)
	tests := []struct {
		name string
		got  recurrence.Recurrence
		want string
	}{
		{"once", recurrence.Once().StartingOn(start),
			`{"range":{"type":"noEnd","startDate":"2021-02-10"}}`},
		{"once until", recurrence.Once().StartingOn(start).EndingOn(end),
			`{"range":{"type":"endDate","startDate":"2021-02-10","endDate":"2022-12-21"}}`},
		{"weekly", recurrence.Weekly().StartingOn(start),
			`{"pattern":{"type":"weekly","interval":1},"range":{"type":"noEnd","startDate":"2021-02-10"}}`},
		{"fortnightly", recurrence.Weekly().Every(2).StartingOn(start).Times(6),
			`{"pattern":{"type":"weekly","interval":2},"range":{"type":"numbered","startDate":"2021-02-10","numberOfOccurrences":6}}`},
		{"monthly", recurrence.Monthly().StartingOn(start),
			`{"pattern":{"type":"absoluteMonthly","interval":1},"range":{"type":"noEnd","startDate":"2021-02-10"}}`},
		{"monthly on day", recurrence.MonthlyOnDay(15).StartingOn(start).EndingOn(end),
			`{"pattern":{"type":"absoluteMonthly","interval":1,"dayOfMonth":15},"range":{"type":"endDate","startDate":"2021-02-10","endDate":"2022-12-21"}}`},
		{"quarterly", recurrence.Quarterly().StartingOn(start).EndingOn(end),
			`{"pattern":{"type":"absoluteMonthly","interval":3},"range":{"type":"endDate","startDate":"2021-02-10","endDate":"2022-12-21"}}`},
		{"quarterly on day", recurrence.Quarterly().OnDay(5).StartingOn(start),
			`{"pattern":{"type":"absoluteMonthly","interval":3,"dayOfMonth":5},"range":{"type":"noEnd","startDate":"2021-02-10"}}`},
		{"semi-annually", recurrence.SemiAnnually().StartingOn(start).Times(2),
			`{"pattern":{"type":"absoluteMonthly","interval":6},"range":{"type":"numbered","startDate":"2021-02-10","numberOfOccurrences":2}}`},
		{"annually", recurrence.Annually().StartingOn(start),
			`{"pattern":{"type":"absoluteMonthly","interval":12},"range":{"type":"noEnd","startDate":"2021-02-10"}}`},
		{"every on monthly", recurrence.Monthly().Every(2).StartingOn(start),
			`{"pattern":{"type":"absoluteMonthly","interval":2},"range":{"type":"noEnd","startDate":"2021-02-10"}}`},
		{"times then end date", recurrence.Weekly().StartingOn(start).Times(3).EndingOn(end),
			`{"pattern":{"type":"weekly","interval":1},"range":{"type":"endDate","startDate":"2021-02-10","endDate":"2022-12-21"}}`},
		{"end date then times", recurrence.Weekly().StartingOn(start).EndingOn(end).Times(3),
			`{"pattern":{"type":"weekly","interval":1},"range":{"type":"numbered","startDate":"2021-02-10","numberOfOccurrences":3}}`},
		{"end date then no end", recurrence.Weekly().StartingOn(start).EndingOn(end).NoEnd(),
			`{"pattern":{"type":"weekly","interval":1},"range":{"type":"noEnd","startDate":"2021-02-10"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.JSONEq(t, tt.want, mustJSON(t, tt.got))
			assert.NoError(t, tt.got.Validate())
			var back recurrence.Recurrence
			require.NoError(t, json.Unmarshal([]byte(tt.want), &back))
			assert.Equal(t, tt.got, back, "decoding the JSON gives the built value")
		})
	}
}

func TestBuildersAreImmutable(t *testing.T) {
	t.Parallel()
	start := date(2021, time.May, 5)
	base := recurrence.Quarterly().StartingOn(start)
	before := mustJSON(t, base)

	onDay := base.OnDay(5)
	every := base.Every(2)
	ended := base.EndingOn(date(2022, time.May, 5))
	counted := base.Times(4)
	moved := base.StartingOn(date(2030, time.January, 1))

	assert.Equal(t, before, mustJSON(t, base), "the shared base is unchanged")
	assert.Equal(t, 5, onDay.Pattern.DayOfMonth)
	assert.Equal(t, 0, every.Pattern.DayOfMonth)
	assert.Equal(t, 2, every.Pattern.Interval)
	assert.Equal(t, 3, onDay.Pattern.Interval)
	assert.Equal(t, recurrence.RangeEndDate, ended.Range.Type)
	assert.Equal(t, recurrence.RangeNumbered, counted.Range.Type)
	assert.Equal(t, recurrence.RangeNoEnd, base.Range.Type)
	assert.Equal(t, start, base.Range.StartDate)
	assert.Equal(t, 2030, moved.Range.StartDate.Year)

	// Problems recorded on one branch do not leak into a sibling.
	once := recurrence.Once().StartingOn(start)
	bad := once.Every(2)
	require.Error(t, bad.Validate())
	assert.NoError(t, once.Validate())
	worse := bad.OnDay(3)
	other := bad.StartingOn(start)
	assert.Len(t, fieldErrors(t, worse.Validate()), 2)
	assert.Len(t, fieldErrors(t, other.Validate()), 1)
}

func TestBuilderMisuseOnOnce(t *testing.T) {
	t.Parallel()
	r := recurrence.Once().StartingOn(date(2021, 1, 1)).Every(2).OnDay(4)
	assert.Nil(t, r.Pattern, "a one-time review stays one-time")
	err := r.Validate()
	require.Error(t, err)
	assert.True(t, errors.Is(err, odata.ErrInvalid))
	assert.Equal(t, []string{"pattern.interval", "pattern.dayOfMonth"}, fieldNames(t, err))
	assert.JSONEq(t, `{"range":{"type":"noEnd","startDate":"2021-01-01"}}`, mustJSON(t, r))
}

// fieldErrors returns the *odata.FieldError values joined in err.
func fieldErrors(t *testing.T, err error) []*odata.FieldError {
	t.Helper()
	require.Error(t, err)
	joined, ok := err.(interface{ Unwrap() []error })
	require.True(t, ok, "want a joined error, got %T", err)
	var out []*odata.FieldError
	for _, e := range joined.Unwrap() {
		var fe *odata.FieldError
		require.True(t, errors.As(e, &fe), "want *odata.FieldError, got %T", e)
		out = append(out, fe)
	}
	return out
}

// fieldNames returns the field names of the errors joined in err.
func fieldNames(t *testing.T, err error) []string {
	t.Helper()
	var names []string
	for _, fe := range fieldErrors(t, err) {
		names = append(names, fe.Field)
	}
	return names
}

func TestString(t *testing.T) {
	t.Parallel()
	start, end := date(2021, time.February, 10), date(2022, time.December, 21)
	days := []recurrence.DayOfWeek{recurrence.Monday, recurrence.Wednesday, recurrence.Friday}
	tests := []struct {
		r    recurrence.Recurrence
		want string
	}{
		{recurrence.Monthly().Every(3).OnDay(5).StartingOn(start).EndingOn(end), "every 3 months on day 5, from 2021-02-10 until 2022-12-21"},
		{recurrence.Quarterly().StartingOn(start).EndingOn(end), "every 3 months, from 2021-02-10 until 2022-12-21"},
		{recurrence.Weekly().StartingOn(start), "every week, from 2021-02-10, with no end"},
		{recurrence.Weekly().Every(2).StartingOn(start).Times(6), "every 2 weeks, from 2021-02-10, for 6 occurrences"},
		{recurrence.Monthly().StartingOn(start).Times(1), "every month, from 2021-02-10, for 1 occurrence"},
		{recurrence.MonthlyOnDay(15).StartingOn(start), "every month on day 15, from 2021-02-10, with no end"},
		{recurrence.Annually().StartingOn(start), "every 12 months, from 2021-02-10, with no end"},
		{recurrence.Weekly().StartingOn(start).EndingOn(date(9999, 12, 31)), "every week, from 2021-02-10, with no end"},
		{recurrence.Weekly().StartingOn(start).EndingOn(date(0, 0, 0)), "every week, from 2021-02-10, with no end"},
		{recurrence.Weekly(), "every week, with no start date, with no end"},
		{recurrence.Once().StartingOn(start), "once on 2021-02-10"},
		{recurrence.Once().StartingOn(start).EndingOn(end), "once on 2021-02-10, ending 2022-12-21"},
		{recurrence.Once().StartingOn(start).EndingOn(date(9999, 12, 31)), "once on 2021-02-10"},
		{recurrence.Recurrence{}, "once, with no start date"},
		{recurrence.Recurrence{Pattern: &recurrence.Pattern{Type: recurrence.PatternDaily, Interval: 1},
			Range: recurrence.Range{Type: "forever", StartDate: start}}, `every day, from 2021-02-10, range type "forever"`},
		{recurrence.Recurrence{Pattern: &recurrence.Pattern{Type: recurrence.PatternWeekly, Interval: 1, DaysOfWeek: days},
			Range: recurrence.Range{Type: recurrence.RangeNoEnd, StartDate: start}}, "every week on monday, wednesday and friday, from 2021-02-10, with no end"},
		{recurrence.Recurrence{Pattern: &recurrence.Pattern{Type: recurrence.PatternRelativeMonthly, Interval: 2, DaysOfWeek: days[:1]},
			Range: recurrence.Range{Type: recurrence.RangeNoEnd, StartDate: start}}, "every 2 months on the first monday, from 2021-02-10, with no end"},
		{recurrence.Recurrence{Pattern: &recurrence.Pattern{Type: recurrence.PatternRelativeYearly, Interval: 1, DaysOfWeek: days[1:],
			Index: recurrence.LastWeek, Month: 11}, Range: recurrence.Range{Type: recurrence.RangeNoEnd, StartDate: start}},
			"every year on the last wednesday and friday of November, from 2021-02-10, with no end"},
		{recurrence.Recurrence{Pattern: &recurrence.Pattern{Type: recurrence.PatternAbsoluteYearly, Interval: 3, DayOfMonth: 29, Month: 2},
			Range: recurrence.Range{Type: recurrence.RangeNoEnd, StartDate: start}}, "every 3 years on day 29 of February, from 2021-02-10, with no end"},
		{recurrence.Recurrence{Pattern: &recurrence.Pattern{Type: "hourly", Interval: 4},
			Range: recurrence.Range{Type: recurrence.RangeNoEnd, StartDate: start}}, `pattern "hourly" every 4, from 2021-02-10, with no end`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, tt.r.String())
		})
	}
}
