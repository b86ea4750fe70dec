package scope

import (
	"encoding/json/jsontext"
	"errors"
	"slices"
	"strings"

	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/internal/poly"
)

// PrincipalResourceMembershipsScope is a principalResourceMembershipsScope:
// the memberships of the principals selected by PrincipalScopes in the
// resources selected by ResourceScopes (for example, inactive guests in
// every group, or every user in one team and its shared channels). A nil
// list is left out when the scope is encoded (it decoded from an absent or
// null property); an empty one is written as [].
type PrincipalResourceMembershipsScope struct {
	// Type writes "@odata.type" first; leave it zero.
	Type poly.Type[PrincipalResourceMembershipsScope] `json:"@odata.type"`
	// PrincipalScopes select the principals: query scopes, inactive-users
	// scopes or principal scopes. At least one.
	PrincipalScopes []Scope `json:"principalScopes,omitzero"`
	// ResourceScopes select the resources: query scopes, resource scopes or
	// access package assignment policy scopes. At least one.
	ResourceScopes []Scope `json:"resourceScopes,omitzero"`
	// Extra holds the properties this package does not model, as received.
	Extra jsontext.Value `json:",embed"`
}

// String describes the memberships the scope covers (see [Describe]).
func (s PrincipalResourceMembershipsScope) String() string {
	return describeMemberships(s.PrincipalScopes, s.ResourceScopes)
}

// Validate checks each element of both lists; problems are named by their
// path ("principalScopes[0].inactiveDuration"). A nil element cannot be
// encoded as a scope. Empty lists and elements of a kind that selects
// nothing in their list are warnings of Lint: the documentation does not
// say the service refuses them.
func (s PrincipalResourceMembershipsScope) Validate() error {
	return validateMemberships(s.PrincipalScopes, s.ResourceScopes)
}

func (PrincipalResourceMembershipsScope) isScope() {}

// MembershipsScope builds a [PrincipalResourceMembershipsScope]: start with
// [MembershipsOf] and name the resources with [MembershipsScope.In].
//
//	scope.MembershipsOf(scope.AllUsers().Guests().InactiveFor(30)).In(scope.AllGroups())
type MembershipsScope struct {
	principals []Scope
	resources  []Scope
}

// MembershipsOf starts a scope covering the memberships of the given
// principals; [MembershipsScope.In] adds the resources.
func MembershipsOf(principals ...Scope) MembershipsScope {
	return MembershipsScope{principals: slices.Clone(principals)}
}

// In returns a copy of m that also covers the given resources.
func (m MembershipsScope) In(resources ...Scope) MembershipsScope {
	return MembershipsScope{
		principals: m.principals,
		resources:  append(slices.Clip(m.resources), resources...),
	}
}

// Principals returns a copy of the principal scopes.
func (m MembershipsScope) Principals() []Scope { return slices.Clone(m.principals) }

// Resources returns a copy of the resource scopes.
func (m MembershipsScope) Resources() []Scope { return slices.Clone(m.resources) }

// wireScope returns the principalResourceMembershipsScope m stands for; it
// is encoded only when Validate reports nothing.
func (m MembershipsScope) wireScope() Scope { return m.wire() }

// MarshalJSONTo encodes the principalResourceMembershipsScope m stands for, as [Marshal] does;
// it fails when Validate reports a problem.
func (m MembershipsScope) MarshalJSONTo(enc *jsontext.Encoder) error { return marshalBuilder(enc, m) }

// String describes the memberships m covers.
func (m MembershipsScope) String() string { return describeMemberships(m.principals, m.resources) }

// Validate reports every problem, as [PrincipalResourceMembershipsScope.Validate].
func (m MembershipsScope) Validate() error { return validateMemberships(m.principals, m.resources) }

func (MembershipsScope) isScope() {}

// wire returns the wire form of m.
func (m MembershipsScope) wire() PrincipalResourceMembershipsScope {
	return PrincipalResourceMembershipsScope{PrincipalScopes: m.Principals(), ResourceScopes: m.Resources()}
}

// validateMemberships checks the two lists of a memberships scope: every
// element can be encoded.
func validateMemberships(principals, resources []Scope) error {
	var errs []error
	check := func(field string, list []Scope) {
		for i, s := range list {
			if s == nil {
				errs = append(errs, joinAt(field, i, check.Invalid("", "is nil: a nil Scope has no type and no properties to encode")))
				continue
			}
			errs = append(errs, joinAt(field, i, s.Validate()))
		}
	}
	check("principalScopes", principals)
	check("resourceScopes", resources)
	return errors.Join(errs...)
}

// allowedPrincipal reports whether s may be a principal scope: anything but
// a nested memberships scope or a resource scope.
func allowedPrincipal(s Scope) bool {
	switch s.(type) {
	case PrincipalResourceMembershipsScope, MembershipsScope, ResourceScope, AccessPackageAssignmentPolicyScope:
		return false
	}
	return true
}

// allowedResource reports whether s may be a resource scope: anything but a
// nested memberships scope or a scope that selects principals by kind or
// activity.
func allowedResource(s Scope) bool {
	switch s.(type) {
	case PrincipalResourceMembershipsScope, MembershipsScope, PrincipalScope, InactiveUsersScope, InactiveScope:
		return false
	}
	return true
}

// kindName names the kind of a scope in a validation message.
func kindName(s Scope) string {
	switch s.(type) {
	case PrincipalResourceMembershipsScope, MembershipsScope:
		return "a principal-resource memberships scope"
	case ResourceScope:
		return "a resource scope"
	case AccessPackageAssignmentPolicyScope:
		return "an access package assignment policy scope"
	case PrincipalScope:
		return "a principal scope"
	case InactiveUsersScope, InactiveScope:
		return "an inactive-users scope"
	}
	return "this scope"
}

// describeMemberships describes principals in resources:
// "all guest users, inactive for 30 days, with access to all groups".
func describeMemberships(principals, resources []Scope) string {
	if team, ok := teamWithSharedChannels(principals, resources); ok {
		return team.String()
	}
	who := joinPhrases(principals, Describe)
	if who == "" {
		who = "no principals"
	}
	what := joinPhrases(resources, resourceName)
	if what == "" {
		what = "no resources"
	}
	if strings.Contains(who, ",") {
		who += ","
	}
	return who + " with access to " + what
}

// joinPhrases describes each scope and joins the phrases as English does:
// "a", "a and b", "a, b and c".
func joinPhrases(list []Scope, describe func(Scope) string) string {
	phrases := make([]string, 0, len(list))
	for _, s := range list {
		phrases = append(phrases, describe(s))
	}
	switch len(phrases) {
	case 0:
		return ""
	case 1:
		return phrases[0]
	}
	return strings.Join(phrases[:len(phrases)-1], ", ") + " and " + phrases[len(phrases)-1]
}
