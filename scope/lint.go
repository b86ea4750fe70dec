package scope

import (
	"errors"
	"strconv"
	"strings"

	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/odata"
)

// Lint returns what in s the service accepts but is probably a mistake, as
// warnings named by their path ("principalScopes[0].inactiveDuration").
// It repeats nothing [Validate] reports; a nil s has none. It warns about:
//   - a query with a shape problem ([CheckQuery]), or that no builder makes
//     and the documentation does not show, with the builder form it misses
//     by a typo ("/groups/{id}/transitiveMember"); a non-GUID ID in a query
//     or resource scope; a query type other than MicrosoftGraph or ARM; a
//     query root other than decisions;
//   - a zero inactivity period (the service's default), which counts
//     everyone who has not signed in since the instance started as inactive;
//   - a memberships scope without principal or resource scopes, or with a
//     principal scope among the resources, where it selects nothing; a
//     principal or resource scope without a scope type.
//
// Queries are compared in the service's spellings, "/v1.0" or "/beta"
// prefix included.
func Lint(s Scope) []odata.Warning {
	switch v := s.(type) {
	case nil, Unknown:
		return nil
	case QueryScope:
		ws := lintQueryFields(v.fields())
		if ok, skip := scopeQueryKnown(v.Query, v.QueryType, ws); !ok && !skip {
			ws = append(ws, unrecognised("query", v.Query, "scope", recognisesScope))
		}
		return append(ws, lintRecognisedIDs(v)...)
	case InactiveUsersScope:
		ws := lintQueryFields(v.fields())
		if ok, skip := scopeQueryKnown(v.Query, v.QueryType, ws); !ok && !skip {
			ws = append(ws, unrecognised("query", v.Query, "scope", recognisesScope))
		}
		ws = append(ws, lintRecognisedIDs(v)...)
		return append(ws, lintInactivity(v.InactiveDuration)...)
	case InactiveScope:
		return append(lintBuilderIDs(v), lintInactivity(v.duration)...)
	case PrincipalResourceMembershipsScope:
		return lintMemberships(v.PrincipalScopes, v.ResourceScopes)
	case MembershipsScope:
		return lintMemberships(v.principals, v.resources)
	case PrincipalScope:
		if v.ScopeType == "" {
			return []odata.Warning{check.Warn("scopeType", "is empty: the scope names no kind of principal (allUsers, guestUsers…)")}
		}
		return nil
	case ResourceScope:
		ws := lintResourceID("resourceId", v.ResourceID, true)
		if v.ScopeType == "" {
			ws = append(ws, check.Warn("scopeType", "is empty: the scope names no kind of resource (group, servicePrincipal…)"))
		}
		return ws
	case AccessPackageAssignmentPolicyScope:
		ws := lintResourceID("resourceId", v.ResourceID, true)
		ws = append(ws, lintResourceID("accessPackageId", v.AccessPackageID, false)...)
		return append(ws, lintResourceID("catalogId", v.CatalogID, false)...)
	}
	return lintBuilderIDs(s)
}

// Lint returns what in r is probably a mistake although the service accepts
// it, as warnings named relative to r ("query", "reviewerId"): a reviewer
// that names nobody (no query, reviewer ID or scope type); a query with a
// shape problem ([CheckQuery]); a Microsoft Graph query that is none of the
// documented reviewer forms ("/users/{id}", "/groups/{id}/transitiveMembers",
// "/groups/{id}/members", "/groups/{id}/owners", "./owners", "./manager",
// "/servicePrincipals/{id}/owners"), with the form it differs from by a typo
// when there is one ("./manger"); an ID in the query, or a reviewer ID, that
// is not GUID-shaped; a query type other than MicrosoftGraph or ARM. It never
// fails and repeats nothing Validate reports.
func (r Reviewer) Lint() []odata.Warning {
	if r.Query == "" {
		var ws []odata.Warning
		if r.ReviewerID == "" && r.ScopeType == "" {
			ws = append(ws, check.Warn("query", "is empty and neither reviewerId nor scopeType names a reviewer: "+
				"for a self-review, leave the reviewer list empty instead"))
		}
		return append(ws, lintResourceID("reviewerId", r.ReviewerID, false)...)
	}
	ws := lintQueryFields(queryFields{query: r.Query, queryType: r.QueryType})
	if len(ws) == 0 && (r.QueryType == "" || r.QueryType == QueryTypeMicrosoftGraph) {
		if ids, ok := reviewerShape(r.Query); ok {
			ws = append(ws, lintIDs(ids)...)
		} else {
			ws = append(ws, unrecognised("query", r.Query, "reviewer", func(q string) bool {
				_, ok := reviewerShape(q)
				return ok
			}))
		}
	}
	return append(ws, lintResourceID("reviewerId", r.ReviewerID, false)...)
}

// Lint returns what in r is probably a mistake although the service accepts
// it, as warnings named relative to r: no template type (the documented one
// is CompletedAdditionalRecipients), no recipient scope, and, for a query
// scope, a query with a shape problem, none of the documented recipient
// forms ("/users/{id}", "/groups/{id}/members"), an ID that is not
// GUID-shaped, or a query root other than decisions. It never fails and
// repeats nothing Validate reports.
func (r NotificationRecipient) Lint() []odata.Warning {
	var ws []odata.Warning
	if r.TemplateType == "" {
		ws = append(ws, check.Warn("notificationTemplateType", "is empty: the documented template type is %s",
			NotificationTemplateTypeCompletedAdditionalRecipients))
	}
	switch s := r.Scope.(type) {
	case nil:
		ws = append(ws, check.Warn("notificationRecipientScope", "is empty: nobody would receive the email"))
	case NotificationQueryScope:
		// The query type is Validate's: only MicrosoftGraph is allowed.
		qs := lintQueryFields(queryFields{query: s.Query, queryRoot: s.QueryRoot})
		if len(qs) == 0 {
			if ids, ok := recipientShape(s.Query); ok {
				qs = append(qs, lintIDs(ids)...)
			} else {
				qs = append(qs, unrecognised("query", s.Query, "recipient", func(q string) bool {
					_, ok := recipientShape(q)
					return ok
				}))
			}
		}
		ws = append(ws, check.PrefixWarnings("notificationRecipientScope", qs)...)
	}
	return ws
}

// lintQueryFields returns the warnings about the three query properties
// that do not depend on what the query means.
func lintQueryFields(q queryFields) []odata.Warning {
	var ws []odata.Warning
	switch {
	case q.query == "":
		ws = append(ws, check.Warn("query", "is empty: the scope selects nothing the documentation describes"))
	default:
		ws = append(ws, warningsOf(CheckQuery(q.query))...)
	}
	if q.queryType != "" && !q.queryType.Known() {
		ws = append(ws, check.Warn("queryType", "is %q; the documented query types are %s and %s",
			check.Truncate(string(q.queryType), 64), QueryTypeMicrosoftGraph, QueryTypeARM))
	}
	if q.queryRoot != "" && !q.queryRoot.Known() {
		ws = append(ws, check.Warn("queryRoot", "is %q; the only documented query root is %s",
			check.Truncate(string(q.queryRoot), 64), QueryRootDecisions))
	}
	return ws
}

// warningsOf turns the field errors of a check into warnings, dropping what
// Validate refuses anyway (a query that is not UTF-8).
func warningsOf(err error) []odata.Warning {
	var ws []odata.Warning
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var fe *odata.FieldError
		if errors.As(err, &fe) && !strings.Contains(fe.Problem, "UTF-8") {
			ws = append(ws, odata.Warning{Field: fe.Field, Problem: fe.Problem})
		}
	}
	walk(err)
	return ws
}

// scopeQueryKnown reports whether a scope query is one a builder makes. skip
// is true when recognition does not apply: an ARM query, or one whose shape
// already drew a warning.
func scopeQueryKnown(q string, t QueryType, shapeWarnings []odata.Warning) (ok, skip bool) {
	if len(shapeWarnings) > 0 || (t != "" && t != QueryTypeMicrosoftGraph) {
		return false, true
	}
	return recognisesScope(q), false
}

// recognisesScope reports whether q, without a version prefix, is a query a
// scope builder makes.
func recognisesScope(q string) bool {
	_, ok := recognizeQuery(stripVersion(q), QueryTypeMicrosoftGraph)
	return ok
}

// lintRecognisedIDs returns the ID warnings of the builder value a query
// scope is recognised as.
func lintRecognisedIDs(s Scope) []odata.Warning {
	switch v := s.(type) {
	case QueryScope:
		v.Query = stripVersion(v.Query)
		s = v
	case InactiveUsersScope:
		v.Query = stripVersion(v.Query)
		s = v
	}
	b, ok := recognize(s)
	if !ok {
		return nil
	}
	return lintBuilderIDs(b)
}

// idField is an ID a query holds, named after the parameter it fills.
type idField struct{ name, id string }

// builderIDs returns the IDs a builder value puts into its query.
func builderIDs(s Scope) []idField {
	switch v := s.(type) {
	case GroupScope:
		return []idField{{"groupId", v.id}}
	case MembersScope:
		if !v.each {
			return []idField{{"groupId", v.group}}
		}
	case SharedChannelsScope:
		return []idField{{"teamId", v.team}}
	case RoleScope:
		return []idField{{"roleDefinitionId", v.id}}
	case RoleAssignmentsScope:
		return []idField{{"roleDefinitionId", v.role}}
	case ServicePrincipalScope:
		return []idField{{"servicePrincipalId", v.id}}
	case AccessPackageAssignmentsScope:
		ids := []idField{{"accessPackageId", v.pkg}}
		if v.hasPolicy {
			ids = append(ids, idField{"assignmentPolicyId", v.policy})
		}
		if v.hasCatalog {
			ids = append(ids, idField{"catalogId", v.catalog})
		}
		return ids
	case InactiveScope:
		if v.of != nil {
			return builderIDs(v.of)
		}
	}
	return nil
}

// lintBuilderIDs warns about the IDs of a builder value that are not
// GUID-shaped (empty ones are Validate's), and lints the scopes a
// memberships builder holds.
func lintBuilderIDs(s Scope) []odata.Warning {
	if m, ok := s.(MembershipsScope); ok {
		return lintMemberships(m.principals, m.resources)
	}
	return lintIDs(builderIDs(s))
}

// lintIDs warns about the IDs that are set but not GUID-shaped.
func lintIDs(ids []idField) []odata.Warning {
	var ws []odata.Warning
	for _, f := range ids {
		if f.id != "" && !check.IsGUID(f.id) {
			ws = append(ws, check.Warn("query."+f.name, "%q is not a GUID: the documented queries name objects by their object ID",
				check.Truncate(f.id, 64)))
		}
	}
	return ws
}

// lintResourceID warns about an ID property that is not GUID-shaped, or
// missing when required is set.
func lintResourceID(field, id string, required bool) []odata.Warning {
	switch {
	case id == "" && required:
		return []odata.Warning{check.Warn(field, "is empty: the scope names no resource")}
	case id != "" && !check.IsGUID(id):
		return []odata.Warning{check.Warn(field, "%q is not a GUID: objects are named by their object ID", check.Truncate(id, 64))}
	}
	return nil
}

// lintInactivity warns about a zero inactivity period.
func lintInactivity(d odata.Duration) []odata.Warning {
	if d.IsZero() {
		return []odata.Warning{check.Warn("inactiveDuration", "is zero (PT0S, the service's default): "+
			"everyone who has not signed in since the instance started counts as inactive; set it, such as P30D")}
	}
	return nil
}

// lintMemberships returns the warnings of the two lists of a memberships
// scope, its elements' included.
func lintMemberships(principals, resources []Scope) []odata.Warning {
	var ws []odata.Warning
	each := func(field string, list []Scope, allowed func(Scope) bool, what string) {
		if len(list) == 0 {
			ws = append(ws, check.Warn(field, "is empty: the review covers no %s", what))
		}
		for i, s := range list {
			name := field + "[" + strconv.Itoa(i) + "]"
			if s != nil && !allowed(s) {
				ws = append(ws, check.Warn(name, "%s selects no %s", kindName(s), what))
			}
			ws = append(ws, check.PrefixWarnings(name, Lint(s))...)
		}
	}
	each("principalScopes", principals, allowedPrincipal, "principals")
	each("resourceScopes", resources, allowedResource, "resources")
	return ws
}

// stripVersion drops a leading "/v1.0" or "/beta" from a query: the service
// returns queries in that form ("/v1.0/users/{id}").
func stripVersion(q string) string {
	for _, v := range []string{"/v1.0/", "/beta/"} {
		if len(q) > len(v) && strings.EqualFold(q[:len(v)], v) {
			return q[len(v)-1:]
		}
	}
	return q
}

// reviewerShape recognises the documented reviewer queries and returns the
// IDs they hold.
func reviewerShape(q string) ([]idField, bool) {
	p, ok := parseQuery(stripVersion(q))
	if !ok {
		return nil, false
	}
	if p.relative {
		known := len(p.segments) == 1 && p.plain() &&
			(strings.EqualFold(p.segments[0], "owners") || strings.EqualFold(p.segments[0], "manager"))
		return nil, known
	}
	if ids, ok := p.path("groups", "*", "owners"); ok {
		// The reviewers page filters group owners ("…/owners?$filter=…").
		return []idField{{"groupId", ids[0]}}, true
	}
	if !p.plain() {
		return nil, false
	}
	for _, shape := range []struct {
		name string
		path []string
	}{
		{"userId", []string{"users", "*"}},
		{"groupId", []string{"groups", "*", "transitiveMembers"}},
		{"groupId", []string{"groups", "*", "members"}},
		{"servicePrincipalId", []string{"servicePrincipals", "*", "owners"}},
	} {
		if ids, ok := p.path(shape.path...); ok {
			return []idField{{shape.name, ids[0]}}, true
		}
	}
	return nil, false
}

// recipientShape recognises the documented notification recipient queries
// and returns the IDs they hold.
func recipientShape(q string) ([]idField, bool) {
	p, ok := parseQuery(stripVersion(q))
	if !ok || p.relative || !p.plain() {
		return nil, false
	}
	if ids, ok := p.path("users", "*"); ok {
		return []idField{{"userId", ids[0]}}, true
	}
	if ids, ok := p.path("groups", "*", "members"); ok {
		return []idField{{"groupId", ids[0]}}, true
	}
	return nil, false
}

// unrecognised returns the warning for a query none of the known forms
// matches, with the known form it becomes when its misspelt path segments
// are corrected, if there is one.
func unrecognised(field, q, what string, known func(string) bool) odata.Warning {
	if fixed, ok := correctTypos(q); ok && known(fixed) {
		return check.Warn(field, "%q is not a %s query the documentation shows; did you mean %q?", check.Truncate(q, 128), what, check.Truncate(fixed, 128))
	}
	return check.Warn(field, "%q is not a %s query the builders make or the documentation shows; check it for typos",
		check.Truncate(q, 128), what)
}

// pathWords are the path segments of the documented queries, as spelt
// there.
var pathWords = []string{
	"users", "groups", "members", "transitiveMembers", "owners", "manager", "microsoft.graph.user",
	"servicePrincipals", "roleManagement", "directory", "roleDefinitions", "roleAssignmentScheduleInstances",
	"roleEligibilityScheduleInstances", "identityGovernance", "entitlementManagement",
	"accessPackageAssignments", "teams", "channels",
}

// correctTypos returns q with every path segment that is within two edits
// of a documented segment (and not one itself, nor an ID) replaced by it;
// ok is false when nothing was replaced.
func correctTypos(q string) (string, bool) {
	prefix := ""
	switch {
	case strings.HasPrefix(q, "./"):
		prefix, q = "./", q[2:]
	case strings.HasPrefix(q, "/"):
		prefix, q = "/", q[1:]
	default:
		return "", false
	}
	path, rest, hasQuery := strings.Cut(q, "?")
	segs := strings.Split(path, "/")
	changed := false
	for i, seg := range segs {
		if seg == "" || check.IsGUID(seg) || isWord(seg) {
			continue
		}
		best, bestDist := "", 3
		for _, w := range pathWords {
			if d := editDistance(strings.ToLower(seg), strings.ToLower(w)); d < bestDist && d <= len(w)/3 {
				best, bestDist = w, d
			}
		}
		if best != "" {
			segs[i], changed = best, true
		}
	}
	if !changed {
		return "", false
	}
	out := prefix + strings.Join(segs, "/")
	if hasQuery {
		out += "?" + rest
	}
	return out, true
}

// isWord reports whether seg is a documented path segment.
func isWord(seg string) bool {
	for _, w := range pathWords {
		if strings.EqualFold(seg, w) {
			return true
		}
	}
	return false
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
