package accessreviewstest

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/scope"
)

// Materialisation: instances from scope × instanceEnumerationScope, and
// decisions for every principal the instance's scope selects in the
// directory at the instance's start.
//
// The fake reads scopes through scope.Recognize, so it understands exactly
// the shapes the builders produce (and the spellings the service accepts for
// them). A scope it does not recognise yields an instance without decisions
// (its errors list stays empty).

// principalRef is one principal in scope, with the resource it reaches.
type principalRef struct {
	id       string
	sp       bool
	resource string
	resKind  accessreviews.ResourceType
	direct   bool
	indirect bool
}

// openOccurrence creates the instances of one occurrence of d starting at
// start: one per group for an all-groups review (only the groups where the
// scope selects someone, as the guest tutorial says), one otherwise. A
// one-time review's single instance takes the definition's ID (seed 001).
func (r *reviews) openOccurrence(d *definition, start time.Time, oneTime bool) {
	groups := r.enumerate(d.def.InstanceEnumerationScope)
	if len(groups) > 1 || (d.def.InstanceEnumerationScope != nil && len(groups) == 1 && groups[0] != "") {
		kept := groups[:0]
		for _, g := range groups {
			if len(r.principals(d.def.Scope, g, start)) > 0 || len(groups) == 1 {
				kept = append(kept, g)
			}
		}
		groups = kept
	}
	for _, g := range groups {
		id := r.s.newID()
		if oneTime && len(groups) == 1 {
			id = string(d.def.ID)
		}
		in := &instance{
			id:        id,
			def:       d,
			start:     start,
			end:       instanceEnd(d.def, start),
			status:    accessreviews.StatusNotStarted,
			groupID:   g,
			scopeJSON: instanceScope(d.def.Scope, g),
			settings:  d.def.Settings,
			stagePlan: slices.Clone(d.def.StageSettings),
			reviewers: slices.Clone(d.def.Reviewers),
			fallback:  slices.Clone(fallbacks(d.def)),
			decByID:   make(map[string]*decision),
		}
		if _, dup := d.instByID[in.id]; dup {
			in.id = r.s.newID()
		}
		d.instances = append(d.instances, in)
		d.instByID[in.id] = in
	}
}

// fallbacks returns the definition's fallback reviewers, or the beta
// backupReviewers mirror when only that is set.
func fallbacks(d *accessreviews.Definition) []scope.Reviewer {
	if len(d.FallbackReviewers) > 0 {
		return d.FallbackReviewers
	}
	return d.BackupReviewers
}

// enumerate returns the group IDs an instanceEnumerationScope lists; a single
// "" means one instance not tied to a group.
func (r *reviews) enumerate(ies scope.Scope) []string {
	if ies == nil {
		return []string{""}
	}
	rec, ok := scope.Recognize(ies)
	if !ok {
		return []string{""}
	}
	switch v := rec.(type) {
	case scope.GroupScope:
		return []string{v.ID()}
	case scope.GroupsScope:
		var out []string
		for _, g := range r.s.dir.groups() {
			if groupInSet(v, g) {
				out = append(out, g.ID)
			}
		}
		return out
	}
	return []string{""}
}

// groupInSet reports whether g belongs to the set of groups gs names.
func groupInSet(gs scope.GroupsScope, g Group) bool {
	unified := slices.Contains(g.GroupTypes, "Unified")
	switch gs {
	case scope.AllTeams():
		return unified && g.IsTeam
	case scope.AllMicrosoft365Groups():
		return unified
	}
	return true
}

// instanceScope returns the instance's scope JSON: the definition's scope,
// with a relative query ("./members…") rooted at the instance's group, as the
// guest tutorial's instance shows.
func instanceScope(sc scope.Scope, groupID string) []byte {
	if sc == nil {
		return []byte("null")
	}
	raw, err := json.Marshal(sc)
	if err != nil || groupID == "" {
		return raw
	}
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return raw
	}
	if q, ok := m["query"].(string); ok && strings.HasPrefix(q, "./") {
		m["query"] = "/groups/" + groupID + q[1:]
		if out, err := json.Marshal(m); err == nil {
			return out
		}
	}
	return raw
}

// principals returns who the scope selects, relative to groupID for a
// relative scope, with inactivity measured at the instance start.
func (r *reviews) principals(sc scope.Scope, groupID string, at time.Time) []principalRef {
	if sc == nil {
		return nil
	}
	if m, ok := sc.(scope.PrincipalResourceMembershipsScope); ok {
		return r.membershipPrincipals(m.PrincipalScopes, m.ResourceScopes, at)
	}
	rec, ok := scope.Recognize(sc)
	if !ok {
		return nil
	}
	switch v := rec.(type) {
	case scope.MembershipsScope:
		return r.membershipPrincipals(v.Principals(), v.Resources(), at)
	case scope.InactiveScope:
		days, _ := v.Duration().WholeDays()
		return r.keepInactive(r.principals(v.Of(), groupID, at), days, at)
	case scope.MembersScope:
		gid := v.GroupID()
		if v.EachGroup() {
			gid = groupID
		}
		refs := r.groupMembers(gid, v.Transitive())
		if v.OnlyGuests() {
			refs = r.keepGuests(refs)
		}
		return refs
	case scope.GroupScope:
		return r.groupMembers(v.ID(), false)
	case scope.RoleScope:
		return r.roleMembers(v.ID(), true, true)
	case scope.RoleAssignmentsScope:
		return r.roleMembers(v.RoleID(), !v.Eligible(), v.Eligible())
	}
	return nil
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
			isDirectSet[id] = true
		}
	}
	out := make([]principalRef, 0, len(ids))
	for _, id := range ids {
		isDirect := !transitive || isDirectSet[id]
		out = append(out, principalRef{id: id, resource: gid, resKind: accessreviews.ResourceGroup,
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
		out = append(out, principalRef{id: id, sp: isSP, resource: roleID, resKind: accessreviews.ResourceDirectoryRole, direct: true})
	}
	return out
}

// keepGuests keeps the guest users.
func (r *reviews) keepGuests(refs []principalRef) []principalRef {
	return slices.DeleteFunc(refs, func(p principalRef) bool {
		u, ok := r.s.dir.user(p.id)
		return !ok || u.UserType != "Guest"
	})
}

// keepInactive keeps the users without a sign-in in the days before at; a
// user who never signed in is inactive.
func (r *reviews) keepInactive(refs []principalRef, days int, at time.Time) []principalRef {
	cutoff := at.AddDate(0, 0, -days)
	return slices.DeleteFunc(refs, func(p principalRef) bool {
		u, ok := r.s.dir.user(p.id)
		return !ok || (!u.LastSignIn.IsZero() && !u.LastSignIn.Before(cutoff))
	})
}

// membershipPrincipals evaluates a principalResourceMembershipsScope: every
// membership of a principal selected by the principal scopes in a resource
// selected by the resource scopes.
func (r *reviews) membershipPrincipals(principals, resources []scope.Scope, at time.Time) []principalRef {
	var refs []principalRef
	for _, res := range resources {
		refs = append(refs, r.resourceMembers(res)...)
	}
	return slices.DeleteFunc(refs, func(p principalRef) bool {
		for _, ps := range principals {
			if r.principalMatches(ps, p.id, at) {
				return false
			}
		}
		return true
	})
}

// resourceMembers returns the memberships of one resource scope.
func (r *reviews) resourceMembers(res scope.Scope) []principalRef {
	if rs, ok := res.(scope.ResourceScope); ok {
		switch rs.ScopeType {
		case scope.ResourceScopeTypeGroup:
			return r.groupMembers(rs.ResourceID, true)
		case scope.ResourceScopeTypeDirectoryRole:
			return r.roleMembers(rs.ResourceID, true, true)
		}
		return nil
	}
	rec, ok := scope.Recognize(res)
	if !ok {
		return nil
	}
	switch v := rec.(type) {
	case scope.GroupsScope:
		var out []principalRef
		for _, g := range r.s.dir.groups() {
			if groupInSet(v, g) {
				out = append(out, r.groupMembers(g.ID, true)...)
			}
		}
		return out
	case scope.GroupScope:
		return r.groupMembers(v.ID(), true)
	case scope.MembersScope:
		return r.groupMembers(v.GroupID(), v.Transitive())
	case scope.RoleScope:
		return r.roleMembers(v.ID(), true, true)
	}
	// Service principals' app role assignments, shared channels and access
	// packages are not in the directory the fake models.
	return nil
}

// principalMatches reports whether a principal scope of a memberships scope
// selects the user id.
func (r *reviews) principalMatches(ps scope.Scope, id string, at time.Time) bool {
	u, isUser := r.s.dir.user(id)
	guest := isUser && u.UserType == "Guest"
	inactive := func(days int) bool {
		return isUser && (u.LastSignIn.IsZero() || u.LastSignIn.Before(at.AddDate(0, 0, -days)))
	}
	if p, ok := ps.(scope.PrincipalScope); ok {
		switch p.ScopeType {
		case scope.PrincipalScopeTypeAllUsers:
			return isUser
		case scope.PrincipalScopeTypeGuestUsers:
			return guest
		case scope.PrincipalScopeTypeInactiveUsers:
			return inactive(30)
		case scope.PrincipalScopeTypeInactiveGuestUsers:
			return guest && inactive(30)
		}
		return false
	}
	rec, ok := scope.Recognize(ps)
	if !ok {
		return false
	}
	switch v := rec.(type) {
	case scope.UsersScope:
		return isUser && (!v.OnlyGuests() || guest)
	case scope.InactiveScope:
		days, _ := v.Duration().WholeDays()
		return r.principalMatches(v.Of(), id, at) && inactive(days)
	}
	return false
}
