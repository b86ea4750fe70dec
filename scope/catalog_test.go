package scope

import (
	"encoding/json/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/internal/poly"
)

// The builders of user-centric reviews encode as the unified create
// example of unifiedroot-post-definitions sends them.
func TestCatalogBuilders(t *testing.T) {
	t.Parallel()
	const catalogID = "c6010d0c-ff41-4929-9776-fa03a03dd5ac"
	tests := []struct {
		name string
		v    any
		want string
		desc string
	}{
		{
			name: "catalog resource scope",
			v:    Catalog(catalogID),
			want: `{"@odata.type":"#microsoft.graph.accessReviewResourceScope","resourceId":"` + catalogID + `","scopeType":"catalog"}`,
		},
		{
			name: "principals by type",
			v:    PrincipalsOfType(PrincipalScopeTypeAllUsers),
			want: `{"@odata.type":"#microsoft.graph.accessReviewPrincipalScope","scopeType":"allUsers"}`,
			desc: "all users",
		},
		{
			name: "manager by scope type",
			v:    Manager(),
			want: `{"scopeType":"manager"}`,
		},
		{
			name: "the example's scope",
			v:    MembershipsOf(PrincipalsOfType(PrincipalScopeTypeAllUsers)).In(Catalog(catalogID)),
			want: `{"@odata.type":"#microsoft.graph.principalResourceMembershipsScope",
				"principalScopes":[{"@odata.type":"#microsoft.graph.accessReviewPrincipalScope","scopeType":"allUsers"}],
				"resourceScopes":[{"@odata.type":"#microsoft.graph.accessReviewResourceScope","resourceId":"` + catalogID + `","scopeType":"catalog"}]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := json.Marshal(tt.v, poly.WireOptions())
			require.NoError(t, err)
			assert.JSONEq(t, tt.want, string(b))
			if s, ok := tt.v.(Scope); ok {
				require.NoError(t, Validate(s))
				if tt.desc != "" {
					assert.Equal(t, tt.desc, s.(interface{ String() string }).String())
				}
			}
		})
	}
	r := Manager()
	require.NoError(t, r.Validate())
	assert.Equal(t, "the managers of the reviewed users", r.String())
	var back Reviewer
	require.NoError(t, json.Unmarshal([]byte(`{"@odata.type":"#microsoft.graph.accessReviewReviewerScope","scopeType":"manager"}`), &back))
	assert.Equal(t, ReviewerScopeTypeManager, back.ScopeType)
}
