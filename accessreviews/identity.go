package accessreviews

// zeroGUID is what the service puts in reviewedBy and appliedBy of an item
// nobody has reviewed or applied yet, instead of null.
const zeroGUID = "00000000-0000-0000-0000-000000000000"

// UserIdentity is a user as Graph names one in createdBy, reviewedBy and
// appliedBy (microsoft.graph.userIdentity). It has no Type field: there it
// is written without a type, and as a decision's principal an
// [IdentityValue] writes the type.
type UserIdentity struct {
	// ID is the user's object ID. It is the zero GUID when nobody acted yet.
	ID string `json:"id,omitzero"`
	// DisplayName is the user's display name.
	DisplayName string `json:"displayName,omitzero"`
	// UserPrincipalName is the user's sign-in name.
	UserPrincipalName string `json:"userPrincipalName,omitzero"`
	// IPAddress is the address the user acted from, when the service says.
	IPAddress string `json:"ipAddress,omitzero"`
}

// IsNobody reports whether the identity names no one: empty, or the zero GUID
// the service uses for "not reviewed yet" and "not applied yet".
func (u UserIdentity) IsNobody() bool { return u.ID == "" || u.ID == zeroGUID }
