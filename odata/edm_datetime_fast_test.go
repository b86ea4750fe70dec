package odata

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fast path must agree with ParseDateTime on every input it accepts, and
// leave every other input to it.
func TestFastDateTimeAgreesWithParseDateTime(t *testing.T) {
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
			fast, ok := edmFastDateTime([]byte(in))
			slow, err := ParseDateTime(in)
			if ok {
				require.NoError(t, err, "the fast path accepted what ParseDateTime refuses")
				assert.Equal(t, slow, fast)
			}
			var viaJSON DateTime
			jerr := json.Unmarshal([]byte(`"`+in+`"`), &viaJSON)
			if err != nil {
				assert.Error(t, jerr)
				return
			}
			require.NoError(t, jerr)
			assert.Equal(t, slow, viaJSON)
		})
	}
}

func FuzzFastDateTime(f *testing.F) {
	for _, s := range []string{"2021-04-14T00:22:48.9392594Z", "2025-02-13T10:17:05", "2020-09-08T12:02:30.667-08:00", "0001-01-01T00:00:00Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fast, ok := edmFastDateTime([]byte(s))
		if !ok {
			return
		}
		slow, err := ParseDateTime(s)
		if err != nil {
			t.Fatalf("fast path accepted %q, ParseDateTime refused it: %v", s, err)
		}
		if fast != slow {
			t.Fatalf("%q: fast %v, slow %v", s, fast.Time, slow.Time)
		}
	})
}

func BenchmarkDateTimeUnmarshalJSON(b *testing.B) {
	in := []byte(`"2021-04-14T00:22:48.9392594Z"`)
	b.ReportAllocs()
	for b.Loop() {
		var d DateTime
		if err := d.UnmarshalJSON(in); err != nil {
			b.Fatal(err)
		}
	}
}
