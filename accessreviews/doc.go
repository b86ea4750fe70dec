// Package accessreviews is a client for the Microsoft Graph access reviews
// API: schedule definitions and their instances, stages and decisions, the
// reviewers an instance contacted, review history reports, and the beta
// access review policy.
//
// The models are typed values read from the service; the scopes and
// reviewers they hold come from package scope, their schedules from package
// recurrence, and the transport, queries and errors from package odata.
//
// # Client
//
// NewClient builds a Client from odata options; New wraps an existing
// *odata.Client, to share one transport with other Graph code. The services
// are fields of the Client, one per resource:
//
//	client.Definitions         // schedule definitions
//	client.Instances           // instances and their actions (stop, apply, reset, remind…)
//	client.Stages              // stages of multi-stage instances
//	client.Decisions           // decision items: read, record, record many
//	client.ContactedReviewers  // the reviewers an instance asked
//	client.History             // history reports and their CSV downloads
//	client.Policy              // the tenant's access review policy (beta)
//
// Methods follow Graph's verbs: List, ListForCurrentUser (Graph's
// filterByCurrentUser(on='reviewer')), Get, Create, Update, Delete, and the
// actions Stop, ApplyDecisions, ResetDecisions, SendReminder,
// AcceptRecommendations and BatchRecord. Identifiers are typed
// (DefinitionID, InstanceID, StageID, DecisionID, HistoryDefinitionID,
// HistoryInstanceID), so the IDs of a deep path cannot be swapped, and IDs
// read from the service need no conversion to be passed back. Every ID is
// checked to be a GUID before it goes into a path.
//
// # Authentication
//
// Credentials are odata options: odata.WithClientCredentials for an
// application, odata.WithDeviceCode for a signed-in user, odata.WithTokenSource
// for any oauth2.TokenSource:
//
//	client, err := accessreviews.NewClient(odata.WithClientCredentials(tenantID, clientID, secret))
//
// Application permissions (AccessReview.ReadWrite.All) cover definitions,
// instances, their actions (BatchRecord included) and history reports.
// Recording a decision (Record, RecordInStage, RecordMany),
// AcceptRecommendations and the beta ListPendingForMe take only a delegated
// token of a user, the reviewer: their Graph permission tables list no
// application permission. When the service refuses an application token
// there with 403, the error matches odata.ErrDelegatedTokenRequired and says
// to sign in as the reviewer. The ListForCurrentUser methods,
// ListPendingForCurrentUser and RecordAll answer for the signed-in user:
// their tables list application permissions too, but an application token
// has no current user, so call them with a delegated token. A reviewer bot
// signs in once with odata.WithDeviceCode and an odata.FileTokenCache, and
// runs unattended until its refresh token is refused. The token goes only to
// the configured Graph host; a history report's CSV, which lives on a
// storage host, is downloaded without it.
//
// # Definitions
//
// A Definition says what is reviewed (Scope, and InstanceEnumerationScope to
// review every group of a kind), by whom (Reviewers, FallbackReviewers,
// StageSettings for multi-stage reviews), when (Settings.Recurrence) and
// what happens at the end (Settings):
//
//	def, err := client.Definitions.Create(ctx, &accessreviews.Definition{
//		DisplayName:              "Quarterly guest review of Microsoft 365 groups",
//		InstanceEnumerationScope: scope.AllMicrosoft365Groups(),
//		Scope:                    scope.EachGroup().Members().Users().Guests(),
//		Reviewers:                []scope.Reviewer{scope.GroupOwners()},
//		FallbackReviewers:        []scope.Reviewer{scope.User(alineID)},
//		Settings: accessreviews.Settings{
//			MailNotificationsEnabled: true,
//			DefaultDecisionEnabled:   true,
//			DefaultDecision:          accessreviews.DefaultApprove,
//			Recurrence:               recurrence.Quarterly().StartingOn(start).EndingOn(end),
//			ApplyActions:             []accessreviews.ApplyAction{accessreviews.RemoveAccess()},
//		},
//	})
//
// Definition.Validate refuses, before anything is sent, only what the
// documentation says the service refuses and what cannot be sent as asked
// (Create and Update call it): required properties, scopes and reviewers,
// default decisions, the recurrences access reviews accept, the 30-day
// look-back of application reviews, stages that outlast one recurrence, and
// the sequential chain of at most three stages. Every problem is reported at
// once, each an *odata.FieldError named by its JSON path.
//
// Definition.Lint reports what the service accepts but is probably a
// mistake, as odata.Warning values that never stop a request: a reviewer
// query with a typo ("./manger") or a truncated ID, a description longer
// than reviewers' emails show, stage durations that do not add up to
// instanceDurationInDays, reviewers that may resolve to nobody without
// fallback reviewers, a look-back longer than the recurrence, Deny applied
// automatically to everyone who was not reviewed. Print or log them before
// Create:
//
//	for _, w := range def.Lint() {
//		log.Printf("warning: %s", w)
//	}
//
// Polymorphic values are sealed interfaces chosen by "@odata.type": apply
// actions (RemoveAccess, DisableAndDeleteUser), insight settings, the
// identities, resources, targets and insights of decision items, and the
// scopes of package scope. A type this package does not know decodes to an
// Unknown… value that keeps the JSON as received.
//
// # Instances and decisions
//
// The service creates the instances of a definition: one per occurrence of
// its recurrence and, for an all-groups review, one per group. Reviewers
// record decisions on the items of an instance (or of a stage, for a
// multi-stage review). A reviewer bot acts as the reviewer: it signs in
// with the device code once, keeps the tokens in a file, and lists what
// that person has left to review with the current-user calls:
//
//	cache, err := odata.NewFileTokenCache(filepath.Join(dir, "reviewbot-tokens.json"))
//	...
//	client, err := accessreviews.NewClient(odata.WithDeviceCode(odata.DeviceCode{
//		TenantID: tenantID,
//		ClientID: clientID, // a registration that allows public client flows
//		Prompt: func(ctx context.Context, p odata.DeviceCodePrompt) error {
//			_, err := fmt.Fprintln(os.Stderr, p.Message) // where to go, which code to type
//			return err
//		},
//		Cache: cache, // the next run asks nobody until the refresh token is refused
//	}))
//	...
//	pending := &accessreviews.ListOptions{Filter: odata.Eq("decision", accessreviews.DecisionNotReviewed)}
//	for def, err := range client.Definitions.ListForCurrentUser(ctx, nil) {
//		...
//		for inst, err := range client.Instances.ListForCurrentUser(ctx, def.ID, nil) {
//			...
//			var records []accessreviews.DecisionRecord
//			for item, err := range client.Decisions.ListForCurrentUser(ctx, def.ID, inst.ID, pending) {
//				... // decide, append a DecisionRecord
//			}
//			results, err := client.Decisions.RecordMany(ctx, def.ID, inst.ID, records, nil)
//			... // each result: recorded, refused, or errors.Is(r.Err, odata.ErrOutcomeUnknown)
//		}
//	}
//
// examples/review-bot is that bot in full. Tests run it against
// accessreviewstest, whose Server plays the identity platform too
// (Server.DeviceCodeOptions, Server.ApproveDeviceCode).
//
// Items nobody reviewed or applied carry a zero-GUID reviewer or applier,
// which UserIdentity.IsNobody reports. When an instance ends, its decisions
// are applied, by the service (Settings.AutoApplyDecisionsEnabled) or by
// InstancesService.ApplyDecisions.
//
// # Paging
//
// Every List method returns an iter.Seq2 over values, built on odata.All:
// nothing is sent before the loop starts, the service's @odata.nextLink is
// followed verbatim (and only to the configured host and API version), a
// break stops the fetching, and a failure is yielded once as the last
// value. Invalid options are that failure, before any request. ListOptions
// carries $filter (typed, from odata.Eq, odata.Contains, odata.And…),
// $select, $expand, $orderby, $top and $skip; each List method says which
// the service honours. Pages hold at most 100 items, the service's page
// size, whatever $top asks: a larger $top is sent as it is, and the next
// links bring the rest.
//
// # Updating (PUT vs PATCH)
//
// The service updates each resource its own way, and so does this package:
//
//   - DefinitionsService.Update is a PUT that replaces the whole definition.
//     It sends every writable property of the Definition it is given (nil
//     lists as [] where absent and empty mean the same), without read-only
//     properties, and with the properties this package does not model kept
//     from the read. Get the definition, change it, pass it back.
//   - InstancesService.Update is a PUT of the instance's reviewers and
//     fallback reviewers, with its scope, which the service requires but does
//     not change (Instance.ForUpdate starts one). It answers with the updated
//     instance.
//   - StagesService.Update and DecisionsService.Record are PATCH requests
//     that send only what the StageUpdate or DecisionUpdate sets: a nil list
//     or a nil Justification leaves the value unchanged.
//   - PolicyService.Update is a PATCH of the one property it changes.
//
// Fallback reviewers of an instance or a stage can be added, never removed
// (409 Conflict). Changes to a definition apply to future instances only.
//
// # Bulk decisions
//
// Three operations record many decisions:
//
//   - DecisionsService.RecordMany sends one decision per item as PATCH
//     requests in JSON batches of at most 20, resends throttled items alone
//     after their Retry-After, and returns a result per item. A PATCH sent
//     twice leaves the same state, so an item whose outcome is unknown can be
//     sent again.
//   - InstancesService.BatchRecord (batchRecordDecisions) records one
//     decision on every item of an instance matching a principal, a resource,
//     or both, in one request.
//   - DecisionsService.RecordAll (beta recordAllDecisions) records one
//     decision on every item of the signed-in reviewer.
//
// The last two are last-writer-wins over every matching item, including
// decisions recorded by others in the meantime: they are never resent after
// an ambiguous failure.
//
// # Errors
//
// Problems with the input are found before any request and returned as
// *odata.FieldError values joined with errors.Join (errors.Is(err,
// odata.ErrInvalid) holds). A failed response is an *odata.Error with the
// status, Graph code, message and request IDs; branch on them with
// errors.As, or on the status with errors.Is and the odata sentinels
// (odata.ErrNotFound, odata.ErrConflict, odata.ErrThrottled…). Every error is
// wrapped with the operation, "accessreviews: create definition: …". Branch
// on codes and statuses, never on messages.
//
// # Throttling
//
// Each operation has a retry class, because what is safe to resend depends
// on what it does:
//
//   - reads are retried on throttling (429), server errors and network
//     failures;
//   - PUT, PATCH and DELETE on throttling, 503, 504 and failures before
//     sending, and once after an ambiguous failure (a reset or timeout once
//     the request was written);
//   - the actions that converge (Stop, ApplyDecisions,
//     AcceptRecommendations) like writes, except that they are not resent
//     after an ambiguous failure: Stop and ApplyDecisions then read the
//     resource to find out whether the action took effect;
//   - creates, ResetDecisions, SendReminder, BatchRecord and RecordAll only
//     where the service certainly did not process the request (429,
//     connection refused).
//
// A call that may have reached the service and cannot safely be resent
// fails with an error matching odata.ErrOutcomeUnknown, carrying the
// client-request-id. A Retry-After is waited out up to
// odata.RetryPolicy.MaxRetryAfter; a longer one fails the call at once with
// odata.ErrThrottled and the wait asked for, so the caller can reschedule.
// After a 429 the client holds back its other calls for the same time.
//
// # Endpoints
//
// ENDPOINTS.md, beside this package's source, lists every endpoint of the
// API with its Graph versions, the method that calls it and whether the
// fake of package accessreviewstest serves it; a test keeps it in step with
// both. User-centric (catalog-scope) reviews are on Client.Unified (global
// cloud only: ErrGlobalCloudOnly elsewhere). Single-item Gets take Select
// for $select.
//
// # Beta operations
//
// Some operations exist only in the beta API: the access review policy,
// InstancesService.ListAll, InstancesService.Definition,
// InstancesService.ListPendingForMe, DecisionsService.ListPendingForCurrentUser,
// DecisionsService.RecordAll and RecordAllInInstance, the directReviewer and
// delegatedReviewer roles of the ListForCurrentUserAs methods (sent with
// Prefer: include-unknown-enum-members), and
// InstancesService.BatchApplyCustomDataProvidedResourceDecisions (sent with
// x-accessreviews-version: vNext). They are sent to beta
// from a v1.0 client, and
// their documentation says "This operation is beta-only". Beta-only
// properties (Definition.BackupReviewers, StageSettings'
// RecommendationLookBackDuration, decision targets…) decode from either
// version. A definition read through beta may carry properties v1.0 does not
// know, which Update would send back: update it through the version it was
// read from.
//
// # Concurrency
//
// A Client and its services are immutable and safe for concurrent use.
// Share one per application and tenant: its odata.Client holds the token
// cache, the connection pool, the limit on requests in flight and the
// throttle gate that holds back every call after a 429, which work only when
// they see all of the traffic. Models are plain values, owned by the code
// that holds them; every range over an iterator starts its own paging from
// the first page, holding no state between loops.
package accessreviews
