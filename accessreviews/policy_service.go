package accessreviews

import (
	"context"
	"errors"
	"net/http"

	"github.com/graphkit/governance/accessreviews/internal/core"
	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/odata"
)

// policyPath is the policy's address under the beta policy root; the
// service also serves it as /identityGovernance/accessReviews/policy.
var policyPath = odata.Lit("policies/accessReviewPolicy")

// directoryRolePolicyPath is the directory role review policy's address.
var directoryRolePolicyPath = odata.Lit("policies/directoryRoleAccessReviewPolicy")

// Get returns the tenant's access review policy.
//
// This operation is beta-only.
//
// Graph: GET /beta/policies/accessReviewPolicy
func (s *PolicyService) Get(ctx context.Context) (*Policy, error) {
	return core.Get[Policy](ctx, s.core(), core.Call{Op: "get policy", Path: []odata.Segment{policyPath}, Version: odata.Beta})
}

// Update changes the tenant's access review policy, sending only the fields
// of u that are set; it needs the Policy.ReadWrite.AccessReviews
// permission. An update that sets nothing is refused before sending.
//
// This operation is beta-only.
//
// Graph: PATCH /beta/policies/accessReviewPolicy
//
// The PATCH sets absolute values, so it is retried as an idempotent write.
func (s *PolicyService) Update(ctx context.Context, u PolicyUpdate) error {
	call := core.Call{Op: "update policy", Method: http.MethodPatch, Path: []odata.Segment{policyPath}, Version: odata.Beta}
	if u.IsGroupOwnerManagementEnabled == nil {
		call.Input = check.Invalid("isGroupOwnerManagementEnabled", "is required: it is the only property of the policy that can be changed")
	} else {
		enabled := *u.IsGroupOwnerManagementEnabled // copied: the body must not change under a retry
		call.Body = policyPatchBody{IsGroupOwnerManagementEnabled: &enabled}
	}
	return core.Do(ctx, s.core(), call, nil)
}

// GetDirectoryRolePolicy returns the tenant's default settings for reviews
// of directory roles.
//
// This operation is beta-only.
//
// Graph: GET /beta/policies/directoryRoleAccessReviewPolicy
func (s *PolicyService) GetDirectoryRolePolicy(ctx context.Context) (*DirectoryRolePolicy, error) {
	return core.Get[DirectoryRolePolicy](ctx, s.core(), core.Call{Op: "get directory role policy", Path: []odata.Segment{directoryRolePolicyPath}, Version: odata.Beta})
}

// UpdateDirectoryRolePolicy replaces the tenant's default settings for
// reviews of directory roles with settings. The whole settings value is
// sent, every boolean included, so read the policy first and change what
// you mean to change: properties this package does not model are kept from
// what was read. Empty settings are refused, since they would switch every
// setting off; so are a recurrence that access reviews do not accept and a
// default decision that is enabled but not Approve, Deny or Recommendation.
// The default decision None, which the service returns when none is
// configured, is left out rather than sent back.
//
// This operation is beta-only.
//
// Graph: PATCH /beta/policies/directoryRoleAccessReviewPolicy
//
// The PATCH sets absolute values, so it is retried as an idempotent write.
func (s *PolicyService) UpdateDirectoryRolePolicy(ctx context.Context, settings Settings) error {
	invalid := validateDirectoryRoleSettings(&settings)
	if settings.DefaultDecision == DefaultNone {
		settings.DefaultDecision = "" // the service's echo for "none configured" is not a value to send
	}
	return core.Do(ctx, s.core(), core.Call{
		Op:      "update directory role policy",
		Method:  http.MethodPatch,
		Path:    []odata.Segment{directoryRolePolicyPath},
		Version: odata.Beta,
		Body:    directoryRolePolicyPatchBody{Settings: settings},
		Input:   invalid,
	}, nil)
}

// validateDirectoryRoleSettings checks what the policy's settings can be
// checked for without a definition around them, named under "settings".
func validateDirectoryRoleSettings(s *Settings) error {
	if s.IsZero() {
		return check.Invalid("settings", "is required: empty settings would switch every setting off")
	}
	var errs []error
	if s.DefaultDecisionEnabled && !s.DefaultDecision.Known() {
		errs = append(errs, check.Invalid("settings.defaultDecision",
			"must be Approve, Deny or Recommendation when defaultDecisionEnabled is set, got %q", s.DefaultDecision))
	}
	if !s.Recurrence.IsZero() {
		errs = append(errs, check.Prefix("settings.recurrence", s.Recurrence.Validate()))
	}
	return errors.Join(errs...)
}
