package recurrence_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
)

// The sentences the rules below rest on, quoted from the Graph
// documentation pages named first.
const (
	srcPatternAccessReviews = `recurrencePattern: "For access reviews, only dayOfMonth, interval, and type ` +
		`(weekly, absoluteMonthly) properties are supported."`
	srcPatternType     = `recurrencePattern: "type ... The recurrence pattern type ... Required."`
	srcPatternInterval = `recurrencePattern: "interval ... The number of units between occurrences ... Required." ` +
		`(a zero interval is left out of the body)`
	srcPatternWeekly = `recurrencePattern: "weekly ... Note: For access reviews, only interval and type properties are ` +
		`supported." and "Any property that you include that does not have a supported value would result in an error."`
	srcRangeType      = `recurrenceRange: "type ... The possible values are: endDate, noEnd, numbered. Required."`
	srcRangeStart     = `recurrenceRange: "startDate ... Required."`
	srcRangeEnd       = `recurrenceRange: "endDate ... Required if type is endDate."`
	srcRangeInclusive = `recurrenceRange: "Event repeats on all the days that fit the corresponding recurrence pattern ` +
		`between the startDate and endDate inclusive."`
	srcRangeNumbered = `recurrenceRange: "numberOfOccurrences ... Required and must be positive if type is numbered."`
	srcNoBound       = `recurrencePattern: "interval ... The number of units between occurrences" (no bound is documented)`
	srcNotSent       = "the field is not sent for this pattern type (Pattern.MarshalJSON), so the service never sees it"
	srcBuilder       = "encoding: the builder call could not apply, so the request would not be the one asked for"
	srcCalendarDay   = "encoding: an Edm.Date is a calendar day; the value has no form the service can read"
)

// TestValidationRulesCiteTheirSource lists every rule Recurrence.Validate
// enforces, with an input it refuses and the documentation sentence behind
// it (or the encoding reason), and the rules that were loosened, with an
// input now accepted and the reason.
func TestValidationRulesCiteTheirSource(t *testing.T) {
	t.Parallel()
	start, end := date(2021, time.February, 10), date(2022, time.December, 21)
	with := func(p recurrence.Pattern) recurrence.Recurrence {
		return recurrence.Recurrence{Pattern: &p, Range: recurrence.Range{Type: recurrence.RangeNoEnd, StartDate: start}}
	}
	tests := []struct {
		rule   string
		r      recurrence.Recurrence
		fields []string // nil: accepted
		source string
	}{
		// Refused.
		{"pattern type weekly or absoluteMonthly", with(recurrence.Pattern{Type: recurrence.PatternDaily, Interval: 1}),
			[]string{"pattern.type"}, srcPatternAccessReviews},
		{"relative pattern refused by its type alone", with(recurrence.Pattern{Type: recurrence.PatternRelativeMonthly, Interval: 1,
			DaysOfWeek: []recurrence.DayOfWeek{recurrence.Monday}, Index: recurrence.FirstWeek}),
			[]string{"pattern.type"}, srcPatternAccessReviews},
		{"unknown pattern type", with(recurrence.Pattern{Type: "hourly", Interval: 1}), []string{"pattern.type"}, srcPatternAccessReviews},
		{"pattern type required", with(recurrence.Pattern{Interval: 1}), []string{"pattern.type"}, srcPatternType},
		{"interval required", recurrence.Weekly().Every(0).StartingOn(start), []string{"pattern.interval"}, srcPatternInterval},
		{"no daysOfWeek on weekly", with(recurrence.Pattern{Type: recurrence.PatternWeekly, Interval: 1,
			DaysOfWeek: []recurrence.DayOfWeek{recurrence.Monday}, FirstDayOfWeek: recurrence.Monday}),
			[]string{"pattern.daysOfWeek", "pattern.firstDayOfWeek"}, srcPatternWeekly},
		{"range type required", recurrence.Recurrence{}, []string{"range.type", "range.startDate"}, srcRangeType + "; " + srcRangeStart},
		{"range type known", recurrence.Recurrence{Range: recurrence.Range{Type: "forever", StartDate: start}}, []string{"range.type"}, srcRangeType},
		{"start date required", recurrence.Weekly(), []string{"range.startDate"}, srcRangeStart},
		{"start date a calendar day", recurrence.Weekly().StartingOn(date(2021, 2, 30)), []string{"range.startDate"}, srcCalendarDay},
		{"end date required for endDate", recurrence.Weekly().StartingOn(start).EndingOn(odata.Date{}), []string{"range.endDate"}, srcRangeEnd},
		{"end date a calendar day", recurrence.Weekly().StartingOn(start).EndingOn(date(2022, 13, 1)), []string{"range.endDate"}, srcCalendarDay},
		{"numbered range counts", recurrence.Weekly().StartingOn(start).Times(0), []string{"range.numberOfOccurrences"}, srcRangeNumbered},
		{"numbered range count positive", recurrence.Weekly().StartingOn(start).Times(-2), []string{"range.numberOfOccurrences"}, srcRangeNumbered},
		{"Every on a one-time review", recurrence.Once().Every(2).StartingOn(start), []string{"pattern.interval"}, srcBuilder},
		{"OnDay on a one-time review", recurrence.Once().OnDay(5).StartingOn(start), []string{"pattern.dayOfMonth"}, srcBuilder},

		// Accepted: no sentence refuses them (Lint may warn).
		{"interval over 99", recurrence.Monthly().Every(100).StartingOn(start), nil, srcNoBound},
		{"negative interval", recurrence.Monthly().Every(-1).StartingOn(start), nil, srcNoBound},
		{"day of month 32", recurrence.MonthlyOnDay(32).StartingOn(start), nil,
			`recurrencePattern: "dayOfMonth ... The day of the month on which the event occurs." (no range is documented)`},
		{"day of month on weekly", recurrence.Weekly().OnDay(3).StartingOn(start), nil, srcNotSent},
		{"month on absoluteMonthly", with(recurrence.Pattern{Type: recurrence.PatternAbsoluteMonthly, Interval: 12, Month: 3}), nil, srcNotSent},
		{"index on weekly", with(recurrence.Pattern{Type: recurrence.PatternWeekly, Interval: 1, Index: recurrence.FirstWeek}), nil, srcNotSent},
		{"end equals start", recurrence.Weekly().StartingOn(start).EndingOn(start), nil, srcRangeInclusive},
		{"end before start", recurrence.Weekly().StartingOn(end).EndingOn(start), nil,
			`recurrenceRange: "endDate ... The date to stop applying the recurrence pattern." (no order is documented)`},
		{"builders", recurrence.Quarterly().OnDay(31).StartingOn(start).EndingOn(end), nil, srcPatternAccessReviews},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			t.Parallel()
			require.NotEmpty(t, tt.source, "every rule names its source")
			err := tt.r.Validate()
			if tt.fields == nil {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.True(t, errors.Is(err, odata.ErrInvalid))
			assert.Equal(t, tt.fields, fieldNames(t, err))
		})
	}
}

func TestValidateReportsEverythingUnderAPrefix(t *testing.T) {
	t.Parallel()
	r := recurrence.Recurrence{Pattern: &recurrence.Pattern{Type: recurrence.PatternDaily, DayOfMonth: 40},
		Range: recurrence.Range{Type: recurrence.RangeNumbered}}
	err := r.Validate()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "pattern.interval: is required")
	assert.Contains(t, err.Error(), `pattern.type: access reviews accept weekly or absoluteMonthly, got "daily"`)

	prefixed := check.Prefix("settings.recurrence", err)
	assert.Equal(t, []string{"settings.recurrence.pattern.type", "settings.recurrence.pattern.interval",
		"settings.recurrence.range.startDate", "settings.recurrence.range.numberOfOccurrences"}, fieldNames(t, prefixed))
}

func TestLint(t *testing.T) {
	t.Parallel()
	start := date(2021, time.February, 10)
	with := func(p recurrence.Pattern) recurrence.Recurrence {
		return recurrence.Recurrence{Pattern: &p, Range: recurrence.Range{Type: recurrence.RangeNoEnd, StartDate: start}}
	}
	tests := []struct {
		name   string
		r      recurrence.Recurrence
		fields []string // nil: no warning
		words  string   // in the first warning
	}{
		{name: "builders", r: recurrence.Quarterly().OnDay(5).StartingOn(start).Times(4)},
		{name: "interval 99", r: recurrence.Weekly().Every(99).StartingOn(start)},
		{name: "interval 365", r: recurrence.Weekly().Every(365).StartingOn(start), fields: []string{"pattern.interval"}, words: "unit mistake"},
		{name: "negative interval", r: recurrence.Weekly().Every(-1).StartingOn(start), fields: []string{"pattern.interval"}, words: "negative"},
		{name: "zero interval is Validate's", r: recurrence.Weekly().Every(0).StartingOn(start)},
		{name: "day 32", r: recurrence.MonthlyOnDay(32).StartingOn(start), fields: []string{"pattern.dayOfMonth"}, words: "no month has"},
		{name: "day on weekly", r: recurrence.Weekly().OnDay(3).StartingOn(start), fields: []string{"pattern.dayOfMonth"}, words: "not sent"},
		{name: "unused fields of absoluteMonthly", r: with(recurrence.Pattern{Type: recurrence.PatternAbsoluteMonthly, Interval: 1,
			DaysOfWeek: []recurrence.DayOfWeek{recurrence.Monday}, FirstDayOfWeek: recurrence.Monday, Month: 2, Index: recurrence.LastWeek}),
			fields: []string{"pattern.daysOfWeek", "pattern.firstDayOfWeek", "pattern.month", "pattern.index"}, words: "not sent"},
		{name: "first day of week alone on weekly", r: with(recurrence.Pattern{Type: recurrence.PatternWeekly, Interval: 1,
			FirstDayOfWeek: recurrence.Monday}), fields: []string{"pattern.firstDayOfWeek"}, words: "without daysOfWeek"},
		{name: "days of week on weekly are Validate's", r: with(recurrence.Pattern{Type: recurrence.PatternWeekly, Interval: 1,
			DaysOfWeek: []recurrence.DayOfWeek{recurrence.Monday}, FirstDayOfWeek: recurrence.Monday})},
		{name: "end before start", r: recurrence.Weekly().StartingOn(start).EndingOn(start.AddDays(-1)),
			fields: []string{"range.endDate"}, words: "no review would run"},
		{name: "end equals start", r: recurrence.Weekly().StartingOn(start).EndingOn(start)},
		{name: "daily is Validate's", r: with(recurrence.Pattern{Type: recurrence.PatternDaily, Interval: 1, Month: 2})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ws := tt.r.Lint()
			var fields []string
			for _, w := range ws {
				fields = append(fields, w.Field)
			}
			assert.Equal(t, tt.fields, fields)
			if tt.words != "" && len(ws) > 0 {
				assert.Contains(t, ws[0].Problem, tt.words)
			}
		})
	}
}

func TestZeroAndIsZero(t *testing.T) {
	t.Parallel()
	assert.True(t, recurrence.Recurrence{}.IsZero())
	assert.False(t, recurrence.Once().IsZero())
	assert.False(t, recurrence.Recurrence{}.StartingOn(date(2021, 1, 1)).IsZero())
	assert.False(t, recurrence.Recurrence{}.Every(1).IsZero(), "a recorded problem is not zero")

	type settings struct {
		Recurrence recurrence.Recurrence `json:"recurrence,omitzero"`
	}
	assert.JSONEq(t, `{}`, mustJSON(t, settings{}))
	assert.JSONEq(t, `{"recurrence":{"range":{"type":"noEnd"}}}`, mustJSON(t, settings{Recurrence: recurrence.Once()}))
	assert.JSONEq(t, `{"range":{}}`, mustJSON(t, recurrence.Recurrence{}))
}
