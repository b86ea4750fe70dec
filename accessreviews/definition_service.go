package accessreviews

import (
	"context"
	"errors"
	"iter"
	"net/http"

	"github.com/graphkit/governance/accessreviews/internal/core"
	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/odata"
)

// List returns an iterator over the tenant's access review definitions. It
// sends nothing until the loop starts, follows the service's next links,
// and on failure yields one error and stops; invalid options are that error,
// before any request. Listed definitions carry no instances ("instances":
// [] at most).
//
// The service filters definitions by status and by the query of their
// scope, and sorts them by displayName, createdDateTime or status:
//
//	opts := &accessreviews.ListOptions{
//		Filter:  odata.Eq("status", accessreviews.StatusInProgress),
//		OrderBy: []string{"createdDateTime desc"},
//	}
//	// definitions reviewing the members of each group of a review
//	opts = &accessreviews.ListOptions{Filter: odata.Contains("scope/microsoft.graph.accessReviewQueryScope/query", "./members")}
//	// definitions about groups (the form the history documentation uses)
//	opts = &accessreviews.ListOptions{Filter: odata.Contains("scope/query", "/groups")}
//
// Filters on the query of inactive-users and memberships scopes are
// reportedly not supported.
//
// Graph: GET /identityGovernance/accessReviews/definitions
func (s *DefinitionsService) List(ctx context.Context, opts *ListOptions) iter.Seq2[Definition, error] {
	return core.List[Definition](ctx, s.core(), core.Call{Op: "list definitions", Path: definitionsPath(), Query: opts.query()})
}

// ListForCurrentUser returns an iterator over the definitions in which the
// signed-in user reviews at least one instance, with the behaviour of List.
// Call it with a delegated
// token (odata.WithDeviceCode): its Graph permission table lists
// application permissions too, but an application token has no current
// user, and what the service then returns is undocumented.
//
// Graph: GET /identityGovernance/accessReviews/definitions/filterByCurrentUser(on='reviewer')
func (s *DefinitionsService) ListForCurrentUser(ctx context.Context, opts *ListOptions) iter.Seq2[Definition, error] {
	return core.List[Definition](ctx, s.core(), core.Call{Op: "list definitions for current user", Path: definitionsPath(segFBU), Query: opts.query()})
}

// Get fetches one definition, whole, or only the properties named with
// Select. A definition read with Select is partial: do not pass it to
// Update, which replaces the whole definition and would reset every
// property left out.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}
func (s *DefinitionsService) Get(ctx context.Context, id DefinitionID, opts ...GetOption) (*Definition, error) {
	return core.Get[Definition](ctx, s.core(), core.Call{Op: "get definition", Path: definitionPath(id), Query: getQuery(opts)})
}

// Create creates a definition and returns it as the service stored it, with
// its ID. d is validated first ([Definition.Validate]); nothing is sent when
// it is invalid. Create does not call [Definition.Lint]: a warning never
// stops a request, so call Lint yourself to see them. [DefinitionsService]
// says what the request body holds.
//
// A create is not repeated after an ambiguous failure (a timeout or reset
// once the request was sent): the call fails with an error matching
// odata.ErrOutcomeUnknown, and the definition may or may not exist. List
// the definitions and look for its display name before creating it again.
//
// Graph: POST /identityGovernance/accessReviews/definitions (201 Created)
func (s *DefinitionsService) Create(ctx context.Context, d *Definition) (*Definition, error) {
	return createDefinition(ctx, s.core(), "create definition", definitionsPath(), d)
}

// Update replaces the definition id with d. The service's update is a PUT
// of the whole object, so start from Get, change what you need, and pass
// the result:
//
//	def, err := client.Definitions.Get(ctx, id)
//	...
//	def.Settings.ReminderNotificationsEnabled = true
//	err = client.Definitions.Update(ctx, def.ID, def)
//
// [DefinitionsService] says what the request body holds.
//
// d is validated first, and d.ID, when set, must be id. Changes apply to
// future instances only; running instances keep their settings. Update the
// definition through the API version it was read from: a property only
// beta has (such as isAgenticExperienceEnabled), kept from a beta read,
// would be refused by v1.0.
//
// Graph: PUT /identityGovernance/accessReviews/definitions/{id} (204 No Content)
func (s *DefinitionsService) Update(ctx context.Context, id DefinitionID, d *Definition) error {
	const op = "update definition"
	invalid := d.Validate()
	if d != nil && d.ID != "" && d.ID != id {
		invalid = errors.Join(invalid, check.Invalid("id", "the definition's ID %q is not the ID being updated", d.ID))
	}
	call := core.Call{Op: op, Method: http.MethodPut, Path: definitionPath(id), Input: invalid}
	if invalid == nil {
		body, err := d.requestBody(true)
		if err != nil {
			return s.core().Wrap(op, err)
		}
		call.Body = body
	}
	return core.Do(ctx, s.core(), call, nil)
}

// Delete deletes a definition with its instances and decisions. Deleting is
// idempotent, so the call is retried on throttling and unavailability and
// once after an ambiguous failure. A definition already gone is reported as
// odata.ErrNotFound, except when the 404 answers that retry: the first
// attempt deleted it, and Delete returns nil.
//
// Graph: DELETE /identityGovernance/accessReviews/definitions/{id} (204 No Content)
func (s *DefinitionsService) Delete(ctx context.Context, id DefinitionID) error {
	return core.Do(ctx, s.core(), core.Call{Op: "delete definition", Method: http.MethodDelete, Path: definitionPath(id)}, nil)
}

// Stop stops a definition's series: no further instances start. Stopping
// twice ends in the same state, so the call is retried where the service
// certainly did not act (429, 503, 504, errors before sending); after an
// ambiguous failure it reads the definition and succeeds when the series
// has finished, and otherwise fails with an error matching
// odata.ErrOutcomeUnknown.
//
// Graph: POST /identityGovernance/accessReviews/definitions/{id}/stop (204 No Content)
func (s *DefinitionsService) Stop(ctx context.Context, id DefinitionID) error {
	return core.Do(ctx, s.core(), core.Call{
		Op:     "stop definition",
		Method: http.MethodPost,
		Path:   definitionPath(id, odata.Lit("stop")),
		Class:  odata.RetryConvergent,
		Verify: func(ctx context.Context) (bool, error) {
			d, err := s.Get(ctx, id)
			if err != nil {
				return false, err
			}
			return d.Status.Finished(), nil
		},
	}, nil)
}

// createDefinition validates d and posts it to path: the create of
// DefinitionsService and UnifiedService. A create is never resent after an
// ambiguous failure.
func createDefinition(ctx context.Context, cs core.Service, op string, path []odata.Segment, d *Definition) (*Definition, error) {
	call := core.Call{Op: op, Method: http.MethodPost, Path: path, Class: odata.RetryNonIdempotent, Input: d.Validate()}
	if call.Input == nil {
		body, err := d.requestBody(false)
		if err != nil {
			return nil, cs.Wrap(op, err)
		}
		call.Body = body
	}
	return core.Get[Definition](ctx, cs, call)
}

// UpdateBody returns the JSON body DefinitionsService.Update sends for d,
// without validating d or sending anything: every writable property, nil
// lists as [] where the service reads absent and empty alike, the
// recurrence without the zero-filled fields the service echoes, and the
// properties this package does not model, without read-only properties and
// annotations. It is the definition's writable state, which tools that
// compare definitions (package reconcile) start from.
func (d *Definition) UpdateBody() ([]byte, error) {
	if d == nil {
		return nil, check.Invalid("definition", "is required")
	}
	return d.requestBody(true)
}
