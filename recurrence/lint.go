package recurrence

import (
	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/odata"
)

// Lint returns what in r is probably a mistake although the service accepts
// it, or set but never sent, as warnings named by JSON path like Validate's
// errors. It never fails and refuses nothing: Validate says what cannot be
// sent. Lint does not repeat Validate's problems.
//
// The warnings:
//   - an interval below 1 (other than the 0 Validate reports) or above
//     MaxInterval: probably a unit mistake;
//   - a day of the month outside 1–31, which no month has;
//   - pattern fields that this package does not send for the pattern type
//     (dayOfMonth on a weekly pattern; daysOfWeek, month, firstDayOfWeek or
//     index on an absoluteMonthly one; month and index on a weekly one): the
//     value set has no effect;
//   - an endDate range that ends before it starts, which runs no review.
func (r Recurrence) Lint() []odata.Warning {
	var ws []odata.Warning
	if p := r.Pattern; p != nil {
		ws = append(ws, p.lint()...)
	}
	rg := r.Range
	if rg.Type == RangeEndDate && rg.StartDate.IsValid() && rg.EndDate.IsValid() && rg.EndDate.Before(rg.StartDate) {
		ws = append(ws, check.Warn("range.endDate", "%s is before the start date %s: no review would run", rg.EndDate, rg.StartDate))
	}
	return ws
}

// lint returns the pattern's warnings.
func (p *Pattern) lint() []odata.Warning {
	var ws []odata.Warning
	add := func(field, format string, args ...any) {
		ws = append(ws, check.Warn(field, format, args...))
	}
	switch {
	case p.Interval < 0:
		add("pattern.interval", "is negative (%d): the number of weeks or months between reviews is at least 1", p.Interval)
	case p.Interval > MaxInterval:
		add("pattern.interval", "is %d: a review that often is probably a unit mistake (the interval counts weeks or months, not days)", p.Interval)
	}
	notSent := "is not sent for a %s pattern, so the value set has no effect"
	switch p.Type {
	case PatternWeekly:
		if p.DayOfMonth != 0 {
			add("pattern.dayOfMonth", notSent+"; a weekly review repeats on the start date's weekday", p.Type)
		}
	case PatternAbsoluteMonthly:
		if p.DayOfMonth < 0 || p.DayOfMonth > 31 {
			add("pattern.dayOfMonth", "is %d, a day no month has (1–31, or 0 for the start date's day)", p.DayOfMonth)
		}
		if len(p.DaysOfWeek) > 0 {
			add("pattern.daysOfWeek", notSent, p.Type)
		}
		if p.FirstDayOfWeek != "" {
			add("pattern.firstDayOfWeek", notSent, p.Type)
		}
	default:
		return ws
	}
	if p.Month != 0 {
		add("pattern.month", notSent, p.Type)
	}
	if p.Index != "" {
		add("pattern.index", notSent, p.Type)
	}
	if p.Type == PatternWeekly && len(p.DaysOfWeek) == 0 && p.FirstDayOfWeek != "" {
		add("pattern.firstDayOfWeek", notSent+" without daysOfWeek", p.Type)
	}
	return ws
}
