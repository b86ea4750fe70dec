package accessreviewstest

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// isoDuration is an Edm.Duration, an ISO 8601 duration such as P30D, P1M,
// P1Y or PT24H. The calendar parts stay apart from the clock part so that
// "a month before" is a calendar month, not 30 days.
type isoDuration struct {
	years, months, days int
	clock               time.Duration
}

// errDuration is the problem with text that is not an ISO 8601 duration.
var errDuration = errors.New("is not an ISO 8601 duration (P30D, P1M, PT12H)")

// parseDuration reads an ISO 8601 duration: P, then years, months, weeks
// and days, then T and hours, minutes and seconds (fractional seconds
// allowed). Negative durations are refused: none of the access review
// properties takes one.
func parseDuration(s string) (isoDuration, error) {
	var d isoDuration
	rest, ok := strings.CutPrefix(strings.TrimSpace(s), "P")
	if !ok || rest == "" {
		return d, errDuration
	}
	date, clock, hasClock := strings.Cut(rest, "T")
	if hasClock && clock == "" {
		return d, errDuration
	}
	units := 0
	for date != "" {
		n, unit, tail, err := durationPart(date, false)
		if err != nil {
			return d, err
		}
		switch unit {
		case 'Y':
			d.years += int(n)
		case 'M':
			d.months += int(n)
		case 'W':
			d.days += 7 * int(n)
		case 'D':
			d.days += int(n)
		default:
			return d, errDuration
		}
		units++
		date = tail
	}
	for clock != "" {
		n, unit, tail, err := durationPart(clock, true)
		if err != nil {
			return d, err
		}
		switch unit {
		case 'H':
			d.clock += time.Duration(n * float64(time.Hour))
		case 'M':
			d.clock += time.Duration(n * float64(time.Minute))
		case 'S':
			d.clock += time.Duration(n * float64(time.Second))
		default:
			return d, errDuration
		}
		units++
		clock = tail
	}
	if units == 0 {
		return d, errDuration
	}
	return d, nil
}

// durationPart reads one number and its unit letter from the front of s.
func durationPart(s string, fraction bool) (float64, byte, string, error) {
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || (fraction && s[i] == '.')) {
		i++
	}
	if i == 0 || i == len(s) {
		return 0, 0, "", errDuration
	}
	n, err := strconv.ParseFloat(s[:i], 64)
	if err != nil || n > 1e6 {
		return 0, 0, "", errDuration
	}
	return n, s[i], s[i+1:], nil
}

// String writes d as the service echoes an Edm.Duration: weeks counted as
// days and whole days taken out of the clock part (P4W2D and PT720H are
// both P30D, PT36H is P1DT12H), zero parts left out, PT0S for nothing.
// Years and months stay as they were sent: they are not a fixed number of
// days.
func (d isoDuration) String() string {
	days, clock := d.days, d.clock
	if whole := clock / (24 * time.Hour); whole > 0 {
		days += int(whole)
		clock -= whole * 24 * time.Hour
	}
	var b strings.Builder
	b.WriteByte('P')
	for _, p := range []struct {
		n    int
		unit byte
	}{{d.years, 'Y'}, {d.months, 'M'}, {days, 'D'}} {
		if p.n != 0 {
			b.WriteString(strconv.Itoa(p.n))
			b.WriteByte(p.unit)
		}
	}
	if clock > 0 {
		b.WriteByte('T')
		h, m := clock/time.Hour, (clock%time.Hour)/time.Minute
		sec := clock % time.Minute
		if h > 0 {
			b.WriteString(strconv.FormatInt(int64(h), 10) + "H")
		}
		if m > 0 {
			b.WriteString(strconv.FormatInt(int64(m), 10) + "M")
		}
		if sec > 0 {
			b.WriteString(strconv.FormatFloat(sec.Seconds(), 'f', -1, 64) + "S")
		}
	}
	if b.Len() == 1 {
		return "PT0S"
	}
	return b.String()
}

// normalDuration returns s in the service's echo form (isoDuration.String),
// or s unchanged when it is empty or not a duration (validation has
// refused those where it matters).
func normalDuration(s string) string {
	if s == "" {
		return s
	}
	d, err := parseDuration(s)
	if err != nil {
		return s
	}
	return d.String()
}

// before returns the instant d before t.
func (d isoDuration) before(t time.Time) time.Time {
	return t.AddDate(-d.years, -d.months, -d.days).Add(-d.clock)
}

// longerThanDays reports whether d is longer than n days counted from t
// back into the past.
func (d isoDuration) longerThanDays(t time.Time, n int) bool {
	return d.before(t).Before(t.AddDate(0, 0, -n))
}
