package scope_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

// show prints a value's JSON, indented, followed by its description. A
// scope encodes with scope.Marshal; reviewers and notification recipients
// are plain structs.
func show(v fmt.Stringer) {
	var raw []byte
	var err error
	if s, ok := v.(scope.Scope); ok {
		raw, err = scope.Marshal(s)
	} else {
		raw, err = json.Marshal(v)
	}
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	var out bytes.Buffer
	_ = json.Indent(&out, raw, "", "  ")
	fmt.Println(out.String())
	fmt.Println(v)
}

// Guest users among the members of a group, nested groups included, who have
// not signed in for 30 days.
func ExampleGroup() {
	show(scope.Group("02f3bafb-448c-487c-88c2-5fd65ce49a41").TransitiveMembers().Guests().InactiveFor(30))
	// Output:
	// {
	//   "@odata.type": "#microsoft.graph.accessReviewInactiveUsersQueryScope",
	//   "query": "/groups/02f3bafb-448c-487c-88c2-5fd65ce49a41/transitiveMembers/?$filter=(userType eq 'Guest')",
	//   "queryType": "MicrosoftGraph",
	//   "inactiveDuration": "P30D"
	// }
	// guest users among the direct and transitive members of group 02f3bafb-448c-487c-88c2-5fd65ce49a41, inactive for 30 days
}

// A review of every Microsoft 365 group, one instance per group, covering
// the guest users among each group's direct members.
func ExampleEachGroup() {
	enumeration := scope.AllMicrosoft365Groups()
	perGroup := scope.EachGroup().Members().Users().Guests()
	show(enumeration)
	show(perGroup)
	fmt.Println(scope.DescribeReview(perGroup.InactiveFor(30), enumeration))
	// Output:
	// {
	//   "@odata.type": "#microsoft.graph.accessReviewQueryScope",
	//   "query": "/groups?$filter=(groupTypes/any(c:c eq 'Unified'))",
	//   "queryType": "MicrosoftGraph"
	// }
	// all Microsoft 365 groups
	// {
	//   "@odata.type": "#microsoft.graph.accessReviewQueryScope",
	//   "query": "./members/microsoft.graph.user/?$filter=(userType eq 'Guest')",
	//   "queryType": "MicrosoftGraph"
	// }
	// guest users among the direct members of each group
	// guest users among the direct members of each Microsoft 365 group, inactive for 30 days
}

func ExampleAllTeams() {
	show(scope.AllTeams())
	// Output:
	// {
	//   "@odata.type": "#microsoft.graph.accessReviewQueryScope",
	//   "query": "/groups?$filter=(groupTypes/any(c:c eq 'Unified') and resourceProvisioningOptions/Any(x:x eq 'Team'))",
	//   "queryType": "MicrosoftGraph"
	// }
	// all teams
}

// Inactive guests' memberships in every group.
func ExampleMembershipsOf() {
	show(scope.MembershipsOf(scope.AllUsers().Guests().InactiveFor(30)).In(scope.AllGroups()))
	// Output:
	// {
	//   "@odata.type": "#microsoft.graph.principalResourceMembershipsScope",
	//   "principalScopes": [
	//     {
	//       "@odata.type": "#microsoft.graph.accessReviewInactiveUsersQueryScope",
	//       "query": "/users?$filter=(userType eq 'Guest')",
	//       "queryType": "MicrosoftGraph",
	//       "inactiveDuration": "P30D"
	//     }
	//   ],
	//   "resourceScopes": [
	//     {
	//       "@odata.type": "#microsoft.graph.accessReviewQueryScope",
	//       "query": "/groups",
	//       "queryType": "MicrosoftGraph"
	//     }
	//   ]
	// }
	// all guest users, inactive for 30 days, with access to all groups
}

func ExampleTeamRef_MembersIncludingSharedChannels() {
	team := scope.Team("02f3bafb-448c-487c-88c2-5fd65ce49a41").MembersIncludingSharedChannels()
	show(team)
	fmt.Println("single-stage only:", scope.HasSharedChannels(team))
	// Output:
	// {
	//   "@odata.type": "#microsoft.graph.principalResourceMembershipsScope",
	//   "principalScopes": [
	//     {
	//       "@odata.type": "#microsoft.graph.accessReviewQueryScope",
	//       "query": "/users",
	//       "queryType": "MicrosoftGraph"
	//     }
	//   ],
	//   "resourceScopes": [
	//     {
	//       "@odata.type": "#microsoft.graph.accessReviewQueryScope",
	//       "query": "/groups/02f3bafb-448c-487c-88c2-5fd65ce49a41/transitiveMembers",
	//       "queryType": "MicrosoftGraph"
	//     },
	//     {
	//       "@odata.type": "#microsoft.graph.accessReviewQueryScope",
	//       "query": "/teams/02f3bafb-448c-487c-88c2-5fd65ce49a41/channels?$filter=(membershipType eq 'shared')",
	//       "queryType": "MicrosoftGraph"
	//     }
	//   ]
	// }
	// all users of team 02f3bafb-448c-487c-88c2-5fd65ce49a41, including B2B direct connect users in its shared channels
	// single-stage only: true
}

func ExampleRole() {
	role := scope.Role("62e90394-69f5-4237-9190-012177145e10")
	show(role.EligibleUsers())
	fmt.Println(role.ServicePrincipals())
	fmt.Println(scope.MembershipsOf(scope.AllUsers().Guests()).In(role))
	// Output:
	// {
	//   "@odata.type": "#microsoft.graph.accessReviewQueryScope",
	//   "query": "/roleManagement/directory/roleEligibilityScheduleInstances?$expand=principal&$filter=(isof(principal,'microsoft.graph.user') and roleDefinitionId eq '62e90394-69f5-4237-9190-012177145e10')",
	//   "queryType": "MicrosoftGraph"
	// }
	// users with an eligible assignment to directory role 62e90394-69f5-4237-9190-012177145e10
	// service principals with an active assignment (assigned or activated) to directory role 62e90394-69f5-4237-9190-012177145e10
	// all guest users with access to directory role 62e90394-69f5-4237-9190-012177145e10
}

func ExampleAccessPackageAssignments() {
	show(scope.AccessPackageAssignments("9b3f4c52-7a1e-4f0e-a0a8-2d6c1e5b7f10").
		Policy("4c2d9e7a-1b3f-4a6e-8d5c-0f9e8a7b6c5d"))
	// Output:
	// {
	//   "@odata.type": "#microsoft.graph.accessReviewQueryScope",
	//   "query": "/identityGovernance/entitlementManagement/accessPackageAssignments?$filter=(accessPackageId eq '9b3f4c52-7a1e-4f0e-a0a8-2d6c1e5b7f10' and assignmentPolicyId eq '4c2d9e7a-1b3f-4a6e-8d5c-0f9e8a7b6c5d')",
	//   "queryType": "MicrosoftGraph"
	// }
	// assignments of access package 9b3f4c52-7a1e-4f0e-a0a8-2d6c1e5b7f10 through policy 4c2d9e7a-1b3f-4a6e-8d5c-0f9e8a7b6c5d
}

// The escape hatch sends the query as written; Lint points out what is
// probably a mistake in it.
func ExampleQuery() {
	show(scope.Query("/groups/02f3bafb-448c-487c-88c2-5fd65ce49a41/owners"))
	q := scope.Query("/groups?$filter=(displayName eq 'Sales)")
	fmt.Println(q.Validate())
	for _, w := range scope.Lint(q) {
		fmt.Println(w)
	}
	// Output:
	// {
	//   "@odata.type": "#microsoft.graph.accessReviewQueryScope",
	//   "query": "/groups/02f3bafb-448c-487c-88c2-5fd65ce49a41/owners",
	//   "queryType": "MicrosoftGraph"
	// }
	// the results of the query "/groups/02f3bafb-448c-487c-88c2-5fd65ce49a41/owners"
	// <nil>
	// query: has a string literal opened at byte 32 and never closed
}

// Validate refuses only what cannot be sent or what the documentation says
// the service refuses, every problem at once, with its path.
func ExampleValidate() {
	s := scope.MembershipsOf(scope.Group("").Members().InactiveFor(-30)).In(nil)
	err := scope.Validate(s)
	fmt.Println(errors.Is(err, odata.ErrInvalid))
	fmt.Println(err)
	// Output:
	// true
	// principalScopes[0].query.groupId: is required: the query cannot name an empty ID
	// principalScopes[0].inactiveDuration: must not be negative, got P-30D
	// resourceScopes[0]: is nil: a nil Scope has no type and no properties to encode
}

// Lint reports what the service accepts but is probably a mistake: a
// truncated ID, a misspelt query, a zero inactivity period. Warnings never
// stop a request.
func ExampleLint() {
	s := scope.MembershipsOf(scope.Group("02f3bafb").Members().InactiveFor(0)).
		In(scope.Query("/groups/02f3bafb-448c-487c-88c2-5fd65ce49a41/transitiveMember"))
	fmt.Println(scope.Validate(s))
	for _, w := range scope.Lint(s) {
		fmt.Println(w)
	}
	fmt.Println(scope.Managers().Lint())
	for _, w := range (scope.Reviewer{Query: "./manger", QueryRoot: scope.QueryRootDecisions}).Lint() {
		fmt.Println(w)
	}
	// Output:
	// <nil>
	// principalScopes[0].query.groupId: "02f3bafb" is not a GUID: the documented queries name objects by their object ID
	// principalScopes[0].inactiveDuration: is zero (PT0S, the service's default): everyone who has not signed in since the instance started counts as inactive; set it, such as P30D
	// resourceScopes[0].query: "/groups/02f3bafb-448c-487c-88c2-5fd65ce49a41/transitiveMember" is not a scope query the documentation shows; did you mean "/groups/02f3bafb-448c-487c-88c2-5fd65ce49a41/transitiveMembers"?
	// []
	// query: "./manger" is not a reviewer query the documentation shows; did you mean "./manager"?
}

// Describe reads a query scope made by hand, whatever its spelling, as the
// builder that makes its query.
func ExampleDescribe() {
	s := scope.Query("./members/microsoft.graph.user/?$count=true&$filter=(userType+eq+'Guest')")
	fmt.Println(scope.Describe(s))
	fmt.Println(scope.Describe(scope.Query("/groups/02f3bafb-448c-487c-88c2-5fd65ce49a41/owners")))
	// Output:
	// guest users among the direct members of each group
	// the results of the query "/groups/02f3bafb-448c-487c-88c2-5fd65ce49a41/owners"
}

// A scope the builders make decodes to the builder value, in the spelling
// the service returns too, and equals the expression that made it.
func ExampleUnmarshal_builderValue() {
	s, err := scope.Unmarshal([]byte(`{
		"query": "/groups/02f3bafb-448c-487c-88c2-5fd65ce49a41/transitiveMembers/microsoft.graph.user/?$count=true&$filter=(userType+eq+'Guest')",
		"queryType": "MicrosoftGraph",
		"queryRoot": null
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	if m, ok := s.(scope.MembersScope); ok {
		fmt.Println(m.GroupID(), m.Transitive(), m.OnlyUsers(), m.OnlyGuests())
	}
	fmt.Println(reflect.DeepEqual(s, scope.Group("02f3bafb-448c-487c-88c2-5fd65ce49a41").TransitiveMembers().Users().Guests()))
	out, _ := scope.Marshal(s)
	fmt.Println(string(out))
	// Output:
	// 02f3bafb-448c-487c-88c2-5fd65ce49a41 true true true
	// true
	// {"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/groups/02f3bafb-448c-487c-88c2-5fd65ce49a41/transitiveMembers/microsoft.graph.user/?$filter=(userType eq 'Guest')","queryType":"MicrosoftGraph"}
}

func ExampleUnmarshal() {
	s, err := scope.Unmarshal([]byte(`{"@odata.type":"#microsoft.graph.accessReviewInactiveUsersQueryScope",
		"query":"/users","inactiveDuration":"P90D","futureProperty":{"kept":true}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	inactive := s.(scope.InactiveUsersScope)
	fmt.Println(inactive.InactiveDuration)
	out, _ := scope.Marshal(s)
	fmt.Println(string(out))
	// Output:
	// P90D
	// {"@odata.type":"#microsoft.graph.accessReviewInactiveUsersQueryScope","query":"/users","inactiveDuration":"P90D","futureProperty":{"kept":true}}
}

func ExampleManagers() {
	reviewers := []scope.Reviewer{scope.Managers()}
	fallback := []scope.Reviewer{scope.User("c9a5aff7-9298-4d71-adab-0a222e0a05e4")}
	out, _ := json.Marshal(map[string][]scope.Reviewer{"reviewers": reviewers, "fallbackReviewers": fallback})
	fmt.Println(string(out))
	fmt.Println(scope.DescribeReviewers(reviewers), "/", scope.DescribeReviewers(fallback))
	// Output:
	// {"fallbackReviewers":[{"query":"/users/c9a5aff7-9298-4d71-adab-0a222e0a05e4","queryType":"MicrosoftGraph"}],"reviewers":[{"query":"./manager","queryType":"MicrosoftGraph","queryRoot":"decisions"}]}
	// the managers of the reviewed users / user c9a5aff7-9298-4d71-adab-0a222e0a05e4
}

func ExampleGroupOwners() {
	show(scope.GroupOwners())
	// Output:
	// {
	//   "query": "./owners",
	//   "queryType": "MicrosoftGraph"
	// }
	// the owners of each group
}

func ExampleSelfReview() {
	out, _ := json.Marshal(map[string][]scope.Reviewer{"reviewers": scope.SelfReview()})
	fmt.Println(string(out))
	fmt.Println(scope.DescribeReviewers(scope.SelfReview()))
	// Output:
	// {"reviewers":[]}
	// the reviewed users themselves (self-review)
}

func ExampleNotifyGroupMembers() {
	show(scope.NotifyGroupMembers("072ac5f4-3f13-4088-ab30-0a276f3e6322"))
	// Output:
	// {
	//   "notificationTemplateType": "CompletedAdditionalRecipients",
	//   "notificationRecipientScope": {
	//     "@odata.type": "#microsoft.graph.accessReviewNotificationRecipientQueryScope",
	//     "query": "/groups/072ac5f4-3f13-4088-ab30-0a276f3e6322/members",
	//     "queryType": "MicrosoftGraph"
	//   }
	// }
	// the members of group 072ac5f4-3f13-4088-ab30-0a276f3e6322, when the review completes
}
