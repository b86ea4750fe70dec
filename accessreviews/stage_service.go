package accessreviews

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"

	"github.com/graphkit/governance/odata"
)

// List returns an iterator over the stages of a multi-stage instance,
// following @odata.nextLink from page to page. The service creates a stage
// when the one before it ends, so a running instance lists the stages so
// far. It honours $filter with eq on status, $orderby and $select:
//
//	opts := &accessreviews.ListOptions{Filter: odata.Eq("status", accessreviews.StatusInProgress)}
//	for st, err := range client.Stages.List(ctx, defID, instID, opts) { … }
//
// An invalid ID or option makes the iterator yield one error, before any
// request.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances/{id}/stages
func (s *StagesService) List(ctx context.Context, def DefinitionID, inst InstanceID, opts *ListOptions) iter.Seq2[Stage, error] {
	path, err := instancePath(def, inst, segStages)
	return s.list(ctx, "list stages", path, err, opts)
}

// ListForCurrentUser returns an iterator over the stages of an instance in
// which the signed-in user is a reviewer. Call it with a delegated
// token (odata.WithDeviceCode): its Graph permission table lists
// application permissions too, but an application token has no current
// user, and what the service then returns is undocumented.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances/{id}/stages/filterByCurrentUser(on='reviewer')
func (s *StagesService) ListForCurrentUser(ctx context.Context, def DefinitionID, inst InstanceID, opts *ListOptions) iter.Seq2[Stage, error] {
	path, err := instancePath(def, inst, segStages, segFBU)
	return s.list(ctx, "list stages for current user", path, err, opts)
}

// Get returns one stage, whole or with the properties named with Select.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances/{id}/stages/{id}
func (s *StagesService) Get(ctx context.Context, def DefinitionID, inst InstanceID, stage StageID, opts ...GetOption) (*Stage, error) {
	path, err := stagePath(def, inst, stage)
	q, qerr := getQuery(opts)
	if err := errors.Join(err, qerr); err != nil {
		return nil, fmt.Errorf("accessreviews: get stage: %w", err)
	}
	out, err := s.getQ(ctx, path, q)
	if err != nil {
		return nil, fmt.Errorf("accessreviews: get stage: %w", err)
	}
	return out, nil
}

// Update changes the reviewers or fallback reviewers of one stage and
// returns the stage as updated. Only what the StageUpdate sets is sent (see
// StageUpdate); it is validated before any request. Only this stage
// changes, not the instance or later stages. The stage's status must be
// NotStarted, Initializing or InProgress, and removing a fallback reviewer
// fails with 409 Conflict (odata.ErrConflict). A PATCH that sets lists is
// idempotent, so it is retried like one.
//
// Graph: PATCH /identityGovernance/accessReviews/definitions/{id}/instances/{id}/stages/{id}
func (s *StagesService) Update(ctx context.Context, def DefinitionID, inst InstanceID, stage StageID, u StageUpdate) (*Stage, error) {
	path, err := stagePath(def, inst, stage)
	if err := errors.Join(err, u.Validate()); err != nil {
		return nil, fmt.Errorf("accessreviews: update stage: %w", err)
	}
	var out Stage
	if err := s.c.Do(ctx, &odata.Request{Method: http.MethodPatch, Path: path, Body: u.patch()}, &out); err != nil {
		return nil, fmt.Errorf("accessreviews: update stage: %w", err)
	}
	return &out, nil
}

// Stop ends an in-progress stage: its status moves to Completed and the
// service creates the next stage, if any, which starts with the decisions
// that move on to it.
//
// Stop is convergent: it is retried where the service certainly did not
// process it (429, 503, 504, errors before sending). After an ambiguous
// failure it is not resent; the stage is fetched instead, and a finished
// status (Status.Finished) counts as success. Otherwise the error matches
// odata.ErrOutcomeUnknown.
//
// Graph: POST /identityGovernance/accessReviews/definitions/{id}/instances/{id}/stages/{id}/stop
func (s *StagesService) Stop(ctx context.Context, def DefinitionID, inst InstanceID, stage StageID) error {
	path, err := stagePath(def, inst, stage, odata.Lit("stop"))
	if err != nil {
		return fmt.Errorf("accessreviews: stop stage: %w", err)
	}
	stPath, _ := stagePath(def, inst, stage) // valid: the stop path above is
	req := &odata.Request{
		Method: http.MethodPost,
		Path:   path,
		Class:  odata.RetryConvergent,
		Verify: func(ctx context.Context) (bool, error) {
			st, err := s.get(ctx, stPath)
			if err != nil {
				return false, err
			}
			return st.Status.Finished(), nil
		},
	}
	if err := s.c.Do(ctx, req, nil); err != nil {
		return fmt.Errorf("accessreviews: stop stage: %w", err)
	}
	return nil
}

// AcceptRecommendations records the service's recommendation as the
// caller's decision on every item of one stage that the caller reviews and
// that is still NotReviewed. Unlike InstancesService.AcceptRecommendations,
// which acts across the whole instance, it touches this stage only.
//
// It needs a delegated token of a reviewer of the stage
// (odata.WithDeviceCode): Graph supports no application permission for it,
// and when it refuses an application token with 403 the error matches
// odata.ErrDelegatedTokenRequired.
//
// AcceptRecommendations is convergent: a repeat finds no NotReviewed item
// of the caller's left to decide. It is retried where the service certainly
// did not process it (429, 503, 504, errors before sending); an ambiguous
// failure returns an error matching odata.ErrOutcomeUnknown, and calling it
// again is safe.
//
// Graph: POST /identityGovernance/accessReviews/definitions/{id}/instances/{id}/stages/{id}/acceptRecommendations
func (s *StagesService) AcceptRecommendations(ctx context.Context, def DefinitionID, inst InstanceID, stage StageID) error {
	path, err := stagePath(def, inst, stage, odata.Lit("acceptRecommendations"))
	if err != nil {
		return fmt.Errorf("accessreviews: accept stage recommendations: %w", err)
	}
	req := &odata.Request{Method: http.MethodPost, Path: path, Class: odata.RetryConvergent, DelegatedOnly: true}
	if err := s.c.Do(ctx, req, nil); err != nil {
		return fmt.Errorf("accessreviews: accept stage recommendations: %w", err)
	}
	return nil
}

// BatchRecord records one decision on many items of one stage in one
// request: the items of a principal, of a resource, of both, or every item
// of the stage (see BatchDecision, validated before any request). It is
// InstancesService.BatchRecord for one stage of a multi-stage review.
//
// The last writer wins, so it is non-idempotent: it is resent only where
// the service certainly did not process the first attempt (429, connection
// refused), and an ambiguous failure returns an error matching
// odata.ErrOutcomeUnknown; list the stage's decisions to see what was
// recorded.
//
// Graph: POST /identityGovernance/accessReviews/definitions/{id}/instances/{id}/stages/{id}/batchRecordDecisions
func (s *StagesService) BatchRecord(ctx context.Context, def DefinitionID, inst InstanceID, stage StageID, b BatchDecision) error {
	path, err := stagePath(def, inst, stage, odata.Lit("batchRecordDecisions"))
	if err := errors.Join(err, b.Validate()); err != nil {
		return fmt.Errorf("accessreviews: batch record stage decisions: %w", err)
	}
	req := &odata.Request{Method: http.MethodPost, Path: path, Body: b.body(), Class: odata.RetryNonIdempotent}
	if err := s.c.Do(ctx, req, nil); err != nil {
		return fmt.Errorf("accessreviews: batch record stage decisions: %w", err)
	}
	return nil
}

// segStages is the stages collection segment of an instance.
var segStages = odata.Lit("stages")

// list builds a stage iterator; a path or options problem makes it yield
// one error without sending anything.
func (s *StagesService) list(ctx context.Context, op, path string, pathErr error, opts *ListOptions) iter.Seq2[Stage, error] {
	return func(yield func(Stage, error) bool) {
		if err := errors.Join(pathErr, opts.validate()); err != nil {
			yield(Stage{}, fmt.Errorf("accessreviews: %s: %w", op, err))
			return
		}
		req := &odata.Request{Method: http.MethodGet, Path: path, Query: opts.query()}
		for item, err := range odata.All[Stage](ctx, s.c, req) {
			if err != nil {
				yield(Stage{}, fmt.Errorf("accessreviews: %s: %w", op, err))
				return
			}
			if !yield(item, nil) {
				return
			}
		}
	}
}

// get fetches one stage by its validated path.
func (s *StagesService) get(ctx context.Context, path string) (*Stage, error) {
	return s.getQ(ctx, path, nil)
}

// getQ fetches one stage by its validated path with query options.
func (s *StagesService) getQ(ctx context.Context, path string, q *odata.Query) (*Stage, error) {
	var out Stage
	if err := s.c.Do(ctx, &odata.Request{Method: http.MethodGet, Path: path, Query: q}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
