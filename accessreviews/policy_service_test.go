package accessreviews

import (
	"io"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
)

// policyTestURL is the policy's address: beta, even from a v1.0 client.
const policyTestURL = testBase + "/beta/policies/accessReviewPolicy"

func TestPolicyGet(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	answer := fixture(t, "policy/get.json")
	mt.RegisterResponder(http.MethodGet, policyTestURL, func(req *http.Request) (*http.Response, error) {
		assert.Empty(t, req.URL.RawQuery)
		assert.Nil(t, req.Body)
		return historyJSON(http.StatusOK, answer), nil
	})
	got, err := c.Policy.Get(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 1, mt.GetTotalCallCount())
	assert.Equal(t, Policy{
		ID:          "accessReviewPolicy",
		DisplayName: "Access review policy",
		Description: "Access review policy",
	}, *got)
}

func TestPolicyUpdate(t *testing.T) {
	t.Parallel()
	enabled, disabled := true, false
	tests := []struct {
		name   string
		update PolicyUpdate
		golden string
	}{
		{"enable", PolicyUpdate{IsGroupOwnerManagementEnabled: &enabled}, "policy/update_enable.golden.json"},
		{"disable is sent, not omitted", PolicyUpdate{IsGroupOwnerManagementEnabled: &disabled}, "policy/update_disable.golden.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			var body []byte
			mt.RegisterResponder(http.MethodPatch, policyTestURL, func(req *http.Request) (*http.Response, error) {
				assert.Empty(t, req.URL.RawQuery)
				assert.Equal(t, "application/json", req.Header.Get("Content-Type"))
				body, _ = io.ReadAll(req.Body)
				return httpmock.NewBytesResponse(http.StatusNoContent, nil), nil
			})
			require.NoError(t, c.Policy.Update(t.Context(), tt.update))
			assert.Equal(t, 1, mt.GetTotalCallCount())
			assertGoldenJSON(t, body, tt.golden)
		})
	}
}

func TestPolicyUpdateInvalid(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	err := c.Policy.Update(t.Context(), PolicyUpdate{})
	historyAssertFieldErrors(t, err, "isGroupOwnerManagementEnabled")
	assert.ErrorContains(t, err, "accessreviews: update policy: ")
	assert.Zero(t, mt.GetTotalCallCount())
}

func TestPolicyErrors(t *testing.T) {
	t.Parallel()
	enabled := true
	tests := []struct {
		name     string
		method   string
		status   int
		code     string
		sentinel error
		call     func(c *Client) error
	}{
		{"get forbidden", http.MethodGet, http.StatusForbidden, "Authorization_RequestDenied", odata.ErrForbidden, func(c *Client) error {
			_, err := c.Policy.Get(t.Context())
			return err
		}},
		{"update rejected", http.MethodPatch, http.StatusBadRequest, "Request_BadRequest", odata.ErrBadRequest, func(c *Client) error {
			return c.Policy.Update(t.Context(), PolicyUpdate{IsGroupOwnerManagementEnabled: &enabled})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			mt.RegisterResponder(tt.method, policyTestURL, httpmock.ResponderFromResponse(historyGraphError(tt.status, tt.code)))
			historyAssertGraphError(t, tt.call(c), tt.status, tt.code, tt.sentinel)
			assert.Equal(t, 1, mt.GetTotalCallCount())
		})
	}
}

// policyTestDirectoryRoleURL is the directory role review policy's address.
const policyTestDirectoryRoleURL = testBase + "/beta/policies/directoryRoleAccessReviewPolicy"

func TestPolicyDirectoryRoleGetAndUpdate(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	answer := fixture(t, "policy/directory_role.json")
	var body []byte
	mt.RegisterResponder(http.MethodGet, policyTestDirectoryRoleURL, httpmock.ResponderFromResponse(historyJSON(http.StatusOK, answer)))
	mt.RegisterResponder(http.MethodPatch, policyTestDirectoryRoleURL, func(req *http.Request) (*http.Response, error) {
		body, _ = io.ReadAll(req.Body)
		return httpmock.NewBytesResponse(http.StatusNoContent, nil), nil
	})

	p, err := c.Policy.GetDirectoryRolePolicy(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "directoryRoleAccessReviewPolicy", p.ID)
	assert.True(t, p.Settings.MailNotificationsEnabled)
	assert.Equal(t, 14, p.Settings.InstanceDurationInDays)
	require.NotNil(t, p.Settings.Recurrence.Pattern)
	assert.Equal(t, 3, p.Settings.Recurrence.Pattern.Interval)

	// Read, change one thing, write back: the rest, the property this
	// package does not model included, goes back as read.
	p.Settings.MailNotificationsEnabled = false
	require.NoError(t, c.Policy.UpdateDirectoryRolePolicy(t.Context(), p.Settings))
	assert.Equal(t, 2, mt.GetTotalCallCount())
	assertGoldenJSON(t, body, "policy/update_directory_role.golden.json")
}

func TestPolicyDirectoryRoleUpdateInvalid(t *testing.T) {
	t.Parallel()
	daily := recurrence.Weekly().StartingOn(odata.Date{Year: 2021, Month: 1, Day: 1})
	daily.Pattern.Type = recurrence.PatternDaily
	tests := []struct {
		name     string
		settings Settings
		fields   []string
	}{
		{"empty settings", Settings{}, []string{"settings"}},
		{"unsupported recurrence", Settings{MailNotificationsEnabled: true, Recurrence: daily}, []string{"settings.recurrence.pattern.type"}},
		{"default decision enabled without a decision", Settings{DefaultDecisionEnabled: true, DefaultDecision: DefaultNone, InstanceDurationInDays: -1},
			[]string{"settings.defaultDecision"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			err := c.Policy.UpdateDirectoryRolePolicy(t.Context(), tt.settings)
			historyAssertFieldErrors(t, err, tt.fields...)
			assert.ErrorContains(t, err, "accessreviews: update directory role policy: ")
			assert.Zero(t, mt.GetTotalCallCount())
		})
	}
}

func TestPolicyDirectoryRoleErrors(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder(http.MethodGet, policyTestDirectoryRoleURL, httpmock.ResponderFromResponse(historyGraphError(http.StatusNotFound, "ResourceNotFound")))
	mt.RegisterResponder(http.MethodPatch, policyTestDirectoryRoleURL, httpmock.ResponderFromResponse(historyGraphError(http.StatusForbidden, "accessDenied")))
	_, err := c.Policy.GetDirectoryRolePolicy(t.Context())
	historyAssertGraphError(t, err, http.StatusNotFound, "ResourceNotFound", odata.ErrNotFound)
	err = c.Policy.UpdateDirectoryRolePolicy(t.Context(), Settings{MailNotificationsEnabled: true})
	historyAssertGraphError(t, err, http.StatusForbidden, "accessDenied", odata.ErrForbidden)
	assert.Equal(t, 2, mt.GetTotalCallCount())
}
