package accessreviews

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

func TestInstancesListPages(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	path := "identityGovernance/accessReviews/definitions/c22ae540-b89a-4d24-bac0-4ef35e6591ea/instances"
	e2Serve(mt, http.MethodGet, e2URL(odata.V1, path), func(req *http.Request) (int, string) {
		q := req.URL.Query()
		if q.Get("$skiptoken") == "page2" {
			return http.StatusOK, string(fixture(t, "instances/list_page2.json"))
		}
		assert.Equal(t, "status eq 'InProgress'", q.Get("$filter"))
		assert.Equal(t, "2", q.Get("$top"))
		assert.Equal(t, "startDateTime desc", q.Get("$orderby"))
		return http.StatusOK, string(fixture(t, "instances/list_page1.json"))
	})

	opts := &ListOptions{Filter: odata.Eq("status", StatusInProgress), Top: 2, OrderBy: []string{"startDateTime desc"}}
	got, err := e2Collect(c.Instances.List(t.Context(), "c22ae540-b89a-4d24-bac0-4ef35e6591ea", opts))
	require.NoError(t, err)
	require.Len(t, got, 3)
	assert.Equal(t, 2, mt.GetTotalCallCount())

	assert.Equal(t, InstanceID("6392b1a7-9c25-4844-83e5-34e23c88e16a"), got[0].ID)
	assert.Equal(t, StatusInProgress, got[0].Status)
	assert.Equal(t, "2021-02-10T17:00:36.96Z", got[0].StartDateTime.Format("2006-01-02T15:04:05.999Z07:00"))
	assert.Equal(t, scope.Group("59ab642a-2776-4e32-9b68-9ff7a47b7f6a").Members().Users().Guests(), got[0].Scope,
		"a scope without @odata.type is a query scope, here in the service's spelling of a builder's query")
	assert.Equal(t, scope.Group("0e7b2a44-5d1a-4f3b-9c61-3a2b1c0d9e8f").Members().Users().Guests(), got[1].Scope)
	assert.Equal(t, StatusApplied, got[2].Status)
	inactive, ok := got[2].Scope.(scope.InactiveScope)
	require.True(t, ok, "got %T", got[2].Scope)
	assert.Equal(t, odata.Days(30), inactive.Duration())
	assert.Equal(t, scope.EachGroup().Members().Users().Guests().InactiveFor(30), got[2].Scope)
}

func TestInstancesListVariants(t *testing.T) {
	t.Parallel()
	page := `{"value":[{"id":"720b8ee0-cee4-42ac-b164-894c48703acc","status":"InProgress"}]}`
	tests := []struct {
		name    string
		list    func(c *Client, ctx context.Context) iter.Seq2[Instance, error]
		version odata.APIVersion
		path    string
		query   string
	}{
		{
			name: "list",
			list: func(c *Client, ctx context.Context) iter.Seq2[Instance, error] {
				return c.Instances.List(ctx, e2Def, nil)
			},
			version: odata.V1,
			path:    "identityGovernance/accessReviews/definitions/5dcfcc88-da88-4252-8629-a0807b4b076d/instances",
		},
		{
			name: "for current user",
			list: func(c *Client, ctx context.Context) iter.Seq2[Instance, error] {
				return c.Instances.ListForCurrentUser(ctx, e2Def, &ListOptions{Top: 100})
			},
			version: odata.V1,
			path:    "identityGovernance/accessReviews/definitions/5dcfcc88-da88-4252-8629-a0807b4b076d/instances/filterByCurrentUser(on='reviewer')",
			query:   "$top=100",
		},
		{
			name: "all (beta)",
			list: func(c *Client, ctx context.Context) iter.Seq2[Instance, error] {
				return c.Instances.ListAll(ctx, &ListOptions{Expand: []string{"definition"}})
			},
			version: odata.Beta,
			path:    "identityGovernance/accessReviews/instances",
			query:   "$expand=definition",
		},
		{
			name: "pending for me (beta, deprecated)",
			list: func(c *Client, ctx context.Context) iter.Seq2[Instance, error] {
				return c.Instances.ListPendingForCurrentUserBeta(ctx, &ListOptions{Skip: 5})
			},
			version: odata.Beta,
			path:    "me/pendingAccessReviewInstances",
			query:   "$skip=5",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			e2Serve(mt, http.MethodGet, e2URL(tt.version, tt.path), func(req *http.Request) (int, string) {
				assert.Equal(t, "/"+string(tt.version)+"/"+tt.path, req.URL.EscapedPath())
				assert.Equal(t, tt.query, req.URL.RawQuery)
				return http.StatusOK, page
			})
			got, err := e2Collect(tt.list(c, t.Context()))
			require.NoError(t, err)
			require.Len(t, got, 1)
			assert.Equal(t, e2Inst, got[0].ID)
			assert.Equal(t, 1, mt.GetTotalCallCount())
		})
	}
}

func TestInstancesGet(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	e2Serve(mt, http.MethodGet, e2URL(odata.V1, e2InstPath), func(req *http.Request) (int, string) {
		assert.Empty(t, req.URL.RawQuery)
		return http.StatusOK, string(fixture(t, "instances/get.json"))
	})
	got, err := c.Instances.Get(t.Context(), e2Def, e2Inst)
	require.NoError(t, err)
	assert.Equal(t, e2Inst, got.ID)
	assert.True(t, got.Status.Active())
	memberships, ok := got.Scope.(scope.MembershipsScope)
	require.True(t, ok, "got %T", got.Scope)
	assert.Equal(t, []scope.Scope{
		scope.QueryScope{Query: "/v1.0/users", QueryType: scope.QueryTypeMicrosoftGraph},
		scope.QueryScope{Query: "/v1.0/groups", QueryType: scope.QueryTypeMicrosoftGraph},
	}, memberships.Principals(), "queries with a version prefix are none a builder makes")
	require.Len(t, got.Reviewers, 1)
	assert.Equal(t, "/users/"+e2User1, got.Reviewers[0].Query)
	require.Len(t, got.FallbackReviewers, 1)
	assert.Equal(t, "/users/"+e2User2, got.FallbackReviewers[0].Query)
	assert.Equal(t, []InstanceError{{Code: "ScopeResolutionFailed", Message: "The group in the scope no longer exists."}}, got.Errors)
}

func TestInstancesDefinition(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	e2Serve(mt, http.MethodGet, e2URL(odata.Beta, e2InstPath+"/definition"), func(req *http.Request) (int, string) {
		assert.Equal(t, "/beta/"+e2InstPath+"/definition", req.URL.EscapedPath())
		return http.StatusOK, `{
			"id": "5dcfcc88-da88-4252-8629-a0807b4b076d",
			"displayName": "Review guest access",
			"status": "InProgress",
			"scope": {"query": "/groups/59ab642a-2776-4e32-9b68-9ff7a47b7f6a/transitiveMembers", "queryType": "MicrosoftGraph"},
			"reviewers": [{"query": "/users/4562bcc8-c436-4f95-b7c0-4f8ce89dca5e", "queryType": "MicrosoftGraph"}],
			"settings": {"instanceDurationInDays": 3, "defaultDecision": "None"}
		}`
	})
	def, err := c.Instances.Definition(t.Context(), e2Def, e2Inst)
	require.NoError(t, err)
	assert.Equal(t, e2Def, def.ID)
	assert.Equal(t, "Review guest access", def.DisplayName)
	assert.Equal(t, scope.Group("59ab642a-2776-4e32-9b68-9ff7a47b7f6a").TransitiveMembers(), def.Scope)
	assert.Len(t, def.Reviewers, 1)
	assert.Equal(t, 1, mt.GetTotalCallCount())

	_, err = c.Instances.Definition(t.Context(), e2Def, "nope")
	e2AssertField(t, err, "instanceID")
	assert.Equal(t, 1, mt.GetTotalCallCount(), "nothing sent for an invalid ID")
}

func TestInstancesUpdate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		edit   func(u *InstanceUpdate)
		golden string
	}{
		{
			name: "add a fallback reviewer",
			edit: func(u *InstanceUpdate) {
				u.FallbackReviewers = append(u.FallbackReviewers, scope.User(e2User1))
			},
			golden: "instances/update.golden.json",
		},
		{
			name: "self-review, fallback reviewers left out",
			edit: func(u *InstanceUpdate) {
				u.Reviewers = scope.SelfReview()
				u.FallbackReviewers = nil
			},
			golden: "instances/update_self_review.golden.json",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var inst Instance
			require.NoError(t, json.Unmarshal(fixture(t, "instances/get.json"), &inst))
			u := inst.ForUpdate()
			tt.edit(&u)

			c, mt := newTestClient(t)
			e2Serve(mt, http.MethodPut, e2URL(odata.V1, e2InstPath), func(req *http.Request) (int, string) {
				assert.Equal(t, "application/json", req.Header.Get("Content-Type"))
				assertGoldenJSON(t, readBody(t, req), tt.golden)
				return http.StatusOK, string(fixture(t, "instances/get.json"))
			})
			got, err := c.Instances.Update(t.Context(), e2Def, e2Inst, u)
			require.NoError(t, err)
			assert.Equal(t, e2Inst, got.ID)
			assert.Equal(t, 1, mt.GetTotalCallCount())
			assert.Len(t, inst.FallbackReviewers, 1, "ForUpdate must copy the lists")
		})
	}
}

func TestInstancesActions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		call   func(c *Client, ctx context.Context) error
		action string
		golden string // expected body; "" means no body
	}{
		{"stop", func(c *Client, ctx context.Context) error { return c.Instances.Stop(ctx, e2Def, e2Inst) }, "stop", ""},
		{"apply decisions", func(c *Client, ctx context.Context) error { return c.Instances.ApplyDecisions(ctx, e2Def, e2Inst) }, "applyDecisions", ""},
		{"reset decisions", func(c *Client, ctx context.Context) error { return c.Instances.ResetDecisions(ctx, e2Def, e2Inst) }, "resetDecisions", ""},
		{"send reminder", func(c *Client, ctx context.Context) error { return c.Instances.SendReminder(ctx, e2Def, e2Inst) }, "sendReminder", ""},
		{"accept recommendations", func(c *Client, ctx context.Context) error {
			return c.Instances.AcceptRecommendations(ctx, e2Def, e2Inst)
		}, "acceptRecommendations", ""},
		{
			name: "batch record by resource",
			call: func(c *Client, ctx context.Context) error {
				return c.Decisions.BatchRecord(ctx, e2Def, e2Inst, BatchDecision{
					Decision:      DecisionApprove,
					Justification: "All principals with access need continued access to the resource (Marketing Group) as all the principals are on the marketing team",
					ResourceID:    "a5c51e59-3fcd-4a37-87a1-835c0c21488a",
				})
			},
			action: "batchRecordDecisions",
			golden: "instances/batch_record.golden.json",
		},
		{
			name: "batch record everything",
			call: func(c *Client, ctx context.Context) error {
				return c.Decisions.BatchRecord(ctx, e2Def, e2Inst, BatchDecision{Decision: DecisionDeny, AllItems: true})
			},
			action: "batchRecordDecisions",
			golden: "instances/batch_record_all.golden.json",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			e2Serve(mt, http.MethodPost, e2URL(odata.V1, e2InstPath+"/"+tt.action), func(req *http.Request) (int, string) {
				body := readBody(t, req)
				if tt.golden == "" {
					assert.Empty(t, body)
				} else {
					assertGoldenJSON(t, body, tt.golden)
				}
				return http.StatusNoContent, ""
			})
			require.NoError(t, tt.call(c, t.Context()))
			assert.Equal(t, 1, mt.GetTotalCallCount())
		})
	}
}

func TestInstancesErrors(t *testing.T) {
	t.Parallel()
	t.Run("get not found", func(t *testing.T) {
		t.Parallel()
		c, mt := newTestClient(t)
		e2Serve(mt, http.MethodGet, e2URL(odata.V1, e2InstPath), func(*http.Request) (int, string) {
			return http.StatusNotFound, e2GraphError("itemNotFound", "rid-get")
		})
		_, err := c.Instances.Get(t.Context(), e2Def, e2Inst)
		e2AssertGraphError(t, err, "itemNotFound", "rid-get", odata.ErrNotFound)
		assert.ErrorContains(t, err, "accessreviews: get instance:")
	})
	t.Run("update removing a fallback reviewer", func(t *testing.T) {
		t.Parallel()
		c, mt := newTestClient(t)
		e2Serve(mt, http.MethodPut, e2URL(odata.V1, e2InstPath), func(*http.Request) (int, string) {
			return http.StatusConflict, e2GraphError("Conflict", "rid-put")
		})
		_, err := c.Instances.Update(t.Context(), e2Def, e2Inst, InstanceUpdate{
			Scope:             scope.Group("59ab642a-2776-4e32-9b68-9ff7a47b7f6a").TransitiveMembers(),
			FallbackReviewers: []scope.Reviewer{},
		})
		e2AssertGraphError(t, err, "Conflict", "rid-put", odata.ErrConflict)
	})
	t.Run("list forbidden", func(t *testing.T) {
		t.Parallel()
		c, mt := newTestClient(t)
		path := "identityGovernance/accessReviews/definitions/5dcfcc88-da88-4252-8629-a0807b4b076d/instances"
		e2Serve(mt, http.MethodGet, e2URL(odata.V1, path), func(*http.Request) (int, string) {
			return http.StatusForbidden, e2GraphError("Authorization_RequestDenied", "rid-list")
		})
		got, err := e2Collect(c.Instances.List(t.Context(), e2Def, nil))
		assert.Empty(t, got)
		e2AssertGraphError(t, err, "Authorization_RequestDenied", "rid-list", odata.ErrForbidden)
		assert.ErrorContains(t, err, "accessreviews: list instances:")
	})
	t.Run("action refused", func(t *testing.T) {
		t.Parallel()
		c, mt := newTestClient(t)
		e2Serve(mt, http.MethodPost, e2URL(odata.V1, e2InstPath+"/applyDecisions"), func(*http.Request) (int, string) {
			return http.StatusBadRequest, e2GraphError("InvalidStatus", "rid-apply")
		})
		err := c.Instances.ApplyDecisions(t.Context(), e2Def, e2Inst)
		e2AssertGraphError(t, err, "InvalidStatus", "rid-apply", odata.ErrBadRequest)
		assert.Equal(t, 1, mt.GetTotalCallCount(), "a 400 is not verified or retried")
	})
}

func TestInstancesInvalidInput(t *testing.T) {
	t.Parallel()
	validScope := scope.Group("59ab642a-2776-4e32-9b68-9ff7a47b7f6a").TransitiveMembers()
	list := func(seq iter.Seq2[Instance, error]) error {
		_, err := e2Collect(seq)
		return err
	}
	tests := []struct {
		name   string
		call   func(c *Client, ctx context.Context) error
		fields []string
	}{
		{"list bad definition", func(c *Client, ctx context.Context) error { return list(c.Instances.List(ctx, "nope", nil)) }, []string{"definitionID"}},
		{"list negative top", func(c *Client, ctx context.Context) error {
			return list(c.Instances.List(ctx, e2Def, &ListOptions{Top: -1}))
		}, []string{"top"}},
		{"list for user bad definition", func(c *Client, ctx context.Context) error { return list(c.Instances.ListForCurrentUser(ctx, "", nil)) }, []string{"definitionID"}},
		{"list all bad filter", func(c *Client, ctx context.Context) error {
			return list(c.Instances.ListAll(ctx, &ListOptions{Filter: odata.Eq("status)", "x")}))
		}, []string{"filter"}},
		{"pending bad skip", func(c *Client, ctx context.Context) error {
			return list(c.Instances.ListPendingForCurrentUserBeta(ctx, &ListOptions{Skip: -1}))
		}, []string{"skip"}},
		{"get bad instance", func(c *Client, ctx context.Context) error { _, err := c.Instances.Get(ctx, e2Def, "../x"); return err }, []string{"instanceID"}},
		{"update without scope and bad ids", func(c *Client, ctx context.Context) error {
			_, err := c.Instances.Update(ctx, "x", "y", InstanceUpdate{Reviewers: []scope.Reviewer{scope.User("")}})
			return err
		}, []string{"definitionID", "instanceID", "scope", "reviewers[0].query.userId"}},
		{"update bad fallback reviewer", func(c *Client, ctx context.Context) error {
			_, err := c.Instances.Update(ctx, e2Def, e2Inst, InstanceUpdate{Scope: validScope, FallbackReviewers: []scope.Reviewer{{QueryRoot: "x"}, scope.User(e2User1)}})
			return err
		}, []string{"fallbackReviewers[0].queryRoot"}},
		{"stop bad instance", func(c *Client, ctx context.Context) error { return c.Instances.Stop(ctx, e2Def, "") }, []string{"instanceID"}},
		{"apply bad definition", func(c *Client, ctx context.Context) error { return c.Instances.ApplyDecisions(ctx, "1", e2Inst) }, []string{"definitionID"}},
		{"reset bad instance", func(c *Client, ctx context.Context) error { return c.Instances.ResetDecisions(ctx, e2Def, "1") }, []string{"instanceID"}},
		{"remind bad instance", func(c *Client, ctx context.Context) error { return c.Instances.SendReminder(ctx, e2Def, "1") }, []string{"instanceID"}},
		{"accept bad instance", func(c *Client, ctx context.Context) error { return c.Instances.AcceptRecommendations(ctx, e2Def, "1") }, []string{"instanceID"}},
		{"batch record bad everything", func(c *Client, ctx context.Context) error {
			return c.Decisions.BatchRecord(ctx, "x", e2Inst, BatchDecision{Decision: "Maybe", PrincipalID: "bob"})
		}, []string{"definitionID", "decision"}},
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
