package setuptest

import (
	"bytes"
	"testing"

	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/examples/internal/setup"
)

// OpenFake opens the environment as `go run` does with no credentials set:
// a fake service seeded with dir. The example's output goes to the returned
// buffer, and the fake is closed when the test ends.
func OpenFake(tb testing.TB, dir accessreviewstest.Directory, opts ...accessreviewstest.Option) (*setup.Env, *bytes.Buffer) {
	tb.Helper()
	out := &bytes.Buffer{}
	e, err := setup.Open(func(string) string { return "" }, out, dir, opts...)
	if err != nil {
		tb.Fatalf("setuptest: %v", err)
	}
	tb.Cleanup(e.Close)
	if !e.OnFake() {
		tb.Fatal("setuptest: the environment is not the fake service")
	}
	return e, out
}
