package adversarial

import (
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
)

// The tests of this file are regressions: each failed on an earlier version
// of the library, which leaked a credential or missed a size limit.

// TestTokenEndpointEchoDoesNotLeakSecret: a token endpoint (or a proxy in
// front of it) that answers a non-JSON error page echoing the form it got
// made the call's error quote client_secret, because the oauth2
// RetrieveError text (status plus raw body) was kept when the body had no
// error code (odata/auth.go, tokenCache.run).
func TestTokenEndpointEchoDoesNotLeakSecret(t *testing.T) {
	t.Parallel()
	w := newWorld(t, echoCredentials(http.StatusTeapot), func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rw.Header().Set("Content-Type", "text/plain")
		rw.WriteHeader(http.StatusInternalServerError)
		_, _ = rw.Write(append([]byte("bad request: "), body...))
	})
	c := credentialClient(t, w)
	_, err := c.Definitions.Get(ctx(t), defID)
	require.Error(t, err)
	assertNoSecrets(t, "token endpoint error", err.Error())
}

// TestSwappedCredentialsAreNotQuoted: WithClientCredentials(tenant,
// secret, clientID), the secret passed where the client ID belongs, makes
// NewClient's error quote the first 64 bytes of the secret, because
// CheckGUID quoted the value it refused (odata/validate.go).
func TestSwappedCredentialsAreNotQuoted(t *testing.T) {
	t.Parallel()
	_, err := odata.NewClient(odata.WithClientCredentials(tenantID, testSecret, clientID))
	require.ErrorIs(t, err, odata.ErrInvalid)
	assertNoSecrets(t, "option error", err.Error())
}

// TestEndlessErrorBodyIsTooLarge: an endless body on an error status must
// fail with ErrResponseTooLarge (transport policy c.6); the library used to
// cut it at WithMaxErrorBytes and return only the *odata.Error. It now
// returns the *odata.Error, marked Truncated, matching both its status and
// ErrResponseTooLarge. Memory stays bounded (TestBoundedBodies).
func TestEndlessErrorBodyIsTooLarge(t *testing.T) {
	srv := newServer(t, false, endlessHandler(http.StatusBadRequest))
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	c, err := odata.NewClient(odata.WithBaseURL(srv.URL), odata.WithHTTPClient(&http.Client{Transport: tr}), odata.WithRetryPolicy(odata.NoRetries()))
	require.NoError(t, err)
	err = c.Do(ctx(t), &odata.Request{Method: http.MethodGet, Path: "identityGovernance/accessReviews/definitions"}, nil)
	require.ErrorIs(t, err, odata.ErrResponseTooLarge)
	require.ErrorIs(t, err, odata.ErrBadRequest, "the status must survive the truncation")
}
