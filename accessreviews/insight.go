package accessreviews

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/graphkit/governance/internal/discriminator"
	"github.com/graphkit/governance/odata"
)

// Insight is a piece of evidence the service gathered about a decision item
// (microsoft.graph.governanceInsight): when the principal last signed in, or
// that it is an outlier among the group's members. Insights are in v1.0 as
// well as beta. They come from DecisionsService.ListInsights, or inline in
// Decision.Insights when a list asks for Expand: []string{"insights"}.
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
	ID string
	// InsightCreatedDateTime is when the service computed the insight.
	InsightCreatedDateTime odata.DateTime
	// Raw is the JSON object, type property included.
	Raw json.RawMessage
}

// Type returns the insight's "@odata.type", or "" when it has none.
func (u UnknownInsight) Type() string {
	typ, _ := discriminator.Peek(u.Raw)
	return typ
}

func (UserSignInInsight) isInsight()        {}
func (MembershipOutlierInsight) isInsight() {}
func (UnknownInsight) isInsight()           {}

// InsightList is the insights of a decision item. It decodes each element
// by its "@odata.type"; nil means the property was absent (not expanded),
// empty means the service found none.
type InsightList []Insight

// insightWire is the union of the properties of every insight type.
type insightWire struct {
	Type                   string               `json:"@odata.type"`
	LegacyType             string               `json:"odata.type"`
	ID                     string               `json:"id"`
	InsightCreatedDateTime odata.DateTime       `json:"insightCreatedDateTime"`
	LastSignInDateTime     odata.DateTime       `json:"lastSignInDateTime"`
	ContainerID            string               `json:"containerId"`
	MemberID               string               `json:"memberId"`
	OutlierContainerType   OutlierContainerType `json:"outlierContainerType"`
	OutlierMemberType      OutlierMemberType    `json:"outlierMemberType"`
}

// UnmarshalJSON decodes a JSON array of insights; null gives a nil list. A
// null element is dropped: it says nothing.
func (l *InsightList) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if string(data) == "null" {
		*l = nil
		return nil
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(data, &raws); err != nil {
		return fmt.Errorf("accessreviews: decode insights: %w", err)
	}
	out := make(InsightList, 0, len(raws))
	for i, raw := range raws {
		in, err := decodeInsight(raw)
		if err != nil {
			return fmt.Errorf("accessreviews: decode insights: [%d]: %w", i, err)
		}
		if in != nil {
			out = append(out, in)
		}
	}
	*l = out
	return nil
}

// MarshalJSON encodes the insights with "@odata.type" first in each; nil
// encodes as null and an empty list as [].
func (l InsightList) MarshalJSON() ([]byte, error) {
	if l == nil {
		return []byte("null"), nil
	}
	buf := []byte{'['}
	for i, in := range l {
		b, err := encodeInsight(in)
		if err != nil {
			return nil, fmt.Errorf("accessreviews: encode insights: [%d]: %w", i, err)
		}
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, b...)
	}
	return append(buf, ']'), nil
}

// insightValue holds one insight of a ListInsights page: odata.All decodes
// pages with encoding/json, which cannot decode into an interface.
type insightValue struct{ value Insight }

// UnmarshalJSON decodes one insight.
func (v *insightValue) UnmarshalJSON(data []byte) error {
	in, err := decodeInsight(data)
	if err != nil {
		return fmt.Errorf("accessreviews: decode insight: %w", err)
	}
	v.value = in
	return nil
}

// decodeInsight decodes one insight by its "@odata.type"; null gives nil.
func decodeInsight(data []byte) (Insight, error) {
	data = bytes.TrimSpace(data)
	if string(data) == "null" {
		return nil, nil
	}
	var w insightWire
	if err := decodeUnion(data, &w); err != nil {
		return nil, err
	}
	switch typ := unionTypeName(w.Type, w.LegacyType); {
	case isUnionType(typ, typeSignInInsight):
		return UserSignInInsight{ID: w.ID, InsightCreatedDateTime: w.InsightCreatedDateTime, LastSignInDateTime: w.LastSignInDateTime}, nil
	case isUnionType(typ, typeOutlierInsight):
		return MembershipOutlierInsight{ID: w.ID, InsightCreatedDateTime: w.InsightCreatedDateTime, ContainerID: w.ContainerID,
			MemberID: w.MemberID, OutlierContainerType: w.OutlierContainerType, OutlierMemberType: w.OutlierMemberType}, nil
	}
	return UnknownInsight{ID: w.ID, InsightCreatedDateTime: w.InsightCreatedDateTime, Raw: bytes.Clone(data)}, nil
}

// encodeInsight encodes one insight with "@odata.type" first.
func encodeInsight(in Insight) ([]byte, error) {
	switch v := in.(type) {
	case UserSignInInsight:
		return discriminator.Marshal(typeSignInInsight, v)
	case MembershipOutlierInsight:
		return discriminator.Marshal(typeOutlierInsight, v)
	case UnknownInsight:
		return unknownRawJSON("insight", v.Raw)
	}
	return nil, fmt.Errorf("unsupported insight type %T", in)
}
