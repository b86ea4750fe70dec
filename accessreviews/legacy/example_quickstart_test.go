package legacy_test

import (
	"fmt"
	"time"

	"github.com/graphkit/governance/accessreviews/legacy"
	"github.com/graphkit/governance/odata"
)

// The migration quick start: convert a review of the retired beta API,
// as a script or an export still holds it, into a schedule definition of
// package accessreviews, and read the report of what did not carry over.
// Create the definition with client.Definitions.Create(ctx, &def).
func Example() {
	old := legacy.AccessReview{
		DisplayName:            "Guests of Sales",
		BusinessFlowTemplateID: "6e4f3d20-c5c3-407f-9695-8460952bcc68",
		ReviewerType:           legacy.ReviewerEntityOwners,
		ReviewedEntity:         legacy.Identity{ID: "99025615-a0b1-47ec-9117-35377b10998b"},
		StartDateTime:          odata.DateTime{Time: time.Date(2026, time.February, 2, 0, 0, 0, 0, time.UTC)},
		EndDateTime:            odata.DateTime{Time: time.Date(2026, time.February, 16, 0, 0, 0, 0, time.UTC)},
	}
	tpl := &legacy.BusinessFlowTemplate{ID: old.BusinessFlowTemplateID,
		DisplayName: "Access reviews of guest user memberships of a group"}

	def, report := legacy.ToDefinition(old, tpl, nil)
	fmt.Println(def.Scope)
	fmt.Println(def.Reviewers[0])
	fmt.Println(def.Settings.Recurrence)
	fmt.Println(report)
	// Output:
	// guest users among the direct and transitive members of group 99025615-a0b1-47ec-9117-35377b10998b
	// the owners of group 99025615-a0b1-47ec-9117-35377b10998b
	// once on 2026-02-02, ending 2026-02-16
	// dropped programControls: programs and program controls have no equivalent: a program linking this review is not carried over
}
