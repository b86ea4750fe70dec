package recurrence

import (
	"strconv"
	"strings"
	"time"
)

// String describes r for people and logs, in the words of the builders:
// "every 3 months on day 5, from 2021-02-10 until 2022-12-21", "every week,
// from 2020-09-08, with no end", "every 6 months, from 2021-05-05, for 4
// occurrences", "once on 2021-02-09", "once on 2021-02-09, ending
// 2021-03-01". It describes any value, decoded or built, valid or not.
func (r Recurrence) String() string {
	var b strings.Builder
	rg := r.Range
	if r.Pattern == nil {
		b.WriteString("once")
		if rg.StartDate.IsZero() {
			b.WriteString(", with no start date")
		} else {
			b.WriteString(" on " + rg.StartDate.String())
		}
		if end, ok := rg.End(); ok {
			b.WriteString(", ending " + end.String())
		}
		return b.String()
	}
	b.WriteString(r.Pattern.describe())
	if rg.StartDate.IsZero() {
		b.WriteString(", with no start date")
	} else {
		b.WriteString(", from " + rg.StartDate.String())
	}
	end, hasEnd := rg.End()
	switch {
	case rg.Type == RangeNumbered:
		b.WriteString(", for " + plural(rg.NumberOfOccurrences, "occurrence"))
	case hasEnd:
		b.WriteString(" until " + end.String())
	case rg.Type == RangeNoEnd || rg.Type == RangeEndDate:
		b.WriteString(", with no end")
	default:
		b.WriteString(", range type " + strconv.Quote(string(rg.Type)))
	}
	return b.String()
}

// describe describes the pattern alone: "every 2 weeks on monday and
// friday", "every 3 months on day 5".
func (p *Pattern) describe() string {
	unit := map[PatternType]string{
		PatternDaily: "day", PatternWeekly: "week",
		PatternAbsoluteMonthly: "month", PatternRelativeMonthly: "month",
		PatternAbsoluteYearly: "year", PatternRelativeYearly: "year",
	}[p.Type]
	if unit == "" {
		return "pattern " + strconv.Quote(string(p.Type)) + " every " + strconv.Itoa(p.Interval)
	}
	s := "every " + unit
	if p.Interval != 1 {
		s = "every " + plural(p.Interval, unit)
	}
	switch p.Type {
	case PatternWeekly:
		if len(p.DaysOfWeek) > 0 {
			s += " on " + describeDays(p.DaysOfWeek)
		}
	case PatternAbsoluteMonthly:
		if p.DayOfMonth != 0 {
			s += " on day " + strconv.Itoa(p.DayOfMonth)
		}
	case PatternAbsoluteYearly:
		if p.DayOfMonth != 0 {
			s += " on day " + strconv.Itoa(p.DayOfMonth)
		}
		s += monthSuffix(p.Month)
	case PatternRelativeMonthly, PatternRelativeYearly:
		index := p.Index
		if index == "" {
			index = FirstWeek
		}
		s += " on the " + string(index) + " " + describeDays(p.DaysOfWeek)
		if p.Type == PatternRelativeYearly {
			s += monthSuffix(p.Month)
		}
	}
	return s
}

// describeDays lists days: "monday", "monday and friday", "monday,
// wednesday and friday".
func describeDays(days []DayOfWeek) string {
	var b strings.Builder
	for i, d := range days {
		switch {
		case i == 0:
		case i == len(days)-1:
			b.WriteString(" and ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(string(d))
	}
	return b.String()
}

// monthSuffix names the month of a yearly pattern, " of March", or nothing
// when it is unset or out of range.
func monthSuffix(m int) string {
	if m < 1 || m > 12 {
		return ""
	}
	return " of " + time.Month(m).String()
}

// plural formats "1 week", "3 weeks".
func plural(n int, unit string) string {
	s := strconv.Itoa(n) + " " + unit
	if n != 1 {
		s += "s"
	}
	return s
}
