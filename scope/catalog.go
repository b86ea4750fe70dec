package scope

// Builders for user-centric (catalog-scope) reviews, created through the
// unified route: "Set the scope to a principalResourceMembershipsScope
// whose resourceScopes collection contains a resource scope of scopeType
// catalog that identifies the catalog to review" (unifiedroot-post-
// definitions), typically reviewed by each user's manager:
//
//	scope.MembershipsOf(scope.PrincipalsOfType(scope.PrincipalScopeTypeAllUsers)).In(scope.Catalog(catalogID))
//	[]scope.Reviewer{scope.Manager()}

// Catalog is a resource scope naming an entitlement management catalog
// ("scopeType": "catalog"): every group and application the catalog holds.
// The documentation marks no property of a resource scope required, so an
// empty or non-GUID ID is sent as given; Lint warns about it.
func Catalog(id string) ResourceScope {
	return ResourceScope{ResourceID: id, ScopeType: ResourceScopeTypeCatalog}
}

// PrincipalsOfType is a principal scope naming principals by kind rather
// than by query ("scopeType": "allUsers", "guestUsers"…), as the
// principalScopes of a memberships scope.
func PrincipalsOfType(t PrincipalScopeType) PrincipalScope {
	return PrincipalScope{ScopeType: t}
}

// Manager makes each reviewed user's manager the reviewer, named by scope
// type ("scopeType": "manager") rather than by the "./manager" query of
// [Managers]: the form user-centric reviews use. Users without a manager
// are reviewed by the fallback reviewers.
func Manager() Reviewer { return Reviewer{ScopeType: ReviewerScopeTypeManager} }
