//lint:file-ignore SA1019 the suites attack the deprecated legacy API on purpose: it is still public

package adversarial

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"golang.org/x/oauth2"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/legacy"
	"github.com/graphkit/governance/odata"
)

// The credentials and values the suites look for in places they must never
// reach. Each is distinctive, so a substring search cannot match by chance.
const (
	graphRoot   = "https://graph.microsoft.com"
	testToken   = "eyJ0eXAi.adversarial-bearer-token.c2lnbmF0dXJl"
	testSecret  = "adversarial~client~secret~Q8x2"
	tenantID    = "72f988bf-86f1-41af-91ab-2d7cd011db47"
	clientID    = "00000000-1111-2222-3333-444444444444"
	secretUPN   = "secret-upn@contoso.com"
	defID       = "60a7a3e9-4f5b-4d3c-9f3c-2a8ab2c4d1e1"
	instID      = "8f3c2a8a-b2c4-4d1e-9e1f-60a7a3e94f5b"
	stageID     = "9c7c1a2b-3d4e-4f50-8a61-72839405a6b7"
	decID       = "c2b2a1d0-1e2f-4a3b-8c4d-5e6f7a8b9c0d"
	userID      = "d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6"
	groupID     = "02ce3874-dd86-41ba-bddc-013f34019978"
	historyID   = "b961e5f3-2f9d-4a1b-8e6c-7d5a4c3b2a19"
	historyInst = "e4c7d5a1-9b3f-4e2d-8a1c-6f5b4d3c2e1a"
)

// countingTransport is an in-memory RoundTripper that records every request
// it is given and answers with reply (by default a JSON object holding an
// empty "value" array: an empty page to a list, an entity with no known
// member to anything else).
// It needs no network, so it also runs inside synctest bubbles.
type countingTransport struct {
	reply func(req *http.Request, body []byte) (*http.Response, error)

	mu   sync.Mutex
	reqs []recorded
}

// recorded is what a countingTransport kept of one request.
type recorded struct {
	Method  string
	Host    string
	RawPath string // escaped path
	RawQ    string
	URL     string
	Header  http.Header
	Body    []byte
}

func (t *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	t.mu.Lock()
	t.reqs = append(t.reqs, recorded{
		Method: req.Method, Host: req.URL.Host, RawPath: req.URL.EscapedPath(), RawQ: req.URL.RawQuery,
		URL: req.URL.String(), Header: req.Header.Clone(), Body: body,
	})
	t.mu.Unlock()
	if t.reply == nil {
		return jsonResponse(req, http.StatusOK, `{"value":[]}`), nil
	}
	resp, err := t.reply(req, body)
	if resp != nil {
		resp.Request = req
	}
	return resp, err
}

// count returns how many requests were sent.
func (t *countingTransport) count() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.reqs)
}

// sent returns a copy of the recorded requests.
func (t *countingTransport) sent() []recorded {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]recorded(nil), t.reqs...)
}

// jsonResponse builds an in-memory JSON response.
func jsonResponse(req *http.Request, status int, body string) *http.Response {
	return &http.Response{
		StatusCode: status,
		Status:     http.StatusText(status),
		Proto:      "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}
}

// staticToken is a token source that always returns testToken.
func staticToken() oauth2.TokenSource {
	return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: testToken, TokenType: "Bearer"})
}

// env is a set of clients sharing one counting transport.
type env struct {
	ct      *countingTransport
	od      *odata.Client
	ar      *accessreviews.Client
	legacy  *legacy.Client
	appOnly *legacy.Client
}

// fixedNow is the clock of the legacy clients: stored reviews start after it.
var fixedNow = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

// newEnv returns clients on a fresh counting transport, with retries off
// and a static token.
func newEnv(t testing.TB, opts ...odata.Option) *env {
	t.Helper()
	ct := &countingTransport{}
	all := append([]odata.Option{
		odata.WithBaseURL(graphRoot),
		odata.WithHTTPClient(&http.Client{Transport: ct}),
		odata.WithTokenSource(staticToken()),
		odata.WithRetryPolicy(odata.NoRetries()),
	}, opts...)
	od, err := odata.NewClient(all...)
	require.NoError(t, err)
	clock := func() time.Time { return fixedNow }
	return &env{
		ct:      ct,
		od:      od,
		ar:      accessreviews.New(od),
		legacy:  legacy.New(od, legacy.WithClock(clock)),
		appOnly: legacy.New(od, legacy.WithClock(clock), legacy.AppOnly()),
	}
}

// firstErr ranges over seq and returns its first error, or nil.
func firstErr[T any](seq func(func(T, error) bool)) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

// ctx returns the test's context.
func ctx(t testing.TB) context.Context { return t.Context() }

// jsonString returns s as a JSON string literal.
func jsonString(s string) (string, error) {
	b, err := json.Marshal(s)
	return string(b), err
}

// contextWithCancel returns a cancellable child of the test's context.
func contextWithCancel(t testing.TB) (context.Context, context.CancelFunc) {
	return context.WithCancel(t.Context())
}

// TestMain fails the run if any test leaves a goroutine behind: the suites
// start servers, transports and token fetches, and cancel calls midway.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
