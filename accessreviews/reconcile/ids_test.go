package reconcile

// IDs of directory objects the test definitions name. The fake service
// accepts definitions about objects it does not hold; their reviews cover
// nobody.
const (
	groupID    = "02f3bafb-448c-487c-88c2-5fd65ce49a41"
	otherGroup = "072ac5f4-3f13-4088-ab30-0a276f3e6322"
	userID     = "398164b1-5196-49dd-ada2-364b49f99b27"
	roleID     = "62e90394-69f5-4237-9190-012177145e10"
	packageID  = "9b3f4c52-7a1e-4f0e-a0a8-2d6c1e5b7f10"
	policyID   = "4c2d9e7a-1b3f-4a6e-8d5c-0f9e8a7b6c5d"
	catalogID  = "c0ffee00-1234-4abc-9def-0123456789ab"
	teamID     = "4d5e6f7a-8b9c-4d4e-9f5a-6b7c8d9e0fb4"
	spID       = "bae11f90-7d5d-46ba-9f55-8112b59d92ae"
)
