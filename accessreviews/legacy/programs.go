package legacy

import (
	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
)

// BusinessFlowTemplate is a kind of legacy review the tenant was onboarded
// for (microsoft.graph.businessFlowTemplate): app assignments, group
// memberships, Entra role memberships, guest memberships of a group, guest
// app assignments. Its ID goes into AccessReview.BusinessFlowTemplateID;
// ToDefinition reads its DisplayName to choose the new scope.
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Definitions say what they review with a [scope.Scope] in
// [accessreviews.Definition.Scope].
type BusinessFlowTemplate struct {
	// ID identifies the template; it is case-sensitive.
	ID string `json:"id,omitzero"`
	// DisplayName names the template.
	DisplayName string `json:"displayName,omitzero"`
}

// ProgramID identifies a program.
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Programs have no equivalent in package accessreviews.
type ProgramID string

// ProgramControlID identifies a program control.
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Program controls have no equivalent in package accessreviews.
type ProgramControlID string

// Program groups legacy reviews, through program controls
// (microsoft.graph.program).
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Programs have no equivalent in package accessreviews: name
// definitions consistently ([accessreviews.Definition.DisplayName]) to
// group them.
type Program struct {
	// ID identifies the program. Read-only.
	ID ProgramID `json:"id,omitzero"`
	// DisplayName names the program. Required.
	DisplayName string `json:"displayName,omitzero"`
	// Description describes the program. Required by the schema
	// (non-nullable).
	Description string `json:"description,omitzero"`
	// Controls are the program's controls when expanded. Read-only.
	Controls []ProgramControl `json:"controls,omitzero"`
}

// ProgramControl links a legacy review to a program
// (microsoft.graph.programControl).
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Program controls have no equivalent in package accessreviews.
type ProgramControl struct {
	// ID identifies the control. Read-only.
	ID ProgramControlID `json:"id,omitzero"`
	// ControlID is the ID of the linked review. Required.
	ControlID string `json:"controlId,omitzero"`
	// ControlTypeID is the ProgramControlType of the control. Required.
	ControlTypeID string `json:"controlTypeId,omitzero"`
	// CreatedDateTime is when the control was created. Read-only.
	CreatedDateTime odata.DateTime `json:"createdDateTime,omitzero"`
	// DisplayName names the control. Required.
	DisplayName string `json:"displayName,omitzero"`
	// Owner is who owns the control. Read-only.
	Owner accessreviews.UserIdentity `json:"owner,omitzero"`
	// ProgramID is the program the control belongs to. Required.
	ProgramID ProgramID `json:"programId,omitzero"`
	// Resource is what the control governs. Read-only.
	Resource ProgramResource `json:"resource,omitzero"`
	// Status is the control's state. Read-only.
	Status string `json:"status,omitzero"`
	// Program is the control's program when expanded. Read-only.
	Program *Program `json:"program,omitzero"`
}

// ProgramResource is the resource a program control governs
// (microsoft.graph.programResource, an identity).
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Program controls have no equivalent in package accessreviews.
type ProgramResource struct {
	// ID is the resource's ID.
	ID string `json:"id,omitzero"`
	// DisplayName is the resource's name.
	DisplayName string `json:"displayName,omitzero"`
	// Type is the resource's type.
	Type string `json:"type,omitzero"`
}

// ProgramControlType is a kind of program control
// (microsoft.graph.programControlType).
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Program controls have no equivalent in package accessreviews.
type ProgramControlType struct {
	// ID identifies the control type.
	ID string `json:"id,omitzero"`
	// ControlTypeGroupID is the group of control types it belongs to.
	ControlTypeGroupID string `json:"controlTypeGroupId,omitzero"`
	// DisplayName names the control type.
	DisplayName string `json:"displayName,omitzero"`
}
