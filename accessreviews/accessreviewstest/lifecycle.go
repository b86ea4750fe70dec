package accessreviewstest

import (
	"time"
)

// The lifecycle is evaluated lazily: the router calls tick before every
// request and the clock calls it whenever it moves, and tick catches every
// review up with the clock.
//
//   - Instances open at their start (accessReviewScheduleSettings: "Use the
//     property startDate on recurrenceRange to determine the day the review
//     starts"): the first one when the definition is created (at the
//     creation instant when the recurrence starts on or before that day,
//     else on the start date, NotStarted until then), later ones on the
//     recurrence's dates, each once.
//   - An instance is NotStarted before its start, InProgress until its end,
//     then Completed (self-review tutorial, step 3); default decisions are
//     recorded on the items nobody reviewed when the settings say so, and
//     with autoApplyDecisionsEnabled the decisions are applied ("decisions
//     are applied automatically after the access review instance duration
//     ends") and the instance becomes Applied.
//   - An instance lasts instanceDurationInDays, or the sum of its stages'
//     durations ("The cumulative value of this property across all stages
//     will override the instanceDurationInDays setting"); when that is 0, a
//     recurring instance lasts one period of the recurrence and a one-time
//     instance lasts until the end of the range's end date (30 days without
//     one).
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
		d.status = defStatus(d)
	}
	r.advanceHistory(now)
}

// firstStart returns when the first instance of d starts.
func firstStart(d *definition) time.Time {
	start := d.sched.start
	if start.IsZero() || start.Before(d.created) {
		return d.created
	}
	return start
}

// openDue opens the instances of d whose start has come, and the first one
// whatever its start. Occurrences on or before the first instance's day
// belong to it (a start date in the past opens one instance, now).
func (r *reviews) openDue(d *definition, now time.Time) {
	first := firstStart(d)
	if !d.openedFirst {
		d.openedFirst = true
		r.openOccurrence(d, first, d.sched.oneTime)
	}
	if d.sched.oneTime {
		return
	}
	firstDay := time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, time.UTC)
	for n := 0; n < maxOpenPerTick; {
		t, ok := d.sched.occurrence(d.nextK)
		switch {
		case !ok || t.After(now):
			return
		case t.After(firstDay):
			r.openOccurrence(d, t, false)
			n++
		}
		d.nextK++
	}
}

// instanceEnd returns when an instance of def starting at start ends.
func instanceEnd(def *definitionJSON, sched schedule, start time.Time) time.Time {
	days := 0
	for _, st := range def.StageSettings {
		days += max(st.DurationInDays, 0)
	}
	if days > 0 {
		return start.AddDate(0, 0, days)
	}
	if def.Settings != nil && def.Settings.InstanceDurationInDays > 0 {
		return start.AddDate(0, 0, def.Settings.InstanceDurationInDays)
	}
	if !sched.oneTime {
		if sched.weekly {
			return start.AddDate(0, 0, 7*sched.interval)
		}
		return start.AddDate(0, sched.interval, 0)
	}
	if sched.hasEnd {
		if t := sched.end.AddDate(0, 0, 1); t.After(start) {
			return t
		}
	}
	return start.AddDate(0, 0, 30)
}

// step moves one instance along its life up to now.
func (r *reviews) step(in *instance, now time.Time) {
	if in.status == statusNotStarted && !in.start.After(now) {
		in.status = statusInProgress
	}
	if in.status != statusInProgress {
		return
	}
	r.ensureMaterialized(in)
	for {
		st := in.currentStage()
		if st == nil || st.status != statusInProgress || st.end.After(now) || !st.end.Before(in.end) {
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
	if finished(in.status) {
		return
	}
	r.ensureMaterialized(in)
	if st := in.currentStage(); st != nil && st.status == statusInProgress {
		st.status = statusCompleted
	}
	in.status = statusCompleted
	if in.settings.DefaultDecisionEnabled {
		for _, d := range in.decisions {
			if d.decision != decisionNotReviewed {
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

// defaultFor returns the decision a default decision (or an accepted
// recommendation) records on an item.
func defaultFor(def, rec string) (string, bool) {
	switch def {
	case decisionApprove, decisionDeny:
		return def, true
	case decisionRecommendation:
		switch rec {
		case recommendApprove:
			return decisionApprove, true
		case recommendDeny:
			return decisionDeny, true
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
	deleteUsers := false
	for _, a := range in.settings.ApplyActions {
		deleteUsers = deleteUsers || typeName(a.ODataType) == "disableanddeleteuserapplyaction"
	}
	external := false
	for _, d := range in.decisions {
		if d.applyResult != applyNew {
			continue
		}
		if d.resKind == resourceCustom {
			// The service cannot change access in a system it only has
			// uploaded data about: the item waits for
			// batchApplyCustomDataProvidedResourceDecisions.
			external = external || d.decision == decisionApprove || d.decision == decisionDeny
			continue
		}
		switch d.decision {
		case decisionApprove:
			d.applyResult = applySuccess
		case decisionDeny:
			switch {
			case deleteUsers || d.resKind != resourceGroup:
				d.applyResult, d.applyDesc = applyNotSupported, applyDescNotSupported
			case r.s.dir.removeMember(d.resource, d.principalID):
				d.applyResult = applySuccess
			default:
				d.applyResult = applyObjectNotFound
			}
		default:
			continue
		}
		d.appliedBy, d.appliedAt = by, at
	}
	in.status = statusApplied
	if external {
		in.status = statusApplying
	}
}

// defStatus derives a definition's status from its instances.
func defStatus(d *definition) string {
	started, active := false, false
	for _, in := range d.instances {
		if in.status != statusNotStarted {
			started = true
		}
		if in.status == statusInProgress {
			active = true
		}
	}
	switch {
	case active:
		return statusInProgress
	case !started:
		return statusNotStarted
	case d.stopped || d.sched.oneTime:
		return statusCompleted
	}
	return statusInProgress
}
