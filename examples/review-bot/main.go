// Command review-bot is an unattended reviewer: it finds the access reviews
// where its own identity is a reviewer, decides every pending item from a
// policy, records the decisions in bulk with progress, survives throttling
// and prints a summary.
//
// The policy: deny guests who have not signed in for -days days (from the
// item's sign-in insight), and accept the service's recommendation for
// everyone else. Items without a recommendation are left for a human.
//
// With no credentials it runs on the in-memory fake service: an
// administrator creates a review of two Microsoft 365 groups of 150 users
// each with the bot as reviewer, then the fake throttles (429 with
// Retry-After) or fails (503) a fifth of the bot's requests:
//
//	go run ./examples/review-bot
//
// Recording decisions needs a delegated sign-in of the reviewer, which the
// application credentials of AZURE_* cannot give: on a tenant the bot
// explains that and stops (see examples/azidentity for a delegated
// credential).
package main

import (
	"flag"

	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/examples/internal/setup"
)

func main() {
	days := flag.Int("days", 14, "deny guests inactive for `n` days")
	flag.Parse()
	setup.Main(func(e *setup.Env) error {
		_, err := run(e, *days)
		return err
	}, directory(), accessreviewstest.WithSeed(7))
}
