package scope_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/scope"
)

// The IDs the conformance tests build with; they replace the placeholders of
// the scope files ("{groupId}", "{role ID}"…).
const (
	groupID    = "02f3bafb-448c-487c-88c2-5fd65ce49a41"
	packageID  = "9b3f4c52-7a1e-4f0e-a0a8-2d6c1e5b7f10"
	policyID   = "4c2d9e7a-1b3f-4a6e-8d5c-0f9e8a7b6c5d"
	catalogID  = "c0ffee00-1234-4abc-9def-0123456789ab"
	roleID     = "62e90394-69f5-4237-9190-012177145e10"
	queryScope = "#microsoft.graph.accessReviewQueryScope"
)

// TestConformanceScopeFiles builds every file of testdata/scopes (the
// examples of the Graph scope guide) with one expression per scope and
// compares the JSON.
//
// The files write placeholders where IDs go; they are replaced by the IDs
// the expressions use, and nothing else of the files is changed. The
// comparison is of JSON values with two normalisations, both documented
// service semantics: an object without "@odata.type" in a scope position is
// a query scope (conformance README; the builders always write the type),
// and a null member is the same as an absent one (the guide writes
// "queryRoot": null in example 11 only). Query strings are additionally
// required to appear byte for byte in the encoded output.
func TestConformanceScopeFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file         string
		placeholders []string // old, new pairs, applied in order
		scope        scope.Scope
		enumeration  scope.Scope
		description  string // DescribeReview of the decoded file
	}{
		{
			file:         "01-group-transitive-members.json",
			placeholders: []string{"{groupId}", groupID},
			scope:        scope.Group(groupID).TransitiveMembers(),
			description:  "direct and transitive members of group " + groupID,
		},
		{
			file:         "01b-group-transitive-members-inactive.json",
			placeholders: []string{"{groupId}", groupID},
			scope:        scope.Group(groupID).TransitiveMembers().InactiveFor(30),
			description:  "direct and transitive members of group " + groupID + ", inactive for 30 days",
		},
		{
			file:         "02-group-transitive-guests.json",
			placeholders: []string{"{groupId}", groupID},
			scope:        scope.Group(groupID).TransitiveMembers().Guests(),
			description:  "guest users among the direct and transitive members of group " + groupID,
		},
		{
			file:         "03-group-direct-members.json",
			placeholders: []string{"{groupId}", groupID},
			scope:        scope.Group(groupID).Members(),
			description:  "direct members of group " + groupID,
		},
		{
			file:        "04-all-m365-groups-users.json",
			scope:       scope.EachGroup().Members().Users(),
			enumeration: scope.AllMicrosoft365Groups(),
			description: "users among the direct members of each Microsoft 365 group",
		},
		{
			file:        "05-all-m365-groups-guests.json",
			scope:       scope.EachGroup().Members().Users().Guests(),
			enumeration: scope.AllMicrosoft365Groups(),
			description: "guest users among the direct members of each Microsoft 365 group",
		},
		{
			file:        "05b-all-m365-groups-inactive-guests.json",
			scope:       scope.EachGroup().Members().Users().Guests().InactiveFor(30),
			enumeration: scope.AllMicrosoft365Groups(),
			description: "guest users among the direct members of each Microsoft 365 group, inactive for 30 days",
		},
		{
			file:        "06-all-teams-guests.json",
			scope:       scope.EachGroup().Members().Users().Guests(),
			enumeration: scope.AllTeams(),
			description: "guest users among the direct members of each team",
		},
		{
			file:        "06b-all-teams-inactive-guests.json",
			scope:       scope.EachGroup().Members().Users().Guests().InactiveFor(30),
			enumeration: scope.AllTeams(),
			description: "guest users among the direct members of each team, inactive for 30 days",
		},
		{
			file:         "07-access-package-assignments.json",
			placeholders: []string{"{package id}", packageID, "{id}", policyID, "'id'", "'" + catalogID + "'"},
			scope:        scope.AccessPackageAssignments(packageID).Policy(policyID).Catalog(catalogID),
			description:  "assignments of access package " + packageID + " through policy " + policyID + " in catalog " + catalogID,
		},
		{
			file:         "08-role-service-principals.json",
			placeholders: []string{"{role ID}", roleID},
			scope:        scope.Role(roleID).ServicePrincipals(),
			description:  "service principals with an active assignment (assigned or activated) to directory role " + roleID,
		},
		{
			file:         "09a-role-all-users.json",
			placeholders: []string{"{role ID}", roleID},
			scope:        scope.Role(roleID),
			description:  "users with an active or eligible assignment to directory role " + roleID,
		},
		{
			file:         "09b-role-eligible-users.json",
			placeholders: []string{"{role ID}", roleID},
			scope:        scope.Role(roleID).EligibleUsers(),
			description:  "users with an eligible assignment to directory role " + roleID,
		},
		{
			file:         "09c-role-active-users.json",
			placeholders: []string{"{role ID}", roleID},
			scope:        scope.Role(roleID).ActiveUsers(),
			description:  "users with an active assignment (assigned, not activated) to directory role " + roleID,
		},
		{
			file:        "10-all-groups-inactive-guests.json",
			scope:       scope.MembershipsOf(scope.AllUsers().Guests().InactiveFor(30)).In(scope.AllGroups()),
			description: "all guest users, inactive for 30 days, with access to all groups",
		},
		{
			file:         "11-team-with-shared-channels.json",
			placeholders: []string{"{groupId}", groupID},
			scope:        scope.Team(groupID).MembersIncludingSharedChannels(),
			description:  "all users of team " + groupID + ", including B2B direct connect users in its shared channels",
		},
		{
			file:         "12-directory-role-guests.json",
			placeholders: []string{"{role id}", roleID},
			scope:        scope.MembershipsOf(scope.AllUsers().Guests()).In(scope.Role(roleID)),
			description:  "all guest users with access to directory role " + roleID,
		},
	}

	files, err := filepath.Glob("testdata/scopes/*.json")
	require.NoError(t, err)
	require.Len(t, files, 17)
	var covered []string
	for _, tt := range tests {
		covered = append(covered, filepath.Join("testdata/scopes", tt.file))
	}
	assert.ElementsMatch(t, files, covered, "every scope file has exactly one expression")

	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			raw, err := os.ReadFile(filepath.Join("testdata/scopes", tt.file))
			require.NoError(t, err)
			text := string(raw)
			for i := 0; i+1 < len(tt.placeholders); i += 2 {
				require.Contains(t, text, tt.placeholders[i])
				text = strings.ReplaceAll(text, tt.placeholders[i], tt.placeholders[i+1])
			}
			var want map[string]json.RawMessage
			require.NoError(t, unmarshalWire([]byte(text), &want))

			built := map[string]scope.Scope{"scope": tt.scope}
			if tt.enumeration != nil {
				built["instanceEnumerationScope"] = tt.enumeration
			}
			require.Len(t, want, len(built), "the file and the expressions cover the same properties")
			for name, s := range built {
				require.NoError(t, scope.Validate(s))
				got, err := marshalWire(s)
				require.NoError(t, err)
				assert.Equal(t, normalizeScopeJSON(t, want[name]), normalizeScopeJSON(t, got), name)
				own := string(mustMarshalNoEscape(t, s))
				for _, q := range queries(t, want[name]) {
					assert.Contains(t, own, `"query":"`+q+`"`, "query byte for byte")
				}
			}

			decoded, err := scope.Unmarshal(want["scope"])
			require.NoError(t, err)
			var enum scope.Scope
			if raw, ok := want["instanceEnumerationScope"]; ok {
				enum, err = scope.Unmarshal(raw)
				require.NoError(t, err)
			}
			assert.Equal(t, tt.description, scope.DescribeReview(decoded, enum))
			assert.Equal(t, tt.description, scope.DescribeReview(tt.scope, tt.enumeration))
		})
	}
}

// normalizeScopeJSON decodes a scope's JSON into generic values with the two
// documented normalisations: null members dropped, and "@odata.type" of a
// query scope added where a scope object has none.
func normalizeScopeJSON(t *testing.T, raw []byte) any {
	t.Helper()
	var v any
	require.NoError(t, unmarshalWire(raw, &v))
	return normalizeScope(dropNulls(v))
}

// normalizeScope adds the query scope type to a scope object without one,
// recursing into memberships scopes.
func normalizeScope(v any) any {
	obj, ok := v.(map[string]any)
	if !ok {
		return v
	}
	if _, ok := obj["@odata.type"]; !ok {
		obj["@odata.type"] = queryScope
	}
	for _, name := range []string{"principalScopes", "resourceScopes"} {
		if list, ok := obj[name].([]any); ok {
			for i := range list {
				list[i] = normalizeScope(list[i])
			}
		}
	}
	return obj
}

// dropNulls removes every object member whose value is null.
func dropNulls(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if e == nil {
				delete(x, k)
				continue
			}
			x[k] = dropNulls(e)
		}
	case []any:
		for i := range x {
			x[i] = dropNulls(x[i])
		}
	}
	return v
}

// queries lists every "query" string in a JSON value, depth first.
func queries(t *testing.T, raw []byte) []string {
	t.Helper()
	var v any
	require.NoError(t, unmarshalWire(raw, &v))
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if q, ok := x["query"].(string); ok {
				out = append(out, q)
			}
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				walk(x[k])
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

// mustMarshalNoEscape returns a value's wire encoding, which does
// not HTML-escape, so query strings can be searched for verbatim.
func mustMarshalNoEscape(t *testing.T, m any) []byte {
	t.Helper()
	b, err := marshalWire(m)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, json.Compact(&buf, b))
	return buf.Bytes()
}
