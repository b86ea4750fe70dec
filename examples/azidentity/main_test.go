package main

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/examples/internal/setup"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// TestListDefinitions lists two definitions created on the fake service
// and checks that each line names the definition, its status and its scope.
func TestListDefinitions(t *testing.T) {
	t.Parallel()
	dir := directory()
	fake := accessreviewstest.NewServer(accessreviewstest.WithDirectory(dir))
	t.Cleanup(fake.Close)
	client := fake.Client()

	start, err := odata.ParseDate("2026-01-05")
	require.NoError(t, err)
	defs := []*accessreviews.Definition{
		{
			DisplayName: "Self-review of " + dir.Groups[0].DisplayName,
			Scope:       scope.Group(dir.Groups[0].ID).Members().Users(),
			Settings:    accessreviews.Settings{InstanceDurationInDays: 3, Recurrence: recurrence.Once().StartingOn(start)},
		},
		{
			DisplayName:              "Guests of every Microsoft 365 group",
			InstanceEnumerationScope: scope.AllMicrosoft365Groups(),
			Scope:                    scope.EachGroup().Members().Users().Guests(),
			Reviewers:                []scope.Reviewer{scope.GroupOwners()},
			FallbackReviewers:        []scope.Reviewer{scope.User(ownerID)},
			Settings:                 accessreviews.Settings{InstanceDurationInDays: 7, Recurrence: recurrence.Quarterly().StartingOn(start)},
		},
	}
	var created []accessreviews.Definition
	for _, d := range defs {
		c, err := client.Definitions.Create(t.Context(), d)
		require.NoError(t, err, d.DisplayName)
		created = append(created, *c)
	}

	var out bytes.Buffer
	n, err := listDefinitions(t.Context(), client, &out)
	require.NoError(t, err)
	assert.Equal(t, len(defs), n)
	for i, c := range created {
		assert.Contains(t, out.String(), string(c.ID), defs[i].DisplayName)
		assert.Contains(t, out.String(), defs[i].DisplayName)
		assert.Contains(t, out.String(), "    reviews "+describe(c))
	}
	assert.Contains(t, out.String(), ", in "+scope.AllMicrosoft365Groups().String(), "the enumerated groups are described")
}

// The directory of TestListDefinitions: one Microsoft 365 group with an
// owner, a member and a guest.
const (
	groupID  = "5f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
	ownerID  = "6a2d3e4f-5b6c-4d7e-8f9a-0b1c2d3e4f5a"
	memberID = "7b3e4f5a-6c7d-4e8f-9a0b-1c2d3e4f5a6b"
	guestID  = "8c4f5a6b-7d8e-4f9a-8b1c-2d3e4f5a6b7c"
)

func directory() accessreviewstest.Directory {
	return accessreviewstest.Directory{
		Users: []accessreviewstest.User{
			{ID: ownerID, DisplayName: "Owner"},
			{ID: memberID, DisplayName: "Member"},
			{ID: guestID, DisplayName: "Guest", UserType: "Guest"},
		},
		Groups: []accessreviewstest.Group{{
			ID: groupID, DisplayName: "Sales", GroupTypes: []string{"Unified"}, MailEnabled: true,
			Owners: []string{ownerID}, Members: []string{memberID, guestID},
		}},
	}
}

func TestListDefinitionsReportsFailure(t *testing.T) {
	t.Parallel()
	fake := accessreviewstest.NewServer()
	t.Cleanup(fake.Close)
	fake.FailNext(1, accessreviewstest.Unavailable())
	client, err := accessreviews.NewClient(append(fake.Options(), odata.WithRetryPolicy(odata.NoRetries()))...)
	require.NoError(t, err)

	n, err := listDefinitions(t.Context(), client, &bytes.Buffer{})
	assert.Zero(t, n)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "azidentity: list definitions:")
}

// failingCredential is what DefaultAzureCredential amounts to on a machine
// with nothing configured: it builds, then fails at the first token.
type failingCredential struct{ calls *int }

var errNoCredential = errors.New("DefaultAzureCredential: failed to acquire a token")

func (f failingCredential) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	*f.calls++
	return azcore.AccessToken{}, errNoCredential
}

// TestRunWithoutCredential checks the failures that happen before any
// request: each is one clear error, and nothing is printed on stdout.
func TestRunWithoutCredential(t *testing.T) {
	t.Parallel()
	errBuild := errors.New("invalid AZURE_TOKEN_CREDENTIALS")
	tests := []struct {
		name      string
		cloud     string
		buildErr  error
		wantCloud odata.Cloud
		wantCalls int
		wantErr   error
		wantMsg   string
	}{
		{
			name: "no usable credential", wantCloud: odata.Global, wantCalls: 1, wantErr: errNoCredential,
			wantMsg: "azidentity: no usable Azure credential for the global cloud (this example needs a tenant and cannot run on the fake service",
		},
		{
			name: "national cloud", cloud: "GCCHigh", wantCloud: odata.USGovL4, wantCalls: 1, wantErr: errNoCredential,
			wantMsg: "no usable Azure credential for the usgovl4 cloud",
		},
		{name: "credential cannot be built", buildErr: errBuild, wantCloud: odata.Global, wantErr: errBuild, wantMsg: "azidentity: build the Azure credential: "},
		{name: "unknown cloud", cloud: "mars", wantMsg: `setup: AZURE_CLOUD="mars": want global, usgovl4, usgovl5 or china`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			calls := 0
			var gotCloud odata.Cloud
			newCred := func(c odata.Cloud) (azcore.TokenCredential, error) {
				gotCloud = c
				if tt.buildErr != nil {
					return nil, tt.buildErr
				}
				return failingCredential{calls: &calls}, nil
			}
			getenv := func(k string) string {
				if k == envCloud {
					return tt.cloud
				}
				return ""
			}
			var out bytes.Buffer
			err := run(t.Context(), getenv, newCred, &out)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantMsg)
			if tt.wantErr != nil {
				assert.ErrorIs(t, err, tt.wantErr)
			}
			assert.Equal(t, tt.wantCloud, gotCloud)
			assert.Equal(t, tt.wantCalls, calls, "GetToken calls")
			assert.Empty(t, out.String())
		})
	}
}

func TestParseCloud(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    odata.Cloud
		wantErr bool
	}{
		{in: "", want: odata.Global},
		{in: " Global ", want: odata.Global},
		{in: "AzurePublicCloud", want: odata.Global},
		{in: "usgovl4", want: odata.USGovL4},
		{in: "AzureUSGovernment", want: odata.USGovL4},
		{in: "usgovl5", want: odata.USGovL5DoD},
		{in: "dod", want: odata.USGovL5DoD},
		{in: "china", want: odata.China},
		{in: "AzureChinaCloud", want: odata.China},
		{in: "germany", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := setup.ParseCloud(tt.in)
			if tt.wantErr {
				assert.ErrorContains(t, err, "want global, usgovl4, usgovl5 or china")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.NotEmpty(t, got.LoginHost())
		})
	}
}

// TestDefaultCredentialRejectsUnknownCloud checks that the credential is
// never built for an authority the SDK does not know.
func TestDefaultCredentialRejectsUnknownCloud(t *testing.T) {
	t.Parallel()
	cred, err := defaultCredential("mars")
	assert.Nil(t, cred)
	assert.EqualError(t, err, `credential: unknown cloud "mars"`)
}

// describe is what the listing prints, so its cases are pinned here.
func TestDescribe(t *testing.T) {
	t.Parallel()
	group := scope.Group("02f3bafb-448c-487c-88c2-5fd65ce49a41").Members()
	tests := []struct {
		name string
		def  accessreviews.Definition
		want string
	}{
		{name: "no scope", want: "(no scope)"},
		{name: "one group", def: accessreviews.Definition{Scope: group}, want: group.String()},
		{
			name: "each group",
			def:  accessreviews.Definition{Scope: scope.EachGroup().Members(), InstanceEnumerationScope: scope.AllTeams()},
			want: scope.EachGroup().Members().String() + ", in " + scope.AllTeams().String(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, describe(tt.def))
		})
	}
}
