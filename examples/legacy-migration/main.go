package main

//lint:file-ignore SA1019 serving and migrating the retired legacy API is this file's purpose

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/accessreviews/legacy"
	"github.com/graphkit/governance/accessreviews/legacy/legacytest"
	"github.com/graphkit/governance/examples/internal/setup"
	"github.com/graphkit/governance/odata"
)

func main() {
	setup.Main(func(e *setup.Env) error {
		_, err := run(e, os.Args[1:])
		return err
	}, directory())
}

// seedReview is the documentation's example request, used when no file is
// given. It is embedded so the example runs from any directory.
//
//go:embed testdata/legacy-accessreview-onetime-delegated.beta.json
var seedReview []byte

// templateName is the display name of the business flow template the
// documentation's review was created from: group memberships. A template
// list of the old API would say it; the file does not.
const templateName = "Access reviews of memberships of a group"

// Result is what run did, for the test.
type Result struct {
	// Legacy is the review that was converted.
	Legacy legacy.AccessReview
	// Report lists what did not carry over.
	Report legacy.Report
	// Created is the definition as the service created it.
	Created *accessreviews.Definition
}

// run reads the legacy review (args[0], or the documentation's example),
// converts it and creates the definition.
func run(e *setup.Env, args []string) (*Result, error) {
	ctx := context.Background()
	e.Step("Read the legacy review")
	old, err := readReview(args)
	if err != nil {
		return nil, fmt.Errorf("read the legacy review: %w", err)
	}
	e.Printf("%q from template %s, reviewerType %s, %d reviewer(s)", old.DisplayName, old.BusinessFlowTemplateID, old.ReviewerType, len(old.Reviewers))

	tpl, err := readBack(e, &old)
	if err != nil {
		return nil, fmt.Errorf("read the review back from the legacy API: %w", err)
	}

	e.Step("Convert it to a schedule definition")
	// Stored legacy reviews start in the past; the new review starts today
	// and keeps the old review's length.
	today := odata.DateOf(now(e))
	def, report := legacy.ToDefinition(old, tpl, &legacy.ConvertOptions{StartDate: today})
	e.Printf("scope: %v", def.Scope)
	for _, r := range def.Reviewers {
		e.Printf("reviewer: %v", r)
	}
	e.Step("Report: %d thing(s) did not carry over as they were", len(report.Entries))
	for _, entry := range report.Entries {
		e.Printf("%s", entry)
	}
	if err := def.Validate(); err != nil {
		return nil, fmt.Errorf("convert the review: the definition is invalid: %w", err)
	}

	e.Step("Create the definition")
	e.Warnings(&def)
	created, err := e.Client.Definitions.Create(ctx, &def)
	if err != nil {
		return nil, fmt.Errorf("create the definition: %w", err)
	}
	e.Printf("id %s, status %s", created.ID, created.Status)
	e.Printf("description: %s", created.DescriptionForReviewers)
	return &Result{Legacy: old, Report: report, Created: created}, nil
}

// readReview decodes the review in the file args[0], or the embedded one.
func readReview(args []string) (legacy.AccessReview, error) {
	raw := seedReview
	if len(args) > 0 {
		b, err := os.ReadFile(args[0])
		if err != nil {
			return legacy.AccessReview{}, err
		}
		raw = b
	}
	var ar legacy.AccessReview
	if err := json.Unmarshal(raw, &ar); err != nil {
		return legacy.AccessReview{}, fmt.Errorf("decode %s: %w", source(args), err)
	}
	return ar, nil
}

// readBack reads the review and its template through the legacy API, as a
// migration of live data did before the retirement. The fake holds them
// first; a tenant returns nothing any more, so there the file is used as
// it is, and the template (which says what was reviewed) is taken from
// the documentation's example.
func readBack(e *setup.Env, old *legacy.AccessReview) (*legacy.BusinessFlowTemplate, error) {
	tpl := &legacy.BusinessFlowTemplate{ID: old.BusinessFlowTemplateID, DisplayName: templateName}
	if !e.OnFake() {
		e.Step("Skip reading back: the legacy API stopped returning data on 19 May 2023")
		return tpl, nil
	}
	e.Step("Hold the review on the fake's legacy API and read it back")
	fake := legacytest.Mount(e.Fake)
	fake.HoldLegacyTemplates(*tpl)
	id := fake.HoldLegacyReviews(*old)[0]
	ctx := context.Background()
	lc := legacy.New(e.Client.OData(), legacy.AppOnly())
	var found bool
	for ar, err := range lc.AccessReviews.List(ctx, old.BusinessFlowTemplateID, nil) {
		if err != nil {
			return nil, err
		}
		found = found || ar.ID == id
	}
	if !found {
		return nil, fmt.Errorf("review %s is not listed under template %s", id, old.BusinessFlowTemplateID)
	}
	got, err := lc.AccessReviews.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	// Reviewers are a navigation property: the review comes without them.
	got.Reviewers = nil
	for rv, err := range lc.AccessReviews.ListReviewers(ctx, id) {
		if err != nil {
			return nil, err
		}
		got.Reviewers = append(got.Reviewers, rv)
	}
	e.Printf("review %s: status %s, %d reviewer(s)", got.ID, got.Status, len(got.Reviewers))
	*old = *got
	for t, err := range lc.BusinessFlowTemplates.List(ctx, nil) {
		if err != nil {
			return nil, err
		}
		if t.ID == old.BusinessFlowTemplateID {
			e.Printf("template %s: %q", t.ID, t.DisplayName)
			return &t, nil
		}
	}
	return nil, fmt.Errorf("template %s is not listed", old.BusinessFlowTemplateID)
}

// now is the service's time: the fake's clock, or the real one.
func now(e *setup.Env) time.Time {
	if e.OnFake() {
		return e.Fake.Clock().Now()
	}
	return time.Now()
}

func source(args []string) string {
	if len(args) > 0 {
		return args[0]
	}
	return "the documentation's example"
}

// The documentation's IDs, and two members of its group.
const (
	groupID   = "99025615-a0b1-47ec-9117-35377b10998b"
	reviewerA = "f260246a-09b1-4fd5-8d18-daed736071ec"
	reviewerB = "5a4e184c-4ee5-4883-96e9-b371f8da88e3"
	memberID  = "0b4f1c6e-2d3a-4e5f-8a9b-1c2d3e4f5a6b"
	guestID   = "7c8d9e0f-1a2b-4c3d-9e4f-5a6b7c8d9e0f"
)

// directory is the fake tenant: the reviewed group with a member and a
// guest, and the two reviewers.
func directory() accessreviewstest.Directory {
	return accessreviewstest.Directory{
		Users: []accessreviewstest.User{
			{ID: reviewerA, DisplayName: "Alex Wilber", UserPrincipalName: "alexw@contoso.com"},
			{ID: reviewerB, DisplayName: "Megan Bowen", UserPrincipalName: "meganb@contoso.com"},
			{ID: memberID, DisplayName: "Adele Vance", UserPrincipalName: "adelev@contoso.com"},
			{ID: guestID, DisplayName: "Guest", UserPrincipalName: "guest@fabrikam.com", UserType: "Guest"},
		},
		Groups: []accessreviewstest.Group{{
			ID: groupID, DisplayName: "Sales", SecurityEnabled: true,
			Members: []string{memberID, guestID}, Owners: []string{reviewerA},
		}},
	}
}
