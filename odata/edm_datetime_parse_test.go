package odata

import (
	"encoding/json/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// referenceDateTime is an independent reading of the DateTimeOffset forms
// DateTime accepts, built on time.Parse: upper-case the "T" and "Z", append
// "Z" when no offset is given, and check the shape time.Parse is lenient
// about (four-digit year, two-digit fields, 1–9 fraction digits, a ±hh:mm
// offset within RFC 3339's ranges).
func referenceDateTime(s string) (time.Time, bool) {
	if len(s) < 19 || (s[10] != 'T' && s[10] != 't') {
		return time.Time{}, false
	}
	for i, c := range s[:19] {
		switch i {
		case 4, 7:
			if c != '-' {
				return time.Time{}, false
			}
		case 10:
		case 13, 16:
			if c != ':' {
				return time.Time{}, false
			}
		default:
			if c < '0' || c > '9' {
				return time.Time{}, false
			}
		}
	}
	rest := s[19:]
	frac := ""
	if strings.HasPrefix(rest, ".") {
		n := 1
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		if n == 1 || n > 10 {
			return time.Time{}, false
		}
		frac, rest = rest[:n], rest[n:]
	}
	switch {
	case rest == "":
		rest = "Z"
	case rest == "z" || rest == "Z":
		rest = "Z"
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':' &&
		strings.Trim(rest[1:3]+rest[4:6], "0123456789") == "" && rest[1:3] <= "23" && rest[4:6] <= "59":
		// time.Parse takes offsets up to +24:60; RFC 3339 does not.
	default:
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s[:10]+"T"+s[11:19]+frac+rest)
	if err != nil {
		return time.Time{}, false
	}
	t = t.UTC()
	if !t.IsZero() && (t.Year() < 1 || t.Year() > 9999) {
		return time.Time{}, false
	}
	return t, true
}

// The parser must agree with the reference on what it accepts and on the
// instant it gives.
func TestParseDateTimeAgreesWithReference(t *testing.T) {
	t.Parallel()
	inputs := []string{
		"2021-04-14T00:22:48.9392594Z", "2021-02-10T17:00:36.96Z", "2021-02-10T17:00:36Z",
		"2025-02-13T10:17:05", "2020-09-08T12:02:30.667-08:00", "2020-09-08t12:02:30.667z",
		"0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "0001-01-01T00:30:00+01:00",
		"9999-12-31T23:30:00-01:00", "2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z",
		"2021-13-01T00:00:00Z", "2021-01-01T24:00:00Z", "2021-01-01T00:60:00Z", "2021-01-01T00:00:60Z",
		"2021-01-01T00:00:00.Z", "2021-01-01T00:00:00.1234567890Z", "2021-01-01T00:00:00+24:00",
		"2021-01-01T00:00:00+0100", "2021-01-01 00:00:00Z", "0000-01-01T00:00:00Z", "2021-1-01T00:00:00Z",
		"2021-01-01T00:00:00+01:60", "2021-01-01T00:00:00Q",
	}
	for _, in := range inputs {
		t.Run(in, func(t *testing.T) {
			t.Parallel()
			want, ok := referenceDateTime(in)
			got, err := ParseDateTime(in)
			var viaJSON DateTime
			jerr := json.Unmarshal([]byte(`"`+in+`"`), &viaJSON)
			if !ok {
				assert.Error(t, err)
				assert.Error(t, jerr)
				return
			}
			require.NoError(t, err)
			require.NoError(t, jerr)
			assert.True(t, want.Equal(got.Time), "got %v, want %v", got.Time, want)
			assert.Equal(t, got, viaJSON)
		})
	}
}

func FuzzParseDateTime(f *testing.F) {
	for _, s := range []string{"2021-04-14T00:22:48.9392594Z", "2025-02-13T10:17:05", "2020-09-08T12:02:30.667-08:00", "0001-01-01T00:00:00Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, ok := referenceDateTime(s)
		got, err := ParseDateTime(s)
		if ok != (err == nil) {
			t.Fatalf("%q: reference ok=%v, ParseDateTime error %v", s, ok, err)
		}
		if ok && !want.Equal(got.Time) {
			t.Fatalf("%q: got %v, want %v", s, got.Time, want)
		}
	})
}

func BenchmarkDateTimeUnmarshalJSON(b *testing.B) {
	in := []byte(`"2021-04-14T00:22:48.9392594Z"`)
	b.ReportAllocs()
	for b.Loop() {
		var d DateTime
		if err := json.Unmarshal(in, &d); err != nil {
			b.Fatal(err)
		}
	}
}
