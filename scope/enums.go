package scope

// QueryType says which API evaluates a query: Microsoft Graph or Azure
// Resource Manager. Values are spelled as Graph spells them; values this
// package does not know decode and are kept.
type QueryType string

// The query types Graph documents.
const (
	// QueryTypeMicrosoftGraph is a query against Microsoft Graph; every
	// builder of this package uses it.
	QueryTypeMicrosoftGraph QueryType = "MicrosoftGraph"
	// QueryTypeARM is a query against Azure Resource Manager.
	QueryTypeARM QueryType = "ARM"
)

// Known reports whether t is one of the documented query types.
func (t QueryType) Known() bool { return t == QueryTypeMicrosoftGraph || t == QueryTypeARM }

// QueryRoot is the starting point of a relative query. Graph documents one
// value, "decisions", which makes "./manager" mean the managers of the users
// being decided on.
type QueryRoot string

// QueryRootDecisions roots a relative query at the decision items of an
// instance. The reviewer query "./manager" needs it.
const QueryRootDecisions QueryRoot = "decisions"

// Known reports whether r is the documented query root.
func (r QueryRoot) Known() bool { return r == QueryRootDecisions }

// PrincipalScopeType is the kind of principals an [PrincipalScope]
// (accessReviewPrincipalScope) selects.
type PrincipalScopeType string

// The principal scope types of the beta API.
const (
	// PrincipalScopeTypeAllUsers is every user.
	PrincipalScopeTypeAllUsers PrincipalScopeType = "allUsers"
	// PrincipalScopeTypeGuestUsers is every guest user.
	PrincipalScopeTypeGuestUsers PrincipalScopeType = "guestUsers"
	// PrincipalScopeTypeInactiveUsers is the users without a recent sign-in.
	PrincipalScopeTypeInactiveUsers PrincipalScopeType = "inactiveUsers"
	// PrincipalScopeTypeInactiveGuestUsers is the guest users without a recent sign-in.
	PrincipalScopeTypeInactiveGuestUsers PrincipalScopeType = "inactiveGuestUsers"
	// PrincipalScopeTypeUnknownFutureValue is the sentinel Graph puts before values added later.
	PrincipalScopeTypeUnknownFutureValue PrincipalScopeType = "unknownFutureValue"
)

// Known reports whether t is a documented principal scope type.
func (t PrincipalScopeType) Known() bool {
	switch t {
	case PrincipalScopeTypeAllUsers, PrincipalScopeTypeGuestUsers, PrincipalScopeTypeInactiveUsers,
		PrincipalScopeTypeInactiveGuestUsers, PrincipalScopeTypeUnknownFutureValue:
		return true
	}
	return false
}

// ResourceScopeType is the kind of resource a [ResourceScope]
// (accessReviewResourceScope) names.
type ResourceScopeType string

// The resource scope types of the beta API.
const (
	// ResourceScopeTypeGroup is a group.
	ResourceScopeTypeGroup ResourceScopeType = "group"
	// ResourceScopeTypeCatalog is an entitlement management catalog.
	ResourceScopeTypeCatalog ResourceScopeType = "catalog"
	// ResourceScopeTypeServicePrincipal is an application's service principal.
	ResourceScopeTypeServicePrincipal ResourceScopeType = "servicePrincipal"
	// ResourceScopeTypeDirectoryRole is a Microsoft Entra directory role.
	ResourceScopeTypeDirectoryRole ResourceScopeType = "directoryRole"
	// ResourceScopeTypeAccessPackageAssignmentPolicy is an access package assignment policy.
	ResourceScopeTypeAccessPackageAssignmentPolicy ResourceScopeType = "accessPackageAssignmentPolicy"
	// ResourceScopeTypeUnknownFutureValue is the sentinel Graph puts before values added later.
	ResourceScopeTypeUnknownFutureValue ResourceScopeType = "unknownFutureValue"
)

// Known reports whether t is a documented resource scope type.
func (t ResourceScopeType) Known() bool {
	switch t {
	case ResourceScopeTypeGroup, ResourceScopeTypeCatalog, ResourceScopeTypeServicePrincipal,
		ResourceScopeTypeDirectoryRole, ResourceScopeTypeAccessPackageAssignmentPolicy,
		ResourceScopeTypeUnknownFutureValue:
		return true
	}
	return false
}

// ReviewerScopeType names a kind of reviewer without a query (the scopeType
// of a [Reviewer], documented in v1.0 pages and present in beta).
type ReviewerScopeType string

// The reviewer scope types.
const (
	// ReviewerScopeTypeUser is the user named by reviewerId.
	ReviewerScopeTypeUser ReviewerScopeType = "user"
	// ReviewerScopeTypeGroup is the members of the group named by reviewerId.
	ReviewerScopeTypeGroup ReviewerScopeType = "group"
	// ReviewerScopeTypeSelf is the reviewed users themselves.
	ReviewerScopeTypeSelf ReviewerScopeType = "self"
	// ReviewerScopeTypeManager is each reviewed user's manager.
	ReviewerScopeTypeManager ReviewerScopeType = "manager"
	// ReviewerScopeTypeSponsor is each reviewed guest's sponsors.
	ReviewerScopeTypeSponsor ReviewerScopeType = "sponsor"
	// ReviewerScopeTypeResourceOwner is the owners of the reviewed resource.
	ReviewerScopeTypeResourceOwner ReviewerScopeType = "resourceOwner"
	// ReviewerScopeTypeManagerOrSponsor is the manager, or the sponsors of a guest.
	ReviewerScopeTypeManagerOrSponsor ReviewerScopeType = "managerOrSponsor"
	// ReviewerScopeTypeUnknownFutureValue is the sentinel Graph puts before values added later.
	ReviewerScopeTypeUnknownFutureValue ReviewerScopeType = "unknownFutureValue"
)

// Known reports whether t is a documented reviewer scope type.
func (t ReviewerScopeType) Known() bool {
	switch t {
	case ReviewerScopeTypeUser, ReviewerScopeTypeGroup, ReviewerScopeTypeSelf, ReviewerScopeTypeManager,
		ReviewerScopeTypeSponsor, ReviewerScopeTypeResourceOwner, ReviewerScopeTypeManagerOrSponsor,
		ReviewerScopeTypeUnknownFutureValue:
		return true
	}
	return false
}

// NotificationTemplateType says which email an additional notification
// recipient receives. Graph documents one value.
type NotificationTemplateType string

// NotificationTemplateTypeCompletedAdditionalRecipients sends the "review
// completed" email to the additional recipients.
const NotificationTemplateTypeCompletedAdditionalRecipients NotificationTemplateType = "CompletedAdditionalRecipients"

// Known reports whether t is the documented template type.
func (t NotificationTemplateType) Known() bool {
	return t == NotificationTemplateTypeCompletedAdditionalRecipients
}
