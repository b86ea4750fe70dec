package odata

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// jwt returns an unsigned-looking JWT with the given claims.
func jwt(claims string) string {
	return "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9." + base64.RawURLEncoding.EncodeToString([]byte(claims)) + ".c2lnbmF0dXJl"
}

// Claims of Entra access tokens for Graph.
var (
	appJWT         = jwt(`{"aud":"https://graph.microsoft.com","idtyp":"app","roles":["AccessReview.ReadWrite.All"],"tid":"t"}`)
	rolesOnlyJWT   = jwt(`{"aud":"https://graph.microsoft.com","roles":["AccessReview.ReadWrite.All"]}`)
	userJWT        = jwt(`{"aud":"https://graph.microsoft.com","idtyp":"user","scp":"AccessReview.ReadWrite.All","name":"Adele Vance"}`)
	userRolesJWT   = jwt(`{"aud":"https://graph.microsoft.com","scp":"AccessReview.ReadWrite.All","roles":["Reviewer"]}`)
	userIDTypeRole = jwt(`{"idtyp":"user","roles":["Reviewer"]}`)
)

func TestAppOnlyToken(t *testing.T) {
	t.Parallel()
	padded := strings.Split(appJWT, ".")
	tests := []struct {
		name string
		tok  string
		want bool
	}{
		{"idtyp app", appJWT, true},
		{"roles without scp", rolesOnlyJWT, true},
		{"padded payload", padded[0] + "." + padded[1] + "==." + padded[2], true},
		{"idtyp user", userJWT, false},
		{"user with app roles and scp", userRolesJWT, false},
		{"idtyp user wins over roles", userIDTypeRole, false},
		{"no claims", jwt(`{}`), false},
		{"opaque token", "EwBwA8l6BAAUkj1oAbc", false},
		{"encrypted token (five parts)", "a.b.c.d.e", false},
		{"payload not base64", "a.!!!.c", false},
		{"payload not JSON", jwt(`not json`), false},
		{"scp of the wrong type", jwt(`{"scp":1,"roles":["x"]}`), false},
		{"too long", jwt(`{"idtyp":"app","pad":"` + strings.Repeat("x", maxClaimsToken) + `"}`), false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, appOnlyToken(tt.tok))
		})
	}
}

func TestDelegatedTokenRequired(t *testing.T) {
	t.Parallel()
	recordReq := func(delegatedOnly bool) *Request {
		return &Request{Method: http.MethodPatch, Path: "identityGovernance/accessReviews/definitions/d/instances/i/decisions/x", Body: []byte(`{"decision":"Approve"}`), DelegatedOnly: delegatedOnly}
	}
	tests := []struct {
		name          string
		auth          []Option // nil: client credentials
		status        int
		delegatedOnly bool
		want          bool
	}{
		{"client credentials", nil, 403, true, true},
		{"client credentials, an operation apps may call", nil, 403, false, false},
		{"client credentials, another status", nil, 404, true, false},
		{"app JWT", []Option{staticToken(appJWT)}, 403, true, true},
		{"roles-only JWT", []Option{staticToken(rolesOnlyJWT)}, 403, true, true},
		{"user JWT: the 403 has another cause", []Option{staticToken(userJWT)}, 403, true, false},
		{"opaque token: unknown", []Option{staticToken("opaque-token")}, 403, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var logs bytes.Buffer
			opts := append([]Option{WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))}, tt.auth...)
			if tt.auth == nil {
				opts = append(opts, WithClientCredentials(testTenant, testClientID, "SECRET-client"))
			}
			c, tr := newScripted(t, func(_ int, r *sentRequest) (*http.Response, error) {
				if strings.HasPrefix(r.URL, "https://login.") {
					return newResponse(200, `{"access_token":"`+appJWT+`","token_type":"Bearer","expires_in":3600}`), nil
				}
				return newResponse(tt.status, graphErrorBody("Authorization_RequestDenied", "req-1")), nil
			}, opts...)

			err := c.Do(t.Context(), recordReq(tt.delegatedOnly), nil)
			require.Error(t, err)
			assert.Equal(t, tt.want, errors.Is(err, ErrDelegatedTokenRequired))
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.want, e.DelegatedTokenRequired)
			if tt.status == 403 {
				assert.ErrorIs(t, err, ErrForbidden, "still a 403")
			}
			if tt.want {
				assert.Contains(t, err.Error(), "needs a signed-in user's token and got an application token: sign in as the reviewer (odata.WithDeviceCode)")
			} else {
				assert.NotContains(t, err.Error(), "WithDeviceCode")
			}
			assert.Equal(t, 1, countGraph(tr), "a 403 is not retried")
			assert.NotContains(t, logs.String(), appJWT[40:], "the token is never logged")
			assert.NotContains(t, err.Error(), appJWT[40:])
		})
	}
	t.Run("a device code token never matches", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			p := newIdentityPlatform()
			p.graphForbidden = true
			pr := &prompts{onShown: func(DeviceCodePrompt) { p.approve() }}
			c := newDeviceClient(t, p, DeviceCode{Prompt: pr.prompt})
			err := c.Do(t.Context(), recordReq(true), nil)
			assert.ErrorIs(t, err, ErrForbidden)
			assert.NotErrorIs(t, err, ErrDelegatedTokenRequired)
		})
	})
}

// staticToken is WithTokenSource with one fixed token.
func staticToken(tok string) Option {
	return WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok, TokenType: "Bearer"}))
}

// countGraph counts the requests that went to Graph.
func countGraph(tr *scriptTransport) int {
	n := 0
	for _, r := range tr.requests() {
		if strings.HasPrefix(r.URL, graphRoot) {
			n++
		}
	}
	return n
}

func TestDelegatedTokenRequiredOnALaterPage(t *testing.T) {
	t.Parallel()
	c, _ := newScripted(t, func(_ int, r *sentRequest) (*http.Response, error) {
		switch {
		case strings.HasPrefix(r.URL, "https://login."):
			return newResponse(200, `{"access_token":"`+appJWT+`","token_type":"Bearer","expires_in":3600}`), nil
		case strings.Contains(r.URL, "skiptoken"):
			return newResponse(403, graphErrorBody("Authorization_RequestDenied", "req-2")), nil
		default:
			return newResponse(200, `{"value":[{"id":"a"}],"@odata.nextLink":"`+graphRoot+`/v1.0/me/pendingAccessReviewInstances?$skiptoken=2"}`), nil
		}
	}, WithClientCredentials(testTenant, testClientID, "SECRET-client"))
	req := &Request{Method: http.MethodGet, Path: "me/pendingAccessReviewInstances", DelegatedOnly: true}
	var got []string
	var last error
	for item, err := range All[struct {
		ID string `json:"id"`
	}](t.Context(), c, req) {
		if err != nil {
			last = err
			break
		}
		got = append(got, item.ID)
	}
	assert.Equal(t, []string{"a"}, got)
	assert.ErrorIs(t, last, ErrDelegatedTokenRequired, "the second page is as delegated-only as the first")
}

// TestBatchItemDelegatedTokenRequired answers every item of a $batch 403,
// as Graph answers recording a decision with an application token: items
// marked DelegatedOnly match ErrDelegatedTokenRequired when the envelope
// carried an application token, as a single call would.
func TestBatchItemDelegatedTokenRequired(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		token         string
		delegatedOnly bool
		status        int
		want          bool
	}{
		{"app token, delegated-only, 403", appJWT, true, 403, true},
		{"roles without scp, delegated-only, 403", rolesOnlyJWT, true, 403, true},
		{"user token, delegated-only, 403", userJWT, true, 403, false},
		{"opaque token, delegated-only, 403", "EwBwA8l6BAAUkj1oAbc", true, 403, false},
		{"app token, not delegated-only, 403", appJWT, false, 403, false},
		{"app token, delegated-only, 404", appJWT, true, 404, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := &batchFake{answer: func(int, batchWireRequest) batchWireResponse {
				return batchWireResponse{Status: tt.status, Body: json.RawMessage(graphErrorBody("Forbidden", "r"))}
			}}
			c, tr := newScripted(t, fake.reply, WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tt.token})))
			reqs := []BatchRequest{
				{ID: "1", Method: http.MethodPatch, Path: "d/1", Body: map[string]string{"decision": "Approve"}, DelegatedOnly: tt.delegatedOnly},
				{ID: "2", Method: http.MethodPatch, Path: "d/2", Body: map[string]string{"decision": "Deny"}, DelegatedOnly: tt.delegatedOnly},
			}
			results, err := c.Batch(t.Context(), reqs)
			require.NoError(t, err)
			require.Len(t, tr.requests(), 1, "one envelope")
			assert.Equal(t, "Bearer "+tt.token, tr.requests()[0].Header.Get("Authorization"))
			for _, r := range results {
				require.Error(t, r.Err)
				assert.Equal(t, tt.status, r.Status)
				assert.Equal(t, tt.want, errors.Is(r.Err, ErrDelegatedTokenRequired), r.Err)
				if tt.want {
					assert.ErrorIs(t, r.Err, ErrForbidden)
					assert.Contains(t, r.Err.Error(), "sign in as the reviewer")
				}
			}
		})
	}
}

// TestBatchItemDelegatedTokenRequiredWithClientCredentials: a token of
// WithClientCredentials is an application token whatever its shape.
func TestBatchItemDelegatedTokenRequiredWithClientCredentials(t *testing.T) {
	t.Parallel()
	fake := &batchFake{answer: func(int, batchWireRequest) batchWireResponse {
		return batchWireResponse{Status: 403, Body: json.RawMessage(graphErrorBody("Forbidden", "r"))}
	}}
	c, _ := newScripted(t, func(n int, r *sentRequest) (*http.Response, error) {
		if strings.HasSuffix(r.Path, "/oauth2/v2.0/token") {
			return newResponse(200, `{"access_token":"opaque-app","token_type":"Bearer","expires_in":3600}`), nil
		}
		return fake.reply(n, r)
	}, WithClientCredentials("contoso.onmicrosoft.com", "7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53", "s3cret"), WithLoginBaseURL(graphRoot))
	results, err := c.Batch(t.Context(), []BatchRequest{{ID: "1", Method: http.MethodPatch, Path: "d/1", Body: map[string]string{}, DelegatedOnly: true}})
	require.NoError(t, err)
	assert.ErrorIs(t, results[0].Err, ErrDelegatedTokenRequired)
}
