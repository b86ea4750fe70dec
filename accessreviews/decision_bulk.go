package accessreviews

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/graphkit/governance/accessreviews/internal/core"
	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/odata"
)

// DecisionRecord is one decision for RecordMany.
type DecisionRecord struct {
	// ID is the decision item to record on.
	ID DecisionID
	// Decision is required: Approve, Deny, DontKnow or NotReviewed.
	Decision Decision
	// Justification is the reviewer's reason, as in DecisionUpdate; ""
	// sends none.
	Justification string
}

// RecordResult is the outcome of one DecisionRecord.
type RecordResult struct {
	// ID is the record's decision item.
	ID DecisionID
	// Err is nil when the decision was recorded. Otherwise it wraps one of:
	//   - an *odata.Error: the service refused the item (404 for an
	//     unknown item, 403 for a caller who is not its reviewer, 429 when
	//     throttling outlasted the retries…) or the whole batch (400, 401,
	//     403), and did not record it;
	//   - an *odata.OutcomeUnknownError (errors.Is(err,
	//     odata.ErrOutcomeUnknown)): the round trip failed without an answer
	//     for the item, which may or may not be recorded. PATCH is
	//     idempotent, so sending the record again is safe;
	//   - the context's error, for records never sent because ctx ended.
	Err error
}

// RecordOptions tunes RecordMany. A nil *RecordOptions means none.
type RecordOptions struct {
	// Progress, when set, is called after each round trip with the counts
	// so far, on the goroutine that called RecordMany.
	Progress func(Progress)
	// JustificationRequired makes RecordMany refuse, before anything is
	// sent, an Approve record without a justification. Set it from the
	// definition (def.Settings.JustificationRequiredOnApproval): the service
	// refuses such an item, and catching it up front keeps a long run from
	// failing item by item.
	JustificationRequired bool
}

// Progress is what RecordMany reports after each round trip: how many of
// its Total records have a final result, by kind. Recorded + Failed +
// OutcomeUnknown records are done; the others are yet to be sent.
type Progress struct {
	// Recorded counts the records the service recorded.
	Recorded int
	// Failed counts the records the service refused (their RecordResult.Err
	// wraps an *odata.Error).
	Failed int
	// OutcomeUnknown counts the records whose round trip failed without an
	// answer (their RecordResult.Err matches odata.ErrOutcomeUnknown): they
	// may or may not be recorded, and sending them again is safe.
	OutcomeUnknown int
	// Total is the number of records of the call.
	Total int
}

// add counts one final result.
func (p *Progress) add(err error) {
	switch {
	case err == nil:
		p.Recorded++
	case errors.Is(err, odata.ErrOutcomeUnknown):
		p.OutcomeUnknown++
	default:
		p.Failed++
	}
}

// RecordMany records a decision on each of many items of an instance, as
// [DecisionsService.Record] would one by one, and returns one
// [RecordResult] per record, in the order of records.
//
// Records are checked first, every problem reported at once and nothing
// sent: GUID IDs, each once (case-insensitively), known decisions and, with
// [RecordOptions.JustificationRequired], a justification on every Approve.
//
// The records go as PATCH requests in JSON batches of at most 20, one round
// trip at a time. A throttled item is resent alone after its Retry-After,
// within the client's retry policy; a batch that failed ambiguously (a
// reset or timeout after it was written, a 503, a 504) is resent whole.
// Other failures, an application token's 403 included, come back in the
// item's result.
//
// The error is nil unless records were invalid (results nil) or ctx ended
// (the records never sent carry ctx's error).
//
// Graph: POST /$batch of PATCH /identityGovernance/accessReviews/definitions/{id}/instances/{id}/decisions/{id}
func (s *DecisionsService) RecordMany(ctx context.Context, def DefinitionID, inst InstanceID, records []DecisionRecord, opts *RecordOptions) ([]RecordResult, error) {
	const op = "record decisions"
	if err := checkRecords(def, inst, records, opts != nil && opts.JustificationRequired); err != nil {
		return nil, s.core().Wrap(op, err)
	}
	c, err := s.core().Transport(op)
	if err != nil {
		return nil, err
	}
	results := make([]RecordResult, len(records))
	progress := Progress{Total: len(records)}
	for i, r := range records {
		results[i].ID = r.ID
	}
	for start := 0; start < len(records); start += odata.MaxBatchSize {
		end := min(start+odata.MaxBatchSize, len(records))
		if err := ctx.Err(); err != nil {
			for i := start; i < len(records); i++ {
				results[i].Err = fmt.Errorf("accessreviews: record decision %s: not sent: %w", records[i].ID, err)
			}
			return results, fmt.Errorf("accessreviews: record decisions: %w", err)
		}
		recordChunk(ctx, c, def, inst, records[start:end], start, results[start:end])
		for _, r := range results[start:end] {
			progress.add(r.Err)
		}
		if opts != nil && opts.Progress != nil {
			opts.Progress(progress)
		}
	}
	if err := ctx.Err(); err != nil {
		return results, fmt.Errorf("accessreviews: record decisions: %w", err)
	}
	return results, nil
}

// recordChunk sends one batch of at most MaxBatchSize records, whose first
// is records[offset] of the caller's slice, and fills their results.
func recordChunk(ctx context.Context, c *odata.Client, def DefinitionID, inst InstanceID, chunk []DecisionRecord, offset int, results []RecordResult) {
	reqs := make([]odata.BatchRequest, len(chunk))
	paths := make([]string, len(chunk))
	for i, r := range chunk {
		paths[i], _ = odata.JoinPath(decisionPath(def, inst, r.ID)...) // checked by checkRecords
		body := decisionPatch{Decision: r.Decision, Justification: r.Justification}
		reqs[i] = odata.BatchRequest{ID: strconv.Itoa(offset + i), Method: http.MethodPatch, Path: paths[i], Body: body, DelegatedOnly: true}
	}
	out, err := c.Batch(ctx, reqs)
	for i, r := range chunk {
		var res odata.BatchResult
		if i < len(out) {
			res = out[i]
		} else {
			res.Err = err // Batch refused the requests; cannot happen after checkRecords
		}
		if res.Err == nil && res.Status == 0 {
			res.Err = errors.New("the batch returned no result for the item")
		}
		results[i].Err = recordItemErr(r.ID, paths[i], res)
	}
}

// recordItemErr classifies the outcome of one batched PATCH. A sub-response
// is the service's answer for the item; an error without one (the envelope
// failed in transit or with a 5xx) leaves the item's fate unknown.
func recordItemErr(id DecisionID, path string, res odata.BatchResult) error {
	if res.Err == nil {
		return nil
	}
	err := res.Err
	var apiErr *odata.Error
	var unknown *odata.OutcomeUnknownError
	switch {
	case res.Status != 0, errors.As(err, &unknown):
	case errors.As(err, &apiErr) && apiErr.StatusCode < 500:
		// The envelope was refused (400, 401, 403, 429): nothing ran.
	default:
		err = &odata.OutcomeUnknownError{Method: http.MethodPatch, Path: "/" + path, Err: err}
	}
	return fmt.Errorf("accessreviews: record decision %s: %w", id, err)
}

// checkRecords reports every problem with a RecordMany call.
func checkRecords(def DefinitionID, inst InstanceID, records []DecisionRecord, justificationRequired bool) error {
	_, pathErr := odata.JoinPath(decisionsPath(def, inst)...)
	errs := []error{pathErr}
	seen := make(map[string]int, len(records))
	for i, r := range records {
		field := "records[" + strconv.Itoa(i) + "]"
		errs = append(errs, check.GUID(field+".id", string(r.ID)), checkRecordedDecision(field+".decision", r.Decision))
		if justificationRequired && r.Decision == DecisionApprove && strings.TrimSpace(r.Justification) == "" {
			errs = append(errs, check.Invalid(field+".justification", "is required to approve: the definition sets justificationRequiredOnApproval"))
		}
		key := strings.ToLower(string(r.ID))
		if prev, dup := seen[key]; dup {
			errs = append(errs, check.Invalid(field+".id", "duplicates records[%d].id", prev))
		} else {
			seen[key] = i
		}
	}
	return errors.Join(errs...)
}

// BatchDecision is one decision recorded on many items at once, by
// DecisionsService.BatchRecord, BatchRecordInStage, RecordAll and
// RecordAllInInstance: every item about PrincipalID, every item about
// ResourceID, the items matching both, or, with AllItems, every item the
// call reaches.
//
// The decision replaces whatever was recorded on the matching items before,
// whoever recorded it (last writer wins). When the definition requires a
// justification on approval, an Approve without Justification is refused by
// the service (400); this package cannot know the setting without fetching
// the definition.
type BatchDecision struct {
	// Decision is recorded on every matching item: Approve, Deny, DontKnow
	// or NotReviewed (RecordAll and RecordAllInInstance refuse
	// NotReviewed, which recordAllDecisions does not document). Required.
	Decision Decision
	// Justification is the reviewer's reason, shown to administrators; ""
	// sends none.
	Justification string
	// PrincipalID narrows the items to those about this principal (a user
	// or service principal object ID).
	PrincipalID string
	// ResourceID narrows the items to those about this resource (an object
	// ID, or an Azure resource path).
	ResourceID string
	// AllItems confirms that the decision is meant for every item the call
	// reaches. It is required when neither PrincipalID nor ResourceID is
	// set, so that an ID left empty by mistake cannot decide the whole
	// review, and refused with them. It is not sent.
	AllItems bool
}

// Validate reports every problem with b at once, as *odata.FieldError values
// joined with errors.Join, named as on the wire ("decision"; "allItems" for
// the confirmation): the decision is required and one a reviewer records,
// and AllItems says whether every item is meant. The IDs are sent as given:
// the actions document no form for them.
func (b BatchDecision) Validate() error {
	narrowed := b.PrincipalID != "" || b.ResourceID != ""
	errs := []error{checkRecordedDecision("decision", b.Decision)}
	switch {
	case !narrowed && !b.AllItems:
		errs = append(errs, check.Invalid("allItems", "must be set to record a decision on every item when neither principalId nor resourceId is given"))
	case narrowed && b.AllItems:
		errs = append(errs, check.Invalid("allItems", "cannot be combined with principalId or resourceId"))
	}
	return errors.Join(errs...)
}

// batchRecordBody is the POST body of batchRecordDecisions and
// recordAllDecisions. AllItems is expressed by leaving both IDs out.
type batchRecordBody struct {
	Decision      Decision `json:"decision"`
	Justification string   `json:"justification,omitzero"`
	PrincipalID   string   `json:"principalId,omitzero"`
	ResourceID    string   `json:"resourceId,omitzero"`
}

// body projects b onto the wire.
func (b BatchDecision) body() batchRecordBody {
	return batchRecordBody{Decision: b.Decision, Justification: b.Justification, PrincipalID: b.PrincipalID, ResourceID: b.ResourceID}
}

// BatchRecord records one decision on many items of an instance in one
// request: the items of a principal, of a resource, of both, or every item
// (see BatchDecision, which is validated before any request). Use it for a
// uniform decision ("approve everything of this resource"); to record a
// different decision on each item, use RecordMany.
//
// The last writer wins: the decision replaces the earlier decision of every
// matching item, including decisions other reviewers recorded. That makes
// BatchRecord non-idempotent: a late resend could overwrite a decision
// recorded in between, so it is resent only where the service certainly did
// not process the first attempt (429, connection refused). An ambiguous
// failure returns an error matching odata.ErrOutcomeUnknown; list the
// decisions to see what was recorded.
//
// Graph: POST /identityGovernance/accessReviews/definitions/{id}/instances/{id}/batchRecordDecisions
func (s *DecisionsService) BatchRecord(ctx context.Context, def DefinitionID, inst InstanceID, b BatchDecision) error {
	return core.Do(ctx, s.core(), batchCall("batch record decisions", instancePath(def, inst, segBatchRecord), b, ""), nil)
}

// BatchRecordInStage records one decision on many items of one stage of a
// multi-stage instance in one request, as BatchRecord does for an
// instance, with the same retry semantics.
//
// Graph: POST /identityGovernance/accessReviews/definitions/{id}/instances/{id}/stages/{id}/batchRecordDecisions
func (s *DecisionsService) BatchRecordInStage(ctx context.Context, def DefinitionID, inst InstanceID, stage StageID, b BatchDecision) error {
	return core.Do(ctx, s.core(), batchCall("batch record stage decisions", stagePath(def, inst, stage, segBatchRecord), b, ""), nil)
}

// RecordAll records one decision on every item the signed-in reviewer has,
// in every review of the tenant, that matches b.PrincipalID and
// b.ResourceID, or every one of them with b.AllItems. Call it with a
// delegated token (odata.WithDeviceCode): its Graph permission table lists
// application permissions too, but an application token has no current
// user, and what the service then does is undocumented.
//
// It is last-writer-wins over every matching item, so it is retried only
// where the service certainly did not process it (a throttle, a failed
// dial); after an ambiguous failure the error matches
// odata.ErrOutcomeUnknown: list the items to see what was recorded.
//
// This operation is beta-only.
//
// Graph: POST /identityGovernance/accessReviews/decisions/filterByCurrentUser(on='reviewer')/recordAllDecisions (beta)
func (s *DecisionsService) RecordAll(ctx context.Context, b BatchDecision) error {
	return core.Do(ctx, s.core(), batchCall("record all decisions", []odata.Segment{segIG, segAR, segDecisions, segFBU, segRecordAll}, b, odata.Beta), nil)
}

// RecordAllInInstance is RecordAll limited to the caller's items of one
// instance, with the same retry semantics.
//
// This operation is beta-only.
//
// Graph: POST /identityGovernance/accessReviews/definitions/{id}/instances/{id}/decisions/recordAllDecisions (beta)
func (s *DecisionsService) RecordAllInInstance(ctx context.Context, def DefinitionID, inst InstanceID, b BatchDecision) error {
	return core.Do(ctx, s.core(), batchCall("record all decisions", decisionsPath(def, inst, segRecordAll), b, odata.Beta), nil)
}

// batchCall is the POST of a BatchDecision: batchRecordDecisions, or, on
// the beta API, recordAllDecisions, which documents Approve, Deny and
// DontKnow only.
func batchCall(op string, path []odata.Segment, b BatchDecision, v odata.APIVersion) core.Call {
	var invalid error
	if v == odata.Beta && b.Decision == DecisionNotReviewed {
		invalid = check.Invalid("decision", "must be Approve, Deny or DontKnow to record all decisions, got %q", b.Decision)
	}
	invalid = errors.Join(invalid, b.Validate())
	return core.Call{Op: op, Method: http.MethodPost, Path: path, Body: b.body(), Version: v, Class: odata.RetryNonIdempotent, Input: invalid}
}
