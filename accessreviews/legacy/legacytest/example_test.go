package legacytest_test

//lint:file-ignore SA1019 the example shows the retired legacy API on the fake

import (
	"context"
	"errors"
	"fmt"

	"github.com/graphkit/governance/accessreviews/legacy"
	"github.com/graphkit/governance/accessreviews/legacy/legacytest"
	"github.com/graphkit/governance/odata"
)

// By default the legacy API answers as the retired service does today:
// no data. Held reviews are served as before 19 May 2023, so a migration
// can read them, convert them and create their definitions.
func ExampleServer_HoldLegacyReviews() {
	s := legacytest.NewServer()
	defer s.Close()
	ctx := context.Background()
	lc := s.LegacyClientAs("f260246a-09b1-4fd5-8d18-daed736071ec")
	const template = "6e4f3d20-c5c3-407f-9695-8460952bcc68"

	_, err := lc.AccessReviews.Get(ctx, "006111db-0810-4494-a6df-904d368bd81b")
	var ge *odata.Error
	fmt.Println("retired:", errors.As(err, &ge) && ge.Code == "itemNotFound")

	s.HoldLegacyTemplates(legacy.BusinessFlowTemplate{ID: template, DisplayName: "Access reviews of memberships of a group"})
	s.HoldLegacyReviews(legacy.AccessReview{
		ID:                     "006111db-0810-4494-a6df-904d368bd81b",
		DisplayName:            "TestReview",
		BusinessFlowTemplateID: template,
		ReviewerType:           legacy.ReviewerSelf,
		ReviewedEntity:         legacy.Identity{ID: "99025615-a0b1-47ec-9117-35377b10998b"},
	})
	for ar, err := range lc.AccessReviews.List(ctx, template, nil) {
		if err != nil {
			fmt.Println(err)
			return
		}
		def, report := legacy.ToDefinition(ar, &legacy.BusinessFlowTemplate{ID: template, DisplayName: "Access reviews of memberships of a group"}, nil)
		fmt.Println("held:", ar.DisplayName, "->", def.Scope)
		fmt.Println("report entries:", len(report.Entries) > 0)
	}
	// Output:
	// retired: true
	// held: TestReview -> direct and transitive members of group 99025615-a0b1-47ec-9117-35377b10998b
	// report entries: true
}
