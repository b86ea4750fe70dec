package credential

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"golang.org/x/oauth2"

	"github.com/graphkit/governance/odata"
)

// GetTokenTimeout bounds one GetToken call. It matches
// odata.DefaultTokenTimeout: long enough for a managed identity endpoint or
// the Azure CLI to answer, short enough that a dead authority is reported.
const GetTokenTimeout = 30 * time.Second

// TokenSource returns an oauth2.TokenSource whose Token asks cred for a
// token scoped to the Graph of cloud, under a deadline of GetTokenTimeout.
// The token is a Bearer token that expires when the credential says it does.
// Errors of the credential are wrapped, so errors.Is and errors.As still see
// them. A nil cred or an unknown cloud gives a source whose Token fails.
func TokenSource(cred azcore.TokenCredential, c odata.Cloud) oauth2.TokenSource {
	return &tokenSource{cred: cred, cloud: c, timeout: GetTokenTimeout}
}

// Authority returns the azcore cloud configuration whose token authority
// issues tokens for the Graph of c, for azcore.ClientOptions.Cloud. The host
// comes from odata.Cloud.LoginHost, so the credential and the SDK can never
// disagree on where a cloud's tokens come from. An unknown cloud is an error.
func Authority(c odata.Cloud) (cloud.Configuration, error) {
	host := c.LoginHost()
	if host == "" {
		return cloud.Configuration{}, fmt.Errorf("credential: unknown cloud %q", string(c))
	}
	return cloud.Configuration{ActiveDirectoryAuthorityHost: "https://" + host + "/"}, nil
}

// tokenSource is the adapter TokenSource returns. It is immutable, so one
// value is safe for the concurrent calls of an odata.Client.
type tokenSource struct {
	cred    azcore.TokenCredential
	cloud   odata.Cloud
	timeout time.Duration
}

// Token implements oauth2.TokenSource.
func (s *tokenSource) Token() (*oauth2.Token, error) {
	if s.cred == nil {
		return nil, errors.New("credential: no token credential")
	}
	if s.cloud.GraphHost() == "" {
		return nil, fmt.Errorf("credential: unknown cloud %q", string(s.cloud))
	}
	scope := s.cloud.Scope()
	// oauth2.TokenSource carries no context, so the deadline is our own;
	// Azure Identity credentials honour it, including while they wait for
	// the Azure CLI or a managed identity endpoint.
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	at, err := s.cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{scope}})
	if err != nil {
		return nil, fmt.Errorf("credential: get token for %s: %w", scope, err)
	}
	if at.Token == "" {
		// An empty token would be sent as a bare "Bearer " header and
		// answered with a 401 that hides the real cause.
		return nil, fmt.Errorf("credential: get token for %s: the credential returned an empty token", scope)
	}
	return &oauth2.Token{AccessToken: at.Token, TokenType: "Bearer", Expiry: at.ExpiresOn}, nil
}
