package scope

import (
	"bytes"
	"encoding/json/jsontext"
	"encoding/json/v2"
	"errors"
	"fmt"
	"io"

	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/internal/poly"
)

// Scope is what an access review covers: the value of a definition's scope
// and instanceEnumerationScope, of the principalScopes and resourceScopes of
// a [PrincipalResourceMembershipsScope], and of a history definition's
// scopes.
//
// The interface is sealed: only this package implements it. Two families of
// types do:
//
//   - the builders ([Group], [EachGroup], [AllMicrosoft365Groups], [Role]…),
//     immutable values that know what they mean and encode to the wire
//     types; [Unmarshal] returns one for every scope a builder makes;
//   - the wire types, one per Graph type, which [Unmarshal] returns for
//     the other scopes: [QueryScope], [InactiveUsersScope],
//     [PrincipalResourceMembershipsScope], [PrincipalScope],
//     [ResourceScope], [AccessPackageAssignmentPolicyScope] and [Unknown].
//
// Every implementation encodes with "@odata.type" first (a builder as the
// wire type it stands for), with any JSON encoder, describes itself in English
// through String, and reports every problem at once from Validate; [Lint]
// reports what is probably a mistake. A builder given an argument it cannot
// send (an empty ID, a query that is not UTF-8, a negative inactivity
// period) keeps the problem: Validate reports it and encoding fails with
// it, instead of sending something else than asked.
type Scope interface {
	fmt.Stringer
	// Validate reports every problem the documentation says makes the
	// service reject the scope, and what cannot be encoded, as
	// *odata.FieldError values joined with errors.Join. Field names are
	// relative to the scope ("query",
	// "principalScopes[0].inactiveDuration"); a definition's validation
	// puts them under the scope's path in the request ("scope.query").
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

// scopeKinds are the scope types by "@odata.type"; a scope without one is
// a query scope, as the service treats it.
var scopeKinds = poly.NewKinds("scope", func(_ string, raw jsontext.Value) (Scope, error) {
	return Unknown{Raw: raw}, nil
})

func init() {
	poly.AddUntyped[QueryScope](scopeKinds)
	poly.AddKind[QueryScope](scopeKinds, typeQuery)
	poly.AddKind[InactiveUsersScope](scopeKinds, typeInactiveUsers)
	poly.AddKind[PrincipalResourceMembershipsScope](scopeKinds, typeMemberships)
	poly.AddKind[PrincipalScope](scopeKinds, typePrincipal)
	poly.AddKind[ResourceScope](scopeKinds, typeResource)
	poly.AddKind[AccessPackageAssignmentPolicyScope](scopeKinds, typeAccessPackagePolicy)
	// A scope a builder makes decodes to the builder value.
	scopeKinds.Refine(fromWire)
	// A value a builder made from an argument it cannot send refuses to
	// encode; any other is encoded as it is.
	poly.RegisterMarshalers(json.MarshalToFunc(func(enc *jsontext.Encoder, v refuser) error {
		if v.buildErr() != nil {
			return fmt.Errorf("scope: %w", v.Validate())
		}
		return errors.ErrUnsupported
	}))
}

// refuser is implemented by the wire values a builder makes: the problem
// the builder found with its argument, if any.
type refuser interface {
	Validate() error
	buildErr() error
}

// builder is implemented by the builders: the wire scope each stands for.
type builder interface {
	Scope
	wireScope() Scope
}

// marshalBuilder is the MarshalJSONTo of every builder: it encodes b as the
// wire scope it stands for, and refuses to encode what Validate refuses. A
// builder encodes so by itself, with any JSON encoder, as the scopes read
// from the service that decode to builder values must.
func marshalBuilder(enc *jsontext.Encoder, b builder) error {
	if err := b.Validate(); err != nil {
		return fmt.Errorf("scope: %w", err)
	}
	return json.MarshalEncode(enc, b.wireScope(), poly.WireOptions())
}

// Unmarshal decodes one scope, choosing its Go type by "@odata.type"
// (compared without regard to case or the "#microsoft.graph." prefix; the
// beta spelling "odata.type" is read too). An object without a type is a
// query scope, as the service treats it; a type this package does not know
// gives an [Unknown] that keeps the raw JSON. JSON null gives a nil Scope and
// no error.
//
// A scope a builder makes decodes to the builder's value, whatever spelling
// of its query the service returns ("+" for spaces, "$count=true", extra
// parentheses, a "/" before "?"): "/groups/{id}/transitiveMembers" is
// Group(id).TransitiveMembers(), equal to the expression that made it, and
// a memberships scope with elements in both lists is a [MembershipsScope].
// Sent back, such a value writes the builder's spelling of the query, which
// selects the same principals. Any other scope decodes to its wire type
// ([QueryScope] for a query no builder makes, with the query as written).
//
// Properties a known type does not model are kept in its Extra and written
// back, so a scope read from the service and sent back loses nothing; a
// scope with such properties, or with a queryRoot, keeps its wire type. A
// modelled property whose value is null reads as absent (for the service
// the two are the same), and the beta "odata.type" is written back as
// "@odata.type".
func Unmarshal(data []byte) (Scope, error) {
	s, err := decodeWhole(data, scopeKinds.Decode)
	if err != nil {
		return nil, fmt.Errorf("scope: unmarshal: %w", err)
	}
	return s, nil
}

// UnmarshalList decodes a JSON array of scopes with [Unmarshal]. JSON null
// gives a nil slice; "[]" gives an empty, non-nil one.
func UnmarshalList(data []byte) ([]Scope, error) {
	var list []Scope
	if err := json.Unmarshal(data, &list, poly.WireOptions()); err != nil {
		return nil, fmt.Errorf("scope: unmarshal list: %w", err)
	}
	return list, nil
}

// Marshal encodes a scope, a builder included, as the service expects it.
// Models encode their scopes by themselves; Marshal is for a scope alone.
// Unknown properties are written back as they were read, repeated names and
// invalid UTF-8 (as U+FFFD) included.
func Marshal(s Scope) ([]byte, error) {
	if s == nil {
		return []byte("null"), nil
	}
	return json.Marshal(s, poly.WireOptions(), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
}

// decodeWhole decodes data, which must hold one JSON value, with decode.
func decodeWhole[T any](data []byte, decode func(*jsontext.Decoder) (T, error)) (T, error) {
	dec := jsontext.NewDecoder(bytes.NewReader(data), poly.WireOptions(), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	v, err := decode(dec)
	if err != nil {
		var zero T
		return zero, err
	}
	if _, err := dec.ReadToken(); err != io.EOF {
		var zero T
		return zero, errors.New("data after the JSON value")
	}
	return v, nil
}

// Validate reports every problem with s, as [Scope.Validate] does; a nil s
// is itself a problem.
func Validate(s Scope) error {
	if s == nil {
		return check.Invalid("", "a scope is required")
	}
	return s.Validate()
}

// Unknown is a scope whose "@odata.type" this package does not know. It
// keeps the JSON object exactly as received, so it can be inspected and
// sent back unchanged.
type Unknown struct {
	// Raw is the JSON object, type property included.
	Raw jsontext.Value `json:",embed"`
}

// Type returns the "@odata.type" of the scope ("" when Raw is not an object
// or has no type).
func (u Unknown) Type() string {
	typ, _ := poly.TypeOf(u.Raw)
	return typ
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
	if _, err := poly.TypeOf(u.Raw); err != nil {
		return check.Invalid("", "must be a JSON object")
	}
	return nil
}

func (Unknown) isScope()             {}
func (Unknown) isNotificationScope() {}
