package odata

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

func TestUnauthorizedRefreshesTokenOnce(t *testing.T) {
	t.Parallel()
	t.Run("401 then 200", func(t *testing.T) {
		t.Parallel()
		tokens := &countingTokens{}
		c, tr := newScripted(t, replySequence(replyWith(401, graphErrorBody("InvalidAuthenticationToken", "r")), replyWith(200, `{}`)), WithTokenSource(tokens))
		require.NoError(t, c.Do(t.Context(), listDefinitionsReq(), nil))
		sent := tr.requests()
		require.Len(t, sent, 2)
		assert.Equal(t, "Bearer tok-1", sent[0].Header.Get("Authorization"))
		assert.Equal(t, "Bearer tok-2", sent[1].Header.Get("Authorization"))
		assert.Equal(t, int32(2), tokens.calls.Load(), "the token source is asked exactly twice")
		assert.Equal(t, sent[0].Header.Get("client-request-id"), sent[1].Header.Get("client-request-id"))
	})
	t.Run("401 twice", func(t *testing.T) {
		t.Parallel()
		tokens := &countingTokens{}
		c, tr := newScripted(t, alwaysReply(401, graphErrorBody("InvalidAuthenticationToken", "r")), WithTokenSource(tokens))
		err := c.Do(t.Context(), &Request{Method: http.MethodPost, Path: "x", Body: []byte(`{}`)}, nil)
		assert.ErrorIs(t, err, ErrUnauthorized)
		assert.NotErrorIs(t, err, ErrOutcomeUnknown)
		assert.Len(t, tr.requests(), 2)
		assert.Equal(t, int32(2), tokens.calls.Load())
	})
	t.Run("401 without token source is not retried", func(t *testing.T) {
		t.Parallel()
		c, tr := newScripted(t, alwaysReply(401, ""))
		assert.ErrorIs(t, c.Do(t.Context(), listDefinitionsReq(), nil), ErrUnauthorized)
		assert.Len(t, tr.requests(), 1)
	})
}

func TestTokenCache(t *testing.T) {
	t.Parallel()
	t.Run("reused until near expiry", func(t *testing.T) {
		t.Parallel()
		tokens := &countingTokens{}
		c, _ := newScripted(t, alwaysReply(204, ""), WithTokenSource(tokens))
		for range 3 {
			require.NoError(t, c.Do(t.Context(), listDefinitionsReq(), nil))
		}
		assert.Equal(t, int32(1), tokens.calls.Load())
	})
	t.Run("refreshed inside the margin", func(t *testing.T) {
		t.Parallel()
		tokens := &countingTokens{expiry: 2 * time.Minute} // less than the 3 min margin
		c, tr := newScripted(t, alwaysReply(204, ""), WithTokenSource(tokens))
		for range 2 {
			require.NoError(t, c.Do(t.Context(), listDefinitionsReq(), nil))
		}
		assert.Equal(t, int32(2), tokens.calls.Load())
		assert.Equal(t, "Bearer tok-2", tr.requests()[1].Header.Get("Authorization"))
	})
	t.Run("invalidate keeps a newer token", func(t *testing.T) {
		t.Parallel()
		tokens := &countingTokens{}
		tc := newTokenCache(func(context.Context) (*oauth2.Token, error) { return tokens.Token() }, time.Now, time.Second)
		first, err := tc.token(t.Context())
		require.NoError(t, err)
		tc.invalidate(first)
		second, err := tc.token(t.Context())
		require.NoError(t, err)
		tc.invalidate(first) // a late 401 of the old token
		third, err := tc.token(t.Context())
		require.NoError(t, err)
		assert.Equal(t, []string{"tok-1", "tok-2", "tok-2"}, []string{first, second, third})
	})
	t.Run("errors and empty tokens are not cached", func(t *testing.T) {
		t.Parallel()
		calls := 0
		tc := newTokenCache(func(context.Context) (*oauth2.Token, error) {
			calls++
			if calls == 1 {
				return &oauth2.Token{}, nil
			}
			return nil, errors.New("boom")
		}, time.Now, time.Second)
		_, err := tc.token(t.Context())
		assert.ErrorContains(t, err, "empty token")
		_, err = tc.token(t.Context())
		assert.ErrorContains(t, err, "boom")
		assert.Equal(t, 2, calls)
	})
}

func TestTokenFetchIsSharedAndBounded(t *testing.T) {
	t.Parallel()
	t.Run("one fetch for concurrent calls", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			release := make(chan struct{})
			tokens := &countingTokens{}
			slow := tokenFunc(func() (*oauth2.Token, error) { <-release; return tokens.Token() })
			c, tr := newScripted(t, alwaysReply(204, ""), WithTokenSource(slow))
			var wg sync.WaitGroup
			for range 10 {
				wg.Go(func() { assert.NoError(t, c.Do(t.Context(), listDefinitionsReq(), nil)) })
			}
			synctest.Wait()
			assert.Empty(t, tr.requests(), "nothing is sent without a token")
			close(release)
			wg.Wait()
			assert.Equal(t, int32(1), tokens.calls.Load())
			assert.Len(t, tr.requests(), 10)
		})
	})
	t.Run("the caller's context bounds the wait", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			release := make(chan struct{})
			slow := tokenFunc(func() (*oauth2.Token, error) { <-release; return &oauth2.Token{AccessToken: "late"}, nil })
			c, tr := newScripted(t, alwaysReply(204, ""), WithTokenSource(slow))
			ctx, cancel := context.WithCancel(t.Context())
			done := make(chan error, 1)
			go func() { done <- c.Do(ctx, listDefinitionsReq(), nil) }()
			synctest.Wait()
			cancel()
			err := <-done
			assert.ErrorIs(t, err, context.Canceled)
			assert.NotErrorIs(t, err, ErrOutcomeUnknown, "nothing was sent")
			assert.Empty(t, tr.requests())
			close(release) // the fetch ends and fills the cache for the next call
			synctest.Wait()
			require.NoError(t, c.Do(t.Context(), listDefinitionsReq(), nil))
			assert.Equal(t, "Bearer late", tr.requests()[0].Header.Get("Authorization"))
		})
	})
	t.Run("the token timeout bounds the wait", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			release := make(chan struct{})
			slow := tokenFunc(func() (*oauth2.Token, error) { <-release; return nil, errors.New("too late") })
			c, tr := newScripted(t, alwaysReply(204, ""), WithTokenSource(slow), WithTokenTimeout(5*time.Second))
			start := time.Now()
			err := c.Do(t.Context(), listDefinitionsReq(), nil)
			assert.ErrorContains(t, err, "did not answer within 5s")
			assert.Equal(t, 5*time.Second, time.Since(start))
			assert.Empty(t, tr.requests())
			close(release)
		})
	})
}

// tokenFunc adapts a function to oauth2.TokenSource.
type tokenFunc func() (*oauth2.Token, error)

func (f tokenFunc) Token() (*oauth2.Token, error) { return f() }

func TestClientCredentials(t *testing.T) {
	t.Parallel()
	const tenant, clientID, secret = "contoso.onmicrosoft.com", "7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53", "Sup3r~Secret"
	tests := []struct {
		cloud        Cloud
		login, graph string
	}{
		{Global, "login.microsoftonline.com", "graph.microsoft.com"},
		{USGovL4, "login.microsoftonline.us", "graph.microsoft.us"},
		{USGovL5DoD, "login.microsoftonline.us", "dod-graph.microsoft.us"},
		{China, "login.chinacloudapi.cn", "microsoftgraph.chinacloudapi.cn"},
	}
	for _, tt := range tests {
		t.Run(tt.cloud.String(), func(t *testing.T) {
			t.Parallel()
			mt := httpmock.NewMockTransport()
			tokenCalls := 0
			mt.RegisterResponder(http.MethodPost, "https://"+tt.login+"/"+tenant+"/oauth2/v2.0/token", func(r *http.Request) (*http.Response, error) {
				tokenCalls++
				assert.Empty(t, r.Header.Get("Authorization"), "AuthStyleInParams: no basic auth")
				require.NoError(t, r.ParseForm())
				assert.Equal(t, "client_credentials", r.PostForm.Get("grant_type"))
				assert.Equal(t, clientID, r.PostForm.Get("client_id"))
				assert.Equal(t, secret, r.PostForm.Get("client_secret"))
				assert.Equal(t, "https://"+tt.graph+"/.default", r.PostForm.Get("scope"))
				return httpmock.NewStringResponse(200, `{"access_token":"at-1","token_type":"Bearer","expires_in":3600}`), nil
			})
			graphCalls := 0
			mt.RegisterResponder(http.MethodGet, "https://"+tt.graph+"/v1.0/me", func(r *http.Request) (*http.Response, error) {
				graphCalls++
				assert.Equal(t, "Bearer at-1", r.Header.Get("Authorization"))
				return httpmock.NewStringResponse(200, `{}`), nil
			})
			c, err := NewClient(WithCloud(tt.cloud), WithClientCredentials(tenant, clientID, secret), WithHTTPClient(&http.Client{Transport: mt}))
			require.NoError(t, err)
			for range 2 {
				require.NoError(t, c.Do(t.Context(), &Request{Method: http.MethodGet, Path: "me"}, nil))
			}
			assert.Equal(t, 1, tokenCalls)
			assert.Equal(t, 2, graphCalls)
		})
	}
}

func TestClientCredentialsErrorHidesSecret(t *testing.T) {
	t.Parallel()
	const secret = "Sup3r~Secret~Value"
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodPost, `=~^https://login\.microsoftonline\.com/`, httpmock.NewStringResponder(401,
		`{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.","trace_id":"t"}`))
	graph := 0
	mt.RegisterNoResponder(func(*http.Request) (*http.Response, error) { graph++; return nil, errors.New("unexpected") })
	c, err := NewClient(WithClientCredentials("7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53", "7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53", secret),
		WithHTTPClient(&http.Client{Transport: mt}))
	require.NoError(t, err)
	err = c.Do(t.Context(), listDefinitionsReq(), nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "invalid_client")
	assert.Contains(t, err.Error(), "AADSTS7000215", "the Entra error number names the cause and is kept")
	assert.NotContains(t, err.Error(), "Invalid client secret provided", "the description is dropped")
	assert.NotContains(t, err.Error(), secret)
	assert.Zero(t, graph, "Graph is never called without a token")
	assert.Equal(t, 1, mt.GetTotalCallCount(), "a token failure is not retried")
}

func TestTransportSendsOnlyToTheRoot(t *testing.T) {
	t.Parallel()
	tests := []string{
		"https://evil.example/v1.0/me",
		"https://graph.microsoft.com.evil.example/v1.0/me",
		"http://graph.microsoft.com/v1.0/me",
		"https://graph.microsoft.com:8443/v1.0/me",
		"https://user@graph.microsoft.com/v1.0/me",
	}
	for _, target := range tests {
		t.Run(target, func(t *testing.T) {
			t.Parallel()
			tokens := &countingTokens{}
			c, tr := newScripted(t, alwaysReply(200, `{}`), WithTokenSource(tokens))
			u, err := url.Parse(target)
			require.NoError(t, err)

			// Through Do, as a next link that slipped past the pager.
			err = c.Do(t.Context(), &Request{Method: http.MethodGet, nextLink: u}, nil)
			assert.ErrorIs(t, err, ErrUntrustedNextLink)

			// Straight into the transport, as a bug elsewhere might.
			st := &call{c: c, method: http.MethodGet, path: "/x", clientRequestID: newRequestID()}
			req, err := http.NewRequestWithContext(context.WithValue(t.Context(), callKey{}, st), http.MethodGet, target, nil)
			require.NoError(t, err)
			_, err = c.hc.Transport.RoundTrip(req)
			assert.ErrorContains(t, err, "refusing to send")

			assert.Empty(t, tr.requests())
			assert.Zero(t, tokens.calls.Load(), "no token is even fetched")
		})
	}
	c, tr := newScripted(t, alwaysReply(200, `{}`), WithTokenSource(&countingTokens{}))
	u, _ := url.Parse("https://GRAPH.microsoft.com:443/v1.0/users?$skiptoken=abc")
	require.NoError(t, c.Do(t.Context(), &Request{Method: http.MethodGet, nextLink: u}, nil))
	require.Len(t, tr.requests(), 1)
	assert.Equal(t, "https://GRAPH.microsoft.com:443/v1.0/users?$skiptoken=abc", tr.requests()[0].URL, "sent verbatim")
	assert.Equal(t, "Bearer tok-1", tr.requests()[0].Header.Get("Authorization"))
}
