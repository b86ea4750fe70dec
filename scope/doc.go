// Package scope describes what an access review covers and who reviews it:
// the scope and instanceEnumerationScope of a schedule definition, its
// reviewers and fallback reviewers, and its additional notification
// recipients.
//
// Graph expresses all of these as OData query strings with "@odata.type"
// tags. This package lets a program say what it means instead, as one
// readable, validated expression, and reads back what the service returns.
//
// # Scopes
//
// [Scope] is a sealed interface. Builders produce scopes that know what they
// mean; each sentence of the Graph scope guide is one expression:
//
//	scope.Group(id).TransitiveMembers()                       // all members of a group, nested ones included
//	scope.Group(id).TransitiveMembers().InactiveFor(30)       // … who have not signed in for 30 days
//	scope.Group(id).TransitiveMembers().Guests()              // guest users among them
//	scope.Group(id).Members()                                 // direct members: users and groups
//	scope.AllMicrosoft365Groups()                             // instanceEnumerationScope: one instance per group
//	scope.EachGroup().Members().Users()                       // … reviewing each group's user members
//	scope.EachGroup().Members().Users().Guests().InactiveFor(30)
//	scope.AllTeams()                                          // every Microsoft 365 group with a team
//	scope.AccessPackageAssignments(pkg).Policy(policy).Catalog(catalog)
//	scope.Role(role).ServicePrincipals()                      // service principals in a privileged role
//	scope.Role(role)                                          // users with an active or eligible assignment
//	scope.Role(role).EligibleUsers()
//	scope.Role(role).ActiveUsers()
//	scope.MembershipsOf(scope.AllUsers().Guests().InactiveFor(30)).In(scope.AllGroups())
//	scope.Team(team).MembersIncludingSharedChannels()         // B2B direct connect users too
//	scope.MembershipsOf(scope.AllUsers().Guests()).In(scope.Role(role))
//	scope.MembershipsOf(scope.AllUsers()).In(scope.ServicePrincipal(app))
//
// Builders are immutable values: every method returns a new value, so a
// partly built scope can be shared and extended in several ways. They
// implement Scope themselves, so they go straight into a struct literal with
// no Build call. [Query] is the escape hatch for a query the builders do not
// cover; it still checks the query with [CheckQuery].
//
// The wire types mirror Graph's: [QueryScope], [InactiveUsersScope],
// [PrincipalResourceMembershipsScope], and the newer [PrincipalScope],
// [ResourceScope] and [AccessPackageAssignmentPolicyScope]. They can be
// written as struct literals too, and hold what the builders cannot say.
//
// # Encoding and decoding
//
// Every scope encodes with "@odata.type" first, query scopes included, even
// though the service accepts a query scope without it. [Unmarshal] (and
// [UnmarshalList]) picks the Go type by "@odata.type", compared without
// regard to case or to the "#microsoft.graph." prefix, also under the beta
// spelling "odata.type"; an object without a type is a query scope, as the
// service reads it. A type this package does not know decodes to [Unknown],
// which keeps the raw JSON and encodes it back unchanged.
//
// A scope read from the service is the same kind of value the builder
// made: a scope a builder makes decodes to the builder value, in every
// spelling of its query the service uses ("+" for spaces, "$count=true",
// extra parentheses), so after a Get, def.Scope equals
// scope.Group(id).TransitiveMembers() when that is what was created, and a
// program switches on its type ([MembersScope], [GroupsScope],
// [RoleAssignmentsScope]…) and uses its accessors instead of parsing
// queries. Only what the builders cannot express stays a wire type: a query
// no builder makes, a scope with a queryRoot or with properties this
// package does not model.
//
// The wire types are plain tagged structs, chosen by "@odata.type" through
// odata.Kinds. A builder encodes itself as the wire type it stands for,
// with any JSON encoder, as part of a model or through [Marshal].
//
// Properties of a known type that this package does not model are kept
// in its Extra when decoding and written back, after the modelled ones, so
// a scope read from the service and sent back loses nothing. Three things
// are normalised: a property whose value is null is dropped (for the
// service, null and absent are the same), the beta "odata.type" is written
// as "@odata.type", and a scope that decoded to a builder value is written
// as the builder writes it (its query in the builder's spelling, with
// "@odata.type" and queryType MicrosoftGraph).
//
// # Reviewers and notification recipients
//
// [Reviewer] (accessReviewReviewerScope) is a struct: the v1.0 schema gives
// it no base type and requests send it without "@odata.type". Build one with
// [User], [MembersOfGroup], [OwnersOfGroup], [GroupOwners] (the owners of
// each reviewed group), [Managers] (the reviewed users' managers),
// [ApplicationOwners] or [ReviewerQuery]. A self-review has no reviewers:
// [SelfReview] returns the empty, non-nil list that encodes as [].
//
// [NotificationRecipient] (accessReviewNotificationRecipientItem) names who
// else receives the "review completed" email: [NotifyUser] and
// [NotifyGroupMembers].
//
// # Validation
//
// Validate on every value, and [Validate] for a Scope that may be nil,
// report every problem at once as *odata.FieldError values joined with
// errors.Join, named by their path relative to the value
// ("query.groupId", "principalScopes[0].inactiveDuration"). They refuse
// only what the documentation says the service refuses (a reviewer query
// root other than decisions, "./manager" without it, a notification
// template type or query type other than the documented one, an access
// package policy scope of another scope type) and what cannot be encoded
// (an empty ID given to a builder, a query that is not UTF-8, a negative
// inactivity period, a nil scope in a list). A builder given such an
// argument keeps the problem: encoding it fails with it instead of sending
// something else than asked.
//
// What the service accepts but is probably a mistake is reported by [Lint]
// (and Reviewer.Lint, NotificationRecipient.Lint) as odata.Warning values,
// which never stop a request: an ID that is not a GUID, a query no builder
// makes (with the builder form it misses by a typo: "./manger" is
// "./manager"), a malformed query ([CheckQuery]), an unknown query type, a
// zero inactivity period, an empty memberships list.
//
// Reviews of B2B direct connect users through a team's shared channels are
// supported by the service only in single-stage reviews. A scope cannot
// know how many stages its definition has; [HasSharedChannels] tells the
// definition's validation whether the rule applies.
//
// # Descriptions
//
// Every scope's String describes it in English, and [Describe] does the
// same for any scope, a query scope written by hand included, recognising
// every query the builders produce in the spellings the service uses ("+"
// for spaces, "$count=true", extra parentheses). [DescribeReview] adds what
// the instanceEnumerationScope says: "guest users among the direct members
// of each Microsoft 365 group, inactive for 30 days". Reviewers describe
// themselves too ("the owners of each group", "the managers of the reviewed
// users"), and [DescribeReviewers] describes a list.
package scope
