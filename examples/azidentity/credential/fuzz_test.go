package credential_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/examples/azidentity/credential"
	"github.com/graphkit/governance/odata"
)

// FuzzTokenSource feeds the adapter arbitrary clouds, tokens, expiries and
// error texts: it never panics, a token comes back unchanged as a Bearer
// token, and a failure carries no token.
func FuzzTokenSource(f *testing.F) {
	f.Add("global", secretToken, int64(1772359200), "")
	f.Add("usgovl4", "t", int64(0), "")
	f.Add("china", "", int64(-1), "")
	f.Add("mars", "t", int64(1), "")
	f.Add("", "t", int64(1772359200), "AADSTS70011: invalid scope")
	f.Fuzz(func(t *testing.T, cloud, token string, expiry int64, errText string) {
		var credErr error
		if errText != "" {
			credErr = errors.New(errText)
		}
		expires := time.Unix(expiry, 0)
		cred := &fakeCredential{token: azcore.AccessToken{Token: token, ExpiresOn: expires}, err: credErr}
		tok, err := credential.TokenSource(cred, odata.Cloud(cloud)).Token()
		known := odata.Cloud(cloud).GraphHost() != ""
		if !known || credErr != nil || token == "" {
			require.Error(t, err)
			assert.Nil(t, tok)
			assert.True(t, strings.HasPrefix(err.Error(), "credential: "), "error %q lacks the package prefix", err)
			if credErr != nil && known {
				assert.ErrorIs(t, err, credErr)
			}
			return
		}
		require.NoError(t, err)
		assert.Equal(t, token, tok.AccessToken)
		assert.Equal(t, "Bearer", tok.TokenType)
		assert.True(t, tok.Expiry.Equal(expires))
		assert.Equal(t, []string{odata.Cloud(cloud).Scope()}, cred.scopes[0])
	})
}
