package legacy

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them: token
// fetches, retries, throttle waits and test servers must all stop when their
// work or context ends.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
