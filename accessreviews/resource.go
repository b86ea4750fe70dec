package accessreviews

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/graphkit/governance/internal/discriminator"
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

const (
	// maxResourceDepth bounds the nesting of Azure role scopes.
	maxResourceDepth = 8
	// maxQuotedType bounds a type name quoted in an error message.
	maxQuotedType = 120
)

// BaseResource is a resource of the base type, which the service uses for
// groups and directory roles (a resource without "@odata.type" is one too).
type BaseResource struct {
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
	ID                       string       `json:"id,omitzero"`
	DisplayName              string       `json:"displayName,omitzero"`
	ResourceType             ResourceType `json:"type,omitzero"`
	Description              string       `json:"description,omitzero"`
	AccessPackageDisplayName string       `json:"accessPackageDisplayName,omitzero"`
	AccessPackageID          string       `json:"accessPackageId,omitzero"`
}

// AzureRoleResource is an Azure role under review, with the resource the
// role is scoped to.
type AzureRoleResource struct {
	ID           string       `json:"id,omitzero"`
	DisplayName  string       `json:"displayName,omitzero"`
	ResourceType ResourceType `json:"type,omitzero"`
	Description  string       `json:"description,omitzero"`
	// Scope is the resource the role assignment applies to.
	Scope ResourceValue `json:"scope,omitzero"`
}

// ServicePrincipalResource is an application under review, with the app
// role assigned (the app role fields are beta and newer v1.0).
type ServicePrincipalResource struct {
	ID                 string       `json:"id,omitzero"`
	DisplayName        string       `json:"displayName,omitzero"`
	ResourceType       ResourceType `json:"type,omitzero"`
	Description        string       `json:"description,omitzero"`
	AppID              string       `json:"appId,omitzero"`
	AppRoleDisplayName string       `json:"appRoleDisplayName,omitzero"`
	AppRoleID          string       `json:"appRoleId,omitzero"`
}

// AccessPackageResource is an access package under review (beta and newer
// v1.0), with the assignment policy involved.
type AccessPackageResource struct {
	ID                                       string       `json:"id,omitzero"`
	DisplayName                              string       `json:"displayName,omitzero"`
	ResourceType                             ResourceType `json:"type,omitzero"`
	Description                              string       `json:"description,omitzero"`
	AccessPackageAssignmentPolicyDisplayName string       `json:"accessPackageAssignmentPolicyDisplayName,omitzero"`
	AccessPackageAssignmentPolicyID          string       `json:"accessPackageAssignmentPolicyId,omitzero"`
}

// CustomDataProvidedResource is a resource whose data a custom provider
// supplied (beta and newer v1.0).
type CustomDataProvidedResource struct {
	ID               string       `json:"id,omitzero"`
	DisplayName      string       `json:"displayName,omitzero"`
	ResourceType     ResourceType `json:"type,omitzero"`
	Description      string       `json:"description,omitzero"`
	CustomData       string       `json:"customData,omitzero"`
	ScopeID          string       `json:"scopeId,omitzero"`
	ScopeDisplayName string       `json:"scopeDisplayName,omitzero"`
}

// UnknownResource is a resource whose "@odata.type" this package does not
// know. Its ID, display name and kind are decoded, since every resource type
// has them; Raw keeps the object as received and is what it encodes to.
type UnknownResource struct {
	ID           string
	DisplayName  string
	ResourceType ResourceType
	// Raw is the JSON object, type property included.
	Raw json.RawMessage
}

// Type returns the resource's "@odata.type".
func (u UnknownResource) Type() string {
	typ, _ := discriminator.Peek(u.Raw)
	return typ
}

func (BaseResource) isResource()                          {}
func (AccessPackageAssignmentPolicyResource) isResource() {}
func (AzureRoleResource) isResource()                     {}
func (ServicePrincipalResource) isResource()              {}
func (AccessPackageResource) isResource()                 {}
func (CustomDataProvidedResource) isResource()            {}
func (UnknownResource) isResource()                       {}

// ResourceValue holds a Resource in a model field, for the reason given on
// IdentityValue. The zero ResourceValue (a nil Value) means the property was
// absent or null, which the service returns for many items.
type ResourceValue struct {
	// Value is the resource, or nil.
	Value Resource
}

// resourceWire is the union of the properties of every resource type,
// decoded in one pass like identityWire.
type resourceWire struct {
	Type                                     string          `json:"@odata.type"`
	LegacyType                               string          `json:"odata.type"`
	ID                                       string          `json:"id"`
	DisplayName                              string          `json:"displayName"`
	ResourceType                             ResourceType    `json:"type"`
	Description                              string          `json:"description"`
	AccessPackageDisplayName                 string          `json:"accessPackageDisplayName"`
	AccessPackageID                          string          `json:"accessPackageId"`
	Scope                                    json.RawMessage `json:"scope"`
	AppID                                    string          `json:"appId"`
	AppRoleDisplayName                       string          `json:"appRoleDisplayName"`
	AppRoleID                                string          `json:"appRoleId"`
	AccessPackageAssignmentPolicyDisplayName string          `json:"accessPackageAssignmentPolicyDisplayName"`
	AccessPackageAssignmentPolicyID          string          `json:"accessPackageAssignmentPolicyId"`
	CustomData                               string          `json:"customData"`
	ScopeID                                  string          `json:"scopeId"`
	ScopeDisplayName                         string          `json:"scopeDisplayName"`
}

// UnmarshalJSON decodes a resource, choosing its type by "@odata.type" as
// IdentityValue does. null gives a nil Value.
func (v *ResourceValue) UnmarshalJSON(data []byte) error {
	return v.decode(data, 0)
}

// decode decodes a resource nested depth scopes deep. An Azure role's scope
// is itself a resource; the depth bound keeps a hostile chain of nested
// scopes from costing quadratic time.
func (v *ResourceValue) decode(data []byte, depth int) error {
	data = bytes.TrimSpace(data)
	if string(data) == "null" {
		v.Value = nil
		return nil
	}
	var w resourceWire
	if !scanResourceWire(data, &w) {
		var err error
		if w, err = decodeUnionAs[resourceWire](data); err != nil {
			return fmt.Errorf("accessreviews: decode resource: %w", err)
		}
	}
	typ := unionTypeName(w.Type, w.LegacyType)
	switch {
	case typ == "", isUnionType(typ, typeResourceBase):
		v.Value = BaseResource{ID: w.ID, DisplayName: w.DisplayName, ResourceType: w.ResourceType, Description: w.Description}
	case isUnionType(typ, typeResourcePolicy):
		v.Value = AccessPackageAssignmentPolicyResource{ID: w.ID, DisplayName: w.DisplayName, ResourceType: w.ResourceType, Description: w.Description,
			AccessPackageDisplayName: w.AccessPackageDisplayName, AccessPackageID: w.AccessPackageID}
	case isUnionType(typ, typeResourceAzure):
		r := AzureRoleResource{ID: w.ID, DisplayName: w.DisplayName, ResourceType: w.ResourceType, Description: w.Description}
		if depth >= maxResourceDepth {
			return fmt.Errorf("accessreviews: decode resource: scopes nested more than %d deep", maxResourceDepth)
		}
		if len(w.Scope) > 0 {
			if err := r.Scope.decode(w.Scope, depth+1); err != nil {
				return fmt.Errorf("accessreviews: decode resource %s: scope: %w", shortTypeName(typ), err)
			}
		}
		v.Value = r
	case isUnionType(typ, typeResourceSP):
		v.Value = ServicePrincipalResource{ID: w.ID, DisplayName: w.DisplayName, ResourceType: w.ResourceType, Description: w.Description,
			AppID: w.AppID, AppRoleDisplayName: w.AppRoleDisplayName, AppRoleID: w.AppRoleID}
	case isUnionType(typ, typeResourcePackage):
		v.Value = AccessPackageResource{ID: w.ID, DisplayName: w.DisplayName, ResourceType: w.ResourceType, Description: w.Description,
			AccessPackageAssignmentPolicyDisplayName: w.AccessPackageAssignmentPolicyDisplayName,
			AccessPackageAssignmentPolicyID:          w.AccessPackageAssignmentPolicyID}
	case isUnionType(typ, typeResourceCustom):
		v.Value = CustomDataProvidedResource{ID: w.ID, DisplayName: w.DisplayName, ResourceType: w.ResourceType, Description: w.Description,
			CustomData: w.CustomData, ScopeID: w.ScopeID, ScopeDisplayName: w.ScopeDisplayName}
	default:
		v.Value = UnknownResource{ID: w.ID, DisplayName: w.DisplayName, ResourceType: w.ResourceType, Raw: bytes.Clone(data)}
	}
	return nil
}

// MarshalJSON encodes the resource with "@odata.type" first; an
// UnknownResource is written back as received, and a nil Value as null.
func (v ResourceValue) MarshalJSON() ([]byte, error) {
	switch r := v.Value.(type) {
	case nil:
		return []byte("null"), nil
	case BaseResource:
		return discriminator.Marshal(typeResourceBase, r)
	case AccessPackageAssignmentPolicyResource:
		return discriminator.Marshal(typeResourcePolicy, r)
	case AzureRoleResource:
		return discriminator.Marshal(typeResourceAzure, r)
	case ServicePrincipalResource:
		return discriminator.Marshal(typeResourceSP, r)
	case AccessPackageResource:
		return discriminator.Marshal(typeResourcePackage, r)
	case CustomDataProvidedResource:
		return discriminator.Marshal(typeResourceCustom, r)
	case UnknownResource:
		return unknownRawJSON("resource", r.Raw)
	}
	return nil, fmt.Errorf("accessreviews: encode resource: unsupported type %T", v.Value)
}

// IsZero reports whether the holder holds no resource.
func (v ResourceValue) IsZero() bool { return v.Value == nil }

// Target is the deprecated beta description of who a decision item is
// about, replaced by the principal and resource but still returned by beta
// (and shown in v1.0 examples). The interface is sealed: UserTarget,
// ServicePrincipalTarget and UnknownTarget implement it.
type Target interface {
	isTarget()
}

// UserTarget is a user a decision item is about (beta).
type UserTarget struct {
	UserID            string `json:"userId,omitzero"`
	UserDisplayName   string `json:"userDisplayName,omitzero"`
	UserPrincipalName string `json:"userPrincipalName,omitzero"`
}

// ServicePrincipalTarget is an application a decision item is about (beta).
type ServicePrincipalTarget struct {
	ServicePrincipalID          string `json:"servicePrincipalId,omitzero"`
	ServicePrincipalDisplayName string `json:"servicePrincipalDisplayName,omitzero"`
	AppID                       string `json:"appId,omitzero"`
}

// UnknownTarget is a target whose "@odata.type" this package does not know,
// kept as received.
type UnknownTarget struct {
	// Raw is the JSON object, type property included.
	Raw json.RawMessage
}

// Type returns the target's "@odata.type", or "" when it has none.
func (u UnknownTarget) Type() string {
	typ, _ := discriminator.Peek(u.Raw)
	return typ
}

func (UserTarget) isTarget()             {}
func (ServicePrincipalTarget) isTarget() {}
func (UnknownTarget) isTarget()          {}

// TargetValue holds a Target in a model field, for the reason given on
// IdentityValue. The zero TargetValue means absent or null.
type TargetValue struct {
	// Value is the target, or nil.
	Value Target
}

// targetWire is the union of the properties of both target types.
type targetWire struct {
	Type                        string `json:"@odata.type"`
	LegacyType                  string `json:"odata.type"`
	UserID                      string `json:"userId"`
	UserDisplayName             string `json:"userDisplayName"`
	UserPrincipalName           string `json:"userPrincipalName"`
	ServicePrincipalID          string `json:"servicePrincipalId"`
	ServicePrincipalDisplayName string `json:"servicePrincipalDisplayName"`
	AppID                       string `json:"appId"`
}

// UnmarshalJSON decodes a target, choosing its type by "@odata.type" as
// IdentityValue does. null gives a nil Value.
func (v *TargetValue) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if string(data) == "null" {
		v.Value = nil
		return nil
	}
	var w targetWire
	if err := decodeUnion(data, &w); err != nil {
		return fmt.Errorf("accessreviews: decode target: %w", err)
	}
	switch typ := unionTypeName(w.Type, w.LegacyType); {
	case isUnionType(typ, typeTargetUser):
		v.Value = UserTarget{UserID: w.UserID, UserDisplayName: w.UserDisplayName, UserPrincipalName: w.UserPrincipalName}
	case isUnionType(typ, typeTargetPrincipal):
		v.Value = ServicePrincipalTarget{ServicePrincipalID: w.ServicePrincipalID, ServicePrincipalDisplayName: w.ServicePrincipalDisplayName, AppID: w.AppID}
	default:
		v.Value = UnknownTarget{Raw: bytes.Clone(data)}
	}
	return nil
}

// MarshalJSON encodes the target with "@odata.type" first; an UnknownTarget
// is written back as received, and a nil Value as null.
func (v TargetValue) MarshalJSON() ([]byte, error) {
	switch t := v.Value.(type) {
	case nil:
		return []byte("null"), nil
	case UserTarget:
		return discriminator.Marshal(typeTargetUser, t)
	case ServicePrincipalTarget:
		return discriminator.Marshal(typeTargetPrincipal, t)
	case UnknownTarget:
		return unknownRawJSON("target", t.Raw)
	}
	return nil, fmt.Errorf("accessreviews: encode target: unsupported type %T", v.Value)
}

// IsZero reports whether the holder holds no target.
func (v TargetValue) IsZero() bool { return v.Value == nil }

// shortTypeName names a type in an error message without letting a hostile value
// blow it up.
func shortTypeName(typ string) string {
	if len(typ) > maxQuotedType {
		typ = strings.ToValidUTF8(typ[:maxQuotedType], "") + "…"
	}
	return typ
}
