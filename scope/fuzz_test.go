package scope_test

import (
	"encoding/json/jsontext"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/scope"
)

// FuzzUnmarshalScope checks that decoding never panics and that a decoded
// scope re-encodes to JSON that decodes to an equal value.
func FuzzUnmarshalScope(f *testing.F) {
	for _, s := range builderCases() {
		b, err := marshalWire(s)
		require.NoError(f, err)
		f.Add(b)
	}
	for _, s := range []string{
		`{"query":"/users","x":{"a":[1,2]}}`,
		`{"@odata.type":"#microsoft.graph.accessReviewInactiveUsersQueryScope","inactiveDuration":"P1Y2M3DT4H"}`,
		`{"@odata.type":"#microsoft.graph.principalResourceMembershipsScope","principalScopes":[null,{}],"resourceScopes":[]}`,
		`{"@odata.type":"#microsoft.graph.accessReviewAccessPackageAssignmentPolicyScope","resourceId":"r","catalogId":"c"}`,
		`{"odata.type":"#microsoft.graph.accessReviewPrincipalScope","scopeType":"allUsers"}`,
		`{"@odata.type":"#microsoft.graph.somethingNew","a":"<&>"}`,
		`null`, `[]`, `{"query":null,"queryType":"ARM"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := scope.Unmarshal(data)
		if err != nil || s == nil {
			return
		}
		_ = s.String()
		_ = s.Validate()
		_ = scope.HasSharedChannels(s)
		out, err := marshalWire(s)
		if _, unknown := s.(scope.Unknown); unknown {
			require.NoError(t, err)
			if utf8.Valid(data) { // invalid UTF-8 is written back as U+FFFD
				want := jsontext.Value(strings.TrimSpace(string(data)))
				require.NoError(t, want.Compact(jsontext.AllowDuplicateNames(true)))
				assert.Equal(t, string(want), string(out), "an unknown scope is written back as received, compacted")
			}
			return
		}
		require.NoError(t, err, "a decoded scope re-encodes")
		again, err := scope.Unmarshal(out)
		require.NoError(t, err, "%s", out)
		twice, err := marshalWire(again)
		require.NoError(t, err)
		assert.Equal(t, string(out), string(twice), "re-encoding is stable")
	})
}

// FuzzCheckQuery checks that CheckQuery, the query reader behind Describe
// and the reviewer descriptions never panic, and that every query the
// builders accept passes CheckQuery.
func FuzzCheckQuery(f *testing.F) {
	for _, s := range builderCases() {
		raw, err := marshalWire(s)
		require.NoError(f, err)
		var v struct{ Query string }
		require.NoError(f, unmarshalWire(raw, &v))
		f.Add(v.Query)
	}
	for _, q := range []string{
		"/users", "./manager", "/x?$filter=(a eq 'b''c')", "((", "')", "//h", "/groups?$filter=(groupTypes/any(c:c+eq+'Unified'))&$count=true",
		"/groups/%7Bid%7D/members?%24filter=userType+eq+'Guest'", "/a?$filter=(x eq 'y') AND (z eq 'w')&&",
	} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		_ = scope.CheckQuery(q)
		_ = scope.Describe(scope.QueryScope{Query: q})
		_ = scope.Reviewer{Query: q}.String()
		_ = scope.NotificationQueryScope{Query: q}.String()
		if !utf8.ValidString(q) {
			return // decoding reads invalid UTF-8 as U+FFFD
		}
		b := decodeQuery(t, q)
		if _, raw := b.(scope.QueryScope); raw {
			return
		}
		out, err := marshalWire(b)
		require.NoError(t, err, "a query decoded to a builder value is sent back")
		var v struct{ Query string }
		require.NoError(t, unmarshalWire(out, &v))
		assert.NoError(t, scope.CheckQuery(v.Query))
		assert.Equal(t, b, decodeQuery(t, v.Query), "the builder's own query %q decodes to the same value", v.Query)
	})
}

// FuzzDescribe checks that describing any decodable scope, with any
// enumeration scope, never panics.
func FuzzDescribe(f *testing.F) {
	f.Add([]byte(`{"query":"./members/microsoft.graph.user/?$filter=(userType eq 'Guest')"}`), []byte(`{"query":"/groups?$filter=(groupTypes/any(c:c eq 'Unified'))"}`))
	f.Add([]byte(`{"@odata.type":"#microsoft.graph.principalResourceMembershipsScope","principalScopes":[{"query":"/users"}],"resourceScopes":[{"query":"/groups/x/transitiveMembers"},{"query":"/teams/x/channels?$filter=(membershipType eq 'shared')"}]}`), []byte(`null`))
	f.Add([]byte(`{"query":"/groups/a/members"}`), []byte(`{"query":"/groups/a"}`))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		s, err := scope.Unmarshal(a)
		if err != nil {
			return
		}
		e, err := scope.Unmarshal(b)
		if err != nil {
			return
		}
		assert.NotEmpty(t, scope.DescribeReview(s, e))
		assert.NotEmpty(t, scope.Describe(s))
	})
}
