package accessreviews

import (
	"encoding/json/jsontext"
	"encoding/json/v2"

	"github.com/graphkit/governance/internal/poly"
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
	// Type writes "@odata.type" first when the identity is encoded; leave it zero.
	Type poly.Type[ServicePrincipalIdentity] `json:"@odata.type"`
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
	ID string `json:"-"`
	// DisplayName is the identity's displayName property.
	DisplayName string `json:"-"`
	// Raw is the JSON object, type property included.
	Raw jsontext.Value `json:",embed"`
}

// Type returns the identity's "@odata.type", or "" when it has none.
func (u UnknownIdentity) Type() string {
	typ, _ := poly.TypeOf(u.Raw)
	return typ
}

func (UnknownIdentity) isIdentity() {}

// IdentityValue holds an Identity in a model field. Its one field, Value,
// is the [Identity]: nil when the property was absent or null (the zero
// IdentityValue), else one of its implementations, which a type switch
// tells apart. Decoding, "@odata.type" chooses the Go type of Value;
// encoding writes the type first. Set one as IdentityValue{Value: v}.
type IdentityValue = poly.Union[Identity, identitySet]

// identityKinds are the identity types by "@odata.type".
var identityKinds = poly.NewKinds("identity", func(_ string, raw jsontext.Value) (Identity, error) {
	var common struct {
		ID          string `json:"id"`
		DisplayName string `json:"displayName"`
	}
	if err := json.Unmarshal(raw, &common); err != nil {
		return nil, err
	}
	return UnknownIdentity{ID: common.ID, DisplayName: common.DisplayName, Raw: raw}, nil
})

func init() {
	poly.AddKind[UserIdentity](identityKinds, typeUserIdentity)
	poly.AddKind[ServicePrincipalIdentity](identityKinds, typeServicePrincipalIdentity)
}

// identitySet names identityKinds as the set of an IdentityValue.
type identitySet struct{}

// Kinds returns the identity types.
func (identitySet) Kinds() *poly.Kinds[Identity] { return identityKinds }
