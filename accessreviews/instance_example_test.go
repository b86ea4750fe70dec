package accessreviews_test

import (
	"context"
	"log"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

// Replace the reviewers of the current stage of a multi-stage review,
// leaving its fallback reviewers as they are.
func ExampleStagesService_Update() {
	ctx := context.Background()
	client, err := accessreviews.NewClient(odata.WithClientCredentials("contoso.onmicrosoft.com", "11111111-2222-3333-4444-555555555555", "secret"))
	if err != nil {
		log.Fatal(err)
	}
	defID := accessreviews.DefinitionID("5dcfcc88-da88-4252-8629-a0807b4b076d")
	instID := accessreviews.InstanceID("720b8ee0-cee4-42ac-b164-894c48703acc")
	running := &accessreviews.ListOptions{Filter: odata.Eq("status", accessreviews.StatusInProgress)}
	for st, err := range client.Stages.List(ctx, defID, instID, running) {
		if err != nil {
			log.Fatal(err)
		}
		_, err := client.Stages.Update(ctx, defID, instID, st.ID, accessreviews.StageUpdate{
			Reviewers: []scope.Reviewer{scope.MembersOfGroup("59ab642a-2776-4e32-9b68-9ff7a47b7f6a")},
		})
		if err != nil {
			log.Fatal(err)
		}
	}
}
