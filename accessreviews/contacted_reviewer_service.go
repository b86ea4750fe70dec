package accessreviews

import (
	"context"
	"iter"

	"github.com/graphkit/governance/accessreviews/internal/core"
	"github.com/graphkit/governance/odata"
)

// List returns an iterator over the people an instance asked to review: the
// definition's reviewer queries resolved to individuals when the instance
// started, following @odata.nextLink from page to page (at most 100 a page).
// The service honours $filter, $orderby, $select, $top and $skip:
//
//	opts := &accessreviews.ListOptions{OrderBy: []string{"displayName"}}
//	for r, err := range client.ContactedReviewers.List(ctx, defID, instID, opts) { … }
//
// A self-review lists nobody. An invalid ID or option makes the iterator
// yield one error, before any request.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances/{id}/contactedReviewers
func (s *ContactedReviewersService) List(ctx context.Context, def DefinitionID, inst InstanceID, opts *ListOptions) iter.Seq2[ContactedReviewer, error] {
	return core.List[ContactedReviewer](ctx, s.core(), core.Call{Op: "list contacted reviewers", Path: instancePath(def, inst, odata.Lit("contactedReviewers")), Query: opts.query()})
}
