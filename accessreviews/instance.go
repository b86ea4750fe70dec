package accessreviews

import (
	"encoding/json/jsontext"
	"errors"

	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/internal/poly"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

// Instance is one run of a definition (microsoft.graph.accessReviewInstance):
// one occurrence of a recurring review, or, for a definition with an
// instanceEnumerationScope, one group of an all-groups review. Reviewers
// record decisions on an instance; the actions of InstancesService (stop,
// apply, reset, remind, accept recommendations) act on one.
//
// A one-time review has a single instance whose ID is the definition's.
//
// The navigation properties (Stages, Decisions, ContactedReviewers,
// Definition) are filled only when the service returns them inline; list
// them with their own services, or fetch the definition with
// InstancesService.Definition.
type Instance struct {
	// ID identifies the instance within its definition.
	ID InstanceID `json:"id,omitzero"`
	// StartDateTime is when the instance starts, in UTC; it may be in the
	// future.
	StartDateTime odata.DateTime `json:"startDateTime,omitzero"`
	// EndDateTime is when the instance ends, in UTC.
	EndDateTime odata.DateTime `json:"endDateTime,omitzero"`
	// Status is the instance's lifecycle state (InProgress, Completed,
	// Applied…); see Status.Active and Status.Finished.
	Status Status `json:"status,omitzero"`
	// Scope is who is reviewed in this instance, derived by the service from
	// the definition's scope and instanceEnumerationScope: for an
	// all-groups review, the members of this instance's group, such as
	// scope.Group(id).Members().Users().Guests().
	Scope scope.Scope `json:"scope,omitzero"`
	// Reviewers are the instance's reviewers, as queries.
	Reviewers []scope.Reviewer `json:"reviewers,omitzero"`
	// FallbackReviewers review when a query in Reviewers resolves to nobody.
	FallbackReviewers []scope.Reviewer `json:"fallbackReviewers,omitzero"`
	// Errors lists the problems the service met while running the instance
	// (newer v1.0 and beta). Lifecycle failures surface here, not as HTTP
	// errors.
	Errors []InstanceError `json:"errors,omitzero"`
	// Stages are the instance's stages, when returned inline.
	Stages []Stage `json:"stages,omitzero"`
	// Decisions are the instance's decision items, when returned inline.
	Decisions []DecisionItem `json:"decisions,omitzero"`
	// ContactedReviewers are the people the instance asked to review, when
	// returned inline.
	ContactedReviewers []ContactedReviewer `json:"contactedReviewers,omitzero"`
	// Definition is the definition the instance belongs to, when expanded
	// ($expand=definition, beta only).
	Definition *Definition `json:"definition,omitzero"`
	// DelegatedBy lists who delegated reviews of this instance to the
	// signed-in user (beta). The service returns it only when asked for
	// with Select("delegatedBy") or ListOptions.Select.
	DelegatedBy []UserIdentity `json:"delegatedBy,omitzero"`
	// Extra holds the properties this package does not model, as received.
	Extra jsontext.Value `json:",embed"`
}

// InstanceError is a problem the service met while running an instance
// (microsoft.graph.accessReviewError), such as a scope query it could not
// evaluate.
type InstanceError struct {
	// Code is the error code; branch on it, never on Message.
	Code string `json:"code,omitzero"`
	// Message describes the problem for people.
	Message string `json:"message,omitzero"`
}

// UnmarshalJSONFrom decodes an instance. Its scope is polymorphic and
// decodes by its "@odata.type".
func (in *Instance) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return poly.UnmarshalWire(dec, in)
}

// ForUpdate returns the instance's scope and reviewers as an InstanceUpdate,
// the starting point of a Get → change → Update cycle. The lists are copies:
// changing them does not change the instance.
func (in *Instance) ForUpdate() InstanceUpdate {
	return InstanceUpdate{
		Scope:             in.Scope,
		Reviewers:         copyReviewerList(in.Reviewers),
		FallbackReviewers: copyReviewerList(in.FallbackReviewers),
	}
}

// InstanceUpdate is what InstancesService.Update sends: the instance's
// reviewers and fallback reviewers, which are the only properties the
// service changes, and its scope, which the service requires in the body but
// does not change. Start from Instance.ForUpdate so the scope is the
// instance's own.
//
// A nil list is left out of the body (the service documents both lists as
// optional); an empty, non-nil list is sent as []. An empty Reviewers turns
// the instance into a self-review. Fallback reviewers can be added, never
// removed: an update without one of the current fallback reviewers fails
// with 409 Conflict (odata.ErrConflict).
type InstanceUpdate struct {
	// Scope is the instance's scope, as read from the service. Required.
	Scope scope.Scope
	// Reviewers replaces the instance's reviewers when non-nil.
	Reviewers []scope.Reviewer
	// FallbackReviewers replaces the instance's fallback reviewers when
	// non-nil; it must keep every current one.
	FallbackReviewers []scope.Reviewer
}

// Validate reports every problem with u at once, as *odata.FieldError values
// joined with errors.Join ("scope", "reviewers[0].query"): a missing or
// invalid scope and invalid reviewers.
func (u InstanceUpdate) Validate() error {
	return errors.Join(
		check.Prefix("scope", scope.Validate(u.Scope)),
		reviewerListErrors("reviewers", u.Reviewers),
		reviewerListErrors("fallbackReviewers", u.FallbackReviewers),
	)
}

// instancePut is the PUT body of an instance update.
type instancePut struct {
	Scope             scope.Scope      `json:"scope"`
	Reviewers         []scope.Reviewer `json:"reviewers,omitzero"`
	FallbackReviewers []scope.Reviewer `json:"fallbackReviewers,omitzero"`
}

// put projects u onto the wire. The conversion keeps the two types in step:
// a field added to one and not the other stops it compiling.
func (u InstanceUpdate) put() instancePut { return instancePut(u) }

// copyReviewerList copies a reviewer list, keeping nil as nil and empty as
// empty, since the two mean different things on the wire.
func copyReviewerList(rs []scope.Reviewer) []scope.Reviewer {
	if rs == nil {
		return nil
	}
	return append(make([]scope.Reviewer, 0, len(rs)), rs...)
}

// clipInput shortens s for an error message, so a huge or hostile input cannot
// flood logs.
func clipInput(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
