package recurrence_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	start, end := date(2021, time.February, 10), date(2022, time.December, 21)
	weekly := func(p recurrence.Pattern) recurrence.Recurrence {
		return recurrence.Recurrence{Pattern: &p, Range: recurrence.Range{Type: recurrence.RangeNoEnd, StartDate: start}}
	}
	tests := []struct {
		name   string
		r      recurrence.Recurrence
		fields []string // nil: valid
	}{
		{name: "weekly", r: recurrence.Weekly().StartingOn(start)},
		{name: "once", r: recurrence.Once().StartingOn(start)},
		{name: "once until", r: recurrence.Once().StartingOn(start).EndingOn(end)},
		{name: "quarterly until", r: recurrence.Quarterly().StartingOn(start).EndingOn(end)},
		{name: "monthly on 31", r: recurrence.MonthlyOnDay(31).StartingOn(start).Times(1)},
		{name: "interval 99", r: recurrence.Weekly().Every(99).StartingOn(start)},
		{name: "zero", r: recurrence.Recurrence{}, fields: []string{"range.type", "range.startDate"}},
		{name: "no start", r: recurrence.Weekly(), fields: []string{"range.startDate"}},
		{name: "invalid start", r: recurrence.Weekly().StartingOn(date(2021, 2, 30)), fields: []string{"range.startDate"}},
		{name: "interval 0", r: recurrence.Weekly().Every(0).StartingOn(start), fields: []string{"pattern.interval"}},
		{name: "interval 100", r: recurrence.Monthly().Every(100).StartingOn(start), fields: []string{"pattern.interval"}},
		{name: "interval negative", r: recurrence.Monthly().Every(-1).StartingOn(start), fields: []string{"pattern.interval"}},
		{name: "day 32", r: recurrence.MonthlyOnDay(32).StartingOn(start), fields: []string{"pattern.dayOfMonth"}},
		{name: "day negative", r: recurrence.Quarterly().OnDay(-1).StartingOn(start), fields: []string{"pattern.dayOfMonth"}},
		{name: "day on weekly", r: recurrence.Weekly().OnDay(3).StartingOn(start), fields: []string{"pattern.dayOfMonth"}},
		{name: "end before start", r: recurrence.Weekly().StartingOn(end).EndingOn(start), fields: []string{"range.endDate"}},
		{name: "end equals start", r: recurrence.Weekly().StartingOn(start).EndingOn(start), fields: []string{"range.endDate"}},
		{name: "end missing", r: recurrence.Weekly().StartingOn(start).EndingOn(odata.Date{}), fields: []string{"range.endDate"}},
		{name: "end invalid", r: recurrence.Weekly().StartingOn(start).EndingOn(date(2022, 13, 1)), fields: []string{"range.endDate"}},
		{name: "times 0", r: recurrence.Weekly().StartingOn(start).Times(0), fields: []string{"range.numberOfOccurrences"}},
		{name: "daily", r: weekly(recurrence.Pattern{Type: recurrence.PatternDaily, Interval: 1}), fields: []string{"pattern.type"}},
		{name: "relative monthly", r: weekly(recurrence.Pattern{Type: recurrence.PatternRelativeMonthly, Interval: 1,
			DaysOfWeek: []recurrence.DayOfWeek{recurrence.Monday}, Index: recurrence.FirstWeek}),
			fields: []string{"pattern.type", "pattern.daysOfWeek", "pattern.index"}},
		{name: "no pattern type", r: weekly(recurrence.Pattern{Interval: 1}), fields: []string{"pattern.type"}},
		{name: "unknown pattern type", r: weekly(recurrence.Pattern{Type: "hourly", Interval: 1}), fields: []string{"pattern.type"}},
		{name: "weekly with days", r: weekly(recurrence.Pattern{Type: recurrence.PatternWeekly, Interval: 1,
			DaysOfWeek: []recurrence.DayOfWeek{recurrence.Monday}, FirstDayOfWeek: recurrence.Monday}),
			fields: []string{"pattern.daysOfWeek", "pattern.firstDayOfWeek"}},
		{name: "month", r: weekly(recurrence.Pattern{Type: recurrence.PatternAbsoluteMonthly, Interval: 12, Month: 3}),
			fields: []string{"pattern.month"}},
		{name: "unknown range type", r: recurrence.Recurrence{Range: recurrence.Range{Type: "forever", StartDate: start}},
			fields: []string{"range.type"}},
		{name: "everything at once",
			r: recurrence.Recurrence{Pattern: &recurrence.Pattern{Type: recurrence.PatternDaily, DayOfMonth: 40},
				Range: recurrence.Range{Type: recurrence.RangeNumbered}},
			fields: []string{"pattern.type", "pattern.interval", "pattern.dayOfMonth", "range.startDate", "range.numberOfOccurrences"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
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

func TestValidateMessagesAndPrefix(t *testing.T) {
	t.Parallel()
	r := recurrence.Weekly().Every(365).StartingOn(date(2021, 5, 5)).EndingOn(date(2021, 5, 1))
	err := r.Validate()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "pattern.interval: must be from 1 to 99, got 365")
	assert.Contains(t, err.Error(), "range.endDate: must be after the start date 2021-05-05, got 2021-05-01")

	prefixed := odata.Prefix("settings.recurrence", err)
	assert.Equal(t, []string{"settings.recurrence.pattern.interval", "settings.recurrence.range.endDate"}, fieldNames(t, prefixed))
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
