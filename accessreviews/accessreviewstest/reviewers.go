package accessreviewstest

import (
	"strings"
)

// Reviewer resolution (accessReviewReviewerScope and the reviewers concept
// page). When an instance (or a stage) opens, each item's reviewers are the
// union of what its reviewer queries return:
//
//   - no reviewers at all: a self-review, the item's principal decides
//     ("To create a self-review ... the reviewers property ... should be an
//     empty collection");
//   - "/users/{id}": that user;
//   - "/groups/{id}/transitiveMembers" or "/members": the group's users;
//   - "/groups/{id}/owners" (its $filter evaluated on the owners): the
//     group's owners;
//   - "./owners": the owners of the item's group (the instance's group in an
//     all-groups review);
//   - "./manager" (queryRoot decisions): the principal's manager;
//   - "/servicePrincipals/{id}/owners": the application's owners;
//   - reviewerId with scopeType user, group, self, manager or resourceOwner.
//
// Only users review: owners that are groups or service principals are left
// out. When the queries resolve to nobody (a group without owners, a user
// without a manager), the fallback reviewers are resolved the same way
// ("the fallback reviewers are asked to complete a review if the primary
// reviewers do not exist"); when they resolve to nobody too, nobody can
// decide the item and it is left to the default decision.

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
func (rs *resolver) resolve(reviewers, fallback []scopeJSON, p principalRef) ([]string, bool) {
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
func (rs *resolver) resolveList(list []scopeJSON, p principalRef) ([]string, bool) {
	if len(list) == 1 {
		return rs.resolveOne(&list[0], p)
	}
	var out []string
	self := false
	for i := range list {
		ids, s := rs.resolveOne(&list[i], p)
		self = self || s
		for _, id := range ids {
			if !containsFold(out, id) {
				out = append(out, id)
			}
		}
	}
	return out, self
}

// resolveOne resolves one reviewer scope for the item of principal p.
func (rs *resolver) resolveOne(rev *scopeJSON, p principalRef) ([]string, bool) {
	dir := rs.r.s.dir
	switch strings.ToLower(rev.ScopeType) {
	case "self":
		return nil, !p.sp
	case "manager", "managerorsponsor":
		return rs.manager(p), false
	case "resourceowner":
		return rs.owners(p), false
	}
	if strings.TrimSpace(rev.Query) == "" {
		switch {
		case rev.ReviewerID == "":
			return nil, false
		case strings.EqualFold(rev.ScopeType, "group"):
			return rs.cached("g:"+key(rev.ReviewerID), func() []string { return rs.users(dir.members(rev.ReviewerID, true)) }), false
		}
		return rs.cached("u:"+key(rev.ReviewerID), func() []string { return rs.users([]string{rev.ReviewerID}) }), false
	}
	q, err := parseScopeQuery(rev.Query)
	if err != nil {
		return nil, false
	}
	switch {
	case q.relative && q.at(0) == "manager":
		return rs.manager(p), false
	case q.relative && q.at(0) == "owners":
		return rs.owners(p), false
	case q.relative:
		return nil, false
	}
	return rs.cached("q:"+rev.Query, func() []string { return rs.query(q) }), false
}

// query resolves an absolute reviewer query.
func (rs *resolver) query(q scopeQuery) []string {
	dir := rs.r.s.dir
	switch {
	case q.at(0) == "users" && len(q.segs) == 2:
		return rs.users([]string{q.id(1)})
	case q.at(0) == "groups" && len(q.segs) == 3:
		var ids []string
		switch q.at(2) {
		case "transitivemembers":
			ids = dir.members(q.id(1), true)
		case "members":
			ids = dir.members(q.id(1), false)
		case "owners":
			ids = dir.owners(q.id(1))
		}
		return rs.matching(rs.users(ids), q)
	case q.at(0) == "serviceprincipals" && len(q.segs) == 3 && q.at(2) == "owners":
		if sp, ok := dir.servicePrincipal(q.id(1)); ok {
			return rs.users(sp.Owners)
		}
	}
	return nil
}

// matching keeps the users a reviewer query's $filter selects.
func (rs *resolver) matching(ids []string, q scopeQuery) []string {
	if q.filter == nil {
		return ids
	}
	out := ids[:0:0]
	for _, id := range ids {
		if u, ok := rs.r.s.dir.user(id); ok && q.filter.Match(userJSON(u)) {
			out = append(out, id)
		}
	}
	return out
}

// owners returns the owners of the item's group, or of the instance's
// group.
func (rs *resolver) owners(p principalRef) []string {
	gid := rs.groupID
	if p.resource != "" && p.resKind == resourceGroup {
		gid = p.resource
	}
	return rs.cached("owners:"+key(gid), func() []string { return rs.users(rs.r.s.dir.owners(gid)) })
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

// users keeps the IDs that name users, each once.
func (rs *resolver) users(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if u, ok := rs.r.s.dir.user(id); ok && !containsFold(out, u.ID) {
			out = append(out, u.ID)
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
			if seen[key(id)] {
				continue
			}
			seen[key(id)] = true
			cr := contactedReviewer{ID: id, CreatedDateTime: at}
			if u, ok := r.s.dir.user(id); ok {
				cr.DisplayName, cr.UserPrincipalName = u.DisplayName, u.UserPrincipalName
			}
			out = append(out, cr)
		}
	}
	return out
}
