// Package accessreviews is a client for the Microsoft Graph access reviews
// API: create schedule definitions, follow their instances and stages,
// record reviewers' decisions and export review history. What a review
// covers and who reviews it come from package [scope], its schedule from
// package [recurrence], and the transport, queries and errors from package
// [odata]. The package example, the quick start, runs against the in-memory
// fake of package [github.com/graphkit/governance/accessreviews/accessreviewstest].
//
// # Client and services
//
// [NewClient] builds a [Client] from odata options, such as
// [odata.WithClientCredentials] or [odata.WithDeviceCode]; [New] wraps an
// existing [odata.Client]. The services are fields of the Client, one per
// resource: [DefinitionsService], [InstancesService], [StagesService],
// [DecisionsService], [ContactedReviewersService], [HistoryService],
// [PolicyService] and [UnifiedService] (user-centric reviews). A Client is
// immutable and safe for concurrent use; share one per application and
// tenant. [NewClient] says which operations need which token, and [Client]
// which exist only in beta.
//
// Methods follow Graph's verbs (List, Get, Create, Update, Delete, and
// actions such as [InstancesService.Stop]). Identifiers are typed
// ([DefinitionID], [InstanceID]…), so the IDs of a deep path cannot be
// swapped, and each is checked to be a GUID before it goes into a path.
//
// # Definitions and decisions
//
// A [Definition] says what is reviewed, by whom, when, and what happens at
// the end ([Settings]). [Definition.Validate] refuses, before anything is
// sent, what the service would refuse; [Definition.Lint] reports what it
// accepts but is probably a mistake. Polymorphic values ([ApplyAction],
// [Identity], [Resource], [Insight]…) are sealed interfaces chosen by
// "@odata.type"; a type this package does not know decodes to an Unknown
// value ([UnknownIdentity]…) that keeps the JSON as received.
//
// Reviewers record a [Decision] on each [DecisionItem] of an instance;
// [DecisionsService] says which method fits which case. Recording takes the
// reviewer's own token: a bot signs in once with [odata.WithDeviceCode] and
// an [odata.FileTokenCache], then lists what is left with
// [DecisionsService.ListForCurrentUser] and records it with
// [DecisionsService.RecordMany], as examples/review-bot does.
//
// # Paging
//
// Every List method returns an [iter.Seq2]: nothing is sent before the loop
// starts, next links are followed, a break stops the fetching, and a
// failure is yielded once as the last value. [ListOptions] carries the
// typed $filter ([odata.Eq]…) and the other query options.
//
// # Errors and retries
//
// Invalid input is reported before any request, every problem at once, as
// [odata.FieldError] values matching [odata.ErrInvalid]. A failed response
// is an [odata.Error]: match it with [errors.As], or its status with
// [errors.Is] and the odata sentinels ([odata.ErrNotFound]…), never by its
// message. Every error names its operation: "accessreviews: create
// definition: …". Each operation is resent only where that is safe, as
// [Client] describes; a call that may have reached the service and cannot
// be resent fails with [odata.ErrOutcomeUnknown].
//
// # Endpoints
//
// ENDPOINTS.md, beside this package's source, lists every endpoint of the
// API with its Graph versions, the method that calls it and whether the
// fake serves it; a test keeps it in step with both.
package accessreviews
