package accessreviewstest

import (
	"encoding/json/jsontext"
	"encoding/json/v2"
	"net/http"
	"slices"
	"strings"
)

// Instances: list (per definition, for the current user, and β across
// definitions), get, PUT of reviewers (200; InProgress only; 409 when a
// fallback reviewer is removed), the actions, contactedReviewers and the β
// definition navigation. An action on an instance in the wrong state is
// refused with 400 BadRequest.

// instanceJSON is the wire shape of an accessReviewInstance.
type instanceJSON struct {
	ID                string      `json:"id"`
	StartDateTime     string      `json:"startDateTime"`
	EndDateTime       string      `json:"endDateTime"`
	Status            string      `json:"status"`
	Scope             *scopeJSON  `json:"scope"`
	Reviewers         []scopeJSON `json:"reviewers"`
	FallbackReviewers []scopeJSON `json:"fallbackReviewers"`
	Errors            []any       `json:"errors"`
	Definition        rawJSON     `json:"definition,omitzero"`
	// DelegatedBy (beta) is served only when $select names it.
	DelegatedBy []delegatedByJSON `json:"delegatedBy,omitzero"`
}

// instJSON renders in; with expandDef (β $expand=definition) it embeds the
// definition.
func (r *reviews) instJSON(in *instance, expandDef bool) instanceJSON {
	out := instanceJSON{
		ID: in.id, StartDateTime: formatTime(in.start), EndDateTime: formatTime(in.end),
		Status:    in.status,
		Reviewers: servedScopes(in.reviewers), FallbackReviewers: servedScopes(in.fallback), Errors: []any{},
	}
	if in.scope != nil {
		sc := in.scope.served()
		out.Scope = &sc
	}
	if expandDef {
		out.Definition = r.defJSON(in.def, false)
	}
	return out
}

func (r *reviews) listInstances(c *call)               { r.writeInstances(c, false, false) }
func (r *reviews) listInstancesForCurrentUser(c *call) { r.writeInstances(c, true, false) }
func (r *reviews) listAllInstances(c *call)            { r.writeInstances(c, false, true) }

// writeInstances writes the instances of one definition (or, β, of all),
// optionally only those the caller reviews (none for an application).
func (r *reviews) writeInstances(c *call, mine, all bool) {
	r.writeInstancesOn(c, mine, all, onReviewer)
}

// writeInstancesOn is writeInstances with the filterByCurrentUser on
// parameter deciding which of the caller's instances are listed.
func (r *reviews) writeInstancesOn(c *call, mine, all bool, on reviewerOn) {
	if all && !betaOnly(c) {
		return
	}
	f, ok := c.Filter()
	if !ok {
		return
	}
	q, _ := c.Query()
	expand := c.Version == "beta" && q.Expands("definition")
	r.mu.Lock()
	var defs []*definition
	switch {
	case all:
		for _, d := range r.liveDefs() {
			if c.sees(d) && r.visible(c, d) {
				defs = append(defs, d)
			}
		}
		if c.Caller.UserID != "" && len(defs) == 0 && !r.anyReadRole(c.Caller.UserID) {
			r.mu.Unlock()
			forbidRole(c, groupReaders, "read access reviews of a group or app")
			return
		}
	default:
		d, ok := r.lookupDef(c, c.r.PathValue("def"))
		if !ok || (!mine && !r.canAccess(c, readAccess, d, nil)) {
			r.mu.Unlock()
			return
		}
		defs = []*definition{d}
	}
	items := []rawJSON{}
	for _, d := range defs {
		for _, in := range d.instances {
			r.ensureMaterialized(in)
			if mine && !r.instanceReviewedAs(in, c.Caller.UserID, on) {
				continue
			}
			w := r.instJSON(in, expand)
			if selectsDelegatedBy(c) {
				w.DelegatedBy = r.identities(r.instanceDelegators(in, c.Caller.UserID))
			}
			b, _ := json.Marshal(w)
			if f.Match(jsontext.Value(b)) {
				items = append(items, b)
			}
		}
	}
	r.mu.Unlock()
	orderRaw(items, q.OrderBy)
	writePage(c, items)
}

// pendingForMe serves the β /me/pendingAccessReviewInstances: "the
// accessReviewInstance objects pending approval by the calling user ... of
// which the calling user is an assigned reviewer", as the self-review
// tutorial's step 5 lists them. Like every /me path it needs a signed-in
// user.
func (r *reviews) pendingForMe(c *call) {
	if !betaOnly(c) {
		return
	}
	if c.Caller.UserID == "" {
		c.Error(http.StatusBadRequest, codeBadRequest, "/me request is only valid with delegated authentication flow.")
		return
	}
	r.writePending(c, c.Caller.UserID)
}

// pendingForUser serves the β /users/{id}/pendingAccessReviewInstances for
// a user named by ID or user principal name. A signed-in user reads their
// own; an application any user's.
func (r *reviews) pendingForUser(c *call) {
	if !betaOnly(c) {
		return
	}
	u, ok := r.s.User(c.r.PathValue("user"))
	if !ok {
		c.notFound(c.r.PathValue("user"))
		return
	}
	if c.Caller.UserID != "" && key(c.Caller.UserID) != key(u.ID) {
		c.Error(http.StatusForbidden, codeForbidden, "A signed-in user can read only their own pending access reviews.")
		return
	}
	r.writePending(c, u.ID)
}

// writePending writes the instances in progress where userID reviews at
// least one item, with $expand=definition, $top and $skip, under the
// @odata.context the tutorial shows.
func (r *reviews) writePending(c *call, userID string) {
	expand := wantsExpand(c, "definition")
	r.mu.Lock()
	items := []rawJSON{}
	for _, d := range r.liveDefs() {
		for _, in := range d.instances {
			r.ensureMaterialized(in)
			if in.status != statusInProgress || !in.hasReviewer(userID) {
				continue
			}
			b, _ := json.Marshal(r.instJSON(in, expand))
			items = append(items, b)
		}
	}
	r.mu.Unlock()
	c.context = c.s.URL + "/beta/$metadata#users('" + userID + "')/pendingAccessReviewInstances"
	writePage(c, items)
}

func (r *reviews) getInstance(c *call) {
	r.withInstance(c, func(in *instance) {
		if r.canAccess(c, readAccess, in.def, func() bool { return in.hasReviewer(c.Caller.UserID) }) {
			w := r.instJSON(in, c.Version == "beta" && wantsExpand(c, "definition"))
			if selectsDelegatedBy(c) {
				w.DelegatedBy = r.identities(r.instanceDelegators(in, c.Caller.UserID))
			}
			c.JSONSelect(http.StatusOK, w)
		}
	})
}

// instanceDefinition serves the β navigation {I}/definition.
func (r *reviews) instanceDefinition(c *call) {
	if !betaOnly(c) {
		return
	}
	r.withInstance(c, func(in *instance) {
		if r.canAccess(c, readAccess, in.def, reviewerOfDefinition(in.def, c.Caller.UserID)) {
			c.JSONSelect(http.StatusOK, r.defJSON(in.def, false))
		}
	})
}

// withInstance runs f with the store locked and the path's instance found.
func (r *reviews) withInstance(c *call, f func(in *instance)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	in, ok := r.lookupInst(c, c.r.PathValue("def"), c.r.PathValue("inst"))
	if ok {
		f(in)
	}
}

// instanceUpdateBody is the body of an instance update.
type instanceUpdateBody struct {
	Scope             jsontext.Value `json:"scope"`
	Reviewers         *[]scopeJSON   `json:"reviewers"`
	FallbackReviewers *[]scopeJSON   `json:"fallbackReviewers"`
	Extra             jsontext.Value `json:",embed"`
}

// updateInstance changes the reviewers of one instance (accessReview-
// Instance: Update): "Only the reviewers and fallbackReviewers properties
// can be updated but the scope property is also required in the request
// body", the instance InProgress, fallback reviewers added but never
// removed ("Attempting to remove existing fallbackReviewers returns a 409
// Conflict"). The v1.0 page sends PUT, the beta page PATCH, and the
// official v1.0 SDK offers only PATCH: both are served.
func (r *reviews) updateInstance(c *call) {
	var body instanceUpdateBody
	if !c.Decode(&body) {
		return
	}
	var p problems
	if len(body.Scope) == 0 || string(body.Scope) == "null" {
		p.add("scope", "is required")
	}
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
	r.withInstance(c, func(in *instance) {
		if !r.canAccess(c, writeAccess, in.def, nil) {
			return
		}
		if in.status != statusInProgress {
			c.Error(http.StatusBadRequest, codeBadRequest, "the instance can be updated only while InProgress; it is "+in.status)
			return
		}
		if body.FallbackReviewers != nil && !keepsFallbacks(in.fallback, *body.FallbackReviewers) {
			c.Error(http.StatusConflict, codeConflict, "fallback reviewers can be added but not removed")
			return
		}
		if body.Reviewers != nil {
			in.reviewers = slices.Clone(*body.Reviewers)
		}
		if body.FallbackReviewers != nil {
			in.fallback = slices.Clone(*body.FallbackReviewers)
		}
		r.reresolve(in)
		c.JSON(http.StatusOK, r.instJSON(in, false))
	})
}

// keepsFallbacks reports whether next keeps every reviewer of current.
func keepsFallbacks(current, next []scopeJSON) bool {
	for i := range current {
		if !slices.ContainsFunc(next, func(n scopeJSON) bool { return sameReviewer(&current[i], &n) }) {
			return false
		}
	}
	return true
}

// sameReviewer compares two reviewer scopes by what they select.
func sameReviewer(a, b *scopeJSON) bool {
	return strings.EqualFold(strings.TrimSpace(a.Query), strings.TrimSpace(b.Query)) &&
		a.root() == b.root() && strings.EqualFold(a.ReviewerID, b.ReviewerID) && strings.EqualFold(a.ScopeType, b.ScopeType)
}

// reresolve resolves the reviewers of an instance's items again after its
// reviewers changed, and its contacted reviewers with them.
func (r *reviews) reresolve(in *instance) {
	rs := newResolver(r, in.groupID)
	for _, d := range in.decisions {
		p := principalRef{id: d.principalID, sp: d.sp, resource: d.resource, resKind: d.resKind}
		d.reviewers, d.self = rs.resolve(in.reviewers, in.fallback, p)
	}
	in.contacted = r.contactedFrom(in.decisions, formatTime(in.start))
}

// instanceAction runs an administrator's action (write access) that
// needs the instance in one of states.
func (r *reviews) instanceAction(c *call, states []string, f func(in *instance)) {
	r.withInstance(c, func(in *instance) {
		if !r.canAccess(c, writeAccess, in.def, nil) {
			return
		}
		if !slices.Contains(states, in.status) {
			c.Error(http.StatusBadRequest, codeBadRequest, "the action is not allowed while the instance is "+in.status)
			return
		}
		f(in)
		c.NoContent()
	})
}

var (
	inProgress = []string{statusInProgress}
	// applicable: applyDecisions: "The status of the accessReviewInstance
	// must be Completed to call this method"; a second apply of an Applied
	// instance finds nothing left to do.
	applicable = []string{statusCompleted, statusApplied}
)

func (r *reviews) stopInstance(c *call) {
	r.instanceAction(c, inProgress, func(in *instance) { r.complete(in, r.s.clock.Now()) })
}

func (r *reviews) applyInstance(c *call) {
	r.instanceAction(c, applicable, func(in *instance) { r.apply(in, r.callerIdentity(c), r.s.clock.Now()) })
}

func (r *reviews) resetInstance(c *call) {
	r.instanceAction(c, inProgress, func(in *instance) {
		empty := ""
		for _, d := range in.activeItems() {
			d.record(decisionNotReviewed, &empty, nobody, r.s.clock.Now())
		}
	})
}

func (r *reviews) remindInstance(c *call) {
	r.instanceAction(c, inProgress, func(in *instance) {
		in.reminders++
		r.remindersByInst[key(in.def.id)+"/"+key(in.id)]++
	})
}

// acceptRecommendations records, for the caller's NotReviewed items, the
// recommendation as the decision (items without a recommendation stay
// NotReviewed): "Allows the acceptance of recommendations on all
// accessReviewInstanceDecisionItem objects that have not been reviewed on
// an accessReviewInstance object for which the calling user is a reviewer".
// Its permission table has no application permission, and a caller who
// reviews nothing in the instance is refused.
func (r *reviews) acceptRecommendations(c *call) {
	if !requireDelegated(c) {
		return
	}
	r.withInstance(c, func(in *instance) {
		r.acceptOn(c, in, in.activeItems())
	})
}

// acceptOn accepts the recommendations of the caller's items among items.
func (r *reviews) acceptOn(c *call, in *instance, items []*decision) {
	if in.status != statusInProgress {
		c.Error(http.StatusBadRequest, codeBadRequest, "the action is not allowed while the instance is "+in.status)
		return
	}
	if !slices.ContainsFunc(items, func(d *decision) bool { return d.isReviewer(c.Caller.UserID) }) {
		c.Error(http.StatusForbidden, codeForbidden, "The signed-in user is not a reviewer of this access review.")
		return
	}
	by, now := r.callerIdentity(c), r.s.clock.Now()
	for _, d := range items {
		if d.decision != decisionNotReviewed || !d.isReviewer(c.Caller.UserID) {
			continue
		}
		if v, ok := defaultFor(decisionRecommendation, d.recommendation); ok {
			d.record(v, nil, by, now)
		}
	}
	c.NoContent()
}

// activeItems returns the items reviewers act on now: the current stage's
// in a multi-stage instance, the instance's otherwise.
func (in *instance) activeItems() []*decision {
	if st := in.currentStage(); st != nil {
		return st.decisions
	}
	return in.decisions
}

func (r *reviews) listContactedReviewers(c *call) {
	f, ok := c.Filter()
	if !ok {
		return
	}
	items, found := []contactedReviewer{}, false
	r.withInstance(c, func(in *instance) {
		if !r.canAccess(c, readAccess, in.def, nil) {
			return
		}
		found = true
		for _, cr := range in.contacted {
			if f.Match(cr) {
				items = append(items, cr)
			}
		}
	})
	if found {
		writePage(c, items)
	}
}

// betaOnly writes the 400 Graph answers for a segment v1.0 does not have.
func betaOnly(c *call) bool {
	if c.Version == "beta" {
		return true
	}
	c.Error(http.StatusBadRequest, codeBadRequest, "Resource not found for the segment '"+lastSegment(c.r.URL.Path)+"'.")
	return false
}
