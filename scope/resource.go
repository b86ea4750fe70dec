package scope

import (
	"encoding/json"

	"github.com/graphkit/governance/internal/discriminator"
	"github.com/graphkit/governance/odata"
)

// PrincipalScope is an accessReviewPrincipalScope (documented in v1.0 pages,
// present in beta): principals named by kind rather than by query, for the
// principalScopes of a [PrincipalResourceMembershipsScope].
type PrincipalScope struct {
	// ScopeType is the kind of principals.
	ScopeType PrincipalScopeType

	extra map[string]json.RawMessage // properties this package does not model
}

// MarshalJSON encodes s with "@odata.type" first.
func (s PrincipalScope) MarshalJSON() ([]byte, error) {
	o := discriminator.NewObject(typePrincipal)
	if s.ScopeType != "" {
		o.String("scopeType", string(s.ScopeType))
	}
	o.Extra(s.extra)
	return o.Bytes()
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

// decodePrincipal builds a PrincipalScope from decoded properties.
func decodePrincipal(m map[string]json.RawMessage) (Scope, error) {
	f := fields{m: m}
	t := PrincipalScopeType(f.str("scopeType"))
	if f.err != nil {
		return nil, f.err
	}
	return PrincipalScope{ScopeType: t, extra: f.rest()}, nil
}

// ResourceScope is an accessReviewResourceScope (documented in v1.0 pages,
// present in beta): one resource named by ID and kind, for the
// resourceScopes of a [PrincipalResourceMembershipsScope].
type ResourceScope struct {
	// DisplayName is the resource's name, for people.
	DisplayName string
	// ResourceID is the resource's object ID.
	ResourceID string
	// ScopeType is the kind of resource.
	ScopeType ResourceScopeType

	extra map[string]json.RawMessage // properties this package does not model
}

// MarshalJSON encodes s with "@odata.type" first; empty properties are left
// out.
func (s ResourceScope) MarshalJSON() ([]byte, error) {
	o := discriminator.NewObject(typeResource)
	writeResource(o, s.DisplayName, s.ResourceID, s.ScopeType)
	o.Extra(s.extra)
	return o.Bytes()
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

// decodeResource builds a ResourceScope from decoded properties.
func decodeResource(m map[string]json.RawMessage) (Scope, error) {
	f := fields{m: m}
	s := ResourceScope{
		DisplayName: f.str("displayName"),
		ResourceID:  f.str("resourceId"),
		ScopeType:   ResourceScopeType(f.str("scopeType")),
	}
	if f.err != nil {
		return nil, f.err
	}
	s.extra = f.rest()
	return s, nil
}

// AccessPackageAssignmentPolicyScope is an
// accessReviewAccessPackageAssignmentPolicyScope (documented in v1.0 pages,
// present in beta): an access package assignment policy as a resource, with
// the package and catalog it belongs to.
type AccessPackageAssignmentPolicyScope struct {
	// DisplayName is the policy's name.
	DisplayName string
	// ResourceID is the policy's ID.
	ResourceID string
	// ScopeType is [ResourceScopeTypeAccessPackageAssignmentPolicy] or empty.
	ScopeType ResourceScopeType
	// AccessPackageDisplayName is the name of the policy's access package.
	AccessPackageDisplayName string
	// AccessPackageID is the ID of the policy's access package.
	AccessPackageID string
	// CatalogDisplayName is the name of the package's catalog.
	CatalogDisplayName string
	// CatalogID is the ID of the package's catalog.
	CatalogID string

	extra map[string]json.RawMessage // properties this package does not model
}

// MarshalJSON encodes s with "@odata.type" first; empty properties are left
// out.
func (s AccessPackageAssignmentPolicyScope) MarshalJSON() ([]byte, error) {
	o := discriminator.NewObject(typeAccessPackagePolicy)
	writeResource(o, s.DisplayName, s.ResourceID, s.ScopeType)
	for _, p := range [...]struct{ name, value string }{
		{"accessPackageDisplayName", s.AccessPackageDisplayName},
		{"accessPackageId", s.AccessPackageID},
		{"catalogDisplayName", s.CatalogDisplayName},
		{"catalogId", s.CatalogID},
	} {
		if p.value != "" {
			o.String(p.name, p.value)
		}
	}
	o.Extra(s.extra)
	return o.Bytes()
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
		return odata.Invalid("scopeType", "must be %q or empty, got %q",
			ResourceScopeTypeAccessPackageAssignmentPolicy, truncate(string(s.ScopeType), 64))
	}
	return nil
}

func (AccessPackageAssignmentPolicyScope) isScope() {}

// decodeAccessPackagePolicy builds the scope from decoded properties.
func decodeAccessPackagePolicy(m map[string]json.RawMessage) (Scope, error) {
	f := fields{m: m}
	s := AccessPackageAssignmentPolicyScope{
		DisplayName:              f.str("displayName"),
		ResourceID:               f.str("resourceId"),
		ScopeType:                ResourceScopeType(f.str("scopeType")),
		AccessPackageDisplayName: f.str("accessPackageDisplayName"),
		AccessPackageID:          f.str("accessPackageId"),
		CatalogDisplayName:       f.str("catalogDisplayName"),
		CatalogID:                f.str("catalogId"),
	}
	if f.err != nil {
		return nil, f.err
	}
	s.extra = f.rest()
	return s, nil
}

// writeResource writes the properties shared by the resource scopes.
func writeResource(o *discriminator.Object, displayName, resourceID string, t ResourceScopeType) {
	if displayName != "" {
		o.String("displayName", displayName)
	}
	if resourceID != "" {
		o.String("resourceId", resourceID)
	}
	if t != "" {
		o.String("scopeType", string(t))
	}
}

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
func quoteText(s string) string { return "\"" + truncate(s, 128) + "\"" }
