package odata

import (
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewClientDefaults(t *testing.T) {
	t.Parallel()
	c, err := NewClient()
	require.NoError(t, err)
	assert.Equal(t, "https://graph.microsoft.com", c.BaseURL().String())
	assert.Equal(t, V1, c.APIVersion())
	assert.Equal(t, Global, c.Cloud())
	assert.Equal(t, DefaultMaxPages, c.maxPages())
	assert.Equal(t, DefaultRetryPolicy(), c.retry)
	assert.Nil(t, c.tokens, "no token source means no Authorization header")

	// BaseURL returns a copy: changing it cannot re-point the client.
	u := c.BaseURL()
	u.Host = "evil.example"
	assert.Equal(t, "graph.microsoft.com", c.BaseURL().Host)
}

func TestWithBaseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		opts     []Option
		root     string
		version  APIVersion
		cloud    Cloud
		bad      string // substring of the problem; "" means valid
	}{
		{name: "root", in: "https://graph.microsoft.com", root: "https://graph.microsoft.com", version: V1, cloud: Global},
		{name: "trailing slash", in: "https://graph.microsoft.com/", root: "https://graph.microsoft.com", version: V1, cloud: Global},
		{name: "version v1.0", in: "https://graph.microsoft.com/v1.0", root: "https://graph.microsoft.com", version: V1, cloud: Global},
		{name: "version beta", in: "https://graph.microsoft.com/beta/", root: "https://graph.microsoft.com", version: Beta, cloud: Global},
		{name: "prefix", in: "https://proxy.example/graph/beta", root: "https://proxy.example/graph", version: Beta, cloud: Global},
		{name: "default port dropped, host lowercased", in: "HTTPS://Graph.Microsoft.COM:443", root: "https://graph.microsoft.com", version: V1, cloud: Global},
		{name: "other port kept", in: "https://graph.microsoft.com:8443", root: "https://graph.microsoft.com:8443", version: V1, cloud: Global},
		{name: "loopback http", in: "http://127.0.0.1:8080", root: "http://127.0.0.1:8080", version: V1, cloud: Global},
		{name: "loopback range", in: "http://127.9.8.7", root: "http://127.9.8.7", version: V1, cloud: Global},
		{name: "localhost", in: "http://LOCALHOST:1234/v1.0", root: "http://localhost:1234", version: V1, cloud: Global},
		{name: "ipv6 loopback", in: "http://[::1]:9000", root: "http://[::1]:9000", version: V1, cloud: Global},
		{name: "national host selects cloud", in: "https://dod-graph.microsoft.us", root: "https://dod-graph.microsoft.us", version: V1, cloud: USGovL5DoD},
		{name: "explicit version agrees", in: "https://graph.microsoft.com/beta", opts: []Option{WithAPIVersion(Beta)}, root: "https://graph.microsoft.com", version: Beta, cloud: Global},

		{name: "plain http", in: "http://graph.microsoft.com", bad: "must use https"},
		{name: "http lookalike of loopback", in: "http://127.0.0.1.evil.example", bad: "must use https"},
		{name: "ftp", in: "ftp://graph.microsoft.com", bad: "must use https"},
		{name: "user info", in: "https://user:pw@graph.microsoft.com", bad: "user info"},
		{name: "query", in: "https://graph.microsoft.com/?x=1", bad: "query"},
		{name: "empty query", in: "https://graph.microsoft.com/?", bad: "query"},
		{name: "fragment", in: "https://graph.microsoft.com/#frag", bad: "fragment"},
		{name: "relative", in: "/v1.0", bad: "host"},
		{name: "empty", in: "", bad: "valid absolute URL"},
		{name: "dot segment", in: "https://proxy.example/a/../b", bad: "path prefix"},
		{name: "conflicting version", in: "https://graph.microsoft.com/beta", opts: []Option{WithAPIVersion(V1)}, bad: "apiVersion"},
		{name: "conflicting cloud", in: "https://graph.microsoft.com", opts: []Option{WithCloud(China)}, bad: "cloud"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := NewClient(append([]Option{WithBaseURL(tt.in)}, tt.opts...)...)
			if tt.bad != "" {
				require.Error(t, err)
				assert.ErrorIs(t, err, ErrInvalid)
				assert.Contains(t, err.Error(), tt.bad)
				assert.Nil(t, c)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.root, c.BaseURL().String())
			assert.Equal(t, tt.version, c.APIVersion())
			assert.Equal(t, tt.cloud, c.Cloud())
		})
	}
}

func TestNewClientReportsEveryBadOption(t *testing.T) {
	t.Parallel()
	const secret = "s3cr3t-do-not-print"
	_, err := NewClient(
		WithBaseURL("http://graph.microsoft.com"),
		WithCloud("mars"),
		WithAPIVersion("v2.0"),
		WithClientCredentials("../evil", "not-a-guid", secret),
		WithHTTPClient(nil),
		WithRetryPolicy(RetryPolicy{MaxRetries: 11, MaxRetryAfter: -1}),
		WithUserAgent("bad\r\nheader"),
		WithMaxResponseBytes(0),
		WithMaxErrorBytes(-1),
		WithMaxConcurrency(0),
		WithMaxPages(0),
		WithAttemptTimeout(0),
		WithTokenTimeout(-1),
		WithTokenSource(nil),
	)
	require.Error(t, err)
	var fields []string
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		var fe *FieldError
		require.ErrorAs(t, e, &fe)
		fields = append(fields, fe.Field)
	}
	walk(err)
	assert.ElementsMatch(t, []string{
		"baseURL", "cloud", "apiVersion", "tenantID", "clientID", "httpClient",
		"retryPolicy.maxRetries", "retryPolicy.maxRetryAfter", "userAgent", "maxResponseBytes",
		"maxErrorBytes", "maxConcurrency", "maxPages", "attemptTimeout", "tokenTimeout", "tokenSource",
	}, fields)
	assert.NotContains(t, err.Error(), secret)
}

func TestWithClientCredentialsValidation(t *testing.T) {
	t.Parallel()
	const guid = "7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53"
	const secret = "hunter2-very-secret"
	tests := []struct {
		name, tenant, client, secret string
		bad                          []string
	}{
		{"guid tenant", guid, guid, secret, nil},
		{"domain tenant", "contoso.onmicrosoft.com", guid, secret, nil},
		{"empty everything", "", "", "", []string{"tenantID", "clientID", "clientSecret"}},
		{"traversal tenant", "../common", guid, secret, []string{"tenantID"}},
		{"tenant with slash", "contoso.com/x", guid, secret, []string{"tenantID"}},
		{"single label tenant", "common", guid, secret, []string{"tenantID"}},
		{"client not a guid", guid, "my-app", secret, []string{"clientID"}},
		{"blank secret", guid, guid, "   ", []string{"clientSecret"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := NewClient(WithClientCredentials(tt.tenant, tt.client, tt.secret))
			if tt.bad == nil {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			for _, f := range tt.bad {
				assert.Contains(t, err.Error(), f+":")
			}
			assert.NotContains(t, err.Error(), secret)
		})
	}
	_, err := NewClient(WithClientCredentials(guid, guid, secret), WithTokenSource(&countingTokens{}))
	require.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), "tokenSource")
}

func TestCloudHosts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		cloud        Cloud
		graph, login string
	}{
		{Global, "graph.microsoft.com", "login.microsoftonline.com"},
		{"", "graph.microsoft.com", "login.microsoftonline.com"},
		{USGovL4, "graph.microsoft.us", "login.microsoftonline.us"},
		{USGovL5DoD, "dod-graph.microsoft.us", "login.microsoftonline.us"},
		{China, "microsoftgraph.chinacloudapi.cn", "login.chinacloudapi.cn"},
		{"moon", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.cloud.String(), func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.graph, tt.cloud.GraphHost())
			assert.Equal(t, tt.login, tt.cloud.LoginHost())
			if tt.graph == "" {
				assert.Empty(t, tt.cloud.Scope())
				_, err := NewClient(WithCloud(tt.cloud))
				assert.ErrorIs(t, err, ErrInvalid)
				return
			}
			assert.Equal(t, "https://"+tt.graph+"/.default", tt.cloud.Scope())
			c, err := NewClient(WithCloud(tt.cloud))
			require.NoError(t, err)
			assert.Equal(t, "https://"+tt.graph, c.BaseURL().String())
		})
	}
}

func TestNewClientDoesNoIO(t *testing.T) {
	t.Parallel()
	tr := &scriptTransport{reply: func(int, *sentRequest) (*http.Response, error) {
		return nil, errors.New("no request expected")
	}}
	tokens := &countingTokens{}
	_, err := NewClient(WithHTTPClient(&http.Client{Transport: tr}), WithTokenSource(tokens))
	require.NoError(t, err)
	_, err = NewClient(WithHTTPClient(&http.Client{Transport: tr}),
		WithClientCredentials("contoso.onmicrosoft.com", "7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53", "x"))
	require.NoError(t, err)
	assert.Empty(t, tr.requests())
	assert.Zero(t, tokens.calls.Load())
}

func TestNonHTTPSBaseURLNeverRequestsAToken(t *testing.T) {
	t.Parallel()
	tokens := &countingTokens{}
	c, err := NewClient(WithBaseURL("http://graph.example.com"), WithTokenSource(tokens))
	require.ErrorIs(t, err, ErrInvalid)
	assert.Nil(t, c)
	assert.Zero(t, tokens.calls.Load())
}
