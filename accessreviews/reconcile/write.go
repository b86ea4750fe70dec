package reconcile

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/graphkit/governance/scope"
)

// String returns the plan as WriteTo writes it.
func (p *Plan) String() string {
	var b bytes.Buffer
	_, _ = p.WriteTo(&b)
	return b.String()
}

// WriteTo writes the plan for the person who reviews it: each definition it
// creates (with what it reviews, who reviews, and when), updates (with each
// changed property, its old value after "-" and its new value after "+",
// in words) and deletes (with why it is managed), then the summary line,
// "plan: 1 to create, 1 to update, 0 to delete". Definitions left as they
// are are not listed.
//
//   - create "Quarterly guest review"
//     what is reviewed:   guest users among the direct members of each Microsoft 365 group
//     reviewers:          the owners of each group
//     schedule:           every 3 months, from 2026-01-05, with no end
//
//     ~ update "Weekly review of Sales" (definition 1f0e…)
//     schedule
//
//   - every week, from 2026-01-05, with no end
//
//   - every 2 weeks, from 2026-01-05, with no end
//
//     plan: 1 to create, 1 to update, 0 to delete
func (p *Plan) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	for i := range p.Steps {
		s := &p.Steps[i]
		switch s.Action {
		case ActionCreate:
			fmt.Fprintf(&b, "+ create %q\n", s.Name())
			d := s.Desired
			detail(&b, "what is reviewed", scope.DescribeReview(d.Scope, d.InstanceEnumerationScope))
			if d.IsMultiStage() {
				for _, st := range d.StageSettings {
					detail(&b, "stage "+st.StageID, stageWords(st.StageID, "", object{}, d))
				}
			} else {
				detail(&b, "reviewers", scope.DescribeReviewers(d.Reviewers))
			}
			if !d.Settings.Recurrence.IsZero() {
				detail(&b, "schedule", d.Settings.Recurrence.String())
			}
		case ActionUpdate:
			fmt.Fprintf(&b, "~ update %q (definition %s)\n", s.Name(), s.ID())
			if s.Adopts {
				fmt.Fprintf(&b, "    takes over a definition that is not managed yet\n")
			}
			for _, c := range s.Changes {
				fmt.Fprintf(&b, "    %s\n      - %s\n      + %s\n", c.Property, indent(c.Old), indent(c.New))
			}
		case ActionDelete:
			fmt.Fprintf(&b, "- delete %q (definition %s)\n", s.Name(), s.ID())
			detail(&b, "why", "no desired definition matches it, and "+p.opts.managedBecause())
		default:
			continue
		}
		for _, w := range s.Warnings {
			fmt.Fprintf(&b, "    warning: %s\n", w)
		}
		b.WriteString("\n")
	}
	b.WriteString(p.Summary())
	b.WriteString("\n")
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// detail writes one "name: value" line of a step.
func detail(b *strings.Builder, name, value string) {
	fmt.Fprintf(b, "    %-19s %s\n", name+":", indent(value))
}

// indent keeps a multi-line value (a description) under its line.
func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n        ") }
