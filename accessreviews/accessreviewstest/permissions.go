package accessreviewstest

import (
	"net/http"
	"slices"
	"strings"
)

// Who may call what. Two sets of documented rules apply to every access
// review request:
//
//   - each page's permission table says whether application permissions are
//     supported: an app-only token is refused (403) where the table says
//     "Not supported" (recording a decision, accepting recommendations);
//   - a delegated caller needs a directory role ("the signed-in user must
//     be assigned a supported Microsoft Entra role", the RBAC notes of the
//     pages): to read access reviews of a group or app, the creator of the
//     review, Global Reader, Security Reader, User Administrator, Identity
//     Governance Administrator or Security Administrator; to write them,
//     User Administrator or Identity Governance Administrator; to read
//     reviews of a Microsoft Entra role, Security Reader, Identity
//     Governance Administrator, Privileged Role Administrator or Security
//     Administrator; to write them, Identity Governance Administrator or
//     Privileged Role Administrator. Global Administrator holds every
//     permission of the others. "In addition, a user who is an assigned
//     reviewer of an access review can manage their decisions, without
//     needing to be in a directory role" (access reviews overview), and
//     "The signed-in user can read the access review definition if they are
//     assigned as a reviewer" (Get accessReviewScheduleDefinition).
//
// A user holds a role when the directory seeds them among the role's active
// Members (eligible users must activate it first). The application holds
// every application permission.

// The template IDs of the directory roles the access review rules name.
// Seed a role with one of these IDs in Directory.Roles to give its Members
// that role.
const (
	RoleGlobalAdministrator             = "62e90394-69f5-4237-9190-012177145e10"
	RoleGlobalReader                    = "f2ef992c-3afb-46b9-b7cf-a126ee74c451"
	RoleSecurityAdministrator           = "194ae4cb-b126-40b2-bd5b-6091b380977d"
	RoleSecurityReader                  = "5d6b6bb7-de71-4623-b4af-96380a352509"
	RoleUserAdministrator               = "fe930be7-5e62-47db-91af-98c3a49a38b1"
	RoleIdentityGovernanceAdministrator = "45d8d3c5-c802-45c6-b32a-1d70b5e1e86e"
	RolePrivilegedRoleAdministrator     = "e8611ab8-c189-46e8-94e1-60213ab1f814"
)

// NewRole returns a directory role of the given template ID (one of the Role…
// constants, or any role definition ID) whose active members are
// memberIDs, named as Microsoft names the built-in roles.
func NewRole(id string, memberIDs ...string) Role {
	return Role{ID: id, DisplayName: roleNames[strings.ToLower(id)], Members: memberIDs}
}

var roleNames = map[string]string{
	RoleGlobalAdministrator:             "Global Administrator",
	RoleGlobalReader:                    "Global Reader",
	RoleSecurityAdministrator:           "Security Administrator",
	RoleSecurityReader:                  "Security Reader",
	RoleUserAdministrator:               "User Administrator",
	RoleIdentityGovernanceAdministrator: "Identity Governance Administrator",
	RolePrivilegedRoleAdministrator:     "Privileged Role Administrator",
}

// access is what an operation needs of a delegated caller.
type access int

const (
	readAccess access = iota
	writeAccess
)

// The roles that grant each access, for reviews of groups and applications
// and for reviews of directory roles.
var (
	groupReaders = []string{RoleGlobalAdministrator, RoleGlobalReader, RoleSecurityReader, RoleUserAdministrator,
		RoleIdentityGovernanceAdministrator, RoleSecurityAdministrator}
	groupWriters = []string{RoleGlobalAdministrator, RoleUserAdministrator, RoleIdentityGovernanceAdministrator}
	roleReaders  = []string{RoleGlobalAdministrator, RoleSecurityReader, RoleIdentityGovernanceAdministrator,
		RolePrivilegedRoleAdministrator, RoleSecurityAdministrator}
	roleWriters = []string{RoleGlobalAdministrator, RoleIdentityGovernanceAdministrator, RolePrivilegedRoleAdministrator}
	// historyReaders see every history report, others only their own
	// ("Callers who are not Global Admin or Global Reader see only their
	// own").
	historyReaders = []string{RoleGlobalAdministrator, RoleGlobalReader}
)

// rolesOf returns the directory roles userID actively holds.
func (r *reviews) rolesOf(userID string) []string {
	var out []string
	for _, role := range r.s.dir.roles() {
		if containsFold(role.Members, userID) {
			out = append(out, strings.ToLower(role.ID))
		}
	}
	return out
}

// holds reports whether userID holds one of the roles.
func (r *reviews) holds(userID string, roles []string) bool {
	return slices.ContainsFunc(r.rolesOf(userID), func(h string) bool { return slices.Contains(roles, h) })
}

// reviewsRoles reports whether a scope reviews directory roles (the rules
// for role reviews apply): a query under /roleManagement/directory, or a
// memberships scope with a directory role among its resources.
func reviewsRoles(s *scopeJSON) bool {
	if s == nil {
		return false
	}
	if q, err := parseScopeQuery(s.Query); err == nil && q.at(0) == "rolemanagement" {
		return true
	}
	for i := range s.ResourceScopes {
		if reviewsRoles(&s.ResourceScopes[i]) || strings.EqualFold(s.ResourceScopes[i].ScopeType, "directoryRole") {
			return true
		}
	}
	return false
}

// rolesFor returns the roles granting a on reviews with the given scope.
func rolesFor(a access, scope *scopeJSON) ([]string, string) {
	switch {
	case reviewsRoles(scope) && a == writeAccess:
		return roleWriters, "write access reviews of a Microsoft Entra role"
	case reviewsRoles(scope):
		return roleReaders, "read access reviews of a Microsoft Entra role"
	case a == writeAccess:
		return groupWriters, "write access reviews of a group or app"
	}
	return groupReaders, "read access reviews of a group or app"
}

// forbidRole writes the 403 of a delegated caller without the role an
// operation needs.
func forbidRole(c *call, roles []string, what string) {
	names := make([]string, len(roles))
	for i, id := range roles {
		names[i] = roleNames[id]
	}
	c.Error(http.StatusForbidden, codeForbidden, "The signed-in user needs one of these directory roles to "+what+": "+
		strings.Join(names, ", ")+".")
}

// canAccess reports whether the caller may read or write definition d (and
// what hangs off it), writing the 403 when not. An application may; a
// delegated caller needs a role for the review's kind, or, to read, to have
// created the review or (reviewerToo) to review one of its items.
func (r *reviews) canAccess(c *call, a access, d *definition, reviewerToo func() bool) bool {
	if c.Caller.UserID == "" {
		return true
	}
	roles, what := rolesFor(a, d.body.Scope)
	if r.holds(c.Caller.UserID, roles) {
		return true
	}
	if a == readAccess && (key(d.createdBy.ID) == key(c.Caller.UserID) || (reviewerToo != nil && reviewerToo())) {
		return true
	}
	forbidRole(c, roles, what)
	return false
}

// canWriteScope is canAccess for a definition not created yet: the kind of
// review is its scope's.
func (r *reviews) canWriteScope(c *call, scope *scopeJSON) bool {
	if c.Caller.UserID == "" {
		return true
	}
	roles, what := rolesFor(writeAccess, scope)
	if r.holds(c.Caller.UserID, roles) {
		return true
	}
	forbidRole(c, roles, what)
	return false
}

// reviewerOfDefinition returns whether userID reviews an item of any
// instance of d.
func reviewerOfDefinition(d *definition, userID string) func() bool {
	return func() bool {
		return slices.ContainsFunc(d.instances, func(in *instance) bool { return in.hasReviewer(userID) })
	}
}

// anyReadRole reports whether userID holds a role that reads some kind of
// access review.
func (r *reviews) anyReadRole(userID string) bool {
	return r.holds(userID, groupReaders) || r.holds(userID, roleReaders)
}

// visible reports whether a delegated caller's list of definitions shows
// d: an application sees every definition, a user those the roles let them
// read and those they created.
func (r *reviews) visible(c *call, d *definition) bool {
	if c.Caller.UserID == "" {
		return true
	}
	roles, _ := rolesFor(readAccess, d.body.Scope)
	return r.holds(c.Caller.UserID, roles) || key(d.createdBy.ID) == key(c.Caller.UserID)
}

// requireDelegated writes 403 for an application caller where a page's
// permission table says application permissions are "Not supported".
func requireDelegated(c *call) bool {
	if c.Caller.UserID == "" {
		c.Error(http.StatusForbidden, codeForbidden, "This operation needs a signed-in user (delegated permission); application permissions are not supported.")
		return false
	}
	return true
}
