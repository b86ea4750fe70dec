package legacy_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/accessreviews/legacy"
	"github.com/graphkit/governance/odata"
)

// migrationTenant holds the group and the two reviewers the legacy review
// of testdata names.
func migrationTenant() accessreviewstest.Directory {
	return accessreviewstest.Directory{
		Users: []accessreviewstest.User{
			{ID: "f260246a-09b1-4fd5-8d18-daed736071ec", DisplayName: "Megan Bowen", UserPrincipalName: "MeganB@contoso.com"},
			{ID: "5a4e184c-4ee5-4883-96e9-b371f8da88e3", DisplayName: "Adele Vance", UserPrincipalName: "AdeleV@contoso.com"},
			{ID: "43b12b0c-ee2c-4257-96fe-505d823e06ab", DisplayName: "Alex Wilber", UserPrincipalName: "AlexW@contoso.com"},
		},
		Groups: []accessreviewstest.Group{{
			ID: "99025615-a0b1-47ec-9117-35377b10998b", DisplayName: "Finance", SecurityEnabled: true,
			Members: []string{"43b12b0c-ee2c-4257-96fe-505d823e06ab"},
		}},
	}
}

// A legacy review moved to the v1.0 API: convert it, starting today rather
// than on its stored 2017 dates, and create it as a schedule definition.
func ExampleToDefinition_createDefinition() {
	raw, err := os.ReadFile("testdata/legacy-accessreview-onetime-delegated.beta.json")
	if err != nil {
		log.Fatal(err)
	}
	var old legacy.AccessReview
	if err := json.Unmarshal(raw, &old); err != nil {
		log.Fatal(err)
	}
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(migrationTenant()))
	defer s.Close()
	ctx := context.Background()
	client := s.Client()

	tpl := &legacy.BusinessFlowTemplate{ID: old.BusinessFlowTemplateID, DisplayName: "Access reviews of memberships of a group"}
	today := odata.DateOf(s.Clock().Now())
	def, _ := legacy.ToDefinition(old, tpl, &legacy.ConvertOptions{StartDate: today})
	created, err := client.Definitions.Create(ctx, &def)
	if err != nil {
		log.Fatal(err)
	}
	for inst, err := range client.Instances.List(ctx, created.ID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(inst.Status, inst.StartDateTime.Format(time.DateOnly), "to", inst.EndDateTime.Format(time.DateOnly))
		for r, err := range client.ContactedReviewers.List(ctx, created.ID, inst.ID, nil) {
			if err != nil {
				log.Fatal(err)
			}
			fmt.Println("reviewer:", r.DisplayName)
		}
	}
	// Output:
	// InProgress 2026-01-05 to 2026-02-04
	// reviewer: Megan Bowen
	// reviewer: Adele Vance
}
