package legacy

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"strings"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/internal/core"
	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/odata"
)

// accessReviewsRoot is the legacy entity set.
var accessReviewsRoot = odata.Lit("accessReviews")

// reviewSegs returns the path of review id, followed by more.
func reviewSegs(id AccessReviewID, more ...odata.Segment) []odata.Segment {
	return append([]odata.Segment{accessReviewsRoot, odata.GUID("id", string(id))}, more...)
}

// List returns the reviews created from the business flow template
// templateID: each recurring series with its current, past and next
// instances. The service requires the template filter; it is built with
// odata.Eq and ANDed with opts.Filter. Template IDs are case-sensitive and
// sent as given.
//
// This operation is beta-only.
//
// Graph: GET /beta/accessReviews?$filter=businessFlowTemplateId eq '{id}'
//
// Deprecated: use [accessreviews.DefinitionsService.List].
func (s *AccessReviewsService) List(ctx context.Context, templateID string, opts *ListOptions) iter.Seq2[AccessReview, error] {
	const op = "list access reviews"
	if strings.TrimSpace(templateID) == "" {
		return core.Fail[AccessReview](s.core(), op, check.Invalid("businessFlowTemplateId", "is required: the service lists reviews of one template at a time"))
	}
	return list[AccessReview](ctx, s.core(), op, opts.query(odata.Eq("businessFlowTemplateId", templateID)), accessReviewsRoot)
}

// Get returns the review id.
//
// This operation is beta-only.
//
// Graph: GET /beta/accessReviews/{id}
//
// Deprecated: use [accessreviews.DefinitionsService.Get].
func (s *AccessReviewsService) Get(ctx context.Context, id AccessReviewID) (*AccessReview, error) {
	return get[AccessReview](ctx, s.core(), "get access review", reviewSegs(id)...)
}

// Create creates a review from ar and returns it as the service stored it.
// ar is checked first with ValidateAt, against the Client's clock and
// caller (see AppOnly); nothing is sent when it is invalid. The body
// carries the writable properties only, and reviewers and reviewedEntity
// by ID. Link the review to a program afterwards with
// ProgramControlsService.Create.
//
// This operation is beta-only.
//
// Graph: POST /beta/accessReviews
//
// A create is not idempotent: it is resent only where the service certainly
// did not process it; otherwise an odata.OutcomeUnknownError says so.
//
// Deprecated: use [accessreviews.DefinitionsService.Create].
func (s *AccessReviewsService) Create(ctx context.Context, ar *AccessReview) (*AccessReview, error) {
	const op = "create access review"
	o := s.options()
	if err := ar.ValidateAt(o.now(), o.caller); err != nil {
		return nil, wrap(op, err)
	}
	return create[AccessReview](ctx, s.core(), op, newCreateBody(ar), accessReviewsRoot)
}

// AccessReviewUpdate holds the properties an update changes; nil fields are
// left as they are. The service does not change reviewers or decisions
// through an update: use AddReviewer, RemoveReviewer, Stop and
// ApplyDecisions.
//
// Deprecated: use [accessreviews.DefinitionsService.Update].
type AccessReviewUpdate struct {
	// DisplayName renames the review.
	DisplayName *string `json:"displayName,omitzero"`
	// Description replaces the reviewers' description.
	Description *string `json:"description,omitzero"`
	// StartDateTime moves the start.
	StartDateTime *odata.DateTime `json:"startDateTime,omitzero"`
	// EndDateTime moves the end.
	EndDateTime *odata.DateTime `json:"endDateTime,omitzero"`
	// Settings replaces the settings.
	Settings *Settings `json:"settings,omitzero"`
}

// validate reports every problem with u: it must change something, a name
// must not be blank and a review must still last a day.
func (u *AccessReviewUpdate) validate() error {
	if u.DisplayName == nil && u.Description == nil && u.StartDateTime == nil && u.EndDateTime == nil && u.Settings == nil {
		return check.Invalid("accessReview", "the update changes nothing")
	}
	var errs []error
	if u.DisplayName != nil && strings.TrimSpace(*u.DisplayName) == "" {
		errs = append(errs, check.Invalid("displayName", "must not be blank"))
	}
	if u.StartDateTime != nil && u.EndDateTime != nil && u.EndDateTime.Sub(u.StartDateTime.Time) < MinReviewLength {
		errs = append(errs, check.Invalid("endDateTime", "must be at least one day after startDateTime"))
	}
	if u.Settings != nil {
		errs = append(errs, check.Prefix("settings", u.Settings.validate()))
	}
	return errors.Join(errs...)
}

// Update changes the properties u sets on review id.
//
// This operation is beta-only.
//
// Graph: PATCH /beta/accessReviews/{id}
//
// The PATCH sets absolute values, so it is retried as an idempotent write.
//
// Deprecated: use [accessreviews.DefinitionsService.Update].
func (s *AccessReviewsService) Update(ctx context.Context, id AccessReviewID, u AccessReviewUpdate) error {
	const op = "update access review"
	if err := u.validate(); err != nil {
		return wrap(op, err)
	}
	return do(ctx, s.core(), op, http.MethodPatch, odata.RetryDefault, u, nil, reviewSegs(id)...)
}

// Delete deletes review id.
//
// This operation is beta-only.
//
// Graph: DELETE /beta/accessReviews/{id}
//
// Deprecated: use [accessreviews.DefinitionsService.Delete].
func (s *AccessReviewsService) Delete(ctx context.Context, id AccessReviewID) error {
	return do(ctx, s.core(), "delete access review", http.MethodDelete, odata.RetryDefault, nil, nil, reviewSegs(id)...)
}

// ListReviewers returns the reviewers of review id.
//
// This operation is beta-only.
//
// Graph: GET /beta/accessReviews/{id}/reviewers
//
// Deprecated: definitions list their reviewers in
// [accessreviews.Definition.Reviewers].
func (s *AccessReviewsService) ListReviewers(ctx context.Context, id AccessReviewID) iter.Seq2[Reviewer, error] {
	return list[Reviewer](ctx, s.core(), "list reviewers", nil, reviewSegs(id, odata.Lit("reviewers"))...)
}

// AddReviewer adds the user userID as a reviewer of review id. The service
// accepts it only for reviews with explicit reviewers (delegated) that have
// not completed.
//
// This operation is beta-only.
//
// Graph: POST /beta/accessReviews/{id}/reviewers
//
// It is a create, resent only where the service certainly did not process
// it.
//
// Deprecated: update [accessreviews.Definition.Reviewers] instead.
func (s *AccessReviewsService) AddReviewer(ctx context.Context, id AccessReviewID, userID string) error {
	const op = "add reviewer"
	if err := check.GUID("reviewer.id", userID); err != nil {
		return wrap(op, err)
	}
	return do(ctx, s.core(), op, http.MethodPost, odata.RetryNonIdempotent, reviewerRef{ID: userID}, nil,
		reviewSegs(id, odata.Lit("reviewers"))...)
}

// RemoveReviewer removes the reviewer reviewerID from review id.
//
// This operation is beta-only.
//
// Graph: DELETE /beta/accessReviews/{id}/reviewers/{reviewerId}
//
// Deprecated: update [accessreviews.Definition.Reviewers] instead.
func (s *AccessReviewsService) RemoveReviewer(ctx context.Context, id AccessReviewID, reviewerID string) error {
	return do(ctx, s.core(), "remove reviewer", http.MethodDelete, odata.RetryDefault, nil, nil,
		reviewSegs(id, odata.Lit("reviewers"), odata.GUID("reviewerId", reviewerID))...)
}

// ListDecisions returns the decisions of review id.
//
// This operation is beta-only.
//
// Graph: GET /beta/accessReviews/{id}/decisions
//
// Deprecated: use [accessreviews.DecisionsService.List].
func (s *AccessReviewsService) ListDecisions(ctx context.Context, id AccessReviewID, opts *ListOptions) iter.Seq2[Decision, error] {
	return list[Decision](ctx, s.core(), "list decisions", opts.query(odata.Filter{}), reviewSegs(id, odata.Lit("decisions"))...)
}

// ListMyDecisions returns the decisions of review id that the signed-in
// user is to make.
//
// This operation is beta-only.
//
// Graph: GET /beta/accessReviews/{id}/myDecisions
//
// Deprecated: use [accessreviews.DecisionsService.ListForCurrentUser].
func (s *AccessReviewsService) ListMyDecisions(ctx context.Context, id AccessReviewID, opts *ListOptions) iter.Seq2[Decision, error] {
	return list[Decision](ctx, s.core(), "list my decisions", opts.query(odata.Filter{}), reviewSegs(id, odata.Lit("myDecisions"))...)
}

// ListInstances returns the reviews of the recurring series id. Only a
// series has instances.
//
// This operation is beta-only.
//
// Graph: GET /beta/accessReviews/{id}/instances
//
// Deprecated: use [accessreviews.InstancesService.List].
func (s *AccessReviewsService) ListInstances(ctx context.Context, id AccessReviewID, opts *ListOptions) iter.Seq2[AccessReview, error] {
	return list[AccessReview](ctx, s.core(), "list instances", opts.query(odata.Filter{}), reviewSegs(id, odata.Lit("instances"))...)
}

// SendReminder reminds the reviewers of review id who have not finished.
//
// This operation is beta-only.
//
// Graph: POST /beta/accessReviews/{id}/sendReminder
//
// Reminders must not be sent twice, so it is resent only where the service
// certainly did not process it.
//
// Deprecated: use [accessreviews.InstancesService.SendReminder].
func (s *AccessReviewsService) SendReminder(ctx context.Context, id AccessReviewID) error {
	return do(ctx, s.core(), "send reminder", http.MethodPost, odata.RetryNonIdempotent, nil, nil, reviewSegs(id, odata.Lit("sendReminder"))...)
}

// ResetDecisions clears the decisions of review id.
//
// This operation is beta-only.
//
// Graph: POST /beta/accessReviews/{id}/resetDecisions (the documentation's
// title says "reset")
//
// It is resent only where the service certainly did not process it.
//
// Deprecated: use [accessreviews.InstancesService.ResetDecisions].
func (s *AccessReviewsService) ResetDecisions(ctx context.Context, id AccessReviewID) error {
	return do(ctx, s.core(), "reset decisions", http.MethodPost, odata.RetryNonIdempotent, nil, nil, reviewSegs(id, odata.Lit("resetDecisions"))...)
}

// Stop ends review id before its end date.
//
// This operation is beta-only.
//
// Graph: POST /beta/accessReviews/{id}/stop
//
// Stopping twice ends in the same state, so it is retried as a convergent
// action; after an ambiguous failure the review is read back and the call
// succeeds when its status shows it finished.
//
// Deprecated: use [accessreviews.InstancesService.Stop].
func (s *AccessReviewsService) Stop(ctx context.Context, id AccessReviewID) error {
	return s.converge(ctx, "stop", id, accessreviews.Status.Finished)
}

// ApplyDecisions applies the decisions of the completed review id.
//
// This operation is beta-only.
//
// Graph: POST /beta/accessReviews/{id}/applyDecisions (the documentation's
// title says "apply")
//
// It is retried as a convergent action; after an ambiguous failure the
// review is read back and the call succeeds when its status is Applying or
// Applied.
//
// Deprecated: use [accessreviews.InstancesService.ApplyDecisions].
func (s *AccessReviewsService) ApplyDecisions(ctx context.Context, id AccessReviewID) error {
	return s.converge(ctx, "applyDecisions", id, func(st accessreviews.Status) bool {
		return st == accessreviews.StatusApplying || st == accessreviews.StatusApplied
	})
}

// converge sends the convergent action named action on review id, with a
// Verify that reads the review back and asks done about its status.
func (s *AccessReviewsService) converge(ctx context.Context, action string, id AccessReviewID, done func(accessreviews.Status) bool) error {
	return core.Do(ctx, s.core(), core.Call{
		Op:      action + " access review",
		Method:  http.MethodPost,
		Path:    reviewSegs(id, odata.Lit(action)),
		Version: odata.Beta,
		Class:   odata.RetryConvergent,
		Verify: func(ctx context.Context) (bool, error) {
			ar, err := s.Get(ctx, id)
			if err != nil {
				return false, err
			}
			return done(ar.Status), nil
		},
	}, nil)
}

// reviewerRef is a reviewer or entity as a request names one: by ID only.
type reviewerRef struct {
	ID string `json:"id"`
}

// createBody is the body of a create: the writable properties of a review.
type createBody struct {
	DisplayName            string                     `json:"displayName"`
	StartDateTime          odata.DateTime             `json:"startDateTime"`
	EndDateTime            odata.DateTime             `json:"endDateTime"`
	ReviewedEntity         reviewerRef                `json:"reviewedEntity"`
	ReviewerType           ReviewerType               `json:"reviewerType"`
	BusinessFlowTemplateID string                     `json:"businessFlowTemplateId"`
	Description            string                     `json:"description,omitzero"`
	Reviewers              []reviewerRef              `json:"reviewers,omitzero"`
	CreatedBy              accessreviews.UserIdentity `json:"createdBy,omitzero"`
	Settings               Settings                   `json:"settings,omitzero"`
}

// newCreateBody projects ar onto the create body.
func newCreateBody(ar *AccessReview) createBody {
	b := createBody{
		DisplayName:            ar.DisplayName,
		StartDateTime:          ar.StartDateTime,
		EndDateTime:            ar.EndDateTime,
		ReviewedEntity:         reviewerRef{ID: ar.ReviewedEntity.ID},
		ReviewerType:           ar.ReviewerType,
		BusinessFlowTemplateID: ar.BusinessFlowTemplateID,
		Description:            ar.Description,
		CreatedBy:              ar.CreatedBy,
		Settings:               ar.Settings,
	}
	if ar.Reviewers != nil {
		b.Reviewers = make([]reviewerRef, len(ar.Reviewers))
		for i, r := range ar.Reviewers {
			b.Reviewers[i] = reviewerRef{ID: r.ID}
		}
	}
	return b
}
