package scope_test

import (
	"fmt"

	"github.com/graphkit/governance/scope"
)

// A review of every Microsoft 365 group, one instance per group, covering
// the guests among each group's members who have not signed in for 30 days,
// reviewed by the group's owners, with a named fallback reviewer.
func Example() {
	enumeration := scope.AllMicrosoft365Groups()
	covered := scope.EachGroup().Members().Users().Guests().InactiveFor(30)
	reviewers := []scope.Reviewer{scope.GroupOwners()}
	fallback := []scope.Reviewer{scope.User("c9a5aff7-9298-4d71-adab-0a222e0a05e4")}

	fmt.Println(scope.DescribeReview(covered, enumeration))
	fmt.Println("reviewed by", scope.DescribeReviewers(reviewers)+", or else", scope.DescribeReviewers(fallback))
	fmt.Println("valid:", scope.Validate(covered) == nil, "warnings:", len(scope.Lint(covered)))

	wire, err := scope.Marshal(covered)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(wire))

	// A typo in a hand-written reviewer query is sent, with a warning.
	for _, w := range scope.ReviewerQuery("./manger").Lint() {
		fmt.Println("warning:", w)
	}
	// Output:
	// guest users among the direct members of each Microsoft 365 group, inactive for 30 days
	// reviewed by the owners of each group, or else user c9a5aff7-9298-4d71-adab-0a222e0a05e4
	// valid: true warnings: 0
	// {"@odata.type":"#microsoft.graph.accessReviewInactiveUsersQueryScope","query":"./members/microsoft.graph.user/?$filter=(userType eq 'Guest')","queryType":"MicrosoftGraph","inactiveDuration":"P30D"}
	// warning: query: "./manger" is not a reviewer query the documentation shows; did you mean "./manager"?
}
