// Package accessreviewstest is an in-memory fake of the Microsoft Graph
// access reviews service, for testing code that uses the accessreviews
// package, or any Graph client, without a tenant. It is an independent
// model of the service, not a mirror of the SDK: it reads requests with its
// own wire types and its own reading of the documents, so that a bug in a
// client cannot pass against it. Reviews are materialised from their scopes
// over a small directory, a controllable clock moves them through their
// lifecycle, applying a Deny really removes the member, callers are held to
// the documented permissions, and failures can be injected
// deterministically.
//
// # Starting a server
//
// Every test starts its own server on loopback addresses and closes it:
//
//	s := accessreviewstest.NewServer(
//		accessreviewstest.WithDirectory(accessreviewstest.GuestTutorialDirectory()),
//	)
//	t.Cleanup(s.Close)
//	client := s.ClientAs(accessreviewstest.GuestTutorialAdminID)
//
// Server.URL is the Graph root (clients append /v1.0 or /beta);
// Server.DownloadURL is a second loopback host standing in for the
// storage service that serves history report downloads. Options set the
// directory (WithDirectory), the clock's start (WithClock, 2026-01-05T09:00Z
// by default), the seed of every random choice (WithSeed: the same seed and
// the same requests give the same IDs and the same faults), the page size
// (WithPageSize: 100 by default and at most, like the service) and a delay
// on every response (WithLatency). A Server is safe for concurrent use.
// The command examples/fake-graph serves one until interrupted, for
// clients that are not Go tests.
//
// # Identities and tokens
//
// AppToken returns a bearer token acting as an application (app-only, as
// with client credentials); UserToken(userID) one acting as that signed-in
// user (delegated). Any HTTP client sends them as "Authorization: Bearer
// <token>"; a request without a token this server issued gets 401
// InvalidAuthenticationToken, as Graph answers. Client and ClientAs return
// an accessreviews.Client with those tokens, Options and OptionsAs the same
// configuration as []odata.Option, DeviceCodeOptions that of a device code
// sign-in (below); they are the package's only tie to the SDK.
//
// # Signing in with the device code
//
// The server also plays the Microsoft identity platform, on a third
// loopback host (LoginURL): POST /{tenant}/oauth2/v2.0/devicecode and POST
// /{tenant}/oauth2/v2.0/token, with the device code and refresh_token
// grants, answer as the "OAuth 2.0 device authorization grant" page
// documents: a user code, a verification_uri on the login host, expires_in
// 900, interval 5 (WithDeviceCodeInterval asks for less) and Entra's
// message; then authorization_pending, authorization_declined,
// expired_token, bad_verification_code, slow_down and invalid_grant error
// bodies (error, error_description with the AADSTS number, error_codes,
// trace_id, correlation_id, timestamp), or the tokens: a JWT-shaped access
// token (idtyp user, scp, oid, exp) valid 3599 seconds, a refresh token
// when offline_access was asked for (refused after 90 days unused), an ID
// token when openid was. Every lifetime runs on the server's Clock. The
// client_credentials grant (any secret, a "/.default" scope) issues a token
// that acts as the application, as AppToken does, so that
// odata.WithClientCredentials runs against the fake too and an
// application's 403 on recording a decision matches
// odata.ErrDelegatedTokenRequired.
//
// A test plays the person: the prompt it gives odata.WithDeviceCode calls
// ApproveDeviceCode(userCode, user) with a directory user's ID or
// principal name (or DeclineDeviceCode), and the access token issued acts
// as that user on the Graph host, so filterByCurrentUser,
// /me/pendingAccessReviewInstances and recording decisions work as that
// person. SlowDownDeviceCode scripts slow_down answers; RevokeSignInSessions
// refuses a user's refresh tokens, as Graph's revokeSignInSessions does, so
// a cached sign-in must be made again; Clock.Advance past 3599 seconds
// makes Graph answer an issued access token 401 InvalidAuthenticationToken
// ("Lifetime validation failed, the token is expired."). LoginRequests
// logs what the login host received. DeviceCodeOptions returns the odata
// options of such a client (odata.WithLoginBaseURL points the sign-in at
// LoginURL). A served fake (examples/fake-graph) shows a form at the
// verification page, so a person can approve a code by hand.
//
// The device code is not checked against a real application registration
// or consent: any GUID is an application, and scopes are granted as asked
// (they are echoed in scp, not enforced on the Graph host).
//
// What a caller may do follows the documents (see Permissions below): the
// application may do what the permission tables give application
// permissions for; a user what their directory roles, the reviews they
// created and the items they review allow.
//
// # The directory
//
// A Directory seeds users (user type, last sign-in, manager), groups
// (Microsoft 365 or security, teams, members including nested groups,
// owners), service principals and directory roles, whose active members
// hold them (seed the Role… template IDs with NewRole to give users the
// administrator roles the access review pages name). GuestTutorialDirectory
// and SelfReviewTutorialDirectory hold the tenant before the first step of
// the two access review tutorials, with the tutorial's IDs (exported as
// constants) and their administrator a Global Administrator, as the
// tutorials ask; the objects the tutorials create get IDs from the seed.
// LargeGroupDirectory(n) is one group of n users for benchmarks. User,
// Group and RemoveMember read and change the directory of a running server.
//
// # The clock
//
// Server.Clock never moves by itself. Clock.Advance and Clock.Set move it,
// and every review is brought up to the new time at once: instances start,
// end, recur, get their default decisions and are applied, so a test walks
// a review from NotStarted to Applied without sleeping. Response Date
// headers and error dates are written from this clock too.
//
// # Faults
//
// FailNext(n, f) makes the next n requests fail, FailPath(prefix, n, f) the
// next n whose path starts with prefix (with or without the version; it also
// reaches the items of a $batch, so one item can come back 429), and
// FailRate(rate, faults...) a seeded share of all requests. The ready faults
// are Throttle (429 with Retry-After), Unavailable (503), GatewayTimeout
// (504), TruncatedBody (a 200 whose body stops short of its Content-Length)
// and ConnectionReset (a TCP reset); a Fault with only Latency delays the
// request, which then runs normally. A faulted request never reaches the
// handlers, so nothing it asked for happens. Path rules are checked first,
// then FailNext, then the rate. FaultsInjected counts them.
//
// Latency and Retry-After are real waits over real sockets, so
// testing/synctest cannot shorten them: give Throttle a Retry-After over the
// client's cap to test "throttled" outcomes without waiting.
//
// # Request log
//
// Requests returns every request the Graph host received, faulted ones and
// $batch items included (InBatch), with method, path, query, headers
// (the Authorization value removed, HasAuth kept), body (decompressed), the
// clock's time and the response status; ResetRequests empties it.
// Downloads is the log of the download host, where HasAuth must be false.
//
// # Extending it
//
// Handle mounts a route the fake does not serve behind the same log,
// faults and token check, and Caller tells its handler who called. The
// retired beta accessReview API's fake, in accessreviews/legacy/legacytest,
// is mounted that way.
//
// # What is modelled, and the document each behaviour follows
//
// {AR} stands for /identityGovernance/accessReviews; every route is served
// under /v1.0 and /beta unless marked β (beta only; v1.0 answers 400 for the
// unknown segment, as Graph does).
//
//   - Definitions: list, create (201), get, PUT (204; later instances see
//     the change, running ones keep their settings), delete, stop,
//     filterByCurrentUser(on='reviewer') (the accessReviewSet and
//     accessReviewScheduleDefinition pages).
//   - Instances: list, get, PUT and PATCH of reviewers (the v1.0 page sends
//     PUT, the beta page PATCH, the official v1.0 SDK only PATCH: scope
//     required in the body, InProgress only, 409 when a fallback reviewer is
//     removed), stop, applyDecisions (Completed only), resetDecisions,
//     sendReminder (counted by RemindersSent), acceptRecommendations,
//     batchRecordDecisions, contactedReviewers, filterByCurrentUser, β {AR}/
//     instances and {I}/definition (the accessReviewInstance pages).
//   - β /me/pendingAccessReviewInstances and /users/{id or UPN}/…: the
//     instances in progress where the user is an assigned reviewer, as step 5
//     of the self-review tutorial shows, with $expand=definition.
//   - Decisions: list, get, PATCH by the item's reviewer, insights,
//     filterByCurrentUser at instance, stage and β {AR} level, β
//     recordAllDecisions (the accessReviewInstanceDecisionItem pages).
//   - Stages: list, get, PATCH, stop, their decisions, batchRecordDecisions
//     and acceptRecommendations (accessReviewStage pages); "There's only one
//     decision per identity being reviewed" in each stage, each stage keeps
//     its own outcome, and with decisionHistoriesForReviewersEnabled a later
//     stage's reviewer reads an earlier stage's decisions on that stage.
//   - History reports: list (created in the last 30 days), create, get,
//     instances, generateDownloadUri, and the CSV on the download host, the
//     link valid 24 hours (accessReviewHistoryDefinition pages).
//   - β policies: /policies/accessReviewPolicy, {AR}/policy and
//     /policies/directoryRoleAccessReviewPolicy.
//   - Directory, as far as the seed tutorials use it: /users (list, create,
//     get by ID or UPN, delete, manager), /me, /invitations (a Guest user
//     whose user principal name is the invited address, as the guest
//     tutorial shows), /groups (list, create with owners@odata.bind and
//     members@odata.bind, get, delete, members, transitiveMembers, owners,
//     members/$ref), /servicePrincipals/{id} and its owners.
//   - $batch: at most 20 items, run one by one in dependsOn order (424 for
//     the dependants of a failure), answered in request order (JSON
//     batching page).
//
// Requests. Bodies are JSON objects, decoded strictly (wrong types and
// duplicate members are 400); members the fake does not model are kept and
// echoed, and the read-only members of a definition read and sent back are
// ignored. Bodies may come with Content-Encoding gzip, as the official SDKs
// send them by default; another coding gets 415, a body over 4 MiB (after
// decompression) 413. A definition is checked against the documents' rules
// (validate.go quotes the sentence behind each): displayName and scope
// required; scope queries the service can read; queryRoot decisions, and
// required for ./manager; defaultDecision Approve, Deny or Recommendation
// when enabled (None otherwise); applyActions of the two supported types;
// recurrence patterns weekly or absoluteMonthly with only interval and
// dayOfMonth set (the zero values the service echoes are accepted), a
// start date (date or timestamp), an end date for endDate ranges, a count
// or an end date for numbered ones; any ISO 8601 look-back for reviews of
// groups and roles, at most 30 days for applications; at most three stages
// in a sequential chain, each with stageId, durationInDays and
// recommendationsEnabled, together no longer than one recurrence, moving
// on only Approve, Deny, Recommendation and NotReviewed; shared-channel
// reviews single-stage. Refusals are 400 BadRequest listing every problem
// as "field: problem".
//
// Scopes (accessReviewScope pages, the scopes concept page). The fake reads
// scope queries itself: paths absolute or relative to each enumerated
// group ("./members"), with or without the API version, type casts
// (microsoft.graph.user) and a $filter it evaluates over the users, groups
// and role assignments of the directory (userType, groupTypes,
// resourceProvisioningOptions, isof, roleDefinitionId, assignmentType),
// $count and $expand ignored; the scopes document's all-teams query with its
// stray quote is read as the service reads it. Group members, direct or
// transitive; a group; everyone holding or eligible for a directory role,
// and its assignment and eligibility schedule instances; inactive users
// (inactiveDuration before the instance start, never signed in counting as
// inactive); principalResourceMembershipsScope over groups, filtered
// groups, one group or a role, with principals from /users (and its
// $filter, and an inactive duration) or accessReviewPrincipalScope types.
// instanceEnumerationScope lists one group or every group its $filter
// selects, one instance each, and only groups where the scope selects
// someone ("one instance for every Microsoft 365 group with guest users",
// guest tutorial).
//
// Reviews. Reviewers are resolved from their queries (users, group members
// and owners, ./owners, ./manager, application owners, reviewerId with
// scopeType); none is a self-review; fallback reviewers stand in when the
// reviewers resolve to nobody. Recommendations come from sign-in activity
// against recommendationLookBackDuration (30 days by default): active users
// get Approve, inactive users and users who never signed in get Deny (as the
// guest tutorial shows), service principals and reviews with
// recommendations off NoInfoAvailable. The first instance starts at creation
// when the start date is today or earlier, later ones on the recurrence's
// dates; a one-time review's instance has the definition's ID (self-review
// tutorial); an instance lasts instanceDurationInDays, the sum of its stages,
// one recurrence, or until the range's end date (30 days without one). When
// it ends, default decisions are recorded by "AAD Access Reviews" and, with
// autoApplyDecisionsEnabled, decisions are applied: a Deny with
// removeAccessApplyAction removes a direct member (AppliedSuccessfully), an
// indirect one gets AppliedSuccessfullyButObjectNotFound,
// disableAndDeleteUser and role removals ApplyNotSupported.
//
// Responses carry what the documents' responses carry (reference §11.1):
// @odata.context on every response, single entities included, with keys in
// parentheses ("definitions('{id}')/instances"); [] for empty collections
// and null for unset values (instanceEnumerationScope, queryRoot, dates
// nobody set), a zero-GUID reviewedBy and appliedBy until someone acts;
// target beside principal on v1.0 decisions, as the guest tutorial shows
// although the CSDL keeps target in beta; backupReviewers accepted and
// echoed on v1.0 as on beta, as sent ([] when only fallbackReviewers was,
// as create example 2 shows; fallbackReviewers is filled from it when it is
// the only one sent); durations in the form the service keeps them (weeks
// and whole days of hours as days: P4W2D and PT720H echo as P30D, years
// and months as sent); status, decision,
// recommendation and applyResult values cased as in the examples
// (InProgress, NotReviewed, AppliedSuccessfully), history statuses in lower
// case; the recurrence with every pattern member zero-filled (month 0,
// dayOfMonth 0, daysOfWeek [], firstDayOfWeek sunday, index first) and, on
// reads, the range in the service's normal form (numbered,
// numberOfOccurrences 0, endDate 9999-12-31 without an end), while a
// create response keeps the range's type and a null end date as the create
// examples show. Collections honour $top (at most the page size), $skip,
// $select and $orderby (definitions and instances), and page with an opaque
// $skiptoken in @odata.nextLink that keeps the other options; @odata.count
// comes with the first page. Single GETs honour $select. $filter supports
// eq, ne, gt, ge, lt, le, in, and, or, not, contains, startswith,
// endswith, tolower, toupper, isof and any/all lambdas, comparing strings
// without regard to case like Graph's directory. Errors are Graph
// envelopes (code, message, innerError with date, request-id and
// client-request-id); every response carries request-id, Date and the
// client-request-id it was sent; an unknown path gets 404 ResourceNotFound
// and a known path with the wrong method 405.
//
// # Unified reviews, custom data and delegation
//
// User-centric (catalog-scope) reviews live on the unified route
// (accessReviews/unified: definitions list, create, get and delete, their
// instances, decisions, stop and applyDecisions), apart from the others;
// a unified create needs a principalResourceMembershipsScope with a catalog
// resource scope (Directory.Catalogs). A catalog's groups and custom data
// provided resources give the items; applying leaves the instance Applying
// until batchApplyCustomDataProvidedResourceDecisions (v1.0 under
// unified/instances/{id}, beta under the instance with
// x-accessreviews-version: vNext) has reported every custom item, and that
// action is refused with 400 unless the instance is Applying. Beta
// filterByCurrentUser also takes on='directReviewer' and
// on='delegatedReviewer' (refused without Prefer:
// include-unknown-enum-members), and delegatedBy is served on instances and
// items only when $select names it; Server.DelegateReviews sets up a
// delegation. Routes lists every endpoint served, per API version.
//
// # Permissions
//
// Each page's permission table decides what an application may do: it is
// refused (403 accessDenied) where the table says application permissions
// are "Not supported" (recording a decision, accepting recommendations),
// and gets an empty collection from filterByCurrentUser, whose tables list
// application permissions, since an application reviews nothing. A
// delegated caller needs a directory role, as the pages' role notes say: to
// read reviews of groups and applications Global Reader, Security Reader,
// User Administrator, Identity Governance Administrator or Security
// Administrator, or to have created the review; to write them User
// Administrator or Identity Governance Administrator; to read reviews of
// directory roles Security Reader, Identity Governance Administrator,
// Privileged Role Administrator or Security Administrator; to write them
// Identity Governance Administrator or Privileged Role Administrator; Global
// Administrator holds them all. "A user who is an assigned reviewer of an
// access review can manage their decisions, without needing to be in a
// directory role" (access reviews overview): a reviewer reads the
// definition and instance they review and reads and acts on their own items
// only (filterByCurrentUser, get, record, batchRecordDecisions on their own
// items, acceptRecommendations). History reports of others are visible to
// Global Administrators and Global Readers only; a report's creator
// generates its download link.
//
// # Not modelled
//
// $search, $count as a path segment, $orderby on directory collections and
// on decisions (items come in creation order); app role assignments, access
// packages, applications in catalogs and shared channels (their scopes
// select nobody); recording decisions on the unified route; an API that
// delegates reviews (Server.DelegateReviews stands in); more than one
// run of a scheduled history report; review-creation rights granted by
// accessReviewPolicy.isGroupOwnerManagementEnabled, the roles needed to
// change the policies, the permissions of the directory endpoints and
// scope-level permissions (an application token holds every application
// permission); instance errors (always []); dynamic and role-assignable
// groups (no such groups in the directory); email notifications; throttling
// by load.
package accessreviewstest
