package msgraphtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoft/kiota-abstractions-go/authentication"
	"github.com/microsoft/kiota-abstractions-go/serialization"
	khttp "github.com/microsoft/kiota-http-go"
	msgraphsdk "github.com/microsoftgraph/msgraph-sdk-go"
	core "github.com/microsoftgraph/msgraph-sdk-go-core"
	"github.com/microsoftgraph/msgraph-sdk-go/models/odataerrors"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews/accessreviewstest"
)

// zeroGUID is the identity the service reports for "nobody" (reviewedBy
// and appliedBy of an item nobody reviewed or applied).
const zeroGUID = "00000000-0000-0000-0000-000000000000"

// graph is an msgraph-sdk-go client pointed at a fake server, calling as one
// caller (the token) on one API version.
type graph struct {
	*msgraphsdk.GraphServiceClient
	// adapter sends the requests the SDK has no builder for (beta-only
	// paths), through the same middleware.
	adapter *msgraphsdk.GraphRequestAdapter
	// wire is what reached the fake, below the SDK's middleware.
	wire *wire
}

// newGraph returns a client with msgraph-sdk-go's default settings and
// middleware (retry, redirect, compression of request bodies, parameter
// name decoding, user agent, headers inspection, telemetry, URL
// replacement), whose base URL is the fake's root plus version ("v1.0" or
// "beta") and whose authentication provider sends token to the fake's host
// only. Beneath the middleware, where the network would be, a recorder
// notes every exchange so that a test can check what was sent.
func newGraph(t *testing.T, s *accessreviewstest.Server, version, token string) *graph {
	t.Helper()
	root, err := url.Parse(s.URL)
	require.NoError(t, err)
	hosts, err := authentication.NewAllowedHostsValidatorErrorCheck([]string{root.Hostname()})
	require.NoError(t, err)
	auth := authentication.NewBaseBearerTokenAuthenticationProvider(&staticToken{token: token, hosts: hosts})

	opts := msgraphsdk.GetDefaultClientOptions()
	w := &wire{next: khttp.GetDefaultTransport()}
	httpClient := core.GetDefaultClient(&opts)
	httpClient.Transport = khttp.NewCustomTransportWithParentTransport(w, core.GetDefaultMiddlewaresWithOptions(&opts)...)
	t.Cleanup(httpClient.CloseIdleConnections)

	adapter, err := msgraphsdk.NewGraphRequestAdapterWithParseNodeFactoryAndSerializationWriterFactoryAndHttpClient(auth, nil, nil, httpClient)
	require.NoError(t, err)
	adapter.SetBaseUrl(s.URL + "/" + version)
	g := &graph{GraphServiceClient: newServiceClient(adapter), adapter: adapter, wire: w}
	t.Cleanup(func() { g.wire.checkCompressed(t) })
	return g
}

// newServiceClient is msgraphsdk.NewGraphServiceClient(adapter) without its
// process-wide part. That constructor registers the default serializers and
// assigns the global store.BackingStoreFactoryInstance on every call, while
// every model constructor reads that global: clients built by parallel tests
// race (go test -race reports it). TestMain does the process-wide part once,
// by building one client before any test runs; what remains per client is
// what the constructor does to the adapter and the root request builder.
func newServiceClient(adapter *msgraphsdk.GraphRequestAdapter) *msgraphsdk.GraphServiceClient {
	adapter.EnableBackingStore(nil) // nil: keep the global factory TestMain's client set
	root := abstractions.NewBaseRequestBuilder(adapter, "{+baseurl}", map[string]string{"baseurl": adapter.GetBaseUrl()})
	return &msgraphsdk.GraphServiceClient{GraphBaseServiceClient: msgraphsdk.GraphBaseServiceClient{BaseRequestBuilder: *root}}
}

// staticToken is a kiota access token provider that hands out one fixed
// token, and only for the allowed hosts.
type staticToken struct {
	token string
	hosts *authentication.AllowedHostsValidator
}

// GetAuthorizationToken returns the token for a URL on an allowed host and
// nothing for any other.
func (p *staticToken) GetAuthorizationToken(_ context.Context, u *url.URL, _ map[string]any) (string, error) {
	if !p.hosts.IsUrlHostValid(u) {
		return "", nil
	}
	return p.token, nil
}

// GetAllowedHostsValidator returns the hosts the token may be sent to.
func (p *staticToken) GetAllowedHostsValidator() *authentication.AllowedHostsValidator {
	return p.hosts
}

// exchange is one request as it left the SDK's middleware, and the status
// that came back.
type exchange struct {
	method, path    string
	contentEncoding string
	bodyLen         int
	status          int
}

// wire records exchanges on their way to the network.
type wire struct {
	next http.RoundTripper
	mu   sync.Mutex
	log  []exchange
}

// RoundTrip records req and passes it on unchanged.
func (w *wire) RoundTrip(req *http.Request) (*http.Response, error) {
	e := exchange{method: req.Method, path: req.URL.Path, contentEncoding: req.Header.Get("Content-Encoding")}
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		e.bodyLen = len(b)
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	resp, err := w.next.RoundTrip(req)
	if resp != nil {
		e.status = resp.StatusCode
	}
	w.mu.Lock()
	w.log = append(w.log, e)
	w.mu.Unlock()
	return resp, err
}

// checkCompressed asserts that the SDK's defaults were in force: every
// request with a body went out gzip-compressed, and the fake never answered
// 415, after which the SDK would have sent the body again uncompressed
// (so the fake must read gzip request bodies).
func (w *wire) checkCompressed(t *testing.T) {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, e := range w.log {
		if e.bodyLen == 0 {
			continue
		}
		assert.Equal(t, "gzip", e.contentEncoding, "%s %s: request body sent without compression", e.method, e.path)
		assert.NotEqual(t, http.StatusUnsupportedMediaType, e.status, "%s %s: the fake refused a gzip request body", e.method, e.path)
	}
}

// describe renders an SDK error with the status, code and message the fake
// answered, so that a failing step says what the fake did.
func describe(err error) string {
	if err == nil {
		return ""
	}
	var oe *odataerrors.ODataError
	if errors.As(err, &oe) {
		code, msg := "", ""
		if main := oe.GetErrorEscaped(); main != nil {
			code, msg = str(main.GetCode()), str(main.GetMessage())
		}
		return fmt.Sprintf("the fake answered %d %s: %q", oe.ResponseStatusCode, code, msg)
	}
	var ae *abstractions.ApiError
	if errors.As(err, &ae) {
		return fmt.Sprintf("the fake answered %d: %s", ae.ResponseStatusCode, ae.Message)
	}
	return err.Error()
}

// statusOf returns the HTTP status of an SDK error, or 0.
func statusOf(err error) int {
	var oe *odataerrors.ODataError
	if errors.As(err, &oe) {
		return oe.ResponseStatusCode
	}
	var ae *abstractions.ApiError
	if errors.As(err, &ae) {
		return ae.ResponseStatusCode
	}
	return 0
}

// str dereferences an optional string.
func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// ptr returns a pointer to v, for the SDK's optional fields.
func ptr[T any](v T) *T { return &v }

// plain turns a value the SDK kept in AdditionalData (pointers to
// primitives, maps and slices of them) into plain Go values that compare
// with literals; JSON null is nil.
func plain(v any) any {
	switch v := v.(type) {
	case *string:
		if v == nil {
			return nil
		}
		return *v
	case *bool:
		if v == nil {
			return nil
		}
		return *v
	case *float64:
		if v == nil {
			return nil
		}
		return *v
	case *int64:
		if v == nil {
			return nil
		}
		return float64(*v)
	case *int32:
		if v == nil {
			return nil
		}
		return float64(*v)
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = plain(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = plain(x)
		}
		return out
	}
	return v
}

// extra returns the member name of a response that the SDK's model does not
// have, as plain values; ok is false when the response did not carry it.
func extra(h serialization.AdditionalDataHolder, name string) (any, bool) {
	if h == nil {
		return nil, false
	}
	v, ok := h.GetAdditionalData()[name]
	return plain(v), ok
}

// assertContext asserts that a response carried an @odata.context naming
// what the documents' responses name (every response they show has
// one). The documents write it absolute or relative to the service root, so
// only the part after "$metadata#" is compared, as a suffix.
func assertContext(t *testing.T, h serialization.AdditionalDataHolder, want, step string) {
	t.Helper()
	v, _ := extra(h, "@odata.context")
	got, _ := v.(string)
	_, fragment, found := strings.Cut(got, "$metadata#")
	if assert.True(t, found, "%s: @odata.context %q, want one ending in $metadata#…%s", step, got, want) {
		assert.True(t, strings.HasSuffix(fragment, want), "%s: @odata.context %q, want one ending in %s", step, got, want)
	}
}

// isGUID reports whether s is a GUID in Graph's 8-4-4-4-12 form.
func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch i {
		case 8, 13, 18, 23:
			if r != '-' {
				return false
			}
		default:
			if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
				return false
			}
		}
	}
	return true
}
