// Package perf holds the project's performance benchmarks: the SDK measured
// against the floor, plain net/http and encoding/json doing the same job
// against the same server in the same process, and the SDK's bulk
// operations measured against the one-by-one calls they replace.
//
// # What is measured
//
// BenchmarkListDecisionsWire lists 10,000 and 100,000 decision items from
// pages rendered before the timer and served from loopback, through the SDK
// and two floors (net/http with encoding/json v1, and with
// encoding/json/v2), taking turns within each iteration, and reports each
// client's time per list, allocations and bytes per item, and the SDK's
// ratios to the v2 floor. BenchmarkEncodeDefinitionWire encodes a
// definition through the SDK and as a plain v2 marshal of the same values.
//
// BenchmarkRecordDecisions records 1,000 decisions through RecordMany
// ($batch, 50 round trips) and one request per decision, against a fake
// that delays every request by a few milliseconds (a latency-only fault at
// rate 1); BenchmarkListMany reads 200 instances of 100 decisions with
// DecisionsService.ListMany against reading them one by one.
//
// The tests of the package check what must hold whatever the machine:
// streaming 100,000 decisions (from the fake, and from pre-rendered pages;
// 30,000 unless GOVERNANCE_LONG_TESTS=1, as in CI) keeps the live heap
// within a few pages, and 1,000 records take exactly 50 round trips.
//
// # Running
//
//	go test -run '^$' -bench . -benchmem -count 5 ./internal/perf/
//
// The package has no non-test code; this file exists for its documentation.
package perf
