// Command legacy-migration moves a review of the retired beta accessReview
// API to a schedule definition: it reads the legacy review's JSON, converts
// it with legacy.ToDefinition, prints the report of what did not carry
// over, and creates the definition.
//
// With no argument it reads the example request of the legacy create
// documentation (testdata/legacy-accessreview-onetime-delegated.beta.json);
// give another exported review as the first argument:
//
//	go run ./examples/legacy-migration
//	go run ./examples/legacy-migration my-review.json
//
// With no credentials it runs on the in-memory fake service, which is told
// to hold the legacy review as the service did before 19 May 2023, so the
// review is read back through the legacy API before it is converted, the
// way a migration of live data worked. The fake directory holds the
// documentation's group and reviewers, so the new review opens with
// decisions.
//
// With AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET set, it
// creates the definition in your tenant. The legacy API no longer returns
// data, so nothing is read back: the file is the only source, and the IDs
// it names (group, reviewers) must exist in the tenant.
package main
