package odata

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    Date
		wantErr bool
	}{
		{in: "2020-09-08", want: Date{2020, time.September, 8}},
		{in: "2020-09-08T12:02:30.667Z", want: Date{2020, time.September, 8}},
		{in: "2020-09-08T23:30:00-05:00", want: Date{2020, time.September, 8}}, // kept as written, not shifted to UTC
		{in: "2020-09-08T00:30:00+02:00", want: Date{2020, time.September, 8}},
		{in: "2021-02-10T08:00:00", want: Date{2021, time.February, 10}},
		{in: "9999-12-31", want: Date{9999, time.December, 31}},
		{in: "0001-01-01", want: Date{1, time.January, 1}},
		{in: "2024-02-29", want: Date{2024, time.February, 29}},
		{in: "", wantErr: true},
		{in: "2023-02-29", wantErr: true},
		{in: "2020-13-01", wantErr: true},
		{in: "2020-00-01", wantErr: true},
		{in: "2020-01-32", wantErr: true},
		{in: "0000-01-01", wantErr: true},
		{in: "2020-9-8", wantErr: true},
		{in: "20200908", wantErr: true},
		{in: "+020-09-08", wantErr: true},
		{in: "2020-09-08T", wantErr: true},
		{in: "2020-09-08Tgarbage!", wantErr: true},
		{in: "2020-09-08 12:00:00", wantErr: true},
		{in: "null", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseDate(tt.in)
			if tt.wantErr {
				require.Error(t, err)
				assert.Contains(t, err.Error(), "odata: parse date")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestDateJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    Date
		wantErr bool
	}{
		{name: "date", in: `"2020-09-08"`, want: Date{2020, time.September, 8}},
		{name: "timestamp", in: `"2020-09-08T12:02:30.667Z"`, want: Date{2020, time.September, 8}},
		{name: "no end echo", in: `"9999-12-31"`, want: Date{9999, time.December, 31}},
		{name: "json null", in: `null`},
		{name: "string null", in: `"null"`},
		{name: "empty", in: `""`},
		{name: "escaped", in: `"2020-09-0\u0038"`, want: Date{2020, time.September, 8}},
		{name: "number", in: `20200908`, wantErr: true},
		{name: "object", in: `{}`, wantErr: true},
		{name: "bad date", in: `"2020-02-30"`, wantErr: true},
		{name: "unterminated", in: `"2020-02-03`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Date{1999, time.January, 1} // must be overwritten, also by null
			err := json.Unmarshal([]byte(tt.in), &got)
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestDateMarshal(t *testing.T) {
	t.Parallel()
	type wrap struct {
		D  Date  `json:"d"`
		Z  Date  `json:"z,omitzero"`
		P  *Date `json:"p"`
		NZ Date  `json:"nz"`
	}
	b, err := json.Marshal(wrap{D: Date{2021, time.February, 10}, P: &Date{1, 1, 1}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"d":"2021-02-10","p":"0001-01-01","nz":null}`, string(b))

	_, err = json.Marshal(Date{2021, time.February, 30})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "invalid date")
	_, err = Date{2021, 13, 1}.MarshalText()
	require.Error(t, err)

	text, err := Date{}.MarshalText()
	require.NoError(t, err)
	assert.Empty(t, text)

	var d Date
	require.NoError(t, d.UnmarshalText([]byte("2022-12-21")))
	assert.Equal(t, Date{2022, time.December, 21}, d)
	require.NoError(t, d.UnmarshalText([]byte("null")))
	assert.True(t, d.IsZero())
	require.Error(t, d.UnmarshalText([]byte("x")))
}

func TestDateMethods(t *testing.T) {
	t.Parallel()
	d := Date{2021, time.January, 31}
	assert.Equal(t, "2021-01-31", d.String())
	assert.Equal(t, "", Date{}.String())
	assert.True(t, Date{}.IsZero())
	assert.False(t, Date{}.IsValid())
	assert.True(t, d.IsValid())
	assert.False(t, Date{10000, 1, 1}.IsValid())

	assert.Equal(t, time.Date(2021, 1, 31, 0, 0, 0, 0, time.UTC), d.In(nil))
	tokyo := time.FixedZone("JST", 9*3600)
	assert.Equal(t, time.Date(2021, 1, 31, 0, 0, 0, 0, tokyo), d.In(tokyo))
	assert.Equal(t, d, DateOf(d.In(tokyo)))
	// DateOf uses t's own location: 23:00 UTC-5 is the next day in UTC.
	assert.Equal(t, Date{2021, 3, 1}, DateOf(time.Date(2021, 3, 1, 23, 0, 0, 0, time.FixedZone("", -5*3600))))

	assert.Equal(t, Date{2021, time.February, 1}, d.AddDays(1))
	assert.Equal(t, Date{2020, time.December, 31}, d.AddDays(-31))
	assert.Equal(t, Date{2022, time.January, 31}, d.AddDays(365))

	for _, tt := range []struct {
		n    int
		want Date
	}{
		{0, Date{2021, 1, 31}},
		{1, Date{2021, 2, 28}},
		{13, Date{2022, 2, 28}},
		{37, Date{2024, 2, 29}},
		{3, Date{2021, 4, 30}},
		{-1, Date{2020, 12, 31}},
		{-11, Date{2020, 2, 29}},
		{-13, Date{2019, 12, 31}},
		{-24, Date{2019, 1, 31}},
	} {
		assert.Equal(t, tt.want, d.AddMonths(tt.n), "AddMonths(%d)", tt.n)
	}

	a, b := Date{2021, 5, 9}, Date{2021, 5, 10}
	assert.Equal(t, -1, a.Compare(b))
	assert.Equal(t, 1, b.Compare(a))
	assert.Equal(t, 0, a.Compare(a))
	assert.Equal(t, 1, Date{2022, 1, 1}.Compare(Date{2021, 12, 31}))
	assert.Equal(t, -1, Date{2021, 11, 30}.Compare(Date{2021, 12, 1}))
	assert.True(t, a.Before(b))
	assert.False(t, b.Before(a))
	assert.True(t, b.After(a))
	assert.False(t, a.After(a))

	assert.Equal(t, 29, DaysIn(2000, time.February))
	assert.Equal(t, 28, DaysIn(1900, time.February))
	assert.Equal(t, 30, DaysIn(2021, time.November))
	assert.Equal(t, 0, DaysIn(2021, 13))
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2020-09-08", "2020-09-08T12:02:30.667Z", "9999-12-31", "2024-02-29",
		"2020-09-08T23:30:00-05:00", "2021-02-10T08:00:00", "", "null", "2020-02-30", "0000-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if !d.IsValid() {
			t.Fatalf("ParseDate(%q) = %#v, not valid", s, d)
		}
		again, err := ParseDate(d.String())
		if err != nil || again != d {
			t.Fatalf("round trip of %q: %q -> %#v, %v", s, d.String(), again, err)
		}
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("marshal %#v: %v", d, err)
		}
		var back Date
		if err := json.Unmarshal(b, &back); err != nil || back != d {
			t.Fatalf("json round trip of %s: %#v, %v", b, back, err)
		}
	})
}
