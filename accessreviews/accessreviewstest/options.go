package accessreviewstest

import "time"

// DefaultStart is the time a Server's clock starts at unless WithClock says
// otherwise. It is fixed so that examples and tests are deterministic.
var defaultStart = time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC)

// maxPageSize is the largest page the access review collections return.
const maxPageSize = 100

// Option configures a Server.
type Option func(*config)

// config holds what the options set; NewServer reads it once.
type config struct {
	dir      Directory
	start    time.Time
	seed     int64
	pageSize int
	// deviceInterval is the polling interval the device code sign-in asks for.
	deviceInterval time.Duration
}

func defaultConfig() config {
	return config{start: defaultStart, seed: 1, pageSize: maxPageSize, deviceInterval: defaultDeviceInterval}
}

// WithDirectory seeds the server's directory with users, groups, service
// principals and roles. The server keeps its own copy: later changes to d do
// not reach it. Without this option the directory is empty.
func WithDirectory(d Directory) Option {
	return func(c *config) { c.dir = d }
}

// WithClock starts the server's clock at start instead of
// 2026-01-05T09:00:00Z. The clock only moves when a test moves it (see Clock).
func WithClock(start time.Time) Option {
	return func(c *config) {
		if !start.IsZero() {
			c.start = start.UTC()
		}
	}
}

// WithSeed seeds every random choice of the server: object IDs, request IDs
// and which requests FailRate picks. Two servers with the same seed, sent the
// same requests in the same order, give the same IDs and the same faults.
// The default seed is 1.
func WithSeed(seed int64) Option {
	return func(c *config) { c.seed = seed }
}

// WithPageSize sets the largest page a collection returns. Like the service,
// the default and the maximum is 100; values outside 1–100 are clamped. A
// request's $top can ask for fewer.
func WithPageSize(n int) Option {
	return func(c *config) { c.pageSize = min(max(n, 1), maxPageSize) }
}

// WithDeviceCodeInterval sets the polling interval the fake identity
// platform's device authorization answers ask for: d rounded up to whole
// seconds, at least one. Entra asks for 5 seconds, the default; a test or an
// example whose person approves the code at once can ask for less, since a
// client waits one interval before its first poll.
func WithDeviceCodeInterval(d time.Duration) Option {
	return func(c *config) { c.deviceInterval = max(time.Second, (d+time.Second-1)/time.Second*time.Second) }
}
