package accessreviews_test

import (
	"context"
	"fmt"
	"log"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

// Remind the reviewers of every running instance of a definition.
func ExampleInstancesService_List() {
	ctx := context.Background()
	client, err := accessreviews.NewClient(odata.WithClientCredentials("contoso.onmicrosoft.com", "11111111-2222-3333-4444-555555555555", "secret"))
	if err != nil {
		log.Fatal(err)
	}
	defID := accessreviews.DefinitionID("c22ae540-b89a-4d24-bac0-4ef35e6591ea")
	running := &accessreviews.ListOptions{Filter: odata.Eq("status", accessreviews.StatusInProgress)}
	for inst, err := range client.Instances.List(ctx, defID, running) {
		if err != nil {
			log.Fatal(err)
		}
		if err := client.Instances.SendReminder(ctx, defID, inst.ID); err != nil {
			log.Printf("instance %s: %v", inst.ID, err)
		}
	}
}

// Add a fallback reviewer to one running instance: read it, change the
// list, send it back.
func ExampleInstancesService_Update() {
	ctx := context.Background()
	client, err := accessreviews.NewClient(odata.WithClientCredentials("contoso.onmicrosoft.com", "11111111-2222-3333-4444-555555555555", "secret"))
	if err != nil {
		log.Fatal(err)
	}
	defID := accessreviews.DefinitionID("5dcfcc88-da88-4252-8629-a0807b4b076d")
	instID := accessreviews.InstanceID("720b8ee0-cee4-42ac-b164-894c48703acc")

	inst, err := client.Instances.Get(ctx, defID, instID)
	if err != nil {
		log.Fatal(err)
	}
	u := inst.ForUpdate()
	u.FallbackReviewers = append(u.FallbackReviewers, scope.User("4562bcc8-c436-4f95-b7c0-4f8ce89dca5e"))
	inst, err = client.Instances.Update(ctx, defID, instID, u)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(scope.DescribeReviewers(inst.FallbackReviewers))
}

// Approve every item of one resource in a single request.
func ExampleInstancesService_BatchRecord() {
	ctx := context.Background()
	client, err := accessreviews.NewClient(odata.WithClientCredentials("contoso.onmicrosoft.com", "11111111-2222-3333-4444-555555555555", "secret"))
	if err != nil {
		log.Fatal(err)
	}
	err = client.Instances.BatchRecord(ctx,
		"e6cafba0-cbf0-4748-8868-0810c7f4cc06", "1234fba0-cbf0-6778-8868-9999c7f4cc06",
		accessreviews.BatchDecision{
			Decision:      accessreviews.DecisionApprove,
			Justification: "Everyone in the marketing group still works on marketing",
			ResourceID:    "a5c51e59-3fcd-4a37-87a1-835c0c21488a",
		})
	if err != nil {
		log.Fatal(err)
	}
}

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
