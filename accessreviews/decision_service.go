package accessreviews

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strings"

	"github.com/graphkit/governance/odata"
)

// DecisionUpdate is the body of a decision PATCH: what a reviewer records.
// Only what is set is sent.
type DecisionUpdate struct {
	// Decision is required: Approve, Deny, DontKnow, or NotReviewed to
	// withdraw an earlier decision.
	Decision DecisionValue
	// Justification is the reviewer's reason; nil leaves the current one
	// unchanged and new("") clears it. The service rejects an Approve
	// without one when the definition sets justificationRequiredOnApproval;
	// ValidateFor checks that rule against the definition's settings.
	Justification *string
}

// decisionPatch is the wire form of a DecisionUpdate.
type decisionPatch struct {
	Decision      DecisionValue `json:"decision"`
	Justification *string       `json:"justification,omitempty"`
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
		(u.Justification == nil || strings.TrimSpace(*u.Justification) == "") {
		err = errors.Join(err, odata.Invalid("justification", "is required to approve: the definition sets justificationRequiredOnApproval"))
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
// Expand: []string{"insights"} fills Decision.Insights. Invalid IDs or
// options make the iterator yield one error and send nothing.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances/{id}/decisions
func (s *DecisionsService) List(ctx context.Context, def DefinitionID, inst InstanceID, opts *ListOptions) iter.Seq2[Decision, error] {
	path, err := decisionsPath(def, inst)
	return s.list(ctx, "list decisions", path, err, opts, "")
}

// ListForCurrentUser returns an iterator over the decision items of an
// instance that the signed-in user reviews. Call it with a delegated
// token (odata.WithDeviceCode): its Graph permission table lists
// application permissions too, but an application token has no current
// user, and what the service then returns is undocumented.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances/{id}/decisions/filterByCurrentUser(on='reviewer')
func (s *DecisionsService) ListForCurrentUser(ctx context.Context, def DefinitionID, inst InstanceID, opts *ListOptions) iter.Seq2[Decision, error] {
	path, err := decisionsPath(def, inst, segFBU)
	return s.list(ctx, "list decisions for current user", path, err, opts, "")
}

// Get returns one decision item of an instance, whole or with the
// properties named with Select. On a beta client, Select("delegatedBy")
// fills Decision.DelegatedBy, which the service returns only when asked.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances/{id}/decisions/{id}
func (s *DecisionsService) Get(ctx context.Context, def DefinitionID, inst InstanceID, dec DecisionID, opts ...GetOption) (*Decision, error) {
	path, err := decisionPath(def, inst, dec)
	return s.get(ctx, path, err, opts)
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
	path, err := decisionPath(def, inst, dec)
	return s.record(ctx, path, err, u)
}

// ListInStage returns an iterator over the decision items of one stage of
// a multi-stage instance, with the filters List accepts.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances/{id}/stages/{id}/decisions
func (s *DecisionsService) ListInStage(ctx context.Context, def DefinitionID, inst InstanceID, stage StageID, opts *ListOptions) iter.Seq2[Decision, error] {
	path, err := stagePath(def, inst, stage, segDecisions)
	return s.list(ctx, "list stage decisions", path, err, opts, "")
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
func (s *DecisionsService) ListInStageForCurrentUser(ctx context.Context, def DefinitionID, inst InstanceID, stage StageID, opts *ListOptions) iter.Seq2[Decision, error] {
	path, err := stagePath(def, inst, stage, segDecisions, segFBU)
	return s.list(ctx, "list stage decisions for current user", path, err, opts, "")
}

// GetInStage returns one decision item of a stage, whole or with the
// properties named with Select.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances/{id}/stages/{id}/decisions/{id}
func (s *DecisionsService) GetInStage(ctx context.Context, def DefinitionID, inst InstanceID, stage StageID, dec DecisionID, opts ...GetOption) (*Decision, error) {
	path, err := stagePath(def, inst, stage, segDecisions, odata.GUID("decisionID", string(dec)))
	return s.get(ctx, path, err, opts)
}

// RecordInStage records the caller's decision on one item of a stage, as
// Record does for an instance, and likewise needs a delegated token.
//
// Graph: PATCH /identityGovernance/accessReviews/definitions/{id}/instances/{id}/stages/{id}/decisions/{id}
func (s *DecisionsService) RecordInStage(ctx context.Context, def DefinitionID, inst InstanceID, stage StageID, dec DecisionID, u DecisionUpdate) error {
	path, err := stagePath(def, inst, stage, segDecisions, odata.GUID("decisionID", string(dec)))
	return s.record(ctx, path, err, u)
}

// ListInsights returns an iterator over the insights of one decision item:
// UserSignInInsight, MembershipOutlierInsight, or UnknownInsight for a type
// this package does not know.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances/{id}/decisions/{id}/insights
func (s *DecisionsService) ListInsights(ctx context.Context, def DefinitionID, inst InstanceID, dec DecisionID) iter.Seq2[Insight, error] {
	return func(yield func(Insight, error) bool) {
		path, err := decisionPath(def, inst, dec, odata.Lit("insights"))
		if err != nil {
			yield(nil, fmt.Errorf("accessreviews: list insights: %w", err))
			return
		}
		req := &odata.Request{Method: http.MethodGet, Path: path}
		for v, err := range odata.All[insightValue](ctx, s.c, req) {
			if err != nil {
				yield(nil, fmt.Errorf("accessreviews: list insights: %w", err))
				return
			}
			if v.value != nil && !yield(v.value, nil) {
				return
			}
		}
	}
}

// ListPendingForCurrentUser returns an iterator over the signed-in user's
// decision items across every review of the tenant.
// Decision.AccessReviewID names each item's instance. Call it with a delegated
// token (odata.WithDeviceCode): its Graph permission table lists
// application permissions too, but an application token has no current
// user, and what the service then returns is undocumented.
//
// This operation is beta-only.
//
// Graph: GET /identityGovernance/accessReviews/decisions/filterByCurrentUser(on='reviewer') (beta)
func (s *DecisionsService) ListPendingForCurrentUser(ctx context.Context, opts *ListOptions) iter.Seq2[Decision, error] {
	path, err := odata.JoinPath(segIG, segAR, segDecisions, segFBU)
	return s.list(ctx, "list pending decisions", path, err, opts, odata.Beta)
}

// list builds a decision iterator; a path or options problem makes it yield
// one error without sending anything.
func (s *DecisionsService) list(ctx context.Context, op, path string, pathErr error, opts *ListOptions, v odata.APIVersion) iter.Seq2[Decision, error] {
	return s.listWith(ctx, op, path, pathErr, opts, v, nil)
}

// listWith builds a decision iterator whose requests carry header.
func (s *DecisionsService) listWith(ctx context.Context, op, path string, pathErr error, opts *ListOptions, v odata.APIVersion, header http.Header) iter.Seq2[Decision, error] {
	return func(yield func(Decision, error) bool) {
		if err := errors.Join(pathErr, opts.validate()); err != nil {
			yield(Decision{}, fmt.Errorf("accessreviews: %s: %w", op, err))
			return
		}
		req := &odata.Request{Method: http.MethodGet, Path: path, Query: opts.query(), Version: v, Header: header}
		for item, err := range odata.All[Decision](ctx, s.c, req) {
			if err != nil {
				yield(Decision{}, fmt.Errorf("accessreviews: %s: %w", op, err))
				return
			}
			if !yield(item, nil) {
				return
			}
		}
	}
}

// get fetches one decision item.
func (s *DecisionsService) get(ctx context.Context, path string, pathErr error, opts []GetOption) (*Decision, error) {
	q, qerr := getQuery(opts)
	if err := errors.Join(pathErr, qerr); err != nil {
		return nil, fmt.Errorf("accessreviews: get decision: %w", err)
	}
	var out Decision
	if err := s.c.Do(ctx, &odata.Request{Method: http.MethodGet, Path: path, Query: q}, &out); err != nil {
		return nil, fmt.Errorf("accessreviews: get decision: %w", err)
	}
	return &out, nil
}

// record sends one decision PATCH.
func (s *DecisionsService) record(ctx context.Context, path string, pathErr error, u DecisionUpdate) error {
	if err := errors.Join(pathErr, u.Validate()); err != nil {
		return fmt.Errorf("accessreviews: record decision: %w", err)
	}
	req := &odata.Request{Method: http.MethodPatch, Path: path, Body: decisionPatch(u), DelegatedOnly: true}
	if err := s.c.Do(ctx, req, nil); err != nil {
		return fmt.Errorf("accessreviews: record decision: %w", err)
	}
	return nil
}

// segDecisions is the decisions collection segment.
var segDecisions = odata.Lit("decisions")

// decisionsPath is the path of an instance's decisions.
func decisionsPath(d DefinitionID, i InstanceID, extra ...odata.Segment) (string, error) {
	return instancePath(d, i, append([]odata.Segment{segDecisions}, extra...)...)
}

// decisionPath is the path of one decision of an instance.
func decisionPath(d DefinitionID, i InstanceID, x DecisionID, extra ...odata.Segment) (string, error) {
	return decisionsPath(d, i, append([]odata.Segment{odata.GUID("decisionID", string(x))}, extra...)...)
}

// checkRecordedDecision reports a decision a reviewer cannot record: empty,
// or not one of the four the PATCH documents. The list is explicit because
// the Decision type also carries values a reviewer never records
// (DecisionRecommendation, for stage settings).
func checkRecordedDecision(field string, d DecisionValue) error {
	switch d {
	case DecisionApprove, DecisionDeny, DecisionDontKnow, DecisionNotReviewed:
		return nil
	case "":
		return odata.Invalid(field, "is required")
	}
	return odata.Invalid(field, "must be Approve, Deny, DontKnow or NotReviewed, got %q", shortTypeName(string(d)))
}
