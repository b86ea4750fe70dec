package odataserver

import (
	"encoding/json/jsontext"
	"encoding/json/v2"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
)

// filterDoc is a document shaped like the objects the fake filters:
// a definition with a scope, a decision, a group and a user at once.
const filterDoc = `{
	"id": "c22ae540-b89a-4d24-bac0-4ef35e6591ea",
	"displayName": "Quarterly O'Brien review",
	"status": "InProgress",
	"decision": "NotReviewed",
	"recommendation": "Deny",
	"applyResult": "New",
	"userType": "Guest",
	"roleDefinitionId": "62e90394-69f5-4237-9190-012177145e10",
	"assignmentType": "Assigned",
	"membershipType": "shared",
	"accessPackageId": "p1", "assignmentPolicyId": "a1", "catalogId": "id",
	"count": 3,
	"isTeam": true,
	"description": null,
	"createdDateTime": "2021-02-10T17:00:36.96Z",
	"startDate": "2021-02-10",
	"groupTypes": ["Unified"],
	"resourceProvisioningOptions": ["Team"],
	"principal": {"@odata.type": "#microsoft.graph.userIdentity", "id": "baf1b0a0-1f9a-4a56-9884-6a30824f8d20", "userPrincipalName": "john@tailspintoys.com"},
	"scope": {"@odata.type": "#microsoft.graph.accessReviewQueryScope", "query": "/groups/59ab642a-2776-4e32-9b68-9ff7a47b7f6a/members", "queryType": "MicrosoftGraph"},
	"members": [{"userType": "Member", "n": 1}, {"userType": "Guest", "n": 2}]
}`

func TestFilterMatch(t *testing.T) {
	t.Parallel()
	doc := jsontext.Value(filterDoc)
	tests := []struct {
		filter string
		want   bool
	}{
		// The documented filters of definitions and instances.
		{"status eq 'InProgress'", true},
		{"status eq 'Completed'", false},
		{"contains(scope/microsoft.graph.accessReviewQueryScope/query, './members')", false},
		{"contains(scope/microsoft.graph.accessReviewQueryScope/query, '/members')", true},
		{"contains(scope/query, '/groups')", true},
		{"contains(scope/query, '/groups/59ab642a-2776-4e32-9b68-9ff7a47b7f6a')", true},
		{"scope/query eq '/groups/59ab642a-2776-4e32-9b68-9ff7a47b7f6a/members'", true},
		// Decisions.
		{"decision eq 'NotReviewed'", true},
		{"decision eq 'notreviewed'", true},
		{"applyResult eq 'New' and recommendation eq 'Deny'", true},
		{"recommendation ne 'Deny'", false},
		{"principal/id eq 'baf1b0a0-1f9a-4a56-9884-6a30824f8d20'", true},
		{"principal/id eq baf1b0a0-1f9a-4a56-9884-6a30824f8d20", true},
		// Scope queries of the scopes document.
		{"(userType eq 'Guest')", true},
		{"(groupTypes/any(c:c eq 'Unified'))", true},
		{"(groupTypes/any(c:c+eq+'Unified'))", true},
		{"(groupTypes/any(c:c eq 'Unified') and resourceProvisioningOptions/Any(x:x eq 'Team'))", true},
		{"(membershipType eq 'shared')", true},
		{"(isof(principal,'microsoft.graph.user') and roleDefinitionId eq '62e90394-69f5-4237-9190-012177145e10')", false},
		{"(isof(principal,'microsoft.graph.userIdentity') and roleDefinitionId eq '62e90394-69f5-4237-9190-012177145e10')", true},
		{"(assignmentType eq 'Assigned' and isof(principal,'microsoft.graph.servicePrincipal'))", false},
		{"(accessPackageId eq 'p1' and assignmentPolicyId eq 'a1' and catalogId eq 'id')", true},
		// Operators, literals and functions.
		{"count gt 2 and count ge 3 and count lt 4 and count le 3", true},
		{"count eq 3.0", true},
		{"count eq -3", false},
		{"isTeam eq true", true},
		{"isTeam", true},
		{"not isTeam", false},
		{"not (status eq 'Completed')", true},
		{"status eq 'Completed' or decision eq 'NotReviewed'", true},
		{"status eq 'Completed' or decision eq 'Approve' and count eq 3", false},
		{"description eq null", true},
		{"missing eq null", true},
		{"description ne null", false},
		{"displayName eq 'Quarterly O''Brien review'", true},
		{"startswith(displayName, 'quarterly')", true},
		{"endswith(displayName, 'REVIEW')", true},
		{"tolower(status) eq 'inprogress'", true},
		{"toupper(status) eq 'INPROGRESS'", true},
		{"length(status) eq 10", true},
		{"status in ('Completed', 'InProgress')", true},
		{"status in ('Completed')", false},
		{"createdDateTime gt 2021-02-10T00:00:00Z", true},
		{"createdDateTime lt 2021-02-10T17:00:36.960Z", false},
		{"createdDateTime eq 2021-02-10T17:00:36.960Z", true},
		{"startDate ge 2021-02-10 and startDate le 2021-02-10", true},
		{"displayName gt 'A'", true},
		{"members/any(m:m/userType eq 'Guest')", true},
		{"members/all(m:m/userType eq 'Guest')", false},
		{"members/all(m:m/n gt 0)", true},
		{"members/any()", true},
		{"groupTypes/any(c:c eq 'DynamicMembership')", false},
		{"isof('microsoft.graph.user')", false},
		{"id eq 'C22AE540-B89A-4D24-BAC0-4EF35E6591EA'", true},
		{"count gt 'x'", false},
	}
	for _, tt := range tests {
		t.Run(tt.filter, func(t *testing.T) {
			t.Parallel()
			f, err := ParseFilter(tt.filter)
			require.NoError(t, err)
			assert.Equal(t, tt.want, f.Match(doc))
			var m map[string]any
			require.NoError(t, json.Unmarshal(doc, &m))
			assert.Equal(t, tt.want, f.Match(m), "map form")
		})
	}
}

func TestFilterRejects(t *testing.T) {
	t.Parallel()
	tests := []string{
		"", "status eq", "status eq 'x", "(status eq 'x'", "status eq 'x')", "status foo 'x'",
		"count add 1 eq 2", "substring(status, 1) eq 'x'", "members/all()", "members/any(1:true)",
		"status eq 'x' and", "status in 'x'", "status in ('a' 'b')", "status in (a)", "not",
		"status eq 12abc", "status eq #", "members/any(m m eq 1)", "contains(status)",
		"groupTypes/any(c:c eq 'Unified') and resourceProvisioningOptions/Any(x:x eq 'Team')')",
	}
	for _, src := range tests {
		t.Run(src, func(t *testing.T) {
			t.Parallel()
			_, err := ParseFilter(src)
			assert.Error(t, err)
		})
	}
}

func TestFilterNilMatchesAll(t *testing.T) {
	t.Parallel()
	var f *Filter
	assert.True(t, f.Match(map[string]any{"a": 1}))
}

func TestFilterMatchesStructs(t *testing.T) {
	t.Parallel()
	type item struct {
		Decision string `json:"decision"`
	}
	f, err := ParseFilter("decision eq 'Deny'")
	require.NoError(t, err)
	assert.True(t, f.Match(item{Decision: "Deny"}))
	assert.False(t, f.Match(item{Decision: "Approve"}))
	assert.False(t, f.Match(make(chan int)), "unencodable values match nothing")
}

func TestFilterDepthLimit(t *testing.T) {
	t.Parallel()
	deep := ""
	for range 200 {
		deep += "("
	}
	_, err := ParseFilter(deep + "true")
	assert.ErrorContains(t, err, "nested too deeply")
	long := make([]byte, maxFilterLen+1)
	_, err = ParseFilter(string(long))
	assert.ErrorContains(t, err, "too long")
}

// TestFilterParsesTheODataBuilder checks that what odata's typed builder
// emits is what the fake understands.
func TestFilterParsesTheODataBuilder(t *testing.T) {
	t.Parallel()
	doc := jsontext.Value(filterDoc)
	tests := []struct {
		f    odata.Filter
		want bool
	}{
		{odata.Eq("decision", "NotReviewed"), true},
		{odata.And(odata.Eq("status", "InProgress"), odata.Not(odata.Eq("userType", "Member"))), true},
		{odata.Or(odata.Gt("count", 5), odata.Contains("scope/query", "/groups")), true},
		{odata.Any("groupTypes", "c", odata.Eq("c", "Unified")), true},
		{odata.Every("members", "m", odata.Eq("m/userType", "Guest")), false},
		{odata.In("status", "A", "InProgress"), true},
		{odata.IsOf("principal", "microsoft.graph.userIdentity"), true},
		{odata.Eq("displayName", "Quarterly O'Brien review"), true},
		{odata.StartsWith("displayName", "Quarterly"), true},
		{odata.Eq("description", nil), true},
	}
	for _, tt := range tests {
		t.Run(tt.f.String(), func(t *testing.T) {
			t.Parallel()
			require.NoError(t, tt.f.Err())
			f, err := ParseFilter(tt.f.String())
			require.NoError(t, err)
			assert.Equal(t, tt.want, f.Match(doc))
		})
	}
}

// TestFilterFromScopeQuery parses the $filter of scope query strings, as
// the review store does after url.ParseQuery.
func TestFilterFromScopeQuery(t *testing.T) {
	t.Parallel()
	for _, q := range []string{
		"/groups?$filter=(groupTypes/any(c:c+eq+'Unified'))&$count=true",
		"./members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')",
		"/groups?$filter=(groupTypes/any(c:c+eq+'Unified') and resourceProvisioningOptions/Any(x:x eq 'Team'))&$count=true",
	} {
		_, raw, _ := cutQuery(q)
		v, err := url.ParseQuery(raw)
		require.NoError(t, err)
		f, err := ParseFilter(v.Get("$filter"))
		require.NoError(t, err, q)
		assert.True(t, f.Match(jsontext.Value(filterDoc)), q)
	}
}

func cutQuery(q string) (string, string, bool) {
	for i := range len(q) {
		if q[i] == '?' {
			return q[:i], q[i+1:], true
		}
	}
	return q, "", false
}

func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{
		"status eq 'InProgress'",
		"contains(scope/microsoft.graph.accessReviewQueryScope/query, './members')",
		"(groupTypes/any(c:c+eq+'Unified') and resourceProvisioningOptions/Any(x:x eq 'Team'))",
		"not (a eq 1) or b in ('x','y''z') and isof(principal,'microsoft.graph.user')",
		"createdDateTime ge 2021-02-10T00:00:00Z and d eq duration'P30D' and id eq 8f3a1b2c-0000-4000-8000-000000000000",
		"members/all(m:m/n gt -1.5e3)", "((((", "'", "a/any(", "tolower(", "x eq 2021-02-1",
	} {
		f.Add(s)
	}
	doc := jsontext.Value(filterDoc)
	f.Fuzz(func(t *testing.T, src string) {
		expr, err := ParseFilter(src)
		if err != nil {
			if expr != nil {
				t.Fatalf("ParseFilter(%q) returned an expression with error %v", src, err)
			}
			return
		}
		_ = expr.Match(doc)
	})
}

func TestFilterNormalizesHandBuiltMaps(t *testing.T) {
	t.Parallel()
	f, err := ParseFilter("groupTypes/any(c:c eq 'Unified') and n eq 2 and t ge 2021-01-01")
	require.NoError(t, err)
	m := map[string]any{"groupTypes": []string{"Unified"}, "n": 2, "t": "2021-02-01T00:00:00Z"}
	assert.True(t, f.Match(m))
	m["t"] = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC) // not a JSON type: encoded first
	assert.False(t, f.Match(m))
}

func TestFilterEquality(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		filter, want string
		ok           bool
	}{
		{"businessFlowTemplateId eq 'x'", "x", true},
		{"displayName eq 'a' and businessFlowTemplateId eq 'x'", "x", true},
		{"(businessFlowTemplateId eq 'x') and displayName eq 'a'", "x", true},
		{"businessFlowTemplateId eq 'x' or displayName eq 'a'", "", false},
		{"not (businessFlowTemplateId eq 'x')", "", false},
		{"displayName eq 'x'", "", false},
		{"businessFlowTemplateId ne 'x'", "", false},
		{"businessFlowTemplateId eq 3", "", false},
	} {
		t.Run(tc.filter, func(t *testing.T) {
			t.Parallel()
			f, err := ParseFilter(tc.filter)
			require.NoError(t, err)
			got, ok := f.Equality("businessFlowTemplateId")
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.want, got)
		})
	}
	var none *Filter
	_, ok := none.Equality("x")
	assert.False(t, ok)
}
