package accessreviewstest

import (
	"net/http"
	"slices"
	"time"
)

// Multi-stage reviews. Stages are created in order: the first when the
// instance starts, each later one when the stage before it ends (at its end
// date, or when it is stopped). "Every accessReviewStage contains a list of
// decision items for reviewers. There's only one decision per identity being
// reviewed" (accessReviewStage): each stage has items of its own, NotReviewed
// when it opens, for every identity of the instance (the first stage) or
// for those whose decision in the previous stage is listed in
// decisionsThatWillMoveToNextStage (all of them when the list is absent;
// "Recommendation" selects the items decided as recommended), with the
// reviewers and recommendation settings of its stage settings. Recording on
// a stage item also records on the instance's item for the same identity,
// so the instance's decisions hold the latest decision about each one,
// while each stage keeps its own outcome.
//
// With decisionHistoriesForReviewersEnabled, "decisions on previous access
// review stages are available for reviewers" (accessReviewScheduleSettings):
// a later stage's reviewer lists an earlier stage's decisions with
// filterByCurrentUser on that stage ("Reviewers of multi-stage reviews can
// retrieve the decisions from previous stages", filterByCurrentUser), and
// reads them there, for the identities they review. Those items stay the
// earlier stage's: its reviewers' to record, never a second item of the
// current stage.

// openStage creates stage idx of in starting at start, for the instance
// items given.
func (r *reviews) openStage(in *instance, idx int, start time.Time, items []*decision) {
	ss := in.stagePlan[idx]
	st := &stage{
		id: r.s.newID(), settings: ss, start: start,
		end:       start.AddDate(0, 0, max(ss.DurationInDays, 1)),
		status:    statusInProgress,
		reviewers: ss.Reviewers, fallback: ss.FallbackReviewers,
		decByID: make(map[string]*decision),
	}
	if st.reviewers == nil {
		st.reviewers, st.fallback = in.reviewers, in.fallback
	}
	refs := make([]principalRef, len(items))
	for i, d := range items {
		refs[i] = principalRef{id: d.principalID, sp: d.sp, resource: d.resource, resKind: d.resKind, direct: d.direct, indirect: d.indirect}
	}
	st.decisions = r.newItems(in, refs, st.reviewers, st.fallback, &in.stagePlan[idx], start)
	for i, d := range st.decisions {
		d.parent = items[i]
	}
	if idx > 0 {
		in.contacted = append(in.contacted, r.contactedFrom(st.decisions, formatTime(start))...)
	}
	for _, d := range st.decisions {
		d.stageID = st.id
		st.decByID[key(d.id)] = d
	}
	in.stages = append(in.stages, st)
}

// endStage completes st at the instant at and opens the next stage with the
// items that move on; after the last stage the instance completes.
func (r *reviews) endStage(in *instance, st *stage, at time.Time) {
	st.status = statusCompleted
	idx := slices.Index(in.stages, st)
	if idx+1 >= len(in.stagePlan) {
		r.complete(in, at)
		return
	}
	moves := st.settings.DecisionsThatWillMoveToNextStage
	var next []*decision
	for _, d := range st.decisions {
		if movesOn(moves, d) {
			parent := d
			if d.parent != nil {
				parent = d.parent
			}
			next = append(next, parent)
		}
	}
	r.openStage(in, idx+1, at, next)
	in.invalidate()
}

// movesOn reports whether d goes on to the next stage:
// decisionsThatWillMoveToNextStage "Can be a subset of Approve, Deny,
// Recommendation, or NotReviewed. If not provided, all decisions will go to
// the next stage."
func movesOn(moves []string, d *decision) bool {
	if moves == nil {
		return true
	}
	for _, m := range moves {
		if m == d.decision {
			return true
		}
		if m == decisionRecommendation && d.decision != decisionNotReviewed && d.decision == d.recommendation {
			return true
		}
	}
	return false
}

// stageJSON is the wire shape of an accessReviewStage.
type stageJSON struct {
	ID                string      `json:"id"`
	StartDateTime     string      `json:"startDateTime"`
	EndDateTime       string      `json:"endDateTime"`
	Status            string      `json:"status"`
	Reviewers         []scopeJSON `json:"reviewers"`
	FallbackReviewers []scopeJSON `json:"fallbackReviewers"`
}

func (st *stage) wire() stageJSON {
	return stageJSON{ID: st.id, StartDateTime: formatTime(st.start), EndDateTime: formatTime(st.end),
		Status: st.status, Reviewers: servedScopes(st.reviewers), FallbackReviewers: servedScopes(st.fallback)}
}

func (r *reviews) listStages(c *call)               { r.writeStages(c, false) }
func (r *reviews) listStagesForCurrentUser(c *call) { r.writeStages(c, true) }

// writeStages writes the stages of an instance, all (read access) or those
// where the caller reviews an item (none for an application).
func (r *reviews) writeStages(c *call, mine bool) {
	f, ok := c.Filter()
	if !ok {
		return
	}
	items, found := []stageJSON{}, false
	r.withInstance(c, func(in *instance) {
		if !mine && !r.canAccess(c, readAccess, in.def, nil) {
			return
		}
		found = true
		for _, st := range in.stages {
			if mine && !slices.ContainsFunc(st.decisions, func(d *decision) bool { return d.isReviewer(c.Caller.UserID) }) {
				continue
			}
			if w := st.wire(); f == nil || f.Match(w) {
				items = append(items, w)
			}
		}
	})
	if found {
		writePage(c, items)
	}
}

func (r *reviews) getStage(c *call) {
	r.mu.Lock()
	in, st, ok := r.lookupStage(c, c.r.PathValue("def"), c.r.PathValue("inst"), c.r.PathValue("stage"))
	ok = ok && r.canAccess(c, readAccess, in.def, func() bool {
		return slices.ContainsFunc(st.decisions, func(d *decision) bool { return d.isReviewer(c.Caller.UserID) })
	})
	var w stageJSON
	if ok {
		w = st.wire()
	}
	r.mu.Unlock()
	if ok {
		c.JSONSelect(http.StatusOK, w)
	}
}

// stageUpdateBody is the body of a stage PATCH.
type stageUpdateBody struct {
	Reviewers         *[]scopeJSON `json:"reviewers"`
	FallbackReviewers *[]scopeJSON `json:"fallbackReviewers"`
}

func (r *reviews) patchStage(c *call) {
	var body stageUpdateBody
	if !c.Decode(&body) {
		return
	}
	var p problems
	if body.Reviewers != nil {
		validateReviewers(&p, "reviewers", *body.Reviewers)
	}
	if body.FallbackReviewers != nil {
		validateReviewers(&p, "fallbackReviewers", *body.FallbackReviewers)
	}
	if len(p) > 0 {
		c.Error(http.StatusBadRequest, codeBadRequest, p.String())
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	in, st, ok := r.lookupStage(c, c.r.PathValue("def"), c.r.PathValue("inst"), c.r.PathValue("stage"))
	if !ok || !r.canAccess(c, writeAccess, in.def, nil) {
		return
	}
	switch st.status {
	case statusNotStarted, statusInitializing, statusInProgress:
	default:
		c.Error(http.StatusBadRequest, codeBadRequest, "the stage can be updated only before it completes; it is "+st.status)
		return
	}
	if body.FallbackReviewers != nil && !keepsFallbacks(st.fallback, *body.FallbackReviewers) {
		c.Error(http.StatusConflict, codeConflict, "fallback reviewers can be added but not removed")
		return
	}
	if body.Reviewers != nil {
		st.reviewers = slices.Clone(*body.Reviewers)
	}
	if body.FallbackReviewers != nil {
		st.fallback = slices.Clone(*body.FallbackReviewers)
	}
	rs := newResolver(r, in.groupID)
	for _, d := range st.decisions {
		p := principalRef{id: d.principalID, sp: d.sp, resource: d.resource, resKind: d.resKind}
		d.reviewers, d.self = rs.resolve(st.reviewers, st.fallback, p)
	}
	c.JSON(http.StatusOK, st.wire())
}

func (r *reviews) stopStage(c *call) {
	r.mu.Lock()
	defer r.mu.Unlock()
	in, st, ok := r.lookupStage(c, c.r.PathValue("def"), c.r.PathValue("inst"), c.r.PathValue("stage"))
	if !ok || !r.canAccess(c, writeAccess, in.def, nil) {
		return
	}
	if st.status != statusInProgress {
		c.Error(http.StatusBadRequest, codeBadRequest, "only an InProgress stage can be stopped; it is "+st.status)
		return
	}
	r.endStage(in, st, r.s.clock.Now())
	c.NoContent()
}

// acceptStageRecommendations accepts the caller's recommendations within
// one stage, "unlike accessReviewInstance: acceptRecommendations, which
// operates across the entire instance" (accessReviewStage:
// acceptRecommendations; delegated callers who review items of the stage).
func (r *reviews) acceptStageRecommendations(c *call) {
	if !requireDelegated(c) {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	in, st, ok := r.lookupStage(c, c.r.PathValue("def"), c.r.PathValue("inst"), c.r.PathValue("stage"))
	if !ok {
		return
	}
	if st.status != statusInProgress {
		c.Error(http.StatusBadRequest, codeBadRequest, "only an InProgress stage takes decisions; it is "+st.status)
		return
	}
	r.acceptOn(c, in, st.decisions)
}

// batchRecordStage records one decision on the matching items of one stage
// (accessReviewStage: batchRecordDecisions), with the instance's rules.
func (r *reviews) batchRecordStage(c *call) {
	var b decisionBody
	if !c.Decode(&b) {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	in, st, ok := r.lookupStage(c, c.r.PathValue("def"), c.r.PathValue("inst"), c.r.PathValue("stage"))
	if !ok {
		return
	}
	if st.status != statusInProgress {
		c.Error(http.StatusBadRequest, codeBadRequest, "only an InProgress stage takes decisions; it is "+st.status)
		return
	}
	r.batchRecordOn(c, in, st.decisions, b)
}
