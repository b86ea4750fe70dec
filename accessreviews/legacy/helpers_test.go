package legacy

import (
	"bytes"
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

// update rewrites golden files: go test ./accessreviews/legacy -run TestX -update.
var update = flag.Bool("update", false, "rewrite golden files in testdata")

// testBase is the Graph root the test clients talk to; httpmock answers for it.
const testBase = "https://graph.microsoft.com"

// betaURL is the address of a beta path on the test root.
func betaURL(path string) string { return testBase + "/beta/" + path }

// newTestClient returns a Client on a fresh httpmock transport, with retries
// off and a no-responder that fails the test.
func newTestClient(t *testing.T, opts ...Option) (*Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		t.Errorf("unexpected request: %s %s", req.Method, req.URL)
		return httpmock.NewStringResponse(http.StatusTeapot, `{"error":{"code":"unexpected"}}`), nil
	})
	oc, err := odata.NewClient(
		odata.WithBaseURL(testBase),
		odata.WithHTTPClient(&http.Client{Transport: mt}),
		odata.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "test-token", TokenType: "Bearer"})),
		odata.WithRetryPolicy(odata.NoRetries()),
	)
	require.NoError(t, err)
	return New(oc, opts...), mt
}

// assertGoldenJSON compares got with testdata/<golden> as JSON values, or
// rewrites the file with -update.
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

// assertFieldErrors checks that err is a validation error naming exactly
// the fields given, in any order.
func assertFieldErrors(t *testing.T, err error, fields ...string) {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, odata.ErrInvalid)
	var got []string
	collectFields(err, &got)
	assert.ElementsMatch(t, fields, got, "error: %v", err)
}

// collectFields appends the field of every *odata.FieldError inside err.
func collectFields(err error, out *[]string) {
	if fe, ok := err.(*odata.FieldError); ok {
		*out = append(*out, fe.Field)
		return
	}
	switch e := err.(type) {
	case interface{ Unwrap() []error }:
		for _, inner := range e.Unwrap() {
			collectFields(inner, out)
		}
	case interface{ Unwrap() error }:
		collectFields(e.Unwrap(), out)
	}
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
