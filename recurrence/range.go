package recurrence

import (
	"encoding/json"
	"time"

	"github.com/graphkit/governance/odata"
)

// Range is a Graph recurrenceRange: when a recurring review starts and when
// it stops. For access reviews the start date is the day the first instance
// opens.
type Range struct {
	// Type says how the range ends: on EndDate, after NumberOfOccurrences
	// instances, or never.
	Type RangeType
	// StartDate is the first day of the recurrence. Required.
	StartDate odata.Date
	// EndDate is the last day an instance may start on (RangeEndDate only).
	EndDate odata.Date
	// NumberOfOccurrences is how many instances run (RangeNumbered only).
	NumberOfOccurrences int
	// RecurrenceTimeZone names the time zone of the dates; the service
	// leaves it null for access reviews.
	RecurrenceTimeZone string

	// extra holds properties this package does not model, kept verbatim
	// from decoding so that they are sent back.
	extra map[string]json.RawMessage
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

// MarshalJSON encodes only the fields that r.Type uses: type and startDate
// always; endDate for endDate ranges; numberOfOccurrences for numbered ones;
// recurrenceTimeZone when set. An unknown Type sends every set field.
// Properties kept from decoding that this package does not model follow.
func (r Range) MarshalJSON() ([]byte, error) {
	known := r.Type.Known()
	w := objectWriter{}
	if r.Type != "" {
		w.field("type", r.Type)
	}
	if !r.StartDate.IsZero() {
		w.field("startDate", r.StartDate)
	}
	if !r.EndDate.IsZero() && (!known || r.Type == RangeEndDate) {
		w.field("endDate", r.EndDate)
	}
	if r.Type == RangeNumbered || (!known && r.NumberOfOccurrences != 0) {
		w.field("numberOfOccurrences", r.NumberOfOccurrences)
	}
	if r.RecurrenceTimeZone != "" {
		w.field("recurrenceTimeZone", r.RecurrenceTimeZone)
	}
	w.extra(r.extra)
	return w.finish()
}

// UnmarshalJSON decodes a recurrenceRange leniently, in the forms the
// service and the documents use:
//   - startDate and endDate may be dates or full timestamps (the date part is
//     kept); null, "null" and "" are no date;
//   - a noEnd range drops the end date the service echoes with it (null or
//     9999-12-31), and the service's normal form of a range without an end
//     (numbered, numberOfOccurrences 0, endDate 9999-12-31) is a noEnd
//     range;
//   - a numbered range with numberOfOccurrences 0 (or absent) and an end
//     date becomes an endDate range: the documents send that shape and the
//     service runs such a review until its end date, which is exactly what an
//     endDate range says, and it is the form that validates and re-encodes
//     to a request the service accepts.
//
// Unknown properties are kept and re-encoded.
func (r *Range) UnmarshalJSON(b []byte) error {
	var out Range
	err := decodeObject(b, "range", func(key string, raw json.RawMessage) (bool, error) {
		switch key {
		case "type":
			return true, decodeValue(raw, &out.Type)
		case "startDate":
			return true, decodeValue(raw, &out.StartDate)
		case "endDate":
			return true, decodeValue(raw, &out.EndDate)
		case "numberOfOccurrences":
			return true, decodeValue(raw, &out.NumberOfOccurrences)
		case "recurrenceTimeZone":
			return true, decodeValue(raw, &out.RecurrenceTimeZone)
		}
		return false, nil
	}, &out.extra)
	if err != nil {
		return err
	}
	switch {
	case out.Type == RangeNoEnd:
		out.EndDate = odata.Date{}
	case out.Type == RangeNumbered && out.NumberOfOccurrences == 0 && isServiceNoEnd(out.EndDate):
		// The service's normal form of a range without an end (the
		// list-definitions examples): it is the noEnd range that was sent.
		out.Type, out.EndDate = RangeNoEnd, odata.Date{}
	case out.Type == RangeNumbered && out.NumberOfOccurrences == 0 && !out.EndDate.IsZero():
		out.Type = RangeEndDate
	}
	*r = out
	return nil
}

// isServiceNoEnd reports whether d is 9999-12-31, the end date the service
// echoes for a range without an end. No review runs that long, so it is read
// as "no end".
func isServiceNoEnd(d odata.Date) bool {
	return d == odata.Date{Year: 9999, Month: time.December, Day: 31}
}
