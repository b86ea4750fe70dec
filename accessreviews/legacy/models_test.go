package legacy

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
)

func TestConformancePayloadsRoundTrip(t *testing.T) {
	t.Parallel()
	for _, name := range []string{
		"legacy-accessreview-onetime-delegated.beta.json",
		"legacy-accessreview-created.beta.json",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			raw := fixture(t, name)
			var ar AccessReview
			dec := json.NewDecoder(bytesReader(raw))
			dec.DisallowUnknownFields() // every field of the payload is modelled
			require.NoError(t, dec.Decode(&ar))
			assert.JSONEq(t, string(raw), marshal(t, ar))
		})
	}
}

func TestConformanceCreated(t *testing.T) {
	t.Parallel()
	var ar AccessReview
	require.NoError(t, json.Unmarshal(fixture(t, "legacy-accessreview-created.beta.json"), &ar))
	assert.Equal(t, AccessReviewID("006111db-0810-4494-a6df-904d368bd81b"), ar.ID)
	assert.Equal(t, accessreviews.StatusInitializing, ar.Status)
	assert.Equal(t, ReviewerDelegated, ar.ReviewerType)
	assert.Equal(t, time.Date(2017, 2, 10, 0, 35, 53, 214e6, time.UTC), ar.StartDateTime.Time)
}

func TestDecisionReviewedDate(t *testing.T) {
	t.Parallel()
	when := time.Date(2018, 5, 1, 10, 0, 0, 0, time.UTC)
	other := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		json string
		want time.Time
	}{
		{"schema spelling", `{"id":"d","reviewedDateTime":"2018-05-01T10:00:00Z"}`, when},
		{"documentation spelling", `{"id":"d","reviewedDate":"2018-05-01T10:00:00Z"}`, when},
		{"schema wins", `{"id":"d","reviewedDateTime":"2018-05-01T10:00:00Z","reviewedDate":"2019-01-01T00:00:00Z"}`, when},
		{"documentation when schema is null", `{"id":"d","reviewedDateTime":null,"reviewedDate":"2019-01-01T00:00:00Z"}`, other},
		{"neither", `{"id":"d"}`, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var d Decision
			require.NoError(t, json.Unmarshal([]byte(tt.json), &d))
			assert.Equal(t, "d", d.ID)
			assert.True(t, tt.want.Equal(d.ReviewedDateTime.Time), "got %v", d.ReviewedDateTime)
		})
	}
}

func TestDecisionFullPayload(t *testing.T) {
	t.Parallel()
	raw := `{"id":"e9f0d6b0-2d3f-4a8e-9b3a-1f2e3d4c5b6a","accessReviewId":"006111db-0810-4494-a6df-904d368bd81b",
	"reviewedBy":{"id":"00000000-0000-0000-0000-000000000000","displayName":""},"reviewedDateTime":"2018-05-01T10:00:00Z",
	"reviewResult":"NotReviewed","justification":"","appliedBy":{"id":"00000000-0000-0000-0000-000000000000"},
	"appliedDateTime":null,"applyResult":"NotApplied","accessRecommendation":"Approve",
	"userId":"f260246a-09b1-4fd5-8d18-daed736071ec","userDisplayName":"Adele","userPrincipalName":"adele@contoso.com"}`
	var d Decision
	require.NoError(t, json.Unmarshal([]byte(raw), &d))
	assert.Equal(t, Decision{
		ID: "e9f0d6b0-2d3f-4a8e-9b3a-1f2e3d4c5b6a", AccessReviewID: "006111db-0810-4494-a6df-904d368bd81b",
		ReviewedBy:       accessreviews.UserIdentity{ID: "00000000-0000-0000-0000-000000000000"},
		ReviewedDateTime: odata.DateTime{Time: time.Date(2018, 5, 1, 10, 0, 0, 0, time.UTC)},
		ReviewResult:     ReviewNotReviewed, AppliedBy: accessreviews.UserIdentity{ID: "00000000-0000-0000-0000-000000000000"},
		ApplyResult: ApplyNotApplied, AccessRecommendation: RecommendApprove,
		UserID: reviewerA, UserDisplayName: "Adele", UserPrincipalName: "adele@contoso.com",
	}, d)
	assert.True(t, d.ReviewedBy.IsNobody())
	// Re-encoded, the schema's spelling is written.
	assert.Contains(t, marshal(t, d), `"reviewedDateTime":"2018-05-01T10:00:00Z"`)
	// null gives the zero decision.
	require.NoError(t, json.Unmarshal([]byte("null"), &d))
	assert.Equal(t, Decision{}, d)
	assert.Error(t, json.Unmarshal([]byte(`{"id":1}`), &d))
}
