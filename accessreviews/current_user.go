package accessreviews

import (
	"context"
	"iter"
	"net/http"

	"github.com/graphkit/governance/accessreviews/internal/core"
	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/odata"
)

// ReviewerRole is the on parameter of filterByCurrentUser: which of the
// signed-in user's reviews a ListForCurrentUserAs lists.
type ReviewerRole string

// The reviewer roles of filterByCurrentUser.
const (
	// AsReviewer lists what the user reviews, directly or by delegation;
	// it is what the ListForCurrentUser methods send.
	AsReviewer ReviewerRole = "reviewer"
	// AsDirectReviewer lists only what is assigned to the user directly
	// (beta).
	AsDirectReviewer ReviewerRole = "directReviewer"
	// AsDelegatedReviewer lists only what was delegated to the user, on
	// someone else's behalf (beta); select "delegatedBy" to see whose.
	AsDelegatedReviewer ReviewerRole = "delegatedReviewer"
)

// segment returns the filterByCurrentUser path segment for r, and whether
// r needs the beta API with the Prefer: include-unknown-enum-members
// header: "Use the Prefer: include-unknown-enum-members request header to
// get the directReviewer and delegatedReviewer values in this evolvable
// enumeration" (accessReviewInstance: filterByCurrentUser, beta).
func (r ReviewerRole) segment() (seg odata.Segment, evolvable bool, err error) {
	switch r {
	case AsReviewer:
		return segFBU, false, nil
	case AsDirectReviewer, AsDelegatedReviewer:
		return odata.Lit("filterByCurrentUser(on='" + string(r) + "')"), true, nil
	}
	return segFBU, false, check.Invalid("on", "must be reviewer, directReviewer or delegatedReviewer, got %q", clipInput(string(r), 32))
}

// evolvableEnumHeader is the Prefer header that unlocks the evolvable enum
// members directReviewer and delegatedReviewer.
func evolvableEnumHeader() http.Header {
	return http.Header{"Prefer": []string{"include-unknown-enum-members"}}
}

// ListForCurrentUserAs is ListForCurrentUser narrowed by role:
// AsDirectReviewer lists the instances assigned to the signed-in user
// directly, AsDelegatedReviewer those delegated to them. Those two are
// beta-only: they are sent to the beta API with the header
// Prefer: include-unknown-enum-members, whatever the client's version.
// AsReviewer is ListForCurrentUser. Select "delegatedBy" (ListOptions.Select)
// to fill Instance.DelegatedBy. Call it with a delegated token
// (odata.WithDeviceCode): an application token has no current user.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances/filterByCurrentUser(on='directReviewer'|'delegatedReviewer') (beta)
func (s *InstancesService) ListForCurrentUserAs(ctx context.Context, def DefinitionID, role ReviewerRole, opts *ListOptions) iter.Seq2[Instance, error] {
	seg, evolvable, err := role.segment()
	call := core.Call{Op: "list instances for current user", Path: instancesPath(def, seg), Query: opts.query(), Input: err}
	if evolvable {
		call.Version, call.Header = odata.Beta, evolvableEnumHeader()
	}
	return core.List[Instance](ctx, s.core(), call)
}

// ListForCurrentUserAs is ListForCurrentUser narrowed by role, as
// InstancesService.ListForCurrentUserAs explains: AsDirectReviewer and
// AsDelegatedReviewer are sent to the beta API with the header
// Prefer: include-unknown-enum-members. Select "delegatedBy" to fill
// DecisionItem.DelegatedBy.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances/{id}/decisions/filterByCurrentUser(on='directReviewer'|'delegatedReviewer') (beta)
func (s *DecisionsService) ListForCurrentUserAs(ctx context.Context, def DefinitionID, inst InstanceID, role ReviewerRole, opts *ListOptions) iter.Seq2[DecisionItem, error] {
	seg, evolvable, err := role.segment()
	call := core.Call{Op: "list decisions for current user", Path: decisionsPath(def, inst, seg), Query: opts.query(), Input: err}
	if evolvable {
		call.Version, call.Header = odata.Beta, evolvableEnumHeader()
	}
	return core.List[DecisionItem](ctx, s.core(), call)
}

// ListInStageForCurrentUserAs is ListInStageForCurrentUser narrowed by
// role, as DecisionsService.ListForCurrentUserAs.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances/{id}/stages/{id}/decisions/filterByCurrentUser(on='directReviewer'|'delegatedReviewer') (beta)
func (s *DecisionsService) ListInStageForCurrentUserAs(ctx context.Context, def DefinitionID, inst InstanceID, stage StageID, role ReviewerRole, opts *ListOptions) iter.Seq2[DecisionItem, error] {
	seg, evolvable, err := role.segment()
	call := core.Call{Op: "list stage decisions for current user", Path: stagePath(def, inst, stage, segDecisions, seg), Query: opts.query(), Input: err}
	if evolvable {
		call.Version, call.Header = odata.Beta, evolvableEnumHeader()
	}
	return core.List[DecisionItem](ctx, s.core(), call)
}
