package main

import (
	"bytes"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
)

// loginCounts counts the device code requests and the token requests the
// fake's identity platform received.
func loginCounts(fake *accessreviewstest.Server) (deviceCodes, tokens int) {
	for _, r := range fake.LoginRequests() {
		switch {
		case strings.HasSuffix(r.Path, "/oauth2/v2.0/devicecode"):
			deviceCodes++
		case strings.HasSuffix(r.Path, "/oauth2/v2.0/token"):
			tokens++
		}
	}
	return deviceCodes, tokens
}

// TestBotSignsInOnceAndDecidesByThePolicy runs the bot twice on one fake
// with one token cache. The first run signs in with the device code, meets
// the fake's faults, and decides every item as the policy says, computed
// here from the directory rather than from the bot's own code, and checked
// as the administrator. The second run, on a new review, asks nobody: no
// device code is requested, and it still lists and records as the same
// person.
func TestBotSignsInOnceAndDecidesByThePolicy(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	fake := newFake()
	t.Cleanup(fake.Close)
	cfg := config{days: 14, cache: filepath.Join(t.TempDir(), "cache", "tokens.json")}

	out := &bytes.Buffer{}
	p := &printer{out: out}
	require.NoError(t, createReview(ctx, p, fake))
	stop := injectFaults(p, fake, 0.2)
	s, err := run(ctx, p, onFake(fake), cfg)
	stop()
	require.NoError(t, err)

	devices, tokens := loginCounts(fake)
	assert.Equal(t, 1, devices, "the first run signs in with the device code")
	assert.Equal(t, 1, tokens, "the code was approved before the first poll")
	assert.True(t, s.Prompted)
	assert.Contains(t, out.String(), "    To sign in, use a web browser to open the page "+fake.LoginURL+"/devicelogin and enter the code ")
	assert.Contains(t, out.String(), "    (on the fake, the example enters the code itself and signs in as review-bot@contoso.example)\n")

	now := fake.Clock().Now()
	want := map[string]accessreviews.Decision{}
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
	admin := fake.Client()
	got := map[string]accessreviews.Decision{}
	reviewedBy := map[string]int{}
	instances := 0
	for def, err := range admin.Definitions.List(ctx, nil) {
		require.NoError(t, err)
		for inst, err := range admin.Instances.List(ctx, def.ID, nil) {
			require.NoError(t, err)
			instances++
			for d, err := range admin.Decisions.List(ctx, def.ID, inst.ID, nil) {
				require.NoError(t, err)
				got[d.PrincipalID()] = d.Decision
				reviewedBy[d.ReviewedBy.ID]++
			}
		}
	}
	assert.Equal(t, 2, instances)
	assert.Equal(t, want, got)
	assert.Equal(t, map[string]int{botID: 300}, reviewedBy, "every decision was recorded as the signed-in person")

	approved, denied := 0, 0
	for _, d := range want {
		if d == accessreviews.DecisionApprove {
			approved++
		} else {
			denied++
		}
	}
	assert.Equal(t, summary{Prompted: true, Reviews: 2, Items: 300, Recorded: 300, Approved: approved, Denied: denied, Retried: s.Retried}, *s)
	assert.Positive(t, s.Retried, "the fake's faults were met and retried")
	assert.Positive(t, fake.FaultsInjected())
	assert.Contains(t, out.String(), "    recorded 20, failed 0, outcome unknown 0, of 150\n")
	assert.Contains(t, out.String(), "==> Summary: 2 reviews, 300 items: 300 recorded (100 approved, 200 denied), 0 failed, 0 outcome unknown, 0 left to a human;")

	// The second run: a new review, the same cache, no faults.
	out.Reset()
	require.NoError(t, createReview(ctx, p, fake))
	again, err := run(ctx, p, onFake(fake), cfg)
	require.NoError(t, err)
	devices, tokens = loginCounts(fake)
	assert.Equal(t, 1, devices, "the second run did not ask for a device code")
	assert.Equal(t, 1, tokens, "nor for a token: the cached one is still good")
	assert.Equal(t, summary{Reviews: 4, Items: 300, Recorded: 300, Approved: approved, Denied: denied}, *again,
		"it listed both reviews' instances: the new one's 300 items, none pending in the old one")
	assert.Contains(t, out.String(), "    the cached sign-in was used: nobody was asked\n")
	assert.NotContains(t, out.String(), "To sign in")
}

// TestBotSignsInAgainWhenTheRefreshTokenIsRefused revokes the person's
// sign-in sessions between two runs: the cached refresh token is refused
// and the second run shows the device code again.
func TestBotSignsInAgainWhenTheRefreshTokenIsRefused(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	fake := newFake()
	t.Cleanup(fake.Close)
	cfg := config{days: 14, cache: filepath.Join(t.TempDir(), "tokens.json")}
	p := &printer{out: &bytes.Buffer{}}

	first, err := run(ctx, p, onFake(fake), cfg)
	require.NoError(t, err)
	assert.Equal(t, summary{Prompted: true}, *first, "no review: nothing listed, nothing recorded")

	require.NoError(t, fake.RevokeSignInSessions(botUPN))
	fake.Clock().Advance(2 * time.Hour) // the cached access token expires
	second, err := run(ctx, p, onFake(fake), cfg)
	require.NoError(t, err)
	assert.True(t, second.Prompted)
	devices, _ := loginCounts(fake)
	assert.Equal(t, 2, devices)
	var grants []string
	for _, r := range fake.LoginRequests() {
		form, _ := url.ParseQuery(string(r.Body))
		grants = append(grants, form.Get("grant_type"))
	}
	assert.Equal(t, []string{"", "urn:ietf:params:oauth:grant-type:device_code", "refresh_token", "", "urn:ietf:params:oauth:grant-type:device_code"}, grants,
		"sign-in, refresh refused, sign-in again")
}

// TestCLI checks the environment's choices: the fake by default, a tenant
// only with both variables.
func TestCLI(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		want string // substring of the error; "" for none
	}{
		{"tenant without client", map[string]string{envTenantID: "contoso.onmicrosoft.com"}, "set both AZURE_TENANT_ID and AZURE_CLIENT_ID"},
		{"client without tenant", map[string]string{envClientID: "7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53"}, "set both"},
		{"unknown cloud", map[string]string{envTenantID: "contoso.onmicrosoft.com", envClientID: "7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53", envCloud: "mars"}, "AZURE_CLOUD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := cli(t.Context(), func(k string) string { return tt.env[k] }, &bytes.Buffer{}, config{days: 14, cache: filepath.Join(t.TempDir(), "tokens.json")})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// TestPolicy checks the policy on single items.
func TestPolicy(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC)
	item := func(upn string, lastSignIn time.Time, rec accessreviews.Recommendation) accessreviews.DecisionItem {
		d := accessreviews.DecisionItem{ID: "d1", Recommendation: rec,
			Principal: accessreviews.IdentityValue{Value: accessreviews.UserIdentity{ID: "u1", UserPrincipalName: upn}}}
		d.Insights = accessreviews.InsightList{accessreviews.UserSignInInsight{LastSignInDateTime: odataTime(lastSignIn)}}
		return d
	}
	guest := "g_fabrikam.example#EXT#@contoso.example"
	tests := []struct {
		name string
		d    accessreviews.DecisionItem
		want accessreviews.Decision
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
