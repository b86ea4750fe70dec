package legacy

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/internal/testutil"
	"github.com/graphkit/governance/odata"
)

// testBase is the Graph root the test clients talk to; httpmock answers for it.
const testBase = testutil.GraphRoot

// betaURL is the address of a beta path on the test root.
func betaURL(path string) string { return testBase + "/beta/" + path }

// newTestClient returns a Client on a fresh httpmock transport, with retries
// off and a no-responder that fails the test.
func newTestClient(t *testing.T, opts ...Option) (*Client, *httpmock.MockTransport) {
	t.Helper()
	oc, mt := testutil.MockClient(t)
	return New(oc, opts...), mt
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

// assertFieldErrors checks that err is a validation error naming exactly
// the fields given, in any order.
func assertFieldErrors(t *testing.T, err error, fields ...string) {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, odata.ErrInvalid)
	assert.ElementsMatch(t, fields, testutil.FieldNames(err), "error: %v", err)
}

// jsonResponse answers status with body as JSON.
func jsonResponse(status int, body string) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(status, body)
		r.Header.Set("Content-Type", "application/json")
		return r, nil
	}
}

// bytesReader returns a reader over b.
func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
