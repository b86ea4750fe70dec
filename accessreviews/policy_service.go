package accessreviews

import (
	"context"
	"errors"
	"fmt"
	"net/http"

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
	const op = "get policy"
	if err := s.check(); err != nil {
		return nil, policyErr(op, err)
	}
	path, err := odata.JoinPath(policyPath)
	if err != nil {
		return nil, policyErr(op, err)
	}
	var out Policy
	if err := s.c.Do(ctx, &odata.Request{Method: http.MethodGet, Path: path, Version: odata.Beta}, &out); err != nil {
		return nil, policyErr(op, err)
	}
	return &out, nil
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
	const op = "update policy"
	if err := s.check(); err != nil {
		return policyErr(op, err)
	}
	if u.IsGroupOwnerManagementEnabled == nil {
		return policyErr(op, odata.Invalid("isGroupOwnerManagementEnabled", "is required: it is the only property of the policy that can be changed"))
	}
	path, err := odata.JoinPath(policyPath)
	if err != nil {
		return policyErr(op, err)
	}
	enabled := *u.IsGroupOwnerManagementEnabled // copied: the body must not change under a retry
	body := policyPatchBody{IsGroupOwnerManagementEnabled: &enabled}
	req := &odata.Request{Method: http.MethodPatch, Path: path, Body: body, Version: odata.Beta}
	if err := s.c.Do(ctx, req, nil); err != nil {
		return policyErr(op, err)
	}
	return nil
}

// GetDirectoryRolePolicy returns the tenant's default settings for reviews
// of directory roles.
//
// This operation is beta-only.
//
// Graph: GET /beta/policies/directoryRoleAccessReviewPolicy
func (s *PolicyService) GetDirectoryRolePolicy(ctx context.Context) (*DirectoryRolePolicy, error) {
	const op = "get directory role policy"
	if err := s.check(); err != nil {
		return nil, policyErr(op, err)
	}
	path, err := odata.JoinPath(directoryRolePolicyPath)
	if err != nil {
		return nil, policyErr(op, err)
	}
	var out DirectoryRolePolicy
	if err := s.c.Do(ctx, &odata.Request{Method: http.MethodGet, Path: path, Version: odata.Beta}, &out); err != nil {
		return nil, policyErr(op, err)
	}
	return &out, nil
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
	const op = "update directory role policy"
	if err := s.check(); err != nil {
		return policyErr(op, err)
	}
	if err := validateDirectoryRoleSettings(&settings); err != nil {
		return policyErr(op, err)
	}
	path, err := odata.JoinPath(directoryRolePolicyPath)
	if err != nil {
		return policyErr(op, err)
	}
	if settings.DefaultDecision == DefaultNone {
		settings.DefaultDecision = "" // the service's echo for "none configured" is not a value to send
	}
	req := &odata.Request{Method: http.MethodPatch, Path: path, Version: odata.Beta,
		Body: directoryRolePolicyPatchBody{Settings: settings}}
	if err := s.c.Do(ctx, req, nil); err != nil {
		return policyErr(op, err)
	}
	return nil
}

// validateDirectoryRoleSettings checks what the policy's settings can be
// checked for without a definition around them, named under "settings".
func validateDirectoryRoleSettings(s *Settings) error {
	if s.IsZero() {
		return odata.Invalid("settings", "is required: empty settings would switch every setting off")
	}
	var errs []error
	if s.DefaultDecisionEnabled && !s.DefaultDecision.Known() {
		errs = append(errs, odata.Invalid("settings.defaultDecision",
			"must be Approve, Deny or Recommendation when defaultDecisionEnabled is set, got %q", s.DefaultDecision))
	}
	if !s.Recurrence.IsZero() {
		errs = append(errs, odata.Prefix("settings.recurrence", s.Recurrence.Validate()))
	}
	return errors.Join(errs...)
}

// check reports a Client built on a nil odata.Client, which New allows.
func (s *PolicyService) check() error {
	if s == nil || s.c == nil {
		return errors.New("client has no transport (accessreviews.New was given a nil *odata.Client)")
	}
	return nil
}

// policyErr wraps err with the package and operation, keeping it reachable
// with errors.Is and errors.As.
func policyErr(op string, err error) error {
	return fmt.Errorf("accessreviews: %s: %w", op, err)
}
