package accessreviews

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestResourceValue(t *testing.T) {
	t.Parallel()
	const prefix = `{"@odata.type":"#microsoft.graph.accessReviewInstanceDecisionItem`
	tests := []struct {
		name    string
		in      string
		want    Resource
		wantErr bool
	}{
		{name: "base", in: prefix + `Resource","id":"g1","displayName":"Sales","type":"Group","description":"d"}`,
			want: BaseResource{ID: "g1", DisplayName: "Sales", ResourceType: ResourceGroup, Description: "d"}},
		{name: "policy", in: prefix + `AccessPackageAssignmentPolicyResource","id":"p1","type":"AccessPackageAssignmentPolicy","accessPackageDisplayName":"Pkg","accessPackageId":"k1"}`,
			want: AccessPackageAssignmentPolicyResource{ID: "p1", ResourceType: ResourceAccessPackageAssignmentPolicy, AccessPackageDisplayName: "Pkg", AccessPackageID: "k1"}},
		{name: "service principal", in: prefix + `ServicePrincipalResource","id":"s1","type":"ServicePrincipal","appId":"a1","appRoleDisplayName":"Reader","appRoleId":"r1"}`,
			want: ServicePrincipalResource{ID: "s1", ResourceType: ResourceServicePrincipal, AppID: "a1", AppRoleDisplayName: "Reader", AppRoleID: "r1"}},
		{name: "access package", in: prefix + `AccessPackageResource","id":"k1","accessPackageAssignmentPolicyDisplayName":"Pol","accessPackageAssignmentPolicyId":"p1"}`,
			want: AccessPackageResource{ID: "k1", AccessPackageAssignmentPolicyDisplayName: "Pol", AccessPackageAssignmentPolicyID: "p1"}},
		{name: "custom data", in: prefix + `CustomDataProvidedResource","id":"c1","customData":"{\"k\":1}","scopeId":"s","scopeDisplayName":"S"}`,
			want: CustomDataProvidedResource{ID: "c1", CustomData: `{"k":1}`, ScopeID: "s", ScopeDisplayName: "S"}},
		{name: "azure role with nested scope", in: prefix + `AzureRoleResource","id":"r1","type":"AzureRole","scope":` + prefix + `AzureRoleResource","id":"r2","scope":null}}`,
			want: AzureRoleResource{ID: "r1", ResourceType: ResourceAzureRole, Scope: ResourceValue{Value: AzureRoleResource{ID: "r2"}}}},
		{name: "unknown", in: prefix + `TeamResource","id":"t1","displayName":"Team","type":"Team","channels":3}`,
			want: UnknownResource{ID: "t1", DisplayName: "Team", ResourceType: "Team", Raw: json.RawMessage(prefix + `TeamResource","id":"t1","displayName":"Team","type":"Team","channels":3}`)}},
		{name: "null", in: `null`},
		{name: "bad scope", in: prefix + `AzureRoleResource","scope":[1]}`, wantErr: true},
		{name: "scopes nested past the decoder's depth limit", in: strings.Repeat(prefix+`AzureRoleResource","scope":`, 10_001) + `null` + strings.Repeat("}", 10_001), wantErr: true},
		{name: "not an object", in: `1`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var v ResourceValue
			err := json.Unmarshal([]byte(tt.in), &v)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, v.Value)
			got, err := json.Marshal(v)
			require.NoError(t, err)
			var again ResourceValue
			require.NoError(t, json.Unmarshal(got, &again))
			assert.Equal(t, v, again, "round trip of %s", got)
		})
	}
	t.Run("no type is the base type", func(t *testing.T) {
		t.Parallel()
		var v ResourceValue
		require.NoError(t, json.Unmarshal([]byte(`{"id":"g1","type":"Group"}`), &v))
		assert.Equal(t, BaseResource{ID: "g1", ResourceType: ResourceGroup}, v.Value)
		got, err := json.Marshal(v)
		require.NoError(t, err)
		assert.JSONEq(t, prefix+`Resource","id":"g1","type":"Group"}`, string(got))
	})
}

func TestTargetValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    Target
		wantErr bool
	}{
		{name: "user", in: `{"@odata.type":"#microsoft.graph.accessReviewInstanceDecisionItemUserTarget","userId":"u1","userDisplayName":"U","userPrincipalName":"u@x"}`,
			want: UserTarget{UserID: "u1", UserDisplayName: "U", UserPrincipalName: "u@x"}},
		{name: "service principal", in: `{"@odata.type":"#microsoft.graph.accessReviewInstanceDecisionItemServicePrincipalTarget","servicePrincipalId":"s1","servicePrincipalDisplayName":"S","appId":"a1"}`,
			want: ServicePrincipalTarget{ServicePrincipalID: "s1", ServicePrincipalDisplayName: "S", AppID: "a1"}},
		{name: "unknown", in: `{"@odata.type":"#microsoft.graph.accessReviewInstanceDecisionItemGroupTarget","groupId":"g"}`,
			want: UnknownTarget{Raw: json.RawMessage(`{"@odata.type":"#microsoft.graph.accessReviewInstanceDecisionItemGroupTarget","groupId":"g"}`)}},
		{name: "null", in: ` null `},
		{name: "array", in: `[]`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var v TargetValue
			err := json.Unmarshal([]byte(tt.in), &v)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, v.Value)
			if tt.want == nil {
				return
			}
			got, err := json.Marshal(v)
			require.NoError(t, err)
			assert.JSONEq(t, tt.in, string(got))
		})
	}
}

func TestMembershipTypeHas(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in                 MembershipType
		direct, indirectly bool
	}{
		{in: "direct", direct: true},
		{in: "indirect", indirectly: true},
		{in: "direct,indirect", direct: true, indirectly: true},
		{in: " Indirect , DIRECT ", direct: true, indirectly: true},
		{in: "unknownFutureValue"},
		{in: ""},
		{in: "directly"},
	}
	for _, tt := range tests {
		t.Run(string(tt.in), func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.direct, tt.in.Has(MembershipDirect))
			assert.Equal(t, tt.indirectly, tt.in.Has(MembershipIndirect))
		})
	}
}
