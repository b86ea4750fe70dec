package scope_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

// The sentences the rules below rest on, quoted from the Graph
// documentation pages named first, and the encoding reasons of the rules
// that are about what this package can send.
const (
	srcReviewerRoot = `accessReviewReviewerScope: "queryRoot ... This property is only required if a relative query, ` +
		`for example, ./manager, is specified. Possible value: decisions."`
	srcManagerRoot = `accessreviews-reviewers-concept: "Because ./manager is a relative query, specify the queryRoot ` +
		`property with the value decisions."`
	srcTemplate = `accessReviewNotificationRecipientItem: "notificationTemplateType ... Supported template type is ` +
		`CompletedAdditionalRecipients, which sends review completion notifications to the recipients."`
	srcRecipientType = `accessReviewNotificationRecipientQueryScope: "queryType: Indicates the type of query. ` +
		`Allowed value is MicrosoftGraph."`
	srcPolicyScopeType = `accessReviewAccessPackageAssignmentPolicyScope: "scopeType ... The value is ` +
		`accessPackageAssignmentPolicy."`

	encEmptyID  = "encoding: the builder puts the ID into its query path; an empty one would make another query (/groups//members)"
	encUTF8     = "encoding: JSON text is UTF-8; invalid bytes cannot be sent as written"
	encNegative = "encoding: an Edm.Duration is never negative; the value has no form to send"
	encNil      = "encoding: a nil Scope has no @odata.type and no properties"
	encObject   = "encoding: an Unknown scope is sent as its raw JSON, which must be an object"
	encNoQuery  = "encoding: a zero InactiveScope has no query to build; it is made by InactiveFor"

	// The loosened rules: no sentence says the service refuses these.
	srcAnyID = `user-get: "GET /users/{id | userPrincipalName}"; the access review pages give no form for the IDs ` +
		`in a query (Lint warns about one that is not a GUID)`
	srcStrayQuote = `accessreviewset-post-definitions, example 2: the request's all-teams query ends in "eq 'Team')')", ` +
		`an unclosed literal, and the service answered 201 Created`
	srcQueryFree  = `accessReviewQueryScope: "query: The query representing what will be reviewed in an access review." (no form is documented)`
	srcQueryTypes = `accessReviewQueryScope: "queryType: Indicates the type of query. Types include MicrosoftGraph and ARM." (a list of examples)`
	srcScopeRoot  = `accessReviewQueryScope: "queryRoot ... This property is only required if a relative query is specified." (no values are listed)`
	srcPT0S       = `accessReviewInactiveUsersQueryScope: "inactiveDuration ... If this property is not specified, it's assigned the default value PT0S."`
	srcAnyInact   = `accessReviewInactiveUsersQueryScope: "inactiveDuration | Duration | Defines the duration of inactivity." (any duration)`
	srcNoRequired = "the resource page marks no property of this type required"
	srcMembers    = `principalResourceMembershipsScope: "principalScopes | accessReviewScope collection | Defines the scopes of the principals ` +
		`whose access to resources are reviewed" (any scope type, no minimum)`
	srcReviewerTypes = `accessReviewReviewerScope: "queryType | String | The type of query. Examples include MicrosoftGraph and ARM."`
	srcReviewerFree  = `accessReviewReviewerScope: "query | String | The query specifying who will be the reviewer." (not marked required)`
)

// TestValidationRulesCiteTheirSource lists every rule the Validate methods
// of this package enforce, with an input refused and the documentation
// sentence behind it, or the encoding reason; and the rules that were
// loosened, with an input now accepted and why. A builder that refuses an
// input must also refuse to encode it.
func TestValidationRulesCiteTheirSource(t *testing.T) {
	t.Parallel()
	type validator interface{ Validate() error }
	const badUTF8 = "/users/\xff"
	tests := []struct {
		rule   string
		v      validator
		fields []string // nil: accepted
		source string
	}{
		// Refused: the documents.
		{"reviewer query root is decisions", scope.Reviewer{Query: "./owners", QueryRoot: "owners"}, []string{"queryRoot"}, srcReviewerRoot},
		{"./manager needs the decisions root", scope.Reviewer{Query: "./manager", QueryType: scope.QueryTypeMicrosoftGraph},
			[]string{"queryRoot"}, srcManagerRoot},
		{"notification template type", scope.NotificationRecipient{TemplateType: "Started", Scope: scope.NotifyUser(g1).Scope},
			[]string{"notificationTemplateType"}, srcTemplate},
		{"notification query type", scope.NotificationRecipient{TemplateType: scope.NotificationTemplateTypeCompletedAdditionalRecipients,
			Scope: scope.NotificationQueryScope{Query: "/users/" + g1, QueryType: scope.QueryTypeARM}},
			[]string{"notificationRecipientScope.queryType"}, srcRecipientType},
		{"access package policy scope type", scope.AccessPackageAssignmentPolicyScope{ResourceID: g1, ScopeType: scope.ResourceScopeTypeGroup},
			[]string{"scopeType"}, srcPolicyScopeType},

		// Refused: encoding.
		{"group ID set", scope.Group(""), []string{"query.groupId"}, encEmptyID},
		{"members group ID set", scope.Group("").TransitiveMembers().Guests(), []string{"query.groupId"}, encEmptyID},
		{"role ID set", scope.Role("").ServicePrincipals(), []string{"query.roleDefinitionId"}, encEmptyID},
		{"access package IDs set", scope.AccessPackageAssignments("").Policy("").Catalog(""),
			[]string{"query.accessPackageId", "query.assignmentPolicyId", "query.catalogId"}, encEmptyID},
		{"service principal ID set", scope.ServicePrincipal(""), []string{"query.servicePrincipalId"}, encEmptyID},
		{"team ID set", scope.Team("").SharedChannels(), []string{"query.teamId"}, encEmptyID},
		{"user reviewer ID set", scope.User(""), []string{"query.userId"}, encEmptyID},
		{"group owners ID set", scope.OwnersOfGroup(""), []string{"query.groupId"}, encEmptyID},
		{"application owners ID set", scope.ApplicationOwners(""), []string{"query.servicePrincipalId"}, encEmptyID},
		{"recipient group ID set", scope.NotifyGroupMembers(""), []string{"notificationRecipientScope.query.groupId"}, encEmptyID},
		{"builder ID UTF-8", scope.AccessPackageAssignments("\xff"), []string{"query.accessPackageId"}, encUTF8},
		{"query scope UTF-8", scope.Query(badUTF8), []string{"query"}, encUTF8},
		{"query scope literal UTF-8", scope.QueryScope{Query: badUTF8}, []string{"query"}, encUTF8},
		{"reviewer query UTF-8", scope.ReviewerQuery(badUTF8), []string{"query"}, encUTF8},
		{"recipient query UTF-8", scope.NotificationRecipient{Scope: scope.NotificationQueryScope{Query: badUTF8}},
			[]string{"notificationRecipientScope.query"}, encUTF8},
		{"inactivity not negative", scope.InactiveUsersScope{Query: "/users", InactiveDuration: odata.Days(-1)},
			[]string{"inactiveDuration"}, encNegative},
		{"InactiveFor not negative", scope.AllUsers().InactiveFor(-3), []string{"inactiveDuration"}, encNegative},
		{"zero inactive scope", scope.InactiveScope{}, []string{"query"}, encNoQuery},
		{"no nil scope in a memberships list", scope.MembershipsOf(scope.AllUsers()).In(nil, scope.Group("")),
			[]string{"resourceScopes[0]", "resourceScopes[1].query.groupId"}, encNil},
		{"no nil scope in a wire memberships list", scope.PrincipalResourceMembershipsScope{PrincipalScopes: []scope.Scope{nil}},
			[]string{"principalScopes[0]"}, encNil},
		{"unknown scope is an object", scope.Unknown{Raw: json.RawMessage(`[1]`)}, []string{""}, encObject},

		// Accepted: loosened.
		{"group ID of any form", scope.Group("sales").TransitiveMembers(), nil, srcAnyID},
		{"user reviewer by principal name", scope.User("alice@contoso.com"), nil, srcAnyID},
		{"resource scope of any ID", scope.ResourceScope{ResourceID: "x", ScopeType: scope.ResourceScopeTypeGroup}, nil, srcAnyID},
		{"reviewer ID of any form", scope.Reviewer{ReviewerID: "bob", ScopeType: scope.ReviewerScopeTypeUser}, nil, srcAnyID},
		{"unclosed literal in a query", scope.Query("/groups?$filter=(groupTypes/any(c:c+eq+'Unified') and resourceProvisioningOptions/Any(x:x eq 'Team')')"),
			nil, srcStrayQuote},
		{"query without a leading slash", scope.Query("groups"), nil, srcQueryFree},
		{"empty query", scope.QueryScope{}, nil, srcQueryFree},
		{"query with a control character", scope.Query("/groups\t"), nil, srcQueryFree},
		{"reviewer query of any form", scope.ReviewerQuery("owners"), nil, srcReviewerFree},
		{"empty reviewer", scope.Reviewer{}, nil, srcReviewerFree},
		{"query type other than the examples", scope.QueryScope{Query: "/users", QueryType: "SQL"}, nil, srcQueryTypes},
		{"reviewer query type other than the examples", scope.Reviewer{Query: "/users/" + g1, QueryType: "Graph"}, nil, srcReviewerTypes},
		{"query scope root", scope.QueryScope{Query: "./members", QueryRoot: "nowhere"}, nil, srcScopeRoot},
		{"zero inactivity", scope.InactiveUsersScope{Query: "./members"}, nil, srcPT0S},
		{"InactiveFor zero days", scope.EachGroup().Members().InactiveFor(0), nil, srcPT0S},
		{"inactivity in months and hours", scope.InactiveUsersScope{Query: "/users", InactiveDuration: odata.Duration{Months: 1, Time: time.Hour}},
			nil, srcAnyInact},
		{"principal scope without a type", scope.PrincipalScope{}, nil, srcNoRequired},
		{"resource scope without ID or type", scope.ResourceScope{}, nil, srcNoRequired},
		{"notification recipient without template or scope", scope.NotificationRecipient{}, nil, srcNoRequired},
		{"empty memberships", scope.MembershipsOf().In(), nil, srcMembers},
		{"resource scope among the principals", scope.MembershipsOf(scope.ResourceScope{ResourceID: g1}).In(scope.PrincipalScope{}),
			nil, srcMembers},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			t.Parallel()
			require.NotEmpty(t, tt.source, "every rule names its source")
			err := tt.v.Validate()
			if tt.fields == nil {
				assert.NoError(t, err)
				_, merr := marshalWire(tt.v)
				assert.NoError(t, merr, "what Validate accepts is sent")
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, odata.ErrInvalid)
			assert.Equal(t, tt.fields, fieldNames(err))
			if isBuilt(tt.v) {
				_, merr := marshalWire(tt.v)
				assert.ErrorIs(t, merr, odata.ErrInvalid, "a builder refuses to encode what Validate refuses")
			}
		})
	}
}

// isBuilt reports whether v is made by a builder: those refuse to encode a
// bad argument, while wire values written as literals are sent as they are.
func isBuilt(v any) bool {
	switch v.(type) {
	case scope.GroupScope, scope.MembersScope, scope.RoleAssignmentsScope, scope.AccessPackageAssignmentsScope,
		scope.ServicePrincipalScope, scope.SharedChannelsScope, scope.InactiveScope, scope.MembershipsScope:
		return true
	}
	return false
}

// TestWireValuesEncodeWhatTheyHold checks that a wire value decoded from
// the service is sent back as it is, even when Validate would refuse it,
// while a builder given an argument it cannot send refuses to encode.
func TestWireValuesEncodeWhatTheyHold(t *testing.T) {
	t.Parallel()
	b, err := marshalWire(scope.Reviewer{Query: "./manager"})
	require.NoError(t, err)
	assert.Equal(t, `{"query":"./manager"}`, string(b))

	_, err = marshalWire([]scope.Reviewer{scope.User("")})
	assert.ErrorIs(t, err, odata.ErrInvalid)
	_, err = marshalWire(scope.NotifyUser(""))
	assert.ErrorIs(t, err, odata.ErrInvalid)
	_, err = marshalWire(scope.Query("/users/\xff"))
	assert.ErrorIs(t, err, odata.ErrInvalid)

	_, err = marshalWire(scope.InactiveUsersScope{Query: "/users", InactiveDuration: odata.Days(-1)})
	assert.Error(t, err, "a negative duration cannot be written")
	_, err = marshalWire(scope.PrincipalResourceMembershipsScope{PrincipalScopes: []scope.Scope{scope.Group("")}})
	assert.ErrorIs(t, err, odata.ErrInvalid, "an invalid builder inside is still refused")

	b, err = marshalWire(scope.Group("sales").Members())
	require.NoError(t, err, "an ID that is not a GUID is sent, escaped into one segment")
	assert.Contains(t, string(b), `"/groups/sales/members"`)
	b, err = marshalWire(scope.User("a/b?c"))
	require.NoError(t, err)
	assert.Contains(t, string(b), `"/users/a%2Fb%3Fc"`)
}
