package scope_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/scope"
)

func TestReviewerBuilders(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		r    scope.Reviewer
		json string
		desc string
	}{
		{name: "user", r: scope.User(g1), json: `{"query":"/users/` + g1 + `","queryType":"MicrosoftGraph"}`, desc: "user " + g1},
		{name: "group members", r: scope.MembersOfGroup(g2), json: `{"query":"/groups/` + g2 + `/transitiveMembers","queryType":"MicrosoftGraph"}`, desc: "the members of group " + g2},
		{name: "group owners", r: scope.OwnersOfGroup(g2), json: `{"query":"/groups/` + g2 + `/owners","queryType":"MicrosoftGraph"}`, desc: "the owners of group " + g2},
		{name: "each group's owners", r: scope.GroupOwners(), json: `{"query":"./owners","queryType":"MicrosoftGraph"}`, desc: "the owners of each group"},
		{name: "managers", r: scope.Managers(), json: `{"query":"./manager","queryType":"MicrosoftGraph","queryRoot":"decisions"}`, desc: "the managers of the reviewed users"},
		{name: "application owners", r: scope.ApplicationOwners(g3), json: `{"query":"/servicePrincipals/` + g3 + `/owners","queryType":"MicrosoftGraph"}`, desc: "the owners of application " + g3},
		{name: "query", r: scope.ReviewerQuery("/groups/" + g1 + "/owners?$filter=(accountEnabled eq true)"), json: `{"query":"/groups/` + g1 + `/owners?$filter=(accountEnabled eq true)","queryType":"MicrosoftGraph"}`, desc: `the reviewers returned by the query "/groups/` + g1 + `/owners?$filter=(accountEnabled eq true)"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.NoError(t, tt.r.Validate())
			b, err := marshalWire(tt.r)
			require.NoError(t, err)
			assert.Equal(t, tt.json, string(b))
			assert.Equal(t, tt.desc, tt.r.String())
			var back scope.Reviewer
			require.NoError(t, unmarshalWire(b, &back))
			assert.Equal(t, tt.r, back, "a built reviewer equals its decoded form")
		})
	}
}

func TestSelfReview(t *testing.T) {
	t.Parallel()
	b, err := marshalWire(struct {
		Reviewers []scope.Reviewer `json:"reviewers"`
	}{scope.SelfReview()})
	require.NoError(t, err)
	assert.JSONEq(t, `{"reviewers":[]}`, string(b))
	assert.Equal(t, "the reviewed users themselves (self-review)", scope.DescribeReviewers(scope.SelfReview()))
}

func TestReviewerDecode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want scope.Reviewer
		out  string // re-encoded; "" means the same as in
		desc string
	}{
		{
			name: "null root",
			in:   `{"query":"./owners","queryType":"MicrosoftGraph","queryRoot":null}`,
			want: scope.Reviewer{Query: "./owners", QueryType: scope.QueryTypeMicrosoftGraph},
			out:  `{"query":"./owners","queryType":"MicrosoftGraph"}`,
			desc: "the owners of each group",
		},
		{
			name: "query only",
			in:   `{"query":"./manager"}`,
			want: scope.Reviewer{Query: "./manager"},
			desc: "the managers of the reviewed users",
		},
		{
			name: "type and extras kept",
			in:   `{"@odata.type":"#microsoft.graph.accessReviewReviewerScope","query":"/users/x","queryType":"MicrosoftGraph","zz":1,"aa":{"b":[]}}`,
			out:  `{"@odata.type":"#microsoft.graph.accessReviewReviewerScope","query":"/users/x","queryType":"MicrosoftGraph","zz":1,"aa":{"b":[]}}`,
			desc: "user x",
		},
		{
			name: "named reviewer",
			in:   `{"reviewerId":"` + g1 + `","scopeType":"user"}`,
			want: scope.Reviewer{ReviewerID: g1, ScopeType: scope.ReviewerScopeTypeUser},
			desc: "user " + g1,
		},
		{
			name: "future scope type",
			in:   `{"scopeType":"robot"}`,
			want: scope.Reviewer{ScopeType: "robot"},
			desc: `reviewers of scope type "robot"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var r scope.Reviewer
			require.NoError(t, unmarshalWire([]byte(tt.in), &r))
			if tt.want.Query != "" || tt.want.ScopeType != "" {
				assert.Equal(t, tt.want, r)
			}
			b, err := marshalWire(r)
			require.NoError(t, err)
			out := tt.out
			if out == "" {
				out = tt.in
			}
			assert.Equal(t, out, string(b))
			assert.Equal(t, tt.desc, r.String())
		})
	}
}

func TestReviewerDecodeErrors(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`[]`, `"x"`, `{"query":1}`, `{"scopeType":{}}`, `{"@odata.type":[]}`} {
		var r scope.Reviewer
		assert.Error(t, unmarshalWire([]byte(in), &r), in)
	}
	r := scope.User(g1)
	require.NoError(t, unmarshalWire([]byte(`null`), &r))
	assert.Equal(t, scope.Reviewer{}, r, "null gives the zero reviewer")

	var list []scope.Reviewer
	require.NoError(t, unmarshalWire([]byte(`[{"query":"./owners"},{"query":"/users/x"}]`), &list))
	assert.Len(t, list, 2)
}

func TestReviewerDescriptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		r    scope.Reviewer
		want string
	}{
		{scope.Reviewer{Query: "/groups/" + g1 + "/members"}, "the direct members of group " + g1},
		{scope.Reviewer{Query: "/users/x", QueryType: scope.QueryTypeARM}, `the reviewers returned by the query "/users/x"`},
		{scope.Reviewer{Query: "./owners?$top=1"}, `the reviewers returned by the query "./owners?$top=1"`},
		{scope.Reviewer{Query: "./sponsors"}, `the reviewers returned by the query "./sponsors"`},
		{scope.Reviewer{Query: "./owners?$count=true"}, "the owners of each group"},
		{scope.Reviewer{ScopeType: scope.ReviewerScopeTypeGroup, ReviewerID: g1}, "the members of group " + g1},
		{scope.Reviewer{ScopeType: scope.ReviewerScopeTypeSelf}, "the reviewed users themselves"},
		{scope.Reviewer{ScopeType: scope.ReviewerScopeTypeManager}, "the managers of the reviewed users"},
		{scope.Reviewer{ScopeType: scope.ReviewerScopeTypeSponsor}, "the sponsors of the reviewed users"},
		{scope.Reviewer{ScopeType: scope.ReviewerScopeTypeManagerOrSponsor}, "the managers or sponsors of the reviewed users"},
		{scope.Reviewer{ScopeType: scope.ReviewerScopeTypeResourceOwner}, "the owners of the reviewed resource"},
		{scope.Reviewer{ReviewerID: g2}, "reviewer " + g2},
		{scope.Reviewer{}, "no reviewer"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.r.String())
	}
	assert.Equal(t, "the owners of each group and user "+g1,
		scope.DescribeReviewers([]scope.Reviewer{scope.GroupOwners(), scope.User(g1)}))
	assert.Equal(t, "the managers of the reviewed users, user "+g1+" and the members of group "+g2,
		scope.DescribeReviewers([]scope.Reviewer{scope.Managers(), scope.User(g1), scope.MembersOfGroup(g2)}))
}

func TestEnumsKnown(t *testing.T) {
	t.Parallel()
	assert.True(t, scope.QueryTypeARM.Known())
	assert.False(t, scope.QueryType("Graph").Known())
	assert.True(t, scope.QueryRootDecisions.Known())
	assert.False(t, scope.QueryRoot("instances").Known())
	assert.True(t, scope.PrincipalScopeTypeInactiveGuestUsers.Known())
	assert.False(t, scope.PrincipalScopeType("bots").Known())
	assert.True(t, scope.ResourceScopeTypeAccessPackageAssignmentPolicy.Known())
	assert.False(t, scope.ResourceScopeType("printer").Known())
	assert.True(t, scope.ReviewerScopeTypeManagerOrSponsor.Known())
	assert.False(t, scope.ReviewerScopeType("boss").Known())
	assert.True(t, scope.NotificationTemplateTypeCompletedAdditionalRecipients.Known())
	assert.False(t, scope.NotificationTemplateType("Started").Known())
}
