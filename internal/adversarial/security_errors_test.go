package adversarial

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
)

// echoCredentials is a Graph that fails every call and echoes what it
// received into places the library must not repeat: a header outside the
// correlation allowlist and an innerError field it does not surface.
func echoCredentials(status int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Echo-Authorization", r.Header.Get("Authorization"))
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", token="`+r.Header.Get("Authorization")+`"`)
		w.Header().Set("request-id", "11111111-2222-3333-4444-555555555555")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, `{"error":{"code":"Denied","message":"not allowed","innerError":{"echo":"`+r.Header.Get("Authorization")+`","query":"`+url.QueryEscape(r.URL.RawQuery)+`"}}}`)
	}
}

// hangUp is a server handler that reads the request and drops the
// connection without answering: the outcome of a write is unknown.
func hangUp(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("adversarial: server cannot hijack")
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

// TestErrorStringsCarryNoSecrets provokes every kind of error the library
// returns, with the token, the secret and a filter value in play, and
// checks that none of them appears in the error's text (as %v and %+v).
func TestErrorStringsCarryNoSecrets(t *testing.T) {
	t.Parallel()
	filtered := &accessreviews.ListOptions{Filter: odata.Eq("displayName", secretUPN)}
	tests := []struct {
		name  string
		graph http.HandlerFunc
		login http.HandlerFunc
		call  func(t *testing.T, c *accessreviews.Client) error
		is    error // the kind the error must match; nil to skip
		sent  int   // requests Graph must have seen; -1 to skip
	}{
		{"400 odata.Error", echoCredentials(http.StatusBadRequest), nil, func(t *testing.T, c *accessreviews.Client) error {
			return firstErr(c.Definitions.List(ctx(t), filtered))
		}, odata.ErrBadRequest, 1},
		{"401 odata.Error", echoCredentials(http.StatusUnauthorized), nil, func(t *testing.T, c *accessreviews.Client) error {
			_, err := c.Definitions.Get(ctx(t), defID)
			return err
		}, odata.ErrUnauthorized, -1},
		{"403 on a batch record", echoCredentials(http.StatusForbidden), nil, func(t *testing.T, c *accessreviews.Client) error {
			return c.Decisions.BatchRecord(ctx(t), defID, instID, accessreviews.BatchDecision{Decision: accessreviews.DecisionApprove, PrincipalID: userID, Justification: secretUPN})
		}, odata.ErrForbidden, 1},
		{"outcome unknown on create", hangUp, nil, func(t *testing.T, c *accessreviews.Client) error {
			d := validDefinition()
			d.DescriptionForAdmins = secretUPN
			_, err := c.Definitions.Create(ctx(t), d)
			return err
		}, odata.ErrOutcomeUnknown, 1},
		{"transport error on a filtered list", hangUp, nil, func(t *testing.T, c *accessreviews.Client) error {
			return firstErr(c.Decisions.List(ctx(t), defID, instID, filtered))
		}, nil, 1},
		{"untrusted next link", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"value":[],"@odata.nextLink":"https://evil.example/v1.0/x?$skiptoken=`+skipToken+`&token=`+testToken+`"}`)
		}, nil, func(t *testing.T, c *accessreviews.Client) error {
			return firstErr(c.Definitions.List(ctx(t), filtered))
		}, odata.ErrUntrustedNextLink, 1},
		{"token endpoint invalid_client", nil, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.","error_codes":[7000215]}`)
		}, func(t *testing.T, c *accessreviews.Client) error {
			_, err := c.Definitions.Get(ctx(t), defID)
			return err
		}, nil, 0},
		{"token endpoint HTML error", nil, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			_, _ = io.WriteString(w, "<html><body>gateway error</body></html>")
		}, func(t *testing.T, c *accessreviews.Client) error {
			_, err := c.Definitions.Get(ctx(t), defID)
			return err
		}, nil, 0},
		{"token endpoint empty token", nil, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"token_type":"Bearer","expires_in":3600,"access_token":""}`)
		}, func(t *testing.T, c *accessreviews.Client) error {
			_, err := c.Definitions.Get(ctx(t), defID)
			return err
		}, nil, 0},
		{"token endpoint garbage", nil, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"access_token":`)
		}, func(t *testing.T, c *accessreviews.Client) error {
			_, err := c.Definitions.Get(ctx(t), defID)
			return err
		}, nil, 0},
		{"token endpoint redirect", nil, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://evil.example/token", http.StatusTemporaryRedirect)
		}, func(t *testing.T, c *accessreviews.Client) error {
			_, err := c.Definitions.Get(ctx(t), defID)
			return err
		}, nil, 0},
		{"token endpoint hangs up", nil, hangUp, func(t *testing.T, c *accessreviews.Client) error {
			_, err := c.Definitions.Get(ctx(t), defID)
			return err
		}, nil, 0},
		{"validation error", nil, nil, func(t *testing.T, c *accessreviews.Client) error {
			return firstErr(c.Decisions.List(ctx(t), defID, instID, &accessreviews.ListOptions{Filter: odata.Eq("decision", []string{secretUPN})}))
		}, odata.ErrInvalid, 0},
		{"download URI with user info", nil, nil, func(t *testing.T, c *accessreviews.Client) error {
			_, err := c.History.Download(ctx(t), "https://reader:"+testSecret+"@storage.example/r.csv?sig="+testToken, nil)
			return err
		}, odata.ErrInvalid, 0},
		{"cancelled context", echoCredentials(http.StatusOK), nil, func(t *testing.T, c *accessreviews.Client) error {
			cctx, cancel := contextWithCancel(t)
			cancel()
			return firstErr(c.Definitions.List(cctx, filtered))
		}, nil, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			graph := tt.graph
			if graph == nil {
				graph = echoCredentials(http.StatusTeapot)
			}
			w := newWorld(t, graph, tt.login)
			c := credentialClient(t, w)
			err := tt.call(t, c)
			require.Error(t, err)
			if tt.is != nil {
				require.ErrorIs(t, err, tt.is)
			}
			assertNoSecrets(t, "error", err.Error())
			assertNoSecrets(t, "error %+v", fmt.Sprintf("%+v", err))
			if tt.sent >= 0 {
				assert.Equal(t, tt.sent, w.graph.hits(), "requests Graph saw")
			}
			w.requireNoEvil(t)
		})
	}
}

// TestOptionErrorsCarryNoSecrets feeds credentials to options in the wrong
// places: the errors must not quote them.
func TestOptionErrorsCarryNoSecrets(t *testing.T) {
	t.Parallel()
	tests := map[string][]odata.Option{
		"base URL with user info": {odata.WithBaseURL("https://admin:" + testSecret + "@graph.microsoft.com")},
		"base URL with a query":   {odata.WithBaseURL("https://graph.microsoft.com/?access_token=" + testToken)},
		"blank secret":            {odata.WithClientCredentials(tenantID, clientID, "   ")},
		"secret as user agent":    {odata.WithUserAgent("bot\x00" + testSecret)},
	}
	for name, opts := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := odata.NewClient(opts...)
			require.ErrorIs(t, err, odata.ErrInvalid)
			assertNoSecrets(t, "option error", err.Error())
		})
	}
}
