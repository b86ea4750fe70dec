package accessreviews_test

import (
	"context"
	"fmt"
	"log"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
)

// A history report selects reviews by their schedule definitions' scope
// queries; HistoryScope builds the query with the typed filter builders.
func ExampleHistoryScope() {
	s := accessreviews.HistoryScope(odata.Contains("scope/query", "/groups"))
	fmt.Println(s.Query)
	// Output: /identityGovernance/accessReviews/definitions?$filter=contains(scope/query,'/groups')
}

// Let group owners manage the reviews of their own groups. The policy
// exists in beta only; the client sends these calls to beta by itself.
func ExamplePolicyService_Update() {
	s := accessreviewstest.NewServer()
	defer s.Close()
	ctx := context.Background()
	client := s.Client()

	enabled := true
	if err := client.Policy.Update(ctx, accessreviews.PolicyUpdate{IsGroupOwnerManagementEnabled: &enabled}); err != nil {
		log.Fatal(err)
	}
	p, err := client.Policy.Get(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.DisplayName, "| group owners manage reviews:", p.IsGroupOwnerManagementEnabled)
	for _, r := range s.Requests() {
		fmt.Println(r.Method, r.Path)
	}
	// Output:
	// Access review policy | group owners manage reviews: true
	// PATCH /beta/policies/accessReviewPolicy
	// GET /beta/policies/accessReviewPolicy
}
