package accessreviews

import (
	"encoding/json/jsontext"
	"encoding/json/v2"
	"strings"

	"github.com/graphkit/governance/internal/poly"
)

// Resource is what a decision item grants access to: a group, an
// application, a role, an access package… The service says which through
// "@odata.type"; every implementation carries the ID and display name of the
// resource. The interface is sealed: only the …Resource types of this
// package implement it, UnknownResource included.
type Resource interface {
	isResource()
}

// ResourceType is the "type" property of a decision item resource: what
// kind of object it is, independently of its "@odata.type".
type ResourceType string

// The documented resource kinds.
const (
	ResourceGroup                         ResourceType = "Group"
	ResourceServicePrincipal              ResourceType = "ServicePrincipal"
	ResourceDirectoryRole                 ResourceType = "DirectoryRole"
	ResourceAzureRole                     ResourceType = "AzureRole"
	ResourceAccessPackageAssignmentPolicy ResourceType = "AccessPackageAssignmentPolicy"
)

// The @odata.type names of the resource types, as this package writes them.
const (
	typeResourceBase    = "#microsoft.graph.accessReviewInstanceDecisionItemResource"
	typeResourcePolicy  = "#microsoft.graph.accessReviewInstanceDecisionItemAccessPackageAssignmentPolicyResource"
	typeResourceAzure   = "#microsoft.graph.accessReviewInstanceDecisionItemAzureRoleResource"
	typeResourceSP      = "#microsoft.graph.accessReviewInstanceDecisionItemServicePrincipalResource"
	typeResourcePackage = "#microsoft.graph.accessReviewInstanceDecisionItemAccessPackageResource"
	typeResourceCustom  = "#microsoft.graph.accessReviewInstanceDecisionItemCustomDataProvidedResource"
	typeTargetUser      = "#microsoft.graph.accessReviewInstanceDecisionItemUserTarget"
	typeTargetPrincipal = "#microsoft.graph.accessReviewInstanceDecisionItemServicePrincipalTarget"
)

// maxQuotedType bounds a type name quoted in an error message.
const maxQuotedType = 120

// BaseResource is a resource of the base type, which the service uses for
// groups and directory roles (a resource without "@odata.type" is one too).
type BaseResource struct {
	// Type writes "@odata.type" first when the value is encoded; leave it zero; leave it zero.
	Type poly.Type[BaseResource] `json:"@odata.type"`
	// ID is the resource's object ID.
	ID string `json:"id,omitzero"`
	// DisplayName is the resource's display name.
	DisplayName string `json:"displayName,omitzero"`
	// ResourceType is the kind of resource (the "type" property).
	ResourceType ResourceType `json:"type,omitzero"`
	// Description describes the resource (beta).
	Description string `json:"description,omitzero"`
}

// AccessPackageAssignmentPolicyResource is an access package assignment
// policy under review.
type AccessPackageAssignmentPolicyResource struct {
	// Type writes "@odata.type" first when the value is encoded; leave it zero.
	Type                     poly.Type[AccessPackageAssignmentPolicyResource] `json:"@odata.type"`
	ID                       string                                           `json:"id,omitzero"`
	DisplayName              string                                           `json:"displayName,omitzero"`
	ResourceType             ResourceType                                     `json:"type,omitzero"`
	Description              string                                           `json:"description,omitzero"`
	AccessPackageDisplayName string                                           `json:"accessPackageDisplayName,omitzero"`
	AccessPackageID          string                                           `json:"accessPackageId,omitzero"`
}

// AzureRoleResource is an Azure role under review, with the resource the
// role is scoped to.
type AzureRoleResource struct {
	// Type writes "@odata.type" first when the value is encoded; leave it zero.
	Type         poly.Type[AzureRoleResource] `json:"@odata.type"`
	ID           string                       `json:"id,omitzero"`
	DisplayName  string                       `json:"displayName,omitzero"`
	ResourceType ResourceType                 `json:"type,omitzero"`
	Description  string                       `json:"description,omitzero"`
	// Scope is the resource the role assignment applies to.
	Scope ResourceValue `json:"scope,omitzero"`
}

// ServicePrincipalResource is an application under review, with the app
// role assigned (the app role fields are beta and newer v1.0).
type ServicePrincipalResource struct {
	// Type writes "@odata.type" first when the value is encoded; leave it zero.
	Type               poly.Type[ServicePrincipalResource] `json:"@odata.type"`
	ID                 string                              `json:"id,omitzero"`
	DisplayName        string                              `json:"displayName,omitzero"`
	ResourceType       ResourceType                        `json:"type,omitzero"`
	Description        string                              `json:"description,omitzero"`
	AppID              string                              `json:"appId,omitzero"`
	AppRoleDisplayName string                              `json:"appRoleDisplayName,omitzero"`
	AppRoleID          string                              `json:"appRoleId,omitzero"`
}

// AccessPackageResource is an access package under review (beta and newer
// v1.0), with the assignment policy involved.
type AccessPackageResource struct {
	// Type writes "@odata.type" first when the value is encoded; leave it zero.
	Type                                     poly.Type[AccessPackageResource] `json:"@odata.type"`
	ID                                       string                           `json:"id,omitzero"`
	DisplayName                              string                           `json:"displayName,omitzero"`
	ResourceType                             ResourceType                     `json:"type,omitzero"`
	Description                              string                           `json:"description,omitzero"`
	AccessPackageAssignmentPolicyDisplayName string                           `json:"accessPackageAssignmentPolicyDisplayName,omitzero"`
	AccessPackageAssignmentPolicyID          string                           `json:"accessPackageAssignmentPolicyId,omitzero"`
}

// CustomDataProvidedResource is a resource whose data a custom provider
// supplied (beta and newer v1.0).
type CustomDataProvidedResource struct {
	// Type writes "@odata.type" first when the value is encoded; leave it zero.
	Type             poly.Type[CustomDataProvidedResource] `json:"@odata.type"`
	ID               string                                `json:"id,omitzero"`
	DisplayName      string                                `json:"displayName,omitzero"`
	ResourceType     ResourceType                          `json:"type,omitzero"`
	Description      string                                `json:"description,omitzero"`
	CustomData       string                                `json:"customData,omitzero"`
	ScopeID          string                                `json:"scopeId,omitzero"`
	ScopeDisplayName string                                `json:"scopeDisplayName,omitzero"`
}

// UnknownResource is a resource whose "@odata.type" this package does not
// know. Its ID, display name and kind are decoded, since every resource type
// has them; Raw keeps the object as received and is what it encodes to.
type UnknownResource struct {
	ID           string       `json:"-"`
	DisplayName  string       `json:"-"`
	ResourceType ResourceType `json:"-"`
	// Raw is the JSON object, type property included.
	Raw jsontext.Value `json:",embed"`
}

// Type returns the resource's "@odata.type".
func (u UnknownResource) Type() string {
	typ, _ := poly.TypeOf(u.Raw)
	return typ
}

func (BaseResource) isResource()                          {}
func (AccessPackageAssignmentPolicyResource) isResource() {}
func (AzureRoleResource) isResource()                     {}
func (ServicePrincipalResource) isResource()              {}
func (AccessPackageResource) isResource()                 {}
func (CustomDataProvidedResource) isResource()            {}
func (UnknownResource) isResource()                       {}

// ResourceValue holds a Resource in a model field, as [IdentityValue]
// holds an identity: its one field, Value, is the [Resource], nil when the
// property was absent or null, which the service returns for many items.
// A resource without "@odata.type" is a [BaseResource].
type ResourceValue = poly.Union[Resource, resourceSet]

// resourceKinds are the resource types by "@odata.type".
var resourceKinds = poly.NewKinds("resource", func(_ string, raw jsontext.Value) (Resource, error) {
	var common struct {
		ID           string       `json:"id"`
		DisplayName  string       `json:"displayName"`
		ResourceType ResourceType `json:"type"`
	}
	if err := json.Unmarshal(raw, &common); err != nil {
		return nil, err
	}
	return UnknownResource{ID: common.ID, DisplayName: common.DisplayName, ResourceType: common.ResourceType, Raw: raw}, nil
})

// resourceSet names resourceKinds as the set of a ResourceValue.
type resourceSet struct{}

// Kinds returns the resource types.
func (resourceSet) Kinds() *poly.Kinds[Resource] { return resourceKinds }

// targetKinds are the target types by "@odata.type".
var targetKinds = poly.NewKinds("target", func(_ string, raw jsontext.Value) (Target, error) {
	return UnknownTarget{Raw: raw}, nil
})

// targetSet names targetKinds as the set of a TargetValue.
type targetSet struct{}

// Kinds returns the target types.
func (targetSet) Kinds() *poly.Kinds[Target] { return targetKinds }

func init() {
	poly.AddUntyped[BaseResource](resourceKinds)
	poly.AddKind[BaseResource](resourceKinds, typeResourceBase)
	poly.AddKind[AccessPackageAssignmentPolicyResource](resourceKinds, typeResourcePolicy)
	poly.AddKind[AzureRoleResource](resourceKinds, typeResourceAzure)
	poly.AddKind[ServicePrincipalResource](resourceKinds, typeResourceSP)
	poly.AddKind[AccessPackageResource](resourceKinds, typeResourcePackage)
	poly.AddKind[CustomDataProvidedResource](resourceKinds, typeResourceCustom)
	poly.AddKind[UserTarget](targetKinds, typeTargetUser)
	poly.AddKind[ServicePrincipalTarget](targetKinds, typeTargetPrincipal)
}

// Target is the deprecated beta description of who a decision item is
// about, replaced by the principal and resource but still returned by beta
// (and shown in v1.0 examples). The interface is sealed: UserTarget,
// ServicePrincipalTarget and UnknownTarget implement it.
type Target interface {
	isTarget()
}

// UserTarget is a user a decision item is about (beta).
type UserTarget struct {
	// Type writes "@odata.type" first when the value is encoded; leave it zero.
	Type              poly.Type[UserTarget] `json:"@odata.type"`
	UserID            string                `json:"userId,omitzero"`
	UserDisplayName   string                `json:"userDisplayName,omitzero"`
	UserPrincipalName string                `json:"userPrincipalName,omitzero"`
}

// ServicePrincipalTarget is an application a decision item is about (beta).
type ServicePrincipalTarget struct {
	// Type writes "@odata.type" first when the value is encoded; leave it zero.
	Type                        poly.Type[ServicePrincipalTarget] `json:"@odata.type"`
	ServicePrincipalID          string                            `json:"servicePrincipalId,omitzero"`
	ServicePrincipalDisplayName string                            `json:"servicePrincipalDisplayName,omitzero"`
	AppID                       string                            `json:"appId,omitzero"`
}

// UnknownTarget is a target whose "@odata.type" this package does not know,
// kept as received.
type UnknownTarget struct {
	// Raw is the JSON object, type property included.
	Raw jsontext.Value `json:",embed"`
}

// Type returns the target's "@odata.type", or "" when it has none.
func (u UnknownTarget) Type() string {
	typ, _ := poly.TypeOf(u.Raw)
	return typ
}

func (UserTarget) isTarget()             {}
func (ServicePrincipalTarget) isTarget() {}
func (UnknownTarget) isTarget()          {}

// TargetValue holds a Target in a model field, as [IdentityValue] holds
// an identity: its one field, Value, is the [Target], nil when the
// property was absent or null.
type TargetValue = poly.Union[Target, targetSet]

// shortTypeName names a type in an error message without letting a hostile value
// blow it up.
func shortTypeName(typ string) string {
	if len(typ) > maxQuotedType {
		typ = strings.ToValidUTF8(typ[:maxQuotedType], "") + "…"
	}
	return typ
}
