package accessreviews

import (
	"encoding/json/jsontext"
	"encoding/json/v2"
	"errors"
	"fmt"

	"github.com/graphkit/governance/internal/poly"
	"github.com/graphkit/governance/odata"
)

// Insight is a piece of evidence the service gathered about a decision item
// (microsoft.graph.governanceInsight): when the principal last signed in, or
// that it is an outlier among the group's members. Insights are in v1.0 as
// well as beta. They come from DecisionsService.ListInsights, or inline in
// DecisionItem.Insights when a list asks for Expand: []string{"insights"}.
//
// The interface is sealed: UserSignInInsight, MembershipOutlierInsight and
// UnknownInsight implement it.
type Insight interface {
	isInsight()
}

// The @odata.type names of the insight types.
const (
	typeSignInInsight  = "#microsoft.graph.userSignInInsight"
	typeOutlierInsight = "#microsoft.graph.membershipOutlierInsight"
)

// UserSignInInsight says when the principal last signed in.
type UserSignInInsight struct {
	// Type writes "@odata.type" first when the insight is encoded; leave it zero.
	Type poly.Type[UserSignInInsight] `json:"@odata.type"`
	// ID is the insight's ID.
	ID string `json:"id,omitzero"`
	// InsightCreatedDateTime is when the service computed the insight.
	InsightCreatedDateTime odata.DateTime `json:"insightCreatedDateTime,omitzero"`
	// LastSignInDateTime is the principal's last sign-in; zero when it
	// never signed in.
	LastSignInDateTime odata.DateTime `json:"lastSignInDateTime,omitzero"`
}

// MembershipOutlierInsight says that the member is an outlier in the
// container: its peers have little in common with it.
type MembershipOutlierInsight struct {
	// Type writes "@odata.type" first when the insight is encoded; leave it zero.
	Type poly.Type[MembershipOutlierInsight] `json:"@odata.type"`
	// ID is the insight's ID.
	ID string `json:"id,omitzero"`
	// InsightCreatedDateTime is when the service computed the insight.
	InsightCreatedDateTime odata.DateTime `json:"insightCreatedDateTime,omitzero"`
	// ContainerID is the ID of the group the member is an outlier in.
	ContainerID string `json:"containerId,omitzero"`
	// MemberID is the ID of the outlier.
	MemberID string `json:"memberId,omitzero"`
	// OutlierContainerType is the kind of container ("group").
	OutlierContainerType OutlierContainerType `json:"outlierContainerType,omitzero"`
	// OutlierMemberType is the kind of member ("user").
	OutlierMemberType OutlierMemberType `json:"outlierMemberType,omitzero"`
}

// OutlierContainerType is the kind of container of a membership outlier.
type OutlierContainerType string

// OutlierContainerGroup is the only documented container kind.
const OutlierContainerGroup OutlierContainerType = "group"

// OutlierMemberType is the kind of member of a membership outlier.
type OutlierMemberType string

// OutlierMemberUser is the only documented member kind.
const OutlierMemberUser OutlierMemberType = "user"

// UnknownInsight is an insight whose "@odata.type" this package does not
// know. The properties every insight has are decoded; Raw keeps the object
// as received and is what it encodes to.
type UnknownInsight struct {
	// ID is the insight's ID.
	ID string `json:"-"`
	// InsightCreatedDateTime is when the service computed the insight.
	InsightCreatedDateTime odata.DateTime `json:"-"`
	// Raw is the JSON object, type property included.
	Raw jsontext.Value `json:",embed"`
}

// Type returns the insight's "@odata.type", or "" when it has none.
func (u UnknownInsight) Type() string {
	typ, _ := poly.TypeOf(u.Raw)
	return typ
}

func (UserSignInInsight) isInsight()        {}
func (MembershipOutlierInsight) isInsight() {}
func (UnknownInsight) isInsight()           {}

// InsightList is the insights of a decision item, each decoded by its
// "@odata.type"; nil means the property was absent (not expanded), empty
// means the service found none. A null element is kept as a nil Insight.
type InsightList []Insight

// UnmarshalJSONFrom decodes a JSON array of insights, each by its
// "@odata.type"; null gives a nil list.
func (l *InsightList) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	switch dec.PeekKind() {
	case 'n':
		_, err := dec.ReadToken()
		*l = nil
		return err
	case '[':
	default:
		if err := dec.SkipValue(); err != nil {
			return err
		}
		return errors.New("accessreviews: decode insights: want a JSON array")
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	out := InsightList{}
	for dec.PeekKind() != ']' {
		in, err := insightKinds.Decode(dec)
		if err != nil {
			return fmt.Errorf("accessreviews: decode insights: [%d]: %w", len(out), err)
		}
		out = append(out, in)
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	*l = out
	return nil
}

// insightKinds are the insight types by "@odata.type".
var insightKinds = poly.NewKinds("insight", func(_ string, raw jsontext.Value) (Insight, error) {
	var common struct {
		ID                     string         `json:"id"`
		InsightCreatedDateTime odata.DateTime `json:"insightCreatedDateTime"`
	}
	if err := json.Unmarshal(raw, &common); err != nil {
		return nil, err
	}
	return UnknownInsight{ID: common.ID, InsightCreatedDateTime: common.InsightCreatedDateTime, Raw: raw}, nil
})

func init() {
	poly.AddKind[UserSignInInsight](insightKinds, typeSignInInsight)
	poly.AddKind[MembershipOutlierInsight](insightKinds, typeOutlierInsight)
}

// insightSet names insightKinds as the set of an insightValue.
type insightSet struct{}

// Kinds returns the insight types.
func (insightSet) Kinds() *poly.Kinds[Insight] { return insightKinds }

// insightValue holds one insight of a ListInsights page.
type insightValue = poly.Union[Insight, insightSet]
