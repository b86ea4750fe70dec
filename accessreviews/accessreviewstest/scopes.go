package accessreviewstest

import (
	"errors"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/graphkit/governance/internal/odataserver"
)

// Scope queries, read by the fake itself (accessReviewScope,
// accessReviewQueryScope, accessReviewInactiveUsersQueryScope,
// principalResourceMembershipsScope pages and the scopes concept page). A
// query is a Graph URL: a path, absolute ("/groups/{id}/transitiveMembers")
// or relative to each enumerated group ("./members"), possibly with the
// API version in front ("/v1.0/groups/…", as some responses show it), type
// casts ("microsoft.graph.user"), and a query string whose $filter the
// server evaluates over the objects the path selects ("?$count=true&
// $filter=(userType eq 'Guest')"). $count and $expand change nothing.

// scopeQuery is a scope's query, read.
type scopeQuery struct {
	relative bool
	// segs are the path segments, without the version and the type casts.
	segs []string
	// cast is the last type cast segment, lower case ("microsoft.graph.user").
	cast   string
	filter *odataserver.Filter
}

// parseScopeQuery reads a scope or reviewer query. The error says why the
// service could not evaluate it.
func parseScopeQuery(q string) (scopeQuery, error) {
	var out scopeQuery
	q = strings.TrimSpace(q)
	path, rawQuery, _ := strings.Cut(q, "?")
	switch {
	case strings.HasPrefix(path, "./"):
		out.relative = true
		path = path[1:]
	case strings.HasPrefix(path, "/"):
	default:
		return out, errors.New("must be a Microsoft Graph path starting with / or ./")
	}
	for _, v := range []string{"/v1.0/", "/beta/"} {
		if rest, ok := strings.CutPrefix(path, v); ok {
			path = "/" + rest
		}
	}
	for seg := range strings.SplitSeq(path, "/") {
		switch {
		case seg == "":
		case strings.Contains(seg, "."):
			out.cast = strings.ToLower(seg)
		default:
			out.segs = append(out.segs, seg)
		}
	}
	if len(out.segs) == 0 && !out.relative {
		return out, errors.New("names no collection")
	}
	filter, err := queryOption(rawQuery, "$filter")
	if err != nil {
		return out, err
	}
	if strings.TrimSpace(filter) != "" {
		f, err := parseScopeFilter(filter)
		if err != nil {
			return out, errors.New("has a $filter the service cannot read: " + err.Error())
		}
		out.filter = f
	}
	return out, nil
}

// parseScopeFilter parses a scope query's $filter. The scopes document's
// "all teams" query ends with a stray "')"; the service reads it as if the
// quote were not there (conformance README), and so does the fake.
func parseScopeFilter(filter string) (*odataserver.Filter, error) {
	f, err := odataserver.ParseFilter(filter)
	if err == nil {
		return f, nil
	}
	if fixed, ok := strings.CutSuffix(filter, "')"); ok {
		if f, err2 := odataserver.ParseFilter(fixed + ")"); err2 == nil {
			return f, nil
		}
	}
	return nil, err
}

// queryOption returns one option of a scope query's query string. Scope
// queries carry unescaped spaces and quotes, and "+" for spaces, so they
// are split by hand; each value is unescaped when it is escaped.
func queryOption(rawQuery, name string) (string, error) {
	for part := range strings.SplitSeq(rawQuery, "&") {
		k, v, _ := strings.Cut(part, "=")
		if !strings.EqualFold(k, name) {
			continue
		}
		if strings.Contains(v, "%") {
			u, err := url.QueryUnescape(v)
			if err != nil {
				return "", errors.New("has a badly escaped " + name)
			}
			return u, nil
		}
		return strings.ReplaceAll(v, "+", " "), nil
	}
	return "", nil
}

// at returns the i-th path segment, lower case ("" past the end).
func (q scopeQuery) at(i int) string {
	if i < len(q.segs) {
		return strings.ToLower(q.segs[i])
	}
	return ""
}

// id returns the i-th path segment as it is ("" past the end).
func (q scopeQuery) id(i int) string {
	if i < len(q.segs) {
		return q.segs[i]
	}
	return ""
}

// principalRef is one principal in scope, with the resource it reaches.
type principalRef struct {
	id       string
	sp       bool
	resource string
	resKind  string
	direct   bool
	indirect bool
}

// The resource types of decision items (accessReviewInstanceDecisionItem-
// Resource type).
const (
	resourceGroup         = "Group"
	resourceDirectoryRole = "DirectoryRole"
)

// scopeKind reads which kind of scope s is from its @odata.type; a scope
// without one is a query scope (accessReviewScope: "@odata.type is highly
// recommended" for query scopes, required for the others).
func scopeKind(s *scopeJSON) string {
	switch t := typeName(s.ODataType); t {
	case "":
		return "accessreviewqueryscope"
	default:
		return t
	}
}

// principals returns who a definition's scope selects, relative to
// groupID for a relative query, with inactivity measured at the instance
// start.
func (r *reviews) principals(sc *scopeJSON, groupID string, at time.Time) []principalRef {
	if sc == nil {
		return nil
	}
	switch scopeKind(sc) {
	case "principalresourcemembershipsscope":
		return r.membershipPrincipals(sc.PrincipalScopes, sc.ResourceScopes, at)
	case "accessreviewqueryscope", "accessreviewinactiveusersqueryscope":
		q, err := parseScopeQuery(sc.Query)
		if err != nil {
			return nil
		}
		refs := r.querySelects(q, groupID)
		if scopeKind(sc) == "accessreviewinactiveusersqueryscope" {
			refs = r.keepInactive(refs, sc.InactiveDuration, at)
		}
		return refs
	}
	// Access package, catalog and other scopes the directory does not hold
	// select nobody.
	return nil
}

// querySelects evaluates a query scope of a definition: group members
// (direct, transitive, relative to the instance's group), a group, a
// directory role's holders and its assignment or eligibility schedule
// instances; then the query's $filter over what the path selected.
func (r *reviews) querySelects(q scopeQuery, groupID string) []principalRef {
	var refs []principalRef
	switch {
	case q.relative && (q.at(0) == "members" || q.at(0) == "transitivemembers") && len(q.segs) == 1:
		refs = r.groupMembers(groupID, q.at(0) == "transitivemembers")
	case q.at(0) == "groups" && len(q.segs) == 3 && (q.at(2) == "members" || q.at(2) == "transitivemembers"):
		refs = r.groupMembers(q.id(1), q.at(2) == "transitivemembers")
	case q.at(0) == "groups" && len(q.segs) == 2:
		refs = r.groupMembers(q.id(1), false)
	case q.at(0) == "rolemanagement" && q.at(1) == "directory":
		return r.roleSelects(q)
	default:
		return nil
	}
	if q.cast != "" && q.cast != "microsoft.graph.user" {
		return nil // only users are reviewed as members
	}
	return r.keepMatching(refs, q.filter)
}

// roleSelects evaluates /roleManagement/directory/roleDefinitions/{id}
// (everyone holding or eligible for the role) and the assignment and
// eligibility schedule instance collections, whose $filter names the role,
// the principal's type (isof) and the assignment type.
func (r *reviews) roleSelects(q scopeQuery) []principalRef {
	switch q.at(2) {
	case "roledefinitions":
		if len(q.segs) != 4 {
			return nil
		}
		return r.roleMembers(q.id(3), true, true)
	case "roleassignmentscheduleinstances", "roleeligibilityscheduleinstances":
		active := q.at(2) == "roleassignmentscheduleinstances"
		var out []principalRef
		for _, role := range r.s.dir.roles() {
			ids := role.Eligible
			if active {
				ids = role.Members
			}
			for _, id := range ids {
				_, isSP := r.s.dir.servicePrincipal(id)
				if q.filter.Match(roleInstanceJSON(role.ID, id, isSP, active)) {
					out = append(out, principalRef{id: id, sp: isSP, resource: role.ID, resKind: resourceDirectoryRole, direct: true})
				}
			}
		}
		return out
	}
	return nil
}

// roleInstanceJSON is a unifiedRoleAssignmentScheduleInstance (or
// eligibility schedule instance) with its principal expanded, as a scope's
// $filter sees it.
func roleInstanceJSON(roleID, principalID string, sp, active bool) map[string]any {
	t := odataTypePrefix + "user"
	if sp {
		t = odataTypePrefix + "servicePrincipal"
	}
	m := map[string]any{
		"roleDefinitionId": roleID,
		"principalId":      principalID,
		"directoryScopeId": "/",
		"memberType":       "Direct",
		"principal":        map[string]any{"@odata.type": t, "id": principalID},
	}
	if active {
		m["assignmentType"] = "Assigned"
	}
	return m
}

// groupMembers returns the user members of a group as principals on it.
func (r *reviews) groupMembers(gid string, transitive bool) []principalRef {
	if gid == "" {
		return nil
	}
	direct := r.s.dir.members(gid, false)
	ids := direct
	var isDirectSet map[string]bool
	if transitive {
		ids = r.s.dir.members(gid, true)
		isDirectSet = make(map[string]bool, len(direct))
		for _, id := range direct {
			isDirectSet[key(id)] = true
		}
	}
	out := make([]principalRef, 0, len(ids))
	for _, id := range ids {
		isDirect := !transitive || isDirectSet[key(id)]
		out = append(out, principalRef{id: id, resource: gid, resKind: resourceGroup,
			direct: isDirect, indirect: !isDirect})
	}
	return out
}

// roleMembers returns the active and/or eligible members of a directory role.
func (r *reviews) roleMembers(roleID string, active, eligible bool) []principalRef {
	role, ok := r.s.dir.role(roleID)
	if !ok {
		return nil
	}
	var ids []string
	if active {
		ids = append(ids, role.Members...)
	}
	if eligible {
		ids = append(ids, role.Eligible...)
	}
	out := make([]principalRef, 0, len(ids))
	for _, id := range slices.Compact(ids) {
		_, isSP := r.s.dir.servicePrincipal(id)
		out = append(out, principalRef{id: id, sp: isSP, resource: role.ID, resKind: resourceDirectoryRole, direct: true})
	}
	return out
}

// keepMatching keeps the users the filter selects (evaluated on the user
// as /users returns it); a nil filter keeps everyone.
func (r *reviews) keepMatching(refs []principalRef, f *odataserver.Filter) []principalRef {
	if f == nil {
		return refs
	}
	return slices.DeleteFunc(refs, func(p principalRef) bool {
		u, ok := r.s.dir.user(p.id)
		return !ok || !f.Match(userJSON(u))
	})
}

// keepInactive keeps the users without a sign-in during the inactive
// duration before at (accessReviewInactiveUsersQueryScope: "inactive users
// ... who have not signed in within the inactiveDuration ... prior to the
// instance start"); a user who never signed in is inactive. An empty or
// unreadable duration is PT0S, its documented default.
func (r *reviews) keepInactive(refs []principalRef, duration string, at time.Time) []principalRef {
	d, _ := parseDuration(duration)
	cutoff := d.before(at)
	return slices.DeleteFunc(refs, func(p principalRef) bool {
		u, ok := r.s.dir.user(p.id)
		return !ok || (!u.LastSignIn.IsZero() && !u.LastSignIn.Before(cutoff))
	})
}

// membershipPrincipals evaluates a principalResourceMembershipsScope: every
// membership of a principal selected by the principal scopes in a resource
// selected by the resource scopes.
func (r *reviews) membershipPrincipals(principals, resources []scopeJSON, at time.Time) []principalRef {
	var refs []principalRef
	for i := range resources {
		refs = append(refs, r.resourceMembers(&resources[i])...)
	}
	return slices.DeleteFunc(refs, func(p principalRef) bool {
		for i := range principals {
			if r.principalMatches(&principals[i], p.id, at) {
				return false
			}
		}
		return true
	})
}

// resourceMembers returns the memberships of one resource scope: the
// transitive members of groups (all groups, or those a $filter selects), of
// one group, or the holders of a directory role. Application assignments,
// shared channels and access packages are not in the directory the fake
// models and select nobody.
func (r *reviews) resourceMembers(res *scopeJSON) []principalRef {
	switch scopeKind(res) {
	case "accessreviewresourcescope":
		switch strings.ToLower(res.ScopeType) {
		case "group":
			return r.groupMembers(res.ResourceID, true)
		case "directoryrole":
			return r.roleMembers(res.ResourceID, true, true)
		case "catalog":
			return r.catalogMembers(res.ResourceID)
		}
		return nil
	case "accessreviewqueryscope":
	default:
		return nil
	}
	q, err := parseScopeQuery(res.Query)
	if err != nil {
		return nil
	}
	switch {
	case q.at(0) == "groups" && len(q.segs) == 1:
		var out []principalRef
		for _, g := range r.s.dir.groups() {
			if q.filter.Match(groupJSON(g)) {
				out = append(out, r.groupMembers(g.ID, true)...)
			}
		}
		return out
	case q.at(0) == "groups" && len(q.segs) == 2:
		return r.groupMembers(q.id(1), true)
	case q.at(0) == "groups" && len(q.segs) == 3:
		return r.groupMembers(q.id(1), q.at(2) == "transitivemembers")
	case q.at(0) == "rolemanagement" && q.at(2) == "roledefinitions" && len(q.segs) == 4:
		return r.roleMembers(q.id(3), true, true)
	}
	return nil
}

// principalMatches reports whether a principal scope of a memberships scope
// selects the principal id: "/users" with its $filter (and an inactive
// duration), or an accessReviewPrincipalScope's scopeType.
func (r *reviews) principalMatches(ps *scopeJSON, id string, at time.Time) bool {
	u, isUser := r.s.dir.user(id)
	if !isUser {
		return false
	}
	guest := u.UserType == "Guest"
	inactiveFor := func(duration string) bool {
		d, _ := parseDuration(duration)
		return u.LastSignIn.IsZero() || u.LastSignIn.Before(d.before(at))
	}
	switch scopeKind(ps) {
	case "accessreviewprincipalscope":
		switch strings.ToLower(ps.ScopeType) {
		case "allusers":
			return true
		case "guestusers":
			return guest
		case "inactiveusers":
			return inactiveFor("P30D")
		case "inactiveguestusers":
			return guest && inactiveFor("P30D")
		}
		return false
	case "accessreviewqueryscope", "accessreviewinactiveusersqueryscope":
		q, err := parseScopeQuery(ps.Query)
		if err != nil || q.at(0) != "users" || len(q.segs) != 1 || !q.filter.Match(userJSON(u)) {
			return false
		}
		if scopeKind(ps) == "accessreviewinactiveusersqueryscope" {
			return inactiveFor(ps.InactiveDuration)
		}
		return true
	}
	return false
}

// enumerate returns the group IDs an instanceEnumerationScope lists, one
// instance each; a single "" means one instance not tied to a group.
// "/groups/{id}" names one group; "/groups?$filter=…" every group the
// filter selects, evaluated on the group as /groups returns it
// (groupTypes, resourceProvisioningOptions).
func (r *reviews) enumerate(ies *scopeJSON) []string {
	if ies == nil {
		return []string{""}
	}
	q, err := parseScopeQuery(ies.Query)
	if err != nil || q.at(0) != "groups" {
		return []string{""}
	}
	switch len(q.segs) {
	case 2:
		return []string{q.id(1)}
	case 1:
		var out []string
		for _, g := range r.s.dir.groups() {
			if q.filter.Match(groupJSON(g)) {
				out = append(out, g.ID)
			}
		}
		return out
	}
	return []string{""}
}

// instanceScope returns an instance's scope: the definition's scope, with
// a relative query ("./members…") rooted at the instance's group, as the
// guest tutorial's instance shows ("/groups/{id}/members/…").
func instanceScope(sc *scopeJSON, groupID string) *scopeJSON {
	if sc == nil {
		return nil
	}
	out := *sc
	if groupID != "" && strings.HasPrefix(out.Query, "./") {
		out.Query = "/groups/" + groupID + out.Query[1:]
	}
	return &out
}
