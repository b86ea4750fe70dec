package odata

import (
	"encoding/json/jsontext"
	"fmt"
	"time"

	"github.com/graphkit/governance/internal/check"
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
	v, ok := parseDateTime([]byte(s))
	if !ok {
		return DateTime{}, fmt.Errorf("odata: parse date-time %q: want a date-time YYYY-MM-DDThh:mm:ss[.fffffff][Z|±hh:mm] in years 0001-9999", check.Truncate(s, 64))
	}
	return v, nil
}

// MarshalJSONTo encodes t in UTC as RFC 3339 with as many fraction digits as
// needed ("2021-02-10T08:00:00Z", "2020-09-08T12:02:30.667Z"), and the zero
// DateTime as null.
func (t DateTime) MarshalJSONTo(enc *jsontext.Encoder) error {
	if t.IsZero() {
		return enc.WriteToken(jsontext.Null)
	}
	u := t.UTC()
	if u.Year() < 1 || u.Year() > 9999 {
		return fmt.Errorf("odata: marshal date-time: year %d outside 0001-9999", u.Year())
	}
	var buf [48]byte
	b := append(buf[:0], '"')
	b = append(u.AppendFormat(b, time.RFC3339Nano), '"')
	return enc.WriteValue(b)
}

// UnmarshalJSONFrom decodes what [ParseDateTime] accepts. JSON null, "null"
// and "" decode to the zero DateTime.
func (t *DateTime) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	b, null, err := edmReadNullableString(dec)
	if err != nil {
		return fmt.Errorf("odata: unmarshal date-time: %w", err)
	}
	if null {
		*t = DateTime{}
		return nil
	}
	v, ok := parseDateTime(b)
	if !ok {
		return fmt.Errorf("odata: unmarshal date-time %q: want YYYY-MM-DDThh:mm:ss[.fffffff][Z|±hh:mm] in years 0001-9999", check.Truncate(string(b), 64))
	}
	*t = v
	return nil
}

// MarshalText encodes t like MarshalJSONTo without quotes; the zero
// DateTime is "".
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

// parseDateTime is the one DateTimeOffset parser:
// YYYY-MM-DDThh:mm:ss[.f…](Z|±hh:mm)? with "T" and "Z" in either case, 0–9
// fraction digits, and no offset taken as UTC. It reports false for
// anything else: a malformed value, a field out of range, or an instant
// outside years 0001–9999 in UTC (the zero instant excepted).
func parseDateTime(b []byte) (DateTime, bool) {
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
