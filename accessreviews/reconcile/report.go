package reconcile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/graphkit/governance/accessreviews"
)

// Outcome is what happened to one step of a plan.
//
// Apply settles ambiguous failures before it reports them: a create that
// fails ambiguously (odata.ErrOutcomeUnknown: it may or may not have
// happened) is never simply sent again; the definitions are listed and
// looked up by key first, and the create is sent again only when none has
// the key. An update or delete that fails ambiguously is checked by reading
// the definition. What cannot be settled is [OutcomeUnknown], never
// [OutcomeFailed].
type Outcome string

// The outcomes of Apply.
const (
	// OutcomeCreated means the definition was created (Result.ID is its ID).
	OutcomeCreated Outcome = "created"
	// OutcomeUpdated means the definition was replaced by the desired one.
	OutcomeUpdated Outcome = "updated"
	// OutcomeDeleted means the definition was deleted, or was already gone.
	OutcomeDeleted Outcome = "deleted"
	// OutcomeUnchanged means the step had nothing to do.
	OutcomeUnchanged Outcome = "unchanged"
	// OutcomeFailed means the step did not happen; the tenant is as it was.
	OutcomeFailed Outcome = "failed"
	// OutcomeUnknown means the step may or may not have happened (an ambiguous
	// failure that could not be settled); look before trying again.
	OutcomeUnknown Outcome = "outcome unknown"
	// OutcomeSkipped means the step was not attempted, after an earlier failure
	// or because the context ended.
	OutcomeSkipped Outcome = "skipped"
)

// Result is what Apply did with one step.
type Result struct {
	// Step is the plan's step.
	Step *Step
	// Outcome is what happened.
	Outcome Outcome
	// ID is the definition's ID: the new one for a create, when known.
	ID accessreviews.DefinitionID
	// Note adds what a reader should know: a create found by key after an
	// ambiguous failure, a definition already deleted.
	Note string
	// Err is why the step failed, was skipped or has an unknown outcome.
	Err error
}

// Report lists the results of Apply, one per step of the plan, in the
// plan's order.
type Report struct {
	// Results lists the results.
	Results []Result
}

// Count returns the number of results with outcome o.
func (r *Report) Count(o Outcome) int {
	n := 0
	for i := range r.Results {
		if r.Results[i].Outcome == o {
			n++
		}
	}
	return n
}

// Err joins the errors of the steps that did not succeed; nil when every
// step did.
func (r *Report) Err() error {
	var errs []error
	for _, res := range r.Results {
		if res.Err != nil && res.Step != nil {
			errs = append(errs, fmt.Errorf("%s %q: %w", res.Step.Action, res.Step.Name(), res.Err))
		}
	}
	return errors.Join(errs...)
}

// Summary returns the report's last line: "apply: 1 created, 1 updated, 0
// deleted, 2 unchanged", followed by the failed, unknown and skipped counts
// when there are any.
func (r *Report) Summary() string {
	s := fmt.Sprintf("apply: %d created, %d updated, %d deleted, %d unchanged",
		r.Count(OutcomeCreated), r.Count(OutcomeUpdated), r.Count(OutcomeDeleted), r.Count(OutcomeUnchanged))
	for _, o := range []Outcome{OutcomeFailed, OutcomeUnknown, OutcomeSkipped} {
		if n := r.Count(o); n > 0 {
			s += fmt.Sprintf(", %d %s", n, o)
		}
	}
	return s
}

// String returns the report as WriteTo writes it.
func (r *Report) String() string {
	var b bytes.Buffer
	_, _ = r.WriteTo(&b)
	return b.String()
}

// WriteTo writes one line per step that did something or failed, then the
// summary line:
//
//	created "Quarterly guest review" (definition 7c1d…)
//	failed to update "Weekly review of Sales" (definition 1f0e…): …
//	apply: 1 created, 0 updated, 0 deleted, 0 unchanged, 1 failed
func (r *Report) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	for _, res := range r.Results {
		if res.Outcome == OutcomeUnchanged || res.Step == nil {
			continue
		}
		id := ""
		if res.ID != "" {
			id = fmt.Sprintf(" (definition %s)", res.ID)
		}
		switch res.Outcome {
		case OutcomeCreated, OutcomeUpdated, OutcomeDeleted:
			fmt.Fprintf(&b, "%s %q%s", res.Outcome, res.Step.Name(), id)
		case OutcomeFailed:
			fmt.Fprintf(&b, "failed to %s %q%s", res.Step.Action, res.Step.Name(), id)
		default:
			fmt.Fprintf(&b, "%s: %s %q%s", res.Outcome, res.Step.Action, res.Step.Name(), id)
		}
		if res.Note != "" {
			fmt.Fprintf(&b, ": %s", res.Note)
		}
		if res.Err != nil {
			fmt.Fprintf(&b, ": %v", res.Err)
		}
		b.WriteString("\n")
	}
	b.WriteString(r.Summary())
	b.WriteString("\n")
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}
