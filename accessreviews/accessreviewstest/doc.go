// Package accessreviewstest is an in-memory fake of the Microsoft Graph
// access reviews service, for testing code that uses package
// [github.com/graphkit/governance/accessreviews], or any Graph client,
// without a tenant. It is an independent model of the service, not a
// mirror of the SDK: it reads requests with its own wire types and its own
// reading of the documents, so that a bug in a client cannot pass against
// it.
//
// Reviews are materialised from their scopes over a small directory, a
// controllable clock moves them through their lifecycle, applying a Deny
// really removes the member, callers are held to the documented
// permissions, and failures can be injected deterministically.
//
// # Starting a server
//
// Every test starts its own [Server] with [NewServer] and closes it:
//
//	s := accessreviewstest.NewServer(
//		accessreviewstest.WithDirectory(accessreviewstest.GuestTutorialDirectory()),
//	)
//	t.Cleanup(s.Close)
//	client := s.ClientAs(accessreviewstest.GuestTutorialAdminID)
//
// [Server.URL] is the Graph root (clients append /v1.0 or /beta);
// [Server.DownloadURL] stands in for the storage host of history report
// downloads. Options such as [WithDirectory], [WithClock] and [WithSeed]
// make every run give the same IDs and the same faults.
//
// # Identities and signing in
//
// [Server.AppToken] acts as an application (app-only) and
// [Server.UserToken] as a signed-in user (delegated); any HTTP client sends
// them as a bearer token. [Server.Client] and [Server.ClientAs] return an
// SDK client with those tokens, and [Server.Options] and
// [Server.OptionsAs] the same as odata options: they are the package's
// only tie to the SDK. Each Graph page's permission table and role notes
// decide what a caller may do.
//
// The server also plays the Microsoft identity platform on a third loopback
// host, [Server.LoginURL]: the device code, refresh token and client
// credentials grants, with tokens that act as the user who approved. A test
// plays the person with [Server.ApproveDeviceCode] or
// [Server.DeclineDeviceCode], and [Server.DeviceCodeOptions] configures an
// SDK client for it.
//
// # Directory, clock and faults
//
// A [Directory] seeds users, groups, service principals, roles and
// catalogs; [GuestTutorialDirectory] and [SelfReviewTutorialDirectory]
// hold the tenants of the two access review tutorials. The [Clock] moves
// only when a test moves it, and every review catches up at once, so a
// test walks a review to its end without sleeping. [Server.FailNext],
// [Server.FailPath] and [Server.FailRate] inject a [Fault] such as
// [Throttle] or [ConnectionReset].
//
// # Request log and extensions
//
// [Server.Requests] returns every [Request] the Graph host received, for
// tests to assert on the wire. [Server.Handle] mounts a route the fake does
// not serve behind the same log, faults and token check, and
// [Server.Routes] lists every endpoint served.
//
// # What is modelled
//
// MODEL.md, beside this package's source, says which routes, request
// rules, scopes, review lifecycle, responses, permissions and unified
// reviews the fake models, the Graph document each behaviour follows, and
// what it does not model.
package accessreviewstest
