package accessreviewstest

import (
	"net/http"
	"slices"
	"strings"
)

// Decisions: list (per instance, per stage, for the current user, and β
// across reviews), get, PATCH by a reviewer (a delegated caller listed as
// the item's reviewer; an application gets 403 as the documentation says),
// insights, batchRecordDecisions and β recordAllDecisions.
//
// $filter works on every property of the served item; $orderby is not
// applied to decisions (the service's order, creation order, is kept, which
// is what makes paging through 100,000 items cheap).

// decisionMode returns how the call wants decisions rendered.
func decisionMode(c *call) viewMode {
	beta := c.Version == "beta"
	ins := wantsExpand(c, "insights")
	switch {
	case beta && ins:
		return viewBetaInsights
	case beta:
		return viewBeta
	case ins:
		return viewV1Insights
	}
	return viewV1
}

func (r *reviews) listDecisions(c *call)               { r.writeDecisions(c, false, false) }
func (r *reviews) listDecisionsForCurrentUser(c *call) { r.writeDecisions(c, true, false) }
func (r *reviews) listStageDecisions(c *call)          { r.writeDecisions(c, false, true) }
func (r *reviews) listStageDecisionsForUser(c *call)   { r.writeDecisions(c, true, true) }

// writeDecisions writes the items of an instance or a stage, all (read
// access) or the caller's (filterByCurrentUser: none for an application,
// which reviews nothing), filtered.
func (r *reviews) writeDecisions(c *call, mine, inStage bool) {
	r.writeDecisionsOn(c, mine, inStage, onReviewer)
}

// writeDecisionsOn is writeDecisions with the filterByCurrentUser on
// parameter deciding which of the caller's items are listed.
func (r *reviews) writeDecisionsOn(c *call, mine, inStage bool, on reviewerOn) {
	f, ok := c.Filter()
	if !ok {
		return
	}
	mode := decisionMode(c)
	r.mu.Lock()
	var (
		ds    []*decision
		cache *map[viewMode][]decisionView
	)
	if inStage {
		in, st, ok := r.lookupStage(c, c.r.PathValue("def"), c.r.PathValue("inst"), c.r.PathValue("stage"))
		if !ok || (!mine && !r.canAccess(c, readAccess, in.def, nil)) {
			r.mu.Unlock()
			return
		}
		ds, cache = st.decisions, &st.views
		if mine && on == onReviewer {
			ds, mine, cache = stageItemsFor(in, st, c.Caller.UserID), false, nil
		}
	} else {
		in, ok := r.lookupInst(c, c.r.PathValue("def"), c.r.PathValue("inst"))
		if !ok || (!mine && !r.canAccess(c, readAccess, in.def, nil)) {
			r.mu.Unlock()
			return
		}
		ds, cache = in.decisions, &in.views
	}
	base := r.s.URL
	withDelegators := selectsDelegatedBy(c)
	var items []decisionView
	if !mine && f == nil && cache != nil && !withDelegators {
		items = viewsOf(cache, ds, mode, base)
	} else {
		items = []decisionView{}
		for _, d := range ds {
			if mine && !r.reviewsAs(d, c.Caller.UserID, on) {
				continue
			}
			v := decisionView{d: d, mode: mode, base: base}
			if withDelegators {
				v.delegatedBy = r.identities(r.delegators(d, c.Caller.UserID))
			}
			if f == nil || f.Match(v) {
				items = append(items, v)
			}
		}
	}
	// The views point at live decisions: encode them before another request
	// can change one, and write after letting go of the lock.
	body, ok := encodePage(c, items)
	r.mu.Unlock()
	if ok {
		writePageBody(c, body)
	}
}

// seesHistory reports whether userID may read stage item d as a later
// stage's reviewer of its identity.
func (r *reviews) seesHistory(in *instance, d *decision, userID string) bool {
	for _, st := range in.stages {
		if key(st.id) == key(d.stageID) {
			return laterIdentities(in, st, userID)[identityKey(d)]
		}
	}
	return false
}

// stageItemsFor returns the items of stage st that userID may see as a
// reviewer: those they review, and, with decisionHistoriesForReviewersEnabled,
// the items of identities they review in a later stage.
func stageItemsFor(in *instance, st *stage, userID string) []*decision {
	later := laterIdentities(in, st, userID)
	out := []*decision{}
	for _, d := range st.decisions {
		if d.isReviewer(userID) || later[identityKey(d)] {
			out = append(out, d)
		}
	}
	return out
}

// laterIdentities returns the identities userID reviews in the stages after
// st, when the instance lets later reviewers see earlier decisions; nil
// otherwise.
func laterIdentities(in *instance, st *stage, userID string) map[string]bool {
	if h := in.settings.DecisionHistoriesForReviewersEnabled; h == nil || !*h || userID == "" {
		return nil
	}
	idx := slices.Index(in.stages, st)
	if idx < 0 {
		return nil
	}
	out := make(map[string]bool)
	for _, next := range in.stages[idx+1:] {
		for _, d := range next.decisions {
			if d.isReviewer(userID) {
				out[identityKey(d)] = true
			}
		}
	}
	return out
}

// identityKey names the identity and resource an item is about.
func identityKey(d *decision) string { return key(d.principalID) + "|" + key(d.resource) }

// lookupDecision finds the path's item in the instance or the stage.
func (r *reviews) lookupDecision(c *call) (*instance, *decision, bool) {
	var (
		in *instance
		ok bool
		by map[string]*decision
	)
	if sid := c.r.PathValue("stage"); sid != "" {
		var st *stage
		in, st, ok = r.lookupStage(c, c.r.PathValue("def"), c.r.PathValue("inst"), sid)
		if ok {
			by = st.decByID
		}
	} else {
		in, ok = r.lookupInst(c, c.r.PathValue("def"), c.r.PathValue("inst"))
		if ok {
			by = in.decByID
		}
	}
	if !ok {
		return nil, nil, false
	}
	d, found := by[key(c.r.PathValue("dec"))]
	if !found {
		c.Error(http.StatusNotFound, codeNotFound, "accessReviewInstanceDecisionItem "+c.r.PathValue("dec")+" was not found")
		return nil, nil, false
	}
	return in, d, true
}

// readDecision finds the path's item for a caller who may read it: read
// access to the review, or being its reviewer ("an assigned reviewer can
// read and act on their own items").
func (r *reviews) readDecision(c *call) (*instance, *decision, bool) {
	in, d, ok := r.lookupDecision(c)
	if !ok || !r.canAccess(c, readAccess, in.def, func() bool { return d.isReviewer(c.Caller.UserID) || r.seesHistory(in, d, c.Caller.UserID) }) {
		return nil, nil, false
	}
	return in, d, true
}

func (r *reviews) getDecision(c *call) {
	r.mu.Lock()
	_, d, ok := r.readDecision(c)
	var w decisionJSON
	if ok {
		w = d.wire(decisionMode(c), r.s.URL)
		if selectsDelegatedBy(c) {
			w.DelegatedBy = r.identities(r.delegators(d, c.Caller.UserID))
		}
	}
	r.mu.Unlock()
	if ok {
		c.JSONSelect(http.StatusOK, w)
	}
}

func (r *reviews) listInsights(c *call) {
	r.mu.Lock()
	_, d, ok := r.readDecision(c)
	var ins []insightJSON
	if ok {
		ins = d.insights()
	}
	r.mu.Unlock()
	if ok {
		writePage(c, ins)
	}
}

// decisionInstance serves the β navigation {I}/decisions/{id}/instance.
func (r *reviews) decisionInstance(c *call) {
	if !betaOnly(c) {
		return
	}
	r.mu.Lock()
	in, _, ok := r.readDecision(c)
	var out instanceJSON
	if ok {
		out = r.instJSON(in, wantsExpand(c, "definition"))
	}
	r.mu.Unlock()
	if ok {
		c.JSONSelect(http.StatusOK, out)
	}
}

// decisionBody is the body of a decision PATCH and of the bulk actions.
type decisionBody struct {
	Decision      *string `json:"decision"`
	Justification *string `json:"justification"`
	PrincipalID   string  `json:"principalId"`
	ResourceID    string  `json:"resourceId"`
}

// checkDecision validates a recorded decision against the settings:
// "decision ... Possible values are: Approve Deny NotReviewed DontKnow.
// Required." and "justification ... Required if
// justificationRequiredOnApproval is True" (accessReviewInstanceDecision-
// Item: Update; batchRecordDecisions says the same).
func checkDecision(c *call, b decisionBody, set settingsJSON, allowNotReviewed bool) bool {
	allowed := []string{decisionApprove, decisionDeny, decisionDontKnow}
	if allowNotReviewed {
		allowed = append(allowed, decisionNotReviewed)
	}
	if b.Decision == nil || !slices.Contains(allowed, *b.Decision) {
		c.Error(http.StatusBadRequest, codeBadRequest, "decision: must be one of "+strings.Join(allowed, ", "))
		return false
	}
	if set.JustificationRequiredOnApproval && *b.Decision == decisionApprove &&
		(b.Justification == nil || strings.TrimSpace(*b.Justification) == "") {
		c.Error(http.StatusBadRequest, codeBadRequest, "justification: is required to approve in this review")
		return false
	}
	return true
}

// patchDecision records a decision: "Any updates made to an
// accessReviewInstanceDecisionItem can only be made by calling users who
// are listed as reviewer for the parent accessReviewInstance", and the
// permission table has no application permission.
func (r *reviews) patchDecision(c *call) {
	if !requireDelegated(c) {
		return
	}
	var b decisionBody
	if !c.Decode(&b) {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	in, d, ok := r.lookupDecision(c)
	if !ok || !checkDecision(c, b, in.settings, true) {
		return
	}
	if in.status != statusInProgress {
		c.Error(http.StatusBadRequest, codeBadRequest, "decisions can be recorded only while the instance is InProgress")
		return
	}
	if d, ok = currentItem(c, in, d); !ok {
		return
	}
	if !d.isReviewer(c.Caller.UserID) {
		c.Error(http.StatusForbidden, codeForbidden, "the caller is not a reviewer of this decision item")
		return
	}
	d.record(*b.Decision, b.Justification, r.callerIdentity(c), r.s.clock.Now())
	c.NoContent()
}

// currentItem returns the item a decision on d is recorded on in a
// multi-stage instance: a stage's own item while its stage is in progress
// (an earlier stage's item is that stage's outcome, 400 once it ended),
// and, for the instance's item of an identity, the current stage's item of
// the same identity (400 when it did not move on to this stage).
func currentItem(c *call, in *instance, d *decision) (*decision, bool) {
	st := in.currentStage()
	if st == nil {
		return d, true
	}
	if d.stageID != "" {
		if key(d.stageID) != key(st.id) || st.status != statusInProgress {
			c.Error(http.StatusBadRequest, codeBadRequest, "the item's stage has ended; decisions are recorded on the current stage")
			return nil, false
		}
		return d, true
	}
	for _, x := range st.decisions {
		if identityKey(x) == identityKey(d) {
			return x, true
		}
	}
	c.Error(http.StatusBadRequest, codeBadRequest, "the identity is not under review in the current stage")
	return nil, false
}

// batchRecord records one decision on the items of an instance matching
// principalId and/or resourceId (all when neither is given).
func (r *reviews) batchRecord(c *call) {
	var b decisionBody
	if !c.Decode(&b) {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	in, ok := r.lookupInst(c, c.r.PathValue("def"), c.r.PathValue("inst"))
	if ok {
		r.batchRecordOn(c, in, in.activeItems(), b)
	}
}

// batchRecordOn records b on the matching items among items: "Enables
// reviewers to review all accessReviewInstanceDecisionItem objects in
// batches". A delegated reviewer records on the matching items they review
// (reviewers need no role to manage their decisions); an application, and
// a delegated administrator (write access) who reviews none of the items,
// on every matching item; anyone else is refused.
func (r *reviews) batchRecordOn(c *call, in *instance, items []*decision, b decisionBody) {
	if !checkDecision(c, b, in.settings, true) {
		return
	}
	reviewer := c.Caller.UserID != "" && slices.ContainsFunc(items, func(d *decision) bool { return d.isReviewer(c.Caller.UserID) })
	if !reviewer && !r.canAccess(c, writeAccess, in.def, nil) {
		return
	}
	if in.status != statusInProgress {
		c.Error(http.StatusBadRequest, codeBadRequest, "decisions can be recorded only while the instance is InProgress")
		return
	}
	by, now := r.callerIdentity(c), r.s.clock.Now()
	for _, d := range items {
		if b.matches(d) && (!reviewer || d.isReviewer(c.Caller.UserID)) {
			d.record(*b.Decision, b.Justification, by, now)
		}
	}
	c.NoContent()
}

// matches reports whether d is selected by the body's principal and
// resource filters.
func (b decisionBody) matches(d *decision) bool {
	return (b.PrincipalID == "" || strings.EqualFold(b.PrincipalID, d.principalID)) &&
		(b.ResourceID == "" || strings.EqualFold(b.ResourceID, d.resource))
}

// recordAll serves β recordAllDecisions: one decision on every item the
// caller reviews that matches principalId and resourceId, in one instance
// or, from {AR}/decisions/filterByCurrentUser, in every review in
// progress. Approve, Deny and DontKnow are accepted. Its permission table
// allows application permissions; an application reviews nothing, so
// nothing is recorded.
func (r *reviews) recordAll(c *call) {
	if !betaOnly(c) {
		return
	}
	var b decisionBody
	if !c.Decode(&b) {
		return
	}
	// recordAllDecisions: "decision ... Approve, Deny, or DontKnow".
	if b.Decision == nil || !slices.Contains([]string{decisionApprove, decisionDeny, decisionDontKnow}, *b.Decision) {
		c.Error(http.StatusBadRequest, codeBadRequest, "decision: must be one of Approve, Deny, DontKnow")
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	insts, ok := r.scopeInstances(c)
	if !ok {
		return
	}
	by := r.callerIdentity(c)
	for _, in := range insts {
		if in.status != statusInProgress {
			continue
		}
		for _, d := range in.activeItems() {
			if b.matches(d) && d.isReviewer(c.Caller.UserID) {
				d.record(*b.Decision, b.Justification, by, r.s.clock.Now())
			}
		}
	}
	c.NoContent()
}

// scopeInstances returns the path's instance, or every instance when the
// path names none.
func (r *reviews) scopeInstances(c *call) ([]*instance, bool) {
	if c.r.PathValue("inst") != "" {
		in, ok := r.lookupInst(c, c.r.PathValue("def"), c.r.PathValue("inst"))
		return []*instance{in}, ok
	}
	var out []*instance
	for _, d := range r.liveDefs() {
		if !c.sees(d) {
			continue
		}
		for _, in := range d.instances {
			r.ensureMaterialized(in)
			out = append(out, in)
		}
	}
	return out, true
}

// decisionWithInstance is an item with its β instance expanded.
type decisionWithInstance struct {
	decisionJSON
	Instance *instanceJSON `json:"instance,omitzero"`
}

// listPendingForUser serves β {AR}/decisions/filterByCurrentUser: the
// caller's items in every review in progress (none for an application),
// with $expand=instance($expand=definition) honoured.
func (r *reviews) listPendingForUser(c *call) {
	if !betaOnly(c) {
		return
	}
	f, ok := c.Filter()
	if !ok {
		return
	}
	q, _ := c.Query()
	expandInst, expandDef := false, false
	for _, e := range q.Expand {
		if e == "instance" || strings.HasPrefix(e, "instance(") {
			expandInst, expandDef = true, strings.Contains(e, "definition")
		}
	}
	mode := decisionMode(c)
	r.mu.Lock()
	insts, _ := r.scopeInstances(c)
	items := []decisionWithInstance{}
	for _, in := range insts {
		if in.status != statusInProgress {
			continue
		}
		for _, d := range in.activeItems() {
			if !d.isReviewer(c.Caller.UserID) {
				continue
			}
			item := decisionWithInstance{decisionJSON: d.wire(mode, r.s.URL)}
			if expandInst {
				ij := r.instJSON(in, expandDef)
				item.Instance = &ij
			}
			if f == nil || f.Match(item) {
				items = append(items, item)
			}
		}
	}
	r.mu.Unlock()
	writePage(c, items)
}
