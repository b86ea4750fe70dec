package legacy

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"strings"

	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/odata"
)

// The legacy entity sets besides accessReviews. Program and program control
// IDs are taken as opaque keys: the service never documented their shape.
var (
	decisionsRoot    = odata.Lit("accessReviewDecisions")
	templatesRoot    = odata.Lit("businessFlowTemplates")
	programsRoot     = odata.Lit("programs")
	controlsRoot     = odata.Lit("programControls")
	controlTypesRoot = odata.Lit("programControlTypes")
)

// List returns the decisions of every legacy review the caller can see.
//
// This operation is beta-only.
//
// Graph: GET /beta/accessReviewDecisions
//
// Deprecated: use [accessreviews.DecisionsService.List].
func (s *DecisionsService) List(ctx context.Context, opts *ListOptions) iter.Seq2[Decision, error] {
	return list[Decision](ctx, s.core(), "list decisions", opts.query(odata.Filter{}), decisionsRoot)
}

// List returns the business flow templates the tenant was onboarded for.
// ToDefinition reads a template's display name to choose the new scope.
//
// This operation is beta-only.
//
// Graph: GET /beta/businessFlowTemplates
//
// Deprecated: definitions say what they review with a [scope.Scope].
func (s *BusinessFlowTemplatesService) List(ctx context.Context, opts *ListOptions) iter.Seq2[BusinessFlowTemplate, error] {
	return list[BusinessFlowTemplate](ctx, s.core(), "list business flow templates", opts.query(odata.Filter{}), templatesRoot)
}

// List returns the programs.
//
// This operation is beta-only.
//
// Graph: GET /beta/programs
//
// Deprecated: programs have no equivalent in package accessreviews.
func (s *ProgramsService) List(ctx context.Context, opts *ListOptions) iter.Seq2[Program, error] {
	return list[Program](ctx, s.core(), "list programs", opts.query(odata.Filter{}), programsRoot)
}

// Get returns the program id.
//
// This operation is beta-only.
//
// Graph: GET /beta/programs/{id}
//
// Deprecated: programs have no equivalent in package accessreviews.
func (s *ProgramsService) Get(ctx context.Context, id ProgramID) (*Program, error) {
	return get[Program](ctx, s.core(), "get program", programsRoot, odata.Key("id", string(id)))
}

// programBody is the body of a program create: both properties are
// non-nullable, so both are sent.
type programBody struct {
	DisplayName string `json:"displayName"`
	Description string `json:"description"`
}

// Create creates a program named p.DisplayName, described by
// p.Description; both are required.
//
// This operation is beta-only.
//
// Graph: POST /beta/programs
//
// A create is resent only where the service certainly did not process it.
//
// Deprecated: programs have no equivalent in package accessreviews.
func (s *ProgramsService) Create(ctx context.Context, p *Program) (*Program, error) {
	const op = "create program"
	if p == nil {
		return nil, wrap(op, check.Invalid("program", "is required"))
	}
	var errs []error
	if strings.TrimSpace(p.DisplayName) == "" {
		errs = append(errs, check.Invalid("displayName", "is required"))
	}
	if strings.TrimSpace(p.Description) == "" {
		errs = append(errs, check.Invalid("description", "is required"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, wrap(op, err)
	}
	return create[Program](ctx, s.core(), op, programBody{DisplayName: p.DisplayName, Description: p.Description}, programsRoot)
}

// ProgramUpdate holds the properties an update changes; nil fields are left
// as they are.
//
// Deprecated: programs have no equivalent in package accessreviews.
type ProgramUpdate struct {
	// DisplayName renames the program.
	DisplayName *string `json:"displayName,omitzero"`
	// Description replaces the description.
	Description *string `json:"description,omitzero"`
}

// Update changes the properties u sets on program id. An update that
// changes nothing, or blanks a property the schema declares non-nullable,
// is refused before sending.
//
// This operation is beta-only.
//
// Graph: PATCH /beta/programs/{id}
//
// Deprecated: programs have no equivalent in package accessreviews.
func (s *ProgramsService) Update(ctx context.Context, id ProgramID, u ProgramUpdate) error {
	const op = "update program"
	var errs []error
	if u.DisplayName == nil && u.Description == nil {
		errs = append(errs, check.Invalid("program", "the update changes nothing"))
	}
	if u.DisplayName != nil && strings.TrimSpace(*u.DisplayName) == "" {
		errs = append(errs, check.Invalid("displayName", "must not be blank"))
	}
	if u.Description != nil && strings.TrimSpace(*u.Description) == "" {
		errs = append(errs, check.Invalid("description", "must not be blank"))
	}
	if err := errors.Join(errs...); err != nil {
		return wrap(op, err)
	}
	return do(ctx, s.core(), op, http.MethodPatch, odata.RetryDefault, u, nil, programsRoot, odata.Key("id", string(id)))
}

// Delete deletes program id.
//
// This operation is beta-only.
//
// Graph: DELETE /beta/programs/{id}
//
// Deprecated: programs have no equivalent in package accessreviews.
func (s *ProgramsService) Delete(ctx context.Context, id ProgramID) error {
	return do(ctx, s.core(), "delete program", http.MethodDelete, odata.RetryDefault, nil, nil, programsRoot, odata.Key("id", string(id)))
}

// ListControls returns the controls of program id.
//
// This operation is beta-only.
//
// Graph: GET /beta/programs/{id}/controls
//
// Deprecated: programs have no equivalent in package accessreviews.
func (s *ProgramsService) ListControls(ctx context.Context, id ProgramID, opts *ListOptions) iter.Seq2[ProgramControl, error] {
	return list[ProgramControl](ctx, s.core(), "list program controls", opts.query(odata.Filter{}),
		programsRoot, odata.Key("id", string(id)), odata.Lit("controls"))
}

// List returns every program control.
//
// This operation is beta-only.
//
// Graph: GET /beta/programControls
//
// Deprecated: program controls have no equivalent in package accessreviews.
func (s *ProgramControlsService) List(ctx context.Context, opts *ListOptions) iter.Seq2[ProgramControl, error] {
	return list[ProgramControl](ctx, s.core(), "list program controls", opts.query(odata.Filter{}), controlsRoot)
}

// Get returns the program control id.
//
// This operation is beta-only.
//
// Graph: GET /beta/programControls/{id}
//
// Deprecated: program controls have no equivalent in package accessreviews.
func (s *ProgramControlsService) Get(ctx context.Context, id ProgramControlID) (*ProgramControl, error) {
	return get[ProgramControl](ctx, s.core(), "get program control", controlsRoot, odata.Key("id", string(id)))
}

// controlBody is the body of a program control create.
type controlBody struct {
	ControlID     string    `json:"controlId"`
	ControlTypeID string    `json:"controlTypeId"`
	DisplayName   string    `json:"displayName"`
	ProgramID     ProgramID `json:"programId"`
}

// Create links a review to a program: pc names the review (ControlID, a
// GUID), the control type, a display name and the program, all required.
//
// This operation is beta-only.
//
// Graph: POST /beta/programControls
//
// A create is resent only where the service certainly did not process it.
//
// Deprecated: program controls have no equivalent in package accessreviews.
func (s *ProgramControlsService) Create(ctx context.Context, pc *ProgramControl) (*ProgramControl, error) {
	const op = "create program control"
	if pc == nil {
		return nil, wrap(op, check.Invalid("programControl", "is required"))
	}
	var errs []error
	errs = append(errs, check.GUID("controlId", pc.ControlID))
	for _, f := range []struct{ name, v string }{
		{"controlTypeId", pc.ControlTypeID}, {"displayName", pc.DisplayName}, {"programId", string(pc.ProgramID)},
	} {
		if strings.TrimSpace(f.v) == "" {
			errs = append(errs, check.Invalid(f.name, "is required"))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, wrap(op, err)
	}
	body := controlBody{ControlID: pc.ControlID, ControlTypeID: pc.ControlTypeID, DisplayName: pc.DisplayName, ProgramID: pc.ProgramID}
	return create[ProgramControl](ctx, s.core(), op, body, controlsRoot)
}

// Delete deletes the program control id, unlinking its review from the
// program.
//
// This operation is beta-only.
//
// Graph: DELETE /beta/programControls/{id}
//
// Deprecated: program controls have no equivalent in package accessreviews.
func (s *ProgramControlsService) Delete(ctx context.Context, id ProgramControlID) error {
	return do(ctx, s.core(), "delete program control", http.MethodDelete, odata.RetryDefault, nil, nil, controlsRoot, odata.Key("id", string(id)))
}

// List returns the kinds of program controls.
//
// This operation is beta-only.
//
// Graph: GET /beta/programControlTypes
//
// Deprecated: program controls have no equivalent in package accessreviews.
func (s *ProgramControlTypesService) List(ctx context.Context, opts *ListOptions) iter.Seq2[ProgramControlType, error] {
	return list[ProgramControlType](ctx, s.core(), "list program control types", opts.query(odata.Filter{}), controlTypesRoot)
}
