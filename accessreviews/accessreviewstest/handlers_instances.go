package accessreviewstest

import (
	"encoding/json"
	"net/http"
	"slices"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/scope"
)

// Instances: list (per definition, for the current user, and β across
// definitions), get, PUT of reviewers (200; InProgress only; 409 when a
// fallback reviewer is removed), the actions, contactedReviewers and the β
// definition navigation. An action on an instance in the wrong state is
// refused with 400 BadRequest.

// instanceJSON is the wire shape of an accessReviewInstance.
type instanceJSON struct {
	ID                string           `json:"id"`
	StartDateTime     string           `json:"startDateTime"`
	EndDateTime       string           `json:"endDateTime"`
	Status            string           `json:"status"`
	Scope             rawJSON          `json:"scope"`
	Reviewers         []scope.Reviewer `json:"reviewers"`
	FallbackReviewers []scope.Reviewer `json:"fallbackReviewers"`
	Errors            []any            `json:"errors"`
	Definition        rawJSON          `json:"definition,omitempty"`
}

// instJSON renders in; with expandDef (β $expand=definition) it embeds the
// definition.
func (r *reviews) instJSON(c *call, in *instance, expandDef bool) instanceJSON {
	out := instanceJSON{
		ID: in.id, StartDateTime: formatTime(in.start), EndDateTime: formatTime(in.end),
		Status: string(in.status), Scope: rawJSON(in.scopeJSON),
		Reviewers: nonNil(in.reviewers), FallbackReviewers: nonNil(in.fallback), Errors: []any{},
	}
	if expandDef {
		out.Definition = r.defJSON(c, in.def)
	}
	return out
}

func nonNil(l []scope.Reviewer) []scope.Reviewer {
	if l == nil {
		return emptyReviewers()
	}
	return l
}

func (r *reviews) listInstances(c *call)               { r.writeInstances(c, false, false) }
func (r *reviews) listInstancesForCurrentUser(c *call) { r.writeInstances(c, true, false) }
func (r *reviews) listAllInstances(c *call)            { r.writeInstances(c, false, true) }

// writeInstances writes the instances of one definition (or, β, of all),
// optionally only those the delegated caller reviews.
func (r *reviews) writeInstances(c *call, mine, all bool) {
	if all && !betaOnly(c) {
		return
	}
	f, ok := c.Filter()
	if !ok || (mine && !requireDelegated(c)) {
		return
	}
	q, _ := c.Query()
	expand := c.Version == "beta" && wantsExpand(c, "definition")
	r.mu.Lock()
	var defs []*definition
	if all {
		defs = r.liveDefs()
	} else {
		d, ok := r.lookupDef(c, c.r.PathValue("def"))
		if !ok {
			r.mu.Unlock()
			return
		}
		defs = []*definition{d}
	}
	var items []rawJSON
	for _, d := range defs {
		for _, in := range d.instances {
			r.ensureMaterialized(in)
			if mine && !in.hasReviewer(c.Caller.UserID) {
				continue
			}
			b, _ := json.Marshal(r.instJSON(c, in, expand))
			if f.Match(rawJSON(b)) {
				items = append(items, b)
			}
		}
	}
	r.mu.Unlock()
	orderRaw(items, q.OrderBy)
	writePage(c, items)
}

// pendingForMe serves the β /me/pendingAccessReviewInstances. The service
// stopped returning data for it on 19 May 2023, so, like the service today,
// the fake answers with an empty collection.
func (r *reviews) pendingForMe(c *call) {
	if !betaOnly(c) {
		return
	}
	writePage(c, []rawJSON{})
}

func (r *reviews) getInstance(c *call) {
	r.withInstance(c, func(in *instance) {
		c.JSON(http.StatusOK, r.instJSON(c, in, c.Version == "beta" && wantsExpand(c, "definition")))
	})
}

// instanceDefinition serves the β navigation {I}/definition.
func (r *reviews) instanceDefinition(c *call) {
	if !betaOnly(c) {
		return
	}
	r.withInstance(c, func(in *instance) { c.JSON(http.StatusOK, r.defJSON(c, in.def)) })
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

// instanceUpdateBody is the body of an instance PUT.
type instanceUpdateBody struct {
	Scope             json.RawMessage   `json:"scope"`
	Reviewers         *[]scope.Reviewer `json:"reviewers"`
	FallbackReviewers *[]scope.Reviewer `json:"fallbackReviewers"`
}

func (r *reviews) updateInstance(c *call) {
	var body instanceUpdateBody
	if !c.Decode(&body) {
		return
	}
	var problems []string
	if len(body.Scope) == 0 || string(body.Scope) == "null" {
		problems = append(problems, "scope: is required")
	}
	if body.Reviewers != nil {
		problems = append(problems, validateReviewers("reviewers", *body.Reviewers)...)
	}
	if body.FallbackReviewers != nil {
		problems = append(problems, validateReviewers("fallbackReviewers", *body.FallbackReviewers)...)
	}
	if len(problems) > 0 {
		c.Error(http.StatusBadRequest, codeBadRequest, joinProblems(problems))
		return
	}
	r.withInstance(c, func(in *instance) {
		if in.status != accessreviews.StatusInProgress {
			c.Error(http.StatusBadRequest, codeBadRequest, "the instance can be updated only while InProgress; it is "+string(in.status))
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
		c.JSON(http.StatusOK, r.instJSON(c, in, false))
	})
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

// instanceAction runs an action that needs the instance in one of states.
func (r *reviews) instanceAction(c *call, states []accessreviews.Status, f func(in *instance)) {
	r.withInstance(c, func(in *instance) {
		if !slices.Contains(states, in.status) {
			c.Error(http.StatusBadRequest, codeBadRequest, "the action is not allowed while the instance is "+string(in.status))
			return
		}
		f(in)
		c.NoContent()
	})
}

var (
	inProgress = []accessreviews.Status{accessreviews.StatusInProgress}
	finished   = []accessreviews.Status{accessreviews.StatusCompleted, accessreviews.StatusApplied}
)

func (r *reviews) stopInstance(c *call) {
	r.instanceAction(c, inProgress, func(in *instance) { r.complete(in, r.s.clock.Now()) })
}

func (r *reviews) applyInstance(c *call) {
	r.instanceAction(c, finished, func(in *instance) { r.apply(in, r.callerIdentity(c), r.s.clock.Now()) })
}

func (r *reviews) resetInstance(c *call) {
	r.instanceAction(c, inProgress, func(in *instance) {
		empty := ""
		for _, d := range in.activeItems() {
			d.record(accessreviews.DecisionNotReviewed, &empty, nobody, r.s.clock.Now())
		}
	})
}

func (r *reviews) remindInstance(c *call) {
	r.instanceAction(c, inProgress, func(in *instance) {
		in.reminders++
		r.remindersByInst[string(in.def.def.ID)+"/"+in.id]++
	})
}

// acceptRecommendations records, for the delegated caller's NotReviewed
// items, the recommendation as the decision (items without a recommendation
// stay NotReviewed).
func (r *reviews) acceptRecommendations(c *call) {
	if !requireDelegated(c) {
		return
	}
	by := r.callerIdentity(c)
	r.instanceAction(c, inProgress, func(in *instance) {
		for _, d := range in.activeItems() {
			if d.decision != accessreviews.DecisionNotReviewed || !d.isReviewer(c.Caller.UserID) {
				continue
			}
			if v, ok := defaultFor(accessreviews.DefaultRecommendation, d.recommendation); ok {
				d.record(v, nil, by, r.s.clock.Now())
			}
		}
	})
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

func joinProblems(p []string) string {
	out := ""
	for i, s := range p {
		if i > 0 {
			out += "; "
		}
		out += s
	}
	return out
}
