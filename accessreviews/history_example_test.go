package accessreviews_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
)

// A history report selects reviews by their schedule definitions' scope
// queries; HistoryScope builds the query with the typed filter builders.
func ExampleHistoryScope() {
	s := accessreviews.HistoryScope(odata.Contains("scope/query", "/groups"))
	fmt.Println(s.Query)
	// Output: /identityGovernance/accessReviews/definitions?$filter=contains(scope/query,'/groups')
}

// Let group owners manage the reviews of their own groups (beta).
func ExamplePolicyService_Update() {
	ctx := context.Background()
	client, err := accessreviews.NewClient(odata.WithClientCredentials(
		os.Getenv("AZURE_TENANT_ID"), os.Getenv("AZURE_CLIENT_ID"), os.Getenv("AZURE_CLIENT_SECRET")))
	if err != nil {
		log.Fatal(err)
	}
	enabled := true
	if err := client.Policy.Update(ctx, accessreviews.PolicyUpdate{IsGroupOwnerManagementEnabled: &enabled}); err != nil {
		log.Fatal(err)
	}
}
