package scope_test

import (
	jsonv2 "encoding/json/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/scope"
)

// Every wire scope writes its "@odata.type" first, the name its Go type is
// registered under for decoding, with any JSON encoder.
func TestWireScopesWriteTheirTypeFirst(t *testing.T) {
	t.Parallel()
	const ns = `{"@odata.type":"#microsoft.graph.`
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"query", scope.QueryScope{Query: "/users"}, ns + `accessReviewQueryScope","query":"/users"}`},
		{"inactive users", scope.InactiveUsersScope{Query: "/users"}, ns + `accessReviewInactiveUsersQueryScope","query":"/users","inactiveDuration":"PT0S"}`},
		{"memberships", scope.PrincipalResourceMembershipsScope{}, ns + `principalResourceMembershipsScope"}`},
		{"principal", scope.PrincipalScope{}, ns + `accessReviewPrincipalScope"}`},
		{"resource", scope.ResourceScope{}, ns + `accessReviewResourceScope"}`},
		{"access package policy", scope.AccessPackageAssignmentPolicyScope{}, ns + `accessReviewAccessPackageAssignmentPolicyScope"}`},
		{"notification query", scope.NotificationQueryScope{Query: "/users/x"}, ns + `accessReviewNotificationRecipientQueryScope","query":"/users/x"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := jsonv2.Marshal(tt.v)
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(out))
		})
	}
}
