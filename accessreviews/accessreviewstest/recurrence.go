package accessreviewstest

import (
	"encoding/json/jsontext"
	"encoding/json/v2"
	"strconv"
	"strings"
	"time"
)

// Recurrence, as the fake reads and expands it (patternedRecurrence,
// recurrencePattern and recurrenceRange pages, and accessReviewSchedule-
// Settings: "Only dayOfMonth, interval, and type (weekly, absoluteMonthly)
// properties are supported. Use the property startDate on recurrenceRange
// to determine the day the review starts.").

// recurrenceJSON is a patternedRecurrence.
type recurrenceJSON struct {
	Pattern *patternJSON   `json:"pattern"`
	Range   rangeJSON      `json:"range"`
	Extra   jsontext.Value `json:",embed"`
}

// patternJSON is a recurrencePattern. Every member is echoed, zero-filled,
// as the service's responses show them.
type patternJSON struct {
	Type           string         `json:"type"`
	Interval       int            `json:"interval"`
	Month          int            `json:"month"`
	DayOfMonth     int            `json:"dayOfMonth"`
	DaysOfWeek     []string       `json:"daysOfWeek"`
	FirstDayOfWeek string         `json:"firstDayOfWeek"`
	Index          string         `json:"index"`
	Extra          jsontext.Value `json:",embed"`
}

// rangeJSON is a recurrenceRange. The dates are kept raw: the documents
// send full timestamps, dates, null and the string "null".
type rangeJSON struct {
	Type                string         `json:"type"`
	NumberOfOccurrences int            `json:"numberOfOccurrences"`
	RecurrenceTimeZone  *string        `json:"recurrenceTimeZone"`
	StartDate           jsontext.Value `json:"startDate"`
	EndDate             jsontext.Value `json:"endDate"`
	Extra               jsontext.Value `json:",embed"`
}

// The pattern and range types access reviews accept.
const (
	patternWeekly          = "weekly"
	patternAbsoluteMonthly = "absoluteMonthly"
	rangeEndDate           = "endDate"
	rangeNoEnd             = "noEnd"
	rangeNumbered          = "numbered"
)

// noEndDate is the end date the service echoes for a range without one
// (list-definitions examples).
var noEndDate = time.Date(9999, time.December, 31, 0, 0, 0, 0, time.UTC)

// schedule is a recurrence read for expansion: the start date, the pattern
// (none for a one-time review) and the end of the range.
type schedule struct {
	start      time.Time // a date, at midnight UTC; zero when unset
	oneTime    bool
	weekly     bool
	interval   int
	dayOfMonth int // 0: the start date's day
	end        time.Time
	hasEnd     bool
	count      int // occurrences of a numbered range; 0 when unbounded
}

// readSchedule reads a stored recurrence; nil (no recurrence) is a
// one-time review without dates.
func readSchedule(rec *recurrenceJSON) schedule {
	s := schedule{oneTime: true}
	if rec == nil {
		return s
	}
	s.start, _ = parseDateValue(rec.Range.StartDate)
	if end, ok := parseDateValue(rec.Range.EndDate); ok && !end.Equal(noEndDate) {
		s.end, s.hasEnd = end, true
	}
	switch rec.Range.Type {
	case rangeNoEnd:
		s.hasEnd = false
	case rangeNumbered:
		s.count = rec.Range.NumberOfOccurrences
	}
	if p := rec.Pattern; p != nil {
		s.oneTime = false
		s.weekly = p.Type == patternWeekly
		s.interval = max(p.Interval, 1)
		s.dayOfMonth = p.DayOfMonth
	}
	return s
}

// occurrence returns the start date of occurrence k (0 is the start date),
// and false when the range has ended before it.
func (s schedule) occurrence(k int) (time.Time, bool) {
	if s.start.IsZero() || (s.oneTime && k > 0) || (s.count > 0 && k >= s.count) {
		return time.Time{}, false
	}
	d := s.start
	if k > 0 {
		if s.weekly {
			d = s.start.AddDate(0, 0, 7*s.interval*k)
		} else {
			d = monthDay(s.start, s.interval*k, s.dayOfMonth)
		}
	}
	if s.hasEnd && d.After(s.end) {
		return time.Time{}, false
	}
	return d, d.Year() <= 9999
}

// period returns the length in days of the first recurrence (from the
// start date to the second occurrence), and false for a one-time review.
func (s schedule) period() (int, bool) {
	if s.oneTime || s.start.IsZero() {
		return 0, false
	}
	next := s.start.AddDate(0, 0, 7*s.interval)
	if !s.weekly {
		next = monthDay(s.start, s.interval, s.dayOfMonth)
	}
	return int(next.Sub(s.start).Hours() / 24), true
}

// monthDay returns day (the start's day when 0) of the month months after
// start's, clamped to that month's last day.
func monthDay(start time.Time, months, day int) time.Time {
	if day == 0 {
		day = start.Day()
	}
	first := time.Date(start.Year(), start.Month()+time.Month(months), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(day, last), 0, 0, 0, 0, time.UTC)
}

// parseDateValue reads a recurrence date: "2021-02-10" or a full timestamp
// (the date part is kept, as the service echoes it). null, "null" and ""
// are no date.
func parseDateValue(v jsontext.Value) (time.Time, bool) {
	var s string
	if len(v) == 0 || json.Unmarshal(v, &s) != nil {
		return time.Time{}, false
	}
	return parseDate(s)
}

// parseDate reads an Edm.Date, or the date of a DateTimeOffset.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || s == "null" {
		return time.Time{}, false
	}
	if len(s) > 10 {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return time.Time{}, false
		}
		s = t.Format(time.DateOnly)
	}
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

// servedRecurrence returns rec as the service echoes it. Every pattern
// member is present and zero-filled (month 0, dayOfMonth 0, daysOfWeek [],
// firstDayOfWeek "sunday", index "first"); a one-time review has a null
// pattern. In a create response the range keeps the type it was sent with
// and a null end date when it has none (the create-definitions examples);
// on every read it is the service's normal form, type "numbered" with its
// numberOfOccurrences (0 when unbounded) and endDate "9999-12-31" when it
// has no end (the list-definitions and get-definition examples).
func servedRecurrence(rec *recurrenceJSON, created bool) *recurrenceJSON {
	if rec == nil {
		return nil
	}
	out := *rec
	if rec.Pattern != nil {
		p := *rec.Pattern
		if p.DaysOfWeek == nil {
			p.DaysOfWeek = []string{}
		}
		if p.FirstDayOfWeek == "" {
			p.FirstDayOfWeek = "sunday"
		}
		if p.Index == "" {
			p.Index = "first"
		}
		out.Pattern = &p
	}
	s := readSchedule(rec)
	r := rec.Range
	r.RecurrenceTimeZone = rec.Range.RecurrenceTimeZone
	if !s.start.IsZero() {
		r.StartDate = quoteDate(s.start)
	}
	switch {
	case s.hasEnd:
		r.EndDate = quoteDate(s.end)
	case created:
		r.EndDate = jsontext.Value("null")
	default:
		r.EndDate = quoteDate(noEndDate)
	}
	if !created {
		r.Type = rangeNumbered
		if rec.Range.Type != rangeNumbered {
			r.NumberOfOccurrences = 0
		}
	}
	if len(r.StartDate) == 0 {
		r.StartDate = jsontext.Value("null")
	}
	out.Range = r
	return &out
}

// quoteDate returns the JSON string of a date.
func quoteDate(t time.Time) jsontext.Value {
	return jsontext.Value(strconv.Quote(t.Format(time.DateOnly)))
}
