// Package accessreviews is a client for the Microsoft Graph access reviews
// API: create schedule definitions, follow their instances and stages,
// record reviewers' decisions and export review history. What a review
// covers and who reviews it come from package [scope], its schedule from
// package [recurrence], and the transport, queries and errors from package
// [odata].
//
// The package example, the quick start, runs against the in-memory fake
// of package [github.com/graphkit/governance/accessreviews/accessreviewstest].
//
// # Client and services
//
// [NewClient] builds a [Client] from odata options, such as
// [odata.WithClientCredentials] or [odata.WithDeviceCode], and says which
// operations need which token; [New] wraps an existing [odata.Client]. The
// services are fields of the Client, one per resource: [DefinitionsService], [InstancesService], [StagesService],
// [DecisionsService], [ContactedReviewersService], [HistoryService],
// [PolicyService] and [UnifiedService] (user-centric reviews). A Client is
// immutable and safe for concurrent use; share one per application and
// tenant.
//
// Methods follow Graph's verbs (List, Get, Create, Update, Delete, and
// actions such as [InstancesService.Stop]). Identifiers are typed
// ([DefinitionID], [InstanceID]…), so the IDs of a deep path cannot be
// swapped, and each is checked to be a GUID before it goes into a path.
// [Client] lists the operations that exist only in beta.
//
// # Definitions and decisions
//
// A [Definition] says what is reviewed, by whom, when, and what happens at
// the end ([Settings]). [Definition.Validate] refuses, before anything is
// sent, what the service would refuse; [Definition.Lint] reports what it
// accepts but is probably a mistake. Polymorphic values (apply actions,
// identities, resources, insights) are sealed interfaces chosen by
// "@odata.type"; a type this package does not know decodes to an Unknown…
// value that keeps the JSON as received.
//
// The service creates the instances of a definition, and reviewers record
// decisions on their items: [DecisionsService] says which method fits
// which case.
//
// # Reviewer bots
//
// Recording a decision needs the reviewer's own token, so a bot signs in as
// that person with the device code once ([odata.WithDeviceCode], with an
// [odata.FileTokenCache] so that later runs ask nobody) and lists what is
// left with the current-user calls:
//
//	pending := &accessreviews.ListOptions{Filter: odata.Eq("decision", accessreviews.DecisionNotReviewed)}
//	for def, err := range client.Definitions.ListForCurrentUser(ctx, nil) {
//		...
//		for inst, err := range client.Instances.ListForCurrentUser(ctx, def.ID, nil) {
//			...
//			for item, err := range client.Decisions.ListForCurrentUser(ctx, def.ID, inst.ID, pending) {
//				... // decide, append a DecisionRecord
//			}
//			results, err := client.Decisions.RecordMany(ctx, def.ID, inst.ID, records, nil)
//			... // each result: recorded, refused, or errors.Is(r.Err, odata.ErrOutcomeUnknown)
//		}
//	}
//
// examples/review-bot is that bot in full; tests run it against the fake,
// whose Server plays the identity platform too.
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
// [errors.Is] and the odata sentinels ([odata.ErrNotFound]…). Branch on
// codes and statuses, never on messages. Every error names its operation:
// "accessreviews: create definition: …".
//
// Each operation is resent only where that is safe, as [Client] describes;
// a call that may have reached the service and cannot be resent fails with
// [odata.ErrOutcomeUnknown].
//
// # Endpoints
//
// ENDPOINTS.md, beside this package's source, lists every endpoint of the
// API with its Graph versions, the method that calls it and whether the
// fake serves it; a test keeps it in step with both.
package accessreviews
