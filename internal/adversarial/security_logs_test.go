package adversarial

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
)

// scriptedGraph answers an in-memory session: the token endpoint, a list
// whose second page is throttled once, a read that gets a 503 first, a 404,
// a create that fails with 500, and a decision list that gets a 401 before
// a fresh token is accepted.
type scriptedGraph struct {
	mu    sync.Mutex
	seen  map[string]int
	fresh bool // a second token was issued after the 401
}

func (g *scriptedGraph) reply(req *http.Request, body []byte) (*http.Response, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.seen == nil {
		g.seen = map[string]int{}
	}
	key := req.Method + " " + req.URL.Path
	if req.URL.Query().Get("$skiptoken") != "" {
		key += " page2"
	}
	g.seen[key]++
	n := g.seen[key]
	if req.URL.Host == "login.microsoftonline.com" {
		tok := testToken
		if n > 1 {
			tok = testToken + "-2"
			g.fresh = true
		}
		return jsonResponse(req, http.StatusOK, `{"token_type":"Bearer","expires_in":3600,"access_token":"`+tok+`"}`), nil
	}
	root := "/v1.0/identityGovernance/accessReviews/definitions"
	switch {
	case key == "GET "+root:
		next := "https://graph.microsoft.com" + root + "?$filter=displayName+eq+'" + url.QueryEscape(secretUPN) + "'&$skiptoken=" + skipToken
		return jsonResponse(req, http.StatusOK, `{"value":[{"id":"`+defID+`"}],"@odata.nextLink":"`+next+`"}`), nil
	case key == "GET "+root+" page2" && n == 1:
		r := jsonResponse(req, http.StatusTooManyRequests, `{"error":{"code":"TooManyRequests","message":"slow down"}}`)
		r.Header.Set("Retry-After", "2")
		return r, nil
	case key == "GET "+root+" page2":
		return jsonResponse(req, http.StatusOK, `{"value":[{"id":"`+instID+`"}]}`), nil
	case key == "GET "+root+"/"+defID && n == 1:
		return jsonResponse(req, http.StatusServiceUnavailable, `{"error":{"code":"ServiceUnavailable","message":"try later"}}`), nil
	case key == "GET "+root+"/"+defID:
		return jsonResponse(req, http.StatusOK, `{"id":"`+defID+`"}`), nil
	case key == "GET "+root+"/"+instID:
		return jsonResponse(req, http.StatusNotFound, `{"error":{"code":"itemNotFound","message":"no such definition"}}`), nil
	case key == "POST "+root:
		return jsonResponse(req, http.StatusInternalServerError, `{"error":{"code":"InternalServerError","message":"boom"}}`), nil
	case strings.HasSuffix(key, "/decisions") && req.Header.Get("Authorization") == "Bearer "+testToken:
		return jsonResponse(req, http.StatusUnauthorized, `{"error":{"code":"InvalidAuthenticationToken","message":"expired"}}`), nil
	case strings.HasSuffix(key, "/decisions"):
		return jsonResponse(req, http.StatusOK, `{"value":[]}`), nil
	}
	return jsonResponse(req, http.StatusTeapot, `{}`), nil
}

// TestDebugLogsCarryNoSecrets runs a scripted session with paging, a 429
// with Retry-After, a 503 retried, a 404, a 500 on a create and a 401 that
// forces a new token, logging at debug level through both slog handlers.
// The logs must show the session (attempts, retries, statuses) and must
// hold neither the token, nor the secret, nor the $filter value, nor the
// skip token of the next link, nor the object IDs passed as keys.
func TestDebugLogsCarryNoSecrets(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var text, js bytes.Buffer
		opts := &slog.HandlerOptions{Level: slog.LevelDebug}
		logger := slog.New(fanout{slog.NewTextHandler(&text, opts), slog.NewJSONHandler(&js, opts)})
		g := &scriptedGraph{}
		ct := &countingTransport{reply: g.reply}
		c, err := accessreviews.NewClient(
			odata.WithHTTPClient(&http.Client{Transport: ct}),
			odata.WithClientCredentials(tenantID, clientID, testSecret),
			odata.WithLogger(logger),
		)
		require.NoError(t, err)

		filter := &accessreviews.ListOptions{Filter: odata.Eq("displayName", secretUPN), Top: 1}
		var n int
		for _, err := range c.Definitions.List(ctx(t), filter) {
			require.NoError(t, err)
			n++
		}
		assert.Equal(t, 2, n)
		_, err = c.Definitions.Get(ctx(t), defID)
		require.NoError(t, err)
		_, err = c.Definitions.Get(ctx(t), instID)
		require.ErrorIs(t, err, odata.ErrNotFound)
		_, err = c.Definitions.Create(ctx(t), validDefinition())
		require.Error(t, err)
		assertNoSecrets(t, "create error", err.Error())
		decisions := &accessreviews.ListOptions{Filter: odata.Eq("decision", secretUPN)}
		require.NoError(t, firstErr(c.Decisions.List(ctx(t), defID, instID, decisions)))
		assert.True(t, g.fresh, "control: the 401 made the client fetch a new token")

		// Controls: the secrets did travel where they belong, so their
		// absence from the logs means something.
		var sawFilter, sawToken, sawSecret bool
		for _, r := range ct.sent() {
			sawFilter = sawFilter || strings.Contains(r.URL, url.QueryEscape(secretUPN)) || strings.Contains(r.URL, "secret-upn%40")
			sawToken = sawToken || r.Header.Get("Authorization") == "Bearer "+testToken
			sawSecret = sawSecret || bytes.Contains(r.Body, []byte(url.QueryEscape(testSecret)))
		}
		assert.True(t, sawFilter && sawToken && sawSecret, "control: filter %v, token %v, secret %v", sawFilter, sawToken, sawSecret)

		for name, buf := range map[string]string{"text log": text.String(), "JSON log": js.String()} {
			for _, want := range []string{"odata: attempt", "odata: retrying", "429", "503", "404", "500", "401", "client_request_id"} {
				assert.Contains(t, buf, want, "%s misses %q: the session was not logged", name, want)
			}
			assertNoSecrets(t, name, buf)
			assert.NotContains(t, buf, testToken+"-2", "%s leaks the second token", name)
			assert.NotContains(t, buf, "$filter", "%s names a query option", name)
			assert.NotContains(t, buf, defID, "%s names an object ID", name)
			assert.NotContains(t, buf, instID, "%s names an object ID", name)
			assert.Contains(t, buf, "/identityGovernance/accessReviews/definitions/{id}", "%s logs the path as a template", name)
		}
	})
}

// fanout is an slog.Handler writing every record to several handlers.
type fanout []slog.Handler

func (f fanout) Enabled(ctx2 context.Context, l slog.Level) bool {
	for _, h := range f {
		if h.Enabled(ctx2, l) {
			return true
		}
	}
	return false
}

func (f fanout) Handle(ctx2 context.Context, r slog.Record) error {
	for _, h := range f {
		if err := h.Handle(ctx2, r.Clone()); err != nil {
			return err
		}
	}
	return nil
}

func (f fanout) WithAttrs(attrs []slog.Attr) slog.Handler {
	out := make(fanout, len(f))
	for i, h := range f {
		out[i] = h.WithAttrs(attrs)
	}
	return out
}

func (f fanout) WithGroup(name string) slog.Handler {
	out := make(fanout, len(f))
	for i, h := range f {
		out[i] = h.WithGroup(name)
	}
	return out
}
