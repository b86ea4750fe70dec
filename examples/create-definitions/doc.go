// Command create-definitions creates the four access review definitions of
// the Graph reference "Create definitions", each built with the SDK's
// builders instead of hand-written JSON:
//
//  1. a weekly review of a group's members by one user;
//  2. a quarterly review of inactive guests of every team, by the teams'
//     owners, denying and removing whoever nobody vouched for;
//  3. a semi-annual review of every user's access to an application, by
//     their managers, with a group as fallback reviewers;
//  4. a weekly two-stage review of a group: one user first, then the
//     members' managers.
//
// For each it prints the warnings of Definition.Lint (what the service
// accepts but is probably a mistake; the reference's own examples have
// some), the ID and status the service gave it, what the scope covers, who
// reviews, when it recurs and, for the multi-stage one, the stages.
//
// With no credentials it runs on the in-memory fake service, seeded with the
// users, groups and application the reference names:
//
//	go run ./examples/create-definitions
//
// With AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET set, it
// builds and validates the same definitions but does not create them: their
// IDs are the reference's, which do not exist in your tenant. Replace the
// constants below with your own objects to create them for real.
package main
