package msgraphtest

import (
	"testing"

	"github.com/microsoft/kiota-abstractions-go/authentication"
	msgraphsdk "github.com/microsoftgraph/msgraph-sdk-go"
	"go.uber.org/goleak"
)

// TestMain builds one msgraph-sdk-go client before the tests run, so that
// the SDK's process-wide set-up (default serializers, the backing store
// factory) happens once, before any test reads it (see newServiceClient),
// and fails the package's tests if any goroutine outlives them: the fake
// servers and the SDK's connections must all be closed when a test ends.
func TestMain(m *testing.M) {
	adapter, err := msgraphsdk.NewGraphRequestAdapter(&authentication.AnonymousAuthenticationProvider{})
	if err != nil {
		panic("msgraphtest: " + err.Error())
	}
	msgraphsdk.NewGraphServiceClient(adapter)
	goleak.VerifyTestMain(m)
}
