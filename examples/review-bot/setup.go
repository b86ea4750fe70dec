package main

import (
	"context"
	"fmt"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// The fake's tenant: the bot's user, and two Microsoft 365 groups of
// groupSize users each.
const (
	botID     = "b0700000-0000-4000-8000-000000000001"
	botUPN    = "review-bot@contoso.example"
	groupSize = 150
)

var groupIDs = []string{"90000000-0000-4000-8000-000000000001", "90000000-0000-4000-8000-000000000002"}

// userID is the ID of user i (from 0).
func userID(i int) string { return fmt.Sprintf("a0000000-0000-4000-8000-%012d", i) }

// newFake starts the fake service with the bot's tenant. Its identity
// platform asks for a poll every second (Entra asks for five), so that the
// sign-in costs the demonstration one second.
func newFake() *accessreviewstest.Server {
	return accessreviewstest.NewServer(accessreviewstest.WithDirectory(directory()), accessreviewstest.WithSeed(7),
		accessreviewstest.WithDeviceCodeInterval(time.Second))
}

// createReview creates on the fake, as the administrator (an application),
// a one-time review of every user member of every Microsoft 365 group, with
// the bot's user as reviewer.
func createReview(ctx context.Context, p *printer, fake *accessreviewstest.Server) error {
	today := odata.DateOf(fake.Clock().Now())
	p.Step("Creating, as the administrator, a review of the members of every Microsoft 365 group, reviewed by the bot's user")
	want := &accessreviews.Definition{
		DisplayName:              "Bot-reviewed group membership",
		InstanceEnumerationScope: scope.AllMicrosoft365Groups(),
		Scope:                    scope.EachGroup().Members().Users(),
		Reviewers:                []scope.Reviewer{scope.User(botID)},
		Settings: accessreviews.Settings{
			RecommendationsEnabled: true,
			Recurrence:             recurrence.Once().StartingOn(today).EndingOn(today.AddDays(14)),
		},
	}
	for _, w := range want.Lint() {
		p.Printf("warning:    %s", w)
	}
	def, err := fake.Client().Definitions.Create(ctx, want)
	if err != nil {
		return fmt.Errorf("review-bot: create the review: %w", err)
	}
	p.Printf("definition %s", def.ID)
	return nil
}

// injectFaults makes the fake throttle or fail rate of the requests to its
// Graph host from now on; stop ends it.
func injectFaults(p *printer, fake *accessreviewstest.Server, rate float64) (stop func()) {
	if rate <= 0 {
		return func() {}
	}
	p.Step("From now on the fake throttles or fails %.0f%% of the requests", 100*rate)
	fake.FailRate(rate, accessreviewstest.Throttle("1"), accessreviewstest.Unavailable())
	return fake.ClearFaults
}

// onFake is the fake as the bot's target: its Graph root, its identity
// platform, the tenant and application it accepts, and the test helper that
// approves a device code as the bot's user, as the person would at the
// verification page.
func onFake(fake *accessreviewstest.Server) target {
	return target{
		opts:     []odata.Option{odata.WithBaseURL(fake.URL), odata.WithLoginBaseURL(fake.LoginURL)},
		tenantID: accessreviewstest.TenantID,
		clientID: accessreviewstest.PublicClientID,
		approve: func(userCode string) error {
			return fake.ApproveDeviceCode(userCode, botUPN)
		},
		now: fake.Clock().Now,
	}
}

// directory seeds the fake: every third user is a guest, and sign-ins cycle
// over a day, 20, 45 and 90 days before the fake's clock, and never.
func directory() accessreviewstest.Directory {
	now := time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC)
	ago := []time.Duration{24 * time.Hour, 20 * 24 * time.Hour, 45 * 24 * time.Hour, 90 * 24 * time.Hour, -1}
	dir := accessreviewstest.Directory{Users: []accessreviewstest.User{
		{ID: botID, DisplayName: "Review bot", UserPrincipalName: botUPN, LastSignIn: now},
	}}
	for g, id := range groupIDs {
		dir.Groups = append(dir.Groups, accessreviewstest.Group{ID: id, DisplayName: fmt.Sprintf("Project %d", g+1),
			GroupTypes: []string{"Unified"}, MailEnabled: true, Owners: []string{botID}})
	}
	for i := range groupSize * len(groupIDs) {
		u := accessreviewstest.User{ID: userID(i), DisplayName: fmt.Sprintf("User %d", i),
			UserPrincipalName: fmt.Sprintf("user%d@contoso.example", i)}
		if i%3 == 0 {
			u.UserType = "Guest"
			u.UserPrincipalName = fmt.Sprintf("user%d_fabrikam.example#EXT#@contoso.example", i)
		}
		if d := ago[i%len(ago)]; d >= 0 {
			u.LastSignIn = now.Add(-d)
		}
		dir.Users = append(dir.Users, u)
		g := &dir.Groups[i/groupSize]
		g.Members = append(g.Members, u.ID)
	}
	return dir
}
