// Package accessreviewstest is an in-memory fake of the Microsoft Graph
// access reviews service, for testing code that uses the accessreviews
// package (or any Graph client) without a tenant. It behaves like the
// documented service rather than echoing: reviews are materialised from
// their scopes over a small directory, a controllable clock moves them
// through their lifecycle, applying a Deny really removes the member, and
// failures can be injected deterministically.
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
//
// # Identities
//
// Client returns an accessreviews.Client calling as an application
// (app-only); ClientAs(userID) one calling as a signed-in user, which
// recording decisions, acceptRecommendations, filterByCurrentUser and /me
// need. Options and OptionsAs return the same configuration as
// []odata.Option, to build an odata.Client or to add options. The fake
// tokens name the caller; the server reads the caller from the bearer
// token, and a request without one gets 401 InvalidAuthenticationToken, as
// Graph answers.
//
// # The directory
//
// A Directory seeds users (user type, last sign-in, manager), groups
// (Microsoft 365 or security, teams, members including nested groups,
// owners), service principals and directory roles. GuestTutorialDirectory
// and SelfReviewTutorialDirectory hold the tenant before the first step of
// the two access review tutorials, with the tutorial's IDs (exported as
// constants); the objects the tutorials create get IDs from the seed.
// LargeGroupDirectory(n) is one group of n users for benchmarks.
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
// (the Authorization value removed, HasAuth kept), body, the clock's time
// and the response status; ResetRequests empties it. Downloads is the log of
// the download host, where HasAuth must be false.
//
// # What is modelled
//
// Under /v1.0 and /beta, {AR} standing for /identityGovernance/accessReviews:
//
//   - definitions: list (paging, $filter on status and scope), create,
//     get, PUT, delete, stop, filterByCurrentUser(on='reviewer');
//   - instances: list, get, PUT (reviewers), stop, applyDecisions,
//     resetDecisions, sendReminder (counted by RemindersSent),
//     acceptRecommendations, batchRecordDecisions, contactedReviewers,
//     filterByCurrentUser, the β {AR}/instances, instance/definition and
//     /me/pendingAccessReviewInstances (empty, as the service is today);
//   - decisions: list, get, PATCH, insights, filterByCurrentUser at
//     instance, stage and {AR} level, β recordAllDecisions;
//   - stages: list, get, PATCH, stop, their decisions;
//   - history definitions: list, create, get, instances,
//     generateDownloadUri, and the CSV on the download host;
//   - policy (β): /policies/accessReviewPolicy, {AR}/policy and
//     /policies/directoryRoleAccessReviewPolicy;
//   - directory: /users (list with $filter, create, get by ID or UPN,
//     delete, manager), /me, /invitations (creates a Guest user whose user
//     principal name is the invited address, as the tutorial shows), /groups
//     (list with $filter, create with owners@odata.bind and
//     members@odata.bind, get, delete, members, transitiveMembers, owners,
//     members/$ref), /servicePrincipals/{id} and its owners;
//   - $batch: at most 20 items, run one by one in dependsOn order (424 for
//     the dependants of a failure), answered in request order.
//
// Collections honour $top (at most the page size), $skip and $select, and
// page with an opaque $skiptoken in @odata.nextLink that keeps the other
// options; @odata.count comes with the first page. $filter supports eq, ne,
// gt, ge, lt, le, in, and, or, not, parentheses, contains, startswith,
// endswith, tolower, toupper, isof and any/all lambdas over string, number,
// boolean, null, GUID, date and DateTimeOffset literals, comparing strings
// without regard to case like Graph's directory; type-cast path segments are
// skipped. Other forms get 400 invalidRequest.
//
// Errors are Graph envelopes (code, message, innerError with date,
// request-id and client-request-id). Every response carries Content-Type
// application/json, request-id, Date and the client-request-id it was sent.
// An unknown path gets 404 ResourceNotFound and a known path with the wrong
// method 405.
//
// Not modelled: $search, $count as a path segment, $orderby on directory
// collections and on decisions (items come in creation order), $select on
// single-item GETs, app role assignments, access packages and shared
// channels (their scopes select nobody), more than one run of a scheduled
// history report, the unified (catalog) routes,
// real permissions and directory roles of callers (any token may do what
// its identity is allowed as a reviewer), and throttling by load.
//
// # How reviews behave
//
// Instances are materialised from the definition's scope over the seeded
// directory: one per matching group for instanceEnumerationScope reviews
// (all Microsoft 365 groups, all teams; a group where the scope selects
// nobody gets no instance, as the guest tutorial describes), one per
// definition otherwise, and a one-time review's instance has the
// definition's ID. Decisions cover every principal the scope selects: direct
// or transitive members, guests only, users inactive for the scope's
// duration by last sign-in, memberships scopes.
//
// Time is the Clock's. The first instance starts at creation when the start
// date is today or earlier; an instanceDurationInDays of 0 lasts one
// recurrence period (a one-time review lasts until its end date, or 30
// days). Recurring instances open as the clock passes their start dates.
// When an instance ends, default decisions are recorded if the settings ask
// for them and decisions are applied if autoApplyDecisionsEnabled is set;
// events the clock skipped over are stamped with the time they were due.
// Multi-stage instances open their stages in order and move on the
// decisions listed in decisionsThatWillMoveToNextStage.
//
// Recommendations come from sign-in activity against
// recommendationLookBackDuration (30 days by default): active users get
// Approve, inactive users and users who never signed in get Deny (the guest
// tutorial shows the latter), and NoInfoAvailable is left for service
// principals and reviews with recommendations off.
//
// Applying a Deny with removeAccessApplyAction really removes a direct
// member from the group (AppliedSuccessfully); an indirect member gets
// AppliedSuccessfullyButObjectNotFound; disableAndDeleteUser and role
// removals get ApplyNotSupported; undecided items stay New; applying again
// changes nothing. Actions in the wrong state get 400 BadRequest, removing
// a fallback reviewer 409, and recording a decision needs a signed-in
// reviewer of the item (an app-only caller gets 403, as the documentation
// says).
//
// History reports get one run at once, done by the next request; its CSV
// (columns listed in handlers_history.go) is served from DownloadURL, which
// never needs the Graph token, and the link expires after 24 hours.
//
// # The legacy API
//
// The retired beta accessReview API has its own fake, beside its client:
// package accessreviews/legacy/legacytest serves it on a Server of this
// package (legacytest.Mount), through Handle.
//
// # Using it in your tests
//
// Start a server per test, seed the directory the test needs, and drive
// time with the Clock; use FailNext or FailPath to check how code copes with
// throttling and outages, and Requests to assert what was sent:
//
//	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(dir))
//	t.Cleanup(s.Close)
//	bot := NewBot(s.Client())
//	s.FailNext(1, accessreviewstest.Throttle("1"))
//	bot.Run(ctx)
//	s.Clock().Advance(15 * 24 * time.Hour)
package accessreviewstest
