package odata

import (
	"math/big"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	later := now.Add(90 * time.Second)
	tests := []struct {
		name   string
		header http.Header
		want   time.Duration
		ok     bool
	}{
		{"integer", headerOf("Retry-After", "2"), 2 * time.Second, true},
		{"fraction", headerOf("Retry-After", "2.128"), 2128 * time.Millisecond, true},
		{"nanosecond fraction", headerOf("Retry-After", "0.000000001"), time.Nanosecond, true},
		{"finer fraction rounds up", headerOf("Retry-After", "0.0000000001"), time.Nanosecond, true},
		{"zero", headerOf("Retry-After", "0"), 0, true},
		{"leading zeros", headerOf("Retry-After", "007"), 7 * time.Second, true},
		{"whitespace", headerOf("Retry-After", " \t3 "), 3 * time.Second, true},
		{"saturates", headerOf("Retry-After", "9999999999"), maxDuration, true},
		{"saturates with many digits", headerOf("Retry-After", strings.Repeat("9", 40)), maxDuration, true},
		{"largest exact", headerOf("Retry-After", "9223372036"), 9223372036 * time.Second, true},
		{"saturates with fraction", headerOf("Retry-After", "9223372036.9999999999"), maxDuration, true},
		{"IMF-fixdate", headerOf("Retry-After", later.Format(http.TimeFormat)), 90 * time.Second, true},
		{"RFC 850", headerOf("Retry-After", later.Format("Monday, 02-Jan-06 15:04:05 GMT")), 90 * time.Second, true},
		{"asctime", headerOf("Retry-After", later.Format("Mon Jan _2 15:04:05 2006")), 90 * time.Second, true},
		{"past date", headerOf("Retry-After", now.Add(-time.Hour).Format(http.TimeFormat)), 0, true},
		{"far future date saturates", headerOf("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"), maxDuration, true},
		{"milliseconds", headerOf("retry-after-ms", "1500"), 1500 * time.Millisecond, true},
		{"fractional milliseconds", headerOf("retry-after-ms", "1.5"), 1500 * time.Microsecond, true},
		{"x-ms milliseconds", headerOf("x-ms-retry-after-ms", "250"), 250 * time.Millisecond, true},
		{"milliseconds win", headerOf("retry-after-ms", "10", "Retry-After", "5"), 10 * time.Millisecond, true},
		{"bad milliseconds fall back", headerOf("retry-after-ms", "soon", "Retry-After", "5"), 5 * time.Second, true},
		{"agreeing repeats", headerOf("Retry-After", "4", "Retry-After", "4"), 4 * time.Second, true},

		{"absent", http.Header{}, 0, false},
		{"empty", headerOf("Retry-After", ""), 0, false},
		{"blank", headerOf("Retry-After", "  "), 0, false},
		{"negative", headerOf("Retry-After", "-5"), 0, false},
		{"plus sign", headerOf("Retry-After", "+5"), 0, false},
		{"exponent", headerOf("Retry-After", "1e3"), 0, false},
		{"NaN", headerOf("Retry-After", "NaN"), 0, false},
		{"Inf", headerOf("Retry-After", "Inf"), 0, false},
		{"hex", headerOf("Retry-After", "0x10"), 0, false},
		{"trailing dot", headerOf("Retry-After", "1."), 0, false},
		{"leading dot", headerOf("Retry-After", ".5"), 0, false},
		{"two dots", headerOf("Retry-After", "1.2.3"), 0, false},
		{"unit", headerOf("Retry-After", "5s"), 0, false},
		{"list", headerOf("Retry-After", "5, 6"), 0, false},
		{"disagreeing repeats", headerOf("Retry-After", "4", "Retry-After", "5"), 0, false},
		{"garbage date", headerOf("Retry-After", "Someday, 99 Foo 2026"), 0, false},
		{"unicode digits", headerOf("Retry-After", "٣"), 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := parseRetryAfter(tt.header, now)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

// headerOf builds a header from name, value pairs, keeping repeats.
func headerOf(kv ...string) http.Header {
	out := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Add(kv[i], kv[i+1])
	}
	return out
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"2", "2.128", "0", "", "-1", "1e3", "NaN", "99999999999999999999", "9223372036.854775807",
		"Wed, 21 Oct 2015 07:28:00 GMT", "Wednesday, 21-Oct-15 07:28:00 GMT", "Wed Oct 21 07:28:00 2015", " 1.5 ", "1.", ".1"} {
		f.Add(s)
	}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		for _, name := range []string{"Retry-After", "retry-after-ms"} {
			got, ok := parseRetryAfter(headerOf(name, v), now)
			if got < 0 {
				t.Fatalf("%s %q: negative wait %v", name, v, got)
			}
			if !ok && got != 0 {
				t.Fatalf("%s %q: rejected but %v", name, v, got)
			}
			trimmed := strings.Trim(v, " \t")
			intPart, frac, _ := strings.Cut(trimmed, ".")
			if !ok || !allDigits(intPart) || strings.Contains(trimmed, ".") && !allDigits(frac) {
				continue
			}
			// A decimal must equal the exact value rounded up to the
			// nanosecond, or saturate.
			r, valid := new(big.Rat).SetString(trimmed)
			if !valid {
				t.Fatalf("%q accepted but not a decimal", v)
			}
			unit := int64(time.Second)
			if name != "Retry-After" {
				unit = int64(time.Millisecond)
			}
			r.Mul(r, new(big.Rat).SetInt64(unit))
			want := new(big.Int).Quo(r.Num(), r.Denom())
			if new(big.Rat).SetInt(want).Cmp(r) < 0 {
				want.Add(want, big.NewInt(1))
			}
			if !want.IsInt64() {
				if got != maxDuration {
					t.Fatalf("%s %q: want saturation, got %v", name, v, got)
				}
				continue
			}
			if got != time.Duration(want.Int64()) {
				t.Fatalf("%s %q: got %d ns, want %s ns", name, v, int64(got), want)
			}
		}
	})
}
