package odata

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseDuration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    Duration
		str     string // canonical form; "" means the input itself
		wantErr string
	}{
		{in: "P30D", want: Days(30)},
		{in: "PT0S", want: Duration{}},
		{in: "P0D", want: Duration{}, str: "PT0S"},
		{in: "P1M", want: Duration{Months: 1}},
		{in: "P1Y", want: Duration{Years: 1}},
		{in: "P1Y2M3DT4H5M6.5S", want: Duration{Years: 1, Months: 2, Days: 3, Time: 4*time.Hour + 5*time.Minute + 6500*time.Millisecond}},
		{in: "P2W", want: Days(14), str: "P14D"},
		{in: "P1W2D", want: Days(9), str: "P9D"},
		{in: "PT36H", want: Duration{Time: 36 * time.Hour}},
		{in: "PT90M", want: Duration{Time: 90 * time.Minute}, str: "PT1H30M"},
		{in: "PT0.0000001S", want: Duration{Time: 100 * time.Nanosecond}},
		{in: "PT1,25S", want: Duration{Time: 1250 * time.Millisecond}, str: "PT1.25S"},
		{in: "p1dt2h", want: Duration{Days: 1, Time: 2 * time.Hour}, str: "P1DT2H"},
		{in: "P2147483647D", want: Days(2147483647)},
		{in: "", wantErr: "must start with P"},
		{in: "30D", wantErr: "must start with P"},
		{in: "-P1D", wantErr: "negative"},
		{in: "P-1D", wantErr: "signed"},
		{in: "P", wantErr: "no components"},
		{in: "PT", wantErr: "no components"},
		{in: "P1DT", wantErr: "T must be followed"},
		{in: "P1", wantErr: "no designator"},
		{in: "PD", wantErr: "expected a number"},
		{in: "P1X", wantErr: "designator"},
		{in: "P1D1Y", wantErr: "out-of-order"},
		{in: "P1D1D", wantErr: "out-of-order"},
		{in: "PT1S1H", wantErr: "out-of-order"},
		{in: "P1H", wantErr: "designator"},
		{in: "PT1D", wantErr: "designator"},
		{in: "P1.5D", wantErr: "fraction"},
		{in: "PT1.5H", wantErr: "fraction"},
		{in: "PT1.S", wantErr: "1 to 9 digits"},
		{in: "PT1.0000000001S", wantErr: "1 to 9 digits"},
		{in: "PT1.2.3S", wantErr: "1 to 9 digits"},
		{in: "PT.5S", wantErr: "start with a digit"},
		{in: "P2147483648D", wantErr: "out of range"},
		{in: "P306783379W", wantErr: "out of range"},
		{in: "P99999999999999999999Y", wantErr: "out of range"},
		{in: "PT2562048H", wantErr: "out of range"},
		{in: "PT2562047H47M16.854775808S", wantErr: "out of range"},
		{in: "P1D ", wantErr: "expected a number"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseDuration(tt.in)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), "odata: parse duration")
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			want := tt.str
			if want == "" {
				want = tt.in
			}
			assert.Equal(t, want, got.String())
		})
	}
}

func TestDurationJSON(t *testing.T) {
	t.Parallel()
	type wrap struct {
		D Duration `json:"inactiveDuration"`
	}
	b, err := json.Marshal(wrap{D: Days(30)})
	require.NoError(t, err)
	assert.JSONEq(t, `{"inactiveDuration":"P30D"}`, string(b))

	b, err = json.Marshal(wrap{})
	require.NoError(t, err)
	assert.JSONEq(t, `{"inactiveDuration":"PT0S"}`, string(b))

	_, err = json.Marshal(Days(-1))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "invalid duration")

	for _, tt := range []struct {
		in      string
		want    Duration
		wantErr bool
	}{
		{in: `"P30D"`, want: Days(30)},
		{in: `"P4W"`, want: Days(28)},
		{in: `null`},
		{in: `"null"`},
		{in: `""`},
		{in: `30`, wantErr: true},
		{in: `"P"`, wantErr: true},
	} {
		got := Days(99)
		err := json.Unmarshal([]byte(tt.in), &got)
		if tt.wantErr {
			assert.Error(t, err, tt.in)
			continue
		}
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}

	var d Duration
	require.NoError(t, d.UnmarshalText([]byte("P1M")))
	assert.Equal(t, Duration{Months: 1}, d)
	require.NoError(t, d.UnmarshalText(nil))
	assert.True(t, d.IsZero())
	require.Error(t, d.UnmarshalText([]byte("PT")))
}

func TestDurationMethods(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		d     Duration
		n     int
		whole bool
	}{
		{Days(30), 30, true},
		{Duration{}, 0, true},
		{Duration{Months: 1}, 0, false},
		{Duration{Years: 1}, 0, false},
		{Duration{Days: 1, Time: time.Hour}, 0, false},
		{Duration{Time: 24 * time.Hour}, 0, false}, // a clock day is not a calendar day
		{Days(-2), 0, false},
	} {
		n, ok := tt.d.WholeDays()
		assert.Equal(t, tt.n, n, tt.d.String())
		assert.Equal(t, tt.whole, ok, tt.d.String())
	}
	assert.True(t, Duration{}.IsZero())
	assert.False(t, Days(1).IsZero())
	assert.True(t, Days(1).IsValid())
	assert.False(t, Duration{Time: -time.Second}.IsValid())
	assert.False(t, Duration{Months: -1}.IsValid())
	assert.Equal(t, "PT-1S", Duration{Time: -time.Second}.String())
	assert.Equal(t, "P1DT1M0.5S", Duration{Days: 1, Time: time.Minute + 500*time.Millisecond}.String())
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"P30D", "PT0S", "P1M", "P1Y2M3DT4H5M6.5S", "P2W", "PT90M", "P", "PT",
		"-P1D", "PT1,5S", "P2147483647D", "PT2562047H47M16.854775807S", "P1W1D"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			return
		}
		if !d.IsValid() {
			t.Fatalf("ParseDuration(%q) = %#v, not valid", s, d)
		}
		again, err := ParseDuration(d.String())
		if err != nil || again != d {
			t.Fatalf("round trip of %q: %q -> %#v, %v", s, d.String(), again, err)
		}
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("marshal %#v: %v", d, err)
		}
		var back Duration
		if err := json.Unmarshal(b, &back); err != nil || back != d {
			t.Fatalf("json round trip of %s: %#v, %v", b, back, err)
		}
	})
}
