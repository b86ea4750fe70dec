package accessreviews_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

// A history report selects reviews by their schedule definitions' scope
// queries; HistoryScope builds the query with the typed filter builders.
func ExampleHistoryScope() {
	s := accessreviews.HistoryScope(odata.Contains("scope/query", "/groups"))
	fmt.Println(s.Query)
	// Output: /identityGovernance/accessReviews/definitions?$filter=contains(scope/query,'/groups')
}

// Export last quarter's group reviews: create the report, wait for its run,
// get a download address and stream the CSV. The download goes to a storage
// host without the Graph token.
func ExampleHistoryService_Wait() {
	ctx := context.Background()
	client, err := accessreviews.NewClient(odata.WithClientCredentials(
		os.Getenv("AZURE_TENANT_ID"), os.Getenv("AZURE_CLIENT_ID"), os.Getenv("AZURE_CLIENT_SECRET")))
	if err != nil {
		log.Fatal(err)
	}
	end := time.Now().UTC()
	report, err := client.History.Create(ctx, &accessreviews.HistoryDefinition{
		DisplayName:                      "Last quarter's group reviews",
		Decisions:                        []accessreviews.HistoryDecisionFilter{accessreviews.HistoryDeny},
		ReviewHistoryPeriodStartDateTime: odata.DateTime{Time: end.AddDate(0, -3, 0)},
		ReviewHistoryPeriodEndDateTime:   odata.DateTime{Time: end},
		Scopes:                           []scope.Scope{accessreviews.HistoryScope(odata.Contains("scope/query", "/groups"))},
	})
	if err != nil {
		log.Fatal(err)
	}
	run, err := client.History.Wait(ctx, report.ID, &accessreviews.HistoryWaitOptions{Timeout: 30 * time.Minute})
	if err != nil {
		log.Fatal(err)
	}
	run, err = client.History.GenerateDownloadURI(ctx, report.ID, run.ID)
	if err != nil {
		log.Fatal(err)
	}
	for row, err := range client.History.DownloadRows(ctx, run.DownloadURI, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(row)
	}
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
