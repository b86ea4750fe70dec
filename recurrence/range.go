package recurrence

import (
	"encoding/json/jsontext"
	"time"

	"github.com/graphkit/governance/odata"
)

// Range is a Graph recurrenceRange: when a recurring review starts and when
// it stops. For access reviews the start date is the day the first instance
// opens.
//
// Decoding is lenient where the service and its documents are: startDate
// and endDate may be dates or full timestamps ("2020-09-08T12:02:30.667Z"
// is 2020-09-08), and null, "null" and "" are no date; 9999-12-31 is read
// as no end wherever it appears, and a noEnd range drops its echoed end
// date; a numbered range with numberOfOccurrences 0 and an end date is the
// endDate range it behaves as. Encoding sends type, startDate, and endDate
// or numberOfOccurrences as the type says.
type Range struct {
	// Type says how the range ends: on EndDate, after NumberOfOccurrences
	// instances, or never.
	Type RangeType `json:"type,omitzero"`
	// StartDate is the first day of the recurrence. Required.
	StartDate odata.Date `json:"startDate,omitzero"`
	// EndDate is the last day an instance may start on (RangeEndDate only).
	EndDate odata.Date `json:"endDate,omitzero"`
	// NumberOfOccurrences is how many instances run (RangeNumbered only).
	NumberOfOccurrences int `json:"numberOfOccurrences,omitzero"`
	// RecurrenceTimeZone names the time zone of the dates; the service
	// leaves it null for access reviews.
	RecurrenceTimeZone string `json:"recurrenceTimeZone,omitzero"`

	// Extra holds the properties this package does not model, kept from
	// decoding and sent back.
	Extra jsontext.Value `json:",embed"`
}

// End returns the last day an occurrence may start on, and false when the
// range has no end date: a noEnd or numbered range, an endDate range without
// a date, or the end date 9999-12-31 the service uses for "no end".
func (r Range) End() (odata.Date, bool) {
	if r.Type == RangeNoEnd || r.Type == RangeNumbered || r.EndDate.IsZero() || isServiceNoEnd(r.EndDate) {
		return odata.Date{}, false
	}
	return r.EndDate, true
}

// rangeWire is the request form of a range.
type rangeWire struct {
	Type                RangeType      `json:"type,omitzero"`
	StartDate           odata.Date     `json:"startDate,omitzero"`
	EndDate             odata.Date     `json:"endDate,omitzero"`
	NumberOfOccurrences *int           `json:"numberOfOccurrences,omitzero"`
	RecurrenceTimeZone  string         `json:"recurrenceTimeZone,omitzero"`
	Extra               jsontext.Value `json:",embed"`
}

// wire returns the request form of r: the fields r.Type uses, when set
// (numberOfOccurrences always for a numbered range), and the properties
// kept from decoding. An unknown Type keeps every set field.
func (r *Range) wire() rangeWire {
	known := r.Type.Known()
	w := rangeWire{Type: r.Type, StartDate: r.StartDate, RecurrenceTimeZone: r.RecurrenceTimeZone, Extra: r.Extra}
	if !known || r.Type == RangeEndDate {
		w.EndDate = r.EndDate
	}
	if r.Type == RangeNumbered || (!known && r.NumberOfOccurrences != 0) {
		n := r.NumberOfOccurrences
		w.NumberOfOccurrences = &n
	}
	return w
}

// normalize reads the range as the service means it: a noEnd range has no
// end date, and a numbered range without occurrences is the service's echo
// of a noEnd (end date 9999-12-31) or endDate range.
func (r *Range) normalize() {
	switch {
	case r.Type == RangeNoEnd:
		r.EndDate = odata.Date{}
	case r.Type == RangeNumbered && r.NumberOfOccurrences == 0 && isServiceNoEnd(r.EndDate):
		r.Type, r.EndDate = RangeNoEnd, odata.Date{}
	case r.Type == RangeNumbered && r.NumberOfOccurrences == 0 && !r.EndDate.IsZero():
		r.Type = RangeEndDate
	}
}

// isServiceNoEnd reports whether d is 9999-12-31, the end date the service
// echoes for a range without an end. No review runs that long, so it is read
// as "no end".
func isServiceNoEnd(d odata.Date) bool {
	return d == odata.Date{Year: 9999, Month: time.December, Day: 31}
}
