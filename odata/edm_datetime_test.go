package odata

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseDateTime(t *testing.T) {
	t.Parallel()
	utc := func(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
		return time.Date(y, mo, d, h, mi, s, ns, time.UTC)
	}
	tests := []struct {
		in      string
		want    time.Time
		wantErr bool
	}{
		{in: "2020-09-08T12:02:30.667Z", want: utc(2020, 9, 8, 12, 2, 30, 667e6)},
		{in: "2020-09-08T12:02:30Z", want: utc(2020, 9, 8, 12, 2, 30, 0)},
		{in: "2021-03-09T23:38:05.4412571Z", want: utc(2021, 3, 9, 23, 38, 5, 441257100)},
		{in: "2021-03-09T23:38:05.123456789Z", want: utc(2021, 3, 9, 23, 38, 5, 123456789)},
		{in: "2025-02-13T10:17:05", want: utc(2025, 2, 13, 10, 17, 5, 0)},
		{in: "2025-02-13T10:17:05.5", want: utc(2025, 2, 13, 10, 17, 5, 5e8)},
		{in: "2021-02-10T08:00:00-08:00", want: utc(2021, 2, 10, 16, 0, 0, 0)},
		{in: "2021-02-10T08:00:00+05:30", want: utc(2021, 2, 10, 2, 30, 0, 0)},
		{in: "2021-02-10t08:00:00z", want: utc(2021, 2, 10, 8, 0, 0, 0)},
		{in: "0001-01-01T00:00:00Z", want: time.Time{}},
		{in: "9999-12-31T23:59:59.9999999Z", want: utc(9999, 12, 31, 23, 59, 59, 999999900)},
		{in: "", wantErr: true},
		{in: "2020-09-08", wantErr: true},
		{in: "2020-09-08 12:02:30Z", wantErr: true},
		{in: "2020-09-08T12:02Z", wantErr: true},
		{in: "2020-09-08T24:00:00Z", wantErr: true},
		{in: "2020-09-08T12:60:00Z", wantErr: true},
		{in: "2020-09-08T12:00:61Z", wantErr: true},
		{in: "2020-02-30T12:00:00Z", wantErr: true},
		{in: "2020-09-08T12:00:00.Z", wantErr: true},
		{in: "2020-09-08T12:00:00.1234567890Z", wantErr: true},
		{in: "2020-09-08T12:00:00+0100", wantErr: true},
		{in: "2020-09-08T12:00:00+25:00", wantErr: true},
		{in: "2020-09-08T12:00:00ZZ", wantErr: true},
		{in: "2020-09-08T1a:00:00Z", wantErr: true},
		{in: "0001-01-01T00:00:00+01:00", wantErr: true}, // year 0 in UTC
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseDateTime(tt.in)
			if tt.wantErr {
				require.Error(t, err)
				assert.Contains(t, err.Error(), "odata: parse date-time")
				return
			}
			require.NoError(t, err)
			assert.True(t, tt.want.Equal(got.Time), "got %v", got.Time)
			assert.Equal(t, time.UTC, got.Location())
		})
	}
}

func TestDateTimeJSON(t *testing.T) {
	t.Parallel()
	type wrap struct {
		Created DateTime `json:"createdDateTime"`
	}
	for _, tt := range []struct {
		in       string
		wantZero bool
		wantOut  string
		wantErr  bool
	}{
		{in: `"2020-09-08T12:02:30.667Z"`, wantOut: `"2020-09-08T12:02:30.667Z"`},
		{in: `"2020-09-08T12:02:30.6670000Z"`, wantOut: `"2020-09-08T12:02:30.667Z"`},
		{in: `"2021-02-10T08:00:00-08:00"`, wantOut: `"2021-02-10T16:00:00Z"`},
		{in: `"2025-02-13T10:17:05"`, wantOut: `"2025-02-13T10:17:05Z"`},
		{in: `"0001-01-01T00:00:00Z"`, wantZero: true},
		{in: `null`, wantZero: true},
		{in: `"null"`, wantZero: true},
		{in: `""`, wantZero: true},
		{in: `12`, wantErr: true},
		{in: `"yesterday"`, wantErr: true},
	} {
		var w wrap
		w.Created = DateTime{time.Now()}
		err := json.Unmarshal([]byte(`{"createdDateTime":`+tt.in+`}`), &w)
		if tt.wantErr {
			assert.Error(t, err, tt.in)
			continue
		}
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.wantZero, w.Created.IsZero(), tt.in)
		out, err := json.Marshal(w.Created)
		require.NoError(t, err)
		if tt.wantZero {
			assert.Equal(t, "null", string(out), tt.in)
		} else {
			assert.Equal(t, tt.wantOut, string(out), tt.in)
		}
	}

	// Marshal works from any location and writes UTC.
	out, err := json.Marshal(DateTime{time.Date(2021, 1, 1, 9, 0, 0, 0, time.FixedZone("", 3600))})
	require.NoError(t, err)
	assert.Equal(t, `"2021-01-01T08:00:00Z"`, string(out))

	_, err = json.Marshal(DateTime{time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)})
	require.Error(t, err)

	text, err := DateTime{}.MarshalText()
	require.NoError(t, err)
	assert.Empty(t, text)
	var d DateTime
	require.NoError(t, d.UnmarshalText([]byte("2021-01-01T00:00:00Z")))
	assert.Equal(t, 2021, d.Year())
	require.NoError(t, d.UnmarshalText([]byte("null")))
	assert.True(t, d.IsZero())
}

func FuzzDateTimeJSON(f *testing.F) {
	for _, s := range []string{`"2020-09-08T12:02:30.667Z"`, `"2025-02-13T10:17:05"`, `"0001-01-01T00:00:00Z"`,
		`null`, `"null"`, `""`, `"2021-02-10T08:00:00-08:00"`, `"9999-12-31T23:59:59.9999999+01:00"`, `1`, `"x"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d DateTime
		if err := json.Unmarshal(b, &d); err != nil {
			return
		}
		out, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("marshal of decoded %s: %v", b, err)
		}
		var back DateTime
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("decode of re-encoded %s: %v", out, err)
		}
		if !back.Equal(d.Time) || back.IsZero() != d.IsZero() {
			t.Fatalf("round trip of %s: %v != %v", b, back.Time, d.Time)
		}
	})
}
