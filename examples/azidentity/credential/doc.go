// Package credential adapts an Azure Identity credential
// (azcore.TokenCredential, such as azidentity.DefaultAzureCredential) to the
// oauth2.TokenSource that odata.WithTokenSource takes.
//
// It lives in its own module, examples/azidentity, so that the SDK itself
// depends only on golang.org/x/oauth2 and programs that authenticate another
// way never download or link the Azure SDK.
//
// # Usage
//
//	cred, err := azidentity.NewDefaultAzureCredential(nil)
//	if err != nil { ... }
//	client, err := accessreviews.NewClient(
//		odata.WithCloud(odata.Global),
//		odata.WithTokenSource(credential.TokenSource(cred, odata.Global)),
//	)
//
// # Scope, cloud and deadline
//
// Every token is asked for the Graph scope of one national cloud
// (odata.Cloud.Scope, "https://graph.microsoft.com/.default" for Global);
// build the azidentity credential for the same cloud (see Authority), since
// tokens are not interchangeable across clouds. oauth2.TokenSource has no
// context, so each GetToken call runs under its own deadline of
// GetTokenTimeout: a credential that cannot reach its authority fails instead
// of hanging the caller.
//
// # Caching
//
// The source asks the credential on every call and caches nothing itself.
// That is deliberate: odata.Client caches tokens, renews them three minutes
// before their expiry and drops them after a 401, which an
// oauth2.ReuseTokenSource in between would defeat (odata.WithTokenSource asks
// for a source without one). Azure Identity credentials keep their own
// in-memory cache, so a call is cheap while the token is fresh. To use the
// source anywhere else (oauth2.NewClient), wrap it in oauth2.ReuseTokenSource.
package credential
