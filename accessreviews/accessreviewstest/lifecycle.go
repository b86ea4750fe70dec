package accessreviewstest

import (
	"slices"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
)

// The lifecycle is evaluated lazily: the router calls tick before every
// access review request and the clock calls it whenever it moves, and tick
// catches every review up with the clock.
//
//   - Instances open at their start: the first one when the definition is
//     created (at the creation instant when the recurrence starts on or
//     before that day, else on the start date, NotStarted until then), later
//     ones on the recurrence's dates (recurrence.Occurrences), each once.
//     A numbered range with numberOfOccurrences 0, which the guest tutorial
//     sends with an endDate, is read as an endDate range.
//   - An instance is NotStarted before its start, InProgress until its end,
//     then Completed; default decisions are recorded on the items nobody
//     reviewed when the settings say so, and with autoApplyDecisionsEnabled
//     the decisions are applied and the instance becomes Applied.
//   - An instance lasts instanceDurationInDays, or the sum of its stages'
//     durations; when that is 0, a recurring instance lasts one period of the
//     recurrence and a one-time instance lasts until the end of the range's
//     end date (30 days without one).
//   - Events that happen while nobody looks (the clock jumped past an end)
//     are stamped with the instant they were due, not the instant tick ran.

// maxOpenPerTick bounds the instances one tick opens for one definition, so
// a clock moved by centuries cannot make a request run forever.
const maxOpenPerTick = 1000

// tick catches every review up with now. It takes the store's lock.
func (r *reviews) tick(now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.advance(now)
}

// advance is tick with the lock held.
func (r *reviews) advance(now time.Time) {
	for _, d := range r.defOrder {
		if d.deleted {
			continue
		}
		if !d.stopped {
			r.openDue(d, now)
		}
		for _, in := range d.instances {
			r.step(in, now)
		}
		d.def.Status = defStatus(d)
	}
	r.advanceHistory(now)
}

// firstStart returns when the first instance of d starts.
func firstStart(d *definition) time.Time {
	start := d.def.Settings.Recurrence.Range.StartDate
	if start.IsZero() || !start.IsValid() {
		return d.created
	}
	t := start.In(time.UTC)
	if t.Before(d.created) {
		return d.created
	}
	return t
}

// normalized returns the recurrence as the fake expands it.
func normalized(rec recurrence.Recurrence) recurrence.Recurrence {
	if rec.Range.Type == recurrence.RangeNumbered && rec.Range.NumberOfOccurrences == 0 {
		rec.Range.Type = recurrence.RangeNoEnd
		if !rec.Range.EndDate.IsZero() {
			rec.Range.Type = recurrence.RangeEndDate
		}
	}
	return rec
}

// openDue opens the instances of d whose start has come, and the first one
// whatever its start.
func (r *reviews) openDue(d *definition, now time.Time) {
	rec := d.def.Settings.Recurrence
	first := firstStart(d)
	if !d.opened["first"] {
		d.opened["first"] = true
		r.openOccurrence(d, first, rec.Pattern == nil)
	}
	if rec.Pattern == nil {
		return
	}
	n := 0
	for date := range normalized(rec).Occurrences(odata.DateOf(first)) {
		t := date.In(time.UTC)
		if t.After(now) || n >= maxOpenPerTick {
			break
		}
		if key := date.String(); !d.opened[key] {
			d.opened[key] = true
			r.openOccurrence(d, t, false)
			n++
		}
	}
}

// instanceEnd returns when an instance of def starting at start ends.
func instanceEnd(def *accessreviews.Definition, start time.Time) time.Time {
	if len(def.StageSettings) > 0 {
		days := 0
		for _, st := range def.StageSettings {
			days += st.DurationInDays
		}
		if days > 0 {
			return start.AddDate(0, 0, days)
		}
	}
	if n := def.Settings.InstanceDurationInDays; n > 0 {
		return start.AddDate(0, 0, n)
	}
	rec := def.Settings.Recurrence
	if rec.Pattern != nil {
		iv := max(rec.Pattern.Interval, 1)
		if rec.Pattern.Type == recurrence.PatternWeekly {
			return start.AddDate(0, 0, 7*iv)
		}
		return start.AddDate(0, iv, 0)
	}
	if end, ok := rec.Range.End(); ok && !end.IsZero() {
		if t := end.In(time.UTC).AddDate(0, 0, 1); t.After(start) {
			return t
		}
	}
	return start.AddDate(0, 0, 30)
}

// step moves one instance along its life up to now.
func (r *reviews) step(in *instance, now time.Time) {
	if in.status == accessreviews.StatusNotStarted && !in.start.After(now) {
		in.status = accessreviews.StatusInProgress
	}
	if in.status != accessreviews.StatusInProgress {
		return
	}
	r.ensureMaterialized(in)
	for {
		st := in.currentStage()
		if st == nil || st.status != accessreviews.StatusInProgress || st.end.After(now) || !st.end.Before(in.end) {
			break
		}
		r.endStage(in, st, st.end)
	}
	if !in.end.After(now) {
		r.complete(in, in.end)
	}
}

// currentStage returns the latest stage of in, or nil.
func (in *instance) currentStage() *stage {
	if len(in.stages) == 0 {
		return nil
	}
	return in.stages[len(in.stages)-1]
}

// complete ends an instance at the instant at: its open stage ends, default
// decisions are recorded, and decisions are applied when auto-apply is on.
func (r *reviews) complete(in *instance, at time.Time) {
	if in.status.Finished() {
		return
	}
	r.ensureMaterialized(in)
	if st := in.currentStage(); st != nil && st.status == accessreviews.StatusInProgress {
		st.status = accessreviews.StatusCompleted
	}
	in.status = accessreviews.StatusCompleted
	if in.settings.DefaultDecisionEnabled {
		for _, d := range in.decisions {
			if d.decision != accessreviews.DecisionNotReviewed {
				continue
			}
			if v, ok := defaultFor(in.settings.DefaultDecision, d.recommendation); ok {
				d.decision, d.reviewedBy, d.reviewedAt = v, serviceIdentity, at
			}
		}
	}
	if in.settings.AutoApplyDecisionsEnabled {
		r.apply(in, serviceIdentity, at)
	}
}

// defaultFor returns the decision a default decision records on an item.
func defaultFor(def accessreviews.DefaultDecision, rec accessreviews.Recommendation) (accessreviews.DecisionValue, bool) {
	switch def {
	case accessreviews.DefaultApprove:
		return accessreviews.DecisionApprove, true
	case accessreviews.DefaultDeny:
		return accessreviews.DecisionDeny, true
	case accessreviews.DefaultRecommendation:
		switch rec {
		case accessreviews.RecommendationApprove:
			return accessreviews.DecisionApprove, true
		case accessreviews.RecommendationDeny:
			return accessreviews.DecisionDeny, true
		}
	}
	return "", false
}

// apply applies the decisions of a completed instance, once: a Deny with
// removeAccessApplyAction removes the principal from the group for real
// (AppliedSuccessfully; AppliedSuccessfullyButObjectNotFound when it was not
// a direct member any more), an Approve is recorded as applied, and what the
// directory cannot do (disableAndDeleteUser, role removals) is
// ApplyNotSupported. Items nobody decided stay New. A second apply finds
// nothing left to do.
func (r *reviews) apply(in *instance, by identityJSON, at time.Time) {
	if in.appliedOnce {
		return
	}
	in.appliedOnce = true
	deleteUsers := slices.ContainsFunc(in.settings.ApplyActions, func(a accessreviews.ApplyAction) bool {
		_, ok := a.(accessreviews.DisableAndDeleteUserApplyAction)
		return ok
	})
	for _, d := range in.decisions {
		if d.applyResult != accessreviews.ApplyResultNew {
			continue
		}
		switch d.decision {
		case accessreviews.DecisionApprove:
			d.applyResult = accessreviews.ApplyResultAppliedSuccessfully
		case accessreviews.DecisionDeny:
			switch {
			case deleteUsers || d.resKind != accessreviews.ResourceGroup:
				d.applyResult = accessreviews.ApplyResultApplyNotSupported
				d.applyDesc = "the fake service does not apply this action"
			case r.s.dir.removeMember(d.resource, d.principalID):
				d.applyResult = accessreviews.ApplyResultAppliedSuccessfully
			default:
				d.applyResult = accessreviews.ApplyResultAppliedSuccessfullyButObjectNotFound
			}
		default:
			continue
		}
		d.appliedBy, d.appliedAt = by, at
	}
	in.status = accessreviews.StatusApplied
}

// defStatus derives a definition's status from its instances.
func defStatus(d *definition) accessreviews.Status {
	started, active := false, false
	for _, in := range d.instances {
		if in.status != accessreviews.StatusNotStarted {
			started = true
		}
		if in.status == accessreviews.StatusInProgress {
			active = true
		}
	}
	switch {
	case active:
		return accessreviews.StatusInProgress
	case !started:
		return accessreviews.StatusNotStarted
	case d.stopped:
		return accessreviews.StatusCompleted
	}
	if d.def.Settings.Recurrence.Pattern == nil {
		return accessreviews.StatusCompleted
	}
	return accessreviews.StatusInProgress
}
