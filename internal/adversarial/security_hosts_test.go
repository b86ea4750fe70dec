package adversarial

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
)

const (
	definitionsPath = "/v1.0/identityGovernance/accessReviews/definitions"
	skipToken       = "SKIPTOKEN-adversarial-7f3a"
)

// credentialClient returns an accessreviews client on the world that
// authenticates with client credentials, so both the token and the secret
// are in play.
func credentialClient(t testing.TB, w *world, opts ...odata.Option) *accessreviews.Client {
	t.Helper()
	c, err := accessreviews.NewClient(append([]odata.Option{
		odata.WithHTTPClient(w.client()),
		odata.WithClientCredentials(tenantID, clientID, testSecret),
		odata.WithRetryPolicy(odata.NoRetries()),
	}, opts...)...)
	require.NoError(t, err)
	return c
}

// assertNoSecrets fails if s holds the token, the secret, the filter value
// or the skip token.
func assertNoSecrets(t testing.TB, what, s string) {
	t.Helper()
	for _, secret := range []string{testToken, testSecret, secretUPN, url.QueryEscape(secretUPN), skipToken} {
		assert.NotContains(t, s, secret, "%s leaks a secret", what)
	}
}

// TestNextLinkNeverLeavesGraph serves a first page whose @odata.nextLink
// points anywhere but the Graph host and API version: the iterator stops
// with ErrUntrustedNextLink after the first page's item, nothing reaches
// any other host, Graph itself sees only the first page, and the error
// names neither the link's query nor a credential.
func TestNextLinkNeverLeavesGraph(t *testing.T) {
	t.Parallel()
	q := "?$skiptoken=" + skipToken + "&$filter=displayName%20eq%20'" + url.QueryEscape(secretUPN) + "'"
	links := map[string]string{
		"lookalike host":        "https://graph.microsoft.com.evil.example" + definitionsPath + q,
		"http downgrade":        "http://graph.microsoft.com" + definitionsPath + q,
		"port change":           "https://graph.microsoft.com:8443" + definitionsPath + q,
		"user info":             "https://user:pass@graph.microsoft.com" + definitionsPath + q,
		"user info to evil":     "https://graph.microsoft.com@evil.example" + definitionsPath + q,
		"scheme relative":       "//evil.example" + definitionsPath + q,
		"other host":            "https://evil.example" + definitionsPath + q,
		"upper case lookalike":  "HTTPS://GRAPH.MICROSOFT.COM.EVIL.EXAMPLE" + definitionsPath + q,
		"loopback address":      "https://127.0.0.1" + definitionsPath + q,
		"backslash":             `https://evil.example\@graph.microsoft.com` + definitionsPath + q,
		"ideographic dot":       "https://graph\u3002microsoft.com" + definitionsPath + q,
		"other API version":     "https://graph.microsoft.com/beta/identityGovernance/accessReviews/definitions" + q,
		"dot segments":          "https://graph.microsoft.com/v1.0/../../evil" + q,
		"encoded dot segments":  "https://graph.microsoft.com/v1.0/%2e%2e/%2e%2e/users" + q,
		"fragment":              "https://graph.microsoft.com" + definitionsPath + "#@evil.example",
		"javascript":            "javascript:alert(1)",
		"relative climb":        "../../../users" + q,
		"trailing dot host":     "https://graph.microsoft.com." + definitionsPath + q,
		"CR LF in link":         "https://graph.microsoft.com" + definitionsPath + "\r\nHost: evil.example",
		"opaque mailto":         "mailto:" + secretUPN,
		"percent-encoded host":  "https://graph%2emicrosoft%2ecom" + definitionsPath + q,
		"IPv6 loopback":         "https://[::1]" + definitionsPath + q,
		"data URL":              "data:application/json,{}",
		"port zero":             "https://graph.microsoft.com:0" + definitionsPath + q,
		"long link":             "https://graph.microsoft.com" + definitionsPath + "?$skiptoken=" + strings.Repeat("A", 9000),
		"null byte":             "https://graph.microsoft.com" + definitionsPath + "%00" + q + "\x00",
		"unicode lookalike dot": "https://graph\uff0emicrosoft.com" + definitionsPath + q,
	}
	for name, link := range links {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, func(rw http.ResponseWriter, _ *http.Request) {
				rw.Header().Set("Content-Type", "application/json")
				body, _ := jsonString(link)
				_, _ = io.WriteString(rw, `{"value":[{"id":"`+defID+`","displayName":"a"}],"@odata.nextLink":`+body+`}`)
			}, nil)
			c := credentialClient(t, w)
			var got []accessreviews.Definition
			var iterErr error
			for d, err := range c.Definitions.List(ctx(t), &accessreviews.ListOptions{Filter: odata.Eq("displayName", secretUPN)}) {
				if err != nil {
					iterErr = err
					break
				}
				got = append(got, d)
			}
			require.Len(t, got, 1, "the first page's item")
			require.ErrorIs(t, iterErr, odata.ErrUntrustedNextLink)
			assertNoSecrets(t, "untrusted next link error", iterErr.Error())
			assert.Equal(t, 1, w.graph.hits(), "Graph saw more than the first page")
			w.requireNoEvil(t)
		})
	}
}

// TestNextLinkControl proves the harness sees a followed link: a link on
// the Graph host is followed, with the token, and still reaches no one else.
func TestNextLinkControl(t *testing.T) {
	t.Parallel()
	w := newWorld(t, func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("$skiptoken") == "" {
			_, _ = io.WriteString(rw, `{"value":[{"id":"`+defID+`"}],"@odata.nextLink":"https://graph.microsoft.com`+definitionsPath+`?$skiptoken=`+skipToken+`"}`)
			return
		}
		_, _ = io.WriteString(rw, `{"value":[{"id":"`+instID+`"}]}`)
	}, nil)
	c := credentialClient(t, w)
	var n int
	for _, err := range c.Definitions.List(ctx(t), nil) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 2, n)
	require.Equal(t, 2, w.graph.hits())
	for _, r := range w.graph.requests() {
		assert.Equal(t, "Bearer "+testToken, r.Header.Get("Authorization"))
	}
	assert.Equal(t, 1, w.login.hits(), "one token fetched and cached")
	w.requireNoEvil(t)
}

// TestRedirectsAreNotFollowed answers with 3xx to another host and to the
// same host: the call fails with ErrUnexpectedRedirect, the target sees
// nothing, and Graph sees exactly the one request.
func TestRedirectsAreNotFollowed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		status   int
		location string
		post     bool
	}{
		{"302 to another host", http.StatusFound, "https://evil.example/steal", false},
		{"307 to another host", http.StatusTemporaryRedirect, "https://evil.example/steal", false},
		{"301 to http", http.StatusMovedPermanently, "http://graph.microsoft.com" + definitionsPath + "/" + defID, false},
		{"308 to another port", http.StatusPermanentRedirect, "https://graph.microsoft.com:8443" + definitionsPath, false},
		{"302 to the same host", http.StatusFound, "https://graph.microsoft.com" + definitionsPath + "/" + instID, false},
		{"307 on create to another host", http.StatusTemporaryRedirect, "https://evil.example/steal", true},
		{"307 on create to the same host", http.StatusTemporaryRedirect, "https://graph.microsoft.com" + definitionsPath + "/again", true},
		{"303 on create to another host", http.StatusSeeOther, "https://evil.example/steal", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, func(rw http.ResponseWriter, _ *http.Request) {
				rw.Header().Set("Location", tt.location)
				rw.WriteHeader(tt.status)
			}, nil)
			c := credentialClient(t, w)
			var err error
			if tt.post {
				_, err = c.Definitions.Create(ctx(t), validDefinition())
			} else {
				_, err = c.Definitions.Get(ctx(t), defID)
			}
			require.ErrorIs(t, err, odata.ErrUnexpectedRedirect)
			assertNoSecrets(t, "redirect error", err.Error())
			assert.Equal(t, 1, w.graph.hits(), "the redirect was followed on the same host")
			w.requireNoEvil(t)
		})
	}
}

// TestHistoryDownloadCarriesNoCredentials downloads a history report from a
// storage host after a Graph call cached a token: the storage request has
// no Authorization, no cookie (even with a jar in the caller's client),
// no Graph correlation header, and neither the token nor the secret
// anywhere; a redirect from storage is not followed.
func TestHistoryDownloadCarriesNoCredentials(t *testing.T) {
	t.Parallel()
	w := newWorld(t, func(rw http.ResponseWriter, _ *http.Request) {
		rw.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(rw, `{"id":"`+defID+`","displayName":"x"}`)
	}, nil)
	storage := newServer(t, true, func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("redirect") != "" {
			http.Redirect(rw, r, r.URL.Query().Get("redirect"), http.StatusFound)
			return
		}
		rw.Header().Set("Content-Type", "text/csv")
		_, _ = io.WriteString(rw, "id,decision\n1,Approve\n")
	})
	c := credentialClient(t, w)
	_, err := c.Definitions.Get(ctx(t), defID)
	require.NoError(t, err)
	require.Equal(t, "Bearer "+testToken, w.graph.requests()[0].Header.Get("Authorization"), "control: Graph got the token")

	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	su, err := url.Parse(storage.URL)
	require.NoError(t, err)
	jar.SetCookies(su, []*http.Cookie{{Name: "session", Value: testToken}})
	hc := storage.Client()
	hc.Jar = jar
	uri := storage.URL + "/reports/history.csv?sv=2024-08-04&sig=SAS-signature"
	body, err := c.History.Download(ctx(t), uri, &accessreviews.HistoryDownloadOptions{HTTPClient: hc})
	require.NoError(t, err)
	data, err := io.ReadAll(body)
	require.NoError(t, err)
	require.NoError(t, body.Close())
	assert.Equal(t, "id,decision\n1,Approve\n", string(data))

	reqs := storage.requests()
	require.Len(t, reqs, 1)
	r := reqs[0]
	assert.Empty(t, r.Header.Get("Authorization"))
	assert.Empty(t, r.Header.Get("Cookie"))
	assert.Empty(t, r.Header.Get("Client-Request-Id"))
	assert.Equal(t, "SAS-signature", r.URL.Query().Get("sig"), "control: the signed URI was sent as given")
	var all strings.Builder
	all.WriteString(r.URL.String())
	for name, vals := range r.Header {
		all.WriteString(name + ": " + strings.Join(vals, ",") + "\n")
	}
	assert.NotContains(t, all.String(), testToken)
	assert.NotContains(t, all.String(), testSecret)

	evil := newServer(t, true, func(http.ResponseWriter, *http.Request) {})
	redirect := storage.URL + "/reports/history.csv?sig=x&redirect=" + url.QueryEscape(evil.URL+"/steal")
	_, err = c.History.Download(ctx(t), redirect, &accessreviews.HistoryDownloadOptions{HTTPClient: hc})
	require.ErrorIs(t, err, odata.ErrUnexpectedRedirect)
	assert.NotContains(t, err.Error(), "sig=x", "the error quotes the signature")
	assert.Zero(t, evil.hits())
	assert.Zero(t, evil.conns.Load())
	hc.CloseIdleConnections()
	w.requireNoEvil(t)
}
