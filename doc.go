// Package governance is the root of graphkit/governance, a hand-written Go
// client for the Microsoft Graph access reviews API (Microsoft Entra ID
// Governance). The root package holds only this overview and the module
// version; the work is done by its packages.
//
// # Packages
//
//   - [github.com/graphkit/governance/odata] is the transport every call goes
//     through: an immutable, concurrency-safe client with per-operation retry
//     classes, Retry-After handling and a shared throttle gate; a bearer-token
//     round tripper pinned to the Graph host; typed $filter building; lazy
//     paging iterators with nextLink pinning; JSON $batch; typed errors; and
//     the EDM date, duration and date-time types.
//   - [github.com/graphkit/governance/scope] builds and describes what a review
//     covers (review scopes), who reviews (reviewer scopes) and who is told
//     (notification recipients), as validated fluent expressions.
//   - [github.com/graphkit/governance/recurrence] models how often a review
//     runs, validates the subset access reviews accept, and expands a
//     recurrence into its start dates.
//
// The odata package imports nothing of this module but internal packages;
// scope and recurrence import only odata. Access review services, the
// in-memory fake service and the legacy beta API build on these three.
//
// # Versioning
//
// The module is pre-1.0: its API may still change between minor versions.
// [Version] is sent in the User-Agent of every request.
package governance

import "github.com/graphkit/governance/internal/version"

// Version is the version of this module, as sent in the User-Agent header.
const Version = version.Version
