package scope

import (
	"encoding/json/jsontext"
	"errors"
	"net/url"
	"strconv"

	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/odata"
)

// UsersScope is every user of the tenant, or every guest user: the
// principal scope of a memberships review.
type UsersScope struct{ guests bool }

// AllUsers selects every user ("/users").
func AllUsers() UsersScope { return UsersScope{} }

// Guests narrows the users to guests ("/users?$filter=(userType eq 'Guest')").
func (u UsersScope) Guests() UsersScope { u.guests = true; return u }

// InactiveFor narrows the users to those who have not signed in for the
// given number of days (at least one) before the instance starts.
func (u UsersScope) InactiveFor(days int) InactiveScope { return inactiveFor(u, days) }

// OnlyGuests reports whether u is narrowed to guest users.
func (u UsersScope) OnlyGuests() bool { return u.guests }

// wireScope returns the query scope the builder stands for; it is encoded
// only when Validate reports nothing.
func (u UsersScope) wireScope() Scope { return builtQuery(u.query()) }

// MarshalJSONTo encodes the query scope u stands for, as [Marshal] does;
// it fails when Validate reports a problem.
func (u UsersScope) MarshalJSONTo(enc *jsontext.Encoder) error { return marshalBuilder(enc, u) }

// String describes the users: "all users" or "all guest users".
func (u UsersScope) String() string {
	if u.guests {
		return "all guest users"
	}
	return "all users"
}

// Validate reports nothing: the user sets have no inputs.
func (u UsersScope) Validate() error { return nil }

func (UsersScope) isScope() {}

func (u UsersScope) query() string {
	if u.guests {
		return "/users?$filter=" + guestFilter
	}
	return "/users"
}

// querySource is a builder that encodes to a query, as the base of an
// [InactiveScope].
type querySource interface {
	Scope
	query() string
}

// InactiveScope is a set of users narrowed to those inactive for a number of
// days; it encodes to an accessReviewInactiveUsersQueryScope. Make one with
// the InactiveFor method of [MembersScope] or [UsersScope].
type InactiveScope struct {
	of       querySource
	duration odata.Duration
}

// inactiveFor builds an InactiveScope of days days.
func inactiveFor(of querySource, days int) InactiveScope {
	return InactiveScope{of: of, duration: odata.Days(days)}
}

// Of returns the scope before the inactivity narrowing.
func (s InactiveScope) Of() Scope { return s.of }

// Duration returns the inactivity period.
func (s InactiveScope) Duration() odata.Duration { return s.duration }

// wireScope returns the inactive-users query scope s stands for; it is
// encoded only when Validate reports nothing.
func (s InactiveScope) wireScope() Scope { return s.wire() }

// MarshalJSONTo encodes the inactive-users query scope s stands for, as [Marshal] does;
// it fails when Validate reports a problem.
func (s InactiveScope) MarshalJSONTo(enc *jsontext.Encoder) error { return marshalBuilder(enc, s) }

// String describes the users: "guest users among the direct members of
// group {id}, inactive for 30 days".
func (s InactiveScope) String() string { return s.describe("") }

// Validate checks the underlying scope and that the inactivity period can
// be sent (it is not negative). A zero scope has no query to build. Zero
// days is a warning of Lint.
func (s InactiveScope) Validate() error {
	if s.of == nil {
		return errors.Join(check.Invalid("query", "is required: build the scope with InactiveFor"), checkInactivity(s.duration))
	}
	return errors.Join(s.of.Validate(), checkInactivity(s.duration))
}

func (InactiveScope) isScope() {}

// wire returns the wire form of s.
func (s InactiveScope) wire() InactiveUsersScope {
	w := InactiveUsersScope{QueryType: QueryTypeMicrosoftGraph, InactiveDuration: s.duration}
	if s.of != nil {
		w.Query = s.of.query()
	}
	return w
}

// describe phrases s, naming the group of a relative scope with container.
func (s InactiveScope) describe(container string) string {
	var base string
	switch of := s.of.(type) {
	case nil:
		base = "users"
	case MembersScope:
		base = of.describe(container)
	default:
		base = of.String()
	}
	return base + ", " + inactivity(s.duration)
}

// inactivity phrases an inactivity period: "inactive for 30 days".
func inactivity(d odata.Duration) string {
	switch days, whole := d.WholeDays(); {
	case whole && days == 1:
		return "inactive for 1 day"
	case whole:
		return "inactive for " + strconv.Itoa(days) + " days"
	}
	return "inactive for " + d.String()
}

// RoleScope is one Microsoft Entra directory role, named by its role
// definition ID. As a scope it selects the users with an active or eligible
// assignment to it ("/roleManagement/directory/roleDefinitions/{id}"); as a
// resource scope it names the role.
type RoleScope struct{ id string }

// Role returns the directory role with the given role definition ID (a GUID;
// built-in roles use their template ID).
func Role(id string) RoleScope { return RoleScope{id: id} }

// ID returns the role definition ID.
func (r RoleScope) ID() string { return r.id }

// ServicePrincipals selects the service principals with an active
// assignment to the role (assigned or activated, through
// roleAssignmentScheduleInstances).
func (r RoleScope) ServicePrincipals() RoleAssignmentsScope {
	return RoleAssignmentsScope{role: r.id, principal: principalServicePrincipal}
}

// EligibleUsers selects the users with an eligible assignment to the role
// (roleEligibilityScheduleInstances).
func (r RoleScope) EligibleUsers() RoleAssignmentsScope {
	return RoleAssignmentsScope{role: r.id, principal: principalUser, eligible: true}
}

// ActiveUsers selects the users with an active assignment of type Assigned
// to the role (roleAssignmentScheduleInstances).
func (r RoleScope) ActiveUsers() RoleAssignmentsScope {
	return RoleAssignmentsScope{role: r.id, principal: principalUser, assignedOnly: true}
}

// wireScope returns the query scope the builder stands for; it is encoded
// only when Validate reports nothing.
func (r RoleScope) wireScope() Scope { return builtQuery(r.query()) }

// MarshalJSONTo encodes the query scope r stands for, as [Marshal] does;
// it fails when Validate reports a problem.
func (r RoleScope) MarshalJSONTo(enc *jsontext.Encoder) error { return marshalBuilder(enc, r) }

// String describes the scope: "users with an active or eligible assignment
// to directory role {id}".
func (r RoleScope) String() string {
	return "users with an active or eligible assignment to directory role " + r.id
}

// Validate checks that the role definition ID is set (Lint checks its form).
func (r RoleScope) Validate() error { return checkID("roleDefinitionId", r.id) }

func (RoleScope) isScope() {}

func (r RoleScope) query() string {
	return "/roleManagement/directory/roleDefinitions/" + url.PathEscape(r.id)
}

// The principal types a role assignment query filters on.
const (
	principalUser             = "user"
	principalServicePrincipal = "servicePrincipal"
)

// RoleAssignmentsScope is the principals of one type with an active or
// eligible assignment to a directory role. Make one with the methods of
// [RoleScope].
type RoleAssignmentsScope struct {
	role         string
	principal    string // principalUser or principalServicePrincipal
	eligible     bool   // eligibility instead of assignment schedule instances
	assignedOnly bool   // only assignmentType Assigned
}

// RoleID returns the role definition ID.
func (r RoleAssignmentsScope) RoleID() string { return r.role }

// Eligible reports whether r selects eligible rather than active assignments.
func (r RoleAssignmentsScope) Eligible() bool { return r.eligible }

// wireScope returns the query scope the builder stands for; it is encoded
// only when Validate reports nothing.
func (r RoleAssignmentsScope) wireScope() Scope { return builtQuery(r.query()) }

// MarshalJSONTo encodes the query scope r stands for, as [Marshal] does;
// it fails when Validate reports a problem.
func (r RoleAssignmentsScope) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalBuilder(enc, r)
}

// String describes the principals: "users with an eligible assignment to
// directory role {id}".
func (r RoleAssignmentsScope) String() string {
	who := "users"
	if r.principal == principalServicePrincipal {
		who = "service principals"
	}
	var kind string
	switch {
	case r.eligible:
		kind = "an eligible assignment"
	case r.assignedOnly:
		kind = "an active assignment (assigned, not activated)"
	default:
		kind = "an active assignment (assigned or activated)"
	}
	return who + " with " + kind + " to directory role " + r.role
}

// Validate checks that the role definition ID is set (Lint checks its form).
func (r RoleAssignmentsScope) Validate() error { return checkID("roleDefinitionId", r.role) }

func (RoleAssignmentsScope) isScope() {}

func (r RoleAssignmentsScope) query() string {
	q := "/roleManagement/directory/roleAssignmentScheduleInstances"
	if r.eligible {
		q = "/roleManagement/directory/roleEligibilityScheduleInstances"
	}
	q += "?$expand=principal&$filter=("
	if r.assignedOnly {
		q += "assignmentType eq 'Assigned' and "
	}
	return q + "isof(principal,'microsoft.graph." + r.principal + "') and roleDefinitionId eq " + quoteLiteral(r.role) + ")"
}

// AccessPackageAssignmentsScope is the assignments of an entitlement
// management access package, optionally narrowed to one assignment policy
// and one catalog.
//
//	scope.AccessPackageAssignments(packageID).Policy(policyID).Catalog(catalogID)
type AccessPackageAssignmentsScope struct {
	pkg, policy, catalog  string
	hasPolicy, hasCatalog bool
}

// AccessPackageAssignments selects the assignments of the access package
// with the given ID (a GUID).
func AccessPackageAssignments(packageID string) AccessPackageAssignmentsScope {
	return AccessPackageAssignmentsScope{pkg: packageID}
}

// Policy narrows the assignments to those made through one assignment
// policy.
func (a AccessPackageAssignmentsScope) Policy(policyID string) AccessPackageAssignmentsScope {
	a.policy, a.hasPolicy = policyID, true
	return a
}

// Catalog narrows the assignments to one catalog.
func (a AccessPackageAssignmentsScope) Catalog(catalogID string) AccessPackageAssignmentsScope {
	a.catalog, a.hasCatalog = catalogID, true
	return a
}

// PackageID returns the access package ID.
func (a AccessPackageAssignmentsScope) PackageID() string { return a.pkg }

// wireScope returns the query scope the builder stands for; it is encoded
// only when Validate reports nothing.
func (a AccessPackageAssignmentsScope) wireScope() Scope { return builtQuery(a.query()) }

// MarshalJSONTo encodes the query scope a stands for, as [Marshal] does;
// it fails when Validate reports a problem.
func (a AccessPackageAssignmentsScope) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalBuilder(enc, a)
}

// String describes the assignments: "assignments of access package {id}
// through policy {id} in catalog {id}".
func (a AccessPackageAssignmentsScope) String() string {
	s := "assignments of access package " + a.pkg
	if a.hasPolicy {
		s += " through policy " + a.policy
	}
	if a.hasCatalog {
		s += " in catalog " + a.catalog
	}
	return s
}

// Validate checks that every ID given is set (Lint checks their form).
func (a AccessPackageAssignmentsScope) Validate() error {
	errs := []error{checkID("accessPackageId", a.pkg)}
	if a.hasPolicy {
		errs = append(errs, checkID("assignmentPolicyId", a.policy))
	}
	if a.hasCatalog {
		errs = append(errs, checkID("catalogId", a.catalog))
	}
	return errors.Join(errs...)
}

func (AccessPackageAssignmentsScope) isScope() {}

func (a AccessPackageAssignmentsScope) query() string {
	q := "/identityGovernance/entitlementManagement/accessPackageAssignments?$filter=(accessPackageId eq " + quoteLiteral(a.pkg)
	if a.hasPolicy {
		q += " and assignmentPolicyId eq " + quoteLiteral(a.policy)
	}
	if a.hasCatalog {
		q += " and catalogId eq " + quoteLiteral(a.catalog)
	}
	return q + ")"
}

// ServicePrincipalScope is one service principal (an application's
// identity in the tenant): as a resource scope, the application whose
// assignments are reviewed.
type ServicePrincipalScope struct{ id string }

// ServicePrincipal returns the service principal with the given object ID
// (a GUID).
func ServicePrincipal(id string) ServicePrincipalScope { return ServicePrincipalScope{id: id} }

// ID returns the service principal's object ID.
func (s ServicePrincipalScope) ID() string { return s.id }

// wireScope returns the query scope the builder stands for; it is encoded
// only when Validate reports nothing.
func (s ServicePrincipalScope) wireScope() Scope { return builtQuery(s.query()) }

// MarshalJSONTo encodes the query scope s stands for, as [Marshal] does;
// it fails when Validate reports a problem.
func (s ServicePrincipalScope) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalBuilder(enc, s)
}

// String describes the scope: "service principal {id}".
func (s ServicePrincipalScope) String() string { return "service principal " + s.id }

// Validate checks that the ID is set (Lint checks its form).
func (s ServicePrincipalScope) Validate() error { return checkID("servicePrincipalId", s.id) }

func (ServicePrincipalScope) isScope() {}

func (s ServicePrincipalScope) query() string { return "/servicePrincipals/" + url.PathEscape(s.id) }
