package accessreviews

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
)

// decisionPage is the body of a decisions list response.
type decisionPage struct {
	Value []DecisionItem `json:"value"`
}

func TestDecisionConformance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file  string
		check func(t *testing.T, items []DecisionItem)
	}{
		{
			file: "conformance/decisions.guest-m365.v1.json",
			check: func(t *testing.T, items []DecisionItem) {
				require.Len(t, items, 1)
				d := items[0]
				assert.Equal(t, DecisionID("0e76ee07-b4c6-469e-bc9d-e73fc9a8d660"), d.ID)
				assert.Equal(t, InstanceID("6392b1a7-9c25-4844-83e5-34e23c88e16a"), d.AccessReviewID)
				assert.Equal(t, DecisionApprove, d.Decision)
				assert.Equal(t, RecommendationDeny, d.Recommendation)
				assert.Equal(t, ApplyResultNew, d.ApplyResult)
				assert.True(t, d.ReviewedBy.IsNobody(), "zero-GUID reviewedBy is nobody")
				assert.Equal(t, "AAD Access Reviews", d.ReviewedBy.DisplayName)
				assert.True(t, d.AppliedBy.IsNobody())
				assert.True(t, d.AppliedDateTime.IsZero())
				assert.Equal(t, time.Date(2021, 2, 10, 17, 6, 26, 147e6, time.UTC), d.ReviewedDateTime.Time)
				assert.Equal(t, IdentityValue{Value: UserIdentity{
					ID: "baf1b0a0-1f9a-4a56-9884-6a30824f8d20", DisplayName: "John Doe (Tailspin Toys)", UserPrincipalName: "john@tailspintoys.com",
				}}, d.Principal, "principal is present in v1.0")
				assert.Equal(t, TargetValue{Value: UserTarget{
					UserID: "baf1b0a0-1f9a-4a56-9884-6a30824f8d20", UserDisplayName: "John Doe (Tailspin Toys)", UserPrincipalName: "john@tailspintoys.com",
				}}, d.Target)
				assert.True(t, d.Resource.IsZero(), "resource is absent")
				assert.True(t, d.Reviewed())
			},
		},
		{
			file: "conformance/decisions.self-review.beta.json",
			check: func(t *testing.T, items []DecisionItem) {
				require.Len(t, items, 2)
				for _, d := range items {
					assert.True(t, d.Principal.IsZero(), "principal is absent in beta")
					assert.IsType(t, UserTarget{}, d.Target.Value)
					assert.True(t, d.ReviewedBy.IsNobody())
					assert.True(t, d.ReviewedDateTime.IsZero())
					assert.Equal(t, DecisionNotReviewed, d.Decision)
					assert.False(t, d.Reviewed())
				}
				assert.Equal(t, "43b12b0c-ee2c-4257-96fe-505d823e06ab", items[0].PrincipalID(), "read from target")
				assert.Equal(t, "Allan Deyoung", items[1].PrincipalDisplayName())
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			raw := fixture(t, tt.file)
			var page decisionPage
			require.NoError(t, json.Unmarshal(raw, &page))
			tt.check(t, page.Value)

			// Nothing is lost: every property with a value comes back.
			var orig struct {
				Value []json.RawMessage `json:"value"`
			}
			require.NoError(t, json.Unmarshal(raw, &orig))
			require.Len(t, page.Value, len(orig.Value))
			for i := range page.Value {
				got, err := json.Marshal(page.Value[i])
				require.NoError(t, err)
				assert.Equal(t, withoutEmpty(t, orig.Value[i]), withoutEmpty(t, got), "item %d", i)
			}
		})
	}
}

// withoutEmpty decodes a JSON value and drops the properties whose value is
// null or "", recursively: the normalisation allowed for read models, whose
// zero values are omitted on encoding.
func withoutEmpty(t *testing.T, raw []byte) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(raw, &v))
	var prune func(any) any
	prune = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if e == nil || e == "" {
					delete(x, k)
					continue
				}
				x[k] = prune(e)
			}
		case []any:
			for i := range x {
				x[i] = prune(x[i])
			}
		}
		return v
	}
	return prune(v)
}

func TestDecisionDecodeFull(t *testing.T) {
	t.Parallel()
	var d DecisionItem
	require.NoError(t, json.Unmarshal(fixture(t, "decisions/get.json"), &d))

	assert.Equal(t, "Removed from the group", d.ApplyDescription)
	assert.Equal(t, "203.0.113.7", d.ReviewedBy.IPAddress)
	assert.False(t, d.ReviewedBy.IsNobody())
	assert.Equal(t, time.Date(2021, 4, 14, 1, 6, 26, 147e6, time.UTC), d.ReviewedDateTime.Time, "offset normalised to UTC")
	assert.Equal(t, AzureRoleResource{
		ID: "b24988ac-6180-42a0-ab88-20f7382dd24c", DisplayName: "Contributor", ResourceType: ResourceAzureRole,
		Scope: ResourceValue{Value: BaseResource{ID: "/subscriptions/a1b2c3d4-0000-0000-0000-000000000001", DisplayName: "Production", ResourceType: "subscription"}},
	}, d.Resource.Value)
	require.Len(t, d.Insights, 3)
	assert.Equal(t, UserSignInInsight{
		ID:                     "c4f2a8d0-1b3e-4f5a-8c7d-9e0f1a2b3c4d",
		InsightCreatedDateTime: odata.DateTime{Time: time.Date(2021, 4, 1, 8, 0, 0, 0, time.UTC)},
		LastSignInDateTime:     odata.DateTime{Time: time.Date(2020, 12, 24, 10, 11, 12, 5e8, time.UTC)},
	}, d.Insights[0])
	assert.Equal(t, MembershipOutlierInsight{
		ID:                     "d5a3b9e1-2c4f-4a6b-9d8e-0f1a2b3c4d5e",
		InsightCreatedDateTime: odata.DateTime{Time: time.Date(2021, 4, 1, 8, 0, 0, 0, time.UTC)},
		ContainerID:            "02f3bafb-448c-487c-88c2-5fd65ce49a41", MemberID: "baf1b0a0-1f9a-4a56-9884-6a30824f8d20",
		OutlierContainerType: OutlierContainerGroup, OutlierMemberType: OutlierMemberUser,
	}, d.Insights[1])
	unknown, ok := d.Insights[2].(UnknownInsight)
	require.True(t, ok, "got %T", d.Insights[2])
	assert.Equal(t, "#microsoft.graph.futureInsight", unknown.Type())
	assert.Equal(t, "e6b4c0f2-3d5a-4b7c-8e9f-1a2b3c4d5e6f", unknown.ID)
	assert.Contains(t, string(unknown.Raw), `"score": 0.93`)
	assert.True(t, d.PrincipalResourceMembership.MembershipType.Has(MembershipDirect))
	assert.True(t, d.PrincipalResourceMembership.MembershipType.Has(MembershipIndirect))
	assert.Equal(t, DecisionPermission{ID: "f7c5d1a3-4e6b-4c8d-9f0a-2b3c4d5e6f70", DisplayName: "Contributor", Description: "Can manage resources", Type: "AzureRole"}, d.Permission)

	// Encoding and decoding again gives the same item.
	b, err := json.Marshal(d)
	require.NoError(t, err)
	var again DecisionItem
	require.NoError(t, json.Unmarshal(b, &again))
	assert.Equal(t, d.Resource, again.Resource)
	assert.Equal(t, d.Principal, again.Principal)
	assert.Equal(t, d.Target, again.Target)
	assert.Equal(t, len(d.Insights), len(again.Insights))
	assert.JSONEq(t, string(unknown.Raw), string(again.Insights[2].(UnknownInsight).Raw))
	assert.Equal(t, d.Insights[:2], again.Insights[:2])
	assert.Equal(t, d.ReviewedDateTime.Time, again.ReviewedDateTime.Time)
}

func TestDecisionPrincipalHelpers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		item        DecisionItem
		id, display string
	}{
		{name: "user", item: DecisionItem{Principal: IdentityValue{Value: UserIdentity{ID: "u", DisplayName: "U"}}}, id: "u", display: "U"},
		{name: "service principal", item: DecisionItem{Principal: IdentityValue{Value: ServicePrincipalIdentity{ID: "s", DisplayName: "S"}}}, id: "s", display: "S"},
		{name: "unknown", item: DecisionItem{Principal: IdentityValue{Value: UnknownIdentity{ID: "x", DisplayName: "X"}}}, id: "x", display: "X"},
		{name: "principal wins over target", item: DecisionItem{
			Principal: IdentityValue{Value: UserIdentity{ID: "u", DisplayName: "U"}}, Target: TargetValue{Value: UserTarget{UserID: "t", UserDisplayName: "T"}},
		}, id: "u", display: "U"},
		{name: "user target", item: DecisionItem{Target: TargetValue{Value: UserTarget{UserID: "t", UserDisplayName: "T"}}}, id: "t", display: "T"},
		{name: "service principal target", item: DecisionItem{Target: TargetValue{Value: ServicePrincipalTarget{ServicePrincipalID: "p", ServicePrincipalDisplayName: "P"}}}, id: "p", display: "P"},
		{name: "unknown target", item: DecisionItem{Target: TargetValue{Value: UnknownTarget{}}}},
		{name: "nothing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.id, tt.item.PrincipalID())
			assert.Equal(t, tt.display, tt.item.PrincipalDisplayName())
		})
	}
}

// FuzzDecodeDecision checks that no input panics the decoder, and that an
// item that decodes encodes, decodes again and then encodes the same way.
func FuzzDecodeDecision(f *testing.F) {
	f.Add([]byte(`{"id":"x","principal":{"@odata.type":"#microsoft.graph.userIdentity","id":"u"}}`))
	f.Add([]byte(`{"resource":{"@odata.type":"#microsoft.graph.accessReviewInstanceDecisionItemAzureRoleResource","scope":{"id":"s"}}}`))
	f.Add([]byte(`{"target":{"odata.type":"#x","a":[1,{}]},"insights":[null,{"@odata.type":"#y"}]}`))
	f.Add([]byte(`{"principal":{"@odata.type":null},"reviewedDateTime":"2021-02-10T17:06:26.147Z"}`))
	f.Add([]byte(`{"insights":[{"@odata.type":"#microsoft.graph.membershipOutlierInsight","memberId":"m"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var d DecisionItem
		if json.Unmarshal(data, &d) != nil {
			return
		}
		first, err := json.Marshal(d)
		require.NoError(t, err)
		var again DecisionItem
		require.NoError(t, json.Unmarshal(first, &again), "%s", first)
		second, err := json.Marshal(again)
		require.NoError(t, err)
		assert.Equal(t, string(first), string(second))
	})
}
