package accessreviewstest

import (
	"slices"
	"time"
)

// createUser adds a user; it fails (false) when the user principal name is
// taken, as Graph refuses duplicates.
func (d *directory) createUser(u User) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, k := range d.userOrder {
		if equalFoldNonEmpty(d.userByID[k].UserPrincipalName, u.UserPrincipalName) {
			return false
		}
	}
	d.putUser(u)
	return true
}

// createGroup adds a group.
func (d *directory) createGroup(g Group) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.putGroup(g)
}

// deleteUser removes a user and every reference to it: memberships,
// ownerships, manager links and role assignments.
func (d *directory) deleteUser(id string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	k := key(id)
	if _, ok := d.userByID[k]; !ok {
		return false
	}
	delete(d.userByID, k)
	d.userOrder = slices.DeleteFunc(d.userOrder, func(s string) bool { return s == k })
	d.forgetLocked(k)
	for _, u := range d.userByID {
		if key(u.ManagerID) == k {
			u.ManagerID = ""
		}
	}
	return true
}

// deleteGroup removes a group and its nestings in other groups.
func (d *directory) deleteGroup(id string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	k := key(id)
	if _, ok := d.groupByID[k]; !ok {
		return false
	}
	delete(d.groupByID, k)
	d.groupOrder = slices.DeleteFunc(d.groupOrder, func(s string) bool { return s == k })
	d.forgetLocked(k)
	return true
}

// forgetLocked removes the object k from every member and owner list.
func (d *directory) forgetLocked(k string) {
	same := func(s string) bool { return key(s) == k }
	for _, g := range d.groupByID {
		g.members.remove(k)
		g.Owners = slices.DeleteFunc(g.Owners, same)
	}
	for _, sp := range d.spByID {
		sp.Owners = slices.DeleteFunc(sp.Owners, same)
	}
	for _, r := range d.roleByID {
		r.Members = slices.DeleteFunc(r.Members, same)
		r.Eligible = slices.DeleteFunc(r.Eligible, same)
	}
}

// exists reports whether id is a user or a group.
func (d *directory) exists(id string) bool {
	d.mu.RLock()
	defer d.mu.RUnlock()
	_, u := d.userByID[key(id)]
	_, g := d.groupByID[key(id)]
	return u || g
}

// isGroup reports whether id is a group.
func (d *directory) isGroup(id string) bool {
	d.mu.RLock()
	defer d.mu.RUnlock()
	_, g := d.groupByID[key(id)]
	return g
}

func equalFoldNonEmpty(a, b string) bool {
	return a != "" && key(a) == key(b)
}

// userJSON is a user as the /users endpoints return it.
func userJSON(u User) map[string]any {
	m := map[string]any{
		"id":                u.ID,
		"displayName":       u.DisplayName,
		"userPrincipalName": u.UserPrincipalName,
		"mail":              nullIfEmpty(u.Mail),
		"userType":          u.UserType,
		"accountEnabled":    true,
	}
	if u.LastSignIn.IsZero() {
		m["signInActivity"] = map[string]any{"lastSignInDateTime": nil}
	} else {
		m["signInActivity"] = map[string]any{"lastSignInDateTime": u.LastSignIn.UTC().Format(time.RFC3339)}
	}
	return m
}

// groupJSON is a group as the /groups endpoints return it.
func groupJSON(g Group) map[string]any {
	provisioning := []string{}
	if g.IsTeam {
		provisioning = append(provisioning, "Team")
	}
	types := g.GroupTypes
	if types == nil {
		types = []string{}
	}
	return map[string]any{
		"id":                          g.ID,
		"displayName":                 g.DisplayName,
		"description":                 nullIfEmpty(g.Description),
		"mailNickname":                g.MailNickname,
		"groupTypes":                  types,
		"mailEnabled":                 g.MailEnabled,
		"securityEnabled":             g.SecurityEnabled,
		"resourceProvisioningOptions": provisioning,
	}
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
