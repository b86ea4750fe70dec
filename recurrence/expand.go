package recurrence

import (
	"iter"
	"slices"
	"time"

	"github.com/graphkit/governance/odata"
)

// Next returns the start dates of the next n reviews strictly after after,
// in order: fewer when the range ends first, nil when n < 1 or r cannot be
// expanded (see [Recurrence.Occurrences]). Pass the zero Date to get the
// first n reviews.
//
// A bot tells when the next instance opens with
//
//	next := def.Settings.Recurrence.Next(odata.DateOf(time.Now()), 1)
func (r Recurrence) Next(after odata.Date, n int) []odata.Date {
	if n < 1 {
		return nil
	}
	var out []odata.Date
	for d := range r.Occurrences(after) {
		out = append(out, d)
		if len(out) == n {
			break
		}
	}
	return out
}

// Occurrences returns an iterator over the start dates of r's reviews
// strictly after after, in order, until the range ends (or year 9999).
//
// It follows Graph's recurrence semantics, which the [Recurrence] doc
// lists.
//
// It yields nothing when r cannot be expanded (an invalid start date, an
// interval below 1, a day, month or weekday out of range, a relative or
// unknown pattern type).
func (r Recurrence) Occurrences(after odata.Date) iter.Seq[odata.Date] {
	return func(yield func(odata.Date) bool) {
		s, ok := r.schedule()
		if !ok {
			return
		}
		rg := r.Range
		end, hasEnd := rg.End()
		numbered := rg.Type == RangeNumbered
		// Skip whole cycles that certainly end before after; the margin of
		// two cycles absorbs the day offsets inside a cycle.
		c0 := max(0, (epochDay(after)-epochDay(s.start))/s.maxCycleDays-2)
		counted := int64(0)
		if c0 > 0 {
			counted = int64(len(s.cycle(0))) + (c0-1)*int64(s.perCycle)
		}
		for c := c0; c <= s.lastCycle; c++ {
			for _, d := range s.cycle(c) {
				if d.Year > 9999 || (numbered && counted >= int64(rg.NumberOfOccurrences)) {
					return
				}
				counted++
				if hasEnd && d.After(end) {
					return
				}
				if d.After(after) && !yield(d) {
					return
				}
			}
		}
	}
}

// schedule is a recurrence reduced to cycles: cycle c (from 0) holds the
// occurrences of the c-th repetition of the pattern, in order, none before
// the start date.
type schedule struct {
	start odata.Date
	// dates returns the candidate dates of cycle c, in order; cycle drops
	// those before the start date.
	dates func(c int64) []odata.Date
	// maxCycleDays bounds the number of days one cycle spans.
	maxCycleDays int64
	// perCycle is the number of occurrences in every cycle after the first.
	perCycle int
	// lastCycle is a cycle certainly past year 9999.
	lastCycle int64
}

// cycle returns the occurrences of cycle c: the candidates on or after the
// start date.
func (s schedule) cycle(c int64) []odata.Date {
	return slices.DeleteFunc(s.dates(c), func(d odata.Date) bool { return d.Before(s.start) })
}

// schedule reduces r to cycles, and reports false when r cannot be expanded.
func (r Recurrence) schedule() (schedule, bool) {
	start := r.Range.StartDate
	p := r.Pattern
	if !start.IsValid() {
		return schedule{}, false
	}
	if p == nil {
		return schedule{start: start, dates: func(int64) []odata.Date { return []odata.Date{start} },
			maxCycleDays: 1, perCycle: 1, lastCycle: 0}, true
	}
	iv := int64(p.Interval)
	day := p.DayOfMonth
	if day == 0 {
		day = start.Day
	}
	if iv < 1 || day < 1 || day > 31 {
		return schedule{}, false
	}
	// Years 0001–9999 hold fewer than 3.7 million days; a cycle number past
	// that span divided by the shortest cycle is certainly beyond them.
	const spanDays = 3_700_000
	s := schedule{start: start, perCycle: 1}
	switch p.Type {
	case PatternDaily:
		s.dates = func(c int64) []odata.Date { return []odata.Date{start.AddDays(int(c * iv))} }
		s.maxCycleDays, s.lastCycle = iv, spanDays/iv+1
	case PatternWeekly:
		offsets, weekStart, ok := weekOffsets(p, start)
		if !ok {
			return schedule{}, false
		}
		s.dates = func(c int64) []odata.Date {
			out := make([]odata.Date, len(offsets))
			for i, off := range offsets {
				out[i] = weekStart.AddDays(int(c*7*iv) + off)
			}
			return out
		}
		s.perCycle, s.maxCycleDays, s.lastCycle = len(offsets), 7*iv, spanDays/(7*iv)+1
	case PatternAbsoluteMonthly:
		first := odata.Date{Year: start.Year, Month: start.Month, Day: 1}
		s.dates = func(c int64) []odata.Date { return []odata.Date{onDay(first.AddMonths(int(c*iv)), day)} }
		s.maxCycleDays, s.lastCycle = 31*iv, spanDays/(28*iv)+1
	case PatternAbsoluteYearly:
		month := time.Month(p.Month)
		if month == 0 {
			month = start.Month
		}
		if month < time.January || month > time.December {
			return schedule{}, false
		}
		s.dates = func(c int64) []odata.Date {
			return []odata.Date{onDay(odata.Date{Year: int(min(int64(start.Year)+c*iv, 10000)), Month: month, Day: 1}, day)}
		}
		s.maxCycleDays, s.lastCycle = 366*iv, 10000/iv+1
	default:
		return schedule{}, false
	}
	return s, true
}

// weekOffsets returns the day offsets of a weekly pattern's days within its
// week, sorted, and the first day of the start date's week. Without
// DaysOfWeek the week starts on the start date and holds it alone.
func weekOffsets(p *Pattern, start odata.Date) ([]int, odata.Date, bool) {
	if len(p.DaysOfWeek) == 0 {
		return []int{0}, start, true
	}
	first := time.Sunday
	if p.FirstDayOfWeek != "" {
		w, ok := p.FirstDayOfWeek.Weekday()
		if !ok {
			return nil, odata.Date{}, false
		}
		first = w
	}
	var offsets []int
	for _, d := range p.DaysOfWeek {
		w, ok := d.Weekday()
		if !ok {
			return nil, odata.Date{}, false
		}
		offsets = append(offsets, (int(w)-int(first)+7)%7)
	}
	slices.Sort(offsets)
	offsets = slices.Compact(offsets)
	back := (int(start.In(time.UTC).Weekday()) - int(first) + 7) % 7
	return offsets, start.AddDays(-back), true
}

// onDay returns the given day of d's month, clamped to the month's length.
func onDay(d odata.Date, day int) odata.Date {
	d.Day = min(day, odata.DaysIn(d.Year, d.Month))
	return d
}

// epochDay numbers days continuously so that dates can be subtracted
// across the whole 0001–9999 range (time.Duration spans only 292 years).
func epochDay(d odata.Date) int64 {
	return d.In(time.UTC).Unix() / 86400
}
