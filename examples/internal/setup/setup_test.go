package setup

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestOpenWithoutCredentialsUsesTheFake(t *testing.T) {
	t.Parallel()
	e, err := Open(env(nil), &bytes.Buffer{}, accessreviewstest.GuestTutorialDirectory())
	require.NoError(t, err)
	t.Cleanup(e.Close)
	assert.True(t, e.OnFake())
	assert.Contains(t, e.Where(), "fake")
	_, err = e.ClientAs(accessreviewstest.GuestTutorialAdminID)
	assert.NoError(t, err)
}

func TestOpenWithCredentialsUsesTheTenantCloud(t *testing.T) {
	t.Parallel()
	e, err := Open(env(map[string]string{
		EnvTenantID: "contoso.onmicrosoft.com", EnvClientID: "7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53",
		EnvClientSecret: "s3cret", EnvCloud: "usgovl4",
	}), &bytes.Buffer{}, accessreviewstest.Directory{})
	require.NoError(t, err)
	assert.False(t, e.OnFake())
	assert.Equal(t, odata.USGovL4.GraphHost(), e.Client.OData().BaseURL().Host)
	_, err = e.ClientAs("7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53")
	assert.ErrorContains(t, err, "delegated")
}

func TestOpenRefusesPartialCredentials(t *testing.T) {
	t.Parallel()
	_, err := Open(env(map[string]string{EnvTenantID: "contoso.onmicrosoft.com"}), &bytes.Buffer{}, accessreviewstest.Directory{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "AZURE_TENANT_ID set without AZURE_CLIENT_ID, AZURE_CLIENT_SECRET")
	_, err = Open(env(map[string]string{EnvTenantID: "t.example", EnvClientID: "7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53", EnvClientSecret: "x", EnvCloud: "mars"}), &bytes.Buffer{}, accessreviewstest.Directory{})
	assert.ErrorContains(t, err, `AZURE_CLOUD="mars"`)
}
