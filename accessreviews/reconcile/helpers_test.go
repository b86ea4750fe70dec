package reconcile

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// newFake starts a fake service for one test.
func newFake(t testing.TB) *accessreviewstest.Server {
	t.Helper()
	s := accessreviewstest.NewServer()
	t.Cleanup(s.Close)
	return s
}

// today is the fake service's default clock date.
var today = odata.Date{Year: 2026, Month: 1, Day: 5}

// weeklyReview returns a valid desired definition named name.
func weeklyReview(name string) *accessreviews.Definition {
	return &accessreviews.Definition{
		DisplayName: name,
		Scope:       scope.Group(groupID).TransitiveMembers(),
		Reviewers:   []scope.Reviewer{scope.User(userID)},
		Settings: accessreviews.Settings{
			MailNotificationsEnabled: true,
			InstanceDurationInDays:   3,
			Recurrence:               recurrence.Weekly().StartingOn(today),
		},
	}
}

// create creates d on the fake, as someone else did before the plan.
func create(t *testing.T, c *accessreviews.Client, d *accessreviews.Definition) *accessreviews.Definition {
	t.Helper()
	out, err := c.Definitions.Create(t.Context(), d)
	require.NoError(t, err)
	return out
}

// writes returns the requests that changed something on the fake.
func writes(s *accessreviewstest.Server) []accessreviewstest.Request {
	var out []accessreviewstest.Request
	for _, r := range s.Requests() {
		if r.Method != http.MethodGet {
			out = append(out, r)
		}
	}
	return out
}
