package scope

import (
	"reflect"
	"regexp"
	"strings"
)

// recognize returns the builder value equivalent to s when s is a query
// scope (or an inactive-users or memberships scope) whose query has one of
// the shapes the builders produce, however the service spelled it ("+" for
// spaces, "$count=true", parentheses, a "/" before "?", the documentation's
// stray quote in the "all teams" query). A builder value is returned as it
// is. ok is false when s is anything else.
//
// It reads what a scope means for [Describe] and [Lint], whatever else the
// scope holds; decoding uses fromWire, which also requires that the
// builder value sends the same scope.
func recognize(s Scope) (Scope, bool) {
	switch v := s.(type) {
	case QueryScope:
		return recognizeQuery(v.Query, v.QueryType)
	case InactiveUsersScope:
		base, ok := recognizeQuery(v.Query, v.QueryType)
		if !ok {
			return nil, false
		}
		switch b := base.(type) {
		case MembersScope:
			return InactiveScope{of: b, duration: v.InactiveDuration}, true
		case UsersScope:
			return InactiveScope{of: b, duration: v.InactiveDuration}, true
		}
		return nil, false
	case PrincipalResourceMembershipsScope:
		m := MembershipsScope{
			principals: make([]Scope, len(v.PrincipalScopes)),
			resources:  make([]Scope, len(v.ResourceScopes)),
		}
		for i, p := range v.PrincipalScopes {
			if m.principals[i], _ = recognize(p); m.principals[i] == nil {
				return nil, false
			}
		}
		for i, r := range v.ResourceScopes {
			if m.resources[i], _ = recognize(r); m.resources[i] == nil {
				return nil, false
			}
		}
		return m, true
	case GroupScope, MembersScope, GroupsScope, SharedChannelsScope, UsersScope, InactiveScope,
		RoleScope, RoleAssignmentsScope, AccessPackageAssignmentsScope, ServicePrincipalScope, MembershipsScope:
		return s, true
	}
	return nil, false
}

// fromWire returns the value a scope read from the service decodes to: the
// builder value that sends the same scope, when there is one, else s
// itself. A query or inactive-users scope becomes a builder value when its
// query is one a builder makes (in any spelling recognize reads), its query
// type is MicrosoftGraph or absent, it has no query root and no property
// this package does not model; a memberships scope becomes a
// [MembershipsScope] when both of its lists have elements (each already
// decoded this way) and it has no property this package does not model. A
// builder value that Validate refuses, or whose query does not read back
// as the same value, is not used: s is kept, and is sent back as read.
func fromWire(s Scope) Scope {
	var b Scope
	switch v := s.(type) {
	case QueryScope:
		if len(v.Extra) != 0 || v.QueryRoot != "" {
			return s
		}
		b, _ = recognize(v)
	case InactiveUsersScope:
		if len(v.Extra) != 0 || v.QueryRoot != "" {
			return s
		}
		b, _ = recognize(v)
	case PrincipalResourceMembershipsScope:
		if len(v.Extra) != 0 || len(v.PrincipalScopes) == 0 || len(v.ResourceScopes) == 0 {
			return s
		}
		b = MembershipsScope{principals: v.PrincipalScopes, resources: v.ResourceScopes}
	}
	if b == nil || b.Validate() != nil || !readsBack(b) {
		return s
	}
	return b
}

// readsBack reports whether the query a builder value sends is recognised
// as the same value, so that sending it back keeps its meaning.
func readsBack(b Scope) bool {
	var again Scope
	switch w := b.(builder).wireScope().(type) {
	case QueryScope:
		again, _ = recognizeQuery(w.Query, w.QueryType)
	case InactiveUsersScope:
		again, _ = recognize(w)
	default:
		return true
	}
	return reflect.DeepEqual(again, b)
}

// recognizeQuery maps a Microsoft Graph query to the builder that produces
// it.
func recognizeQuery(q string, t QueryType) (Scope, bool) {
	if t != "" && t != QueryTypeMicrosoftGraph {
		return nil, false
	}
	p, ok := parseQuery(q)
	if !ok {
		return nil, false
	}
	if p.relative {
		return recognizeMembers(p, true, "")
	}
	if len(p.segments) == 0 {
		return nil, false
	}
	switch strings.ToLower(p.segments[0]) {
	case "groups":
		return recognizeGroups(p)
	case "users":
		return recognizeUsers(p)
	case "rolemanagement":
		return recognizeRole(p)
	case "identitygovernance":
		return recognizeAccessPackage(p)
	case "serviceprincipals":
		if ids, ok := p.path("servicePrincipals", "*"); ok && p.plain() {
			return ServicePrincipal(ids[0]), true
		}
	case "teams":
		if ids, ok := p.path("teams", "*", "channels"); ok && p.onlyParams() && hasOnly(p.terms, isSharedTerm) {
			return Team(ids[0]).SharedChannels(), true
		}
	}
	return nil, false
}

// recognizeGroups recognises the group sets, one group, and its members.
func recognizeGroups(p parsedQuery) (Scope, bool) {
	if len(p.segments) == 1 {
		if !p.onlyParams() {
			return nil, false
		}
		switch {
		case p.terms == nil:
			return AllGroups(), true
		case hasOnly(p.terms, isUnifiedTerm):
			return AllMicrosoft365Groups(), true
		case hasOnly(p.terms, isUnifiedTerm, isTeamTerm):
			return AllTeams(), true
		}
		return nil, false
	}
	id := p.segments[1]
	if len(p.segments) == 2 {
		if p.plain() {
			return Group(id), true
		}
		return nil, false
	}
	p.segments = p.segments[2:]
	return recognizeMembers(p, false, id)
}

// recognizeMembers recognises "members" or "transitiveMembers", optionally
// followed by the user cast and the guest filter, of one group or of each.
func recognizeMembers(p parsedQuery, each bool, group string) (Scope, bool) {
	m := MembersScope{group: group, each: each}
	switch {
	case len(p.segments) == 0 || len(p.segments) > 2:
		return nil, false
	case strings.EqualFold(p.segments[0], "members"):
	case strings.EqualFold(p.segments[0], "transitiveMembers"):
		m.transitive = true
	default:
		return nil, false
	}
	if len(p.segments) == 2 {
		if !isUserCast(p.segments[1]) {
			return nil, false
		}
		m.users = true
	}
	switch {
	case !p.onlyParams():
		return nil, false
	case p.terms == nil:
	case hasOnly(p.terms, isGuestTerm):
		m.guests = true
	default:
		return nil, false
	}
	return m, true
}

// recognizeUsers recognises all users and all guest users.
func recognizeUsers(p parsedQuery) (Scope, bool) {
	if len(p.segments) != 1 || !p.onlyParams() {
		return nil, false
	}
	switch {
	case p.terms == nil:
		return AllUsers(), true
	case hasOnly(p.terms, isGuestTerm):
		return AllUsers().Guests(), true
	}
	return nil, false
}

// recognizeRole recognises a role definition and the role assignment and
// eligibility queries.
func recognizeRole(p parsedQuery) (Scope, bool) {
	if ids, ok := p.path("roleManagement", "directory", "roleDefinitions", "*"); ok {
		if p.plain() {
			return Role(ids[0]), true
		}
		return nil, false
	}
	r := RoleAssignmentsScope{}
	if _, ok := p.path("roleManagement", "directory", "roleEligibilityScheduleInstances"); ok {
		r.eligible = true
	} else if _, ok := p.path("roleManagement", "directory", "roleAssignmentScheduleInstances"); !ok {
		return nil, false
	}
	if !p.onlyParams("$expand") || (p.params["$expand"] != "" && !strings.EqualFold(p.params["$expand"], "principal")) {
		return nil, false
	}
	for _, t := range p.terms {
		switch {
		case strings.EqualFold(t, "assignmentType eq 'Assigned'") && !r.eligible && !r.assignedOnly:
			r.assignedOnly = true
		case r.principal == "" && isofTerm.MatchString(t):
			r.principal = principalUser
			if strings.EqualFold(isofTerm.FindStringSubmatch(t)[1], principalServicePrincipal) {
				r.principal = principalServicePrincipal
			}
		case r.role == "" && idTerm(t, "roleDefinitionId") != "":
			r.role = idTerm(t, "roleDefinitionId")
		default:
			return nil, false
		}
	}
	if r.principal == "" || r.role == "" {
		return nil, false
	}
	return r, true
}

// recognizeAccessPackage recognises access package assignment queries.
func recognizeAccessPackage(p parsedQuery) (Scope, bool) {
	if _, ok := p.path("identityGovernance", "entitlementManagement", "accessPackageAssignments"); !ok || !p.onlyParams() {
		return nil, false
	}
	var a AccessPackageAssignmentsScope
	var hasPackage bool
	for _, t := range p.terms {
		switch {
		case !hasPackage && idTerm(t, "accessPackageId") != "":
			a.pkg, hasPackage = idTerm(t, "accessPackageId"), true
		case !a.hasPolicy && idTerm(t, "assignmentPolicyId") != "":
			a = a.Policy(idTerm(t, "assignmentPolicyId"))
		case !a.hasCatalog && idTerm(t, "catalogId") != "":
			a = a.Catalog(idTerm(t, "catalogId"))
		default:
			return nil, false
		}
	}
	return a, hasPackage
}

// hasOnly reports whether terms matches the predicates one to one, in any
// order.
func hasOnly(terms []string, preds ...func(string) bool) bool {
	if len(terms) != len(preds) {
		return false
	}
	used := make([]bool, len(terms))
	for _, pred := range preds {
		found := false
		for i, t := range terms {
			if !used[i] && pred(t) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// The filter terms the builders write, matched without regard to case or
// the name of a lambda variable.
var (
	lambdaTerm = regexp.MustCompile(`(?i)^(groupTypes|resourceProvisioningOptions)/any\((\w+): ?(\w+) eq '(Unified|Team)'\)$`)
	isofTerm   = regexp.MustCompile(`(?i)^isof\(principal, ?'#?microsoft\.graph\.(user|servicePrincipal)'\)$`)
	eqTerm     = regexp.MustCompile(`(?i)^(\w+) eq '((?:[^']|'')*)'$`)
)

func isGuestTerm(t string) bool  { return strings.EqualFold(t, "userType eq 'Guest'") }
func isSharedTerm(t string) bool { return strings.EqualFold(t, "membershipType eq 'shared'") }
func isUnifiedTerm(t string) bool {
	return isLambda(t, "groupTypes", "Unified")
}
func isTeamTerm(t string) bool { return isLambda(t, "resourceProvisioningOptions", "Team") }

// isLambda matches "field/any(x:x eq 'value')".
func isLambda(t, field, value string) bool {
	m := lambdaTerm.FindStringSubmatch(t)
	return m != nil && strings.EqualFold(m[1], field) && m[2] == m[3] && strings.EqualFold(m[4], value)
}

// idTerm returns the value of "field eq 'value'", or "".
func idTerm(t, field string) string {
	m := eqTerm.FindStringSubmatch(t)
	if m == nil || !strings.EqualFold(m[1], field) {
		return ""
	}
	return strings.ReplaceAll(m[2], "''", "'")
}

// isUserCast matches the type cast segment to users.
func isUserCast(seg string) bool {
	return strings.EqualFold(strings.TrimPrefix(seg, "#"), "microsoft.graph.user")
}
