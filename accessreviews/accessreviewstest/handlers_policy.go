package accessreviewstest

import (
	"encoding/json/jsontext"
	"encoding/json/v2"
	"net/http"
)

// The β policies: /policies/accessReviewPolicy and {AR}/policy (the same
// object), whose only writable property is isGroupOwnerManagementEnabled,
// and /policies/directoryRoleAccessReviewPolicy, whose settings are kept as
// sent. Both exist in beta only; v1.0 answers 400 like Graph for an unknown
// segment.

// policyState is the tenant's access review policy.
type policyState struct {
	ID                            string `json:"id"`
	DisplayName                   string `json:"displayName"`
	Description                   string `json:"description"`
	IsGroupOwnerManagementEnabled bool   `json:"isGroupOwnerManagementEnabled"`
}

// defaultPolicy is the policy of a new tenant.
func defaultPolicy() policyState {
	return policyState{
		ID:          "accessReviewPolicy",
		DisplayName: "Access review policy",
		Description: "Tenant-wide access review settings",
	}
}

func (r *reviews) getPolicy(c *call) {
	if !betaOnly(c) {
		return
	}
	r.mu.Lock()
	p := r.policy
	r.mu.Unlock()
	c.JSON(http.StatusOK, p)
}

func (r *reviews) patchPolicy(c *call) {
	if !betaOnly(c) {
		return
	}
	var body map[string]jsontext.Value
	if !c.Decode(&body) {
		return
	}
	raw, ok := body["isGroupOwnerManagementEnabled"]
	var v bool
	if !ok || json.Unmarshal(raw, &v) != nil || len(body) != 1 {
		c.Error(http.StatusBadRequest, codeBadRequest, "isGroupOwnerManagementEnabled: a boolean is required and is the only property that can be changed")
		return
	}
	r.mu.Lock()
	r.policy.IsGroupOwnerManagementEnabled = v
	r.mu.Unlock()
	c.NoContent()
}

// rolePolicyJSON is the directory role access review policy.
type rolePolicyJSON struct {
	ID       string         `json:"id"`
	Settings jsontext.Value `json:"settings"`
}

func (r *reviews) getRolePolicy(c *call) {
	if !betaOnly(c) {
		return
	}
	r.mu.Lock()
	settings := r.rolePolicy
	r.mu.Unlock()
	if settings == nil {
		settings = []byte(`{"mailNotificationsEnabled":true,"reminderNotificationsEnabled":true,"justificationRequiredOnApproval":true,` +
			`"defaultDecisionEnabled":false,"defaultDecision":"None","instanceDurationInDays":14,"autoApplyDecisionsEnabled":false,` +
			`"recommendationsEnabled":true}`)
	}
	c.JSON(http.StatusOK, rolePolicyJSON{ID: "directoryRoleAccessReviewPolicy", Settings: settings})
}

func (r *reviews) patchRolePolicy(c *call) {
	if !betaOnly(c) {
		return
	}
	var body struct {
		Settings jsontext.Value `json:"settings"`
	}
	if !c.Decode(&body) {
		return
	}
	if len(body.Settings) == 0 || !isJSONObject(body.Settings) {
		c.Error(http.StatusBadRequest, codeBadRequest, "settings: an object is required")
		return
	}
	r.mu.Lock()
	r.rolePolicy = append([]byte(nil), body.Settings...)
	r.mu.Unlock()
	c.NoContent()
}
