package reconcile

import (
	"encoding/json/v2"
	"fmt"
	"strconv"
	"strings"

	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/internal/poly"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// An expression of generated Go source is written together with the value
// it evaluates to, so that the generator can check, before it writes an
// expression, that the expression means exactly the value it stands for.

// sameJSON reports whether a and b encode to the same JSON.
func sameJSON(a, b any) bool {
	ja, err1 := json.Marshal(a, json.Deterministic(true), poly.WireOptions())
	jb, err2 := json.Marshal(b, json.Deterministic(true), poly.WireOptions())
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}

// sameNormal reports whether a and b have the same normal form, after f
// normalised the JSON object each encodes to.
func sameNormal(a, b any, f func(object)) bool {
	form := func(v any) (object, bool) {
		raw, err := json.Marshal(v, poly.WireOptions())
		var m object
		if err != nil || json.Unmarshal(raw, &m, poly.WireOptions()) != nil {
			return nil, false
		}
		cleanTree(m)
		f(m)
		return m, true
	}
	fa, ok1 := form(a)
	fb, ok2 := form(b)
	return ok1 && ok2 && same(fa, fb)
}

// scopeExpr returns the builder expression for s, when s is a scope the
// builders make and the expression encodes exactly as s does. A scope read
// from the service is a builder value already when it has nothing but what
// the builder sends; one that differs only in what the normal form
// discards (annotations, null members) is read through its normal form.
func scopeExpr(s scope.Scope) (string, scope.Scope, bool) {
	b, ok := normalScope(s)
	if !ok {
		return "", nil, false
	}
	src, val, ok := builderExpr(b)
	if !ok || !sameNormal(val, s, normalizeScope) {
		return "", nil, false
	}
	return src, val, true
}

// normalScope decodes the normal form of s (see normalizeScope), which is
// the builder value s stands for when there is one.
func normalScope(s scope.Scope) (scope.Scope, bool) {
	raw, err := json.Marshal(s, poly.WireOptions())
	var m object
	if err != nil || json.Unmarshal(raw, &m, poly.WireOptions()) != nil {
		return nil, false
	}
	cleanTree(m)
	normalizeScope(m)
	if raw, err = json.Marshal(m, poly.WireOptions()); err != nil {
		return nil, false
	}
	n, err := scope.Unmarshal(raw)
	return n, err == nil && n != nil
}

// cand is a candidate expression and its value.
type cand struct {
	src string
	val scope.Scope
}

// builderExpr writes the expression of a builder value, checking each
// candidate against it.
func builderExpr(b scope.Scope) (string, scope.Scope, bool) {
	var cands []cand
	switch v := b.(type) {
	case scope.GroupScope:
		cands = append(cands, cand{fmt.Sprintf("scope.Group(%q)", v.ID()), scope.Group(v.ID())})
	case scope.GroupsScope:
		cands = append(cands, cand{"scope.AllGroups()", scope.AllGroups()},
			cand{"scope.AllMicrosoft365Groups()", scope.AllMicrosoft365Groups()}, cand{"scope.AllTeams()", scope.AllTeams()})
	case scope.MembersScope:
		src, val := membersExpr(v)
		cands = append(cands, cand{src, val})
	case scope.UsersScope:
		cands = append(cands, cand{"scope.AllUsers()", scope.AllUsers()}, cand{"scope.AllUsers().Guests()", scope.AllUsers().Guests()})
	case scope.InactiveScope:
		days, whole := v.Duration().WholeDays()
		if !whole {
			return "", nil, false
		}
		switch of := v.Of().(type) {
		case scope.MembersScope:
			src, val := membersExpr(of)
			cands = append(cands, cand{fmt.Sprintf("%s.InactiveFor(%d)", src, days), val.InactiveFor(days)})
		case scope.UsersScope:
			src, val := "scope.AllUsers()", scope.AllUsers()
			if of.OnlyGuests() {
				src, val = src+".Guests()", val.Guests()
			}
			cands = append(cands, cand{fmt.Sprintf("%s.InactiveFor(%d)", src, days), val.InactiveFor(days)})
		}
	case scope.RoleScope:
		cands = append(cands, cand{fmt.Sprintf("scope.Role(%q)", v.ID()), scope.Role(v.ID())})
	case scope.RoleAssignmentsScope:
		id := v.RoleID()
		role := fmt.Sprintf("scope.Role(%q)", id)
		cands = append(cands, cand{role + ".ServicePrincipals()", scope.Role(id).ServicePrincipals()},
			cand{role + ".EligibleUsers()", scope.Role(id).EligibleUsers()},
			cand{role + ".ActiveUsers()", scope.Role(id).ActiveUsers()})
	case scope.AccessPackageAssignmentsScope:
		cands = append(cands, accessPackageCandidates(v)...)
	case scope.ServicePrincipalScope:
		cands = append(cands, cand{fmt.Sprintf("scope.ServicePrincipal(%q)", v.ID()), scope.ServicePrincipal(v.ID())})
	case scope.SharedChannelsScope:
		cands = append(cands, cand{fmt.Sprintf("scope.Team(%q).SharedChannels()", v.TeamID()), scope.Team(v.TeamID()).SharedChannels()})
	case scope.MembershipsScope:
		for _, r := range v.Resources() {
			if ch, ok := r.(scope.SharedChannelsScope); ok {
				cands = append(cands, cand{fmt.Sprintf("scope.Team(%q).MembersIncludingSharedChannels()", ch.TeamID()),
					scope.Team(ch.TeamID()).MembersIncludingSharedChannels()})
			}
		}
		if src, val, ok := membershipsExpr(v); ok {
			cands = append(cands, cand{src, val})
		}
	}
	for _, c := range cands {
		if sameJSON(c.val, b) {
			return c.src, c.val, true
		}
	}
	return "", nil, false
}

// accessPackageCandidates lists the expressions an access package
// assignments scope may be, with the IDs of its query.
func accessPackageCandidates(v scope.AccessPackageAssignmentsScope) []cand {
	raw, _ := json.Marshal(v, poly.WireOptions())
	pkg := v.PackageID()
	var ids []string
	for _, id := range check.FindGUIDs(string(raw)) {
		if id != pkg {
			ids = append(ids, id)
		}
	}
	base, val := fmt.Sprintf("scope.AccessPackageAssignments(%q)", pkg), scope.AccessPackageAssignments(pkg)
	out := []cand{{base, val}}
	for _, a := range ids {
		out = append(out, cand{fmt.Sprintf("%s.Policy(%q)", base, a), val.Policy(a)},
			cand{fmt.Sprintf("%s.Catalog(%q)", base, a), val.Catalog(a)})
		for _, c := range ids {
			out = append(out, cand{fmt.Sprintf("%s.Policy(%q).Catalog(%q)", base, a, c), val.Policy(a).Catalog(c)})
		}
	}
	return out
}

// membersExpr writes the expression of a members scope.
func membersExpr(m scope.MembersScope) (string, scope.MembersScope) {
	var src string
	var val scope.MembersScope
	switch {
	case m.EachGroup() && m.Transitive():
		src, val = "scope.EachGroup().TransitiveMembers()", scope.EachGroup().TransitiveMembers()
	case m.EachGroup():
		src, val = "scope.EachGroup().Members()", scope.EachGroup().Members()
	case m.Transitive():
		src, val = fmt.Sprintf("scope.Group(%q).TransitiveMembers()", m.GroupID()), scope.Group(m.GroupID()).TransitiveMembers()
	default:
		src, val = fmt.Sprintf("scope.Group(%q).Members()", m.GroupID()), scope.Group(m.GroupID()).Members()
	}
	if m.OnlyUsers() {
		src, val = src+".Users()", val.Users()
	}
	if m.OnlyGuests() {
		src, val = src+".Guests()", val.Guests()
	}
	return src, val
}

// membershipsExpr writes scope.MembershipsOf(…).In(…) from the expressions
// of its principal and resource scopes.
func membershipsExpr(m scope.MembershipsScope) (string, scope.Scope, bool) {
	list := func(scopes []scope.Scope) ([]string, []scope.Scope, bool) {
		srcs := make([]string, len(scopes))
		vals := make([]scope.Scope, len(scopes))
		for i, s := range scopes {
			src, val, ok := builderExpr(s)
			if !ok {
				return nil, nil, false
			}
			srcs[i], vals[i] = src, val
		}
		return srcs, vals, true
	}
	ps, pv, ok1 := list(m.Principals())
	rs, rv, ok2 := list(m.Resources())
	if !ok1 || !ok2 {
		return "", nil, false
	}
	return "scope.MembershipsOf(" + strings.Join(ps, ", ") + ").In(" + strings.Join(rs, ", ") + ")",
		scope.MembershipsOf(pv...).In(rv...), true
}

// reviewerExpr returns the builder call for a reviewer the builders make,
// or a struct literal when its properties are all modelled.
func reviewerExpr(r scope.Reviewer) (string, bool) {
	type rcand struct {
		src string
		val scope.Reviewer
	}
	cands := []rcand{{"scope.GroupOwners()", scope.GroupOwners()}, {"scope.Managers()", scope.Managers()}}
	for _, id := range check.FindGUIDs(r.Query) {
		cands = append(cands, rcand{fmt.Sprintf("scope.User(%q)", id), scope.User(id)},
			rcand{fmt.Sprintf("scope.MembersOfGroup(%q)", id), scope.MembersOfGroup(id)},
			rcand{fmt.Sprintf("scope.OwnersOfGroup(%q)", id), scope.OwnersOfGroup(id)},
			rcand{fmt.Sprintf("scope.ApplicationOwners(%q)", id), scope.ApplicationOwners(id)})
	}
	for _, c := range cands {
		if sameNormal(c.val, r, normalizeReviewer) {
			return c.src, true
		}
	}
	lit := scope.Reviewer{Query: r.Query, QueryType: r.QueryType, QueryRoot: r.QueryRoot, ReviewerID: r.ReviewerID, ScopeType: r.ScopeType}
	if !sameNormal(lit, r, normalizeReviewer) {
		return "", false
	}
	var fields []string
	for _, f := range [][2]string{{"Query", r.Query}, {"QueryType", string(r.QueryType)}, {"QueryRoot", string(r.QueryRoot)},
		{"ReviewerID", r.ReviewerID}, {"ScopeType", string(r.ScopeType)}} {
		if f[1] != "" {
			fields = append(fields, f[0]+": "+strconv.Quote(f[1]))
		}
	}
	return "scope.Reviewer{" + strings.Join(fields, ", ") + "}", true
}

// recipientExpr returns the builder call for a notification recipient the
// builders make.
func recipientExpr(r scope.NotificationRecipient) (string, bool) {
	raw, err := json.Marshal(r, poly.WireOptions())
	if err != nil {
		return "", false
	}
	for _, id := range check.FindGUIDs(string(raw)) {
		if sameJSON(scope.NotifyUser(id), r) {
			return fmt.Sprintf("scope.NotifyUser(%q)", id), true
		}
		if sameJSON(scope.NotifyGroupMembers(id), r) {
			return fmt.Sprintf("scope.NotifyGroupMembers(%q)", id), true
		}
	}
	return "", false
}

// recurrenceExpr returns the builder chain for r, when one encodes exactly
// as r does.
func recurrenceExpr(r recurrence.Recurrence) (string, bool) {
	var src string
	var val recurrence.Recurrence
	p := r.Pattern
	switch {
	case p == nil:
		src, val = "recurrence.Once()", recurrence.Once()
	case p.Type == recurrence.PatternWeekly:
		src, val = "recurrence.Weekly()", recurrence.Weekly()
		if p.Interval != 1 {
			src, val = src+fmt.Sprintf(".Every(%d)", p.Interval), val.Every(p.Interval)
		}
	case p.Type == recurrence.PatternAbsoluteMonthly:
		named := map[int]string{1: "Monthly", 3: "Quarterly", 6: "SemiAnnually", 12: "Annually"}
		builders := map[int]func() recurrence.Recurrence{1: recurrence.Monthly, 3: recurrence.Quarterly,
			6: recurrence.SemiAnnually, 12: recurrence.Annually}
		if name, ok := named[p.Interval]; ok {
			src, val = "recurrence."+name+"()", builders[p.Interval]()
		} else {
			src, val = fmt.Sprintf("recurrence.Monthly().Every(%d)", p.Interval), recurrence.Monthly().Every(p.Interval)
		}
		if p.DayOfMonth != 0 {
			src, val = src+fmt.Sprintf(".OnDay(%d)", p.DayOfMonth), val.OnDay(p.DayOfMonth)
		}
	default:
		return "", false
	}
	if d := r.Range.StartDate; !d.IsZero() {
		src, val = src+".StartingOn("+dateExpr(d)+")", val.StartingOn(d)
	}
	switch r.Range.Type {
	case recurrence.RangeEndDate:
		src, val = src+".EndingOn("+dateExpr(r.Range.EndDate)+")", val.EndingOn(r.Range.EndDate)
	case recurrence.RangeNumbered:
		src, val = src+fmt.Sprintf(".Times(%d)", r.Range.NumberOfOccurrences), val.Times(r.Range.NumberOfOccurrences)
	}
	return src, sameNormal(val, r, normalizeRecurrence)
}

// dateExpr writes a date literal.
func dateExpr(d odata.Date) string {
	return fmt.Sprintf("odata.Date{Year: %d, Month: time.%s, Day: %d}", d.Year, d.Month, d.Day)
}

// durationExpr writes a duration: odata.Days(n) for whole days.
func durationExpr(d odata.Duration) string {
	if n, ok := d.WholeDays(); ok {
		return fmt.Sprintf("odata.Days(%d)", n)
	}
	return "wire[odata.Duration](" + strconv.Quote(strconv.Quote(d.String())) + ")"
}

// goString writes a string literal: a raw string when it can be one.
func goString(s string) string {
	if !strings.ContainsAny(s, "`\r") && strconv.CanBackquote(strings.ReplaceAll(s, "\n", "")) {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}
