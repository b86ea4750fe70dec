package recurrence

import (
	"slices"
	"time"
)

// PatternType is a Graph recurrencePatternType. Unknown values decode and
// are kept.
type PatternType string

// The recurrence pattern types Graph defines. Access reviews accept
// PatternWeekly and PatternAbsoluteMonthly only.
const (
	PatternDaily           PatternType = "daily"
	PatternWeekly          PatternType = "weekly"
	PatternAbsoluteMonthly PatternType = "absoluteMonthly"
	PatternRelativeMonthly PatternType = "relativeMonthly"
	PatternAbsoluteYearly  PatternType = "absoluteYearly"
	PatternRelativeYearly  PatternType = "relativeYearly"
)

// Known reports whether t is one of the pattern types Graph defines.
func (t PatternType) Known() bool {
	switch t {
	case PatternDaily, PatternWeekly, PatternAbsoluteMonthly, PatternRelativeMonthly,
		PatternAbsoluteYearly, PatternRelativeYearly:
		return true
	}
	return false
}

// DayOfWeek is a Graph dayOfWeek, spelled in lower case ("monday"). Unknown
// values decode and are kept.
type DayOfWeek string

// The days of the week as Graph spells them.
const (
	Sunday    DayOfWeek = "sunday"
	Monday    DayOfWeek = "monday"
	Tuesday   DayOfWeek = "tuesday"
	Wednesday DayOfWeek = "wednesday"
	Thursday  DayOfWeek = "thursday"
	Friday    DayOfWeek = "friday"
	Saturday  DayOfWeek = "saturday"
)

// weekdays returns the days indexed by time.Weekday. It is a function so
// that no package state can be changed.
func weekdays() [7]DayOfWeek {
	return [7]DayOfWeek{Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday}
}

// DayOf returns the DayOfWeek of a time.Weekday, or "" for an out-of-range
// weekday.
func DayOf(w time.Weekday) DayOfWeek {
	if w < time.Sunday || w > time.Saturday {
		return ""
	}
	return weekdays()[w]
}

// Weekday returns d as a time.Weekday, and false when d is not one of the
// seven days.
func (d DayOfWeek) Weekday() (time.Weekday, bool) {
	days := weekdays()
	i := slices.Index(days[:], d)
	return time.Weekday(max(i, 0)), i >= 0
}

// Known reports whether d is one of the seven days.
func (d DayOfWeek) Known() bool {
	_, ok := d.Weekday()
	return ok
}

// WeekIndex is a Graph weekIndex: which week of the month a relative pattern
// uses. Unknown values decode and are kept.
type WeekIndex string

// The week indexes Graph defines.
const (
	FirstWeek  WeekIndex = "first"
	SecondWeek WeekIndex = "second"
	ThirdWeek  WeekIndex = "third"
	FourthWeek WeekIndex = "fourth"
	LastWeek   WeekIndex = "last"
)

// Known reports whether i is one of the week indexes Graph defines.
func (i WeekIndex) Known() bool {
	switch i {
	case FirstWeek, SecondWeek, ThirdWeek, FourthWeek, LastWeek:
		return true
	}
	return false
}

// RangeType is a Graph recurrenceRangeType. Unknown values decode and are
// kept.
type RangeType string

// The recurrence range types Graph defines.
const (
	RangeEndDate  RangeType = "endDate"
	RangeNoEnd    RangeType = "noEnd"
	RangeNumbered RangeType = "numbered"
)

// Known reports whether t is one of the range types Graph defines.
func (t RangeType) Known() bool {
	return t == RangeEndDate || t == RangeNoEnd || t == RangeNumbered
}
