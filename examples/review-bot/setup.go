package main

import (
	"context"
	"fmt"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/examples/internal/setup"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// The fake's tenant: the bot, and two Microsoft 365 groups of groupSize
// users each.
const (
	botID     = "b0700000-0000-4000-8000-000000000001"
	groupSize = 150
)

var groupIDs = []string{"90000000-0000-4000-8000-000000000001", "90000000-0000-4000-8000-000000000002"}

// userID is the ID of user i (from 0).
func userID(i int) string { return fmt.Sprintf("a0000000-0000-4000-8000-%012d", i) }

// createReview creates, as the administrator, a one-time review of every
// user member of every Microsoft 365 group, with the bot as reviewer.
func createReview(ctx context.Context, e *setup.Env) error {
	today := odata.DateOf(e.Fake.Clock().Now())
	e.Step("Creating a review of the members of every Microsoft 365 group, reviewed by the bot")
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
	e.Warnings(want)
	def, err := e.Client.Definitions.Create(ctx, want)
	if err != nil {
		return fmt.Errorf("review-bot: create the review: %w", err)
	}
	e.Printf("definition %s", def.ID)
	return nil
}

// directory seeds the fake: every third user is a guest, and sign-ins cycle
// over a day, 20, 45 and 90 days before the fake's clock, and never.
func directory() accessreviewstest.Directory {
	now := time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC)
	ago := []time.Duration{24 * time.Hour, 20 * 24 * time.Hour, 45 * 24 * time.Hour, 90 * 24 * time.Hour, -1}
	dir := accessreviewstest.Directory{Users: []accessreviewstest.User{
		{ID: botID, DisplayName: "Review bot", UserPrincipalName: "review-bot@contoso.example", LastSignIn: now},
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
