package accessreviews

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"

	"github.com/graphkit/governance/odata"
)

// ErrGlobalCloudOnly is returned, before anything is sent, by an operation
// the documentation lists for the global service only (the unified route,
// batchApplyCustomDataProvidedResourceDecisions) when the client is set up
// for a national cloud.
var ErrGlobalCloudOnly = errors.New("available in the global cloud only")

// UnifiedService holds the user-centric (catalog-scope) reviews of the
// unified route: "a reviewer evaluates a principal's access to every group
// and application contained in an entitlement management catalog in a
// single review" (unifiedRoot). Their definitions, instances and decisions
// have the shapes of the other services' and are addressed under
// /identityGovernance/accessReviews/unified. Build the scope with
// scope.MembershipsOf(…).In(scope.Catalog(catalogID)) and name reviewers
// such as scope.Manager():
//
//	def, err := client.Unified.CreateDefinition(ctx, &accessreviews.Definition{
//		DisplayName: "Catalog access review",
//		Scope: scope.MembershipsOf(scope.PrincipalsOfType(scope.PrincipalScopeTypeAllUsers)).
//			In(scope.Catalog(catalogID)),
//		Reviewers: []scope.Reviewer{scope.Manager()},
//		Settings:  accessreviews.Settings{…},
//	})
//
// The documentation lists the unified route for the global service only:
// on a client of a national cloud every method fails with
// ErrGlobalCloudOnly before sending.
type UnifiedService struct{ c *odata.Client }

// segUnified is the unified route's segment under accessReviews.
var segUnified = odata.Lit("unified")

// unifiedPath builds a path under /identityGovernance/accessReviews/unified,
// or fails with ErrGlobalCloudOnly on a national cloud.
func (s *UnifiedService) unifiedPath(extra ...odata.Segment) (string, error) {
	if s == nil || s.c == nil {
		return "", errors.New("the client has no transport")
	}
	if err := globalOnly(s.c); err != nil {
		return "", err
	}
	return odata.JoinPath(append([]odata.Segment{segIG, segAR, segUnified}, extra...)...)
}

// globalOnly fails with ErrGlobalCloudOnly for a client of a national cloud.
func globalOnly(c *odata.Client) error {
	if c == nil {
		return nil
	}
	if cl := c.Cloud(); cl != "" && cl != odata.Global {
		return fmt.Errorf("%w, and the client is set up for %s", ErrGlobalCloudOnly, cl)
	}
	return nil
}

// unifiedDefinitionPath is the path of one unified definition.
func (s *UnifiedService) unifiedDefinitionPath(d DefinitionID, extra ...odata.Segment) (string, error) {
	return s.unifiedPath(append([]odata.Segment{odata.Lit("definitions"), odata.GUID("definitionID", string(d))}, extra...)...)
}

// unifiedInstancePath is the path of one instance of a unified definition.
func (s *UnifiedService) unifiedInstancePath(d DefinitionID, i InstanceID, extra ...odata.Segment) (string, error) {
	return s.unifiedDefinitionPath(d, append([]odata.Segment{odata.Lit("instances"), odata.GUID("instanceID", string(i))}, extra...)...)
}

// ListDefinitions returns an iterator over the user-centric definitions,
// following @odata.nextLink (100 a page). The service honours $select,
// $top, $skip and $filter.
//
// Graph: GET /identityGovernance/accessReviews/unified/definitions
func (s *UnifiedService) ListDefinitions(ctx context.Context, opts *ListOptions) iter.Seq2[Definition, error] {
	path, err := s.unifiedPath(odata.Lit("definitions"))
	return (&DefinitionsService{c: s.transport()}).list(ctx, "list unified definitions", path, err, opts)
}

// CreateDefinition creates a user-centric definition and returns it as the
// service stored it. The body is the one DefinitionsService.Create sends,
// validated the same way (Definition.Validate) before anything is sent.
// The service expects the scope to be a principal-resource memberships
// scope whose resource scopes include a catalog (scope.Catalog). Like any
// create it is never resent after an ambiguous failure: list the
// definitions before creating it again.
//
// Graph: POST /identityGovernance/accessReviews/unified/definitions (201 Created)
func (s *UnifiedService) CreateDefinition(ctx context.Context, d *Definition) (*Definition, error) {
	path, err := s.unifiedPath(odata.Lit("definitions"))
	if err = errors.Join(err, d.Validate()); err != nil {
		return nil, fmt.Errorf("accessreviews: create unified definition: %w", err)
	}
	body, err := definitionCreate{d}.MarshalJSON()
	if err != nil {
		return nil, fmt.Errorf("accessreviews: create unified definition: %w", err)
	}
	var out Definition
	req := &odata.Request{Method: http.MethodPost, Path: path, Body: body, Class: odata.RetryNonIdempotent}
	if err := s.c.Do(ctx, req, &out); err != nil {
		return nil, fmt.Errorf("accessreviews: create unified definition: %w", err)
	}
	return &out, nil
}

// GetDefinition returns one user-centric definition, whole or with the
// properties named with Select.
//
// Graph: GET /identityGovernance/accessReviews/unified/definitions/{id}
func (s *UnifiedService) GetDefinition(ctx context.Context, id DefinitionID, opts ...GetOption) (*Definition, error) {
	path, err := s.unifiedDefinitionPath(id)
	q, qerr := getQuery(opts)
	if err := errors.Join(err, qerr); err != nil {
		return nil, fmt.Errorf("accessreviews: get unified definition: %w", err)
	}
	var out Definition
	if err := s.c.Do(ctx, &odata.Request{Method: http.MethodGet, Path: path, Query: q}, &out); err != nil {
		return nil, fmt.Errorf("accessreviews: get unified definition: %w", err)
	}
	return &out, nil
}

// DeleteDefinition deletes a user-centric definition with its instances
// and decisions. It is idempotent, retried like DefinitionsService.Delete;
// a definition already gone is reported as odata.ErrNotFound.
//
// Graph: DELETE /identityGovernance/accessReviews/unified/definitions/{id} (204 No Content)
func (s *UnifiedService) DeleteDefinition(ctx context.Context, id DefinitionID) error {
	path, err := s.unifiedDefinitionPath(id)
	if err != nil {
		return fmt.Errorf("accessreviews: delete unified definition: %w", err)
	}
	if err := s.c.Do(ctx, &odata.Request{Method: http.MethodDelete, Path: path}, nil); err != nil {
		return fmt.Errorf("accessreviews: delete unified definition: %w", err)
	}
	return nil
}

// ListInstances returns an iterator over the instances of a user-centric
// definition.
//
// Graph: GET /identityGovernance/accessReviews/unified/definitions/{id}/instances
func (s *UnifiedService) ListInstances(ctx context.Context, def DefinitionID, opts *ListOptions) iter.Seq2[Instance, error] {
	path, err := s.unifiedDefinitionPath(def, odata.Lit("instances"))
	return (&InstancesService{c: s.transport()}).list(ctx, "list unified instances", path, err, opts, "", false)
}

// GetInstance returns one instance of a user-centric definition, whole or
// with the properties named with Select.
//
// Graph: GET /identityGovernance/accessReviews/unified/definitions/{id}/instances/{id}
func (s *UnifiedService) GetInstance(ctx context.Context, def DefinitionID, inst InstanceID, opts ...GetOption) (*Instance, error) {
	path, err := s.unifiedInstancePath(def, inst)
	q, qerr := getQuery(opts)
	if err := errors.Join(err, qerr); err != nil {
		return nil, fmt.Errorf("accessreviews: get unified instance: %w", err)
	}
	out, err := (&InstancesService{c: s.c}).getQ(ctx, path, q)
	if err != nil {
		return nil, fmt.Errorf("accessreviews: get unified instance: %w", err)
	}
	return out, nil
}

// ListDecisions returns an iterator over the decision items of an instance
// of a user-centric definition: one per principal and resource of the
// catalog.
//
// Graph: GET /identityGovernance/accessReviews/unified/definitions/{id}/instances/{id}/decisions
func (s *UnifiedService) ListDecisions(ctx context.Context, def DefinitionID, inst InstanceID, opts *ListOptions) iter.Seq2[Decision, error] {
	path, err := s.unifiedInstancePath(def, inst, segDecisions)
	return (&DecisionsService{c: s.transport()}).list(ctx, "list unified decisions", path, err, opts, "")
}

// StopInstance ends an in-progress instance of a user-centric definition,
// as InstancesService.Stop does for the others, and is retried and
// verified the same way.
//
// Graph: POST /identityGovernance/accessReviews/unified/definitions/{id}/instances/{id}/stop
func (s *UnifiedService) StopInstance(ctx context.Context, def DefinitionID, inst InstanceID) error {
	return s.action(ctx, "stop unified instance", def, inst, "stop", Status.Finished)
}

// ApplyDecisions applies the decisions of a completed instance of a
// user-centric definition, as InstancesService.ApplyDecisions does for the
// others. Decisions about custom data provided resources are applied by
// the caller in the external system: the instance stays Applying until
// BatchApplyCustomDataProvidedResourceDecisions reports their results.
//
// Graph: POST /identityGovernance/accessReviews/unified/definitions/{id}/instances/{id}/applyDecisions
func (s *UnifiedService) ApplyDecisions(ctx context.Context, def DefinitionID, inst InstanceID) error {
	applied := func(st Status) bool { return st == StatusApplying || st == StatusApplied }
	return s.action(ctx, "apply unified instance decisions", def, inst, "applyDecisions", applied)
}

// BatchApplyCustomDataProvidedResourceDecisions reports, for every item of
// an instance about one custom data provided resource, the result of
// applying its decision in the external system (see CustomDataApply,
// whose required fields are checked before sending). The instance must be
// Applying; the service answers 202 Accepted. Setting the same result
// twice ends in the same state, so it is retried like a convergent action
// (429, 503, 504, errors before sending); an ambiguous failure returns an
// error matching odata.ErrOutcomeUnknown, and calling it again is safe.
//
// Graph: POST /identityGovernance/accessReviews/unified/instances/{id}/batchApplyCustomDataProvidedResourceDecisions (202 Accepted)
func (s *UnifiedService) BatchApplyCustomDataProvidedResourceDecisions(ctx context.Context, inst InstanceID, a CustomDataApply) error {
	path, err := s.unifiedPath(odata.Lit("instances"), odata.GUID("instanceID", string(inst)), segBatchApplyCustom)
	if err := errors.Join(err, a.Validate()); err != nil {
		return fmt.Errorf("accessreviews: batch apply custom data provided resource decisions: %w", err)
	}
	req := &odata.Request{Method: http.MethodPost, Path: path, Body: a.body(), Class: odata.RetryConvergent}
	if err := s.c.Do(ctx, req, nil); err != nil {
		return fmt.Errorf("accessreviews: batch apply custom data provided resource decisions: %w", err)
	}
	return nil
}

// action sends a convergent instance action under the unified route,
// verified by the instance's status after an ambiguous failure.
func (s *UnifiedService) action(ctx context.Context, op string, def DefinitionID, inst InstanceID, name string, done func(Status) bool) error {
	path, err := s.unifiedInstancePath(def, inst, odata.Lit(name))
	if err != nil {
		return fmt.Errorf("accessreviews: %s: %w", op, err)
	}
	instPath, _ := s.unifiedInstancePath(def, inst) // valid: the action path above is
	req := &odata.Request{
		Method: http.MethodPost,
		Path:   path,
		Class:  odata.RetryConvergent,
		Verify: func(ctx context.Context) (bool, error) {
			in, err := (&InstancesService{c: s.c}).get(ctx, instPath)
			if err != nil {
				return false, err
			}
			return done(in.Status), nil
		},
	}
	if err := s.c.Do(ctx, req, nil); err != nil {
		return fmt.Errorf("accessreviews: %s: %w", op, err)
	}
	return nil
}

// transport returns the service's transport; a nil service has none.
func (s *UnifiedService) transport() *odata.Client {
	if s == nil {
		return nil
	}
	return s.c
}

// segBatchApplyCustom is the action segment of
// batchApplyCustomDataProvidedResourceDecisions.
var segBatchApplyCustom = odata.Lit("batchApplyCustomDataProvidedResourceDecisions")

// CustomApplyResult is the applyResult of
// batchApplyCustomDataProvidedResourceDecisions, spelt in camelCase as
// the action documents it (decision items serve the same values in
// PascalCase, see ApplyResult).
type CustomApplyResult string

// The apply results the action documents.
const (
	// CustomApplyNew resets the items to not applied.
	CustomApplyNew CustomApplyResult = "new"
	// CustomApplyAppliedSuccessfully reports the decisions applied.
	CustomApplyAppliedSuccessfully CustomApplyResult = "appliedSuccessfully"
	// CustomApplyAppliedWithUnknownFailure reports a failure to apply.
	CustomApplyAppliedWithUnknownFailure CustomApplyResult = "appliedWithUnknownFailure"
	// CustomApplyAppliedSuccessfullyButObjectNotFound reports the decisions
	// applied where the principal or its access no longer existed.
	CustomApplyAppliedSuccessfullyButObjectNotFound CustomApplyResult = "appliedSuccessfullyButObjectNotFound"
	// CustomApplyApplyNotSupported reports that the external system cannot
	// apply the decisions.
	CustomApplyApplyNotSupported CustomApplyResult = "applyNotSupported"
)

// CustomDataApply is the body of
// batchApplyCustomDataProvidedResourceDecisions: the result of applying, in
// the external system, the decisions about one custom data provided
// resource.
type CustomDataApply struct {
	// ApplyResult is set on every matching item. Required.
	ApplyResult CustomApplyResult
	// ApplyDescription describes the result; optional.
	ApplyDescription string
	// CustomDataProvidedResourceID selects the items whose custom data
	// provided resource has this ID. Required.
	CustomDataProvidedResourceID string
}

// Validate reports what the action documents as required and is missing:
// applyResult and customDataProvidedResourceId. Values are sent as given:
// the enumeration is evolvable, so a value this package does not list is
// the service's to judge.
func (a CustomDataApply) Validate() error {
	var errs []error
	if a.ApplyResult == "" {
		errs = append(errs, odata.Invalid("applyResult", "is required"))
	}
	if a.CustomDataProvidedResourceID == "" {
		errs = append(errs, odata.Invalid("customDataProvidedResourceId", "is required"))
	}
	return errors.Join(errs...)
}

// customApplyBody is the wire form of a CustomDataApply.
type customApplyBody struct {
	ApplyResult                  CustomApplyResult `json:"applyResult"`
	ApplyDescription             string            `json:"applyDescription,omitzero"`
	CustomDataProvidedResourceID string            `json:"customDataProvidedResourceId"`
}

// body projects a onto the wire.
func (a CustomDataApply) body() customApplyBody { return customApplyBody(a) }

// BatchApplyCustomDataProvidedResourceDecisions is the beta form of
// UnifiedService.BatchApplyCustomDataProvidedResourceDecisions, addressed
// by definition and instance: it is sent to the beta API with the header
// x-accessreviews-version: vNext that the beta page requires, whatever the
// client's version. Global cloud only (ErrGlobalCloudOnly).
//
// Graph: POST /beta/identityGovernance/accessReviews/definitions/{id}/instances/{id}/batchApplyCustomDataProvidedResourceDecisions (202 Accepted)
func (s *InstancesService) BatchApplyCustomDataProvidedResourceDecisions(ctx context.Context, def DefinitionID, inst InstanceID, a CustomDataApply) error {
	const op = "batch apply custom data provided resource decisions"
	path, err := instancePath(def, inst, segBatchApplyCustom)
	if err := errors.Join(globalOnly(s.c), err, a.Validate()); err != nil {
		return fmt.Errorf("accessreviews: %s: %w", op, err)
	}
	req := &odata.Request{
		Method: http.MethodPost, Path: path, Body: a.body(), Version: odata.Beta,
		Header: http.Header{"x-accessreviews-version": []string{"vNext"}},
		Class:  odata.RetryConvergent,
	}
	if err := s.c.Do(ctx, req, nil); err != nil {
		return fmt.Errorf("accessreviews: %s: %w", op, err)
	}
	return nil
}
