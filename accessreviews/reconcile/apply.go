package reconcile

import (
	"context"
	"encoding/json/v2"
	"errors"
	"fmt"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/internal/poly"
	"github.com/graphkit/governance/odata"
)

// ErrChanged matches the error of a step Apply did not carry out because
// the tenant changed since the plan was made: the definition to update or
// delete is no longer the one the plan read, or the definition to create
// has appeared. Nothing was sent for that step; make a new plan.
var ErrChanged = errors.New("the tenant changed since the plan was made")

// maxCreateAttempts bounds how often Apply sends a create whose earlier
// attempts failed ambiguously and left no definition behind.
const maxCreateAttempts = 3

// ApplyOptions says how Apply goes on after a failure. The zero value stops
// at the first failure.
type ApplyOptions struct {
	// ContinueOnError carries out the remaining steps after one fails;
	// without it they are skipped.
	ContinueOnError bool
}

// Apply carries out the plan: creates, then updates, then deletes, one
// definition at a time, and reports what happened to each. The error joins
// the errors of the steps that did not succeed; the report is returned
// either way.
//
// Before anything is sent the tenant is read again: a step whose
// definition changed since the plan was made fails with ErrChanged, and
// nothing is sent for it. An update is a PUT of the desired definition with
// the properties the tenant's definition has and the desired one does not
// set (properties the SDK does not model) kept. An ambiguous failure is
// settled as [Outcome] describes: a lost response never makes a duplicate.
// A failure stops the remaining steps unless
// [ApplyOptions.ContinueOnError] is set. Planning again right after
// applying shows no changes.
func (p *Plan) Apply(ctx context.Context, client *accessreviews.Client, opts *ApplyOptions) (*Report, error) {
	switch {
	case p == nil:
		return nil, errors.New("reconcile: apply: the plan is nil")
	case client == nil:
		return nil, errors.New("reconcile: apply: the client is nil")
	}
	var o ApplyOptions
	if opts != nil {
		o = *opts
	}
	a := applier{plan: p, client: client}
	rep := &Report{}
	stop := false
	var existing map[string][]accessreviews.Definition
	var listErr error
	if p.Count(ActionCreate) > 0 {
		existing, listErr = a.keys(ctx)
	}
	for i := range p.Steps {
		s := &p.Steps[i]
		var r Result
		switch {
		case s.Action == ActionNone:
			r = Result{Outcome: OutcomeUnchanged}
		case stop:
			r = Result{Outcome: OutcomeSkipped, Err: errors.New("not attempted after an earlier failure")}
		case ctx.Err() != nil:
			r = Result{Outcome: OutcomeSkipped, Err: ctx.Err()}
		case s.Action == ActionCreate && listErr != nil:
			r = Result{Outcome: OutcomeFailed, Err: fmt.Errorf("list the definitions before creating: %w", listErr)}
		case s.Action == ActionCreate:
			r = a.create(ctx, s, existing)
		case s.Action == ActionUpdate:
			r = a.update(ctx, s)
		case s.Action == ActionDelete:
			r = a.delete(ctx, s)
		}
		r.Step = s
		if r.ID == "" {
			r.ID = s.ID()
		}
		if r.Err != nil {
			if !o.ContinueOnError && r.Outcome != OutcomeSkipped {
				stop = true
			}
		}
		rep.Results = append(rep.Results, r)
	}
	if err := rep.Err(); err != nil {
		return rep, fmt.Errorf("reconcile: apply: %w", err)
	}
	return rep, nil
}

// applier carries out the steps of one Apply.
type applier struct {
	plan   *Plan
	client *accessreviews.Client
}

// keys lists the tenant's definitions by key.
func (a *applier) keys(ctx context.Context) (map[string][]accessreviews.Definition, error) {
	out := map[string][]accessreviews.Definition{}
	for d, err := range a.client.Definitions.List(ctx, nil) {
		if err != nil {
			return nil, err
		}
		k := a.plan.opts.key(&d)
		out[k] = append(out[k], d)
	}
	return out, nil
}

// create creates the desired definition of s, looking it up by key after
// an ambiguous failure before trying again.
func (a *applier) create(ctx context.Context, s *Step, existing map[string][]accessreviews.Definition) Result {
	if found := existing[s.Key]; len(found) > 0 {
		return Result{Outcome: OutcomeFailed, ID: found[0].ID, Err: fmt.Errorf("%w: definition %s now has the key %q", ErrChanged, found[0].ID, s.Key)}
	}
	var errs []error
	for attempt := 1; ; attempt++ {
		created, err := a.client.Definitions.Create(ctx, s.Desired)
		if err == nil {
			return Result{Outcome: OutcomeCreated, ID: created.ID, Note: createNote(attempt)}
		}
		errs = append(errs, err)
		if !errors.Is(err, odata.ErrOutcomeUnknown) {
			if attempt == 1 {
				return Result{Outcome: OutcomeFailed, Err: err}
			}
			// An earlier attempt may have created it after all.
			return Result{Outcome: OutcomeUnknown, Err: errors.Join(errs...)}
		}
		now, err := a.keys(ctx)
		if err != nil {
			return Result{Outcome: OutcomeUnknown, Err: errors.Join(append(errs, fmt.Errorf("look up after an ambiguous failure: %w", err))...)}
		}
		switch found := now[s.Key]; {
		case len(found) == 1:
			return Result{Outcome: OutcomeCreated, ID: found[0].ID,
				Note: fmt.Sprintf("found by key after %d ambiguous attempt(s)", attempt)}
		case len(found) > 1:
			return Result{Outcome: OutcomeUnknown, Err: fmt.Errorf("after an ambiguous failure %d definitions have the key %q: %s",
				len(found), s.Key, idList(found, indexes(len(found))))}
		case attempt == maxCreateAttempts:
			return Result{Outcome: OutcomeUnknown, Err: errors.Join(errs...)}
		}
	}
}

// createNote says how many attempts a create took, when more than one.
func createNote(attempt int) string {
	if attempt == 1 {
		return ""
	}
	return fmt.Sprintf("created at attempt %d; no definition with its key existed after the earlier ambiguous failures", attempt)
}

// update replaces the tenant's definition of s with the desired one,
// keeping the tenant's unmodelled properties.
func (a *applier) update(ctx context.Context, s *Step) Result {
	cur, res, ok := a.unchangedSincePlan(ctx, s)
	if !ok {
		return res
	}
	body, err := a.mergedBody(s, cur)
	if err != nil {
		return Result{Outcome: OutcomeFailed, Err: err}
	}
	err = a.client.Definitions.Update(ctx, s.ID(), body)
	switch {
	case err == nil:
		return Result{Outcome: OutcomeUpdated}
	case !errors.Is(err, odata.ErrOutcomeUnknown):
		return Result{Outcome: OutcomeFailed, Err: err}
	}
	got, gerr := a.client.Definitions.Get(ctx, s.ID())
	if gerr == nil {
		if form, ferr := normalForm(got); ferr == nil {
			dropUnmodelled(form, s.want)
			if len(diff(form, s.want)) == 0 {
				return Result{Outcome: OutcomeUpdated, Note: "confirmed by reading it after an ambiguous failure"}
			}
		}
	}
	return Result{Outcome: OutcomeUnknown, Err: errors.Join(err, gerr)}
}

// delete deletes the tenant's definition of s.
func (a *applier) delete(ctx context.Context, s *Step) Result {
	if _, res, ok := a.unchangedSincePlan(ctx, s); !ok {
		return res
	}
	err := a.client.Definitions.Delete(ctx, s.ID())
	switch {
	case err == nil:
		return Result{Outcome: OutcomeDeleted}
	case errors.Is(err, odata.ErrNotFound):
		// Delete resends once after an ambiguous failure; a 404 then
		// means the first attempt deleted it.
		return Result{Outcome: OutcomeDeleted, Note: "already gone"}
	case !errors.Is(err, odata.ErrOutcomeUnknown):
		return Result{Outcome: OutcomeFailed, Err: err}
	}
	if _, gerr := a.client.Definitions.Get(ctx, s.ID()); errors.Is(gerr, odata.ErrNotFound) {
		return Result{Outcome: OutcomeDeleted, Note: "confirmed by reading it after an ambiguous failure"}
	}
	return Result{Outcome: OutcomeUnknown, Err: err}
}

// unchangedSincePlan reads the tenant's definition of s again and reports
// whether it is still the one the plan read. When it is not, the result
// says why and nothing must be sent.
func (a *applier) unchangedSincePlan(ctx context.Context, s *Step) (*accessreviews.Definition, Result, bool) {
	cur, err := a.client.Definitions.Get(ctx, s.ID())
	switch {
	case errors.Is(err, odata.ErrNotFound) && s.Action == ActionDelete:
		return nil, Result{Outcome: OutcomeDeleted, Note: "already gone"}, false
	case errors.Is(err, odata.ErrNotFound):
		return nil, Result{Outcome: OutcomeFailed, Err: fmt.Errorf("%w: definition %s was deleted", ErrChanged, s.ID())}, false
	case err != nil:
		return nil, Result{Outcome: OutcomeFailed, Err: err}, false
	}
	form, err := normalForm(cur)
	if err != nil {
		return nil, Result{Outcome: OutcomeFailed, Err: err}, false
	}
	if before := s.cur; before != nil && !same(form, before) {
		return nil, Result{Outcome: OutcomeFailed, Err: fmt.Errorf("%w: definition %s is not as the plan read it", ErrChanged, s.ID())}, false
	}
	if s.Action == ActionDelete && !a.plan.opts.Managed(cur) {
		return nil, Result{Outcome: OutcomeFailed, Err: fmt.Errorf("%w: definition %s is no longer managed", ErrChanged, s.ID())}, false
	}
	return cur, Result{}, true
}

// mergedBody returns the definition an update sends: the desired one, with
// the unmodelled properties of the tenant's definition cur that it does not
// set.
func (a *applier) mergedBody(s *Step, cur *accessreviews.Definition) (*accessreviews.Definition, error) {
	want, err := writable(s.Desired)
	if err != nil {
		return nil, err
	}
	have, err := writable(cur)
	if err != nil {
		return nil, err
	}
	carryUnmodelled(have, want)
	b, err := json.Marshal(want, poly.WireOptions())
	if err != nil {
		return nil, err
	}
	var out accessreviews.Definition
	if err := json.Unmarshal(b, &out, poly.WireOptions()); err != nil {
		return nil, fmt.Errorf("decode the update: %w", err)
	}
	return &out, nil
}

// indexes returns 0…n-1.
func indexes(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// carryUnmodelled copies into want the unmodelled properties of cur that
// want does not set, so that an update keeps them.
func carryUnmodelled(cur, want object) {
	unmodelled(cur, want, schema, func(c, w object, name string) { w[name] = c[name] })
}
