package credential_test

import (
	"context"
	"fmt"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/examples/azidentity/credential"
	"github.com/graphkit/governance/odata"
)

// staticCredential stands in for azidentity.NewDefaultAzureCredential,
// which needs a real sign-in.
type staticCredential struct{}

func (staticCredential) GetToken(_ context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	fmt.Println("asked for", opts.Scopes)
	return azcore.AccessToken{Token: "token", ExpiresOn: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}, nil
}

func ExampleTokenSource() {
	// In a program: cred, err := azidentity.NewDefaultAzureCredential(nil)
	var cred azcore.TokenCredential = staticCredential{}

	ts := credential.TokenSource(cred, odata.USGovL4)
	tok, err := ts.Token()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tok.Type(), "token, expires", tok.Expiry.Format(time.RFC3339))

	// Give the same source and cloud to the SDK's client.
	_, err = accessreviews.NewClient(odata.WithCloud(odata.USGovL4), odata.WithTokenSource(ts))
	fmt.Println("client built:", err == nil)
	// Output:
	// asked for [https://graph.microsoft.us/.default]
	// Bearer token, expires 2026-03-01T10:00:00Z
	// client built: true
}

func ExampleAuthority() {
	authority, err := credential.Authority(odata.China)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Pass it as azidentity.DefaultAzureCredentialOptions{ClientOptions:
	// azcore.ClientOptions{Cloud: authority}}.
	fmt.Println(authority.ActiveDirectoryAuthorityHost)
	// Output:
	// https://login.chinacloudapi.cn/
}
