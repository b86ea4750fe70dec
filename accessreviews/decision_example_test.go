package accessreviews_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
)

// A reviewer bot streams what is left to review and records a decision per
// item from the service's recommendation.
func ExampleDecisionsService_RecordMany() {
	ctx := context.Background()
	client, err := accessreviews.NewClient(odata.WithBaseURL("https://graph.microsoft.com"))
	if err != nil {
		log.Fatal(err)
	}
	def := accessreviews.DefinitionID(os.Getenv("DEFINITION_ID"))
	inst := accessreviews.InstanceID(os.Getenv("INSTANCE_ID"))

	var records []accessreviews.DecisionRecord
	pending := &accessreviews.ListOptions{Filter: odata.Eq("decision", accessreviews.DecisionNotReviewed)}
	for item, err := range client.Decisions.ListForCurrentUser(ctx, def, inst, pending) {
		if err != nil {
			log.Fatal(err)
		}
		decision := accessreviews.DecisionApprove
		if item.Recommendation == accessreviews.RecommendationDeny {
			decision = accessreviews.DecisionDeny
		}
		records = append(records, accessreviews.DecisionRecord{
			ID: item.ID, Decision: decision, Justification: "Following the recommendation",
		})
	}

	results, err := client.Decisions.RecordMany(ctx, def, inst, records, &accessreviews.RecordOptions{
		Progress: func(done, total int) { log.Printf("recorded %d of %d", done, total) },
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range results {
		switch {
		case r.Err == nil:
		case errors.Is(r.Err, odata.ErrOutcomeUnknown):
			log.Printf("%s: unknown outcome, safe to send again: %v", r.ID, r.Err)
		default:
			log.Printf("%s: not recorded: %v", r.ID, r.Err)
		}
	}
}

// Insights explain a recommendation: when the principal last signed in, and
// whether it is an outlier among the group's members.
func ExampleDecisionsService_ListInsights() {
	ctx := context.Background()
	client, err := accessreviews.NewClient(odata.WithBaseURL("https://graph.microsoft.com"))
	if err != nil {
		log.Fatal(err)
	}
	def := accessreviews.DefinitionID(os.Getenv("DEFINITION_ID"))
	inst := accessreviews.InstanceID(os.Getenv("INSTANCE_ID"))
	dec := accessreviews.DecisionID(os.Getenv("DECISION_ID"))

	for in, err := range client.Decisions.ListInsights(ctx, def, inst, dec) {
		if err != nil {
			log.Fatal(err)
		}
		switch in := in.(type) {
		case accessreviews.UserSignInInsight:
			fmt.Println("last sign-in:", in.LastSignInDateTime.Format("2006-01-02"))
		case accessreviews.MembershipOutlierInsight:
			fmt.Println("outlier in group", in.ContainerID)
		case accessreviews.UnknownInsight:
			fmt.Println("insight of type", in.Type())
		}
	}
}

// Record one decision, with a justification.
func ExampleDecisionsService_Record() {
	ctx := context.Background()
	client, err := accessreviews.NewClient(odata.WithBaseURL("https://graph.microsoft.com"))
	if err != nil {
		log.Fatal(err)
	}
	err = client.Decisions.Record(ctx, "8b7d1a4e-0c3f-4f52-9a0b-3c1e2d4f5a6b", "6392b1a7-9c25-4844-83e5-34e23c88e16a",
		"0e76ee07-b4c6-469e-bc9d-e73fc9a8d660", accessreviews.DecisionUpdate{
			Decision:      accessreviews.DecisionDeny,
			Justification: new("Left the project in March"),
		})
	if err != nil {
		log.Fatal(err)
	}
}
