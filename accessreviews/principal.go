package accessreviews

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/graphkit/governance/internal/discriminator"
)

// Identity is the principal a decision item is about: a user, a service
// principal, or an identity type this package does not know. The service
// says which through "@odata.type"; a type switch tells them apart:
//
//	switch p := item.Principal.Value.(type) {
//	case accessreviews.UserIdentity:
//		fmt.Println("user", p.UserPrincipalName)
//	case accessreviews.ServicePrincipalIdentity:
//		fmt.Println("application", p.AppID)
//	case accessreviews.UnknownIdentity:
//		fmt.Println("identity of type", p.Type())
//	}
//
// The interface is sealed: only UserIdentity, ServicePrincipalIdentity and
// UnknownIdentity implement it.
type Identity interface {
	isIdentity()
}

// The @odata.type names of the identity types, as this package writes them.
const (
	typeUserIdentity             = "#microsoft.graph.userIdentity"
	typeServicePrincipalIdentity = "#microsoft.graph.servicePrincipalIdentity"
)

// The marker that puts the lead's UserIdentity (identity.go) in the sealed
// set.
func (UserIdentity) isIdentity() {}

// ServicePrincipalIdentity is an application as Graph names one in a
// decision's principal (microsoft.graph.servicePrincipalIdentity).
type ServicePrincipalIdentity struct {
	// ID is the service principal's object ID.
	ID string `json:"id,omitzero"`
	// DisplayName is the application's display name.
	DisplayName string `json:"displayName,omitzero"`
	// AppID is the application (client) ID.
	AppID string `json:"appId,omitzero"`
}

func (ServicePrincipalIdentity) isIdentity() {}

// UnknownIdentity is an identity whose "@odata.type" this package does not
// know, or that has none (the base microsoft.graph.identity). Every identity
// type carries an id and a display name, so those are decoded; Raw keeps
// the object exactly as received and is what it encodes to.
type UnknownIdentity struct {
	// ID is the identity's id property.
	ID string
	// DisplayName is the identity's displayName property.
	DisplayName string
	// Raw is the JSON object, type property included.
	Raw json.RawMessage
}

// Type returns the identity's "@odata.type", or "" when it has none.
func (u UnknownIdentity) Type() string {
	typ, _ := discriminator.Peek(u.Raw)
	return typ
}

func (UnknownIdentity) isIdentity() {}

// IdentityValue holds an Identity in a model field. It exists because
// encoding/json cannot decode into an interface: the holder reads
// "@odata.type" and fills Value with the matching type, so the models around
// it decode with plain encoding/json. The zero IdentityValue (a nil Value)
// means the property was absent or null.
type IdentityValue struct {
	// Value is the identity, or nil.
	Value Identity
}

// identityWire is the union of the properties of every identity type.
// Decoding into it reads the type and the fields in one pass: decisions are
// decoded by the hundred thousand, and peeking at the type before decoding
// costs five times as much as the decode itself.
type identityWire struct {
	Type              string `json:"@odata.type"`
	LegacyType        string `json:"odata.type"`
	ID                string `json:"id"`
	DisplayName       string `json:"displayName"`
	UserPrincipalName string `json:"userPrincipalName"`
	IPAddress         string `json:"ipAddress"`
	AppID             string `json:"appId"`
}

// UnmarshalJSON decodes an identity, choosing its type by "@odata.type"
// (compared without regard to case or the "#microsoft.graph." prefix; the
// beta spelling "odata.type" is read too). null gives a nil Value.
func (v *IdentityValue) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if string(data) == "null" {
		v.Value = nil
		return nil
	}
	var w identityWire
	if !scanIdentityWire(data, &w) {
		var err error
		if w, err = decodeUnionAs[identityWire](data); err != nil {
			return fmt.Errorf("accessreviews: decode identity: %w", err)
		}
	}
	switch typ := unionTypeName(w.Type, w.LegacyType); {
	case isUnionType(typ, typeUserIdentity):
		v.Value = UserIdentity{ID: w.ID, DisplayName: w.DisplayName, UserPrincipalName: w.UserPrincipalName, IPAddress: w.IPAddress}
	case isUnionType(typ, typeServicePrincipalIdentity):
		v.Value = ServicePrincipalIdentity{ID: w.ID, DisplayName: w.DisplayName, AppID: w.AppID}
	default:
		v.Value = UnknownIdentity{ID: w.ID, DisplayName: w.DisplayName, Raw: bytes.Clone(data)}
	}
	return nil
}

// MarshalJSON encodes the identity with "@odata.type" first; an
// UnknownIdentity is written back as received, and a nil Value as null.
func (v IdentityValue) MarshalJSON() ([]byte, error) {
	switch id := v.Value.(type) {
	case nil:
		return []byte("null"), nil
	case UserIdentity:
		return discriminator.Marshal(typeUserIdentity, id)
	case ServicePrincipalIdentity:
		return discriminator.Marshal(typeServicePrincipalIdentity, id)
	case UnknownIdentity:
		return unknownRawJSON("identity", id.Raw)
	}
	return nil, fmt.Errorf("accessreviews: encode identity: unsupported type %T", v.Value)
}

// IsZero reports whether the holder holds no identity.
func (v IdentityValue) IsZero() bool { return v.Value == nil }

// unionTypeName returns the type name a polymorphic object carries: "@odata.type",
// or the beta spelling "odata.type" when the first is absent or null.
func unionTypeName(typ, legacy string) string {
	if typ != "" {
		return typ
	}
	return legacy
}

// isUnionType reports whether typ names the type want. The spelling this
// package writes, which is also the service's, is compared first because
// it costs nothing; discriminator.Equal then accepts the other spellings
// (case, "#", namespace) at the price of two allocations.
func isUnionType(typ, want string) bool {
	return typ == want || discriminator.Equal(typ, want)
}

// decodeUnion decodes data, which must be a JSON object, into the union
// struct out. A union decode would accept an array or a string as "no
// fields"; the check keeps such bodies from passing as empty objects.
func decodeUnion(data []byte, out any) error {
	if len(data) == 0 || data[0] != '{' {
		return errors.New("not a JSON object")
	}
	return json.Unmarshal(data, out)
}

// decodeUnionAs is decodeUnion into a new T, returned by value so that the
// caller's variable, which the scanners of union_fast.go fill, stays off
// the heap.
func decodeUnionAs[T any](data []byte) (T, error) {
	var out T
	err := decodeUnion(data, &out)
	return out, err
}

// unknownRawJSON returns raw for encoding when it is a JSON object: an Unknown…
// value built by hand with something else in Raw must not produce invalid
// JSON.
func unknownRawJSON(what string, raw json.RawMessage) ([]byte, error) {
	if _, err := discriminator.Peek(raw); err != nil {
		return nil, fmt.Errorf("accessreviews: encode %s: Raw is not a JSON object", what)
	}
	return raw, nil
}
