package recurrence_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
)

func TestNext(t *testing.T) {
	t.Parallel()
	var none odata.Date
	tue := date(2020, time.September, 8) // a Tuesday
	custom := func(p recurrence.Pattern, start odata.Date) recurrence.Recurrence {
		return recurrence.Recurrence{Pattern: &p, Range: recurrence.Range{Type: recurrence.RangeNoEnd, StartDate: start}}
	}
	tests := []struct {
		name  string
		r     recurrence.Recurrence
		after odata.Date
		n     int
		want  []odata.Date
	}{
		{"weekly from the start", recurrence.Weekly().StartingOn(tue), none, 3,
			[]odata.Date{tue, date(2020, 9, 15), date(2020, 9, 22)}},
		{"strictly after", recurrence.Weekly().StartingOn(tue), tue, 2,
			[]odata.Date{date(2020, 9, 15), date(2020, 9, 22)}},
		{"fortnightly", recurrence.Weekly().Every(2).StartingOn(tue), date(2020, 9, 20), 2,
			[]odata.Date{date(2020, 9, 22), date(2020, 10, 6)}},
		{"years later", recurrence.Weekly().StartingOn(tue), date(2025, 1, 1), 1,
			[]odata.Date{date(2025, 1, 7)}},
		{"quarterly until end", recurrence.Quarterly().StartingOn(date(2021, 2, 10)).EndingOn(date(2022, 12, 21)), none, 10,
			[]odata.Date{date(2021, 2, 10), date(2021, 5, 10), date(2021, 8, 10), date(2021, 11, 10),
				date(2022, 2, 10), date(2022, 5, 10), date(2022, 8, 10), date(2022, 11, 10)}},
		{"end date inclusive", recurrence.Weekly().StartingOn(date(2021, 1, 1)).EndingOn(date(2021, 1, 15)), none, 5,
			[]odata.Date{date(2021, 1, 1), date(2021, 1, 8), date(2021, 1, 15)}},
		{"day before the start day is skipped", recurrence.Quarterly().OnDay(5).StartingOn(date(2021, 2, 10)), none, 2,
			[]odata.Date{date(2021, 5, 5), date(2021, 8, 5)}},
		{"skipped date is not counted", recurrence.Quarterly().OnDay(5).StartingOn(date(2021, 2, 10)).Times(2), none, 5,
			[]odata.Date{date(2021, 5, 5), date(2021, 8, 5)}},
		{"day 31 clamped", recurrence.MonthlyOnDay(31).StartingOn(date(2021, 1, 31)), none, 4,
			[]odata.Date{date(2021, 1, 31), date(2021, 2, 28), date(2021, 3, 31), date(2021, 4, 30)}},
		{"leap february", recurrence.MonthlyOnDay(30).StartingOn(date(2024, 1, 30)), none, 2,
			[]odata.Date{date(2024, 1, 30), date(2024, 2, 29)}},
		{"day 0 keeps the start day without drifting", recurrence.Monthly().StartingOn(date(2021, 1, 31)), none, 3,
			[]odata.Date{date(2021, 1, 31), date(2021, 2, 28), date(2021, 3, 31)}},
		{"annually across years", recurrence.Annually().StartingOn(date(2020, 2, 29)), none, 3,
			[]odata.Date{date(2020, 2, 29), date(2021, 2, 28), date(2022, 2, 28)}},
		{"numbered exhausted", recurrence.Weekly().StartingOn(tue).Times(3), date(2020, 9, 22), 2, nil},
		{"numbered last one", recurrence.Weekly().StartingOn(tue).Times(3), date(2020, 9, 15), 2,
			[]odata.Date{date(2020, 9, 22)}},
		{"numbered far from the start", recurrence.Weekly().StartingOn(tue).Times(300), date(2026, 5, 20), 5,
			[]odata.Date{date(2026, 5, 26), date(2026, 6, 2)}},
		{"service no-end date", recurrence.Weekly().StartingOn(tue).EndingOn(date(9999, 12, 31)), date(3000, 1, 1), 1,
			[]odata.Date{date(3000, 1, 7)}},
		{"once ahead", recurrence.Once().StartingOn(tue), date(2020, 1, 1), 3, []odata.Date{tue}},
		{"once past", recurrence.Once().StartingOn(tue), tue, 3, nil},
		{"once until", recurrence.Once().StartingOn(tue).EndingOn(date(2021, 1, 1)), none, 1, []odata.Date{tue}},
		{"n zero", recurrence.Weekly().StartingOn(tue), none, 0, nil},
		{"no start", recurrence.Weekly(), none, 3, nil},
		{"interval zero", recurrence.Weekly().Every(0).StartingOn(tue), none, 3, nil},
		{"day out of range", recurrence.MonthlyOnDay(32).StartingOn(tue), none, 3, nil},
		{"daily", custom(recurrence.Pattern{Type: recurrence.PatternDaily, Interval: 3}, date(2021, 12, 30)), none, 3,
			[]odata.Date{date(2021, 12, 30), date(2022, 1, 2), date(2022, 1, 5)}},
		{"weekly days", custom(recurrence.Pattern{Type: recurrence.PatternWeekly, Interval: 2,
			DaysOfWeek:     []recurrence.DayOfWeek{recurrence.Friday, recurrence.Monday},
			FirstDayOfWeek: recurrence.Monday}, date(2021, 3, 3)), none, 5,
			[]odata.Date{date(2021, 3, 5), date(2021, 3, 15), date(2021, 3, 19), date(2021, 3, 29), date(2021, 4, 2)}},
		{"weekly days from sunday", custom(recurrence.Pattern{Type: recurrence.PatternWeekly, Interval: 1,
			DaysOfWeek: []recurrence.DayOfWeek{recurrence.Sunday, recurrence.Saturday, recurrence.Sunday}}, date(2021, 3, 3)), none, 3,
			[]odata.Date{date(2021, 3, 6), date(2021, 3, 7), date(2021, 3, 13)}},
		{"unknown day", custom(recurrence.Pattern{Type: recurrence.PatternWeekly, Interval: 1,
			DaysOfWeek: []recurrence.DayOfWeek{"funday"}}, tue), none, 3, nil},
		{"yearly in march", custom(recurrence.Pattern{Type: recurrence.PatternAbsoluteYearly, Interval: 1, Month: 3, DayOfMonth: 31},
			date(2021, 4, 1)), none, 2, []odata.Date{date(2022, 3, 31), date(2023, 3, 31)}},
		{"relative not expanded", custom(recurrence.Pattern{Type: recurrence.PatternRelativeMonthly, Interval: 1,
			DaysOfWeek: []recurrence.DayOfWeek{recurrence.Monday}, Index: recurrence.FirstWeek}, tue), none, 3, nil},
		{"stops at year 9999", custom(recurrence.Pattern{Type: recurrence.PatternDaily, Interval: 1}, date(9999, 12, 30)), none, 5,
			[]odata.Date{date(9999, 12, 30), date(9999, 12, 31)}},
		{"huge interval", recurrence.Monthly().Every(1 << 30).StartingOn(tue), none, 3, []odata.Date{tue}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, tt.r.Next(tt.after, tt.n))
		})
	}
}

// TestNextSkipsAheadCorrectly checks that the shortcut Occurrences takes to
// a far-off "after" gives the same dates as walking from the start.
func TestNextSkipsAheadCorrectly(t *testing.T) {
	t.Parallel()
	start := date(2021, time.January, 31)
	recurrences := map[string]recurrence.Recurrence{
		"weekly":       recurrence.Weekly().StartingOn(start),
		"every 3 wk":   recurrence.Weekly().Every(3).StartingOn(start).Times(40),
		"monthly 31":   recurrence.MonthlyOnDay(31).StartingOn(start),
		"quarterly 5":  recurrence.Quarterly().OnDay(5).StartingOn(start).Times(17),
		"semiannually": recurrence.SemiAnnually().StartingOn(start).EndingOn(date(2031, 1, 1)),
		"days": {Pattern: &recurrence.Pattern{Type: recurrence.PatternWeekly, Interval: 2,
			DaysOfWeek: []recurrence.DayOfWeek{recurrence.Monday, recurrence.Thursday}},
			Range: recurrence.Range{Type: recurrence.RangeNumbered, StartDate: start, NumberOfOccurrences: 57}},
		"daily": {Pattern: &recurrence.Pattern{Type: recurrence.PatternDaily, Interval: 5},
			Range: recurrence.Range{Type: recurrence.RangeNumbered, StartDate: start, NumberOfOccurrences: 500}},
		"yearly": {Pattern: &recurrence.Pattern{Type: recurrence.PatternAbsoluteYearly, Interval: 1, DayOfMonth: 29, Month: 2},
			Range: recurrence.Range{Type: recurrence.RangeNumbered, StartDate: start, NumberOfOccurrences: 9}},
	}
	for name, r := range recurrences {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			all := r.Next(odata.Date{}, 1000)
			assert.NotEmpty(t, all)
			for after := start.AddDays(-40); after.Before(date(2032, 1, 1)); after = after.AddDays(17) {
				var want []odata.Date
				for _, d := range all {
					if d.After(after) && len(want) < 3 {
						want = append(want, d)
					}
				}
				assert.Equal(t, want, r.Next(after, 3), "after %s", after)
			}
		})
	}
}

func TestOccurrencesStopsOnBreak(t *testing.T) {
	t.Parallel()
	r := recurrence.Weekly().StartingOn(date(2021, 1, 1))
	var got []odata.Date
	for d := range r.Occurrences(odata.Date{}) {
		got = append(got, d)
		if len(got) == 2 {
			break
		}
	}
	assert.Equal(t, []odata.Date{date(2021, 1, 1), date(2021, 1, 8)}, got)

	// No end and no limit: the iterator runs to year 9999 and stops.
	count, last := 0, odata.Date{}
	for d := range recurrence.Annually().StartingOn(date(9990, 6, 1)).Occurrences(odata.Date{}) {
		count++
		last = d
	}
	assert.Equal(t, 10, count)
	assert.Equal(t, date(9999, 6, 1), last)
}
