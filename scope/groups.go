package scope

import (
	"encoding/json/jsontext"
	"net/url"
	"unicode/utf8"

	"github.com/graphkit/governance/internal/check"
)

// GroupScope is one group. As a definition's instanceEnumerationScope it
// makes the review cover that group; its methods select the group's members
// as the scope.
//
//	scope.Group(id).TransitiveMembers().Guests()
type GroupScope struct{ id string }

// Group returns the group with the given object ID (a GUID).
func Group(id string) GroupScope { return GroupScope{id: id} }

// ID returns the group's object ID.
func (g GroupScope) ID() string { return g.id }

// Members selects the group's direct members: users, and nested groups
// without their members ("/groups/{id}/members").
func (g GroupScope) Members() MembersScope { return MembersScope{group: g.id} }

// TransitiveMembers selects the group's direct members and the members of
// its nested groups ("/groups/{id}/transitiveMembers").
func (g GroupScope) TransitiveMembers() MembersScope {
	return MembersScope{group: g.id, transitive: true}
}

// wireScope returns the query scope the builder stands for; it is encoded
// only when Validate reports nothing.
func (g GroupScope) wireScope() Scope { return builtQuery(g.query()) }

// MarshalJSONTo encodes the query scope g stands for, as [Marshal] does;
// it fails when Validate reports a problem.
func (g GroupScope) MarshalJSONTo(enc *jsontext.Encoder) error { return marshalBuilder(enc, g) }

// String describes the scope: "group {id}".
func (g GroupScope) String() string { return "group " + g.id }

// Validate checks that the ID is set (Lint checks its form).
func (g GroupScope) Validate() error { return checkID("groupId", g.id) }

func (GroupScope) isScope() {}

func (g GroupScope) query() string { return "/groups/" + url.PathEscape(g.id) }

// EachGroupRef stands for each group of an all-groups review, the group
// every instance is created for. It is not a scope; its methods are.
type EachGroupRef struct{}

// EachGroup starts the scope of a review that runs once per group (a
// definition whose instanceEnumerationScope is [AllMicrosoft365Groups],
// [AllTeams] or [AllGroups]): queries relative to the instance's group,
// starting with "./".
//
//	scope.EachGroup().Members().Users().Guests()
func EachGroup() EachGroupRef { return EachGroupRef{} }

// Members selects the direct members of each group ("./members").
func (EachGroupRef) Members() MembersScope { return MembersScope{each: true} }

// TransitiveMembers selects the direct and nested members of each group
// ("./transitiveMembers").
func (EachGroupRef) TransitiveMembers() MembersScope {
	return MembersScope{each: true, transitive: true}
}

// MembersScope selects the members of one group or of each group: all of
// them, only users, or only guest users, optionally only the inactive ones.
type MembersScope struct {
	group      string
	each       bool
	transitive bool
	users      bool
	guests     bool
}

// Users narrows the members to users, leaving out nested groups and
// service principals ("…/microsoft.graph.user").
func (m MembersScope) Users() MembersScope { m.users = true; return m }

// Guests narrows the members to guest users
// ("…/?$filter=(userType eq 'Guest')").
func (m MembersScope) Guests() MembersScope { m.guests = true; return m }

// InactiveFor narrows the members to those who have not signed in for the
// given number of days (at least one) before the instance starts.
func (m MembersScope) InactiveFor(days int) InactiveScope { return inactiveFor(m, days) }

// GroupID returns the group's ID, or "" for [EachGroup].
func (m MembersScope) GroupID() string { return m.group }

// EachGroup reports whether m is relative to each group of the review.
func (m MembersScope) EachGroup() bool { return m.each }

// Transitive reports whether members of nested groups are included.
func (m MembersScope) Transitive() bool { return m.transitive }

// OnlyUsers reports whether m is narrowed to users.
func (m MembersScope) OnlyUsers() bool { return m.users }

// OnlyGuests reports whether m is narrowed to guest users.
func (m MembersScope) OnlyGuests() bool { return m.guests }

// wireScope returns the query scope the builder stands for; it is encoded
// only when Validate reports nothing.
func (m MembersScope) wireScope() Scope { return builtQuery(m.query()) }

// MarshalJSONTo encodes the query scope m stands for, as [Marshal] does;
// it fails when Validate reports a problem.
func (m MembersScope) MarshalJSONTo(enc *jsontext.Encoder) error { return marshalBuilder(enc, m) }

// String describes the members: "guest users among the direct members of
// each group".
func (m MembersScope) String() string { return m.describe("") }

// Validate checks that the group ID is set (unless m is relative to each
// group); Lint checks its form.
func (m MembersScope) Validate() error {
	if m.each {
		return nil
	}
	return checkID("groupId", m.group)
}

func (MembersScope) isScope() {}

func (m MembersScope) query() string {
	q := "."
	if !m.each {
		q = "/groups/" + url.PathEscape(m.group)
	}
	if m.transitive {
		q += "/transitiveMembers"
	} else {
		q += "/members"
	}
	if m.users {
		q += "/microsoft.graph.user"
	}
	if m.guests {
		q += "/?$filter=" + guestFilter
	}
	return q
}

// describe phrases m; container names the group when m is relative ("each
// Microsoft 365 group"), "" meaning "each group".
func (m MembersScope) describe(container string) string {
	switch {
	case !m.each:
		container = "group " + m.group
	case container == "":
		container = "each group"
	}
	kind := "direct members of "
	if m.transitive {
		kind = "direct and transitive members of "
	}
	switch {
	case m.guests:
		return "guest users among the " + kind + container
	case m.users:
		return "users among the " + kind + container
	}
	return kind + container
}

// guestFilter is the filter Graph documents for guest users.
const guestFilter = "(userType eq 'Guest')"

// groupSet tells the group sets apart.
type groupSet int

const (
	setAllGroups groupSet = iota
	setMicrosoft365
	setTeams
)

// GroupsScope is a set of groups: as a definition's
// instanceEnumerationScope, the review runs once for each of them; as a
// resource scope, it names the groups whose memberships are reviewed.
type GroupsScope struct{ set groupSet }

// AllGroups returns every group ("/groups"), the resource scope of a review
// of memberships in all groups.
func AllGroups() GroupsScope { return GroupsScope{set: setAllGroups} }

// AllMicrosoft365Groups returns every Microsoft 365 group
// ("/groups?$filter=(groupTypes/any(c:c eq 'Unified'))"). The service leaves
// out dynamic and role-assignable groups.
func AllMicrosoft365Groups() GroupsScope { return GroupsScope{set: setMicrosoft365} }

// AllTeams returns every Microsoft 365 group that has a team. The query is
// the balanced form of the one in the documentation, which has a stray
// quote.
func AllTeams() GroupsScope { return GroupsScope{set: setTeams} }

// wireScope returns the query scope the builder stands for; it is encoded
// only when Validate reports nothing.
func (g GroupsScope) wireScope() Scope { return builtQuery(g.query()) }

// MarshalJSONTo encodes the query scope g stands for, as [Marshal] does;
// it fails when Validate reports a problem.
func (g GroupsScope) MarshalJSONTo(enc *jsontext.Encoder) error { return marshalBuilder(enc, g) }

// String describes the set: "all Microsoft 365 groups".
func (g GroupsScope) String() string {
	switch g.set {
	case setMicrosoft365:
		return "all Microsoft 365 groups"
	case setTeams:
		return "all teams"
	}
	return "all groups"
}

// Validate reports nothing: a group set has no inputs.
func (g GroupsScope) Validate() error { return nil }

func (GroupsScope) isScope() {}

func (g GroupsScope) query() string {
	switch g.set {
	case setMicrosoft365:
		return "/groups?$filter=(" + unifiedTerm + ")"
	case setTeams:
		return "/groups?$filter=(" + unifiedTerm + " and " + teamTerm + ")"
	}
	return "/groups"
}

// each names one group of the set, for descriptions of all-groups reviews.
func (g GroupsScope) each() string {
	switch g.set {
	case setMicrosoft365:
		return "each Microsoft 365 group"
	case setTeams:
		return "each team"
	}
	return "each group"
}

// The filter terms of the group sets, as Graph documents them.
const (
	unifiedTerm = "groupTypes/any(c:c eq 'Unified')"
	teamTerm    = "resourceProvisioningOptions/Any(x:x eq 'Team')"
)

// TeamRef is one team, named by the ID of its Microsoft 365 group. It is
// not a scope; its methods are.
type TeamRef struct{ id string }

// Team returns the team whose group has the given object ID (a GUID).
func Team(id string) TeamRef { return TeamRef{id: id} }

// SharedChannels selects the team's shared channels
// ("/teams/{id}/channels?$filter=(membershipType eq 'shared')"), the resource
// scope that brings B2B direct connect users into a review.
func (t TeamRef) SharedChannels() SharedChannelsScope { return SharedChannelsScope{team: t.id} }

// MembersIncludingSharedChannels reviews every user of the team: its
// direct and transitive members and the B2B direct connect users of its
// shared channels. It is
//
//	scope.MembershipsOf(scope.AllUsers()).In(
//		scope.Group(id).TransitiveMembers(), scope.Team(id).SharedChannels())
//
// Shared channels are only supported in single-stage reviews (see
// [HasSharedChannels]).
func (t TeamRef) MembersIncludingSharedChannels() MembershipsScope {
	return MembershipsOf(AllUsers()).In(Group(t.id).TransitiveMembers(), t.SharedChannels())
}

// SharedChannelsScope is the shared channels of one team.
type SharedChannelsScope struct{ team string }

// TeamID returns the team's group ID.
func (s SharedChannelsScope) TeamID() string { return s.team }

// wireScope returns the query scope the builder stands for; it is encoded
// only when Validate reports nothing.
func (s SharedChannelsScope) wireScope() Scope { return builtQuery(s.query()) }

// MarshalJSONTo encodes the query scope s stands for, as [Marshal] does;
// it fails when Validate reports a problem.
func (s SharedChannelsScope) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalBuilder(enc, s)
}

// String describes the scope: "the shared channels of team {id}".
func (s SharedChannelsScope) String() string { return "the shared channels of team " + s.team }

// Validate checks that the team ID is set (Lint checks its form).
func (s SharedChannelsScope) Validate() error { return checkID("teamId", s.team) }

func (SharedChannelsScope) isScope() {}

func (s SharedChannelsScope) query() string {
	return "/teams/" + url.PathEscape(s.team) + "/channels?$filter=(membershipType eq 'shared')"
}

// builtQuery is the wire scope of a query builder.
func builtQuery(query string) QueryScope {
	return QueryScope{Query: query, QueryType: QueryTypeMicrosoftGraph}
}

// checkID checks an ID a builder puts into its query; the problem is named
// after the query parameter it fills ("query.groupId"). Only an empty ID is
// refused, because the query could not name anything ("/groups//members"
// is another query), and so is one that is not UTF-8, which JSON cannot
// carry as written. An ID that is not GUID-shaped is escaped and sent, and
// Lint warns about it: the service may accept other forms (Graph reads a
// user principal name in /users/{id}).
func checkID(name, id string) error {
	switch {
	case id == "":
		return check.Invalid("query."+name, "is required: the query cannot name an empty ID")
	case !utf8.ValidString(id):
		return check.Invalid("query."+name, "is not valid UTF-8, so it cannot be sent as written")
	}
	return nil
}
