package accessreviews

// Policy is the tenant's access review policy
// (microsoft.graph.accessReviewPolicy, beta only): tenant-wide switches of
// the access reviews feature. Read it with PolicyService.Get and change it
// with PolicyService.Update.
type Policy struct {
	// ID identifies the policy object.
	ID string `json:"id,omitzero"`
	// DisplayName is the policy's name.
	DisplayName string `json:"displayName,omitzero"`
	// Description describes the policy.
	Description string `json:"description,omitzero"`
	// IsGroupOwnerManagementEnabled says whether group owners may create and
	// manage access reviews of the groups they own. The service always
	// returns it.
	IsGroupOwnerManagementEnabled bool `json:"isGroupOwnerManagementEnabled"`
}

// PolicyUpdate is the change PolicyService.Update sends: only the fields
// that are set (non-nil) are sent. IsGroupOwnerManagementEnabled is the one
// property the service lets a caller change, so it is required.
type PolicyUpdate struct {
	// IsGroupOwnerManagementEnabled, when set, turns group owners'
	// management of their groups' reviews on or off.
	IsGroupOwnerManagementEnabled *bool
}

// policyPatchBody is the PATCH body of a policy update.
type policyPatchBody struct {
	IsGroupOwnerManagementEnabled *bool `json:"isGroupOwnerManagementEnabled,omitzero"`
}

// DirectoryRolePolicy is the tenant's default settings for access reviews of
// directory roles (microsoft.graph.directoryRoleAccessReviewPolicy, beta
// only). The service documents the type but not its behaviour: its pages
// are stubs.
type DirectoryRolePolicy struct {
	// ID identifies the policy object.
	ID string `json:"id,omitzero"`
	// Settings are the review settings applied to directory role reviews.
	Settings Settings `json:"settings,omitzero"`
}

// directoryRolePolicyPatchBody is the PATCH body of a directory role policy
// update: the whole settings value, so that the complex property is
// replaced as a unit, with the properties this package does not model kept
// from the Settings the caller read.
type directoryRolePolicyPatchBody struct {
	Settings Settings `json:"settings"`
}
