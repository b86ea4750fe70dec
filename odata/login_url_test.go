package odata

import (
	"net/http"
	"testing"
	"testing/synctest"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWithLoginBaseURLValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		bad      string // substring of the problem; "" means valid
	}{
		{name: "https root", in: "https://login.microsoftonline.com"},
		{name: "trailing slash", in: "https://login.microsoftonline.com/"},
		{name: "prefix", in: "https://proxy.example/entra"},
		{name: "a version-like segment is kept as path", in: "https://proxy.example/v1.0"},
		{name: "loopback http", in: "http://127.0.0.1:8080"},
		{name: "localhost", in: "http://localhost:1234"},
		{name: "ipv6 loopback", in: "http://[::1]:9000"},

		{name: "plain http", in: "http://login.microsoftonline.com", bad: "must use https"},
		{name: "http lookalike of loopback", in: "http://127.0.0.1.evil.example", bad: "must use https"},
		{name: "user info", in: "https://u:p@login.example", bad: "user info"},
		{name: "query", in: "https://login.example/?x=1", bad: "query"},
		{name: "fragment", in: "https://login.example/#f", bad: "fragment"},
		{name: "relative", in: "/common", bad: "host"},
		{name: "empty", in: "", bad: "valid absolute URL"},
		{name: "dot segment", in: "https://proxy.example/a/../b", bad: "path prefix"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := NewClient(WithLoginBaseURL(tt.in))
			if tt.bad != "" {
				require.Error(t, err)
				assert.ErrorIs(t, err, ErrInvalid)
				assert.Contains(t, err.Error(), "loginBaseURL")
				assert.Contains(t, err.Error(), tt.bad)
				assert.Nil(t, c)
				return
			}
			require.NoError(t, err)
		})
	}
}

// TestWithLoginBaseURLDeviceCode signs in against an authority below a
// path prefix: the device code and token requests go there, the scopes
// still name the cloud's Graph root, and Graph gets the token.
func TestWithLoginBaseURLDeviceCode(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		p := newIdentityPlatform()
		pr := &prompts{onShown: func(DeviceCodePrompt) { p.approve() }}
		c := newDeviceClient(t, p, DeviceCode{Prompt: pr.prompt}, WithCloud(USGovL4), WithLoginBaseURL("https://login.proxy.example/entra/"))

		_, err := getMe(t.Context(), c)
		require.NoError(t, err)

		login := p.requests("login")
		require.Len(t, login, 2)
		assert.Equal(t, "login.proxy.example", login[0].Host)
		assert.Equal(t, "/entra/"+testTenant+"/oauth2/v2.0/devicecode", login[0].Path)
		assert.Equal(t, "https://graph.microsoft.us/AccessReview.ReadWrite.All offline_access", login[0].Form.Get("scope"))
		assert.Equal(t, "login.proxy.example", login[1].Host)
		assert.Equal(t, "/entra/"+testTenant+"/oauth2/v2.0/token", login[1].Path)
		assert.Empty(t, p.requests("login.microsoftonline.us"), "the cloud's own authority is not asked")
		graph := p.requests("graph.microsoft.us")
		require.Len(t, graph, 1)
		assert.Equal(t, "Bearer SECRET-AT-1", graph[0].Auth)
	})
}

func TestWithLoginBaseURLClientCredentials(t *testing.T) {
	t.Parallel()
	const tenant, clientID, secret = "contoso.onmicrosoft.com", "7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53", "Sup3r~Secret"
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodPost, "http://127.0.0.1:8400/"+tenant+"/oauth2/v2.0/token", func(r *http.Request) (*http.Response, error) {
		require.NoError(t, r.ParseForm())
		assert.Equal(t, "client_credentials", r.PostForm.Get("grant_type"))
		assert.Equal(t, "https://graph.microsoft.com/.default", r.PostForm.Get("scope"))
		return httpmock.NewStringResponse(200, `{"access_token":"at-1","token_type":"Bearer","expires_in":3600}`), nil
	})
	mt.RegisterResponder(http.MethodGet, "https://graph.microsoft.com/v1.0/me", func(r *http.Request) (*http.Response, error) {
		assert.Equal(t, "Bearer at-1", r.Header.Get("Authorization"))
		return httpmock.NewStringResponse(200, `{}`), nil
	})
	c, err := NewClient(WithClientCredentials(tenant, clientID, secret), WithLoginBaseURL("http://127.0.0.1:8400"),
		WithHTTPClient(&http.Client{Transport: mt}))
	require.NoError(t, err)
	require.NoError(t, c.Do(t.Context(), &Request{Method: http.MethodGet, Path: "me"}, nil))
	assert.Equal(t, 2, mt.GetTotalCallCount(), "one token request, one Graph request")
}
