package odata

import (
	"fmt"
	"strings"
	"time"
)

// DateTime is an Edm.DateTimeOffset: an instant, decoded leniently because
// Graph is not consistent about how it writes one. It embeds time.Time, so
// every time method is available (Before, Sub, Format, IsZero…).
//
// Decoding accepts 0–9 fraction digits (Graph uses up to 7), "Z" or a
// ±hh:mm offset, and no offset at all, which is taken as UTC (Graph error
// bodies carry dates like "2025-02-13T10:17:05"). The instant is kept and the
// value is normalised to UTC; the offset as written is not kept, because no
// access-reviews property gives it a meaning.
//
// The zero DateTime means "no value": "0001-01-01T00:00:00Z", which Graph
// returns for a createdDateTime it does not know, decodes to it, and it
// encodes as JSON null.
type DateTime struct {
	time.Time
}

// ParseDateTime parses a DateTimeOffset as described on [DateTime].
func ParseDateTime(s string) (DateTime, error) {
	norm, ok := edmNormalizeDateTime(s)
	if !ok {
		return DateTime{}, fmt.Errorf("odata: parse date-time %q: want YYYY-MM-DDThh:mm:ss[.fffffff][Z|±hh:mm]", truncate(s, 64))
	}
	t, err := time.Parse(time.RFC3339Nano, norm)
	if err != nil {
		return DateTime{}, fmt.Errorf("odata: parse date-time %q: %w", truncate(s, 64), err)
	}
	t = t.UTC()
	if !t.IsZero() && (t.Year() < 1 || t.Year() > 9999) {
		return DateTime{}, fmt.Errorf("odata: parse date-time %q: year outside 0001-9999 in UTC", truncate(s, 64))
	}
	return DateTime{Time: t}, nil
}

// MarshalJSON encodes t in UTC as RFC 3339 with as many fraction digits as
// needed ("2021-02-10T08:00:00Z", "2020-09-08T12:02:30.667Z"), and the zero
// DateTime as null.
func (t DateTime) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	text, err := t.MarshalText()
	if err != nil {
		return nil, err
	}
	return []byte(`"` + string(text) + `"`), nil
}

// UnmarshalJSON decodes what [ParseDateTime] accepts. JSON null, "null" and
// "" decode to the zero DateTime.
func (t *DateTime) UnmarshalJSON(b []byte) error {
	// Decision pages carry several date-times per item: the common form is
	// parsed straight from the bytes, without the allocations of unquoting
	// and normalising. Anything else takes the general path below.
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		if v, ok := edmFastDateTime(b[1 : len(b)-1]); ok {
			*t = v
			return nil
		}
	}
	s, null, err := edmNullableString(b)
	if err != nil {
		return fmt.Errorf("odata: unmarshal date-time: %w", err)
	}
	if null {
		*t = DateTime{}
		return nil
	}
	return t.UnmarshalText([]byte(s))
}

// MarshalText encodes t like MarshalJSON without quotes; the zero DateTime
// is "".
func (t DateTime) MarshalText() ([]byte, error) {
	if t.IsZero() {
		return []byte{}, nil
	}
	u := t.UTC()
	if u.Year() < 1 || u.Year() > 9999 {
		return nil, fmt.Errorf("odata: marshal date-time: year %d outside 0001-9999", u.Year())
	}
	return []byte(u.Format(time.RFC3339Nano)), nil
}

// UnmarshalText decodes what [ParseDateTime] accepts; "" and "null" give the
// zero DateTime.
func (t *DateTime) UnmarshalText(b []byte) error {
	if len(b) == 0 || string(b) == "null" {
		*t = DateTime{}
		return nil
	}
	v, err := ParseDateTime(string(b))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// edmNormalizeDateTime checks the shape of a DateTimeOffset and rewrites it
// into strict RFC 3339 for time.Parse: an upper-case "T" and "Z", and "Z"
// appended when no offset is given. time.Parse then checks the ranges.
func edmNormalizeDateTime(s string) (string, bool) {
	// YYYY-MM-DDThh:mm:ss is 19 bytes; ".fffffffff" and "+hh:mm" add at most 16.
	if len(s) < 19 || len(s) > 35 || (s[10] != 'T' && s[10] != 't') {
		return "", false
	}
	if _, ok := edmParseDatePart(s[:10]); !ok {
		return "", false
	}
	clock, rest := s[11:19], s[19:]
	if clock[2] != ':' || clock[5] != ':' || !edmDigits(clock[0:2]) || !edmDigits(clock[3:5]) || !edmDigits(clock[6:8]) {
		return "", false
	}
	if strings.HasPrefix(rest, ".") {
		n := 1
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		if n == 1 || n > 10 {
			return "", false
		}
		rest = rest[n:]
	}
	offset := ""
	switch {
	case rest == "":
		offset = "Z"
	case rest == "Z" || rest == "z":
		offset = "Z"
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':' &&
		edmDigits(rest[1:3]) && edmDigits(rest[4:6]):
		offset = rest
	default:
		return "", false
	}
	body := s[:len(s)-len(rest)]
	return body[:10] + "T" + body[11:] + offset, true
}

// edmDigits reports whether s is a non-empty run of ASCII digits.
func edmDigits(s string) bool {
	_, ok := edmAtoi(s)
	return ok
}

// edmFastDateTime parses the common DateTimeOffset form
// YYYY-MM-DDThh:mm:ss[.f…](Z|±hh:mm)? directly from bytes. It reports false
// for anything else, and for values it cannot settle alone (out-of-range
// fields, a year leaving 0001–9999 in UTC), so that ParseDateTime decides
// them; when it reports true, its result equals ParseDateTime's.
func edmFastDateTime(b []byte) (DateTime, bool) {
	if len(b) < 19 || len(b) > 35 || b[4] != '-' || b[7] != '-' || (b[10] != 'T' && b[10] != 't') ||
		b[13] != ':' || b[16] != ':' {
		return DateTime{}, false
	}
	num := func(i, n int) (int, bool) {
		v := 0
		for _, c := range b[i : i+n] {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	year, ok1 := num(0, 4)
	month, ok2 := num(5, 2)
	day, ok3 := num(8, 2)
	hour, ok4 := num(11, 2)
	minute, ok5 := num(14, 2)
	sec, ok6 := num(17, 2)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 || year < 1 || month < 1 || month > 12 ||
		day < 1 || day > DaysIn(year, time.Month(month)) || hour > 23 || minute > 59 || sec > 59 {
		return DateTime{}, false
	}
	rest := b[19:]
	nanos := 0
	if len(rest) > 0 && rest[0] == '.' {
		n := 1
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		if n == 1 || n > 10 {
			return DateTime{}, false
		}
		for i := 1; i < 10; i++ {
			nanos *= 10
			if i < n {
				nanos += int(rest[i] - '0')
			}
		}
		rest = rest[n:]
	}
	offset := 0
	switch {
	case len(rest) == 0, len(rest) == 1 && (rest[0] == 'Z' || rest[0] == 'z'):
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, okh := num(len(b)-5, 2)
		om, okm := num(len(b)-2, 2)
		if !okh || !okm || oh > 23 || om > 59 {
			return DateTime{}, false
		}
		offset = oh*3600 + om*60
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		return DateTime{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nanos, time.UTC).Add(-time.Duration(offset) * time.Second)
	if !t.IsZero() && (t.Year() < 1 || t.Year() > 9999) {
		return DateTime{}, false
	}
	return DateTime{Time: t}, true
}
