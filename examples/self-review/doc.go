// Command self-review walks through the tutorial "Use the Access Reviews API
// to review access to your groups": a one-time self-review of the members
// of a security group, including a member attesting to their own access
// through the API, signed in as that member.
//
// It creates "Building security group" with the tutorial's two owners and
// two members (Alex Wilber and Allan Deyoung), creates the one-time review
// with no reviewers, so that every member reviews themself, and shows its
// only instance, whose ID is the definition's. Then Alex, signed in as
// himself, lists his pending access reviews (the tutorial's GET
// /me/pendingAccessReviewInstances, a beta operation), approves his own
// access with a justification, and his decision moves from NotReviewed to
// Approve. Finally it deletes the group and the review.
//
// Run it from the repository root:
//
//	go run ./examples/self-review
//
// With no credentials in the environment it runs on the in-memory fake
// service (accessreviewstest), seeded with the tutorial's people. With
// AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET set (and
// AZURE_CLOUD optionally) it runs against that tenant with application
// permissions Group.ReadWrite.All, User.ReadWrite.All,
// Organization.Read.All and AccessReview.ReadWrite.All. The tutorial's
// people do not exist there, so the example creates two test members
// instead (and deletes them at the end) and leaves the group without
// owners; an application cannot sign in as a member, so the
// self-attestation is skipped there, with a message.
//
// The tutorial calls the beta endpoints; this example uses v1.0, where the
// same requests behave the same way, and beta for the pending reviews,
// which v1.0 does not have.
package main
