package credential_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/examples/azidentity/credential"
	"github.com/graphkit/governance/odata"
)

// secretToken is the access token the fake credential hands out; no error
// may ever contain it.
const secretToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.secret-payload.signature"

// errDenied stands for a credential failure (an AADSTS error, a missing
// az login).
var errDenied = errors.New("AADSTS7000215: invalid client secret provided")

// fakeCredential is an azcore.TokenCredential that records what it is
// asked. With block set it waits for the context to end, like a credential
// whose authority does not answer.
type fakeCredential struct {
	token azcore.AccessToken
	err   error
	block bool

	mu        sync.Mutex
	calls     int
	scopes    [][]string
	deadlines []time.Time
}

func (f *fakeCredential) GetToken(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	deadline, _ := ctx.Deadline()
	f.mu.Lock()
	f.calls++
	f.scopes = append(f.scopes, opts.Scopes)
	f.deadlines = append(f.deadlines, deadline)
	f.mu.Unlock()
	if f.block {
		<-ctx.Done()
		return azcore.AccessToken{}, ctx.Err()
	}
	return f.token, f.err
}

func (f *fakeCredential) callCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

func TestTokenSource(t *testing.T) {
	t.Parallel()
	expires := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	valid := azcore.AccessToken{Token: secretToken, ExpiresOn: expires, RefreshOn: expires.Add(-30 * time.Minute)}
	tests := []struct {
		name      string
		cloud     odata.Cloud
		cred      *fakeCredential
		wantScope string
		wantErr   error  // matched with errors.Is
		wantMsg   string // a part of the error message
	}{
		{name: "global", cloud: odata.Global, cred: &fakeCredential{token: valid}, wantScope: "https://graph.microsoft.com/.default"},
		{name: "zero cloud is global", cloud: "", cred: &fakeCredential{token: valid}, wantScope: "https://graph.microsoft.com/.default"},
		{name: "us gov l4", cloud: odata.USGovL4, cred: &fakeCredential{token: valid}, wantScope: "https://graph.microsoft.us/.default"},
		{name: "us gov l5 dod", cloud: odata.USGovL5DoD, cred: &fakeCredential{token: valid}, wantScope: "https://dod-graph.microsoft.us/.default"},
		{name: "china", cloud: odata.China, cred: &fakeCredential{token: valid}, wantScope: "https://microsoftgraph.chinacloudapi.cn/.default"},
		{
			name: "credential error is wrapped", cloud: odata.Global, cred: &fakeCredential{token: valid, err: errDenied},
			wantScope: "https://graph.microsoft.com/.default", wantErr: errDenied,
			wantMsg: "credential: get token for https://graph.microsoft.com/.default: AADSTS7000215",
		},
		{
			name: "empty token", cloud: odata.Global, cred: &fakeCredential{token: azcore.AccessToken{ExpiresOn: expires}},
			wantScope: "https://graph.microsoft.com/.default", wantMsg: "the credential returned an empty token",
		},
		{name: "unknown cloud", cloud: "mars", cred: &fakeCredential{token: valid}, wantMsg: `credential: unknown cloud "mars"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tok, err := credential.TokenSource(tt.cred, tt.cloud).Token()
			if tt.wantScope == "" {
				assert.Zero(t, tt.cred.callCount(), "the credential must not be asked for an unknown cloud")
			} else {
				require.Equal(t, 1, tt.cred.callCount())
				assert.Equal(t, [][]string{{tt.wantScope}}, tt.cred.scopes)
			}
			if tt.wantMsg != "" || tt.wantErr != nil {
				require.Error(t, err)
				assert.Nil(t, tok, "no token on failure")
				assert.Contains(t, err.Error(), tt.wantMsg)
				assert.NotContains(t, err.Error(), secretToken)
				if tt.wantErr != nil {
					assert.ErrorIs(t, err, tt.wantErr)
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, secretToken, tok.AccessToken)
			assert.Equal(t, "Bearer", tok.Type())
			assert.True(t, tok.Expiry.Equal(expires), "expiry is the credential's ExpiresOn, got %v", tok.Expiry)
		})
	}
}

func TestTokenSourceNilCredential(t *testing.T) {
	t.Parallel()
	tok, err := credential.TokenSource(nil, odata.Global).Token()
	assert.Nil(t, tok)
	assert.EqualError(t, err, "credential: no token credential")
}

// TestTokenSourceDeadline checks that every GetToken call gets a deadline of
// GetTokenTimeout, and that a credential that never answers fails at it.
// synctest's clock makes the 30 seconds pass at once.
func TestTokenSourceDeadline(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		block bool
	}{
		{name: "answering credential sees the deadline"},
		{name: "hanging credential times out", block: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				start := time.Now()
				cred := &fakeCredential{block: tt.block, token: azcore.AccessToken{Token: secretToken, ExpiresOn: start.Add(time.Hour)}}
				tok, err := credential.TokenSource(cred, odata.Global).Token()
				require.Len(t, cred.deadlines, 1)
				assert.Equal(t, start.Add(credential.GetTokenTimeout), cred.deadlines[0])
				if !tt.block {
					require.NoError(t, err)
					assert.Equal(t, secretToken, tok.AccessToken)
					assert.Equal(t, time.Duration(0), time.Since(start))
					return
				}
				assert.Nil(t, tok)
				assert.ErrorIs(t, err, context.DeadlineExceeded)
				assert.Equal(t, credential.GetTokenTimeout, time.Since(start))
			})
		})
	}
}

// TestTokenSourceWithClient runs the adapter behind an accessreviews.Client
// against a loopback Graph: the client caches the token until three minutes
// before its expiry, asks again after a 401, and reports a credential
// failure without sending anything.
func TestTokenSourceWithClient(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		expiresIn    time.Duration
		credErr      error
		first401     bool
		lists        int
		wantCalls    int
		wantRequests int
		wantErr      error
	}{
		{name: "fresh token is reused", expiresIn: time.Hour, lists: 3, wantCalls: 1, wantRequests: 3},
		{name: "token about to expire is renewed", expiresIn: time.Minute, lists: 3, wantCalls: 3, wantRequests: 3},
		{name: "401 asks the credential again", expiresIn: time.Hour, first401: true, lists: 1, wantCalls: 2, wantRequests: 2},
		{name: "credential failure sends nothing", credErr: errDenied, lists: 1, wantCalls: 1, wantRequests: 0, wantErr: errDenied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g := &graph{fail401: tt.first401}
			srv := httptest.NewServer(g)
			t.Cleanup(srv.Close)
			cred := &fakeCredential{err: tt.credErr, token: azcore.AccessToken{Token: secretToken, ExpiresOn: time.Now().Add(tt.expiresIn)}}
			// The one retry after a 401 is part of the retry policy; the
			// other cases must not retry, so that the counts are exact.
			policy := odata.NoRetries()
			if tt.first401 {
				policy = odata.DefaultRetryPolicy()
			}
			client, err := accessreviews.NewClient(
				odata.WithBaseURL(srv.URL),
				odata.WithTokenSource(credential.TokenSource(cred, odata.Global)),
				odata.WithRetryPolicy(policy),
			)
			require.NoError(t, err)

			for range tt.lists {
				for _, err := range client.Definitions.List(t.Context(), nil) {
					if tt.wantErr != nil {
						require.Error(t, err)
						assert.ErrorIs(t, err, tt.wantErr)
						assert.NotContains(t, err.Error(), secretToken)
						continue
					}
					require.NoError(t, err)
				}
			}
			assert.Equal(t, tt.wantCalls, cred.callCount(), "GetToken calls")
			auths := g.authorizations()
			assert.Len(t, auths, tt.wantRequests, "requests that reached Graph")
			for _, a := range auths {
				assert.Equal(t, "Bearer "+secretToken, a)
			}
		})
	}
}

// graph is a loopback stand-in for Graph that lists no definitions and
// records the Authorization header of every request.
type graph struct {
	mu      sync.Mutex
	fail401 bool
	auth    []string
}

func (g *graph) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	g.auth = append(g.auth, r.Header.Get("Authorization"))
	fail := g.fail401
	g.fail401 = false
	g.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if fail || !strings.HasSuffix(r.URL.Path, "/identityGovernance/accessReviews/definitions") {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired."}}`))
		return
	}
	_, _ = w.Write([]byte(`{"value":[]}`))
}

func (g *graph) authorizations() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.auth...)
}
