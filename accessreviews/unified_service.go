package accessreviews

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"

	"github.com/graphkit/governance/accessreviews/internal/core"
	"github.com/graphkit/governance/internal/check"
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

// unifiedPath is a path under /identityGovernance/accessReviews/unified.
func unifiedPath(extra ...odata.Segment) []odata.Segment {
	return under([]odata.Segment{segIG, segAR, segUnified}, extra...)
}

// globalOnly fails with ErrGlobalCloudOnly for a client of a national cloud.
func globalOnly(c *odata.Client) error {
	if cl := c.Cloud(); cl != "" && cl != odata.Global {
		return fmt.Errorf("%w, and the client is set up for %s", ErrGlobalCloudOnly, cl)
	}
	return nil
}

// unifiedDefinitionPath is the path of one unified definition.
func unifiedDefinitionPath(d DefinitionID, extra ...odata.Segment) []odata.Segment {
	return unifiedPath(under([]odata.Segment{odata.Lit("definitions"), odata.GUID("definitionID", string(d))}, extra...)...)
}

// unifiedInstancePath is the path of one instance of a unified definition.
func unifiedInstancePath(d DefinitionID, i InstanceID, extra ...odata.Segment) []odata.Segment {
	return unifiedDefinitionPath(d, under([]odata.Segment{odata.Lit("instances"), odata.GUID("instanceID", string(i))}, extra...)...)
}

// ListDefinitions returns an iterator over the user-centric definitions,
// following @odata.nextLink (100 a page). The service honours $select,
// $top, $skip and $filter.
//
// Graph: GET /identityGovernance/accessReviews/unified/definitions
func (s *UnifiedService) ListDefinitions(ctx context.Context, opts *ListOptions) iter.Seq2[Definition, error] {
	return core.List[Definition](ctx, s.core(), core.Call{Op: "list unified definitions", Path: unifiedPath(odata.Lit("definitions")), Query: opts.query()})
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
	return createDefinition(ctx, s.core(), "create unified definition", unifiedPath(odata.Lit("definitions")), d)
}

// GetDefinition returns one user-centric definition, whole or with the
// properties named with Select.
//
// Graph: GET /identityGovernance/accessReviews/unified/definitions/{id}
func (s *UnifiedService) GetDefinition(ctx context.Context, id DefinitionID, opts ...GetOption) (*Definition, error) {
	return core.Get[Definition](ctx, s.core(), core.Call{Op: "get unified definition", Path: unifiedDefinitionPath(id), Query: getQuery(opts)})
}

// DeleteDefinition deletes a user-centric definition with its instances
// and decisions. It is idempotent, retried like DefinitionsService.Delete:
// a definition already gone is reported as odata.ErrNotFound, except when
// the 404 answers the retry after an ambiguous failure (nil: the first
// attempt deleted it).
//
// Graph: DELETE /identityGovernance/accessReviews/unified/definitions/{id} (204 No Content)
func (s *UnifiedService) DeleteDefinition(ctx context.Context, id DefinitionID) error {
	return core.Do(ctx, s.core(), core.Call{Op: "delete unified definition", Method: http.MethodDelete, Path: unifiedDefinitionPath(id)}, nil)
}

// ListInstances returns an iterator over the instances of a user-centric
// definition.
//
// Graph: GET /identityGovernance/accessReviews/unified/definitions/{id}/instances
func (s *UnifiedService) ListInstances(ctx context.Context, def DefinitionID, opts *ListOptions) iter.Seq2[Instance, error] {
	return core.List[Instance](ctx, s.core(), core.Call{Op: "list unified instances", Path: unifiedDefinitionPath(def, odata.Lit("instances")), Query: opts.query()})
}

// GetInstance returns one instance of a user-centric definition, whole or
// with the properties named with Select.
//
// Graph: GET /identityGovernance/accessReviews/unified/definitions/{id}/instances/{id}
func (s *UnifiedService) GetInstance(ctx context.Context, def DefinitionID, inst InstanceID, opts ...GetOption) (*Instance, error) {
	return core.Get[Instance](ctx, s.core(), core.Call{Op: "get unified instance", Path: unifiedInstancePath(def, inst), Query: getQuery(opts)})
}

// ListDecisions returns an iterator over the decision items of an instance
// of a user-centric definition: one per principal and resource of the
// catalog.
//
// Graph: GET /identityGovernance/accessReviews/unified/definitions/{id}/instances/{id}/decisions
func (s *UnifiedService) ListDecisions(ctx context.Context, def DefinitionID, inst InstanceID, opts *ListOptions) iter.Seq2[DecisionItem, error] {
	return core.List[DecisionItem](ctx, s.core(), core.Call{Op: "list unified decisions", Path: unifiedInstancePath(def, inst, segDecisions), Query: opts.query()})
}

// StopInstance ends an in-progress instance of a user-centric definition,
// as InstancesService.Stop does for the others, and is retried and
// verified the same way.
//
// Graph: POST /identityGovernance/accessReviews/unified/definitions/{id}/instances/{id}/stop
func (s *UnifiedService) StopInstance(ctx context.Context, def DefinitionID, inst InstanceID) error {
	return instanceAction(ctx, s.core(), "stop unified instance", unifiedInstancePath(def, inst), "stop", Status.Finished)
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
	return instanceAction(ctx, s.core(), "apply unified instance decisions", unifiedInstancePath(def, inst), "applyDecisions", applied)
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
	return core.Do(ctx, s.core(), core.Call{
		Op:     "batch apply custom data provided resource decisions",
		Method: http.MethodPost,
		Path:   unifiedPath(odata.Lit("instances"), odata.GUID("instanceID", string(inst)), segBatchApplyCustom),
		Body:   a.body(),
		Class:  odata.RetryConvergent,
		Input:  a.Validate(),
	}, nil)
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
		errs = append(errs, check.Invalid("applyResult", "is required"))
	}
	if a.CustomDataProvidedResourceID == "" {
		errs = append(errs, check.Invalid("customDataProvidedResourceId", "is required"))
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
	cs := s.core()
	cs.Guard = globalOnly
	return core.Do(ctx, cs, core.Call{
		Op:      "batch apply custom data provided resource decisions",
		Method:  http.MethodPost,
		Path:    instancePath(def, inst, segBatchApplyCustom),
		Body:    a.body(),
		Version: odata.Beta,
		Header:  http.Header{"x-accessreviews-version": []string{"vNext"}},
		Class:   odata.RetryConvergent,
		Input:   a.Validate(),
	}, nil)
}
