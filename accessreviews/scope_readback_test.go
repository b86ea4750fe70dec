package accessreviews_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// IDs of the scope read-back cases that name no object of the example
// tenant: the fake evaluates scopes when an instance starts, not when a
// definition is created.
const (
	rbPackage = "0b9d3d5e-8c3a-4a7f-9e51-6f0f6b1c2d3e"
	rbPolicy  = "1c8e4e6f-9d4b-4b8a-8f62-7a1a7c2d3e4f"
	rbCatalog = "2d7f5f7a-ae5c-4c9b-9a73-8b2b8d3e4f5a"
	rbRole    = "62e90394-69f5-4237-9190-012177145e10"
	rbApp     = "bae11f90-7d5d-46ba-9f55-8112b59d92ae"
	rbTeam    = "3e6a6a8b-bf6d-4dac-8b84-9c3c9e4f5a6b"
)

// TestScopeReadBack creates a definition through the fake for every
// builder expression of the scope package's documentation and seed
// documents, reads it back with Get, and checks that the scope, the
// instanceEnumerationScope and the reviewers equal the expressions that
// made them. Two more cases: a query the service spells differently from
// the builder ("+" for spaces, "$count=true") still reads back as the
// builder value, and a query no builder makes stays a query scope with its
// query as written.
func TestScopeReadBack(t *testing.T) {
	t.Parallel()
	guestsOfMarketing := "/groups/" + marketingID + "/transitiveMembers/microsoft.graph.user/?$filter=(userType+eq+'Guest')"
	tests := []struct {
		name string
		// sent is the scope created; want what Get returns, sent when nil.
		sent, want scope.Scope
		// enumeration and wantEnumeration are the same for the
		// instanceEnumerationScope.
		enumeration, wantEnumeration scope.Scope
		reviewers, fallback          []scope.Reviewer
	}{
		{name: "transitive members", sent: scope.Group(marketingID).TransitiveMembers(), reviewers: []scope.Reviewer{scope.User(adeleID)}},
		{name: "inactive transitive members", sent: scope.Group(marketingID).TransitiveMembers().InactiveFor(30),
			reviewers: []scope.Reviewer{scope.OwnersOfGroup(marketingID)}},
		{name: "transitive guests", sent: scope.Group(marketingID).TransitiveMembers().Guests(),
			reviewers: []scope.Reviewer{scope.MembersOfGroup(financeID)}},
		{name: "transitive guest users", sent: scope.Group(marketingID).TransitiveMembers().Users().Guests(),
			reviewers: []scope.Reviewer{scope.User(adeleID)}},
		{name: "direct members", sent: scope.Group(salesID).Members(), reviewers: []scope.Reviewer{scope.Managers()},
			fallback: []scope.Reviewer{scope.User(meganID)}},
		{name: "direct guest users", sent: scope.Group(salesID).Members().Users().Guests(), reviewers: []scope.Reviewer{scope.User(adeleID)}},
		{name: "self-review of a group", sent: scope.Group(financeID).TransitiveMembers(), enumeration: scope.Group(financeID),
			reviewers: scope.SelfReview()},
		{name: "users of each Microsoft 365 group", sent: scope.EachGroup().Members().Users(),
			enumeration: scope.AllMicrosoft365Groups(), reviewers: []scope.Reviewer{scope.GroupOwners()}},
		{name: "guests of each Microsoft 365 group", sent: scope.EachGroup().Members().Users().Guests(),
			enumeration: scope.AllMicrosoft365Groups(), reviewers: []scope.Reviewer{scope.GroupOwners()},
			fallback: []scope.Reviewer{scope.User(alineID)}},
		{name: "inactive guests of each team", sent: scope.EachGroup().Members().Users().Guests().InactiveFor(30),
			enumeration: scope.AllTeams(), reviewers: []scope.Reviewer{scope.GroupOwners()}},
		{name: "transitive members of each group", sent: scope.EachGroup().TransitiveMembers(),
			enumeration: scope.AllGroups(), reviewers: []scope.Reviewer{scope.GroupOwners()}},
		{name: "access package", sent: scope.AccessPackageAssignments(rbPackage), reviewers: []scope.Reviewer{scope.User(adeleID)}},
		{name: "access package policy and catalog", sent: scope.AccessPackageAssignments(rbPackage).Policy(rbPolicy).Catalog(rbCatalog),
			reviewers: []scope.Reviewer{scope.User(adeleID)}},
		{name: "role service principals", sent: scope.Role(rbRole).ServicePrincipals(), reviewers: []scope.Reviewer{scope.User(adeleID)}},
		{name: "role", sent: scope.Role(rbRole), reviewers: []scope.Reviewer{scope.User(adeleID)}},
		{name: "role eligible users", sent: scope.Role(rbRole).EligibleUsers(), reviewers: []scope.Reviewer{scope.User(adeleID)}},
		{name: "role active users", sent: scope.Role(rbRole).ActiveUsers(), reviewers: []scope.Reviewer{scope.User(adeleID)}},
		{name: "inactive guests in all groups", sent: scope.MembershipsOf(scope.AllUsers().Guests().InactiveFor(30)).In(scope.AllGroups()),
			reviewers: []scope.Reviewer{scope.User(adeleID)}},
		{name: "team with shared channels", sent: scope.Team(rbTeam).MembersIncludingSharedChannels(),
			reviewers: []scope.Reviewer{scope.User(adeleID)}},
		{name: "guests in a role", sent: scope.MembershipsOf(scope.AllUsers().Guests()).In(scope.Role(rbRole)),
			reviewers: []scope.Reviewer{scope.User(adeleID)}},
		{name: "users of an application", sent: scope.MembershipsOf(scope.AllUsers()).In(scope.ServicePrincipal(rbApp)),
			reviewers: []scope.Reviewer{scope.ApplicationOwners(rbApp)}, fallback: []scope.Reviewer{scope.MembersOfGroup(financeID)}},
		{name: "service's spelling", sent: scope.Query(guestsOfMarketing),
			want:        scope.Group(marketingID).TransitiveMembers().Users().Guests(),
			enumeration: scope.Query("/groups?$filter=(groupTypes/any(c:c+eq+'Unified'))&$count=true"), wantEnumeration: scope.AllMicrosoft365Groups(),
			reviewers: []scope.Reviewer{scope.User(adeleID)}},
		{name: "a query no builder makes", sent: scope.Query("/groups/" + marketingID + "/owners"),
			reviewers: []scope.Reviewer{scope.User(adeleID)}},
		{name: "a query with the version", sent: scope.Query("/v1.0/groups/" + marketingID + "/transitiveMembers"),
			reviewers: []scope.Reviewer{scope.User(adeleID)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
			t.Cleanup(s.Close)
			c := s.Client()
			created, err := c.Definitions.Create(t.Context(), &accessreviews.Definition{
				DisplayName:              "Read back " + tt.name,
				Scope:                    tt.sent,
				InstanceEnumerationScope: tt.enumeration,
				Reviewers:                tt.reviewers,
				FallbackReviewers:        tt.fallback,
				Settings:                 accessreviews.Settings{Recurrence: recurrence.Once().StartingOn(today)},
			})
			require.NoError(t, err)
			def, err := c.Definitions.Get(t.Context(), created.ID)
			require.NoError(t, err)

			want, wantEnumeration := tt.want, tt.wantEnumeration
			if want == nil {
				want = tt.sent
			}
			if wantEnumeration == nil {
				wantEnumeration = tt.enumeration
			}
			assert.Equal(t, want, def.Scope)
			assert.Equal(t, wantEnumeration, def.InstanceEnumerationScope)
			assert.Equal(t, tt.reviewers, def.Reviewers)
			wantFallback := tt.fallback
			if wantFallback == nil {
				wantFallback = []scope.Reviewer{} // the service lists none as []
			}
			assert.Equal(t, wantFallback, def.FallbackReviewers)
			assert.Equal(t, want, created.Scope, "the create response reads back the same")
		})
	}
}

// TestScopeReadBackUpdate reads back a definition whose queries the service
// spells differently from the builders, and one whose scope has a property
// the SDK does not model, and sends each back with Update: the first as the
// builders write it, the same query; the second as read, the property kept.
func TestScopeReadBackUpdate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		sent       scope.Scope
		want       scope.Scope
		wantOnWire string
	}{
		{
			name: "service's spelling",
			sent: scope.Query("/groups/" + marketingID + "/transitiveMembers/microsoft.graph.user/?$count=true&$filter=(userType+eq+'Guest')"),
			want: scope.Group(marketingID).TransitiveMembers().Users().Guests(),
			wantOnWire: `{"@odata.type":"#microsoft.graph.accessReviewQueryScope",` +
				`"query":"/groups/` + marketingID + `/transitiveMembers/microsoft.graph.user/?$filter=(userType eq 'Guest')","queryType":"MicrosoftGraph"}`,
		},
		{
			name: "unmodelled property",
			sent: scope.QueryScope{Query: "/groups/" + marketingID + "/transitiveMembers", QueryType: scope.QueryTypeMicrosoftGraph,
				Extra: []byte(`{"futureProperty":{"kept":true}}`)},
			want: scope.QueryScope{Query: "/groups/" + marketingID + "/transitiveMembers", QueryType: scope.QueryTypeMicrosoftGraph,
				Extra: []byte(`{"futureProperty":{"kept":true}}`)},
			wantOnWire: `{"@odata.type":"#microsoft.graph.accessReviewQueryScope",` +
				`"query":"/groups/` + marketingID + `/transitiveMembers","queryType":"MicrosoftGraph","futureProperty":{"kept":true}}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
			t.Cleanup(s.Close)
			c := s.Client()
			created, err := c.Definitions.Create(t.Context(), &accessreviews.Definition{
				DisplayName: "Read back and update",
				Scope:       tt.sent,
				Reviewers:   []scope.Reviewer{scope.User(adeleID)},
				Settings:    accessreviews.Settings{Recurrence: recurrence.Once().StartingOn(today)},
			})
			require.NoError(t, err)
			def, err := c.Definitions.Get(t.Context(), created.ID)
			require.NoError(t, err)
			assert.Equal(t, tt.want, def.Scope)

			s.ResetRequests()
			def.DisplayName = "Renamed"
			require.NoError(t, c.Definitions.Update(t.Context(), def.ID, def))
			var put *accessreviewstest.Request
			for _, r := range s.Requests() {
				if r.Method == http.MethodPut && strings.HasSuffix(r.Path, string(def.ID)) {
					put = &r
				}
			}
			require.NotNil(t, put, "the update is sent")
			var body struct {
				Scope json.RawMessage `json:"scope"`
			}
			require.NoError(t, json.Unmarshal(put.Body, &body))
			assert.Equal(t, tt.wantOnWire, string(body.Scope))

			again, err := c.Definitions.Get(t.Context(), def.ID)
			require.NoError(t, err)
			assert.Equal(t, tt.want, again.Scope, "the updated definition reads back the same")
		})
	}
}
