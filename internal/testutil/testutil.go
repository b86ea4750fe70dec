package testutil

import (
	"encoding/json"
	"flag"
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

// Update rewrites golden files instead of comparing with them:
// go test ./accessreviews -run TestX -update.
var Update = flag.Bool("update", false, "rewrite golden files in testdata")

// GraphRoot is the Graph root the test clients talk to; httpmock answers
// for it.
const GraphRoot = "https://graph.microsoft.com"

// MockClient returns an odata.Client on a fresh httpmock transport, with
// retries off, a static token, and a no-responder that fails the test, so
// every request a test did not expect is an error. opts come last and can
// override any of these.
func MockClient(t *testing.T, opts ...odata.Option) (*odata.Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		t.Errorf("unexpected request: %s %s", req.Method, req.URL)
		return httpmock.NewStringResponse(http.StatusTeapot, `{"error":{"code":"unexpected"}}`), nil
	})
	all := append([]odata.Option{
		odata.WithBaseURL(GraphRoot),
		odata.WithHTTPClient(&http.Client{Transport: mt}),
		odata.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "test-token", TokenType: "Bearer"})),
		odata.WithRetryPolicy(odata.NoRetries()),
	}, opts...)
	c, err := odata.NewClient(all...)
	require.NoError(t, err)
	return c, mt
}

// GoldenJSON compares got with the JSON in testdata/<golden> as JSON values
// (key order and whitespace do not matter), or rewrites the file with
// -update.
func GoldenJSON(t *testing.T, got []byte, golden string) {
	t.Helper()
	path := filepath.Join("testdata", golden)
	if *Update {
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

// Fixture returns the bytes of testdata/<name>.
func Fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

// FieldErrors returns every *odata.FieldError inside err, joined or
// wrapped, in order.
func FieldErrors(err error) []*odata.FieldError {
	var out []*odata.FieldError
	var walk func(error)
	walk = func(e error) {
		if e == nil {
			return
		}
		if fe, ok := e.(*odata.FieldError); ok {
			out = append(out, fe)
			return
		}
		switch u := e.(type) {
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				walk(inner)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(err)
	return out
}

// FieldNames lists the Field of every *odata.FieldError inside err, joined
// or wrapped, in order.
func FieldNames(err error) []string {
	var names []string
	for _, fe := range FieldErrors(err) {
		names = append(names, fe.Field)
	}
	return names
}

// LongEnv names the environment variable that runs the long suites in full:
// the 100,000-decision fault run (internal/faultsuite) and the memory
// growth check up to 100,000 decisions (internal/perf). .ci/run sets it;
// without it they run the same checks on fewer items, so that the README's
// go test ./... stays quick.
const LongEnv = "GOVERNANCE_LONG_TESTS"

// Long reports whether LongEnv is set to 1.
func Long() bool { return os.Getenv(LongEnv) == "1" }

// Size returns full when Long reports true, and quick otherwise.
func Size(full, quick int) int {
	if Long() {
		return full
	}
	return quick
}
