package main

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/examples/internal/setup"
	"github.com/graphkit/governance/examples/internal/setup/setuptest"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

// openFake starts the example on the fake service.
func openFake(t *testing.T) (*setup.Env, *bytes.Buffer) {
	return setuptest.OpenFake(t, accessreviewstest.GuestTutorialDirectory())
}

func TestGuestReviewRemovesTheDeniedGuest(t *testing.T) {
	t.Parallel()
	e, out := openFake(t)
	ctx := context.Background()

	res, err := review(ctx, e)
	require.NoError(t, err)

	// The review is the tutorial's, built by the SDK's builders.
	def := res.Definition
	require.NotNil(t, def)
	_, err = odata.JoinPath(odata.GUID("id", string(def.ID)))
	assert.NoError(t, err, "the definition's ID is a GUID")
	assert.Equal(t, accessreviews.StatusNotStarted, def.Status)
	assert.Equal(t, scope.EachGroup().Members().Users().Guests(), def.Scope)
	assert.Equal(t, scope.AllMicrosoft365Groups(), def.InstanceEnumerationScope)
	assert.Equal(t, []scope.Reviewer{scope.GroupOwners()}[0].Query, def.Reviewers[0].Query)
	require.Len(t, def.FallbackReviewers, 1)
	assert.Equal(t, "/users/"+res.AlineID, def.FallbackReviewers[0].Query)
	assert.Equal(t, accessreviews.DefaultApprove, def.Settings.DefaultDecision)
	assert.True(t, def.Settings.AutoApplyDecisionsEnabled)

	// One instance, for the one group with a guest.
	require.Len(t, res.Instances, 1)
	assert.Equal(t, scope.Group(res.GroupID).Members().Users().Guests(), res.Instances[0].Scope)

	// Step 6 shows John, undecided, with the service's Deny recommendation.
	require.Len(t, res.Decisions, 1)
	john := res.Decisions[0]
	assert.Equal(t, res.JohnID, john.PrincipalID())
	assert.Equal(t, "John Doe (Tailspin Toys)", john.PrincipalDisplayName())
	assert.Equal(t, accessreviews.DecisionNotReviewed, john.Decision)
	assert.Equal(t, accessreviews.RecommendationDeny, john.Recommendation)

	// Aline's Deny was recorded as hers and applied: John left the group.
	require.Len(t, res.Applied, 1)
	assert.Equal(t, accessreviews.DecisionDeny, res.Applied[0].Decision)
	assert.Equal(t, res.AlineID, res.Applied[0].ReviewedBy.ID)
	assert.Equal(t, accessreviews.ApplyResultAppliedSuccessfully, res.Applied[0].ApplyResult)
	assert.Equal(t, []string{res.JohnID}, res.MembersBefore)
	assert.Empty(t, res.MembersAfter)

	// Clean-up deleted everything the flow created.
	assertDeleted(t, e, "groups/"+res.GroupID, "users/"+res.JohnID, "users/"+res.AlineID)
	_, err = e.Client.Definitions.Get(ctx, def.ID)
	assert.ErrorIs(t, err, odata.ErrNotFound)

	text := out.String()
	for _, line := range []string{
		"==> Step 1: create the test user Aline Dupuy",
		"created Aline Dupuy (AlineD@contoso.com), user type Member",
		"invited john@tailspintoys.com, guest user id " + res.JohnID,
		"reviews: guest users among the direct members of each Microsoft 365 group",
		"reviewers: the owners of each group",
		"schedule: every 3 months, from 2026-01-05 until 2027-01-05",
		"1 instance(s)",
		"John Doe (Tailspin Toys) (" + res.JohnID + "): recommended Deny, decision NotReviewed",
		"recorded Deny for John Doe (Tailspin Toys)",
		"decision Deny, apply result AppliedSuccessfully",
		"John is no longer a member of the group",
		"deleted the test user",
	} {
		assert.Contains(t, text, line)
	}
}

func TestGuestReviewCleansUpAfterAFailedStep(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, path, wantErr string
		created             int // objects created before the failing step
	}{
		{"invitation refused", "/v1.0/invitations", "step 2: invite the guest", 1},
		{"group refused", "/v1.0/groups", "step 3: create the group", 2},
		{"review refused", "/v1.0/identityGovernance/accessReviews/definitions", "step 4: create the review", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, out := openFake(t)
			// A create is not retried after a 503: the client cannot know
			// whether the service acted on it. The fake did not.
			e.Fake.FailPath(tt.path, 1, accessreviewstest.Unavailable())

			res, err := review(context.Background(), e)
			require.Error(t, err)
			assert.ErrorContains(t, err, tt.wantErr)
			var unknown *odata.OutcomeUnknownError
			assert.ErrorAs(t, err, &unknown)
			var paths []string
			for _, id := range []struct{ collection, id string }{
				{"users", res.AlineID}, {"users", res.JohnID}, {"groups", res.GroupID},
			} {
				if id.id != "" {
					paths = append(paths, id.collection+"/"+id.id)
				}
			}
			assert.Len(t, paths, tt.created, "objects created before the failure")
			assertDeleted(t, e, paths...)
			assert.Contains(t, out.String(), "deleted the test user")
		})
	}
}

// assertDeleted checks that each directory path answered a DELETE with 204
// and is gone now.
func assertDeleted(t *testing.T, e *setup.Env, paths ...string) {
	t.Helper()
	deleted := map[string]bool{}
	for _, r := range e.Fake.Requests() {
		if r.Method == http.MethodDelete && r.Status == http.StatusNoContent {
			deleted[strings.TrimPrefix(r.Path, "/v1.0/")] = true
		}
	}
	for _, p := range paths {
		assert.True(t, deleted[p], "DELETE %s", p)
		err := e.Client.OData().Do(context.Background(), &odata.Request{Method: "GET", Path: p}, nil)
		assert.ErrorIs(t, err, odata.ErrNotFound, p)
	}
}
