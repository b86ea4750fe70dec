// Command review-bot is an unattended reviewer that acts as a person: it
// signs in as the reviewer with the device code once, keeps the tokens in a
// file cache so that later runs need nobody, finds what that person has to
// review with the current-user calls, decides every pending item from a
// policy, records the decisions in bulk with progress, survives throttling,
// and prints how many decisions were recorded, failed, or have an unknown
// outcome.
//
// The policy: deny guests who have not signed in for -days days (from the
// item's sign-in insight), and accept the service's recommendation for
// everyone else. Items without a recommendation are left for a human.
//
// With no credentials it runs on the in-memory fake service, which also
// plays the identity platform: an administrator creates a review of two
// Microsoft 365 groups of 150 users each with the bot's user as reviewer,
// the bot signs in with the device code (the example approves the code
// itself, through the fake's test helper, after printing the message a
// person would see), then the fake throttles (429 with Retry-After) or
// fails (503) a share of the bot's requests:
//
//	go run ./examples/review-bot
//
// With AZURE_TENANT_ID and AZURE_CLIENT_ID set (and AZURE_CLOUD optionally),
// it signs in to that tenant as whoever enters the code, with an application
// registration that allows public client flows and has the delegated
// permission AccessReview.ReadWrite.All (no secret: recording decisions
// needs a person's token, which application credentials cannot give). The
// tokens are kept in -cache (by default reviewbot/tokens.json under the
// user's cache directory), so the next run does not ask again until the
// refresh token is refused.
package main
