package legacy

// The typed strings below are spelled as the retired service spelled them.
// Every set is open: a value this package does not know decodes unchanged and
// is kept, so stored configurations round-trip. Known reports whether a value
// is documented; validation of caller input uses it, decoding never does.

// ReviewerType says who reviews a legacy access review: the reviewed users
// themselves, named users, or the owners of the reviewed group or
// application.
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Definitions name reviewers with [accessreviews.Definition.Reviewers]
// ([scope.User], [scope.OwnersOfGroup], [scope.SelfReview]).
type ReviewerType string

// The documented reviewer types.
//
// Deprecated: see [ReviewerType].
const (
	ReviewerSelf         ReviewerType = "self"
	ReviewerDelegated    ReviewerType = "delegated"
	ReviewerEntityOwners ReviewerType = "entityOwners"
)

// Known reports whether t is self, delegated or entityOwners.
//
// Deprecated: see [ReviewerType].
func (t ReviewerType) Known() bool {
	return t == ReviewerSelf || t == ReviewerDelegated || t == ReviewerEntityOwners
}

// RecurrenceType is how often a legacy review series repeats.
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Definitions use [recurrence.Recurrence] in
// [accessreviews.Settings.Recurrence].
type RecurrenceType string

// The documented recurrence types.
//
// Deprecated: see [RecurrenceType].
const (
	RecurrenceOnetime    RecurrenceType = "onetime"
	RecurrenceWeekly     RecurrenceType = "weekly"
	RecurrenceMonthly    RecurrenceType = "monthly"
	RecurrenceQuarterly  RecurrenceType = "quarterly"
	RecurrenceHalfyearly RecurrenceType = "halfyearly"
	RecurrenceAnnual     RecurrenceType = "annual"
)

// Known reports whether t is one of the documented recurrence types.
//
// Deprecated: see [RecurrenceType].
func (t RecurrenceType) Known() bool {
	switch t {
	case RecurrenceOnetime, RecurrenceWeekly, RecurrenceMonthly, RecurrenceQuarterly, RecurrenceHalfyearly, RecurrenceAnnual:
		return true
	}
	return false
}

// RecurrenceEndType is how a legacy review series ends.
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Definitions end a recurrence with [recurrence.Recurrence.NoEnd],
// [recurrence.Recurrence.EndingOn] or [recurrence.Recurrence.Times].
type RecurrenceEndType string

// The documented recurrence end types. The documentation also lists
// "recurrenceCount", which the schema does not; it decodes and is kept, and
// ToDefinition reads it as RecurrenceEndOccurrences.
//
// Deprecated: see [RecurrenceEndType].
const (
	RecurrenceEndNever       RecurrenceEndType = "never"
	RecurrenceEndBy          RecurrenceEndType = "endBy"
	RecurrenceEndOccurrences RecurrenceEndType = "occurrences"
	RecurrenceEndCount       RecurrenceEndType = "recurrenceCount"
)

// Known reports whether t is one of the documented end types.
//
// Deprecated: see [RecurrenceEndType].
func (t RecurrenceEndType) Known() bool {
	switch t {
	case RecurrenceEndNever, RecurrenceEndBy, RecurrenceEndOccurrences, RecurrenceEndCount:
		return true
	}
	return false
}

// NotReviewedResult is the decision an auto-review records for the items
// nobody reviewed.
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Definitions use [accessreviews.DefaultDecision] in
// [accessreviews.Settings.DefaultDecision].
type NotReviewedResult string

// The documented results of an auto-review.
//
// Deprecated: see [NotReviewedResult].
const (
	NotReviewedApprove        NotReviewedResult = "Approve"
	NotReviewedDeny           NotReviewedResult = "Deny"
	NotReviewedRecommendation NotReviewedResult = "Recommendation"
)

// Known reports whether r is Approve, Deny or Recommendation.
//
// Deprecated: see [NotReviewedResult].
func (r NotReviewedResult) Known() bool {
	return r == NotReviewedApprove || r == NotReviewedDeny || r == NotReviewedRecommendation
}

// ReviewResult is a reviewer's decision on a legacy decision. The service
// wrote Approve, Deny, NotReviewed and DontKnow.
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Use [accessreviews.Decision].
type ReviewResult string

// The review results the service wrote.
//
// Deprecated: see [ReviewResult].
const (
	ReviewApprove     ReviewResult = "Approve"
	ReviewDeny        ReviewResult = "Deny"
	ReviewNotReviewed ReviewResult = "NotReviewed"
	ReviewDontKnow    ReviewResult = "DontKnow"
)

// ApplyResult says what applying a legacy decision did.
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Use [accessreviews.ApplyResult].
type ApplyResult string

// The documented apply results.
//
// Deprecated: see [ApplyResult].
const (
	ApplyNotApplied   ApplyResult = "NotApplied"
	ApplySuccess      ApplyResult = "Success"
	ApplyFailed       ApplyResult = "Failed"
	ApplyNotFound     ApplyResult = "NotFound"
	ApplyNotSupported ApplyResult = "NotSupported"
)

// AccessRecommendation is the service's suggestion on a legacy decision.
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Use [accessreviews.Recommendation].
type AccessRecommendation string

// The documented recommendations.
//
// Deprecated: see [AccessRecommendation].
const (
	RecommendApprove      AccessRecommendation = "Approve"
	RecommendDeny         AccessRecommendation = "Deny"
	RecommendNotAvailable AccessRecommendation = "NotAvailable"
)
