package accessreviews

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"strings"

	"github.com/graphkit/governance/accessreviews/internal/core"
	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/odata"
)

// DecisionUpdate is the body of a decision PATCH: what a reviewer records.
// Only what is set is sent.
type DecisionUpdate struct {
	// Decision is required: Approve, Deny, DontKnow, or NotReviewed to
	// withdraw an earlier decision.
	Decision Decision
	// Justification is the reviewer's reason, shown to administrators; ""
	// sends none. It is a plain string, as in every recording input
	// (DecisionRecord, BatchDecision) and in the item the service returns
	// (DecisionItem.Justification), which reads "" when there is none. A
	// recorded justification is replaced by sending another; none is ever
	// sent empty. The service rejects an Approve without one when the definition sets
	// justificationRequiredOnApproval; ValidateFor checks that rule against
	// the definition's settings.
	Justification string
}

// decisionPatch is the wire form of a DecisionUpdate.
type decisionPatch struct {
	Decision      Decision `json:"decision"`
	Justification string   `json:"justification,omitzero"`
}

// Validate reports every problem with u, as *odata.FieldError values named
// as on the wire ("decision"). Record calls it before sending anything.
func (u DecisionUpdate) Validate() error {
	return checkRecordedDecision("decision", u.Decision)
}

// ValidateFor is Validate plus the rules that depend on the definition the
// item belongs to: with settings.JustificationRequiredOnApproval, an Approve
// needs a non-blank justification. Record cannot know the definition without
// fetching it, so call ValidateFor(def.Settings) before Record when you have
// the definition at hand.
func (u DecisionUpdate) ValidateFor(settings Settings) error {
	err := u.Validate()
	if settings.JustificationRequiredOnApproval && u.Decision == DecisionApprove &&
		strings.TrimSpace(u.Justification) == "" {
		err = errors.Join(err, check.Invalid("justification", "is required to approve: the definition sets justificationRequiredOnApproval"))
	}
	return err
}

// List returns an iterator over the decision items of an instance.
//
// The service filters with eq on decision, applyResult and recommendation
// only, and pages by at most 100. To stream what is left to review:
//
//	opts := &accessreviews.ListOptions{Filter: odata.Eq("decision", accessreviews.DecisionNotReviewed)}
//	for item, err := range client.Decisions.List(ctx, defID, instID, opts) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(item.PrincipalDisplayName(), item.Recommendation)
//	}
//
// Expand: []string{"insights"} fills DecisionItem.Insights. Invalid IDs or
// options make the iterator yield one error and send nothing.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances/{id}/decisions
func (s *DecisionsService) List(ctx context.Context, def DefinitionID, inst InstanceID, opts *ListOptions) iter.Seq2[DecisionItem, error] {
	return core.List[DecisionItem](ctx, s.core(), core.Call{Op: "list decisions", Path: decisionsPath(def, inst), Query: opts.query()})
}

// ListForCurrentUser returns an iterator over the decision items of an
// instance that the signed-in user reviews. Call it with a delegated
// token (odata.WithDeviceCode): its Graph permission table lists
// application permissions too, but an application token has no current
// user, and what the service then returns is undocumented.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances/{id}/decisions/filterByCurrentUser(on='reviewer')
func (s *DecisionsService) ListForCurrentUser(ctx context.Context, def DefinitionID, inst InstanceID, opts *ListOptions) iter.Seq2[DecisionItem, error] {
	return core.List[DecisionItem](ctx, s.core(), core.Call{Op: "list decisions for current user", Path: decisionsPath(def, inst, segFBU), Query: opts.query()})
}

// Get returns one decision item of an instance, whole or with the
// properties named with Select. On a beta client, Select("delegatedBy")
// fills DecisionItem.DelegatedBy, which the service returns only when asked.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances/{id}/decisions/{id}
func (s *DecisionsService) Get(ctx context.Context, def DefinitionID, inst InstanceID, dec DecisionID, opts ...GetOption) (*DecisionItem, error) {
	return core.Get[DecisionItem](ctx, s.core(), core.Call{Op: "get decision", Path: decisionPath(def, inst, dec), Query: getQuery(opts)})
}

// Record records the caller's decision on one item. Only a reviewer of the
// item may record, with a delegated token (odata.WithDeviceCode): Graph
// supports no application permission here, and when it refuses an
// application token with 403 the error matches
// odata.ErrDelegatedTokenRequired. To record many decisions, use
// RecordMany.
//
// PATCH is idempotent, so the transport resends it after a throttle, a 503,
// a 504 or an ambiguous network failure.
//
// Graph: PATCH /identityGovernance/accessReviews/definitions/{id}/instances/{id}/decisions/{id}
func (s *DecisionsService) Record(ctx context.Context, def DefinitionID, inst InstanceID, dec DecisionID, u DecisionUpdate) error {
	return core.Do(ctx, s.core(), recordCall(decisionPath(def, inst, dec), u), nil)
}

// ListInStage returns an iterator over the decision items of one stage of
// a multi-stage instance, with the filters List accepts.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances/{id}/stages/{id}/decisions
func (s *DecisionsService) ListInStage(ctx context.Context, def DefinitionID, inst InstanceID, stage StageID, opts *ListOptions) iter.Seq2[DecisionItem, error] {
	return core.List[DecisionItem](ctx, s.core(), core.Call{Op: "list stage decisions", Path: stagePath(def, inst, stage, segDecisions), Query: opts.query()})
}

// ListInStageForCurrentUser returns an iterator over the decision items of
// one stage that the signed-in user reviews. Decisions of earlier stages
// are visible too when the definition sets
// decisionHistoriesForReviewersEnabled. Call it with a delegated
// token (odata.WithDeviceCode): its Graph permission table lists
// application permissions too, but an application token has no current
// user, and what the service then returns is undocumented.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances/{id}/stages/{id}/decisions/filterByCurrentUser(on='reviewer')
func (s *DecisionsService) ListInStageForCurrentUser(ctx context.Context, def DefinitionID, inst InstanceID, stage StageID, opts *ListOptions) iter.Seq2[DecisionItem, error] {
	return core.List[DecisionItem](ctx, s.core(), core.Call{Op: "list stage decisions for current user", Path: stagePath(def, inst, stage, segDecisions, segFBU), Query: opts.query()})
}

// GetInStage returns one decision item of a stage, whole or with the
// properties named with Select.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances/{id}/stages/{id}/decisions/{id}
func (s *DecisionsService) GetInStage(ctx context.Context, def DefinitionID, inst InstanceID, stage StageID, dec DecisionID, opts ...GetOption) (*DecisionItem, error) {
	return core.Get[DecisionItem](ctx, s.core(), core.Call{Op: "get decision", Path: stagePath(def, inst, stage, segDecisions, odata.GUID("decisionID", string(dec))), Query: getQuery(opts)})
}

// RecordInStage records the caller's decision on one item of a stage, as
// Record does for an instance, and likewise needs a delegated token.
//
// Graph: PATCH /identityGovernance/accessReviews/definitions/{id}/instances/{id}/stages/{id}/decisions/{id}
func (s *DecisionsService) RecordInStage(ctx context.Context, def DefinitionID, inst InstanceID, stage StageID, dec DecisionID, u DecisionUpdate) error {
	return core.Do(ctx, s.core(), recordCall(stagePath(def, inst, stage, segDecisions, odata.GUID("decisionID", string(dec))), u), nil)
}

// ListInsights returns an iterator over the insights of one decision item:
// UserSignInInsight, MembershipOutlierInsight, or UnknownInsight for a type
// this package does not know.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances/{id}/decisions/{id}/insights
func (s *DecisionsService) ListInsights(ctx context.Context, def DefinitionID, inst InstanceID, dec DecisionID) iter.Seq2[Insight, error] {
	return func(yield func(Insight, error) bool) {
		for v, err := range core.List[insightValue](ctx, s.core(), core.Call{Op: "list insights", Path: decisionPath(def, inst, dec, odata.Lit("insights"))}) {
			if err != nil {
				yield(nil, err)
				return
			}
			if v.Value != nil && !yield(v.Value, nil) {
				return
			}
		}
	}
}

// ListPendingForCurrentUserBeta returns an iterator over the signed-in
// user's decision items across every review of the tenant (beta
// decisions/filterByCurrentUser). DecisionItem.AccessReviewID names each
// item's instance. Call it with a delegated
// token (odata.WithDeviceCode): its Graph permission table lists
// application permissions too, but an application token has no current
// user, and what the service then returns is undocumented.
//
// This operation is beta-only.
//
// Graph: GET /identityGovernance/accessReviews/decisions/filterByCurrentUser(on='reviewer') (beta)
func (s *DecisionsService) ListPendingForCurrentUserBeta(ctx context.Context, opts *ListOptions) iter.Seq2[DecisionItem, error] {
	return core.List[DecisionItem](ctx, s.core(), core.Call{Op: "list pending decisions", Path: []odata.Segment{segIG, segAR, segDecisions, segFBU}, Query: opts.query(), Version: odata.Beta})
}

// recordCall is the PATCH of one decision item at path.
func recordCall(path []odata.Segment, u DecisionUpdate) core.Call {
	return core.Call{Op: "record decision", Method: http.MethodPatch, Path: path, Body: decisionPatch(u), DelegatedOnly: true, Input: u.Validate()}
}

// checkRecordedDecision reports a decision a reviewer cannot record: empty,
// or not one of the four the PATCH documents. The list is explicit because
// the Decision type also carries a value a reviewer never records
// (DecisionRecommendation, for stage settings).
func checkRecordedDecision(field string, d Decision) error {
	switch d {
	case DecisionApprove, DecisionDeny, DecisionDontKnow, DecisionNotReviewed:
		return nil
	case "":
		return check.Invalid(field, "is required")
	}
	return check.Invalid(field, "must be Approve, Deny, DontKnow or NotReviewed, got %q", shortTypeName(string(d)))
}
