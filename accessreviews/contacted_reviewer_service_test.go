package accessreviews

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
)

func TestContactedReviewersListPages(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	e2Serve(mt, http.MethodGet, e2URL(odata.V1, e2InstPath+"/contactedReviewers"), func(req *http.Request) (int, string) {
		q := req.URL.Query()
		if q.Get("$skiptoken") == "page2" {
			return http.StatusOK, string(fixture(t, "reviewers/list_page2.json"))
		}
		assert.Equal(t, "1", q.Get("$top"))
		assert.Equal(t, "displayName", q.Get("$orderby"))
		assert.Equal(t, "startswith(displayName,'A')", q.Get("$filter"))
		return http.StatusOK, string(fixture(t, "reviewers/list_page1.json"))
	})
	opts := &ListOptions{Top: 1, OrderBy: []string{"displayName"}, Filter: odata.StartsWith("displayName", "A")}
	got, err := e2Collect(c.ContactedReviewers.List(t.Context(), e2Def, e2Inst, opts))
	require.NoError(t, err)
	assert.Equal(t, 2, mt.GetTotalCallCount())
	want := []ContactedReviewer{
		{
			ID:                e2User1,
			DisplayName:       "Adele Vance",
			UserPrincipalName: "AdeleV@contoso.com",
			CreatedDateTime:   odata.DateTime{Time: time.Date(2021, 12, 14, 11, 15, 45, 57124700, time.UTC)},
		},
		{
			ID:                e2User2,
			DisplayName:       "Alex Wilber",
			UserPrincipalName: "AlexW@contoso.com",
			CreatedDateTime:   odata.DateTime{Time: time.Date(2021, 12, 14, 10, 15, 45, 0, time.UTC)}, // +01:00 normalised
		},
	}
	assert.Equal(t, want, got)
}

func TestContactedReviewersListStopsOnBreak(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	e2Serve(mt, http.MethodGet, e2URL(odata.V1, e2InstPath+"/contactedReviewers"), func(*http.Request) (int, string) {
		return http.StatusOK, string(fixture(t, "reviewers/list_page1.json"))
	})
	for r, err := range c.ContactedReviewers.List(t.Context(), e2Def, e2Inst, nil) {
		require.NoError(t, err)
		assert.Equal(t, "Adele Vance", r.DisplayName)
		break
	}
	assert.Equal(t, 1, mt.GetTotalCallCount(), "breaking the loop fetches no further page")
}

func TestContactedReviewersListError(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	e2Serve(mt, http.MethodGet, e2URL(odata.V1, e2InstPath+"/contactedReviewers"), func(*http.Request) (int, string) {
		return http.StatusForbidden, e2GraphError("accessDenied", "rid-cr")
	})
	got, err := e2Collect(c.ContactedReviewers.List(t.Context(), e2Def, e2Inst, nil))
	assert.Empty(t, got)
	e2AssertGraphError(t, err, "accessDenied", "rid-cr", odata.ErrForbidden)
	assert.ErrorContains(t, err, "accessreviews: list contacted reviewers:")
}

func TestContactedReviewersListInvalidInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		def    DefinitionID
		inst   InstanceID
		opts   *ListOptions
		fields []string
	}{
		{"bad definition", "d", e2Inst, nil, []string{"definitionID"}},
		{"bad instance and top", e2Def, "../../users", &ListOptions{Top: -500}, []string{"instanceID", "top"}},
		{"bad order", e2Def, e2Inst, &ListOptions{OrderBy: []string{"displayName sideways"}}, []string{"orderBy[0]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			n := 0
			var err error
			for _, e := range c.ContactedReviewers.List(t.Context(), tt.def, tt.inst, tt.opts) {
				n++
				err = e
			}
			assert.Equal(t, 1, n, "one error, then the iterator stops")
			for _, f := range tt.fields {
				e2AssertField(t, err, f)
			}
			assert.Equal(t, 0, mt.GetTotalCallCount(), "nothing may be sent for invalid input")
		})
	}
}

func TestContactedReviewerJSON(t *testing.T) {
	t.Parallel()
	raw := []byte(`{"id":"4562bcc8-c436-4f95-b7c0-4f8ce89dca5e","displayName":"Adele Vance","userPrincipalName":"AdeleV@contoso.com","createdDateTime":"2021-12-14T11:15:45.0571247Z"}`)
	var r ContactedReviewer
	require.NoError(t, json.Unmarshal(raw, &r))
	out, err := json.Marshal(r)
	require.NoError(t, err)
	e2AssertNoLostField(t, "reviewer", e2Decode(t, raw), e2Decode(t, out))

	empty, err := json.Marshal(ContactedReviewer{})
	require.NoError(t, err)
	assert.JSONEq(t, `{}`, string(empty), "zero values are absent, not null")
}
