package reconcile

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
)

// Action is what a plan does to one definition.
type Action string

// The actions of a plan's steps.
const (
	// ActionCreate creates a desired definition the tenant does not have.
	ActionCreate Action = "create"
	// ActionUpdate replaces a tenant definition that differs from the
	// desired one (a PUT that keeps the properties the desired one does not
	// know about).
	ActionUpdate Action = "update"
	// ActionDelete deletes a managed tenant definition no desired
	// definition matches (Options.Delete).
	ActionDelete Action = "delete"
	// ActionNone leaves a tenant definition that already is as desired.
	ActionNone Action = "none"
)

// Options says how a plan matches desired definitions with the tenant's and
// which tenant definitions it may delete. The zero Options matches by
// display name and deletes nothing.
type Options struct {
	// Key returns the stable key that matches a desired definition without
	// an ID with the tenant's definition of the same key. Nil means
	// ByDisplayName. Keys must be unique among the desired definitions, and
	// two tenant definitions with the key of a desired one make the plan
	// fail rather than guess.
	Key func(*accessreviews.Definition) string
	// ManagedPrefix, when set, marks as managed the tenant definitions whose
	// display name starts with it. Every desired definition must start with
	// it too.
	ManagedPrefix string
	// Marker, when set, marks as managed the tenant definitions whose
	// descriptionForAdmins contains it. The plan writes it into the
	// descriptionForAdmins of every desired definition (on a line of its
	// own after the description), so everything it creates or updates is
	// managed. With both ManagedPrefix and Marker, a definition is managed
	// when it has both.
	Marker string
	// Delete plans the deletion of the managed tenant definitions that no
	// desired definition matches; deleting a definition deletes its
	// instances and decisions too. It needs ManagedPrefix or Marker: a plan
	// never deletes a definition that is not managed.
	Delete bool
}

// ByDisplayName is the default key: the definition's display name.
func ByDisplayName(d *accessreviews.Definition) string { return d.DisplayName }

// key returns the matching key of d.
func (o *Options) key(d *accessreviews.Definition) string {
	if o.Key == nil {
		return ByDisplayName(d)
	}
	return o.Key(d)
}

// owns reports whether the options say which definitions are managed.
func (o *Options) owns() bool { return o.ManagedPrefix != "" || o.Marker != "" }

// Managed reports whether the options mark the tenant definition d as
// managed: it has ManagedPrefix and Marker, as far as they are set. With
// neither set nothing is managed.
func (o *Options) Managed(d *accessreviews.Definition) bool {
	return o != nil && d != nil && o.owns() &&
		strings.HasPrefix(d.DisplayName, o.ManagedPrefix) &&
		(o.Marker == "" || strings.Contains(d.DescriptionForAdmins, o.Marker))
}

// managedBecause says in words why definitions are managed.
func (o *Options) managedBecause() string {
	var why []string
	if o.ManagedPrefix != "" {
		why = append(why, fmt.Sprintf("its display name starts with %q", o.ManagedPrefix))
	}
	if o.Marker != "" {
		why = append(why, fmt.Sprintf("its description for admins carries %q", o.Marker))
	}
	return strings.Join(why, " and ")
}

// mark returns a copy of d carrying the marker, if any.
func (o *Options) mark(d *accessreviews.Definition) *accessreviews.Definition {
	cp := *d
	if o.Marker != "" && !strings.Contains(cp.DescriptionForAdmins, o.Marker) {
		if cp.DescriptionForAdmins == "" {
			cp.DescriptionForAdmins = o.Marker
		} else {
			cp.DescriptionForAdmins += "\n" + o.Marker
		}
	}
	return &cp
}

// validate reports problems with the options themselves.
func (o *Options) validate() error {
	if o.Delete && !o.owns() {
		return errors.New("options: Delete needs ManagedPrefix or Marker, so that only managed definitions are deleted")
	}
	return nil
}

// Step is what a plan does to one definition.
type Step struct {
	// Action is what the step does.
	Action Action
	// Key is the definition's matching key (Options.Key).
	Key string
	// Desired is the desired definition as the plan sends it, marker
	// included; nil for a delete.
	Desired *accessreviews.Definition
	// Current is the tenant's definition as the plan read it; nil for a
	// create.
	Current *accessreviews.Definition
	// Changes lists what an update changes, in the order a reviewer reads
	// a definition.
	Changes []Change
	// Adopts reports that an update takes over a definition that is not
	// managed yet: the update writes the marker into it.
	Adopts bool
	// Warnings are the desired definition's probable mistakes
	// (Definition.Lint): what the service accepts but is likely not what
	// was meant. They never stop a plan or its apply; nil for a delete.
	Warnings []odata.Warning

	want object // the normal form of Desired
	cur  object // the normal form of Current
}

// Name returns the display name of the step's definition.
func (s *Step) Name() string {
	switch {
	case s.Desired != nil:
		return s.Desired.DisplayName
	case s.Current != nil:
		return s.Current.DisplayName
	}
	return ""
}

// ID returns the ID of the tenant's definition, "" for a create.
func (s *Step) ID() accessreviews.DefinitionID {
	if s.Current == nil {
		return ""
	}
	return s.Current.ID
}

// Plan is what it takes to make the tenant's access review definitions
// match the desired ones: a step per definition, creates first, then
// updates, deletes, and the definitions left as they are. Print it with
// [Plan.String] or [Plan.WriteTo]; carry it out with [Plan.Apply].
//
// A matched definition is updated only when it differs from the desired
// one in a way the service does not ignore. Both are compared in a normal
// form of their writable state (Definition.UpdateBody) in which the
// service's echo of what was sent is equal to what was sent:
//
//   - the recurrence as the service returns it: the pattern with its
//     zero-filled members (month 0, daysOfWeek [], firstDayOfWeek "sunday",
//     index "first"…), a range without an end as {type: numbered,
//     numberOfOccurrences: 0, endDate: 9999-12-31}, dates with times;
//   - null and absent, and [] and absent where the documents say they mean
//     the same (reviewers, fallback reviewers, notification recipients,
//     apply actions, insight settings, stage settings);
//   - documented defaults: defaultDecision "None", a 30-day look-back, the
//     removeAccess apply action;
//   - durations in other spellings (P4W2D is P30D, PT24H is P1D; P1M is not
//     P30D);
//   - reviewers, apply actions, insight settings and notification recipients
//     in any order, stages matched by stageId;
//   - scope queries in the spellings the service echoes ("$count=true", "+"
//     for spaces, a "/" before "?"), for every query the scope builders make;
//   - settings.instanceDurationInDays when stage settings override it.
//
// Properties the SDK does not model are compared when the desired
// definition sets them; when it does not, the tenant's values are kept.
//
// A plan prints for the person who reviews it: each create with what it
// reviews, who reviews and when; each update with every changed property,
// old and new, in words (scopes and schedules as the scope and recurrence
// packages describe them); each delete with why the definition is managed;
// each step's warnings (Definition.Lint) under it; and the summary line
// "plan: N to create, N to update, N to delete".
type Plan struct {
	// Steps lists the plan's steps.
	Steps []Step

	opts Options
}

// Count returns the number of steps with action a.
func (p *Plan) Count(a Action) int {
	n := 0
	for i := range p.Steps {
		if p.Steps[i].Action == a {
			n++
		}
	}
	return n
}

// HasChanges reports whether the plan creates, updates or deletes anything.
func (p *Plan) HasChanges() bool { return len(p.Steps) > p.Count(ActionNone) }

// Summary returns the plan's last line: "plan: 1 to create, 2 to update, 0
// to delete".
func (p *Plan) Summary() string {
	return fmt.Sprintf("plan: %d to create, %d to update, %d to delete",
		p.Count(ActionCreate), p.Count(ActionUpdate), p.Count(ActionDelete))
}

// NewPlan compares the desired definitions with the tenant's and returns
// the plan that makes the tenant match them. It only reads: nothing is
// created, changed or deleted.
//
// Every desired definition is validated first (Definition.Validate), with
// the options and the keys, and every problem is reported at once before
// any request. Then the tenant's definitions are listed and matched: a
// desired definition with an ID matches the definition of that ID, which
// must exist; one without matches the tenant definition of the same key, or
// is created when there is none. A tenant definition matched twice, and a
// key two tenant definitions share, are errors that name them: a plan
// never guesses.
//
// A matched definition is updated only when its normal form, which
// [Plan] describes, differs from the desired one's. Probable mistakes
// (Definition.Lint) are no errors: each step carries them in
// Step.Warnings.
func NewPlan(ctx context.Context, client *accessreviews.Client, desired []*accessreviews.Definition, opts *Options) (*Plan, error) {
	p := &Plan{}
	if opts != nil {
		p.opts = *opts
	}
	steps, err := p.prepare(desired)
	if err != nil {
		return nil, fmt.Errorf("reconcile: plan: %w", err)
	}
	if client == nil {
		return nil, errors.New("reconcile: plan: the client is nil")
	}
	var tenant []accessreviews.Definition
	for d, err := range client.Definitions.List(ctx, nil) {
		if err != nil {
			return nil, fmt.Errorf("reconcile: plan: %w", err)
		}
		tenant = append(tenant, d)
	}
	if err := p.match(steps, tenant); err != nil {
		return nil, fmt.Errorf("reconcile: plan: %w", err)
	}
	return p, nil
}

// prepare validates the options and the desired definitions and returns a
// create step for each, with its key and normal form.
func (p *Plan) prepare(desired []*accessreviews.Definition) ([]Step, error) {
	errs := []error{p.opts.validate()}
	steps := make([]Step, 0, len(desired))
	keys := map[string]int{}
	ids := map[accessreviews.DefinitionID]int{}
	for i, d := range desired {
		if d == nil {
			errs = append(errs, fmt.Errorf("desired[%d]: is nil", i))
			continue
		}
		what := fmt.Sprintf("desired[%d] %q", i, d.DisplayName)
		want := p.opts.mark(d)
		var problems []error
		if err := want.Validate(); err != nil {
			problems = append(problems, err)
		}
		if !strings.HasPrefix(d.DisplayName, p.opts.ManagedPrefix) {
			problems = append(problems, fmt.Errorf("displayName does not start with the managed prefix %q", p.opts.ManagedPrefix))
		}
		key := p.opts.key(want)
		switch j, dup := keys[key]; {
		case want.ID != "":
			if j, dup := ids[want.ID]; dup {
				problems = append(problems, fmt.Errorf("has the ID %s of desired[%d] too", want.ID, j))
			}
			ids[want.ID] = i
		case key == "":
			problems = append(problems, errors.New("has an empty key"))
		case dup:
			problems = append(problems, fmt.Errorf("has the key %q of desired[%d] too", key, j))
		default:
			keys[key] = i
		}
		form, err := normalForm(want)
		if err != nil && len(problems) == 0 {
			problems = append(problems, err)
		}
		if len(problems) > 0 {
			errs = append(errs, fmt.Errorf("%s: %w", what, errors.Join(problems...)))
			continue
		}
		steps = append(steps, Step{Action: ActionCreate, Key: key, Desired: want, Warnings: want.Lint(), want: form})
	}
	return steps, errors.Join(errs...)
}

// match pairs the desired steps with the tenant's definitions, turns the
// matched ones into updates or no-ops, adds the deletions, and sorts the
// steps.
func (p *Plan) match(steps []Step, tenant []accessreviews.Definition) error {
	byID := map[accessreviews.DefinitionID]int{}
	byKey := map[string][]int{}
	for i := range tenant {
		byID[tenant[i].ID] = i
		k := p.opts.key(&tenant[i])
		byKey[k] = append(byKey[k], i)
	}
	claimed := map[int]int{} // tenant index → step index
	var errs []error
	for si := range steps {
		s := &steps[si]
		var idx []int
		if id := s.Desired.ID; id != "" {
			i, ok := byID[id]
			if !ok {
				errs = append(errs, fmt.Errorf("%q: the tenant has no definition %s (remove the ID to create it)", s.Key, id))
				continue
			}
			idx = []int{i}
		} else {
			idx = byKey[s.Key]
		}
		switch {
		case len(idx) == 0:
			continue // a create
		case len(idx) > 1:
			errs = append(errs, fmt.Errorf("%q: %d tenant definitions have this key: %s; give the desired definition the ID of the one it describes",
				s.Key, len(idx), idList(tenant, idx)))
			continue
		}
		if other, dup := claimed[idx[0]]; dup {
			errs = append(errs, fmt.Errorf("%q and %q both match the tenant definition %s", steps[other].Key, s.Key, tenant[idx[0]].ID))
			continue
		}
		claimed[idx[0]] = si
		if err := p.compare(s, &tenant[idx[0]]); err != nil {
			errs = append(errs, fmt.Errorf("%q: %w", s.Key, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for i := range tenant {
		if _, ok := claimed[i]; !ok && p.opts.Delete && p.opts.Managed(&tenant[i]) {
			form, err := normalForm(&tenant[i])
			if err != nil {
				return fmt.Errorf("tenant definition %s: %w", tenant[i].ID, err)
			}
			steps = append(steps, Step{Action: ActionDelete, Key: p.opts.key(&tenant[i]), Current: &tenant[i], cur: form})
		}
	}
	rankOf := map[Action]int{ActionCreate: 0, ActionUpdate: 1, ActionDelete: 2, ActionNone: 3}
	slices.SortStableFunc(steps, func(a, b Step) int {
		return cmp.Or(cmp.Compare(rankOf[a.Action], rankOf[b.Action]), strings.Compare(a.Key, b.Key),
			strings.Compare(string(a.ID()), string(b.ID())))
	})
	p.Steps = steps
	return nil
}

// compare fills a matched step: an update with its changes, or no action.
func (p *Plan) compare(s *Step, cur *accessreviews.Definition) error {
	form, err := normalForm(cur)
	if err != nil {
		return fmt.Errorf("tenant definition %s: %w", cur.ID, err)
	}
	s.Current, s.cur = cur, form
	compared := clone(form)
	dropUnmodelled(compared, s.want)
	diffs := diff(compared, s.want)
	if len(diffs) == 0 {
		s.Action = ActionNone
		return nil
	}
	s.Action = ActionUpdate
	s.Changes = describe(diffs, cur, s.Desired)
	s.Adopts = p.opts.owns() && !p.opts.Managed(cur)
	return nil
}

// idList names the tenant definitions at idx: `"Name" (id), …`.
func idList(tenant []accessreviews.Definition, idx []int) string {
	parts := make([]string, len(idx))
	for i, j := range idx {
		parts[i] = fmt.Sprintf("%s (%q)", tenant[j].ID, tenant[j].DisplayName)
	}
	return strings.Join(parts, ", ")
}

// clone returns a deep copy of a generic JSON value.
func clone[T any](v T) T {
	var out any
	switch t := any(v).(type) {
	case object:
		m := make(object, len(t))
		for k, e := range t {
			m[k] = clone(e)
		}
		out = m
	case []any:
		l := make([]any, len(t))
		for i, e := range t {
			l[i] = clone(e)
		}
		out = l
	default:
		return v
	}
	return out.(T)
}
