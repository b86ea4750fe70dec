// Package faultsuite holds the module's fault suites: end-to-end tests that
// drive the accessreviews SDK against the fake service of
// accessreviews/accessreviewstest while it fails on purpose, and check that
// nothing is lost, duplicated, applied twice or left running. It has no
// code of its own; everything lives in its _test.go files. The
// adversarial suites (internal/adversarial) cover hostile input and
// credentials; these cover failures.
//
// # Harness
//
// Each test starts its own fake server, outside any bubble, and runs the
// SDK client inside a testing/synctest bubble. The client's waits (backoff,
// Retry-After, the throttle gate) then run on the bubble's clock and cost no
// real time, while requests still cross real loopback sockets. For the
// bubble's clock to advance, no bubble goroutine may sit on an idle
// connection, so the client's transport has keep-alives off and every
// attempt dials afresh. The transport records every attempt with the
// bubble's time, which is exact, so the throttle gate can be checked
// without a tolerance. The fault draws of the fake are seeded: a
// sequential run meets the same faults every time.
//
// The fault mix: 429 with a Retry-After ("2.128") and
// without, 503, 504, connection resets and truncated bodies, in equal
// shares, on a seeded fraction of the requests.
//
// # Listing loses nothing
//
// TestListUnderFaultsLosesNothing lists the 100,000 decisions of one
// instance (10,000 unless GOVERNANCE_LONG_TESTS=1, as in CI) without
// faults, then with 20% of the requests failing: the same items in the
// same order, none lost or duplicated, one retry per fault, every fault
// kind met.
//
// # Recording drops nothing and applies nothing twice
//
// TestRecordManyUnderFaultsDropsNothing records 1,000 decisions in bulk
// under the mix plus per-item 429s inside the batches, with patient retries
// (everything recorded) and with none (records reported failed or
// outcome-unknown), and checks every result against the service's state
// and its request log. TestNonIdempotentNeverResentAfterAmbiguousFailure
// faults a create, a reset, a reminder and a stop: after an ambiguous
// failure the request is sent once and the call reports
// odata.ErrOutcomeUnknown; after a 429 it is resent and applied once.
//
// # Cancellation
//
// TestCancelStopsEverything cancels a listing and a bulk record before
// every attempt and after every answer of an uninterrupted run: the call
// returns context.Canceled without waiting, the service sees nothing more,
// and no goroutine is left (synctest.Test waits for the bubble's
// goroutines; goleak checks the rest in TestMain).
//
// # Concurrency and the throttle gate
//
// TestConcurrentUseHoldsTheThrottleGate shares one client between 16
// goroutines that list and record while the service throttles: no request
// starts inside a Retry-After once it has begun to run, and -race finds no
// data race.
//
// # Running
//
//	go test -race -count=1 -v ./internal/faultsuite/
//
// The figures each test checks are written with t.Log; -v shows them.
package faultsuite
