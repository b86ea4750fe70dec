package perf

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// fakeAppToken is the Authorization header of an app-only caller of the
// fake service (every fake accepts the same token), for requests sent
// without the SDK.
var fakeAppToken = func() string {
	s := accessreviewstest.NewServer()
	defer s.Close()
	return "Bearer " + s.AppToken()
}()

// reviewStart is the fake's default day, on which the reviews open.
var reviewStart = odata.Date{Year: 2026, Month: time.January, Day: 5}

// review is one instance of a one-time review of a large group.
type review struct {
	srv  *accessreviewstest.Server
	def  accessreviews.DefinitionID
	inst accessreviews.InstanceID
}

// newLargeReview starts a fake with a group of n users and a one-time
// review of its members by its owner.
func newLargeReview(tb testing.TB, n int) review {
	tb.Helper()
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(accessreviewstest.LargeGroupDirectory(n)))
	tb.Cleanup(s.Close)
	def, err := s.Client().Definitions.Create(context.Background(), largeDefinition())
	if err != nil {
		tb.Fatal(err)
	}
	return review{srv: s, def: def.ID, inst: accessreviews.InstanceID(def.ID)}
}

// largeDefinition is the one-time review of the large group's members.
func largeDefinition() *accessreviews.Definition {
	return &accessreviews.Definition{
		DisplayName: "Large review",
		Scope:       scope.Group(accessreviewstest.LargeGroupID).Members(),
		Reviewers:   []scope.Reviewer{scope.OwnersOfGroup(accessreviewstest.LargeGroupID)},
		Settings: accessreviews.Settings{RecommendationsEnabled: true, InstanceDurationInDays: 7,
			Recurrence: recurrence.Once().StartingOn(reviewStart)},
	}
}

// decisionsURL is the first page of the instance's decisions.
func (r review) decisionsURL() string {
	return r.srv.URL + "/v1.0/identityGovernance/accessReviews/definitions/" + string(r.def) +
		"/instances/" + string(r.inst) + "/decisions"
}

// newFloorClient is a plain HTTP client with its own connection pool.
func newFloorClient() *http.Client {
	return &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
}

// guestReviewDefinition is the definition of the quarterly guest review
// tutorial, built with the scope and recurrence builders.
func guestReviewDefinition() *accessreviews.Definition {
	start := odata.Date{Year: 2026, Month: 1, Day: 5}
	return &accessreviews.Definition{
		DisplayName:              "Quarterly guest review of Microsoft 365 groups",
		DescriptionForAdmins:     "Review guest access to every Microsoft 365 group",
		DescriptionForReviewers:  "Please review the guests of your group",
		InstanceEnumerationScope: scope.AllMicrosoft365Groups(),
		Scope:                    scope.EachGroup().Members().Users().Guests(),
		Reviewers:                []scope.Reviewer{scope.GroupOwners()},
		FallbackReviewers:        []scope.Reviewer{scope.User("c9a5aff7-9298-4d71-adab-0a222e0a05e4")},
		Settings: accessreviews.Settings{
			MailNotificationsEnabled: true, ReminderNotificationsEnabled: true,
			DefaultDecisionEnabled: true, DefaultDecision: accessreviews.DefaultApprove,
			AutoApplyDecisionsEnabled: true, RecommendationsEnabled: true,
			InstanceDurationInDays: 3,
			Recurrence:             recurrence.Quarterly().StartingOn(start).EndingOn(start.AddDays(365)),
			ApplyActions:           []accessreviews.ApplyAction{accessreviews.RemoveAccess()},
		},
	}
}
