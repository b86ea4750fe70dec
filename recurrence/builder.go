package recurrence

import (
	"slices"

	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/odata"
)

// Once returns a one-time review: no pattern, a range with no end. Give it a
// day with StartingOn.
//
//	recurrence.Once().StartingOn(start)
func Once() Recurrence {
	return Recurrence{Range: Range{Type: RangeNoEnd}}
}

// Weekly returns a review repeating every week, with no end. Every(2) makes
// it fortnightly.
//
//	recurrence.Weekly().StartingOn(start)
func Weekly() Recurrence {
	return patterned(PatternWeekly, 1, 0)
}

// Monthly returns a review repeating every month on the start date's day,
// with no end.
func Monthly() Recurrence {
	return patterned(PatternAbsoluteMonthly, 1, 0)
}

// MonthlyOnDay returns a review repeating every month on day (1–31), with no
// end. In months shorter than day the review opens on the month's last day.
//
//	recurrence.MonthlyOnDay(15).StartingOn(start).Times(12)
func MonthlyOnDay(day int) Recurrence {
	return patterned(PatternAbsoluteMonthly, 1, day)
}

// Quarterly returns a review repeating every three months on the start
// date's day, with no end. OnDay fixes the day of the month.
//
//	recurrence.Quarterly().StartingOn(start).EndingOn(end)
func Quarterly() Recurrence {
	return patterned(PatternAbsoluteMonthly, 3, 0)
}

// SemiAnnually returns a review repeating every six months on the start
// date's day, with no end.
func SemiAnnually() Recurrence {
	return patterned(PatternAbsoluteMonthly, 6, 0)
}

// Annually returns a review repeating every twelve months on the start
// date's day, with no end. It is an absoluteMonthly pattern with interval 12,
// because access reviews do not accept yearly patterns.
func Annually() Recurrence {
	return patterned(PatternAbsoluteMonthly, 12, 0)
}

// Every returns r repeating every n units of its pattern: weeks for Weekly,
// months for the monthly constructors. It replaces the interval, so
// Monthly().Every(2) is every two months and Quarterly().Every(2) is also
// every two months (not every two quarters). On a one-time review it records
// a problem that Validate reports.
func (r Recurrence) Every(n int) Recurrence {
	if r.Pattern == nil {
		return r.withProblem("pattern.interval", "a one-time review has no interval; start from Weekly or Monthly")
	}
	p := r.Pattern.clone()
	p.Interval = n
	r.Pattern = p
	return r
}

// OnDay returns r opening on day (1–31) of the month; in shorter months it
// opens on the last day. It applies to the monthly patterns; Validate reports
// a day of the month on a weekly pattern, and OnDay on a one-time review.
//
//	recurrence.Quarterly().OnDay(5)
func (r Recurrence) OnDay(day int) Recurrence {
	if r.Pattern == nil {
		return r.withProblem("pattern.dayOfMonth", "a one-time review has no day of the month; give the day with StartingOn")
	}
	p := r.Pattern.clone()
	p.DayOfMonth = day
	r.Pattern = p
	return r
}

// StartingOn returns r starting on start: the day the first review opens.
func (r Recurrence) StartingOn(start odata.Date) Recurrence {
	r.Range.StartDate = start
	return r
}

// EndingOn returns r ending on end: no review opens after that day. It
// makes the range an endDate range and drops a number of occurrences.
func (r Recurrence) EndingOn(end odata.Date) Recurrence {
	r.Range.Type = RangeEndDate
	r.Range.EndDate = end
	r.Range.NumberOfOccurrences = 0
	return r
}

// NoEnd returns r repeating for as long as the definition exists, the
// default of every constructor. It drops an end date and a number of
// occurrences.
func (r Recurrence) NoEnd() Recurrence {
	r.Range.Type = RangeNoEnd
	r.Range.EndDate = odata.Date{}
	r.Range.NumberOfOccurrences = 0
	return r
}

// Times returns r stopping after n reviews: a numbered range. It drops an
// end date.
//
//	recurrence.Weekly().StartingOn(start).Times(4)
func (r Recurrence) Times(n int) Recurrence {
	r.Range.Type = RangeNumbered
	r.Range.NumberOfOccurrences = n
	r.Range.EndDate = odata.Date{}
	return r
}

// patterned builds a recurrence with a pattern and a range with no end.
func patterned(t PatternType, interval, day int) Recurrence {
	return Recurrence{
		Pattern: &Pattern{Type: t, Interval: interval, DayOfMonth: day},
		Range:   Range{Type: RangeNoEnd},
	}
}

// withProblem returns r with one more builder problem. The slice is copied
// so that values sharing the old one are not affected.
func (r Recurrence) withProblem(field, problem string) Recurrence {
	r.problems = append(slices.Clip(r.problems), check.Invalid(field, "%s", problem))
	return r
}
