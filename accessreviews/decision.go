package accessreviews

import (
	"encoding/json/jsontext"
	"strings"

	"github.com/graphkit/governance/odata"
)

// DecisionItem is one decision of an access review: whether one principal
// keeps one access (microsoft.graph.accessReviewInstanceDecisionItem).
//
// It is a read model. Record a decision with DecisionsService.Record, or many
// with RecordMany; never by sending a DecisionItem back.
//
// DecisionItem lists are the largest collections of the API (a review of a big
// tenant streams hundreds of thousands of items), so DecisionItem is a plain
// tagged struct: the polymorphic properties (Principal, Resource, Target,
// Insights) are chosen by "@odata.type" as they are read, and properties
// this package does not model are kept in Extra.
//
// The service marks an item nobody reviewed or applied with a zero-GUID
// ReviewedBy or AppliedBy rather than null (test with UserIdentity.IsNobody),
// and with a null ReviewedDateTime or AppliedDateTime (a zero DateTime).
type DecisionItem struct {
	// ID identifies the item.
	ID DecisionID `json:"id,omitzero"`
	// AccessReviewID is the ID of the instance the item belongs to.
	AccessReviewID InstanceID `json:"accessReviewId,omitzero"`
	// Decision is the reviewer's decision: Approve, Deny, DontKnow, or
	// NotReviewed until someone decides.
	Decision Decision `json:"decision,omitzero"`
	// Justification is the reviewer's reason; "" when none was given.
	Justification string `json:"justification,omitzero"`
	// Recommendation is what the service suggests from sign-in activity
	// and peer comparison.
	Recommendation Recommendation `json:"recommendation,omitzero"`
	// ApplyResult says whether the decision was applied to the resource.
	ApplyResult ApplyResult `json:"applyResult,omitzero"`
	// ApplyDescription explains ApplyResult (beta and newer v1.0).
	ApplyDescription string `json:"applyDescription,omitzero"`
	// AppliedBy is who applied the decision; IsNobody until applied.
	AppliedBy UserIdentity `json:"appliedBy,omitzero"`
	// AppliedDateTime is when the decision was applied; zero until then.
	AppliedDateTime odata.DateTime `json:"appliedDateTime,omitzero"`
	// ReviewedBy is who decided; IsNobody until someone did. The service
	// names itself ("AAD Access Reviews", with the zero GUID) when a
	// default decision was recorded.
	ReviewedBy UserIdentity `json:"reviewedBy,omitzero"`
	// ReviewedDateTime is when the decision was recorded; zero until then.
	ReviewedDateTime odata.DateTime `json:"reviewedDateTime,omitzero"`
	// Principal is who the item is about: a UserIdentity or a
	// ServicePrincipalIdentity. Beta responses may leave it out and carry
	// Target instead; PrincipalID reads either.
	Principal IdentityValue `json:"principal,omitzero"`
	// PrincipalLink is the Graph URL of the principal.
	PrincipalLink string `json:"principalLink,omitzero"`
	// Resource is what the principal has access to; often absent.
	Resource ResourceValue `json:"resource,omitzero"`
	// ResourceLink is the Graph URL of the resource.
	ResourceLink string `json:"resourceLink,omitzero"`
	// Insights holds the insights when the list or get asked for
	// Expand: []string{"insights"}; nil otherwise.
	Insights InsightList `json:"insights,omitzero"`
	// Target is the deprecated beta form of Principal.
	Target TargetValue `json:"target,omitzero"`
	// PrincipalResourceMembership says whether the principal's access is
	// direct or indirect (beta).
	PrincipalResourceMembership PrincipalResourceMembership `json:"principalResourceMembership,omitzero"`
	// Permission is the permission under review, when the review is about
	// one (beta and newer v1.0).
	Permission DecisionPermission `json:"permission,omitzero"`
	// Instance is the instance the item belongs to, when a beta list
	// expands it (Expand: []string{"instance($expand=definition)"}). Across
	// reviews (ListPendingForCurrentUserBeta) it is where a bot finds the
	// definition ID that Record needs.
	Instance *Instance `json:"instance,omitzero"`
	// DelegatedBy lists who delegated the review of this item to the
	// signed-in user (beta). The service returns it only when asked for
	// with Select("delegatedBy") or ListOptions.Select.
	DelegatedBy []UserIdentity `json:"delegatedBy,omitzero"`
	// Extra holds the properties this package does not model, as received.
	Extra jsontext.Value `json:",embed"`
}

// PrincipalID returns the object ID of the principal the item is about,
// from Principal or, in beta responses without one, from Target. It returns
// "" when neither names anyone.
func (d *DecisionItem) PrincipalID() string {
	switch p := d.Principal.Value.(type) {
	case UserIdentity:
		return p.ID
	case ServicePrincipalIdentity:
		return p.ID
	case UnknownIdentity:
		return p.ID
	}
	switch t := d.Target.Value.(type) {
	case UserTarget:
		return t.UserID
	case ServicePrincipalTarget:
		return t.ServicePrincipalID
	}
	return ""
}

// PrincipalDisplayName returns the display name of the principal the item
// is about, from Principal or Target like PrincipalID.
func (d *DecisionItem) PrincipalDisplayName() string {
	switch p := d.Principal.Value.(type) {
	case UserIdentity:
		return p.DisplayName
	case ServicePrincipalIdentity:
		return p.DisplayName
	case UnknownIdentity:
		return p.DisplayName
	}
	switch t := d.Target.Value.(type) {
	case UserTarget:
		return t.UserDisplayName
	case ServicePrincipalTarget:
		return t.ServicePrincipalDisplayName
	}
	return ""
}

// Reviewed reports whether someone (or the service's default decision) has
// decided on the item.
func (d *DecisionItem) Reviewed() bool {
	return d.Decision != "" && d.Decision != DecisionNotReviewed
}

// PrincipalResourceMembership says how the principal holds the resource
// under review (beta).
type PrincipalResourceMembership struct {
	// MembershipType is direct, indirect, or both.
	MembershipType MembershipType `json:"membershipType,omitzero"`
}

// MembershipType is a set of membership flags, written by the service as a
// comma-separated list ("direct", "indirect", "direct,indirect"). It is kept
// as the service wrote it, so a flag this package does not know survives;
// Has tests for one flag.
type MembershipType string

// The membership flags.
const (
	MembershipDirect   MembershipType = "direct"
	MembershipIndirect MembershipType = "indirect"
)

// Has reports whether m includes flag, ignoring case and spaces around the
// commas.
func (m MembershipType) Has(flag MembershipType) bool {
	for f := range strings.SplitSeq(string(m), ",") {
		if strings.EqualFold(strings.TrimSpace(f), string(flag)) {
			return true
		}
	}
	return false
}

// DecisionPermission is the permission a decision item is about (beta and
// newer v1.0).
type DecisionPermission struct {
	ID          string `json:"id,omitzero"`
	DisplayName string `json:"displayName,omitzero"`
	Description string `json:"description,omitzero"`
	// Type is the kind of permission, as the service names it.
	Type string `json:"type,omitzero"`
}
