// Package msgraphtest is the conformance suite of the fake Microsoft Graph
// (accessreviewstest) against a client nobody in this project wrote: the
// official Microsoft Graph Go SDK, msgraph-sdk-go, with its default
// settings and middleware, request body compression included.
//
// It holds tests only. They drive, step by step, the two seed tutorials
// ("Use the access reviews API to review guest access to your Microsoft 365
// groups" on v1.0, and the one-time self-review of a security group on
// beta) and the four examples of the reference "Create definitions", and
// assert every step's result as the documents show it: IDs, statuses,
// decisions, the shapes of responses (@odata.context, [] rather than a
// missing collection, the recurrence as the service echoes it), the denied
// guest removed from the group once the review is applied, and that every
// request body went out gzip-compressed and was read.
//
// The beta SDK is not published on the Go module proxy, so beta steps use
// the v1.0 SDK's request builders on an adapter whose base URL is the
// fake's /beta, or kiota request information for the paths v1.0 does not
// have (/me/pendingAccessReviewInstances). Authentication is a kiota
// bearer-token provider handing out the fake's tokens (Server.AppToken and
// Server.UserToken) to the fake's loopback host only.
//
// The package is a module of its own so that the project's main module does
// not depend on msgraph-sdk-go. Run it from this directory:
//
//	go test -race ./...
package msgraphtest
