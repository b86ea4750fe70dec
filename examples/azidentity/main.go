// Command azidentity lists the tenant's access review definitions with a
// credential from Azure Identity (azidentity.DefaultAzureCredential) instead
// of the SDK's own client-credentials helper.
//
// DefaultAzureCredential tries, in order, the AZURE_TENANT_ID /
// AZURE_CLIENT_ID / AZURE_CLIENT_SECRET (or certificate) environment, workload
// identity, a managed identity and the Azure CLI and Developer CLI sign-ins, so
// the same program runs on a laptop after `az login` and on an Azure VM or
// pod without a secret. The credential package turns it into the
// oauth2.TokenSource that odata.WithTokenSource takes.
//
// This example needs a real tenant: the in-memory fake service accepts only
// its own fake tokens, and Azure Identity cannot mint those. Without a usable
// Azure credential it prints what it tried and exits with status 1. The
// caller needs the AccessReview.Read.All permission (application or
// delegated).
//
// Run it from examples/azidentity, a module of its own so that the SDK does
// not depend on the Azure SDK:
//
//	az login   # or set AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET
//	AZURE_CLOUD=global go run .   # global (default), usgovl4, usgovl5 or china
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/examples/azidentity/credential"
	"github.com/graphkit/governance/examples/internal/setup"
	"github.com/graphkit/governance/odata"
)

// envCloud names the national cloud, as in the other examples.
const envCloud = "AZURE_CLOUD"

// newCredentialFunc builds the Azure credential for a cloud; main passes
// defaultCredential, tests a fake.
type newCredentialFunc func(odata.Cloud) (azcore.TokenCredential, error)

func main() {
	if err := run(context.Background(), os.Getenv, defaultCredential, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

// run connects to the Graph of the cloud named by AZURE_CLOUD with the
// credential newCred builds, and lists the definitions on out.
func run(ctx context.Context, getenv func(string) string, newCred newCredentialFunc, out io.Writer) error {
	cloud, err := setup.ParseCloud(getenv(envCloud))
	if err != nil {
		return err
	}
	cred, err := newCred(cloud)
	if err != nil {
		return fmt.Errorf("azidentity: build the Azure credential: %w", err)
	}
	ts := credential.TokenSource(cred, cloud)
	// Ask for a token before any request: DefaultAzureCredential only finds
	// out at its first token that nothing is configured, and this says so
	// plainly rather than as the failure of the first Graph call.
	if _, err := ts.Token(); err != nil {
		return fmt.Errorf("azidentity: no usable Azure credential for the %s cloud "+
			"(this example needs a tenant and cannot run on the fake service; "+
			"sign in with `az login` or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET): %w", cloud, err)
	}
	client, err := accessreviews.NewClient(odata.WithCloud(cloud), odata.WithTokenSource(ts))
	if err != nil {
		return fmt.Errorf("azidentity: %w", err)
	}
	fmt.Fprintf(out, "Signed in with Azure Identity; listing definitions on %s\n", cloud.GraphHost())
	n, err := listDefinitions(ctx, client, out)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%d definition(s)\n", n)
	return nil
}

// listDefinitions prints one block per definition and returns how many
// there were.
func listDefinitions(ctx context.Context, client *accessreviews.Client, out io.Writer) (int, error) {
	n := 0
	for def, err := range client.Definitions.List(ctx, nil) {
		if err != nil {
			return n, fmt.Errorf("azidentity: list definitions: %w", err)
		}
		n++
		fmt.Fprintf(out, "%s  %-11s %s\n", def.ID, def.Status, def.DisplayName)
		fmt.Fprintf(out, "    reviews %s\n", describe(def))
	}
	return n, nil
}

// describe says in English who the definition reviews, including the
// groups it enumerates when it runs once per group.
func describe(def accessreviews.Definition) string {
	if def.Scope == nil {
		return "(no scope)"
	}
	s := def.Scope.String()
	if def.InstanceEnumerationScope != nil {
		s += ", in " + def.InstanceEnumerationScope.String()
	}
	return s
}

// defaultCredential builds a DefaultAzureCredential whose token authority is
// the one of cloud, so that its tokens are valid for that cloud's Graph.
func defaultCredential(cloud odata.Cloud) (azcore.TokenCredential, error) {
	authority, err := credential.Authority(cloud)
	if err != nil {
		return nil, err
	}
	return azidentity.NewDefaultAzureCredential(&azidentity.DefaultAzureCredentialOptions{
		ClientOptions: azcore.ClientOptions{Cloud: authority},
	})
}
