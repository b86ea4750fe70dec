package scope

import (
	"strings"

	"github.com/graphkit/governance/internal/check"
)

// Describe returns an English description of what s covers, for reports and
// logs: "guest users among the direct members of each group, inactive for 30
// days". It recognises every query the builders produce, in every spelling
// the service returns (see [Unmarshal]); for any other query it quotes the
// query itself. A nil s is "no scope".
func Describe(s Scope) string {
	switch v := s.(type) {
	case nil:
		return "no scope"
	case QueryScope:
		if b, ok := recognize(v); ok {
			return b.String()
		}
		return rawQuery(v.Query, v.QueryType)
	case InactiveUsersScope:
		if b, ok := recognize(v); ok {
			return b.String()
		}
		return rawQuery(v.Query, v.QueryType) + ", " + inactivity(v.InactiveDuration)
	}
	return s.String()
}

// DescribeReview describes the scope of a definition together with its
// instanceEnumerationScope, which names the groups a relative scope is
// evaluated in: with [AllMicrosoft365Groups] as enumeration,
// EachGroup().Members().Users().Guests().InactiveFor(30) is "guest users
// among the direct members of each Microsoft 365 group, inactive for 30
// days". A nil enumeration gives [Describe] of the scope.
func DescribeReview(s, instanceEnumeration Scope) string {
	if instanceEnumeration == nil {
		return Describe(s)
	}
	enum, _ := recognize(instanceEnumeration)
	container := ""
	switch e := enum.(type) {
	case GroupsScope:
		container = e.each()
	case GroupScope:
		container = "group " + e.id
	default:
		container = "each result of " + strings.TrimPrefix(Describe(instanceEnumeration), "the results of ")
	}
	b, _ := recognize(s)
	switch v := b.(type) {
	case MembersScope:
		if v.each {
			return v.describe(container)
		}
	case InactiveScope:
		if m, ok := v.of.(MembersScope); ok && m.each {
			return v.describe(container)
		}
	}
	d := Describe(s)
	if g, ok := enum.(GroupScope); ok && strings.HasSuffix(d, "group "+g.id) {
		return d
	}
	return d + " (reviewed once for " + container + ")"
}

// HasSharedChannels reports whether s reaches into the shared channels of a
// team ("/teams/{id}/channels"), directly or as one of the scopes of a
// memberships scope. Graph supports reviewing B2B direct connect users in
// shared channels only in single-stage reviews: a definition with stage
// settings must not use such a scope, and the definition's validation
// uses this function to say so.
func HasSharedChannels(s Scope) bool {
	switch v := s.(type) {
	case SharedChannelsScope:
		return true
	case MembershipsScope:
		return anySharedChannels(v.principals) || anySharedChannels(v.resources)
	case PrincipalResourceMembershipsScope:
		return anySharedChannels(v.PrincipalScopes) || anySharedChannels(v.ResourceScopes)
	case QueryScope:
		return isChannelsQuery(v.Query)
	case InactiveUsersScope:
		return isChannelsQuery(v.Query)
	}
	return false
}

// anySharedChannels reports whether one of list has shared channels.
func anySharedChannels(list []Scope) bool {
	for _, s := range list {
		if HasSharedChannels(s) {
			return true
		}
	}
	return false
}

// isChannelsQuery reports whether q lists the channels of a team, whatever
// its filter: an unfiltered channel list includes the shared ones.
func isChannelsQuery(q string) bool {
	p, ok := parseQuery(q)
	if !ok {
		return strings.Contains(strings.ToLower(q), "/channels")
	}
	_, ok = p.path("teams", "*", "channels")
	return ok
}

// resourceName phrases a scope used as a resource of a memberships scope:
// a role is "directory role {id}" there, not the users assigned to it.
func resourceName(s Scope) string {
	b, ok := recognize(s)
	if !ok {
		return Describe(s)
	}
	switch v := b.(type) {
	case RoleScope:
		return "directory role " + v.id
	case MembersScope:
		if !v.each && !v.users && !v.guests {
			return "group " + v.group
		}
	}
	return b.String()
}

// teamWithSharedChannels recognises the scope
// [TeamRef.MembersIncludingSharedChannels] builds.
func teamWithSharedChannels(principals, resources []Scope) (teamDescription, bool) {
	if len(principals) != 1 || len(resources) != 2 {
		return teamDescription{}, false
	}
	p, _ := recognize(principals[0])
	g, _ := recognize(resources[0])
	c, _ := recognize(resources[1])
	users, ok1 := p.(UsersScope)
	members, ok2 := g.(MembersScope)
	channels, ok3 := c.(SharedChannelsScope)
	if !ok1 || !ok2 || !ok3 || users.guests || members != (MembersScope{group: channels.team, transitive: true}) {
		return teamDescription{}, false
	}
	return teamDescription{id: channels.team}, true
}

// teamDescription phrases the team-with-shared-channels scope.
type teamDescription struct{ id string }

// String describes the team scope.
func (t teamDescription) String() string {
	return "all users of team " + t.id + ", including B2B direct connect users in its shared channels"
}

// rawQuery phrases a query the package does not recognise.
func rawQuery(q string, t QueryType) string {
	prefix := "the results of the query "
	if t != "" && t != QueryTypeMicrosoftGraph {
		prefix = "the results of the " + quoteText(string(t)) + " query "
	}
	return prefix + quoteQuery(q)
}

// quoteQuery quotes a query for a description; only a query longer than any
// the service accepts is shortened.
func quoteQuery(q string) string { return "\"" + check.Truncate(q, MaxQueryLength) + "\"" }
