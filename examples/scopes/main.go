package main

import (
	"context"
	"fmt"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/examples/internal/setup"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

func main() { setup.Main(func(e *setup.Env) error { _, err := run(e); return err }, directory()) }

// The example directory's IDs. The guide writes placeholders ("{groupId}",
// "{role ID}"); the expressions below use these instead.
const (
	adminID   = "5f1c7a2e-0b6d-4c8e-9a3f-1e2d3c4b5a60"
	guestID   = "8a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c81"
	memberID  = "7b3c4d5e-6f7a-4b2c-9d3e-4f5a6b7c8d92"
	groupID   = "02f3bafb-448c-487c-88c2-5fd65ce49a41"
	nestedID  = "3c4d5e6f-7a8b-4c3d-8e4f-5a6b7c8d9ea3"
	teamID    = "4d5e6f7a-8b9c-4d4e-9f5a-6b7c8d9e0fb4"
	roleID    = "62e90394-69f5-4237-9190-012177145e10"
	packageID = "9b3f4c52-7a1e-4f0e-a0a8-2d6c1e5b7f10"
	policyID  = "4c2d9e7a-1b3f-4a6e-8d5c-0f9e8a7b6c5d"
	catalogID = "c0ffee00-1234-4abc-9def-0123456789ab"
)

// example is one scope of the guide: its sentence, the builder expression
// as source text, and the value of that expression. The text and the value
// sit side by side so that a reader sees both; main_test.go parses this file
// and checks that each text is exactly the expression next to it.
type example struct {
	File        string // the conformance file of the guide's JSON
	Title       string // the guide's sentence
	Expr        string
	Scope       scope.Scope
	EnumExpr    string
	Enumeration scope.Scope // the instanceEnumerationScope, for all-groups reviews
}

// examples returns the guide's twelve examples and their inactive-user
// variants, in the guide's order.
func examples() []example {
	return []example{
		{File: "01-group-transitive-members.json", Title: "1. Review all users assigned to a group",
			Expr: "scope.Group(groupID).TransitiveMembers()", Scope: scope.Group(groupID).TransitiveMembers()},
		{File: "01b-group-transitive-members-inactive.json", Title: "1b. Review all inactive users assigned to a group",
			Expr: "scope.Group(groupID).TransitiveMembers().InactiveFor(30)", Scope: scope.Group(groupID).TransitiveMembers().InactiveFor(30)},
		{File: "02-group-transitive-guests.json", Title: "2. Review all guest users assigned to a group",
			Expr: "scope.Group(groupID).TransitiveMembers().Guests()", Scope: scope.Group(groupID).TransitiveMembers().Guests()},
		{File: "03-group-direct-members.json", Title: "3. Review all users and groups assigned to a group",
			Expr: "scope.Group(groupID).Members()", Scope: scope.Group(groupID).Members()},
		{File: "04-all-m365-groups-users.json", Title: "4. Review all users assigned to all Microsoft 365 groups",
			Expr: "scope.EachGroup().Members().Users()", Scope: scope.EachGroup().Members().Users(),
			EnumExpr: "scope.AllMicrosoft365Groups()", Enumeration: scope.AllMicrosoft365Groups()},
		{File: "05-all-m365-groups-guests.json", Title: "5. Review all guest users assigned to all Microsoft 365 groups",
			Expr: "scope.EachGroup().Members().Users().Guests()", Scope: scope.EachGroup().Members().Users().Guests(),
			EnumExpr: "scope.AllMicrosoft365Groups()", Enumeration: scope.AllMicrosoft365Groups()},
		{File: "05b-all-m365-groups-inactive-guests.json", Title: "5b. Review all inactive guest users assigned to all Microsoft 365 groups",
			Expr: "scope.EachGroup().Members().Users().Guests().InactiveFor(30)", Scope: scope.EachGroup().Members().Users().Guests().InactiveFor(30),
			EnumExpr: "scope.AllMicrosoft365Groups()", Enumeration: scope.AllMicrosoft365Groups()},
		{File: "06-all-teams-guests.json", Title: "6. Review all guest users assigned to all teams",
			Expr: "scope.EachGroup().Members().Users().Guests()", Scope: scope.EachGroup().Members().Users().Guests(),
			EnumExpr: "scope.AllTeams()", Enumeration: scope.AllTeams()},
		{File: "06b-all-teams-inactive-guests.json", Title: "6b. Review all inactive guest users assigned to all teams",
			Expr: "scope.EachGroup().Members().Users().Guests().InactiveFor(30)", Scope: scope.EachGroup().Members().Users().Guests().InactiveFor(30),
			EnumExpr: "scope.AllTeams()", Enumeration: scope.AllTeams()},
		{File: "07-access-package-assignments.json", Title: "7. Review all assignments to Entitlement Management access packages",
			Expr: "scope.AccessPackageAssignments(packageID).Policy(policyID).Catalog(catalogID)", Scope: scope.AccessPackageAssignments(packageID).Policy(policyID).Catalog(catalogID)},
		{File: "08-role-service-principals.json", Title: "8. Review all service principals assigned to a privileged role",
			Expr: "scope.Role(roleID).ServicePrincipals()", Scope: scope.Role(roleID).ServicePrincipals()},
		{File: "09a-role-all-users.json", Title: "9a. Review all users assigned to a privileged role (active and eligible)",
			Expr: "scope.Role(roleID)", Scope: scope.Role(roleID)},
		{File: "09b-role-eligible-users.json", Title: "9b. Review all users with eligible assignment to a privileged role",
			Expr: "scope.Role(roleID).EligibleUsers()", Scope: scope.Role(roleID).EligibleUsers()},
		{File: "09c-role-active-users.json", Title: "9c. Review all users with active assignment to a privileged role",
			Expr: "scope.Role(roleID).ActiveUsers()", Scope: scope.Role(roleID).ActiveUsers()},
		{File: "10-all-groups-inactive-guests.json", Title: "10. Review all inactive guest users assigned to all groups",
			Expr: "scope.MembershipsOf(scope.AllUsers().Guests().InactiveFor(30)).In(scope.AllGroups())", Scope: scope.MembershipsOf(scope.AllUsers().Guests().InactiveFor(30)).In(scope.AllGroups())},
		{File: "11-team-with-shared-channels.json", Title: "11. Review all users assigned to a team, including B2B direct connect users in shared channels",
			Expr: "scope.Team(teamID).MembersIncludingSharedChannels()", Scope: scope.Team(teamID).MembersIncludingSharedChannels()},
		{File: "12-directory-role-guests.json", Title: "12. Review all guest users assigned to a directory role",
			Expr: "scope.MembershipsOf(scope.AllUsers().Guests()).In(scope.Role(roleID))", Scope: scope.MembershipsOf(scope.AllUsers().Guests()).In(scope.Role(roleID))},
	}
}

// created is what run made of one example on the fake: the definition the
// service stored, or nothing on a tenant.
type created struct {
	Example    example
	Definition *accessreviews.Definition
}

// run prints every example and, on the fake, creates a definition with it.
func run(e *setup.Env) ([]created, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if !e.OnFake() {
		e.Step("Printing the scopes only: their IDs belong to the example directory, so no definition is created on a tenant")
	}
	var out []created
	for _, ex := range examples() {
		def, err := show(ctx, e, ex)
		if err != nil {
			return out, fmt.Errorf("scopes: example %q: %w", ex.Title, err)
		}
		out = append(out, created{Example: ex, Definition: def})
	}
	e.Step("Done: %d scopes printed, %d definitions created", len(out), countCreated(out))
	return out, nil
}

// show prints one example and creates its definition on the fake.
func show(ctx context.Context, e *setup.Env, ex example) (*accessreviews.Definition, error) {
	e.Step("%s", ex.Title)
	e.Printf("scope:       %s", ex.Expr)
	if ex.Enumeration != nil {
		e.Printf("enumeration: %s", ex.EnumExpr)
	}
	if err := printJSON(e, "scope", ex.Scope); err != nil {
		return nil, err
	}
	if ex.Enumeration != nil {
		if err := printJSON(e, "instanceEnumerationScope", ex.Enumeration); err != nil {
			return nil, err
		}
	}
	e.Printf("means:       %s", scope.DescribeReview(ex.Scope, ex.Enumeration))
	if !e.OnFake() {
		return nil, nil
	}
	want := definitionFor(ex, odata.DateOf(e.Fake.Clock().Now()))
	e.Warnings(want)
	def, err := e.Client.Definitions.Create(ctx, want)
	if err != nil {
		return nil, fmt.Errorf("create definition: %w", err)
	}
	e.Printf("created:     definition %s, status %s", def.ID, def.Status)
	return def, nil
}

// definitionFor is the smallest definition the service accepts around a
// scope: a one-time review by the administrator, starting today.
func definitionFor(ex example, today odata.Date) *accessreviews.Definition {
	return &accessreviews.Definition{
		DisplayName:              "Scope example " + ex.Title,
		Scope:                    ex.Scope,
		InstanceEnumerationScope: ex.Enumeration,
		Reviewers:                []scope.Reviewer{scope.User(adminID)},
		Settings: accessreviews.Settings{
			Recurrence: recurrence.Once().StartingOn(today).EndingOn(today.AddDays(14)),
		},
	}
}

func printJSON(e *setup.Env, name string, s scope.Scope) error {
	b, err := scope.Marshal(s)
	if err != nil {
		return fmt.Errorf("encode %s: %w", name, err)
	}
	e.Printf("%s JSON: %s", name, b)
	return nil
}

func countCreated(cs []created) int {
	n := 0
	for _, c := range cs {
		if c.Definition != nil {
			n++
		}
	}
	return n
}

// directory is the tenant the expressions refer to on the fake: a group with
// a nested group, a team, a privileged role and a guest.
func directory() accessreviewstest.Directory {
	lastWeek := time.Date(2025, time.December, 29, 9, 0, 0, 0, time.UTC)
	return accessreviewstest.Directory{
		Users: []accessreviewstest.User{
			{ID: adminID, DisplayName: "Admin", UserPrincipalName: "admin@contoso.example", LastSignIn: lastWeek},
			{ID: memberID, DisplayName: "Megan Member", UserPrincipalName: "megan@contoso.example", LastSignIn: lastWeek},
			{ID: guestID, DisplayName: "Gary Guest", UserPrincipalName: "gary_fabrikam.example#EXT#@contoso.example", UserType: "Guest"},
		},
		Groups: []accessreviewstest.Group{
			{ID: groupID, DisplayName: "Finance", SecurityEnabled: true, Members: []string{memberID, nestedID}, Owners: []string{adminID}},
			{ID: nestedID, DisplayName: "Finance contractors", SecurityEnabled: true, Members: []string{guestID}, Owners: []string{adminID}},
			{ID: teamID, DisplayName: "Marketing", GroupTypes: []string{"Unified"}, IsTeam: true, MailEnabled: true,
				Members: []string{memberID, guestID}, Owners: []string{adminID}},
		},
		Roles: []accessreviewstest.Role{
			{ID: roleID, DisplayName: "Global Administrator", Members: []string{adminID}, Eligible: []string{memberID}},
		},
	}
}
