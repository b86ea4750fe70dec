package accessreviews

import (
	"errors"
	"fmt"

	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

// Stage is one stage of a multi-stage instance
// (microsoft.graph.accessReviewStage). A definition with StageSettings runs
// its instances in up to three sequential stages, each with its own
// reviewers; the service creates a stage only when the one it depends on
// ends, so listing the stages of a running instance shows the stages so far,
// not the whole plan.
type Stage struct {
	// ID identifies the stage within its instance.
	ID StageID `json:"id,omitzero"`
	// StartDateTime is when the stage started (or will start), in UTC.
	StartDateTime odata.DateTime `json:"startDateTime,omitzero"`
	// EndDateTime is when the stage ends, in UTC. Stage durations add up:
	// the end of the last stage is the end of the instance.
	EndDateTime odata.DateTime `json:"endDateTime,omitzero"`
	// Status is the stage's lifecycle state, from the same set as an
	// instance's (NotStarted, InProgress, Completed…).
	Status Status `json:"status,omitzero"`
	// Reviewers are the stage's reviewers, as queries.
	Reviewers []scope.Reviewer `json:"reviewers,omitzero"`
	// FallbackReviewers review when a query in Reviewers resolves to nobody
	// (a group without owners, a user without a manager).
	FallbackReviewers []scope.Reviewer `json:"fallbackReviewers,omitzero"`
}

// StageUpdate is the change StagesService.Update makes to a stage: its
// reviewers, its fallback reviewers, or both. It is a PATCH, so a nil list
// leaves that property unchanged and is not sent, while an empty, non-nil
// list sets it to empty and is sent as []. At least one of the two must be
// non-nil.
//
// The service refuses (409 Conflict, odata.ErrConflict) an update that
// removes a fallback reviewer: fallback reviewers can be added, never
// removed. Start from the stage's current FallbackReviewers when adding one.
type StageUpdate struct {
	// Reviewers replaces the stage's reviewers when non-nil.
	Reviewers []scope.Reviewer
	// FallbackReviewers replaces the stage's fallback reviewers when
	// non-nil; it must keep every current one.
	FallbackReviewers []scope.Reviewer
}

// Validate reports every problem with u at once, as *odata.FieldError values
// joined with errors.Join and named in the JSON spelling
// ("reviewers[0].queryRoot"): reviewers the service would reject. An update
// that changes nothing is sent as an empty PATCH.
func (u StageUpdate) Validate() error {
	var errs []error
	errs = append(errs, reviewerListErrors("reviewers", u.Reviewers))
	errs = append(errs, reviewerListErrors("fallbackReviewers", u.FallbackReviewers))
	return errors.Join(errs...)
}

// stagePatch is the PATCH body of a stage update. omitzero leaves out a nil
// list and keeps an empty one as [], which is the PATCH meaning of
// StageUpdate.
type stagePatch struct {
	Reviewers         []scope.Reviewer `json:"reviewers,omitzero"`
	FallbackReviewers []scope.Reviewer `json:"fallbackReviewers,omitzero"`
}

// patch projects u onto the wire. The conversion keeps the two types in
// step: a field added to one and not the other stops it compiling.
func (u StageUpdate) patch() stagePatch { return stagePatch(u) }

// reviewerListErrors validates each reviewer of a list, naming problems
// "field[i].…". A nil or empty list is valid: it means "unchanged" or
// "self-review" depending on the operation, which the caller decides.
func reviewerListErrors(field string, rs []scope.Reviewer) error {
	var errs []error
	for i, r := range rs {
		errs = append(errs, check.Prefix(fmt.Sprintf("%s[%d]", field, i), r.Validate()))
	}
	return errors.Join(errs...)
}
