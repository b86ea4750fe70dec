// Command fake-graph serves the in-memory fake of Microsoft Graph
// (accessreviewstest) on a loopback port until it is interrupted, so that
// any client can be tested against it: a PowerShell script, a Python bot,
// curl, another Go SDK. It prints the Graph root, the v1.0 and beta base
// URLs, and bearer tokens to send as "Authorization: Bearer <token>": one
// acting as an application (app-only) and one per seeded user (delegated).
//
//	go run ./examples/fake-graph                       # the guest tutorial's tenant
//	go run ./examples/fake-graph -directory self-review # the self-review tutorial's
//
// The tenant is the one before step 1 of the chosen tutorial
// ("Review guest access to your Microsoft 365 groups", or "Review access to
// your security groups"), so the tutorial's requests can be sent as
// written, with the fake's URL in place of https://graph.microsoft.com.
// The fake's clock stands still at 2026-01-05T09:00Z; reviews start as
// soon as they are created when their start date is that day or earlier.
//
// Press Ctrl+C to stop it.
package main
