package accessreviews

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIdentityValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    Identity
		out     string // expected re-encoding; "" means same as in
		wantErr bool
	}{
		{name: "user", in: `{"@odata.type":"#microsoft.graph.userIdentity","id":"u1","displayName":"U","userPrincipalName":"u@x","ipAddress":"::1"}`,
			want: UserIdentity{ID: "u1", DisplayName: "U", UserPrincipalName: "u@x", IPAddress: "::1"}},
		{name: "service principal", in: `{"@odata.type":"#microsoft.graph.servicePrincipalIdentity","id":"s1","displayName":"App","appId":"a1"}`,
			want: ServicePrincipalIdentity{ID: "s1", DisplayName: "App", AppID: "a1"}},
		{name: "casing and short name", in: `{"@odata.type":"microsoft.graph.USERIDENTITY","id":"u1"}`,
			want: UserIdentity{ID: "u1"}, out: `{"@odata.type":"#microsoft.graph.userIdentity","id":"u1"}`},
		{name: "legacy spelling", in: `{"odata.type":"#microsoft.graph.servicePrincipalIdentity","id":"s1"}`,
			want: ServicePrincipalIdentity{ID: "s1"}, out: `{"@odata.type":"#microsoft.graph.servicePrincipalIdentity","id":"s1"}`},
		{name: "unknown type kept", in: `{"@odata.type":"#microsoft.graph.agentIdentity","id":"g1","displayName":"Bot","blueprint":{"x":1}}`,
			want: UnknownIdentity{ID: "g1", DisplayName: "Bot", Raw: json.RawMessage(`{"@odata.type":"#microsoft.graph.agentIdentity","id":"g1","displayName":"Bot","blueprint":{"x":1}}`)}},
		{name: "no type", in: `{"id":"x1","displayName":"X"}`,
			want: UnknownIdentity{ID: "x1", DisplayName: "X", Raw: json.RawMessage(`{"id":"x1","displayName":"X"}`)}},
		{name: "null", in: `null`, want: nil},
		{name: "array", in: `["x"]`, wantErr: true},
		{name: "string", in: `"x"`, wantErr: true},
		{name: "bad field type", in: `{"@odata.type":"#microsoft.graph.userIdentity","id":7}`, wantErr: true},
		{name: "bad type property", in: `{"@odata.type":true}`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var v IdentityValue
			err := json.Unmarshal([]byte(tt.in), &v)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, v.Value)
			got, err := json.Marshal(v)
			require.NoError(t, err)
			want := tt.out
			if want == "" {
				want = tt.in
			}
			assert.JSONEq(t, want, string(got))
		})
	}
}

func TestUnknownTypes(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "#microsoft.graph.agentIdentity", UnknownIdentity{Raw: json.RawMessage(`{"@odata.type":"#microsoft.graph.agentIdentity"}`)}.Type())
	assert.Equal(t, "", UnknownIdentity{Raw: json.RawMessage(`nonsense`)}.Type())
	assert.Equal(t, "#t", UnknownResource{Raw: json.RawMessage(`{"@odata.type":"#t"}`)}.Type())
	assert.Equal(t, "#t", UnknownTarget{Raw: json.RawMessage(`{"odata.type":"#t"}`)}.Type())

	// A hand-built Unknown value with something other than an object in Raw
	// fails to encode instead of producing invalid JSON.
	bad := json.RawMessage(`[1]`)
	for name, v := range map[string]any{
		"identity": IdentityValue{Value: UnknownIdentity{Raw: bad}},
		"resource": ResourceValue{Value: UnknownResource{Raw: bad}},
		"target":   TargetValue{Value: UnknownTarget{Raw: bad}},
		"insights": InsightList{UnknownInsight{Raw: bad}},
	} {
		_, err := json.Marshal(v)
		assert.Error(t, err, name)
	}

	// Nil values encode as null; the models omit them.
	for _, v := range []any{IdentityValue{}, ResourceValue{}, TargetValue{}, InsightList(nil)} {
		got, err := json.Marshal(v)
		require.NoError(t, err)
		assert.Equal(t, "null", string(got))
	}
	got, err := json.Marshal(DecisionItem{ID: "d", Insights: InsightList{}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"d","insights":[]}`, string(got))
}
