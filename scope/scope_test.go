package scope_test

import (
	"encoding/json"
	"encoding/json/jsontext"
	jsonv2 "encoding/json/v2"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/internal/poly"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

func TestUnmarshalDispatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want scope.Scope
		// out is the re-encoded JSON; "" means the same as in.
		out string
	}{
		{
			name: "no type is a query scope",
			in:   `{"query":"/groups/x/owners","queryType":"MicrosoftGraph"}`,
			want: scope.QueryScope{Query: "/groups/x/owners", QueryType: scope.QueryTypeMicrosoftGraph},
			out:  `{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/groups/x/owners","queryType":"MicrosoftGraph"}`,
		},
		{
			name: "query scope",
			in:   `{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"./manager","queryType":"MicrosoftGraph","queryRoot":"decisions"}`,
			want: scope.QueryScope{Query: "./manager", QueryType: scope.QueryTypeMicrosoftGraph, QueryRoot: scope.QueryRootDecisions},
		},
		{
			name: "type without hash and namespace, any case",
			in:   `{"@odata.type":"ACCESSREVIEWQUERYSCOPE","query":"/groups/x/owners"}`,
			want: scope.QueryScope{Query: "/groups/x/owners"},
			out:  `{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/groups/x/owners"}`,
		},
		{
			name: "beta odata.type spelling",
			in:   `{"odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/groups/x/owners"}`,
			want: scope.QueryScope{Query: "/groups/x/owners"},
			out:  `{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/groups/x/owners"}`,
		},
		{
			name: "null members are absent",
			in:   `{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/groups/x/owners","queryType":null,"queryRoot":null}`,
			want: scope.QueryScope{Query: "/groups/x/owners"},
			out:  `{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/groups/x/owners"}`,
		},
		{
			name: "a query a builder makes is the builder value",
			in:   `{"query":"/groups/x/members","queryType":"MicrosoftGraph","queryRoot":null}`,
			want: scope.Group("x").Members(),
			out:  `{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/groups/x/members","queryType":"MicrosoftGraph"}`,
		},
		{
			name: "without a query type too",
			in:   `{"@odata.type":"accessReviewQueryScope","query":"/users"}`,
			want: scope.AllUsers(),
			out:  `{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/users","queryType":"MicrosoftGraph"}`,
		},
		{
			name: "inactive users of a builder",
			in:   `{"@odata.type":"#microsoft.graph.accessReviewInactiveUsersQueryScope","query":"./members","queryType":"MicrosoftGraph","inactiveDuration":"P30D"}`,
			want: scope.EachGroup().Members().InactiveFor(30),
		},
		{
			name: "memberships of builders",
			in: `{"@odata.type":"#microsoft.graph.principalResourceMembershipsScope",` +
				`"principalScopes":[{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/users","queryType":"MicrosoftGraph"}],` +
				`"resourceScopes":[{"@odata.type":"#microsoft.graph.accessReviewResourceScope","resourceId":"r","scopeType":"group"}]}`,
			want: scope.MembershipsOf(scope.AllUsers()).In(scope.ResourceScope{ResourceID: "r", ScopeType: scope.ResourceScopeTypeGroup}),
		},
		{
			name: "inactive users",
			in:   `{"@odata.type":"#microsoft.graph.accessReviewInactiveUsersQueryScope","query":"./owners","queryType":"MicrosoftGraph","inactiveDuration":"P30D"}`,
			want: scope.InactiveUsersScope{Query: "./owners", QueryType: scope.QueryTypeMicrosoftGraph, InactiveDuration: odata.Days(30)},
		},
		{
			name: "inactive users without duration",
			in:   `{"@odata.type":"#microsoft.graph.accessReviewInactiveUsersQueryScope","query":"./owners"}`,
			want: scope.InactiveUsersScope{Query: "./owners"},
			out:  `{"@odata.type":"#microsoft.graph.accessReviewInactiveUsersQueryScope","query":"./owners","inactiveDuration":"PT0S"}`,
		},
		{
			name: "memberships",
			in: `{"@odata.type":"#microsoft.graph.principalResourceMembershipsScope",` +
				`"principalScopes":[{"query":"/groups/x/owners"}],` +
				`"resourceScopes":[{"@odata.type":"#microsoft.graph.accessReviewResourceScope","resourceId":"r","scopeType":"group"},null]}`,
			want: scope.PrincipalResourceMembershipsScope{
				PrincipalScopes: []scope.Scope{scope.QueryScope{Query: "/groups/x/owners"}},
				ResourceScopes:  []scope.Scope{scope.ResourceScope{ResourceID: "r", ScopeType: scope.ResourceScopeTypeGroup}, nil},
			},
			out: `{"@odata.type":"#microsoft.graph.principalResourceMembershipsScope",` +
				`"principalScopes":[{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/groups/x/owners"}],` +
				`"resourceScopes":[{"@odata.type":"#microsoft.graph.accessReviewResourceScope","resourceId":"r","scopeType":"group"},null]}`,
		},
		{
			name: "memberships without lists",
			in:   `{"@odata.type":"#microsoft.graph.principalResourceMembershipsScope","principalScopes":null}`,
			want: scope.PrincipalResourceMembershipsScope{},
			out:  `{"@odata.type":"#microsoft.graph.principalResourceMembershipsScope"}`,
		},
		{
			name: "principal scope",
			in:   `{"@odata.type":"#microsoft.graph.accessReviewPrincipalScope","scopeType":"inactiveGuestUsers"}`,
			want: scope.PrincipalScope{ScopeType: scope.PrincipalScopeTypeInactiveGuestUsers},
		},
		{
			name: "principal scope with unknown enum value",
			in:   `{"@odata.type":"#microsoft.graph.accessReviewPrincipalScope","scopeType":"robots"}`,
			want: scope.PrincipalScope{ScopeType: "robots"},
		},
		{
			name: "resource scope",
			in:   `{"@odata.type":"#microsoft.graph.accessReviewResourceScope","displayName":"Sales","resourceId":"r","scopeType":"directoryRole"}`,
			want: scope.ResourceScope{DisplayName: "Sales", ResourceID: "r", ScopeType: scope.ResourceScopeTypeDirectoryRole},
		},
		{
			name: "access package assignment policy scope",
			in: `{"@odata.type":"#microsoft.graph.accessReviewAccessPackageAssignmentPolicyScope","displayName":"P","resourceId":"r",` +
				`"scopeType":"accessPackageAssignmentPolicy","accessPackageDisplayName":"AP","accessPackageId":"a","catalogDisplayName":"C","catalogId":"c"}`,
			want: scope.AccessPackageAssignmentPolicyScope{
				DisplayName: "P", ResourceID: "r", ScopeType: scope.ResourceScopeTypeAccessPackageAssignmentPolicy,
				AccessPackageDisplayName: "AP", AccessPackageID: "a", CatalogDisplayName: "C", CatalogID: "c",
			},
		},
		{
			name: "unknown type keeps raw bytes",
			in:   `{ "@odata.type": "#microsoft.graph.futureScope",  "x": [1, 2] }`,
			want: scope.Unknown{Raw: json.RawMessage(`{ "@odata.type": "#microsoft.graph.futureScope",  "x": [1, 2] }`)},
			out:  `{"@odata.type":"#microsoft.graph.futureScope","x":[1,2]}`,
		},
		{
			name: "reviewer scope type is not a review scope",
			in:   `{"@odata.type":"#microsoft.graph.accessReviewReviewerScope","query":"./owners"}`,
			want: scope.Unknown{Raw: json.RawMessage(`{"@odata.type":"#microsoft.graph.accessReviewReviewerScope","query":"./owners"}`)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := scope.Unmarshal([]byte(tt.in))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			out, err := marshalWire(got)
			require.NoError(t, err)
			want := tt.out
			if want == "" {
				want = tt.in
			}
			assert.Equal(t, want, string(out))
			if _, unknown := got.(scope.Unknown); !unknown {
				assert.True(t, strings.HasPrefix(string(out), `{"@odata.type":"#microsoft.graph.`), "type first")
			}
		})
	}
}

func TestUnmarshalErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, msg string
	}{
		{name: "array", in: `[]`, msg: "want a JSON object"},
		{name: "string", in: `"x"`, msg: "want a JSON object"},
		{name: "empty", in: ``, msg: "scope: unmarshal"},
		{name: "malformed", in: `{"query":`, msg: "scope: unmarshal"},
		{name: "type not a string", in: `{"@odata.type":5}`, msg: "type member is not a string"},
		{name: "query not a string", in: `{"query":5}`, msg: `within "/query"`},
		{name: "bad duration", in: `{"@odata.type":"#microsoft.graph.accessReviewInactiveUsersQueryScope","inactiveDuration":"30 days"}`, msg: "inactiveDuration"},
		{name: "negative duration", in: `{"@odata.type":"#microsoft.graph.accessReviewInactiveUsersQueryScope","inactiveDuration":"-P1D"}`, msg: "inactiveDuration"},
		{name: "list not an array", in: `{"@odata.type":"#microsoft.graph.principalResourceMembershipsScope","principalScopes":{}}`, msg: "principalScopes"},
		{name: "bad element", in: `{"@odata.type":"#microsoft.graph.principalResourceMembershipsScope","resourceScopes":[{},5]}`, msg: `within "/resourceScopes/1": odata: decode scope: want a JSON object, got number`},
		{name: "scope type not a string", in: `{"@odata.type":"#microsoft.graph.accessReviewPrincipalScope","scopeType":true}`, msg: "scopeType"},
		{name: "resource id not a string", in: `{"@odata.type":"#microsoft.graph.accessReviewResourceScope","resourceId":1}`, msg: "resourceId"},
		{name: "catalog id not a string", in: `{"@odata.type":"#microsoft.graph.accessReviewAccessPackageAssignmentPolicyScope","catalogId":[]}`, msg: "catalogId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := scope.Unmarshal([]byte(tt.in))
			assert.Nil(t, s)
			assert.ErrorContains(t, err, tt.msg)
		})
	}
}

func TestUnmarshalNull(t *testing.T) {
	t.Parallel()
	s, err := scope.Unmarshal([]byte(" null "))
	require.NoError(t, err)
	assert.Nil(t, s)
	list, err := scope.UnmarshalList([]byte("null"))
	require.NoError(t, err)
	assert.Nil(t, list)
}

func TestUnmarshalList(t *testing.T) {
	t.Parallel()
	list, err := scope.UnmarshalList([]byte(`[]`))
	require.NoError(t, err)
	assert.NotNil(t, list)
	assert.Empty(t, list)

	list, err = scope.UnmarshalList([]byte(`[null, {"query":"/users"}, {"query":"/groups/x/owners"}]`))
	require.NoError(t, err)
	assert.Equal(t, []scope.Scope{nil, scope.AllUsers(), scope.QueryScope{Query: "/groups/x/owners"}}, list)

	_, err = scope.UnmarshalList([]byte(`[{"query":"/users"}, []]`))
	assert.ErrorContains(t, err, `"/1"`)
	_, err = scope.UnmarshalList([]byte(`{}`))
	assert.ErrorContains(t, err, "scope: unmarshal list")
}

// TestUnknownPropertiesKept checks that every known type keeps properties it
// does not model and writes them back after its own, in sorted order.
func TestUnknownPropertiesKept(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, out string }{
		{
			in:  `{"zeta":{"a": 1},"query":"/users","alpha":[true, null],"@odata.type":"#microsoft.graph.accessReviewQueryScope"}`,
			out: `{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/users","zeta":{"a":1},"alpha":[true,null]}`,
		},
		{
			in:  `{"@odata.type":"#microsoft.graph.accessReviewInactiveUsersQueryScope","inactiveDuration":"P7D","query":"/users","lastSeen":"x"}`,
			out: `{"@odata.type":"#microsoft.graph.accessReviewInactiveUsersQueryScope","query":"/users","inactiveDuration":"P7D","lastSeen":"x"}`,
		},
		{
			in:  `{"@odata.type":"#microsoft.graph.principalResourceMembershipsScope","principalScopes":[],"resourceScopes":[],"customData":1}`,
			out: `{"@odata.type":"#microsoft.graph.principalResourceMembershipsScope","principalScopes":[],"resourceScopes":[],"customData":1}`,
		},
		{
			in:  `{"@odata.type":"#microsoft.graph.accessReviewPrincipalScope","scopeType":"allUsers","x":2}`,
			out: `{"@odata.type":"#microsoft.graph.accessReviewPrincipalScope","scopeType":"allUsers","x":2}`,
		},
		{
			in:  `{"@odata.type":"#microsoft.graph.accessReviewResourceScope","description":"d","resourceId":"r"}`,
			out: `{"@odata.type":"#microsoft.graph.accessReviewResourceScope","resourceId":"r","description":"d"}`,
		},
		{
			in:  `{"@odata.type":"#microsoft.graph.accessReviewAccessPackageAssignmentPolicyScope","resourceId":"r","Query":"case differs"}`,
			out: `{"@odata.type":"#microsoft.graph.accessReviewAccessPackageAssignmentPolicyScope","resourceId":"r","Query":"case differs"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			s, err := scope.Unmarshal([]byte(tt.in))
			require.NoError(t, err)
			out, err := marshalWire(s)
			require.NoError(t, err)
			assert.Equal(t, tt.out, string(out))
			again, err := scope.Unmarshal(out)
			require.NoError(t, err)
			twice, err := marshalWire(again)
			require.NoError(t, err)
			assert.Equal(t, string(out), string(twice), "the unknown properties survive a second round trip")
		})
	}
}

func TestUnknown(t *testing.T) {
	t.Parallel()
	u := scope.Unknown{Raw: json.RawMessage(`{"@odata.type":"#microsoft.graph.x","a":1}`)}
	assert.Equal(t, "#microsoft.graph.x", u.Type())
	assert.Equal(t, "a scope of type #microsoft.graph.x", u.String())
	assert.NoError(t, u.Validate())

	noType := scope.Unknown{Raw: json.RawMessage(`{}`)}
	assert.Equal(t, "a scope of unknown type", noType.String())

	bad := scope.Unknown{Raw: json.RawMessage(`[1]`)}
	assert.Empty(t, bad.Type())
	assert.ErrorIs(t, bad.Validate(), odata.ErrInvalid)
	_, err := marshalWire(bad)
	assert.Error(t, err)

	var decoded scope.Unknown
	src := []byte(` {"a": 1} `)
	require.NoError(t, unmarshalWire(src, &decoded))
	src[2] = 'X'
	assert.JSONEq(t, `{"a": 1}`, string(decoded.Raw), "decoding keeps a copy")
}

func TestValidateNil(t *testing.T) {
	t.Parallel()
	err := scope.Validate(nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, odata.ErrInvalid)
	assert.Equal(t, "scope", fieldNames(check.Prefix("scope", err))[0])
	assert.NoError(t, scope.Validate(scope.AllUsers()))
}

// fieldNames lists the fields of every *odata.FieldError in err, in order.
func fieldNames(err error) []string {
	var out []string
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var fe *odata.FieldError
		if errors.As(err, &fe) {
			out = append(out, fe.Field)
			return
		}
		out = append(out, fmt.Sprintf("not a field error: %v", err))
	}
	walk(err)
	return out
}

// marshalWire encodes v as the SDK sends it: builders as the wire scopes
// they stand for.
func marshalWire(v any) ([]byte, error) {
	return jsonv2.Marshal(v, poly.WireOptions(), jsonv2.Deterministic(true), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
}

// unmarshalWire decodes data into v as the SDK's models do: fields of the
// polymorphic interfaces by their "@odata.type".
func unmarshalWire(data []byte, v any) error {
	return jsonv2.Unmarshal(data, v, poly.WireOptions(), jsonv2.MatchCaseInsensitiveNames(true))
}
