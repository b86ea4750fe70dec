package accessreviews

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"

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
	path, err := instancesPath(def)
	return s.list(ctx, "list instances", path, err, opts, "", false)
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
	path, err := instancesPath(def, segFBU)
	return s.list(ctx, "list instances for current user", path, err, opts, "", false)
}

// ListAll returns an iterator over the instances of every definition of
// the tenant (the instances set of accessReviews). This operation is
// beta-only.
//
// Graph: GET /beta/identityGovernance/accessReviews/instances
func (s *InstancesService) ListAll(ctx context.Context, opts *ListOptions) iter.Seq2[Instance, error] {
	path, err := odata.JoinPath(segIG, segAR, segInstanceSet)
	return s.list(ctx, "list all instances", path, err, opts, odata.Beta, false)
}

// ListPendingForMe returns an iterator over the instances in progress
// where the signed-in user is an assigned reviewer, across every review:
// what a reviewer's own tool lists first, as step 5 of the self-review
// tutorial does. This operation is beta-only; it honours $top, $skip and
// $expand=definition (Expand: []string{"definition"}). It needs a delegated
// token (odata.WithDeviceCode): Graph supports no application permission for
// it, and when it refuses an application token with 403 the error matches
// odata.ErrDelegatedTokenRequired.
//
// Graph: GET /beta/me/pendingAccessReviewInstances
func (s *InstancesService) ListPendingForMe(ctx context.Context, opts *ListOptions) iter.Seq2[Instance, error] {
	path, err := odata.JoinPath(odata.Lit("me"), odata.Lit("pendingAccessReviewInstances"))
	return s.list(ctx, "list pending instances", path, err, opts, odata.Beta, true)
}

// Get returns one instance, whole or with the properties named with Select.
// On a beta client, Select("delegatedBy") fills Instance.DelegatedBy, which
// the service returns only when asked.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances/{id}
func (s *InstancesService) Get(ctx context.Context, def DefinitionID, inst InstanceID, opts ...GetOption) (*Instance, error) {
	path, err := instancePath(def, inst)
	q, qerr := getQuery(opts)
	if err := errors.Join(err, qerr); err != nil {
		return nil, fmt.Errorf("accessreviews: get instance: %w", err)
	}
	out, err := s.getQ(ctx, path, q)
	if err != nil {
		return nil, fmt.Errorf("accessreviews: get instance: %w", err)
	}
	return out, nil
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
	path, err := instancePath(def, inst)
	if err := errors.Join(err, u.Validate()); err != nil {
		return nil, fmt.Errorf("accessreviews: update instance: %w", err)
	}
	var out Instance
	if err := s.c.Do(ctx, &odata.Request{Method: http.MethodPut, Path: path, Body: u.put()}, &out); err != nil {
		return nil, fmt.Errorf("accessreviews: update instance: %w", err)
	}
	return &out, nil
}

// Definition returns the definition an instance belongs to, through the
// instance's definition navigation. This operation is beta-only; in v1.0,
// call DefinitionsService.Get with the definition ID.
//
// Graph: GET /beta/identityGovernance/accessReviews/definitions/{id}/instances/{id}/definition
func (s *InstancesService) Definition(ctx context.Context, def DefinitionID, inst InstanceID) (*Definition, error) {
	path, err := instancePath(def, inst, odata.Lit("definition"))
	if err != nil {
		return nil, fmt.Errorf("accessreviews: get instance definition: %w", err)
	}
	var out Definition
	if err := s.c.Do(ctx, &odata.Request{Method: http.MethodGet, Path: path, Version: odata.Beta}, &out); err != nil {
		return nil, fmt.Errorf("accessreviews: get instance definition: %w", err)
	}
	return &out, nil
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
	return s.action(ctx, "stop instance", def, inst, "stop", odata.RetryConvergent, Status.Finished, nil, nil)
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
	return s.action(ctx, "apply instance decisions", def, inst, "applyDecisions", odata.RetryConvergent, applied, nil, nil)
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
	return s.action(ctx, "reset instance decisions", def, inst, "resetDecisions", odata.RetryNonIdempotent, nil, nil, nil)
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
	return s.action(ctx, "send instance reminder", def, inst, "sendReminder", odata.RetryNonIdempotent, nil, nil, nil)
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
	return s.action(ctx, "accept instance recommendations", def, inst, "acceptRecommendations", odata.RetryConvergent, nil, nil, nil)
}

// BatchRecord records one decision on many items of an instance in one
// request: the items of a principal, of a resource, of both, or every item
// (see BatchDecision, which is validated before any request). Use it for a
// uniform decision ("approve everything of this resource"); to record a
// different decision on each item, use DecisionsService.RecordMany.
//
// The last writer wins: the decision replaces the earlier decision of every
// matching item, including decisions other reviewers recorded. That makes
// BatchRecord non-idempotent: a late resend could overwrite a decision
// recorded in between, so it is resent only where the service certainly did
// not process the first attempt (429, connection refused). An ambiguous
// failure returns an error matching odata.ErrOutcomeUnknown; list the
// decisions to see what was recorded.
//
// Graph: POST /identityGovernance/accessReviews/definitions/{id}/instances/{id}/batchRecordDecisions
func (s *InstancesService) BatchRecord(ctx context.Context, def DefinitionID, inst InstanceID, b BatchDecision) error {
	return s.action(ctx, "batch record decisions", def, inst, "batchRecordDecisions", odata.RetryNonIdempotent, nil, b.body(), b.Validate())
}

// segInstanceSet is the instances collection segment of the beta
// accessReviews set.
var segInstanceSet = odata.Lit("instances")

// list builds an instance iterator; a path or options problem makes it
// yield one error without sending anything. delegatedOnly marks a list
// that only a signed-in user's token may read.
func (s *InstancesService) list(ctx context.Context, op, path string, pathErr error, opts *ListOptions, v odata.APIVersion, delegatedOnly bool) iter.Seq2[Instance, error] {
	return s.listReq(ctx, op, path, pathErr, opts, &odata.Request{Version: v, DelegatedOnly: delegatedOnly})
}

// listWith builds an instance iterator whose requests carry header.
func (s *InstancesService) listWith(ctx context.Context, op, path string, pathErr error, opts *ListOptions, v odata.APIVersion, header http.Header) iter.Seq2[Instance, error] {
	return s.listReq(ctx, op, path, pathErr, opts, &odata.Request{Version: v, Header: header})
}

// listReq builds an instance iterator from a request template holding the
// version, headers and delegated-only mark.
func (s *InstancesService) listReq(ctx context.Context, op, path string, pathErr error, opts *ListOptions, tmpl *odata.Request) iter.Seq2[Instance, error] {
	return func(yield func(Instance, error) bool) {
		if err := errors.Join(pathErr, opts.validate()); err != nil {
			yield(Instance{}, fmt.Errorf("accessreviews: %s: %w", op, err))
			return
		}
		req := &odata.Request{Method: http.MethodGet, Path: path, Query: opts.query(), Version: tmpl.Version, Header: tmpl.Header, DelegatedOnly: tmpl.DelegatedOnly}
		for item, err := range odata.All[Instance](ctx, s.c, req) {
			if err != nil {
				yield(Instance{}, fmt.Errorf("accessreviews: %s: %w", op, err))
				return
			}
			if !yield(item, nil) {
				return
			}
		}
	}
}

// get fetches one instance by its validated path.
func (s *InstancesService) get(ctx context.Context, path string) (*Instance, error) {
	return s.getQ(ctx, path, nil)
}

// getQ fetches one instance by its validated path with query options.
func (s *InstancesService) getQ(ctx context.Context, path string, q *odata.Query) (*Instance, error) {
	var out Instance
	if err := s.c.Do(ctx, &odata.Request{Method: http.MethodGet, Path: path, Query: q}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// action sends the POST of an instance action. A non-nil done makes the
// call verifiable: after an ambiguous failure, the instance is fetched and
// done decides from its status whether the action took effect. inputErr is
// the validation result of the action's input, reported with any ID
// problem before anything is sent.
func (s *InstancesService) action(ctx context.Context, op string, def DefinitionID, inst InstanceID, name string, class odata.RetryClass, done func(Status) bool, body any, inputErr error) error {
	path, err := instancePath(def, inst, odata.Lit(name))
	if err := errors.Join(err, inputErr); err != nil {
		return fmt.Errorf("accessreviews: %s: %w", op, err)
	}
	req := &odata.Request{Method: http.MethodPost, Path: path, Body: body, Class: class, DelegatedOnly: delegatedOnlyAction(name)}
	if done != nil {
		instPath, _ := instancePath(def, inst) // valid: the action path above is
		req.Verify = func(ctx context.Context) (bool, error) {
			in, err := s.get(ctx, instPath)
			if err != nil {
				return false, err
			}
			return done(in.Status), nil
		}
	}
	if err := s.c.Do(ctx, req, nil); err != nil {
		return fmt.Errorf("accessreviews: %s: %w", op, err)
	}
	return nil
}

// delegatedOnlyAction reports the instance actions whose Graph permission
// table lists no application permission: acceptRecommendations
// (accessreviewinstance-acceptrecommendations). batchRecordDecisions
// lists AccessReview.ReadWrite.All for applications, and the others are
// administrators' actions.
func delegatedOnlyAction(name string) bool { return name == "acceptRecommendations" }
