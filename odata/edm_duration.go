package odata

import (
	"encoding/json/jsontext"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/graphkit/governance/internal/check"
)

// Duration is an Edm.Duration: a non-negative ISO 8601 duration such as
// "P30D" (the inactivity period of an inactive-users scope) or "PT0S".
//
// Years, months and days are calendar units and are kept apart from the
// clock part, because their length depends on the date they are added to: a
// Duration is not a time.Duration. Weeks are read ("P2W" is 14 days) but
// never written, so a value that arrived as "P30D" is sent back as "P30D".
//
// The zero Duration is "PT0S".
type Duration struct {
	Years  int
	Months int
	Days   int
	// Time is the clock part (hours, minutes, seconds), never negative.
	Time time.Duration
}

// maxDurationField bounds each calendar component so that every parsed value
// prints and parses back the same on 32- and 64-bit platforms.
const maxDurationField = math.MaxInt32

// Days returns a Duration of n days, the form Graph uses for inactivity.
func Days(n int) Duration { return Duration{Days: n} }

// ParseDuration parses an ISO 8601 duration "PnYnMnWnDTnHnMnS" where every
// component is optional but at least one is present, components appear in
// that order, and only seconds may carry a fraction (up to nine digits, "."
// or ","). Weeks add seven days each. Negative durations, "P", "PT" and
// components larger than 2147483647 (or a clock part over time.Duration's
// range) are rejected.
func ParseDuration(s string) (Duration, error) {
	d, problem := edmParseDuration(s)
	if problem != "" {
		return Duration{}, fmt.Errorf("odata: parse duration %q: %s", check.Truncate(s, 64), problem)
	}
	return d, nil
}

// String formats d canonically: "P1Y2M3DT4H5M6.5S" without zero components,
// days never folded into weeks, and "PT0S" for the zero Duration.
func (d Duration) String() string {
	if d.IsZero() {
		return "PT0S"
	}
	var b strings.Builder
	b.WriteByte('P')
	for _, c := range []struct {
		n    int
		unit byte
	}{{d.Years, 'Y'}, {d.Months, 'M'}, {d.Days, 'D'}} {
		if c.n != 0 {
			b.WriteString(strconv.Itoa(c.n))
			b.WriteByte(c.unit)
		}
	}
	if d.Time == 0 {
		return b.String()
	}
	b.WriteByte('T')
	t := d.Time
	neg := t < 0
	if neg {
		// Only invalid values get here; keep String total instead of lying.
		b.WriteByte('-')
		t = -t
	}
	if h := t / time.Hour; h != 0 {
		b.WriteString(strconv.FormatInt(int64(h), 10) + "H")
		t -= h * time.Hour
	}
	if m := t / time.Minute; m != 0 {
		b.WriteString(strconv.FormatInt(int64(m), 10) + "M")
		t -= m * time.Minute
	}
	if t != 0 {
		sec, frac := t/time.Second, t%time.Second
		b.WriteString(strconv.FormatInt(int64(sec), 10))
		if frac != 0 {
			b.WriteString(strings.TrimRight(fmt.Sprintf(".%09d", int64(frac)), "0"))
		}
		b.WriteByte('S')
	}
	return b.String()
}

// IsZero reports whether d is the zero Duration.
func (d Duration) IsZero() bool { return d == Duration{} }

// IsValid reports whether no component of d is negative or out of the
// range ParseDuration accepts.
func (d Duration) IsValid() bool {
	return d.Years >= 0 && d.Months >= 0 && d.Days >= 0 && d.Time >= 0 &&
		d.Years <= maxDurationField && d.Months <= maxDurationField && d.Days <= maxDurationField
}

// WholeDays returns n and true when d is exactly n days and nothing else
// (no years, months or clock part). The zero Duration is zero whole days.
func (d Duration) WholeDays() (int, bool) {
	if d.Years != 0 || d.Months != 0 || d.Time != 0 || d.Days < 0 {
		return 0, false
	}
	return d.Days, true
}

// MarshalJSONTo encodes d as its canonical string. An invalid (negative)
// Duration is an error rather than a request the service would reject.
func (d Duration) MarshalJSONTo(enc *jsontext.Encoder) error {
	if !d.IsValid() {
		return fmt.Errorf("odata: marshal duration: invalid duration %s", d)
	}
	return enc.WriteToken(jsontext.String(d.String()))
}

// UnmarshalJSONFrom decodes an ISO 8601 duration string. JSON null, "null"
// and "" decode to the zero Duration.
func (d *Duration) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	b, null, err := edmReadNullableString(dec)
	if err != nil {
		return fmt.Errorf("odata: unmarshal duration: %w", err)
	}
	if null {
		*d = Duration{}
		return nil
	}
	v, err := ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalText encodes d as its canonical string.
func (d Duration) MarshalText() ([]byte, error) {
	if !d.IsValid() {
		return nil, fmt.Errorf("odata: marshal duration: invalid duration %s", d)
	}
	return []byte(d.String()), nil
}

// UnmarshalText decodes what [ParseDuration] accepts; "" and "null" give the
// zero Duration.
func (d *Duration) UnmarshalText(b []byte) error {
	if len(b) == 0 || string(b) == "null" {
		*d = Duration{}
		return nil
	}
	v, err := ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// edmParseDuration is ParseDuration returning a problem description instead
// of an error, so that the caller formats one message.
func edmParseDuration(s string) (Duration, string) {
	if s == "" || (s[0] != 'P' && s[0] != 'p') {
		if strings.HasPrefix(s, "-") {
			return Duration{}, "negative durations are not allowed"
		}
		return Duration{}, "must start with P"
	}
	rest := s[1:]
	datePart, timePart, hasT := strings.Cut(rest, "T")
	if !hasT {
		datePart, timePart, hasT = strings.Cut(rest, "t")
	}
	if datePart == "" && (!hasT || timePart == "") {
		return Duration{}, "has no components"
	}
	var d Duration
	weeks := 0
	dateUnits := []struct {
		unit byte
		dst  *int
	}{{'Y', &d.Years}, {'M', &d.Months}, {'W', &weeks}, {'D', &d.Days}}
	next := 0
	for datePart != "" {
		num, unit, tail, problem := edmDurationComponent(datePart)
		if problem != "" {
			return Duration{}, problem
		}
		if strings.ContainsAny(num, ".,") {
			return Duration{}, "only seconds may have a fraction"
		}
		for next < len(dateUnits) && dateUnits[next].unit != unit {
			next++
		}
		if next == len(dateUnits) {
			return Duration{}, fmt.Sprintf("unexpected or out-of-order designator %q in the date part", unit)
		}
		n, err := strconv.Atoi(num)
		if err != nil || n > maxDurationField {
			return Duration{}, "component out of range"
		}
		*dateUnits[next].dst = n
		next++
		datePart = tail
	}
	if int64(weeks)*7+int64(d.Days) > maxDurationField {
		return Duration{}, "component out of range"
	}
	d.Days += weeks * 7
	if hasT {
		if timePart == "" {
			return Duration{}, "T must be followed by a time component"
		}
		t, problem := edmParseClock(timePart)
		if problem != "" {
			return Duration{}, problem
		}
		d.Time = t
	}
	return d, ""
}

// edmParseClock parses the part after "T": nH nM n[.f]S in that order.
func edmParseClock(s string) (time.Duration, string) {
	units := []struct {
		unit byte
		size time.Duration
	}{{'H', time.Hour}, {'M', time.Minute}, {'S', time.Second}}
	var total time.Duration
	next := 0
	for s != "" {
		num, unit, tail, problem := edmDurationComponent(s)
		if problem != "" {
			return 0, problem
		}
		for next < len(units) && units[next].unit != unit {
			next++
		}
		if next == len(units) {
			return 0, fmt.Sprintf("unexpected or out-of-order designator %q in the time part", unit)
		}
		whole, frac, hasFrac := strings.Cut(strings.ReplaceAll(num, ",", "."), ".")
		if hasFrac && unit != 'S' {
			return 0, "only seconds may have a fraction"
		}
		n, err := strconv.ParseInt(whole, 10, 64)
		if err != nil || n > int64(math.MaxInt64/units[next].size) {
			return 0, "time component out of range"
		}
		add := time.Duration(n) * units[next].size
		if hasFrac {
			if frac == "" || len(frac) > 9 || !isDigits(frac) {
				return 0, "seconds fraction must have 1 to 9 digits"
			}
			f, _ := strconv.Atoi(frac + strings.Repeat("0", 9-len(frac)))
			add += time.Duration(f)
		}
		if total > math.MaxInt64-add {
			return 0, "time component out of range"
		}
		total += add
		next++
		s = tail
	}
	return total, ""
}

// edmDurationComponent splits the leading "<number><designator>" off s. The
// number is digits with at most one "." or "," inside; its meaning is
// checked by the caller.
func edmDurationComponent(s string) (num string, unit byte, tail string, problem string) {
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' || s[i] == ',') {
		i++
	}
	if i == 0 {
		if s[0] == '-' || s[0] == '+' {
			return "", 0, "", "signed components are not allowed"
		}
		return "", 0, "", fmt.Sprintf("expected a number before %q", check.Truncate(s, 16))
	}
	if i == len(s) {
		return "", 0, "", fmt.Sprintf("number %q has no designator", check.Truncate(s, 16))
	}
	num = s[:i]
	if num[0] < '0' || num[0] > '9' {
		return "", 0, "", "a number must start with a digit"
	}
	unit = s[i]
	if unit >= 'a' && unit <= 'z' {
		unit -= 'a' - 'A'
	}
	return num, unit, s[i+1:], ""
}

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	_, ok := edmAtoi(s)
	return ok
}
