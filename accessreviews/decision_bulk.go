package accessreviews

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/graphkit/governance/odata"
)

// DecisionRecord is one decision for RecordMany.
type DecisionRecord struct {
	// ID is the decision item to record on.
	ID DecisionID
	// Decision is required: Approve, Deny, DontKnow or NotReviewed.
	Decision DecisionValue
	// Justification is the reviewer's reason; "" sends none and leaves the
	// current one unchanged (Record with new("") clears it).
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
	// Progress, when set, is called after each round trip with the number
	// of records that have their final result and the total, on the
	// goroutine that called RecordMany.
	Progress func(done, total int)
	// JustificationRequired makes RecordMany refuse, before anything is
	// sent, an Approve record without a justification. Set it from the
	// definition (def.Settings.JustificationRequiredOnApproval): the service
	// refuses such an item, and catching it up front keeps a long run from
	// failing item by item.
	JustificationRequired bool
}

// RecordMany records a decision on each of many items of an instance, as
// [DecisionsService.Record] would one by one, and returns one result per
// record, in the order of records. [DecisionsService] compares it with the
// other ways of recording many decisions.
//
// Records are checked first, every problem reported at once and nothing
// sent: GUID IDs, each once (case-insensitively), known decisions and, with
// [RecordOptions.JustificationRequired], a justification on every Approve.
//
// The records go as PATCH requests in JSON batches of at most 20, one round
// trip at a time. A throttled item is resent alone after its Retry-After,
// within the client's retry policy; a batch that failed ambiguously (a
// reset or timeout after it was written, a 503, a 504) is resent whole.
// Other failures come back in the item's result.
//
// The error is nil unless records were invalid (results nil) or ctx ended
// (the records never sent carry ctx's error).
//
// Only a reviewer of the items may record, with a delegated token
// ([odata.WithDeviceCode]); an application token gets a 403 for every item,
// whose error matches [odata.ErrDelegatedTokenRequired] as Record's does.
//
// Graph: POST /$batch of PATCH /identityGovernance/accessReviews/definitions/{id}/instances/{id}/decisions/{id}
func (s *DecisionsService) RecordMany(ctx context.Context, def DefinitionID, inst InstanceID, records []DecisionRecord, opts *RecordOptions) ([]RecordResult, error) {
	if err := checkRecords(def, inst, records, opts != nil && opts.JustificationRequired); err != nil {
		return nil, fmt.Errorf("accessreviews: record decisions: %w", err)
	}
	results := make([]RecordResult, len(records))
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
		s.recordChunk(ctx, def, inst, records[start:end], start, results[start:end])
		if opts != nil && opts.Progress != nil {
			opts.Progress(end, len(records))
		}
	}
	if err := ctx.Err(); err != nil {
		return results, fmt.Errorf("accessreviews: record decisions: %w", err)
	}
	return results, nil
}

// recordChunk sends one batch of at most MaxBatchSize records, whose first
// is records[offset] of the caller's slice, and fills their results.
func (s *DecisionsService) recordChunk(ctx context.Context, def DefinitionID, inst InstanceID, chunk []DecisionRecord, offset int, results []RecordResult) {
	reqs := make([]odata.BatchRequest, len(chunk))
	paths := make([]string, len(chunk))
	for i, r := range chunk {
		paths[i], _ = decisionPath(def, inst, r.ID) // checked by checkRecords
		body := decisionPatch{Decision: r.Decision}
		if r.Justification != "" {
			body.Justification = &r.Justification
		}
		reqs[i] = odata.BatchRequest{ID: strconv.Itoa(offset + i), Method: http.MethodPatch, Path: paths[i], Body: body, DelegatedOnly: true}
	}
	out, err := s.c.Batch(ctx, reqs)
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
	_, pathErr := decisionsPath(def, inst)
	errs := []error{pathErr}
	seen := make(map[string]int, len(records))
	for i, r := range records {
		field := "records[" + strconv.Itoa(i) + "]"
		errs = append(errs, odata.CheckGUID(field+".id", string(r.ID)), checkRecordedDecision(field+".decision", r.Decision))
		if justificationRequired && r.Decision == DecisionApprove && strings.TrimSpace(r.Justification) == "" {
			errs = append(errs, odata.Invalid(field+".justification", "is required to approve: the definition sets justificationRequiredOnApproval"))
		}
		key := strings.ToLower(string(r.ID))
		if prev, dup := seen[key]; dup {
			errs = append(errs, odata.Invalid(field+".id", "duplicates records[%d].id", prev))
		} else {
			seen[key] = i
		}
	}
	return errors.Join(errs...)
}

// RecordAllInput is the body of recordAllDecisions: one decision for all of
// the signed-in reviewer's items that match PrincipalID and ResourceID, or,
// with AllItems, all of them.
type RecordAllInput struct {
	// Decision is required: Approve, Deny or DontKnow.
	Decision DecisionValue
	// Justification is the reviewer's reason; "" sends none.
	Justification string
	// PrincipalID limits the call to the items about this principal (a user
	// or service principal object ID).
	PrincipalID string
	// ResourceID limits the call to the items about this resource (an
	// object ID, or an Azure resource path).
	ResourceID string
	// AllItems confirms that the decision is meant for every item the
	// caller reviews. It is required when neither PrincipalID nor
	// ResourceID is set, so that an ID left empty by mistake cannot decide
	// everything, and refused with them. It is not sent.
	AllItems bool
}

// recordAllBody is the wire form of a RecordAllInput; AllItems is expressed
// by leaving both IDs out.
type recordAllBody struct {
	Decision      DecisionValue `json:"decision"`
	Justification string        `json:"justification,omitempty"`
	PrincipalID   string        `json:"principalId,omitempty"`
	ResourceID    string        `json:"resourceId,omitempty"`
}

// Validate reports every problem with in at once, as *odata.FieldError
// values joined with errors.Join, named as on the wire ("decision";
// "allItems" for the confirmation): the decision is one of the three the
// action documents, and AllItems says whether every item is meant. The IDs
// are sent as given: the action documents no form for them.
func (in RecordAllInput) Validate() error {
	var errs []error
	switch in.Decision {
	case "":
		errs = append(errs, odata.Invalid("decision", "is required"))
	case DecisionApprove, DecisionDeny, DecisionDontKnow:
	default:
		errs = append(errs, odata.Invalid("decision", "must be Approve, Deny or DontKnow, got %q", shortTypeName(string(in.Decision))))
	}
	narrowed := in.PrincipalID != "" || in.ResourceID != ""
	switch {
	case !narrowed && !in.AllItems:
		errs = append(errs, odata.Invalid("allItems", "must be set to record a decision on every item when neither principalId nor resourceId is given"))
	case narrowed && in.AllItems:
		errs = append(errs, odata.Invalid("allItems", "cannot be combined with principalId or resourceId"))
	}
	return errors.Join(errs...)
}

// RecordAll records one decision on every item the signed-in reviewer has,
// in every review of the tenant, that matches in.PrincipalID and
// in.ResourceID, or every one of them with in.AllItems. Call it with a
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
func (s *DecisionsService) RecordAll(ctx context.Context, in RecordAllInput) error {
	path, err := odata.JoinPath(segIG, segAR, segDecisions, segFBU, segRecordAll)
	return s.recordAll(ctx, path, err, in)
}

// RecordAllInInstance is RecordAll limited to the caller's items of one
// instance, with the same retry semantics.
//
// This operation is beta-only.
//
// Graph: POST /identityGovernance/accessReviews/definitions/{id}/instances/{id}/decisions/recordAllDecisions (beta)
func (s *DecisionsService) RecordAllInInstance(ctx context.Context, def DefinitionID, inst InstanceID, in RecordAllInput) error {
	path, err := decisionsPath(def, inst, segRecordAll)
	return s.recordAll(ctx, path, err, in)
}

// recordAll sends one recordAllDecisions action.
func (s *DecisionsService) recordAll(ctx context.Context, path string, pathErr error, in RecordAllInput) error {
	if err := errors.Join(pathErr, in.Validate()); err != nil {
		return fmt.Errorf("accessreviews: record all decisions: %w", err)
	}
	req := &odata.Request{
		Method:  http.MethodPost,
		Path:    path,
		Version: odata.Beta,
		Class:   odata.RetryNonIdempotent,
		Body:    recordAllBody{Decision: in.Decision, Justification: in.Justification, PrincipalID: in.PrincipalID, ResourceID: in.ResourceID},
	}
	if err := s.c.Do(ctx, req, nil); err != nil {
		return fmt.Errorf("accessreviews: record all decisions: %w", err)
	}
	return nil
}

// segRecordAll is the recordAllDecisions action segment.
var segRecordAll = odata.Lit("recordAllDecisions")
