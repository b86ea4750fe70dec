package accessreviews

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"testing/synctest"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

// e2StagePath is the stage the tests address, below the API version.
const e2StagePath = e2InstPath + "/stages/7d244ab1-4ab1-7d24-b14a-247db14a247d"

func TestStagesListPages(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	e2Serve(mt, http.MethodGet, e2URL(odata.V1, e2InstPath+"/stages"), func(req *http.Request) (int, string) {
		q := req.URL.Query()
		if q.Get("$skiptoken") == "page2" {
			return http.StatusOK, string(fixture(t, "stages/list_page2.json"))
		}
		assert.Equal(t, "status eq 'Completed' or status eq 'InProgress'", q.Get("$filter"))
		assert.Equal(t, "id,status", q.Get("$select"))
		return http.StatusOK, string(fixture(t, "stages/list_page1.json"))
	})
	opts := &ListOptions{
		Filter: odata.Or(odata.Eq("status", StatusCompleted), odata.Eq("status", StatusInProgress)),
		Select: []string{"id", "status"},
	}
	got, err := e2Collect(c.Stages.List(t.Context(), e2Def, e2Inst, opts))
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, 2, mt.GetTotalCallCount())

	assert.Equal(t, e2Stage, got[0].ID)
	assert.True(t, got[0].Status.Finished())
	require.Len(t, got[0].Reviewers, 1)
	assert.Equal(t, scope.QueryRootDecisions, got[0].Reviewers[0].QueryRoot)
	assert.True(t, got[0].EndDateTime.After(got[0].StartDateTime.Time))
	assert.Equal(t, StatusInProgress, got[1].Status)
	assert.NotNil(t, got[1].FallbackReviewers, "[] decodes to an empty list")
	assert.Empty(t, got[1].FallbackReviewers)
}

func TestStagesListForCurrentUser(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	path := e2InstPath + "/stages/filterByCurrentUser(on='reviewer')"
	e2Serve(mt, http.MethodGet, e2URL(odata.V1, path), func(req *http.Request) (int, string) {
		assert.Equal(t, "/v1.0/"+path, req.URL.EscapedPath())
		assert.Equal(t, "$top=10", req.URL.RawQuery)
		return http.StatusOK, `{"value":[{"id":"7d244ab1-4ab1-7d24-b14a-247db14a247d","status":"InProgress"}]}`
	})
	got, err := e2Collect(c.Stages.ListForCurrentUser(t.Context(), e2Def, e2Inst, &ListOptions{Top: 10}))
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, e2Stage, got[0].ID)
}

func TestStagesGet(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	e2Serve(mt, http.MethodGet, e2URL(odata.V1, e2StagePath), func(req *http.Request) (int, string) {
		assert.Empty(t, req.URL.RawQuery)
		return http.StatusOK, string(fixture(t, "stages/get.json"))
	})
	got, err := c.Stages.Get(t.Context(), e2Def, e2Inst, e2Stage)
	require.NoError(t, err)
	assert.Equal(t, e2Stage, got.ID)
	assert.Equal(t, StatusInProgress, got.Status)
	assert.Len(t, got.FallbackReviewers, 2)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestStagesUpdate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		u      StageUpdate
		golden string
	}{
		{
			name: "both lists",
			u: StageUpdate{
				Reviewers:         []scope.Reviewer{scope.User(e2User2)},
				FallbackReviewers: []scope.Reviewer{scope.User(e2User1), scope.User(e2User2)},
			},
			golden: "stages/update.golden.json",
		},
		{
			name:   "nil reviewers are left unchanged",
			u:      StageUpdate{FallbackReviewers: []scope.Reviewer{scope.User(e2User1)}},
			golden: "stages/update_fallback_only.golden.json",
		},
		{
			name:   "empty reviewers are sent as []",
			u:      StageUpdate{Reviewers: scope.SelfReview()},
			golden: "stages/update_self_review.golden.json",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			e2Serve(mt, http.MethodPatch, e2URL(odata.V1, e2StagePath), func(req *http.Request) (int, string) {
				assertGoldenJSON(t, readBody(t, req), tt.golden)
				return http.StatusOK, string(fixture(t, "stages/get.json"))
			})
			got, err := c.Stages.Update(t.Context(), e2Def, e2Inst, e2Stage, tt.u)
			require.NoError(t, err)
			assert.Equal(t, e2Stage, got.ID)
			assert.Equal(t, 1, mt.GetTotalCallCount())
		})
	}
}

func TestStagesStop(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	e2Serve(mt, http.MethodPost, e2URL(odata.V1, e2StagePath+"/stop"), func(req *http.Request) (int, string) {
		assert.Empty(t, readBody(t, req))
		return http.StatusNoContent, ""
	})
	require.NoError(t, c.Stages.Stop(t.Context(), e2Def, e2Inst, e2Stage))
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestStagesStopVerifiedAfterAmbiguousFailure(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status  Status
		wantErr bool
	}{
		{StatusCompleted, false},
		{StatusInProgress, true},
	}
	for _, tt := range tests {
		t.Run(string(tt.status), func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				c, mt := newTestClient(t, odata.WithRetryPolicy(odata.DefaultRetryPolicy()))
				mt.RegisterResponder(http.MethodPost, e2URL(odata.V1, e2StagePath+"/stop"), httpmock.NewErrorResponder(errors.New("connection reset by peer")))
				e2Serve(mt, http.MethodGet, e2URL(odata.V1, e2StagePath), func(*http.Request) (int, string) {
					return http.StatusOK, `{"id":"7d244ab1-4ab1-7d24-b14a-247db14a247d","status":"` + string(tt.status) + `"}`
				})
				err := c.Stages.Stop(t.Context(), e2Def, e2Inst, e2Stage)
				counts := mt.GetCallCountInfo()
				assert.Equal(t, 1, counts["POST "+e2URL(odata.V1, e2StagePath+"/stop")], "never resent")
				assert.Equal(t, 1, counts["GET "+e2URL(odata.V1, e2StagePath)], "verified once")
				if tt.wantErr {
					assert.ErrorIs(t, err, odata.ErrOutcomeUnknown)
				} else {
					assert.NoError(t, err)
				}
			})
		})
	}
}

func TestStagesErrors(t *testing.T) {
	t.Parallel()
	t.Run("update removing a fallback reviewer", func(t *testing.T) {
		t.Parallel()
		c, mt := newTestClient(t)
		e2Serve(mt, http.MethodPatch, e2URL(odata.V1, e2StagePath), func(*http.Request) (int, string) {
			return http.StatusConflict, e2GraphError("Conflict", "rid-patch")
		})
		_, err := c.Stages.Update(t.Context(), e2Def, e2Inst, e2Stage, StageUpdate{FallbackReviewers: []scope.Reviewer{}})
		e2AssertGraphError(t, err, "Conflict", "rid-patch", odata.ErrConflict)
		assert.ErrorContains(t, err, "accessreviews: update stage:")
	})
	t.Run("get not found", func(t *testing.T) {
		t.Parallel()
		c, mt := newTestClient(t)
		e2Serve(mt, http.MethodGet, e2URL(odata.V1, e2StagePath), func(*http.Request) (int, string) {
			return http.StatusNotFound, e2GraphError("itemNotFound", "rid-get")
		})
		_, err := c.Stages.Get(t.Context(), e2Def, e2Inst, e2Stage)
		e2AssertGraphError(t, err, "itemNotFound", "rid-get", odata.ErrNotFound)
	})
	t.Run("list second page fails", func(t *testing.T) {
		t.Parallel()
		c, mt := newTestClient(t)
		e2Serve(mt, http.MethodGet, e2URL(odata.V1, e2InstPath+"/stages"), func(req *http.Request) (int, string) {
			if req.URL.Query().Get("$skiptoken") == "page2" {
				return http.StatusServiceUnavailable, e2GraphError("serviceNotAvailable", "rid-page2")
			}
			return http.StatusOK, string(fixture(t, "stages/list_page1.json"))
		})
		got, err := e2Collect(c.Stages.List(t.Context(), e2Def, e2Inst, nil))
		assert.Len(t, got, 1, "the items before the error stay valid")
		e2AssertGraphError(t, err, "serviceNotAvailable", "rid-page2", odata.ErrServiceUnavailable)
		assert.ErrorContains(t, err, "accessreviews: list stages:")
	})
	t.Run("stop refused", func(t *testing.T) {
		t.Parallel()
		c, mt := newTestClient(t)
		e2Serve(mt, http.MethodPost, e2URL(odata.V1, e2StagePath+"/stop"), func(*http.Request) (int, string) {
			return http.StatusBadRequest, e2GraphError("InvalidStatus", "rid-stop")
		})
		err := c.Stages.Stop(t.Context(), e2Def, e2Inst, e2Stage)
		e2AssertGraphError(t, err, "InvalidStatus", "rid-stop", odata.ErrBadRequest)
	})
}

func TestStagesInvalidInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		call   func(c *Client, ctx context.Context) error
		fields []string
	}{
		{"list bad instance", func(c *Client, ctx context.Context) error {
			_, err := e2Collect(c.Stages.List(ctx, e2Def, "i", nil))
			return err
		}, []string{"instanceID"}},
		{"list for user bad select", func(c *Client, ctx context.Context) error {
			_, err := e2Collect(c.Stages.ListForCurrentUser(ctx, e2Def, e2Inst, &ListOptions{Select: []string{"id,status"}}))
			return err
		}, []string{"select[0]"}},
		{"get bad stage", func(c *Client, ctx context.Context) error {
			_, err := c.Stages.Get(ctx, e2Def, e2Inst, "1")
			return err
		}, []string{"stageID"}},
		{"update bad ids and reviewers", func(c *Client, ctx context.Context) error {
			_, err := c.Stages.Update(ctx, "d", e2Inst, "s", StageUpdate{
				Reviewers:         []scope.Reviewer{scope.Managers(), {Query: "./manager"}},
				FallbackReviewers: []scope.Reviewer{scope.User("")},
			})
			return err
		}, []string{"definitionID", "stageID", "reviewers[1].queryRoot", "fallbackReviewers[0].query.userId"}},
		{"stop bad stage", func(c *Client, ctx context.Context) error { return c.Stages.Stop(ctx, e2Def, e2Inst, "") }, []string{"stageID"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			err := tt.call(c, t.Context())
			for _, f := range tt.fields {
				e2AssertField(t, err, f)
			}
			assert.Equal(t, 0, mt.GetTotalCallCount(), "nothing may be sent for invalid input")
		})
	}
}

func TestStageDecodeKeepsEveryField(t *testing.T) {
	t.Parallel()
	raw := fixture(t, "stages/get.json")
	var st Stage
	require.NoError(t, json.Unmarshal(raw, &st))
	out, err := json.Marshal(st)
	require.NoError(t, err)
	e2AssertNoLostField(t, "stage", e2Decode(t, raw), e2Decode(t, out))
}
