// Command export-history exports the decisions of the access reviews of the
// last N days to CSV, through a review history report: it creates the
// report, waits for the service to run it, asks for a download address and
// streams the file to stdout or to the file given with -o.
//
// With no credentials it runs on the in-memory fake service, where it first
// creates a review of a small group, records its decisions and lets it
// complete, so that the report has rows:
//
//	go run ./examples/export-history
//	go run ./examples/export-history -days 30 -o history.csv
//
// With AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET set, it
// exports the tenant's own reviews of groups (the application needs
// AccessReview.Read.All). A report takes minutes to run on the service.
package main
