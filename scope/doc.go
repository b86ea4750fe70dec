// Package scope describes what an access review covers and who reviews it:
// the scope and instanceEnumerationScope of a schedule definition, its
// reviewers and fallback reviewers, and its additional notification
// recipients. Graph writes each as an OData query string with an
// "@odata.type"; this package lets a program say what it means instead, as
// one readable, validated Go expression, and reads back what the service
// returns. The package example builds the scope of a guest review.
//
// # Scopes
//
// [Scope] is a sealed interface. Builders produce scopes that know what they
// mean; each sentence of the Graph scope guide is one expression:
//
//	scope.Group(id).TransitiveMembers().Guests()           // guests among a group's members, nested ones included
//	scope.Group(id).TransitiveMembers().InactiveFor(30)    // members who have not signed in for 30 days
//	scope.AllMicrosoft365Groups()                          // instanceEnumerationScope: one instance per group
//	scope.EachGroup().Members().Users()                    // … reviewing each group's user members
//	scope.AllTeams()                                       // every Microsoft 365 group with a team
//	scope.AccessPackageAssignments(pkg).Policy(policy)
//	scope.Role(role).ServicePrincipals()                   // service principals in a privileged role
//	scope.MembershipsOf(scope.AllUsers().Guests()).In(scope.AllGroups())
//	scope.Team(team).MembersIncludingSharedChannels()      // B2B direct connect users too
//
// Builders are immutable: every method returns a new value, so a partly
// built scope can be shared and extended. They are Scopes themselves and go
// straight into a struct literal. [Query] is the escape hatch for a query
// the builders do not cover. The wire types mirror Graph's ([QueryScope],
// [InactiveUsersScope], [PrincipalResourceMembershipsScope],
// [PrincipalScope], [ResourceScope], [AccessPackageAssignmentPolicyScope])
// and can be written as literals too.
//
// A scope read from the service decodes to the builder value that makes it,
// whatever spelling of the query the service used: after a Get, def.Scope
// equals scope.Group(id).TransitiveMembers() when that is what was created,
// so a program switches on its type ([MembersScope], [GroupsScope],
// [RoleAssignmentsScope]…) and uses its accessors. Only what the builders
// cannot express stays a wire type. A builder encodes itself, with any JSON
// encoder; [Unmarshal] tells the details.
//
// # Reviewers and notification recipients
//
// A [Reviewer] is a struct, not a Scope: the schema gives it no base type.
// Build one with [User], [MembersOfGroup], [OwnersOfGroup], [GroupOwners],
// [Managers], [ApplicationOwners] or [ReviewerQuery]; [SelfReview] is the
// empty list of a self-review. A [NotificationRecipient], from [NotifyUser]
// or [NotifyGroupMembers], also gets the "review completed" email.
//
// # Encoding and reading back
//
// The models holding a scope encode it by themselves; [Marshal] encodes one
// alone. [Unmarshal] and [UnmarshalList] read what the service returns,
// choosing the Go type by "@odata.type"; a type this package does not know
// is an [Unknown] that keeps the JSON, and properties it does not model are
// kept and sent back. Every scope's String, and [Describe] for any scope,
// says what it covers in English; [DescribeReview] adds the
// instanceEnumerationScope, [DescribeReviewers] describes reviewers, and
// [Recognize] gives the builder value a query read back stands for.
//
// # Validation
//
// [Validate], and the Validate method of every value, refuses only what the
// documentation says the service refuses and what cannot be encoded, every
// problem at once as [odata.FieldError] values named by their path
// ("principalScopes[0].inactiveDuration"). [Lint] reports what the service
// accepts but is probably a mistake, such as a misspelt query ("./manger"),
// as [odata.Warning] values, which never stop a request; [CheckQuery] checks
// a query's shape. [HasSharedChannels] marks the scopes the service takes
// only in single-stage reviews.
package scope
