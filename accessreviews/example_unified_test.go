package accessreviews_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// Object IDs of the example catalog.
const (
	// catalogID is an entitlement management catalog holding the
	// Marketing group and the GitHub-app custom data provided resource.
	catalogID = "c6010d0c-ff41-4929-9776-fa03a03dd5ac"
	// githubAppID is a custom data provided resource: access data about an
	// external application, uploaded to the tenant.
	githubAppID = "5c728447-be5c-4565-b4d3-cb248b609891"
)

// contosoWithCatalog is the example tenant with one catalog.
func contosoWithCatalog() accessreviewstest.Directory {
	d := contoso()
	d.Catalogs = []accessreviewstest.Catalog{{
		ID: catalogID, DisplayName: "Marketing resources",
		Groups: []string{marketingID},
		CustomResources: []accessreviewstest.CustomDataResource{
			{ID: githubAppID, DisplayName: "GitHub-app", Principals: []string{alexID}},
		},
	}}
	return d
}

// A user-centric review of everything a catalog holds, by each user's
// manager: its decisions cover the catalog's groups and its custom data
// provided resources. Applying the decisions leaves the instance Applying
// until the external application's results are reported.
func ExampleUnifiedService_CreateDefinition_onFake() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contosoWithCatalog()))
	defer s.Close()
	ctx := context.Background()
	client := s.Client()

	want := &accessreviews.Definition{
		DisplayName: "Catalog access review",
		Scope: scope.MembershipsOf(scope.PrincipalsOfType(scope.PrincipalScopeTypeAllUsers)).
			In(scope.Catalog(catalogID)),
		Reviewers:         []scope.Reviewer{scope.Manager()},
		FallbackReviewers: []scope.Reviewer{scope.User(alineID)},
		Settings: accessreviews.Settings{
			DefaultDecisionEnabled: true,
			DefaultDecision:        accessreviews.DefaultDeny,
			InstanceDurationInDays: 7,
			Recurrence:             recurrence.Once().StartingOn(odata.Date{Year: 2026, Month: time.January, Day: 5}),
		},
	}
	printWarnings(want)
	def, err := client.Unified.CreateDefinition(ctx, want)
	if err != nil {
		log.Fatal(err)
	}
	for d, err := range client.Unified.ListDefinitions(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("unified:", d.DisplayName, "reviewed by", scope.DescribeReviewers(d.Reviewers))
	}
	n := 0
	for _, err := range client.Definitions.List(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		n++
	}
	fmt.Println("definitions outside the unified route:", n)
	var inst accessreviews.Instance
	for in, err := range client.Unified.ListInstances(ctx, def.ID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		inst = in
	}
	fmt.Println("instance:", inst.Status)
	printItems := func() {
		for d, err := range client.Unified.ListDecisions(ctx, def.ID, inst.ID, nil) {
			if err != nil {
				log.Fatal(err)
			}
			fmt.Printf("  %s on %s: %s, %s\n", d.PrincipalDisplayName(), resourceName(d.Resource), d.Decision, d.ApplyResult)
		}
	}
	printItems()

	// Stopping records the default decision (Deny); applying removes the
	// group memberships and waits for the external application.
	if err := client.Unified.StopInstance(ctx, def.ID, inst.ID); err != nil {
		log.Fatal(err)
	}
	if err := client.Unified.ApplyDecisions(ctx, def.ID, inst.ID); err != nil {
		log.Fatal(err)
	}
	in, err := client.Unified.GetInstance(ctx, def.ID, inst.ID, accessreviews.Select("id", "status"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("after apply:", in.Status)
	printItems()

	err = client.Unified.BatchApplyCustomDataProvidedResourceDecisions(ctx, inst.ID, accessreviews.CustomDataApply{
		ApplyResult:                  accessreviews.CustomApplyAppliedSuccessfully,
		ApplyDescription:             "Access was removed from GitHub-app.",
		CustomDataProvidedResourceID: githubAppID,
	})
	if err != nil {
		log.Fatal(err)
	}
	in, err = client.Unified.GetInstance(ctx, def.ID, inst.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("after the external apply:", in.Status)
	printItems()
	// Output:
	// unified: Catalog access review reviewed by the managers of the reviewed users
	// definitions outside the unified route: 0
	// instance: InProgress
	//   Alex Wilber on Feelgood Marketing Campaign: NotReviewed, New
	//   John Doe (Tailspin Toys) on Feelgood Marketing Campaign: NotReviewed, New
	//   Sara Davis (Fabrikam) on Feelgood Marketing Campaign: NotReviewed, New
	//   Alex Wilber on GitHub-app (custom data): NotReviewed, New
	// after apply: Applying
	//   Alex Wilber on Feelgood Marketing Campaign: Deny, AppliedSuccessfully
	//   John Doe (Tailspin Toys) on Feelgood Marketing Campaign: Deny, AppliedSuccessfully
	//   Sara Davis (Fabrikam) on Feelgood Marketing Campaign: Deny, AppliedSuccessfully
	//   Alex Wilber on GitHub-app (custom data): Deny, New
	// after the external apply: Applied
	//   Alex Wilber on Feelgood Marketing Campaign: Deny, AppliedSuccessfully
	//   John Doe (Tailspin Toys) on Feelgood Marketing Campaign: Deny, AppliedSuccessfully
	//   Sara Davis (Fabrikam) on Feelgood Marketing Campaign: Deny, AppliedSuccessfully
	//   Alex Wilber on GitHub-app (custom data): Deny, AppliedSuccessfully
}

// resourceName names the resource of a decision item.
func resourceName(v accessreviews.ResourceValue) string {
	switch r := v.Value.(type) {
	case accessreviews.BaseResource:
		return r.DisplayName
	case accessreviews.CustomDataProvidedResource:
		return r.DisplayName + " (custom data)"
	case nil:
		return "nothing"
	}
	return fmt.Sprintf("%T", v.Value)
}

// The beta form of the custom data apply addresses the instance through
// its definition, with the header x-accessreviews-version: vNext, which
// the method sends.
func ExampleInstancesService_BatchApplyCustomDataProvidedResourceDecisions_onFake() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contosoWithCatalog()))
	defer s.Close()
	ctx := context.Background()
	client := s.Client()

	want := &accessreviews.Definition{
		DisplayName: "Catalog access review",
		Scope: scope.MembershipsOf(scope.PrincipalsOfType(scope.PrincipalScopeTypeAllUsers)).
			In(scope.Catalog(catalogID)),
		Reviewers:         []scope.Reviewer{scope.Manager()},
		FallbackReviewers: []scope.Reviewer{scope.User(alineID)},
		Settings: accessreviews.Settings{
			DefaultDecisionEnabled: true,
			DefaultDecision:        accessreviews.DefaultApprove,
			Recurrence:             recurrence.Once().StartingOn(odata.Date{Year: 2026, Month: time.January, Day: 5}),
		},
	}
	printWarnings(want)
	def, err := client.Unified.CreateDefinition(ctx, want)
	if err != nil {
		log.Fatal(err)
	}
	inst := accessreviews.InstanceID(def.ID) // a one-time review's instance has the definition's ID
	apply := accessreviews.CustomDataApply{
		ApplyResult:                  accessreviews.CustomApplyApplyNotSupported,
		ApplyDescription:             "GitHub-app keeps its own access list.",
		CustomDataProvidedResourceID: githubAppID,
	}
	// Before the instance is Applying, the service refuses.
	err = client.Instances.BatchApplyCustomDataProvidedResourceDecisions(ctx, def.ID, inst, apply)
	fmt.Println("while in progress:", errors.Is(err, odata.ErrBadRequest))

	if err := client.Unified.StopInstance(ctx, def.ID, inst); err != nil {
		log.Fatal(err)
	}
	if err := client.Unified.ApplyDecisions(ctx, def.ID, inst); err != nil {
		log.Fatal(err)
	}
	if err := client.Instances.BatchApplyCustomDataProvidedResourceDecisions(ctx, def.ID, inst, apply); err != nil {
		log.Fatal(err)
	}
	last := s.Requests()[len(s.Requests())-1]
	fmt.Println(last.Method, last.Path[:5], last.Header.Get("x-accessreviews-version"), last.Status)
	for d, err := range client.Unified.ListDecisions(ctx, def.ID, inst, nil) {
		if err != nil {
			log.Fatal(err)
		}
		if _, ok := d.Resource.Value.(accessreviews.CustomDataProvidedResource); ok {
			fmt.Println(d.PrincipalDisplayName(), d.ApplyResult, "-", d.ApplyDescription)
		}
	}
	// Output:
	// while in progress: true
	// POST /beta vNext 202
	// Alex Wilber ApplyNotSupported - GitHub-app keeps its own access list.
}

// Select asks a single-item Get for some properties only; the others come
// back as zero values.
func ExampleSelect() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()
	client := s.Client()

	want := &accessreviews.Definition{
		DisplayName:       "Finance members",
		Scope:             scope.Group(financeID).TransitiveMembers(),
		Reviewers:         []scope.Reviewer{scope.OwnersOfGroup(financeID)},
		FallbackReviewers: []scope.Reviewer{scope.User(alineID)},
		Settings: accessreviews.Settings{
			Recurrence: recurrence.Once().StartingOn(odata.Date{Year: 2026, Month: time.January, Day: 5}),
		},
	}
	printWarnings(want)
	def, err := client.Definitions.Create(ctx, want)
	if err != nil {
		log.Fatal(err)
	}
	got, err := client.Definitions.Get(ctx, def.ID, accessreviews.Select("displayName", "status"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %s, %d reviewer(s) returned\n", got.DisplayName, got.Status, len(got.Reviewers))
	last := s.Requests()[len(s.Requests())-1]
	fmt.Println("$select=" + last.Query.Get("$select"))
	// Output:
	// Finance members: InProgress, 0 reviewer(s) returned
	// $select=displayName,status
}
