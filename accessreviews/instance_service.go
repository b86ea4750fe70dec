package accessreviews

import (
	"context"
	"iter"
	"net/http"

	"github.com/graphkit/governance/accessreviews/internal/core"
	"github.com/graphkit/governance/odata"
)

// List returns an iterator over the instances of a definition, following
// @odata.nextLink from page to page (at most 100 instances a page). The
// service honours $filter with eq on status and contains on the scope query,
// $orderby, $select, $top and $skip, and, on a client of the beta API
// (odata.WithAPIVersion(odata.Beta)), $expand=definition:
//
//	opts := &accessreviews.ListOptions{Filter: odata.Eq("status", accessreviews.StatusInProgress)}
//	for inst, err := range client.Instances.List(ctx, defID, opts) { … }
//
//	// the instances of an all-groups review that cover one group
//	odata.Contains("scope/microsoft.graph.accessReviewQueryScope/query", "/groups/"+groupID)
//
// An invalid ID or option makes the iterator yield one error, before any
// request.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances
func (s *InstancesService) List(ctx context.Context, def DefinitionID, opts *ListOptions) iter.Seq2[Instance, error] {
	return core.List[Instance](ctx, s.core(), core.Call{Op: "list instances", Path: instancesPath(def), Query: opts.query()})
}

// ListForCurrentUser returns an iterator over the instances of a definition
// in which the signed-in user reviews at least one decision. Call it with a delegated
// token (odata.WithDeviceCode): its Graph permission table lists
// application permissions too, but an application token has no current
// user, and what the service then returns is undocumented.
// The service pages this list by 100 whatever $top says; the documentation
// recommends a $top of at most 100.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances/filterByCurrentUser(on='reviewer')
func (s *InstancesService) ListForCurrentUser(ctx context.Context, def DefinitionID, opts *ListOptions) iter.Seq2[Instance, error] {
	return core.List[Instance](ctx, s.core(), core.Call{Op: "list instances for current user", Path: instancesPath(def, segFBU), Query: opts.query()})
}

// ListAll returns an iterator over the instances of every definition of
// the tenant (the instances set of accessReviews). This operation is
// beta-only.
//
// Graph: GET /beta/identityGovernance/accessReviews/instances
func (s *InstancesService) ListAll(ctx context.Context, opts *ListOptions) iter.Seq2[Instance, error] {
	return core.List[Instance](ctx, s.core(), core.Call{Op: "list all instances", Path: []odata.Segment{segIG, segAR, segInstanceSet}, Query: opts.query(), Version: odata.Beta})
}

// ListPendingForCurrentUserBeta returns an iterator over the instances in
// progress where the signed-in user is an assigned reviewer, across every
// review (beta /me/pendingAccessReviewInstances):
// what a reviewer's own tool lists first, as step 5 of the self-review
// tutorial does. This operation is beta-only; it honours $top, $skip and
// $expand=definition (Expand: []string{"definition"}). It needs a delegated
// token (odata.WithDeviceCode): Graph supports no application permission for
// it, and when it refuses an application token with 403 the error matches
// odata.ErrDelegatedTokenRequired.
//
// Graph: GET /beta/me/pendingAccessReviewInstances
func (s *InstancesService) ListPendingForCurrentUserBeta(ctx context.Context, opts *ListOptions) iter.Seq2[Instance, error] {
	return core.List[Instance](ctx, s.core(), core.Call{
		Op:            "list pending instances",
		Path:          []odata.Segment{odata.Lit("me"), odata.Lit("pendingAccessReviewInstances")},
		Query:         opts.query(),
		Version:       odata.Beta,
		DelegatedOnly: true,
	})
}

// Get returns one instance, whole or with the properties named with Select.
// On a beta client, Select("delegatedBy") fills Instance.DelegatedBy, which
// the service returns only when asked.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances/{id}
func (s *InstancesService) Get(ctx context.Context, def DefinitionID, inst InstanceID, opts ...GetOption) (*Instance, error) {
	return core.Get[Instance](ctx, s.core(), core.Call{Op: "get instance", Path: instancePath(def, inst), Query: getQuery(opts)})
}

// Update changes the reviewers and fallback reviewers of one instance and
// returns the instance as updated. Only this instance changes: the
// definition and its future instances keep their reviewers (update the
// definition for those). The instance's status must be InProgress, and
// fallback reviewers can be added but never removed: the service refuses
// either with an error (409 Conflict, odata.ErrConflict, for a removal). See
// InstanceUpdate for what is sent; the update is validated before any
// request. A PUT is idempotent, so it is retried like one.
//
//	inst, err := client.Instances.Get(ctx, defID, instID)
//	…
//	u := inst.ForUpdate()
//	u.FallbackReviewers = append(u.FallbackReviewers, scope.User(backupID))
//	inst, err = client.Instances.Update(ctx, defID, instID, u)
//
// Graph: PUT /identityGovernance/accessReviews/definitions/{id}/instances/{id}
func (s *InstancesService) Update(ctx context.Context, def DefinitionID, inst InstanceID, u InstanceUpdate) (*Instance, error) {
	return core.Get[Instance](ctx, s.core(), core.Call{Op: "update instance", Method: http.MethodPut, Path: instancePath(def, inst), Body: u.put(), Input: u.Validate()})
}

// Definition returns the definition an instance belongs to, through the
// instance's definition navigation. This operation is beta-only; in v1.0,
// call DefinitionsService.Get with the definition ID.
//
// Graph: GET /beta/identityGovernance/accessReviews/definitions/{id}/instances/{id}/definition
func (s *InstancesService) Definition(ctx context.Context, def DefinitionID, inst InstanceID) (*Definition, error) {
	return core.Get[Definition](ctx, s.core(), core.Call{Op: "get instance definition", Path: instancePath(def, inst, odata.Lit("definition")), Version: odata.Beta})
}

// Stop ends an in-progress instance before its end date: its status moves
// to Completed, reviewers can no longer record decisions, and decisions are
// applied if the definition auto-applies them. Other instances of the
// definition are not affected; stop the definition to end the series.
//
// Stop is convergent: it is retried where the service certainly did not
// process it (429, 503, 504, errors before sending). After an ambiguous
// failure it is not resent; the instance is fetched instead, and a finished
// status (Status.Finished) counts as success. Otherwise the error matches
// odata.ErrOutcomeUnknown.
//
// Graph: POST /identityGovernance/accessReviews/definitions/{id}/instances/{id}/stop
func (s *InstancesService) Stop(ctx context.Context, def DefinitionID, inst InstanceID) error {
	return instanceAction(ctx, s.core(), "stop instance", instancePath(def, inst), "stop", Status.Finished)
}

// ApplyDecisions applies the decisions of a completed instance (removing
// the access of denied principals) when the definition does not apply them
// by itself (Settings.AutoApplyDecisionsEnabled false). The instance's status
// must be Completed.
//
// ApplyDecisions is convergent, retried like Stop; after an ambiguous
// failure the instance is fetched, and a status of Applying or Applied
// counts as success.
//
// Graph: POST /identityGovernance/accessReviews/definitions/{id}/instances/{id}/applyDecisions
func (s *InstancesService) ApplyDecisions(ctx context.Context, def DefinitionID, inst InstanceID) error {
	applied := func(st Status) bool { return st == StatusApplying || st == StatusApplied }
	return instanceAction(ctx, s.core(), "apply instance decisions", instancePath(def, inst), "applyDecisions", applied)
}

// ResetDecisions sets every decision of an in-progress instance back to
// NotReviewed, whoever recorded it.
//
// ResetDecisions is non-idempotent and is never resent after an ambiguous
// failure: a late second reset would wipe the decisions reviewers recorded
// after the first. It is resent only where the service certainly did not
// process it (429, connection refused); otherwise the error matches
// odata.ErrOutcomeUnknown and carries the client-request-id. List the
// decisions to find out whether the reset happened before calling again.
//
// Graph: POST /identityGovernance/accessReviews/definitions/{id}/instances/{id}/resetDecisions
func (s *InstancesService) ResetDecisions(ctx context.Context, def DefinitionID, inst InstanceID) error {
	return core.Do(ctx, s.core(), core.Call{Op: "reset instance decisions", Method: http.MethodPost, Path: instancePath(def, inst, odata.Lit("resetDecisions")), Class: odata.RetryNonIdempotent}, nil)
}

// SendReminder emails the reviewers of an in-progress instance who still
// have items to review.
//
// SendReminder is non-idempotent: a resend would email everyone twice,
// so it is resent only where the service certainly did not process it
// (429, connection refused), and an ambiguous failure returns an error
// matching odata.ErrOutcomeUnknown.
//
// Graph: POST /identityGovernance/accessReviews/definitions/{id}/instances/{id}/sendReminder
func (s *InstancesService) SendReminder(ctx context.Context, def DefinitionID, inst InstanceID) error {
	return core.Do(ctx, s.core(), core.Call{Op: "send instance reminder", Method: http.MethodPost, Path: instancePath(def, inst, odata.Lit("sendReminder")), Class: odata.RetryNonIdempotent}, nil)
}

// AcceptRecommendations records the service's recommendation as the
// caller's decision on every item the caller reviews that is still
// NotReviewed. It needs delegated authentication by a user who is a
// reviewer of the instance; the service refuses application tokens.
//
// AcceptRecommendations is convergent: a repeat finds no NotReviewed item
// left to decide, so calling it again is safe. It is retried like Stop, but
// nothing cheap shows that it took effect, so an ambiguous failure returns
// an error matching odata.ErrOutcomeUnknown; call it again to be sure.
//
// It needs a delegated token of a reviewer of the instance
// (odata.WithDeviceCode): Graph supports no application permission for it,
// and when it refuses an application token with 403 the error matches
// odata.ErrDelegatedTokenRequired.
//
// Graph: POST /identityGovernance/accessReviews/definitions/{id}/instances/{id}/acceptRecommendations
func (s *InstancesService) AcceptRecommendations(ctx context.Context, def DefinitionID, inst InstanceID) error {
	return core.Do(ctx, s.core(), core.Call{
		Op:            "accept instance recommendations",
		Method:        http.MethodPost,
		Path:          instancePath(def, inst, odata.Lit("acceptRecommendations")),
		Class:         odata.RetryConvergent,
		DelegatedOnly: true, // its permission table lists no application permission
	}, nil)
}

// instanceAction sends the POST of a convergent instance action (name)
// under the instance at inst. After an ambiguous failure the instance is
// fetched, and done decides from its status whether the action took effect.
func instanceAction(ctx context.Context, cs core.Service, op string, inst []odata.Segment, name string, done func(Status) bool) error {
	return core.Do(ctx, cs, core.Call{
		Op:     op,
		Method: http.MethodPost,
		Path:   under(inst, odata.Lit(name)),
		Class:  odata.RetryConvergent,
		Verify: func(ctx context.Context) (bool, error) {
			in, err := core.Get[Instance](ctx, cs, core.Call{Op: "get instance", Path: inst})
			if err != nil {
				return false, err
			}
			return done(in.Status), nil
		},
	}, nil)
}
