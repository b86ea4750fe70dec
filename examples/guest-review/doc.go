// Command guest-review walks through the tutorial "Use the access reviews API
// to review guest access to your Microsoft 365 groups", every step including
// the clean-up, with this module's SDK.
//
// It creates a test user (Aline), invites a guest (John), creates a
// Microsoft 365 group with Aline as owner and John as member, and creates
// the tutorial's quarterly review of the guests of every Microsoft 365
// group: the owners of each group review, Aline is the fallback reviewer,
// denied guests are removed. It lists the review's instances and
// decisions; then, on the fake service, Aline denies John's access, the
// instance is stopped and its decisions applied, and John is no longer a
// member of the group. Finally it deletes the group, the review, the guest
// and the user.
//
// Run it from the repository root:
//
//	go run ./examples/guest-review
//
// With no credentials in the environment it runs on the in-memory fake
// service (accessreviewstest), seeded as the tutorial's tenant. With
// AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET set (and
// AZURE_CLOUD optionally) it runs against that tenant with application
// permissions User.ReadWrite.All, User.Invite.All, Group.ReadWrite.All,
// Organization.Read.All and AccessReview.ReadWrite.All. An application
// cannot record a decision as a group owner, so on a tenant the steps from
// "Aline denies" to "John is removed" are skipped, with a message.
//
// One deliberate difference from the tutorial: its reader makes themself
// the group owner; an application has no "self", so Aline owns the group.
package main
