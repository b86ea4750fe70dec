package accessreviews

// Typed identifiers. Deep paths take three or four GUIDs
// (…/definitions/{d}/instances/{i}/stages/{s}/decisions/{x}); giving each its
// own type makes a swapped argument a compile error. IDs read from the
// service have these types already, so chaining calls needs no conversion.
type (
	// DefinitionID identifies an access review schedule definition.
	DefinitionID string
	// InstanceID identifies one instance (one occurrence, or one group of an
	// all-groups review) of a definition. A one-time review's only instance
	// has the definition's ID as its own.
	InstanceID string
	// StageID identifies a stage of a multi-stage instance.
	StageID string
	// DecisionID identifies a decision item.
	DecisionID string
	// HistoryDefinitionID identifies a review history report definition.
	HistoryDefinitionID string
	// HistoryInstanceID identifies one run of a history report.
	HistoryInstanceID string
)
