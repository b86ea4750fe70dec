package recurrence

import (
	"encoding/json/jsontext"
	"slices"
)

// Pattern is a Graph recurrencePattern: how often a recurring review repeats.
// Access reviews accept only weekly and absoluteMonthly patterns with an
// interval and, for absoluteMonthly, a day of the month (see
// [Recurrence.Validate]); the other fields exist so that any pattern the
// service returns decodes without loss.
//
// The service echoes zero-filled fields a pattern type does not use (month
// 0, dayOfMonth 0, daysOfWeek [], firstDayOfWeek "sunday", index "first");
// decoding drops them. Encoding sends only the fields the type uses, and
// only when set (type, interval, and dayOfMonth when set for
// absoluteMonthly): Graph rejects a request that carries an unsupported
// pattern property, so a pattern read from a response is sent back without
// the echoed fields.
type Pattern struct {
	// Type is the kind of pattern.
	Type PatternType `json:"type,omitzero"`
	// Interval is the number of units (days, weeks, months or years, by
	// Type) between occurrences: 3 with absoluteMonthly is quarterly.
	Interval int `json:"interval,omitzero"`
	// Month is the month (1–12) of absoluteYearly and relativeYearly patterns.
	Month int `json:"month,omitzero"`
	// DayOfMonth is the day (1–31) of absoluteMonthly and absoluteYearly
	// patterns. 0 leaves it unset: it is not sent, and Next uses the start
	// date's day.
	DayOfMonth int `json:"dayOfMonth,omitzero"`
	// DaysOfWeek lists the days of weekly and relative patterns. Access
	// reviews do not support it.
	DaysOfWeek []DayOfWeek `json:"daysOfWeek,omitzero"`
	// FirstDayOfWeek starts the week of a weekly pattern with DaysOfWeek;
	// empty means Sunday.
	FirstDayOfWeek DayOfWeek `json:"firstDayOfWeek,omitzero"`
	// Index picks the week of relative patterns ("first monday").
	Index WeekIndex `json:"index,omitzero"`

	// Extra holds the properties this package does not model, kept from
	// decoding and sent back.
	Extra jsontext.Value `json:",embed"`
}

// clone returns a copy of p that shares nothing mutable with it, so builders
// can change the copy.
func (p *Pattern) clone() *Pattern {
	c := *p
	c.DaysOfWeek = slices.Clone(p.DaysOfWeek)
	return &c
}

// wire returns the request form of p: only the fields that p.Type uses, and
// only when they are set: type and interval; dayOfMonth for absolute
// patterns; month for yearly ones; daysOfWeek for weekly and relative ones;
// firstDayOfWeek for weekly patterns with days; index for relative ones.
// Graph rejects a request carrying a pattern property with an unsupported
// value, and the service's zero-filled echo (month 0, daysOfWeek [],
// firstDayOfWeek "sunday", index "first") must never be sent back. An
// unknown Type keeps every set field. Properties kept from decoding that
// this package does not model follow.
func (p *Pattern) wire() *Pattern {
	known := p.Type.Known()
	uses := func(types ...PatternType) bool { return !known || slices.Contains(types, p.Type) }
	w := &Pattern{Type: p.Type, Interval: p.Interval, Extra: p.Extra}
	if uses(PatternAbsoluteYearly, PatternRelativeYearly) {
		w.Month = p.Month
	}
	if uses(PatternAbsoluteMonthly, PatternAbsoluteYearly) {
		w.DayOfMonth = p.DayOfMonth
	}
	if len(p.DaysOfWeek) > 0 && uses(PatternWeekly, PatternRelativeMonthly, PatternRelativeYearly) {
		w.DaysOfWeek = p.DaysOfWeek
		if uses(PatternWeekly) {
			w.FirstDayOfWeek = p.FirstDayOfWeek
		}
	}
	if uses(PatternRelativeMonthly, PatternRelativeYearly) {
		w.Index = p.Index
	}
	return w
}

// normalize drops the defaults the service echoes for fields the pattern
// type does not use (daysOfWeek [], firstDayOfWeek "sunday", index
// "first"), so a decoded pattern equals the one the builders make.
func (p *Pattern) normalize() {
	if len(p.DaysOfWeek) == 0 {
		p.DaysOfWeek = nil
		if p.FirstDayOfWeek == Sunday {
			p.FirstDayOfWeek = ""
		}
	}
	if p.Index == FirstWeek && p.Type.Known() && p.Type != PatternRelativeMonthly && p.Type != PatternRelativeYearly {
		p.Index = ""
	}
}
