package accessreviewstest

import (
	"strings"

	"github.com/graphkit/governance/scope"
)

// Reviewer resolution. When an instance (or a stage) opens, each item's
// reviewers are the union of what its reviewer queries return:
//
//   - no reviewers at all: a self-review, the item's principal decides;
//   - "/users/{id}": that user;
//   - "/groups/{id}/transitiveMembers" or "/members": the group's users;
//   - "/groups/{id}/owners" (a "?$filter" is ignored): the group's owners;
//   - "./owners": the owners of the item's group (the instance's group in an
//     all-groups review);
//   - "./manager" (queryRoot decisions): the principal's manager;
//   - "/servicePrincipals/{id}/owners": the application's owners;
//   - reviewerId with scopeType user, group, self, manager or resourceOwner.
//
// Only users review: owners that are groups or service principals are left
// out. When the queries resolve to nobody (a group without owners, a user
// without a manager), the fallback reviewers are resolved the same way; when
// they resolve to nobody too, nobody can decide the item and it is left to
// the default decision.

// resolver resolves reviewer queries for the items of one instance or stage,
// caching what does not depend on the principal so that 100,000 items share
// one reviewer slice.
type resolver struct {
	r       *reviews
	groupID string
	cache   map[string][]string
}

func newResolver(r *reviews, groupID string) *resolver {
	return &resolver{r: r, groupID: groupID, cache: make(map[string][]string)}
}

// resolve returns the reviewers of one item, and whether it is self-reviewed.
func (rs *resolver) resolve(reviewers, fallback []scope.Reviewer, p principalRef) ([]string, bool) {
	if len(reviewers) == 0 {
		return nil, !p.sp
	}
	ids, self := rs.resolveList(reviewers, p)
	if len(ids) == 0 && !self {
		ids, self = rs.resolveList(fallback, p)
	}
	return ids, self
}

// resolveList resolves a list of reviewer scopes into one set of users.
func (rs *resolver) resolveList(list []scope.Reviewer, p principalRef) ([]string, bool) {
	if len(list) == 1 {
		return rs.resolveOne(list[0], p)
	}
	var out []string
	self := false
	for _, rev := range list {
		ids, s := rs.resolveOne(rev, p)
		self = self || s
		for _, id := range ids {
			if !containsString(out, id) {
				out = append(out, id)
			}
		}
	}
	return out, self
}

// resolveOne resolves one reviewer scope for the item of principal p.
func (rs *resolver) resolveOne(rev scope.Reviewer, p principalRef) ([]string, bool) {
	dir := rs.r.s.dir
	switch rev.ScopeType {
	case scope.ReviewerScopeTypeSelf:
		return nil, !p.sp
	case scope.ReviewerScopeTypeManager, scope.ReviewerScopeTypeManagerOrSponsor:
		return rs.manager(p), false
	}
	q := strings.TrimSpace(rev.Query)
	if i := strings.IndexByte(q, '?'); i >= 0 {
		q = q[:i]
	}
	q = strings.TrimSuffix(q, "/")
	switch {
	case q == "./manager":
		return rs.manager(p), false
	case q == "./owners" || rev.ScopeType == scope.ReviewerScopeTypeResourceOwner:
		gid := rs.groupID
		if p.resource != "" {
			gid = p.resource
		}
		return rs.cached("owners:"+gid, func() []string { return rs.users(dir.owners(gid)) }), false
	}
	if rev.ReviewerID != "" && q == "" {
		switch rev.ScopeType {
		case scope.ReviewerScopeTypeGroup:
			q = "/groups/" + rev.ReviewerID + "/transitiveMembers"
		default:
			q = "/users/" + rev.ReviewerID
		}
	}
	return rs.cached("q:"+q, func() []string { return rs.query(q) }), false
}

// query resolves an absolute reviewer query.
func (rs *resolver) query(q string) []string {
	dir := rs.r.s.dir
	segs := strings.Split(strings.TrimPrefix(q, "/"), "/")
	switch {
	case len(segs) == 2 && segs[0] == "users":
		if _, ok := dir.user(segs[1]); ok {
			return []string{segs[1]}
		}
	case len(segs) >= 3 && segs[0] == "groups":
		switch segs[2] {
		case "transitiveMembers":
			return rs.users(dir.members(segs[1], true))
		case "members":
			return rs.users(dir.members(segs[1], false))
		case "owners":
			return rs.users(dir.owners(segs[1]))
		}
	case len(segs) == 3 && segs[0] == "servicePrincipals" && segs[2] == "owners":
		if sp, ok := dir.servicePrincipal(segs[1]); ok {
			return rs.users(sp.Owners)
		}
	}
	return nil
}

// manager returns the principal's manager, if any.
func (rs *resolver) manager(p principalRef) []string {
	u, ok := rs.r.s.dir.user(p.id)
	if !ok || u.ManagerID == "" {
		return nil
	}
	if _, ok := rs.r.s.dir.user(u.ManagerID); !ok {
		return nil
	}
	return []string{u.ManagerID}
}

// users keeps the IDs that name users.
func (rs *resolver) users(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if _, ok := rs.r.s.dir.user(id); ok && !containsString(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// cached memoises a principal-independent resolution.
func (rs *resolver) cached(key string, f func() []string) []string {
	if v, ok := rs.cache[key]; ok {
		return v
	}
	v := f()
	rs.cache[key] = v
	return v
}

// contactedFrom lists the distinct reviewers of items, in first-seen order,
// as accessReviewReviewer entities. Self-reviewed items contact nobody.
func (r *reviews) contactedFrom(items []*decision, at string) []contactedReviewer {
	seen := make(map[string]bool)
	var out []contactedReviewer
	for _, d := range items {
		for _, id := range d.reviewers {
			if seen[id] {
				continue
			}
			seen[id] = true
			cr := contactedReviewer{ID: id, CreatedDateTime: at}
			if u, ok := r.s.dir.user(id); ok {
				cr.DisplayName, cr.UserPrincipalName = u.DisplayName, u.UserPrincipalName
			}
			out = append(out, cr)
		}
	}
	return out
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
