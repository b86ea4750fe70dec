// Package governance is the root of graphkit/governance, a hand-written Go
// client for the Microsoft Graph access reviews API (Microsoft Entra ID
// Governance). The root package holds only this overview and the module
// [Version]; the work is done by its packages.
//
// # Packages
//
//   - [github.com/graphkit/governance/accessreviews] is the client: schedule
//     definitions, their instances and stages, decisions, contacted
//     reviewers, history reports, the beta policy and user-centric reviews.
//     Start here; its package example is the quick start.
//   - [github.com/graphkit/governance/accessreviews/accessreviewstest] is an
//     in-memory fake of the service, an independent model of it, for tests
//     of code that calls Graph.
//   - [github.com/graphkit/governance/accessreviews/reconcile] keeps a
//     tenant's review definitions as code: plan, print, apply, export.
//   - [github.com/graphkit/governance/accessreviews/legacy] converts reviews
//     of the retired beta accessReview API into schedule definitions, and
//     keeps that API's deprecated models and client.
//   - [github.com/graphkit/governance/accessreviews/legacy/legacytest] is the
//     retired API's fake, served on an accessreviewstest server.
//   - [github.com/graphkit/governance/scope] builds and describes what a
//     review covers, who reviews it and who is told, as validated fluent
//     expressions.
//   - [github.com/graphkit/governance/recurrence] models how often a review
//     runs, validates the subset access reviews accept, and expands a
//     recurrence into its start dates.
//   - [github.com/graphkit/governance/odata] is the transport every call goes
//     through: credentials and national clouds, retries and throttling,
//     typed $filter building, paging, JSON $batch, typed errors and the EDM
//     date, duration and date-time types.
//
// The odata package imports nothing of this module but internal packages;
// scope and recurrence import only odata; the access review packages build
// on these three.
//
// # Versioning
//
// The module is pre-1.0: its API may still change between minor versions.
// [Version] is sent in the User-Agent of every request.
package governance

import "github.com/graphkit/governance/internal/version"

// Version is the version of this module, as sent in the User-Agent header.
const Version = version.Version
