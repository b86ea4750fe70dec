package accessreviews

import (
	"context"
	"iter"
	"net/http"

	"github.com/graphkit/governance/accessreviews/internal/core"
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
	return core.List[Stage](ctx, s.core(), core.Call{Op: "list stages", Path: instancePath(def, inst, segStages), Query: opts.query()})
}

// ListForCurrentUser returns an iterator over the stages of an instance in
// which the signed-in user is a reviewer. Call it with a delegated
// token (odata.WithDeviceCode): its Graph permission table lists
// application permissions too, but an application token has no current
// user, and what the service then returns is undocumented.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances/{id}/stages/filterByCurrentUser(on='reviewer')
func (s *StagesService) ListForCurrentUser(ctx context.Context, def DefinitionID, inst InstanceID, opts *ListOptions) iter.Seq2[Stage, error] {
	return core.List[Stage](ctx, s.core(), core.Call{Op: "list stages for current user", Path: instancePath(def, inst, segStages, segFBU), Query: opts.query()})
}

// Get returns one stage, whole or with the properties named with Select.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances/{id}/stages/{id}
func (s *StagesService) Get(ctx context.Context, def DefinitionID, inst InstanceID, stage StageID, opts ...GetOption) (*Stage, error) {
	return core.Get[Stage](ctx, s.core(), core.Call{Op: "get stage", Path: stagePath(def, inst, stage), Query: getQuery(opts)})
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
	return core.Get[Stage](ctx, s.core(), core.Call{Op: "update stage", Method: http.MethodPatch, Path: stagePath(def, inst, stage), Body: u.patch(), Input: u.Validate()})
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
	return core.Do(ctx, s.core(), core.Call{
		Op:     "stop stage",
		Method: http.MethodPost,
		Path:   stagePath(def, inst, stage, odata.Lit("stop")),
		Class:  odata.RetryConvergent,
		Verify: func(ctx context.Context) (bool, error) {
			st, err := s.Get(ctx, def, inst, stage)
			if err != nil {
				return false, err
			}
			return st.Status.Finished(), nil
		},
	}, nil)
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
	return core.Do(ctx, s.core(), core.Call{
		Op:            "accept stage recommendations",
		Method:        http.MethodPost,
		Path:          stagePath(def, inst, stage, odata.Lit("acceptRecommendations")),
		Class:         odata.RetryConvergent,
		DelegatedOnly: true,
	}, nil)
}
