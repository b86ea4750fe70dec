package accessreviews

import (
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/graphkit/governance/odata"
)

// update rewrites golden files: go test ./accessreviews -run TestX -update.
var update = flag.Bool("update", false, "rewrite golden files in testdata")

// testBase is the Graph root the test clients talk to; httpmock answers for it.
const testBase = "https://graph.microsoft.com"

// newTestClient returns a Client on a fresh httpmock transport, with retries
// off and a no-responder that fails the test, so every request a test did not
// expect is an error.
func newTestClient(t *testing.T, opts ...odata.Option) (*Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		t.Errorf("unexpected request: %s %s", req.Method, req.URL)
		return httpmock.NewStringResponse(http.StatusTeapot, `{"error":{"code":"unexpected"}}`), nil
	})
	all := append([]odata.Option{
		odata.WithBaseURL(testBase),
		odata.WithHTTPClient(&http.Client{Transport: mt}),
		odata.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "test-token", TokenType: "Bearer"})),
		odata.WithRetryPolicy(odata.NoRetries()),
	}, opts...)
	c, err := NewClient(all...)
	require.NoError(t, err)
	return c, mt
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

// assertGoldenJSON compares got with the JSON in testdata/<golden> as JSON
// values (key order and whitespace do not matter), or rewrites the file
// with -update.
func assertGoldenJSON(t *testing.T, got []byte, golden string) {
	t.Helper()
	path := filepath.Join("testdata", golden)
	if *update {
		var v any
		require.NoError(t, json.Unmarshal(got, &v), "body is not JSON: %s", got)
		pretty, err := json.MarshalIndent(v, "", "  ")
		require.NoError(t, err)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, append(pretty, '\n'), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "golden file missing: run with -update to create it")
	assert.JSONEq(t, string(want), string(got))
}

// fixture returns the bytes of testdata/<name>.
func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}
