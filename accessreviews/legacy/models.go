package legacy

import (
	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
)

// AccessReview is a review of the retired beta API (microsoft.graph.accessReview):
// one review, or a recurring series, of the members of a group or the
// assignments of an application, created from a business flow template.
//
// Zero fields are absent on the wire, except the booleans and integers of
// the settings, which the schema declares non-nullable and which are
// always sent. The navigation properties (Decisions, MyDecisions, Instances)
// are read-only: the service returns them only when expanded.
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Use [accessreviews.Definition], and [ToDefinition] to convert.
type AccessReview struct {
	// ID identifies the review. Read-only.
	ID AccessReviewID `json:"id,omitzero"`
	// DisplayName names the review. Required.
	DisplayName string `json:"displayName,omitzero"`
	// StartDateTime is when the review starts; on create it must be in the
	// future. Required.
	StartDateTime odata.DateTime `json:"startDateTime,omitzero"`
	// EndDateTime is when the review ends, at least a day after
	// StartDateTime. Required.
	EndDateTime odata.DateTime `json:"endDateTime,omitzero"`
	// Status is the review's state: the values of the new API, plus Applied.
	// Read-only.
	Status accessreviews.Status `json:"status,omitzero"`
	// Description is shown to the reviewers.
	Description string `json:"description,omitzero"`
	// BusinessFlowTemplateID names the template the review was created
	// from, which says what kind of access it reviews (group memberships,
	// application assignments…). Template IDs are case-sensitive. Required.
	BusinessFlowTemplateID string `json:"businessFlowTemplateId,omitzero"`
	// ReviewerType says who reviews. Required.
	ReviewerType ReviewerType `json:"reviewerType,omitzero"`
	// CreatedBy is the user recorded as the creator. An app-only caller
	// must set it on create (see the package documentation).
	CreatedBy accessreviews.UserIdentity `json:"createdBy,omitzero"`
	// ReviewedEntity is the group or application whose access is reviewed;
	// only its ID is sent. Required.
	ReviewedEntity Identity `json:"reviewedEntity,omitzero"`
	// Settings changes the review's behaviour and makes it recur.
	Settings Settings `json:"settings,omitzero"`
	// Reviewers are the reviewers of a delegated review; required then.
	// Create sends their IDs; after that, use AddReviewer and RemoveReviewer.
	Reviewers []Reviewer `json:"reviewers,omitzero"`
	// Decisions are the review's decisions when expanded. Read-only.
	Decisions []Decision `json:"decisions,omitzero"`
	// MyDecisions are the caller's decisions when expanded. Read-only.
	MyDecisions []Decision `json:"myDecisions,omitzero"`
	// Instances are the reviews of a recurring series when expanded.
	// Read-only.
	Instances []AccessReview `json:"instances,omitzero"`
}

// AccessReviewID identifies a legacy access review (a GUID).
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Use [accessreviews.DefinitionID].
type AccessReviewID string

// Identity names a directory object (microsoft.graph.identity): the group or
// application a review covers.
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Definitions name what they review with a [scope.Scope].
type Identity struct {
	// ID is the object's ID.
	ID string `json:"id,omitzero"`
	// DisplayName is the object's name. Read-only.
	DisplayName string `json:"displayName,omitzero"`
}

// Reviewer is a reviewer of a legacy review (microsoft.graph.accessReviewReviewer):
// a user.
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Use [scope.Reviewer] ([scope.User]).
type Reviewer struct {
	// ID is the user's object ID. Required when adding a reviewer.
	ID string `json:"id,omitzero"`
	// DisplayName is the user's display name. Read-only.
	DisplayName string `json:"displayName,omitzero"`
	// UserPrincipalName is the user's sign-in name. Read-only.
	UserPrincipalName string `json:"userPrincipalName,omitzero"`
	// CreatedDateTime is when the reviewer was added. Read-only.
	CreatedDateTime odata.DateTime `json:"createdDateTime,omitzero"`
}

// Settings configures a legacy review (microsoft.graph.accessReviewSettings).
// Its booleans and integers are non-nullable in the schema and always sent.
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Use [accessreviews.Settings].
type Settings struct {
	// MailNotificationsEnabled emails the reviewers when the review starts.
	MailNotificationsEnabled bool `json:"mailNotificationsEnabled"`
	// RemindersEnabled sends reminders to reviewers who have not finished.
	RemindersEnabled bool `json:"remindersEnabled"`
	// JustificationRequiredOnApproval makes reviewers justify an approval.
	JustificationRequiredOnApproval bool `json:"justificationRequiredOnApproval"`
	// AutoReviewEnabled records AutoReviewSettings.NotReviewedResult for
	// the items nobody reviewed when the review ends.
	AutoReviewEnabled bool `json:"autoReviewEnabled"`
	// ActivityDurationInDays is how far back sign-in activity counts for
	// recommendations (Int32 in the schema, Int64 in the documentation).
	ActivityDurationInDays int `json:"activityDurationInDays"`
	// AutoApplyReviewResultsEnabled applies the results when the review
	// ends.
	AutoApplyReviewResultsEnabled bool `json:"autoApplyReviewResultsEnabled"`
	// AccessRecommendationsEnabled shows reviewers recommendations.
	AccessRecommendationsEnabled bool `json:"accessRecommendationsEnabled"`
	// RecurrenceSettings makes the review a recurring series; absent is a
	// one-time review.
	RecurrenceSettings RecurrenceSettings `json:"recurrenceSettings,omitzero"`
	// AutoReviewSettings holds the auto-review's result.
	AutoReviewSettings AutoReviewSettings `json:"autoReviewSettings,omitzero"`
}

// RecurrenceSettings makes a legacy review recur
// (microsoft.graph.accessReviewRecurrenceSettings). DurationInDays and
// RecurrenceCount are non-nullable and always sent.
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Use [recurrence.Recurrence] and
// [accessreviews.Settings.InstanceDurationInDays].
type RecurrenceSettings struct {
	// RecurrenceType is how often the review repeats.
	RecurrenceType RecurrenceType `json:"recurrenceType,omitzero"`
	// RecurrenceEndType is how the series ends.
	RecurrenceEndType RecurrenceEndType `json:"recurrenceEndType,omitzero"`
	// DurationInDays is how long each review of the series lasts.
	DurationInDays int `json:"durationInDays"`
	// RecurrenceCount is how many reviews run, with RecurrenceEndOccurrences;
	// 0 otherwise.
	RecurrenceCount int `json:"recurrenceCount"`
}

// AutoReviewSettings holds what an auto-review records
// (microsoft.graph.autoReviewSettings).
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Use [accessreviews.Settings.DefaultDecision].
type AutoReviewSettings struct {
	// NotReviewedResult is the decision recorded for unreviewed items.
	NotReviewedResult NotReviewedResult `json:"notReviewedResult,omitzero"`
}
