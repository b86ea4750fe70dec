package accessreviews

import "github.com/graphkit/governance/odata"

// ContactedReviewer is a person an instance asked to review
// (microsoft.graph.accessReviewReviewer). A definition names its reviewers
// as queries ("the owners of each group", "the reviewed users' managers");
// when an instance starts, the service resolves those queries to people and
// lists them as the instance's contacted reviewers. It is the way to find out
// who actually received the review emails, and whom SendReminder reaches.
//
// A self-review lists no contacted reviewers: the reviewed users review
// themselves.
type ContactedReviewer struct {
	// ID is the reviewer's user object ID.
	ID string `json:"id,omitzero"`
	// DisplayName is the reviewer's display name.
	DisplayName string `json:"displayName,omitzero"`
	// UserPrincipalName is the reviewer's sign-in name.
	UserPrincipalName string `json:"userPrincipalName,omitzero"`
	// CreatedDateTime is when the service assigned the reviewer to the
	// instance.
	CreatedDateTime odata.DateTime `json:"createdDateTime,omitzero"`
}
