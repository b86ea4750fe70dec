package accessreviewstest

import (
	"encoding/json/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestScheduleOccurrences(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		rec  string
		want []time.Time
	}{
		{"one-time", `{"pattern":null,"range":{"type":"numbered","numberOfOccurrences":0,"startDate":"2026-01-05","endDate":"2026-12-31"}}`,
			[]time.Time{day(2026, 1, 5)}},
		{"weekly every two weeks until an end date", `{"pattern":{"type":"weekly","interval":2},"range":{"type":"endDate","startDate":"2026-01-05T10:00:00Z","endDate":"2026-02-02"}}`,
			[]time.Time{day(2026, 1, 5), day(2026, 1, 19), day(2026, 2, 2)}},
		{"quarterly on the 31st, clamped", `{"pattern":{"type":"absoluteMonthly","interval":3,"dayOfMonth":31},"range":{"type":"numbered","numberOfOccurrences":3,"startDate":"2026-01-31"}}`,
			[]time.Time{day(2026, 1, 31), day(2026, 4, 30), day(2026, 7, 31)}},
		{"monthly on the start's day without dayOfMonth", `{"pattern":{"type":"absoluteMonthly","interval":1,"dayOfMonth":0},"range":{"type":"numbered","numberOfOccurrences":0,"startDate":"2026-01-10","endDate":"2026-03-10"}}`,
			[]time.Time{day(2026, 1, 10), day(2026, 2, 10), day(2026, 3, 10)}},
		{"the service's no-end date", `{"pattern":{"type":"weekly","interval":52},"range":{"type":"numbered","numberOfOccurrences":0,"startDate":"2026-01-05","endDate":"9999-12-31"}}`,
			[]time.Time{day(2026, 1, 5), day(2027, 1, 4), day(2028, 1, 3), day(2029, 1, 1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var rec recurrenceJSON
			require.NoError(t, json.Unmarshal([]byte(tt.rec), &rec))
			s := readSchedule(&rec)
			var got []time.Time
			for k := 0; len(got) < len(tt.want)+1 && k < 10; k++ {
				d, ok := s.occurrence(k)
				if !ok {
					break
				}
				got = append(got, d)
			}
			if len(got) > len(tt.want) {
				got = got[:len(tt.want)] // an endless range: compare the first ones
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestServedRecurrence checks the echo: zero-filled pattern members, and
// the range as the create examples show it in a create response and in the
// service's normal form everywhere else.
func TestServedRecurrence(t *testing.T) {
	t.Parallel()
	var rec recurrenceJSON
	require.NoError(t, json.Unmarshal([]byte(`{"pattern":{"type":"weekly","interval":1},"range":{"type":"noEnd","startDate":"2020-09-08T12:02:30.667Z"}}`), &rec))
	created, err := json.Marshal(servedRecurrence(&rec, true))
	require.NoError(t, err)
	assert.JSONEq(t, `{"pattern":{"type":"weekly","interval":1,"month":0,"dayOfMonth":0,"daysOfWeek":[],"firstDayOfWeek":"sunday","index":"first"},
		"range":{"type":"noEnd","numberOfOccurrences":0,"recurrenceTimeZone":null,"startDate":"2020-09-08","endDate":null}}`, string(created))
	read, err := json.Marshal(servedRecurrence(&rec, false))
	require.NoError(t, err)
	assert.JSONEq(t, `{"pattern":{"type":"weekly","interval":1,"month":0,"dayOfMonth":0,"daysOfWeek":[],"firstDayOfWeek":"sunday","index":"first"},
		"range":{"type":"numbered","numberOfOccurrences":0,"recurrenceTimeZone":null,"startDate":"2020-09-08","endDate":"9999-12-31"}}`, string(read))

	var once recurrenceJSON
	require.NoError(t, json.Unmarshal([]byte(`{"range":{"type":"endDate","startDate":"2021-04-28","endDate":"2021-05-08"}}`), &once))
	got, err := json.Marshal(servedRecurrence(&once, false))
	require.NoError(t, err)
	assert.JSONEq(t, `{"pattern":null,"range":{"type":"numbered","numberOfOccurrences":0,"recurrenceTimeZone":null,"startDate":"2021-04-28","endDate":"2021-05-08"}}`, string(got),
		"the get-definition example's one-time review")
}

func TestParseDuration(t *testing.T) {
	t.Parallel()
	at := day(2026, 3, 31)
	for text, want := range map[string]time.Time{
		"P30D":     day(2026, 3, 1),
		"P1M":      day(2026, 2, 28).AddDate(0, 0, 3), // 2026-03-03: a calendar month back, normalised
		"P1Y":      day(2025, 3, 31),
		"P2W":      day(2026, 3, 17),
		"PT24H":    day(2026, 3, 30),
		"P1DT12H":  day(2026, 3, 29).Add(12 * time.Hour),
		"PT0S":     at,
		"PT1.5S":   at.Add(-1500 * time.Millisecond),
		"P1Y2M3D":  day(2025, 1, 28),
		"P0D":      at,
		"PT90M":    at.Add(-90 * time.Minute),
		"P10000D":  at.AddDate(0, 0, -10000),
		" P7D ":    day(2026, 3, 24),
		"P1W":      day(2026, 3, 24),
		"P1DT0H":   day(2026, 3, 30),
		"PT1H30M":  at.Add(-90 * time.Minute),
		"P0Y0M1D":  day(2026, 3, 30),
		"PT0H0M1S": at.Add(-time.Second),
	} {
		d, err := parseDuration(text)
		require.NoError(t, err, text)
		assert.Equal(t, want, d.before(at), text)
	}
	for _, bad := range []string{"", "P", "30D", "P30", "PT", "P1H", "PT1D", "-P1D", "P1.5D", "P30 days"} {
		_, err := parseDuration(bad)
		assert.Error(t, err, bad)
	}
}

func TestDurationEchoForm(t *testing.T) {
	t.Parallel()
	for text, want := range map[string]string{
		"P30D":      "P30D",
		"P4W2D":     "P30D",
		"PT720H":    "P30D",
		"PT24H":     "P1D",
		"PT36H":     "P1DT12H",
		"P1M":       "P1M",
		"P1Y2M3D":   "P1Y2M3D",
		"PT0S":      "PT0S",
		"P0D":       "PT0S",
		"PT1.5S":    "PT1.5S",
		"PT90M":     "PT1H30M",
		"P1DT0H":    "P1D",
		"not a one": "not a one",
		"":          "",
	} {
		assert.Equal(t, want, normalDuration(text), text)
	}
}
