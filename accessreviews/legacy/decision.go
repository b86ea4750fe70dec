package legacy

import (
	"encoding/json/jsontext"
	"encoding/json/v2"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
)

// Decision is a decision of a legacy review (microsoft.graph.accessReviewDecision,
// an open type): one user's access, the reviewer's result and what applying
// it did.
//
// The schema names the review time reviewedDateTime and the documentation
// reviewedDate. Both decode into ReviewedDateTime (the schema's name wins
// when both are present), and encoding writes the schema's name.
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Use [accessreviews.DecisionItem].
type Decision struct {
	// ID identifies the decision.
	ID string `json:"id,omitzero"`
	// AccessReviewID is the review the decision belongs to.
	AccessReviewID AccessReviewID `json:"accessReviewId,omitzero"`
	// ReviewedBy is who decided; the zero GUID when nobody has.
	ReviewedBy accessreviews.UserIdentity `json:"reviewedBy,omitzero"`
	// ReviewedDateTime is when the decision was made (reviewedDate in the
	// documentation).
	ReviewedDateTime odata.DateTime `json:"reviewedDateTime,omitzero"`
	// ReviewResult is the decision: Approve, Deny, NotReviewed or DontKnow.
	ReviewResult ReviewResult `json:"reviewResult,omitzero"`
	// Justification is the reviewer's reason.
	Justification string `json:"justification,omitzero"`
	// AppliedBy is who applied the decision.
	AppliedBy accessreviews.UserIdentity `json:"appliedBy,omitzero"`
	// AppliedDateTime is when the decision was applied.
	AppliedDateTime odata.DateTime `json:"appliedDateTime,omitzero"`
	// ApplyResult is what applying the decision did.
	ApplyResult ApplyResult `json:"applyResult,omitzero"`
	// AccessRecommendation is the service's suggestion.
	AccessRecommendation AccessRecommendation `json:"accessRecommendation,omitzero"`
	// UserID is the reviewed user's object ID (an open-type property).
	UserID string `json:"userId,omitzero"`
	// UserDisplayName is the reviewed user's name (an open-type property).
	UserDisplayName string `json:"userDisplayName,omitzero"`
	// UserPrincipalName is the reviewed user's sign-in name (an open-type
	// property).
	UserPrincipalName string `json:"userPrincipalName,omitzero"`
	// Extra holds the properties this package does not model, as received.
	Extra jsontext.Value `json:",embed"`
}

// decisionFields is Decision without its methods, so that decoding it does
// not recurse.
type decisionFields Decision

// decisionWire is how a decision may arrive: with either spelling of the
// review time.
type decisionWire struct {
	decisionFields
	ReviewedDate odata.DateTime `json:"reviewedDate,omitzero"`
}

// UnmarshalJSONFrom decodes a decision written by the service (reviewedDateTime)
// or by its documentation (reviewedDate), replacing what d held.
//
// Deprecated: see [Decision].
func (d *Decision) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	var w decisionWire
	if err := json.UnmarshalDecode(dec, &w); err != nil {
		return err
	}
	if w.ReviewedDateTime.IsZero() {
		w.ReviewedDateTime = w.ReviewedDate
	}
	*d = Decision(w.decisionFields)
	return nil
}
