package recurrence

import (
	"encoding/json"
	"slices"
)

// Pattern is a Graph recurrencePattern: how often a recurring review repeats.
// Access reviews accept only weekly and absoluteMonthly patterns with an
// interval and, for absoluteMonthly, a day of the month (see
// [Recurrence.Validate]); the other fields exist so that any pattern the
// service returns decodes without loss.
type Pattern struct {
	// Type is the kind of pattern.
	Type PatternType
	// Interval is the number of units (days, weeks, months or years, by
	// Type) between occurrences: 3 with absoluteMonthly is quarterly.
	Interval int
	// Month is the month (1–12) of absoluteYearly and relativeYearly patterns.
	Month int
	// DayOfMonth is the day (1–31) of absoluteMonthly and absoluteYearly
	// patterns. 0 leaves it unset: it is not sent, and Next uses the start
	// date's day.
	DayOfMonth int
	// DaysOfWeek lists the days of weekly and relative patterns. Access
	// reviews do not support it.
	DaysOfWeek []DayOfWeek
	// FirstDayOfWeek starts the week of a weekly pattern with DaysOfWeek;
	// empty means Sunday.
	FirstDayOfWeek DayOfWeek
	// Index picks the week of relative patterns ("first monday").
	Index WeekIndex

	// extra holds properties this package does not model, kept verbatim
	// from decoding so that they are sent back.
	extra map[string]json.RawMessage
}

// MarshalJSON encodes only the fields that p.Type uses, and only when they
// are set: type and interval; dayOfMonth for absolute patterns; month
// for yearly ones; daysOfWeek for weekly and relative ones; firstDayOfWeek for
// weekly patterns with days; index for relative ones. Graph rejects a request
// carrying a pattern property with an unsupported value, and the service's
// zero-filled echo (month 0, daysOfWeek [], firstDayOfWeek "sunday", index
// "first") must never be sent back. An unknown Type sends every set field.
// Properties kept from decoding that this package does not model follow.
func (p Pattern) MarshalJSON() ([]byte, error) {
	known := p.Type.Known()
	uses := func(types ...PatternType) bool { return !known || slices.Contains(types, p.Type) }
	w := objectWriter{}
	if p.Type != "" {
		w.field("type", p.Type)
	}
	if p.Interval != 0 {
		w.field("interval", p.Interval)
	}
	if p.Month != 0 && uses(PatternAbsoluteYearly, PatternRelativeYearly) {
		w.field("month", p.Month)
	}
	if p.DayOfMonth != 0 && uses(PatternAbsoluteMonthly, PatternAbsoluteYearly) {
		w.field("dayOfMonth", p.DayOfMonth)
	}
	if len(p.DaysOfWeek) > 0 && uses(PatternWeekly, PatternRelativeMonthly, PatternRelativeYearly) {
		w.field("daysOfWeek", p.DaysOfWeek)
		if p.FirstDayOfWeek != "" && uses(PatternWeekly) {
			w.field("firstDayOfWeek", p.FirstDayOfWeek)
		}
	}
	if p.Index != "" && uses(PatternRelativeMonthly, PatternRelativeYearly) {
		w.field("index", p.Index)
	}
	w.extra(p.extra)
	return w.finish()
}

// UnmarshalJSON decodes a recurrencePattern leniently: null fields are
// zero, and the defaults the service echoes for fields the pattern type does
// not use (daysOfWeek [], firstDayOfWeek "sunday", index "first") are dropped,
// so a decoded pattern equals the one the builders make. Unknown properties
// are kept and re-encoded.
func (p *Pattern) UnmarshalJSON(b []byte) error {
	var out Pattern
	err := decodeObject(b, "pattern", func(key string, raw json.RawMessage) (bool, error) {
		switch key {
		case "type":
			return true, decodeValue(raw, &out.Type)
		case "interval":
			return true, decodeValue(raw, &out.Interval)
		case "month":
			return true, decodeValue(raw, &out.Month)
		case "dayOfMonth":
			return true, decodeValue(raw, &out.DayOfMonth)
		case "daysOfWeek":
			return true, decodeValue(raw, &out.DaysOfWeek)
		case "firstDayOfWeek":
			return true, decodeValue(raw, &out.FirstDayOfWeek)
		case "index":
			return true, decodeValue(raw, &out.Index)
		}
		return false, nil
	}, &out.extra)
	if err != nil {
		return err
	}
	if len(out.DaysOfWeek) == 0 {
		out.DaysOfWeek = nil
		if out.FirstDayOfWeek == Sunday {
			out.FirstDayOfWeek = ""
		}
	}
	if out.Index == FirstWeek && out.Type.Known() && out.Type != PatternRelativeMonthly && out.Type != PatternRelativeYearly {
		out.Index = ""
	}
	*p = out
	return nil
}

// clone returns a copy of p that shares nothing mutable with it, so builders
// can change the copy.
func (p *Pattern) clone() *Pattern {
	c := *p
	c.DaysOfWeek = slices.Clone(p.DaysOfWeek)
	return &c
}
