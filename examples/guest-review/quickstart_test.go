package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// The quick start of README.md is the code between the README markers
// below, verbatim: TestReadmeQuickStartIsThisCode fails when the two drift
// apart, and Example_quickStart runs it against the fake service.

// README:begin
func connect(tenantID, clientID, secret string) (*accessreviews.Client, error) {
	return accessreviews.NewClient(odata.WithClientCredentials(tenantID, clientID, secret))
}

func reviewGuests(ctx context.Context, client *accessreviews.Client, fallbackID string, start odata.Date) error {
	want := &accessreviews.Definition{
		DisplayName:              "Quarterly guest review of Microsoft 365 groups",
		InstanceEnumerationScope: scope.AllMicrosoft365Groups(),
		Scope:                    scope.EachGroup().Members().Users().Guests(),
		Reviewers:                []scope.Reviewer{scope.GroupOwners()},
		FallbackReviewers:        []scope.Reviewer{scope.User(fallbackID)},
		Settings: accessreviews.Settings{
			DefaultDecisionEnabled:    true,
			DefaultDecision:           accessreviews.DefaultApprove,
			AutoApplyDecisionsEnabled: true,
			RecommendationsEnabled:    true,
			Recurrence:                recurrence.Quarterly().StartingOn(start).EndingOn(start.AddMonths(12)),
			ApplyActions:              []accessreviews.ApplyAction{accessreviews.RemoveAccess()},
		},
	}
	for _, w := range want.Lint() { // probable mistakes the service accepts
		fmt.Println("warning:", w)
	}
	def, err := client.Definitions.Create(ctx, want)
	if err != nil {
		return err
	}
	fmt.Println("created", def.DisplayName)
	pending := &accessreviews.ListOptions{Filter: odata.Eq("decision", accessreviews.DecisionNotReviewed)}
	for inst, err := range client.Instances.List(ctx, def.ID, nil) {
		if err != nil {
			return err
		}
		for d, err := range client.Decisions.List(ctx, def.ID, inst.ID, pending) {
			if err != nil {
				return err
			}
			fmt.Println(d.PrincipalDisplayName(), "is pending; the service recommends", d.Recommendation)
		}
	}
	return nil
}

// README:end

// The quick start, run against the fake service: one Microsoft 365 group
// with a guest who never signed in.
func Example_quickStart() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(quickStartDirectory))
	defer s.Close()

	start := odata.DateOf(s.Clock().Now())
	if err := reviewGuests(context.Background(), s.Client(), quickStartOwner, start); err != nil {
		fmt.Println(err)
	}
	// Output:
	// created Quarterly guest review of Microsoft 365 groups
	// John Doe (Tailspin Toys) is pending; the service recommends Deny
}

// quickStartDirectory is a tenant with one Microsoft 365 group, its
// owner and a guest member.
var quickStartDirectory = accessreviewstest.Directory{
	Users: []accessreviewstest.User{
		{ID: quickStartOwner, DisplayName: "Aline Dupuy", UserPrincipalName: "AlineD@contoso.com",
			LastSignIn: time.Date(2026, 1, 2, 9, 0, 0, 0, time.UTC)},
		{ID: "baf1b0a0-1f9a-4a56-9884-6a30824f8d20", DisplayName: "John Doe (Tailspin Toys)",
			UserPrincipalName: "john@tailspintoys.com", UserType: "Guest"},
	},
	Groups: []accessreviewstest.Group{{
		ID: "59ab642a-2776-4e32-9b68-9ff7a47b7f6a", DisplayName: "Feelgood Marketing Campaign",
		GroupTypes: []string{"Unified"}, MailEnabled: true, SecurityEnabled: true,
		Owners:  []string{quickStartOwner},
		Members: []string{quickStartOwner, "baf1b0a0-1f9a-4a56-9884-6a30824f8d20"},
	}},
}

const quickStartOwner = "c9a5aff7-9298-4d71-adab-0a222e0a05e4"

func TestReadmeQuickStartIsThisCode(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("quickstart_test.go")
	require.NoError(t, err)
	_, code, ok := strings.Cut(string(src), "// README:begin\n")
	require.True(t, ok)
	code, _, ok = strings.Cut(code, "\n// README:end")
	require.True(t, ok)
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	assert.True(t, strings.Contains(string(readme), "```go\n"+code+"```\n"),
		"README.md's quick start must be the code between the README markers of quickstart_test.go, verbatim")
}

func TestQuickStartConnectMakesNoRequest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, tenant, client string
		wantErr              bool
	}{
		{"tenant domain", "contoso.onmicrosoft.com", "7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53", false},
		{"tenant GUID", "72f988bf-86f1-41af-91ab-2d7cd011db47", "7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53", false},
		{"client ID not a GUID", "contoso.onmicrosoft.com", "my-app", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := connect(tt.tenant, tt.client, "s3cret")
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, "graph.microsoft.com", c.OData().BaseURL().Host)
		})
	}
}
