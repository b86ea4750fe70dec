package scope

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/graphkit/governance/internal/discriminator"
	"github.com/graphkit/governance/odata"
)

// Scope is what an access review covers: the value of a definition's scope
// and instanceEnumerationScope, of the principalScopes and resourceScopes of
// a [PrincipalResourceMembershipsScope], and of a history definition's
// scopes.
//
// The interface is sealed: only this package implements it. Two families of
// types do:
//
//   - the wire types, one per Graph type, which [Unmarshal] returns:
//     [QueryScope], [InactiveUsersScope], [PrincipalResourceMembershipsScope],
//     [PrincipalScope], [ResourceScope], [AccessPackageAssignmentPolicyScope]
//     and [Unknown];
//   - the builders ([Group], [EachGroup], [AllMicrosoft365Groups], [Role]…),
//     immutable values that know what they mean and encode to the same wire
//     types.
//
// Every implementation encodes with "@odata.type" first, describes itself
// in English through String, and reports every problem at once from
// Validate; [Lint] reports what is probably a mistake.
type Scope interface {
	json.Marshaler
	fmt.Stringer
	// Validate reports every problem the documentation says makes the
	// service reject the scope, and what cannot be encoded, as
	// *odata.FieldError values joined with errors.Join. Field names are
	// relative to the scope ("query",
	// "principalScopes[0].inactiveDuration"); callers re-root them with
	// odata.Prefix.
	Validate() error
	isScope()
}

// The @odata.type names of the scope types, as this package writes them.
const (
	typeQuery               = "#microsoft.graph.accessReviewQueryScope"
	typeInactiveUsers       = "#microsoft.graph.accessReviewInactiveUsersQueryScope"
	typeMemberships         = "#microsoft.graph.principalResourceMembershipsScope"
	typePrincipal           = "#microsoft.graph.accessReviewPrincipalScope"
	typeResource            = "#microsoft.graph.accessReviewResourceScope"
	typeAccessPackagePolicy = "#microsoft.graph.accessReviewAccessPackageAssignmentPolicyScope"
)

// Unmarshal decodes one scope, choosing its Go type by "@odata.type"
// (compared without regard to case or the "#microsoft.graph." prefix; the
// beta spelling "odata.type" is read too). An object without a type is a
// [QueryScope], as the service treats it; a type this package does not know
// gives an [Unknown] that keeps the raw JSON. JSON null gives a nil Scope and
// no error.
//
// Properties a known type does not model are kept and written back by
// MarshalJSON, so a scope read from the service and sent back loses nothing.
func Unmarshal(data []byte) (Scope, error) {
	s, err := unmarshalScope(data)
	if err != nil {
		return nil, fmt.Errorf("scope: unmarshal: %w", err)
	}
	return s, nil
}

// UnmarshalList decodes a JSON array of scopes with [Unmarshal]. JSON null
// gives a nil slice; "[]" gives an empty, non-nil one.
func UnmarshalList(data []byte) ([]Scope, error) {
	list, err := unmarshalList(data)
	if err != nil {
		return nil, fmt.Errorf("scope: unmarshal list: %w", err)
	}
	return list, nil
}

// unmarshalScope is Unmarshal without the package prefix on errors, for
// nested scopes.
func unmarshalScope(data []byte) (Scope, error) {
	data = bytes.TrimSpace(data)
	if string(data) == "null" {
		return nil, nil
	}
	typ, fields, err := discriminator.Split(data)
	if err != nil {
		return nil, err
	}
	var s Scope
	switch discriminator.Normalize(typ) {
	case "", discriminator.Normalize(typeQuery):
		s, err = decodeQuery(fields)
	case discriminator.Normalize(typeInactiveUsers):
		s, err = decodeInactiveUsers(fields)
	case discriminator.Normalize(typeMemberships):
		s, err = decodeMemberships(fields)
	case discriminator.Normalize(typePrincipal):
		s, err = decodePrincipal(fields)
	case discriminator.Normalize(typeResource):
		s, err = decodeResource(fields)
	case discriminator.Normalize(typeAccessPackagePolicy):
		s, err = decodeAccessPackagePolicy(fields)
	default:
		s = Unknown{Raw: bytes.Clone(data)}
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", typeLabel(typ), err)
	}
	return s, nil
}

// unmarshalList is UnmarshalList without the package prefix on errors.
func unmarshalList(data []byte) ([]Scope, error) {
	data = bytes.TrimSpace(data)
	if string(data) == "null" {
		return nil, nil
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(data, &raws); err != nil {
		return nil, err
	}
	out := make([]Scope, len(raws))
	for i, raw := range raws {
		s, err := unmarshalScope(raw)
		if err != nil {
			return nil, fmt.Errorf("[%d]: %w", i, err)
		}
		out[i] = s
	}
	return out, nil
}

// Validate reports every problem with s, as [Scope.Validate] does; a nil s
// is itself a problem.
func Validate(s Scope) error {
	if s == nil {
		return odata.Invalid("", "a scope is required")
	}
	return s.Validate()
}

// Unknown is a scope whose "@odata.type" this package does not know. It
// keeps the JSON object exactly as received, so it can be inspected and
// sent back unchanged.
type Unknown struct {
	// Raw is the JSON object, type property included.
	Raw json.RawMessage
}

// Type returns the "@odata.type" of the scope ("" when Raw is not an object
// or has no type).
func (u Unknown) Type() string {
	typ, _ := discriminator.Peek(u.Raw)
	return typ
}

// MarshalJSON returns Raw unchanged. It fails when Raw is not a JSON object.
func (u Unknown) MarshalJSON() ([]byte, error) {
	if err := u.Validate(); err != nil {
		return nil, fmt.Errorf("scope: marshal unknown scope: %w", err)
	}
	return u.Raw, nil
}

// UnmarshalJSON keeps a copy of data.
func (u *Unknown) UnmarshalJSON(data []byte) error {
	u.Raw = bytes.Clone(bytes.TrimSpace(data))
	return nil
}

// String describes the scope by its type name.
func (u Unknown) String() string {
	if typ := u.Type(); typ != "" {
		return "a scope of type " + typ
	}
	return "a scope of unknown type"
}

// Validate reports whether Raw is a JSON object: the service's rules for a
// type this package does not know are unknown to it.
func (u Unknown) Validate() error {
	if _, err := discriminator.Peek(u.Raw); err != nil {
		return odata.Invalid("", "must be a JSON object")
	}
	return nil
}

func (Unknown) isScope()             {}
func (Unknown) isNotificationScope() {}

// typeLabel names a scope type in an error message.
func typeLabel(typ string) string {
	if typ == "" {
		return "query scope"
	}
	return truncate(typ, 80)
}

// truncate shortens s for an error message or a description so hostile or
// huge inputs cannot blow them up.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && cut < len(s) && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}
