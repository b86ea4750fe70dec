package odata

import (
	"bytes"
	"encoding/json/jsontext"
	"errors"
	"fmt"
	"time"

	"github.com/graphkit/governance/internal/check"
)

// Date is a civil date without a time of day or a time zone: the Edm.Date of
// OData, used by Graph for recurrence start and end dates. A date is not an
// instant, so Date deliberately holds no time.Location; convert with [Date.In]
// when an instant is needed.
//
// The zero Date means "no date": it encodes as JSON null and String returns "".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate parses "2006-01-02". It also accepts a full timestamp such as
// "2020-09-08T12:02:30.667Z", which some Graph documents send as a recurrence
// start date; the date part is kept as written (never shifted to UTC), because
// that is the calendar day the writer meant. The timestamp part must still be
// a valid DateTimeOffset as [ParseDateTime] accepts it.
//
// Years outside 0001–9999 are rejected: Graph writes four-digit years, and
// accepting others would let a date print in a form that does not parse back.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, errors.New("odata: parse date: empty string")
	}
	if len(s) > 10 {
		if _, err := ParseDateTime(s); err != nil {
			return Date{}, fmt.Errorf("odata: parse date %q: not a date or timestamp", check.Truncate(s, 64))
		}
		s = s[:10]
	}
	d, ok := edmParseDatePart(s)
	if !ok {
		return Date{}, fmt.Errorf("odata: parse date %q: want YYYY-MM-DD", check.Truncate(s, 64))
	}
	return d, nil
}

// String formats d as "2006-01-02", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return string(d.appendTo(make([]byte, 0, 10)))
}

// appendTo appends d as "2006-01-02" (years outside 0000–9999 with more
// digits or a sign).
func (d Date) appendTo(b []byte) []byte {
	if d.Year < 0 || d.Year > 9999 {
		return fmt.Appendf(b, "%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	b = append(b, byte('0'+d.Year/1000), byte('0'+d.Year/100%10), byte('0'+d.Year/10%10), byte('0'+d.Year%10), '-')
	m := int(d.Month)
	if m < 0 || m > 99 || d.Day < 0 || d.Day > 99 {
		return fmt.Appendf(b[:len(b)-5], "%04d-%02d-%02d", d.Year, m, d.Day)
	}
	return append(b, byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d.Day/10), byte('0'+d.Day%10))
}

// IsZero reports whether d is the zero Date ("no date").
func (d Date) IsZero() bool { return d == Date{} }

// IsValid reports whether d names a real calendar day in years 0001–9999.
// The zero Date is not valid.
func (d Date) IsValid() bool {
	return d.Year >= 1 && d.Year <= 9999 &&
		d.Month >= time.January && d.Month <= time.December &&
		d.Day >= 1 && d.Day <= DaysIn(d.Year, d.Month)
}

// In returns midnight at the start of d in loc. A nil loc means UTC.
func (d Date) In(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns the date n days after d (before it when n is negative).
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 0, 0, 0, 0, time.UTC))
}

// AddMonths returns the date n months after d (before it when n is
// negative). The day is clamped to the length of the target month, so
// 2021-01-31 plus one month is 2021-02-28, not March 3 as time.AddDate would
// give: a monthly schedule on the 31st stays in its month.
func (d Date) AddMonths(n int) Date {
	total := d.Year*12 + int(d.Month) - 1 + n
	y := edmFloorDiv(total, 12)
	m := time.Month(total-y*12) + 1
	return Date{Year: y, Month: m, Day: min(d.Day, DaysIn(y, m))}
}

// Compare returns -1, 0 or +1 as d is before, equal to or after other.
func (d Date) Compare(other Date) int {
	switch {
	case d.Year != other.Year:
		return edmCmp(d.Year, other.Year)
	case d.Month != other.Month:
		return edmCmp(int(d.Month), int(other.Month))
	default:
		return edmCmp(d.Day, other.Day)
	}
}

// Before reports whether d is before other.
func (d Date) Before(other Date) bool { return d.Compare(other) < 0 }

// After reports whether d is after other.
func (d Date) After(other Date) bool { return d.Compare(other) > 0 }

// MarshalJSONTo encodes d as "2006-01-02", and the zero Date as null. An
// invalid non-zero date is an error rather than a malformed request.
func (d Date) MarshalJSONTo(enc *jsontext.Encoder) error {
	if d.IsZero() {
		return enc.WriteToken(jsontext.Null)
	}
	if !d.IsValid() {
		return fmt.Errorf("odata: marshal date: invalid date %d-%d-%d", d.Year, int(d.Month), d.Day)
	}
	var buf [12]byte
	return enc.WriteValue(append(d.appendTo(append(buf[:0], '"')), '"'))
}

// UnmarshalJSONFrom decodes a date string or a full timestamp (see
// [ParseDate]). JSON null, the string "null" (which Graph returns for an
// absent end date) and "" all decode to the zero Date.
func (d *Date) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	b, null, err := edmReadNullableString(dec)
	if err != nil {
		return fmt.Errorf("odata: unmarshal date: %w", err)
	}
	if null {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalText encodes d as "2006-01-02" and the zero Date as "".
func (d Date) MarshalText() ([]byte, error) {
	if !d.IsZero() && !d.IsValid() {
		return nil, fmt.Errorf("odata: marshal date: invalid date %d-%d-%d", d.Year, int(d.Month), d.Day)
	}
	return []byte(d.String()), nil
}

// UnmarshalText decodes what [ParseDate] accepts; "" and "null" give the
// zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 || string(b) == "null" {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// DaysIn returns the number of days of month m in year y (28–31), or 0 for
// a month outside January–December.
func DaysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	case time.January, time.March, time.May, time.July, time.August, time.October, time.December:
		return 31
	}
	return 0
}

// edmParseDatePart parses exactly "YYYY-MM-DD" with a real calendar day.
func edmParseDatePart(s string) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, false
	}
	y, ok1 := edmAtoi(s[0:4])
	m, ok2 := edmAtoi(s[5:7])
	dd, ok3 := edmAtoi(s[8:10])
	d := Date{Year: y, Month: time.Month(m), Day: dd}
	if !ok1 || !ok2 || !ok3 || !d.IsValid() {
		return Date{}, false
	}
	return d, true
}

// edmAtoi parses a short run of ASCII digits (no sign, no spaces).
func edmAtoi(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// edmReadNullableString reads a JSON string from dec, reporting null for
// JSON null, the string "null" and the empty string: the three spellings
// Graph uses for an absent value. The bytes are valid until the next read
// from dec; a string without escapes is not copied.
func edmReadNullableString(dec *jsontext.Decoder) ([]byte, bool, error) {
	switch k := dec.PeekKind(); k {
	case 'n':
		_, err := dec.ReadToken()
		return nil, true, err
	case '"':
	case 0:
		_, err := dec.ReadToken() // reports the syntax or I/O error
		return nil, false, err
	default:
		if err := dec.SkipValue(); err != nil {
			return nil, false, err
		}
		return nil, false, fmt.Errorf("want a JSON string, got %v", k)
	}
	raw, err := dec.ReadValue()
	if err != nil {
		return nil, false, err
	}
	b := []byte(raw[1 : len(raw)-1])
	if bytes.IndexByte(b, '\\') >= 0 {
		if b, err = jsontext.AppendUnquote(nil, raw); err != nil {
			return nil, false, err
		}
	}
	return b, len(b) == 0 || string(b) == "null", nil
}

func edmFloorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func edmCmp(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
