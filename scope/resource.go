package scope

import (
	"encoding/json/jsontext"

	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/internal/poly"
)

// PrincipalScope is an accessReviewPrincipalScope (documented in v1.0 pages,
// present in beta): principals named by kind rather than by query, for the
// principalScopes of a [PrincipalResourceMembershipsScope].
type PrincipalScope struct {
	// Type writes "@odata.type" first; leave it zero.
	Type poly.Type[PrincipalScope] `json:"@odata.type"`
	// ScopeType is the kind of principals.
	ScopeType PrincipalScopeType `json:"scopeType,omitzero"`
	// Extra holds the properties this package does not model, as received.
	Extra jsontext.Value `json:",embed"`
}

// String describes the principals: "all users", "inactive guest users"…
func (s PrincipalScope) String() string {
	switch s.ScopeType {
	case PrincipalScopeTypeAllUsers:
		return "all users"
	case PrincipalScopeTypeGuestUsers:
		return "all guest users"
	case PrincipalScopeTypeInactiveUsers:
		return "inactive users"
	case PrincipalScopeTypeInactiveGuestUsers:
		return "inactive guest users"
	}
	return "principals of scope type " + quoteText(string(s.ScopeType))
}

// Validate reports nothing: the documentation marks no property of a
// principal scope required, and values this package does not know are
// accepted (the enumeration is open). Lint warns about an empty scope type.
func (s PrincipalScope) Validate() error { return nil }

func (PrincipalScope) isScope() {}

// ResourceScope is an accessReviewResourceScope (documented in v1.0 pages,
// present in beta): one resource named by ID and kind, for the
// resourceScopes of a [PrincipalResourceMembershipsScope].
type ResourceScope struct {
	// Type writes "@odata.type" first; leave it zero.
	Type poly.Type[ResourceScope] `json:"@odata.type"`
	// DisplayName is the resource's name, for people.
	DisplayName string `json:"displayName,omitzero"`
	// ResourceID is the resource's object ID.
	ResourceID string `json:"resourceId,omitzero"`
	// ScopeType is the kind of resource.
	ScopeType ResourceScopeType `json:"scopeType,omitzero"`
	// Extra holds the properties this package does not model, as received.
	Extra jsontext.Value `json:",embed"`
}

// String describes the resource: `group "Sales" (id)`.
func (s ResourceScope) String() string {
	return describeResource(s.ScopeType, s.DisplayName, s.ResourceID)
}

// Validate reports nothing: the documentation marks no property of a
// resource scope required and gives no form for the resource ID. Lint warns
// about a missing or non-GUID ID and an empty scope type.
func (s ResourceScope) Validate() error { return nil }

func (ResourceScope) isScope() {}

// AccessPackageAssignmentPolicyScope is an
// accessReviewAccessPackageAssignmentPolicyScope (documented in v1.0 pages,
// present in beta): an access package assignment policy as a resource, with
// the package and catalog it belongs to.
type AccessPackageAssignmentPolicyScope struct {
	// Type writes "@odata.type" first; leave it zero.
	Type poly.Type[AccessPackageAssignmentPolicyScope] `json:"@odata.type"`
	// DisplayName is the policy's name.
	DisplayName string `json:"displayName,omitzero"`
	// ResourceID is the policy's ID.
	ResourceID string `json:"resourceId,omitzero"`
	// ScopeType is [ResourceScopeTypeAccessPackageAssignmentPolicy] or empty.
	ScopeType ResourceScopeType `json:"scopeType,omitzero"`
	// AccessPackageDisplayName is the name of the policy's access package.
	AccessPackageDisplayName string `json:"accessPackageDisplayName,omitzero"`
	// AccessPackageID is the ID of the policy's access package.
	AccessPackageID string `json:"accessPackageId,omitzero"`
	// CatalogDisplayName is the name of the package's catalog.
	CatalogDisplayName string `json:"catalogDisplayName,omitzero"`
	// CatalogID is the ID of the package's catalog.
	CatalogID string `json:"catalogId,omitzero"`
	// Extra holds the properties this package does not model, as received.
	Extra jsontext.Value `json:",embed"`
}

// String describes the policy and, when known, its package and catalog.
func (s AccessPackageAssignmentPolicyScope) String() string {
	d := describeResource(ResourceScopeTypeAccessPackageAssignmentPolicy, s.DisplayName, s.ResourceID)
	if s.AccessPackageDisplayName != "" || s.AccessPackageID != "" {
		d += " of access package " + named(s.AccessPackageDisplayName, s.AccessPackageID)
	}
	if s.CatalogDisplayName != "" || s.CatalogID != "" {
		d += " in catalog " + named(s.CatalogDisplayName, s.CatalogID)
	}
	return d
}

// Validate checks that the scope type, when set, is
// accessPackageAssignmentPolicy, the value the documentation gives for this
// type. IDs that are missing or not GUIDs are warnings of Lint.
func (s AccessPackageAssignmentPolicyScope) Validate() error {
	if s.ScopeType != "" && s.ScopeType != ResourceScopeTypeAccessPackageAssignmentPolicy {
		return check.Invalid("scopeType", "must be %q or empty, got %q",
			ResourceScopeTypeAccessPackageAssignmentPolicy, check.Truncate(string(s.ScopeType), 64))
	}
	return nil
}

func (AccessPackageAssignmentPolicyScope) isScope() {}

// describeResource phrases a resource by kind, name and ID.
func describeResource(t ResourceScopeType, displayName, id string) string {
	kind := map[ResourceScopeType]string{
		ResourceScopeTypeGroup:                         "group",
		ResourceScopeTypeCatalog:                       "catalog",
		ResourceScopeTypeServicePrincipal:              "service principal",
		ResourceScopeTypeDirectoryRole:                 "directory role",
		ResourceScopeTypeAccessPackageAssignmentPolicy: "access package assignment policy",
	}[t]
	if kind == "" {
		kind = "resource"
	}
	return kind + " " + named(displayName, id)
}

// named phrases a thing by name and ID: `"Sales" (id)`, `"Sales"` or `id`.
func named(displayName, id string) string {
	switch {
	case displayName == "":
		return id
	case id == "":
		return quoteText(displayName)
	}
	return quoteText(displayName) + " (" + id + ")"
}

// quoteText quotes a name from the service for a description, shortened so
// a huge value cannot swamp it.
func quoteText(s string) string { return "\"" + check.Truncate(s, 128) + "\"" }
