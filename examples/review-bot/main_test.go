package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/examples/internal/setup/setuptest"
	"github.com/graphkit/governance/odata"
)

// TestBotDecidesEveryItemByThePolicy runs the bot on the throttling fake and
// checks, as the administrator, that every item ended as the policy says,
// computed here from the directory rather than from the bot's own code.
func TestBotDecidesEveryItemByThePolicy(t *testing.T) {
	t.Parallel()
	e, out := setuptest.OpenFake(t, directory(), accessreviewstest.WithSeed(7))

	s, err := run(e, 14)
	require.NoError(t, err)

	now := e.Fake.Clock().Now()
	want := map[string]accessreviews.DecisionValue{}
	for _, u := range directory().Users[1:] {
		active14 := !u.LastSignIn.IsZero() && !u.LastSignIn.Before(now.AddDate(0, 0, -14))
		active30 := !u.LastSignIn.IsZero() && !u.LastSignIn.Before(now.AddDate(0, 0, -30))
		switch {
		case u.UserType == "Guest" && !active14, !active30:
			want[u.ID] = accessreviews.DecisionDeny
		default:
			want[u.ID] = accessreviews.DecisionApprove
		}
	}
	got := map[string]accessreviews.DecisionValue{}
	instances := 0
	for def, err := range e.Client.Definitions.List(t.Context(), nil) {
		require.NoError(t, err)
		for inst, err := range e.Client.Instances.List(t.Context(), def.ID, nil) {
			require.NoError(t, err)
			instances++
			for d, err := range e.Client.Decisions.List(t.Context(), def.ID, inst.ID, nil) {
				require.NoError(t, err)
				got[d.PrincipalID()] = d.Decision
			}
		}
	}
	assert.Equal(t, 2, instances)
	assert.Equal(t, want, got)

	approved, denied := 0, 0
	for _, d := range want {
		if d == accessreviews.DecisionApprove {
			approved++
		} else {
			denied++
		}
	}
	assert.Equal(t, summary{Reviews: 2, Items: 300, Approved: approved, Denied: denied, Retried: s.Retried}, *s)
	assert.Positive(t, s.Retried, "the fake's faults were met and retried")
	assert.Positive(t, e.Fake.FaultsInjected())
	assert.Contains(t, out.String(), "    recorded 20/150\n")
	assert.Contains(t, out.String(), "==> Summary: 2 reviews, 300 items: 100 approved, 200 denied, 0 left to a human, 0 failed")
}

// TestPolicy checks the policy on single items.
func TestPolicy(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC)
	item := func(upn string, lastSignIn time.Time, rec accessreviews.Recommendation) accessreviews.Decision {
		d := accessreviews.Decision{ID: "d1", Recommendation: rec,
			Principal: accessreviews.IdentityValue{Value: accessreviews.UserIdentity{ID: "u1", UserPrincipalName: upn}}}
		d.Insights = accessreviews.InsightList{accessreviews.UserSignInInsight{LastSignInDateTime: odataTime(lastSignIn)}}
		return d
	}
	guest := "g_fabrikam.example#EXT#@contoso.example"
	tests := []struct {
		name string
		d    accessreviews.Decision
		want accessreviews.DecisionValue
		ok   bool
	}{
		{"inactive guest denied despite recommendation", item(guest, now.AddDate(0, 0, -20), accessreviews.RecommendationApprove), accessreviews.DecisionDeny, true},
		{"guest who never signed in", item(guest, time.Time{}, accessreviews.RecommendationNoInfoAvailable), accessreviews.DecisionDeny, true},
		{"active guest follows recommendation", item(guest, now.AddDate(0, 0, -2), accessreviews.RecommendationApprove), accessreviews.DecisionApprove, true},
		{"member follows recommendation", item("m@contoso.example", now.AddDate(0, 0, -20), accessreviews.RecommendationApprove), accessreviews.DecisionApprove, true},
		{"member recommended deny", item("m@contoso.example", now.AddDate(0, 0, -90), accessreviews.RecommendationDeny), accessreviews.DecisionDeny, true},
		{"no recommendation left to a human", item("m@contoso.example", now, accessreviews.RecommendationNoInfoAvailable), "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec, ok := decide(&tt.d, now, 14)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, rec.Decision)
		})
	}
}

func odataTime(t time.Time) odata.DateTime { return odata.DateTime{Time: t} }
