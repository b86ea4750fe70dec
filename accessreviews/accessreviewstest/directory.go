package accessreviewstest

import (
	"slices"
	"strings"
	"sync"
	"time"
)

// Directory seeds the server's tenant: the objects that review scopes,
// reviewers and the tutorials' directory calls refer to: users (user type,
// last sign-in, manager), groups (Microsoft 365 or security, teams,
// members including nested groups, owners), service principals, directory
// roles, whose active members hold them (seed the Role… template IDs with
// [NewRole] to give users the administrator roles the access review pages
// name), and catalogs for user-centric reviews.
//
// [GuestTutorialDirectory] and [SelfReviewTutorialDirectory] hold the
// tenant before the first step of the two access review tutorials, with
// the tutorial's IDs (exported as constants) and their administrator a
// Global Administrator, as the tutorials ask; the objects the tutorials
// create get IDs from the seed. [LargeGroupDirectory] is one group of n
// users for benchmarks. [Server.User], [Server.Group] and
// [Server.RemoveMember] read and change the directory of a running server.
type Directory struct {
	Users             []User
	Groups            []Group
	ServicePrincipals []ServicePrincipal
	Roles             []Role
	// Catalogs are entitlement management catalogs, for user-centric
	// (catalog-scope) reviews on the unified route.
	Catalogs []Catalog
}

// User is a user of the directory.
type User struct {
	ID                string
	DisplayName       string
	UserPrincipalName string
	Mail              string
	// UserType is "Member" or "Guest"; "" means Member.
	UserType string
	// LastSignIn is the last interactive sign-in; the zero time means the
	// user never signed in. Recommendations are computed from it.
	LastSignIn time.Time
	// ManagerID is the user's manager, for reviews by managers.
	ManagerID string
}

// Group is a group of the directory.
type Group struct {
	ID          string
	DisplayName string
	// Description and MailNickname are echoed by the group endpoints.
	Description  string
	MailNickname string
	// GroupTypes holds "Unified" for a Microsoft 365 group; empty for a
	// security group.
	GroupTypes      []string
	SecurityEnabled bool
	MailEnabled     bool
	// IsTeam marks a Microsoft 365 group with a team
	// (resourceProvisioningOptions contains "Team").
	IsTeam bool
	// Members are the direct members: user IDs, or group IDs for nested
	// groups.
	Members []string
	// Owners are user IDs.
	Owners []string
}

// ServicePrincipal is an application's service principal.
type ServicePrincipal struct {
	ID          string
	AppID       string
	DisplayName string
	Owners      []string
}

// Role is a directory role, keyed by its roleDefinitionId.
type Role struct {
	ID          string
	DisplayName string
	// Members hold the role (active assignments); Eligible may activate it.
	Members  []string
	Eligible []string
}

// directory is the server's live copy of the tenant. Its lock is its own:
// it never calls into the review store, so the store may call it while
// holding its own lock.
type directory struct {
	mu         sync.RWMutex
	userByID   map[string]*User
	userOrder  []string
	groupByID  map[string]*dirGroup
	groupOrder []string
	spByID     map[string]*ServicePrincipal
	roleByID   map[string]*Role
	roleOrder  []string
	catByID    map[string]*Catalog
}

// dirGroup is a group with an indexed member list, so that removing one of
// 100,000 members (applying a review) does not scan them all.
type dirGroup struct {
	Group
	members idSet
}

// newDirectory copies d into a live directory.
func newDirectory(d Directory) *directory {
	dir := &directory{
		userByID:  map[string]*User{},
		groupByID: map[string]*dirGroup{},
		spByID:    map[string]*ServicePrincipal{},
		roleByID:  map[string]*Role{},
		catByID:   map[string]*Catalog{},
	}
	for _, c := range d.Catalogs {
		dir.putCatalog(c)
	}
	for _, u := range d.Users {
		dir.putUser(u)
	}
	for _, g := range d.Groups {
		dir.putGroup(g)
	}
	for _, sp := range d.ServicePrincipals {
		sp.Owners = slices.Clone(sp.Owners)
		dir.spByID[key(sp.ID)] = &sp
	}
	for _, r := range d.Roles {
		r.Members, r.Eligible = slices.Clone(r.Members), slices.Clone(r.Eligible)
		if _, dup := dir.roleByID[key(r.ID)]; !dup {
			dir.roleOrder = append(dir.roleOrder, key(r.ID))
		}
		dir.roleByID[key(r.ID)] = &r
	}
	return dir
}

// key normalises an object ID: Graph IDs are case-insensitive.
func key(id string) string { return strings.ToLower(id) }

func (d *directory) putUser(u User) {
	if u.UserType == "" {
		u.UserType = "Member"
	}
	k := key(u.ID)
	if _, ok := d.userByID[k]; !ok {
		d.userOrder = append(d.userOrder, k)
	}
	d.userByID[k] = &u
}

func (d *directory) putGroup(g Group) {
	dg := &dirGroup{Group: g}
	dg.GroupTypes = slices.Clone(g.GroupTypes)
	dg.Owners = slices.Clone(g.Owners)
	dg.Group.Members = nil
	for _, m := range g.Members {
		dg.members.add(m)
	}
	k := key(g.ID)
	if _, ok := d.groupByID[k]; !ok {
		d.groupOrder = append(d.groupOrder, k)
	}
	d.groupByID[k] = dg
}

// user returns the user with the given ID.
func (d *directory) user(id string) (User, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	u, ok := d.userByID[key(id)]
	if !ok {
		return User{}, false
	}
	return *u, true
}

// userByUPN returns the user with the given user principal name.
func (d *directory) userByUPN(upn string) (User, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	for _, k := range d.userOrder {
		if u := d.userByID[k]; strings.EqualFold(u.UserPrincipalName, upn) {
			return *u, true
		}
	}
	return User{}, false
}

// users returns every user, in creation order.
func (d *directory) allUsers() []User {
	d.mu.RLock()
	defer d.mu.RUnlock()
	out := make([]User, 0, len(d.userOrder))
	for _, k := range d.userOrder {
		out = append(out, *d.userByID[k])
	}
	return out
}

// group returns the group with the given ID, with its direct members.
func (d *directory) group(id string) (Group, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	g, ok := d.groupByID[key(id)]
	if !ok {
		return Group{}, false
	}
	return g.snapshot(), true
}

// groups returns every group, in creation order.
func (d *directory) groups() []Group {
	d.mu.RLock()
	defer d.mu.RUnlock()
	out := make([]Group, 0, len(d.groupOrder))
	for _, k := range d.groupOrder {
		out = append(out, d.groupByID[k].snapshot())
	}
	return out
}

// members returns the user IDs among a group's members: direct ones only,
// or (transitive) also those of nested groups, each once, without looping
// on cycles. Nil when the group does not exist.
func (d *directory) members(groupID string, transitive bool) []string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	g, ok := d.groupByID[key(groupID)]
	if !ok {
		return nil
	}
	var out []string
	if !transitive {
		for _, m := range g.members.list() {
			if _, isUser := d.userByID[key(m)]; isUser {
				out = append(out, m)
			}
		}
		return out
	}
	seenGroups := map[string]bool{key(groupID): true}
	seenUsers := map[string]bool{}
	queue := []*dirGroup{g}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, m := range cur.members.list() {
			k := key(m)
			if _, isUser := d.userByID[k]; isUser {
				if !seenUsers[k] {
					seenUsers[k] = true
					out = append(out, m)
				}
				continue
			}
			if sub, isGroup := d.groupByID[k]; isGroup && !seenGroups[k] {
				seenGroups[k] = true
				queue = append(queue, sub)
			}
		}
	}
	return out
}

// isMember reports whether userID is a direct member of the group.
func (d *directory) isMember(groupID, userID string) bool {
	d.mu.RLock()
	defer d.mu.RUnlock()
	g, ok := d.groupByID[key(groupID)]
	return ok && g.members.has(userID)
}

// owners returns the owners of a group.
func (d *directory) owners(groupID string) []string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if g, ok := d.groupByID[key(groupID)]; ok {
		return slices.Clone(g.Owners)
	}
	return nil
}

// removeMember removes a direct member from a group; it reports whether
// the member was there.
func (d *directory) removeMember(groupID, memberID string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	g, ok := d.groupByID[key(groupID)]
	return ok && g.members.remove(memberID)
}

// addMember adds a direct member to a group; it reports whether the group
// exists and the member was not there yet.
func (d *directory) addMember(groupID, memberID string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	g, ok := d.groupByID[key(groupID)]
	return ok && g.members.add(memberID)
}

// servicePrincipal returns the service principal with the given ID.
func (d *directory) servicePrincipal(id string) (ServicePrincipal, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	sp, ok := d.spByID[key(id)]
	if !ok {
		return ServicePrincipal{}, false
	}
	c := *sp
	c.Owners = slices.Clone(sp.Owners)
	return c, true
}

// role returns the directory role with the given roleDefinitionId.
func (d *directory) role(id string) (Role, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	r, ok := d.roleByID[key(id)]
	if !ok {
		return Role{}, false
	}
	c := *r
	c.Members, c.Eligible = slices.Clone(r.Members), slices.Clone(r.Eligible)
	return c, true
}

func (g *dirGroup) snapshot() Group {
	out := g.Group
	out.GroupTypes = slices.Clone(g.GroupTypes)
	out.Owners = slices.Clone(g.Owners)
	out.Members = g.members.list()
	return out
}

// roles returns every directory role, in seed order.
func (d *directory) roles() []Role {
	d.mu.RLock()
	defer d.mu.RUnlock()
	out := make([]Role, 0, len(d.roleOrder))
	for _, k := range d.roleOrder {
		r := *d.roleByID[k]
		r.Members, r.Eligible = slices.Clone(r.Members), slices.Clone(r.Eligible)
		out = append(out, r)
	}
	return out
}
