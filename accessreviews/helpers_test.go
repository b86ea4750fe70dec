package accessreviews

import (
	"io"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/internal/testutil"
	"github.com/graphkit/governance/odata"
)

// testBase is the Graph root the test clients talk to; httpmock answers for it.
const testBase = testutil.GraphRoot

// newTestClient returns a Client on a fresh httpmock transport, with retries
// off and a no-responder that fails the test, so every request a test did not
// expect is an error.
func newTestClient(t *testing.T, opts ...odata.Option) (*Client, *httpmock.MockTransport) {
	t.Helper()
	oc, mt := testutil.MockClient(t, opts...)
	return New(oc), mt
}

// readBody reads and returns a request body for assertions, leaving nil for
// a request without one.
func readBody(t *testing.T, req *http.Request) []byte {
	t.Helper()
	if req.Body == nil {
		return nil
	}
	b, err := io.ReadAll(req.Body)
	require.NoError(t, err)
	return b
}

// assertGoldenJSON compares got with testdata/<golden> as JSON values, or
// rewrites the file with -update.
func assertGoldenJSON(t *testing.T, got []byte, golden string) {
	t.Helper()
	testutil.GoldenJSON(t, got, golden)
}

// fixture returns the bytes of testdata/<name>.
func fixture(t *testing.T, name string) []byte {
	t.Helper()
	return testutil.Fixture(t, name)
}
