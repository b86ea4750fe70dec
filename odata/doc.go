// Package odata is the transport every Microsoft Graph call of this module
// goes through, and the way to make Graph calls the access review services
// do not cover: it builds URLs from a pinned root, attaches tokens, retries
// what is safe to retry, waits out throttling, follows pages, sends JSON
// batches and turns failures into typed errors. The package example lists
// a filtered collection from a stand-in server.
//
// # Client and credentials
//
// [NewClient] builds a [Client] from options; it does no I/O and reads no
// environment. A Client is immutable and safe for concurrent use: share one
// per application and tenant. [Client.Do] sends one [Request] and decodes
// the JSON response. Invalid options and requests are reported before
// anything is sent, every problem at once, as [FieldError] values matching
// [ErrInvalid].
//
// [WithClientCredentials] signs in as an application; [WithDeviceCode]
// signs a user in, and a [FileTokenCache] keeps the user's tokens so that a
// bot runs unattended after one sign-in; [WithTokenSource] takes any
// [oauth2.TokenSource]. [WithCloud] selects a national cloud, moving the
// Graph host and the token authority together. [Client] says where the
// token goes.
//
// # Requests, paging and batching
//
// A request's path is built with [JoinPath] from [Lit], [GUID] and [Key]
// segments, which reject traversal and check identifiers. Its [Query] holds
// the OData system options; a [Filter] is built with [Eq], [And], [Any] and
// the other constructors, which quote values so that a value can never
// become syntax. [Request.Version] reaches a beta-only operation from a
// v1.0 client.
//
// [All] iterates over the items of a collection and [Pages] over its pages;
// [PagesFrom] resumes from a saved next link. [Client.Batch] sends many
// requests through $batch and returns one [BatchResult] per request.
//
// # Retries and errors
//
// Each request has a [RetryClass], because what is safe to resend depends
// on what the operation does; a [RetryPolicy] bounds the retries and the
// Retry-After waited out. After a 429 the client holds back all its
// requests for the time asked. A call that may have reached the service and
// cannot safely be resent fails with an [OutcomeUnknownError].
//
// A non-2xx response is an [Error] carrying the status, the Graph code and
// message and the request IDs: reach it with [errors.As], and match its
// status with [errors.Is] and the sentinels ([ErrNotFound],
// [ErrThrottled], [ErrDelegatedTokenRequired]…). When the context ends,
// errors.Is(err, ctx.Err()) holds.
//
// # Values and logging
//
// [Date], [Duration] and [DateTime] are Graph's Edm.Date, Edm.Duration and
// Edm.DateTimeOffset, decoded as leniently as Graph writes them. JSON goes
// through encoding/json/v2, and responses are read as leniently as
// encoding/json v1 read them. [WithLogger] turns logging on; tokens,
// secrets, query values and bodies are never logged.
package odata
