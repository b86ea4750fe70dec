package odata

import (
	"math"
	"net/http"
	"strings"
	"time"
)

// maxDuration is the longest time.Duration; parsed waits saturate to it
// instead of overflowing into a negative wait (go-retryablehttp PR #297).
const maxDuration = time.Duration(math.MaxInt64)

// parseRetryAfter returns the wait the service asked for in h, measured from
// now, and whether h held a usable value. It reads, in this order, the
// millisecond headers retry-after-ms and x-ms-retry-after-ms, then
// Retry-After as decimal seconds with an optional fraction ("2.128") or as an
// HTTP date in any of the three formats of RFC 9110. Signs, exponents, NaN,
// Inf, empty values and repeated headers that disagree are rejected; huge
// values saturate. A date in the past yields 0 (the caller applies its
// floor). The result is never negative.
func parseRetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	for _, name := range [...]string{"Retry-After-Ms", "X-Ms-Retry-After-Ms"} {
		if v, ok := singleValue(h.Values(name)); ok {
			if d, ok := parseDecimalDuration(v, time.Millisecond); ok {
				return d, true
			}
		}
	}
	v, ok := singleValue(h.Values("Retry-After"))
	if !ok {
		return 0, false
	}
	if d, ok := parseDecimalDuration(v, time.Second); ok {
		return d, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	d := t.Sub(now) // Sub saturates, it never overflows
	if d < 0 {
		d = 0
	}
	return d, true
}

// singleValue returns the one value of a header after trimming optional
// whitespace; repeated values count as one only when they agree.
func singleValue(vals []string) (string, bool) {
	if len(vals) == 0 {
		return "", false
	}
	v := strings.Trim(vals[0], " \t")
	for _, other := range vals[1:] {
		if strings.Trim(other, " \t") != v {
			return "", false
		}
	}
	return v, v != ""
}

// parseDecimalDuration parses DIGIT+ [ "." DIGIT+ ] as a count of unit
// (time.Second or time.Millisecond). Fractions finer than a nanosecond round
// up, so the wait is never shorter than asked; values too large for a
// time.Duration saturate to maxDuration.
func parseDecimalDuration(s string, unit time.Duration) (time.Duration, bool) {
	intPart, frac, hasDot := strings.Cut(s, ".")
	if !allDigits(intPart) || hasDot && !allDigits(frac) {
		return 0, false
	}
	whole := int64(0)
	for i := 0; i < len(intPart); i++ {
		digit := int64(intPart[i] - '0')
		if whole > (math.MaxInt64-digit)/10 {
			return maxDuration, true
		}
		whole = whole*10 + digit
	}
	if whole > int64(maxDuration/unit) {
		return maxDuration, true
	}
	d := time.Duration(whole) * unit

	// unit has at most 9 decimal digits of nanoseconds: 1e9 for seconds,
	// 1e6 for milliseconds. Digits past that only decide the rounding.
	scale := int64(unit)
	var fracNanos int64
	roundUp := false
	for i := 0; i < len(frac); i++ {
		digit := int64(frac[i] - '0')
		if scale >= 10 {
			scale /= 10
			fracNanos += digit * scale
		} else if digit != 0 {
			roundUp = true
		}
	}
	if roundUp {
		fracNanos++
	}
	if d > maxDuration-time.Duration(fracNanos) {
		return maxDuration, true
	}
	return d + time.Duration(fracNanos), true
}

// allDigits reports whether s is a non-empty run of ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
