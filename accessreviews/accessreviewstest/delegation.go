package accessreviewstest

import (
	"net/http"
	"slices"
	"strings"
)

// Delegated reviewers (beta). filterByCurrentUser takes on='reviewer',
// "directReviewer" and "delegatedReviewer": "reviewer returns all instances
// where the calling user is a reviewer, directReviewer returns only
// instances directly assigned to the calling user, and delegatedReviewer
// returns only instances delegated to the calling user", the last two only
// with "the Prefer: include-unknown-enum-members request header"
// (accessReviewInstance: filterByCurrentUser, beta). delegatedBy, "returned
// only with $select=delegatedBy", names who delegated to the caller.
//
// Graph documents no operation that delegates a review, so a test sets one
// up with Server.DelegateReviews: the delegate becomes a reviewer, on the
// delegator's behalf, of the items the delegator reviews at that moment,
// and may read and record them as any reviewer does. A delegate who already
// reviews an item directly stays its direct reviewer. Reviewers resolved
// again (an instance or stage update) drop the delegation.

// delegation records that to reviews an item on from's behalf.
type delegation struct{ to, from string }

// DelegateReviews makes the user toUserID a delegated reviewer of every
// item the user fromUserID reviews now, in every instance and stage, and
// reports how many items were delegated. Graph documents no call that
// delegates a review; this stands in for one. The delegate reads and
// records those items as any reviewer does; a delegate who already reviews
// an item directly stays its direct reviewer, and reviewers resolved again
// (an instance or stage update) drop the delegation.
func (s *Server) DelegateReviews(fromUserID, toUserID string) int {
	r := s.ar
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.delegated == nil {
		r.delegated = make(map[*decision][]delegation)
	}
	n := 0
	add := func(d *decision) {
		if !d.isReviewer(fromUserID) || d.isReviewer(toUserID) {
			return
		}
		d.reviewers = append(slices.Clip(d.reviewers), toUserID)
		r.delegated[d] = append(r.delegated[d], delegation{to: toUserID, from: fromUserID})
		n++
	}
	for _, def := range r.liveDefs() {
		for _, in := range def.instances {
			r.ensureMaterialized(in)
			for _, d := range in.decisions {
				add(d)
			}
			for _, st := range in.stages {
				for _, d := range st.decisions {
					add(d)
				}
			}
		}
	}
	return n
}

// delegators returns who delegated item d to userID, in delegation order.
func (r *reviews) delegators(d *decision, userID string) []string {
	var out []string
	for _, dl := range r.delegated[d] {
		if key(dl.to) == key(userID) && !slices.ContainsFunc(out, func(s string) bool { return key(s) == key(dl.from) }) {
			out = append(out, dl.from)
		}
	}
	return out
}

// reviewerOn names the on parameter of filterByCurrentUser.
type reviewerOn uint8

const (
	onReviewer reviewerOn = iota
	onDirect
	onDelegated
)

// reviewsAs reports whether userID reviews d in the way on asks.
func (r *reviews) reviewsAs(d *decision, userID string, on reviewerOn) bool {
	if !d.isReviewer(userID) {
		return false
	}
	switch on {
	case onDirect:
		return len(r.delegators(d, userID)) == 0
	case onDelegated:
		return len(r.delegators(d, userID)) > 0
	}
	return true
}

// instanceReviewedAs reports whether userID reviews an item of in in the
// way on asks.
func (r *reviews) instanceReviewedAs(in *instance, userID string, on reviewerOn) bool {
	if on == onReviewer {
		return in.hasReviewer(userID)
	}
	if slices.ContainsFunc(in.decisions, func(d *decision) bool { return r.reviewsAs(d, userID, on) }) {
		return true
	}
	for _, st := range in.stages {
		if slices.ContainsFunc(st.decisions, func(d *decision) bool { return r.reviewsAs(d, userID, on) }) {
			return true
		}
	}
	return false
}

// delegatedByJSON is one entry of delegatedBy, a userIdentity.
type delegatedByJSON struct {
	Type              string `json:"@odata.type"`
	ID                string `json:"id"`
	DisplayName       string `json:"displayName"`
	UserPrincipalName string `json:"userPrincipalName"`
}

// identities renders user IDs as delegatedBy entries.
func (r *reviews) identities(ids []string) []delegatedByJSON {
	out := make([]delegatedByJSON, 0, len(ids))
	for _, id := range ids {
		e := delegatedByJSON{Type: odataTypePrefix + "userIdentity", ID: id}
		if u, ok := r.s.dir.user(id); ok {
			e.ID, e.DisplayName, e.UserPrincipalName = u.ID, u.DisplayName, u.UserPrincipalName
		}
		out = append(out, e)
	}
	return out
}

// instanceDelegators returns who delegated items of in to userID.
func (r *reviews) instanceDelegators(in *instance, userID string) []string {
	var out []string
	addAll := func(ds []*decision) {
		for _, d := range ds {
			for _, f := range r.delegators(d, userID) {
				if !slices.ContainsFunc(out, func(s string) bool { return key(s) == key(f) }) {
					out = append(out, f)
				}
			}
		}
	}
	addAll(in.decisions)
	for _, st := range in.stages {
		addAll(st.decisions)
	}
	return out
}

// selectsDelegatedBy reports whether the request asks for delegatedBy: a
// beta request whose $select names it.
func selectsDelegatedBy(c *call) bool {
	if c.Version != "beta" {
		return false
	}
	q, _ := c.Query()
	return slices.ContainsFunc(q.Select, func(s string) bool { return strings.EqualFold(strings.TrimSpace(s), "delegatedBy") })
}

// includesUnknownEnums checks the Prefer header that directReviewer and
// delegatedReviewer need; without it they are unknown members of the
// evolvable enumeration, refused with 400.
func includesUnknownEnums(c *call, value string) bool {
	for _, v := range c.r.Header.Values("Prefer") {
		for p := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(p), "include-unknown-enum-members") {
				return true
			}
		}
	}
	c.Error(http.StatusBadRequest, codeBadRequest, "The value '"+value+"' is not a member of the enumeration accessReviewInstanceFilterByCurrentUserOptions known to this client; send the header Prefer: include-unknown-enum-members to use it.")
	return false
}

func (r *reviews) listInstancesDirect(c *call) {
	if includesUnknownEnums(c, "directReviewer") {
		r.writeInstancesOn(c, true, false, onDirect)
	}
}

func (r *reviews) listInstancesDelegated(c *call) {
	if includesUnknownEnums(c, "delegatedReviewer") {
		r.writeInstancesOn(c, true, false, onDelegated)
	}
}

func (r *reviews) listDecisionsDirect(c *call) {
	if includesUnknownEnums(c, "directReviewer") {
		r.writeDecisionsOn(c, true, false, onDirect)
	}
}

func (r *reviews) listDecisionsDelegated(c *call) {
	if includesUnknownEnums(c, "delegatedReviewer") {
		r.writeDecisionsOn(c, true, false, onDelegated)
	}
}

func (r *reviews) listStageDecisionsDirect(c *call) {
	if includesUnknownEnums(c, "directReviewer") {
		r.writeDecisionsOn(c, true, true, onDirect)
	}
}

func (r *reviews) listStageDecisionsDelegated(c *call) {
	if includesUnknownEnums(c, "delegatedReviewer") {
		r.writeDecisionsOn(c, true, true, onDelegated)
	}
}
