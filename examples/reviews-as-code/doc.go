// Command reviews-as-code keeps a set of access review definitions as code
// and makes the tenant match them, with package reconcile:
//
//  1. the desired state: two definitions built with the SDK's builders and
//     one read from reviews/*.json in the Graph wire format;
//  2. a plan, printed for review: what it creates, what it updates (each
//     changed property, old and new, in words) and what it deletes (only
//     definitions this example manages: display name prefix and marker);
//  3. the plan applied, with a result per definition;
//  4. a new plan, which has nothing left to do.
//
// With no credentials it runs on the in-memory fake service, after putting
// there what a tenant may hold before a first run: a managed definition
// that drifted, a managed one no longer wanted, and one someone else
// manages, which is left alone:
//
//	go run ./examples/reviews-as-code
//
// With AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET set, it
// plans and applies the same definitions on the tenant: they review the
// guests and members of every Microsoft 365 group and team, by the groups'
// owners, and need no IDs of yours. It touches no other definition.
package main
