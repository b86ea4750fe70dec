package accessreviews

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

// getDefinitionID is the ID of the definition of testdata/definitions/get.json.
const getDefinitionID DefinitionID = "5a7d3c1e-2b4f-4e6a-9c8d-7f1e2d3c4b5a"

// definitionsURLPath is the path of the definitions collection on the wire.
const definitionsURLPath = "/v1.0/identityGovernance/accessReviews/definitions"

func TestDefinitionsList(t *testing.T) {
	t.Parallel()
	client, mt := newTestClient(t)
	serveDefinitionCalls(t, mt,
		defCall{method: http.MethodGet, path: definitionsURLPath,
			query:  "$filter=status%20eq%20'InProgress'&$orderby=createdDateTime%20desc&$top=2",
			status: http.StatusOK, body: "definitions/list_page1.json"},
		defCall{method: http.MethodGet, path: definitionsURLPath, query: "$skiptoken=page2",
			status: http.StatusOK, body: "definitions/list_page2.json"},
	)
	opts := &ListOptions{Filter: odata.Eq("status", StatusInProgress), OrderBy: []string{"createdDateTime desc"}, Top: 2}
	var got []Definition
	for d, err := range client.Definitions.List(t.Context(), opts) {
		require.NoError(t, err)
		got = append(got, d)
	}
	require.Len(t, got, 3)
	assert.Equal(t, []DefinitionID{"11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222",
		"33333333-3333-4333-8333-333333333333"}, []DefinitionID{got[0].ID, got[1].ID, got[2].ID})
	assert.Equal(t, scope.Group("02f3bafb-448c-487c-88c2-5fd65ce49a41").TransitiveMembers(), got[0].Scope,
		"an untyped scope is a query scope, here the one the builder makes")
	assert.Equal(t, scope.EachGroup().Members().InactiveFor(30), got[1].Scope)
	assert.IsType(t, scope.Unknown{}, got[2].Scope, "a scope type from the future is kept")
	assert.NotNil(t, got[0].Instances, "lists show instances: []")
	assert.Equal(t, 2, mt.GetTotalCallCount())
	assert.Equal(t, opts.OrderBy, []string{"createdDateTime desc"}, "the options are not changed")
}

func TestDefinitionsListScopeFilter(t *testing.T) {
	t.Parallel()
	client, mt := newTestClient(t)
	serveDefinitionCalls(t, mt, defCall{method: http.MethodGet, path: definitionsURLPath,
		query:  "$filter=contains(scope/microsoft.graph.accessReviewQueryScope/query,'./members')",
		status: http.StatusOK, body: "definitions/list_page2.json"})
	opts := &ListOptions{Filter: odata.Contains("scope/microsoft.graph.accessReviewQueryScope/query", "./members")}
	n := 0
	for _, err := range client.Definitions.List(t.Context(), opts) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 1, n)
}

func TestDefinitionsListForCurrentUser(t *testing.T) {
	t.Parallel()
	client, mt := newTestClient(t)
	serveDefinitionCalls(t, mt, defCall{method: http.MethodGet,
		path: definitionsURLPath + "/filterByCurrentUser(on='reviewer')", query: "$top=100",
		status: http.StatusOK, body: "definitions/list_page2.json"})
	var ids []DefinitionID
	for d, err := range client.Definitions.ListForCurrentUser(t.Context(), &ListOptions{Top: 100}) {
		require.NoError(t, err)
		ids = append(ids, d.ID)
	}
	assert.Equal(t, []DefinitionID{"33333333-3333-4333-8333-333333333333"}, ids)
}

func TestDefinitionsListErrors(t *testing.T) {
	t.Parallel()
	t.Run("invalid options send nothing", func(t *testing.T) {
		t.Parallel()
		client, mt := newTestClient(t)
		for _, list := range []func(*ListOptions) func(func(Definition, error) bool){
			func(o *ListOptions) func(func(Definition, error) bool) {
				return client.Definitions.List(t.Context(), o)
			},
			func(o *ListOptions) func(func(Definition, error) bool) {
				return client.Definitions.ListForCurrentUser(t.Context(), o)
			},
		} {
			var errs []error
			for d, err := range list(&ListOptions{Top: -1, OrderBy: []string{"name;drop"}}) {
				assert.Zero(t, d.ID)
				errs = append(errs, err)
			}
			require.Len(t, errs, 1, "one error, then the iterator stops")
			defAssertFields(t, errs[0], "top", "orderBy[0]")
		}
		assert.Zero(t, mt.GetTotalCallCount())
	})
	t.Run("a failing page ends the loop with the service error", func(t *testing.T) {
		t.Parallel()
		client, mt := newTestClient(t)
		serveDefinitionCalls(t, mt,
			defCall{method: http.MethodGet, path: definitionsURLPath, status: http.StatusOK, body: "definitions/list_page1.json"},
			defCall{method: http.MethodGet, path: definitionsURLPath, query: "$skiptoken=page2",
				status: http.StatusServiceUnavailable, body: "definitions/error_bad_request.json"},
		)
		var ids []DefinitionID
		var last error
		for d, err := range client.Definitions.List(t.Context(), nil) {
			if err != nil {
				last = err
				continue
			}
			ids = append(ids, d.ID)
		}
		assert.Len(t, ids, 2, "the first page's items are kept")
		require.Error(t, last)
		assert.ErrorIs(t, last, odata.ErrServiceUnavailable)
		assert.ErrorContains(t, last, "accessreviews: list definitions: ")
	})
}

func TestDefinitionsGet(t *testing.T) {
	t.Parallel()
	client, mt := newTestClient(t)
	serveDefinitionCalls(t, mt, defCall{method: http.MethodGet, path: definitionsURLPath + "/" + string(getDefinitionID),
		status: http.StatusOK, body: "definitions/get.json"})
	def, err := client.Definitions.Get(t.Context(), getDefinitionID)
	require.NoError(t, err)
	assert.Equal(t, getDefinitionID, def.ID)
	assert.Equal(t, StatusInProgress, def.Status)
	assert.Equal(t, "admin@contoso.com", def.CreatedBy.UserPrincipalName)
	assert.Equal(t, time.Date(2024, time.March, 2, 18, 0, 0, 0, time.UTC), def.LastModifiedDateTime.Time)
	assert.Len(t, def.StageSettings, 2)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestDefinitionsGetErrors(t *testing.T) {
	t.Parallel()
	t.Run("not found", func(t *testing.T) {
		t.Parallel()
		client, mt := newTestClient(t)
		serveDefinitionCalls(t, mt, defCall{method: http.MethodGet, path: definitionsURLPath + "/" + string(getDefinitionID),
			status: http.StatusNotFound, body: "definitions/error_not_found.json"})
		def, err := client.Definitions.Get(t.Context(), getDefinitionID)
		assert.Nil(t, def)
		defAssertServiceError(t, err, odata.ErrNotFound, "itemNotFound", "a1b2c3d4-0000-4000-8000-000000000001")
		assert.ErrorContains(t, err, "accessreviews: get definition: ")
	})
	t.Run("invalid ID sends nothing", func(t *testing.T) {
		t.Parallel()
		client, mt := newTestClient(t)
		def, err := client.Definitions.Get(t.Context(), "../instances")
		assert.Nil(t, def)
		defAssertFields(t, err, "definitionID")
		assert.Zero(t, mt.GetTotalCallCount())
	})
}

func TestDefinitionsCreate(t *testing.T) {
	t.Parallel()
	client, mt := newTestClient(t)
	serveDefinitionCalls(t, mt, defCall{method: http.MethodPost, path: definitionsURLPath,
		golden: "definitions/create.golden.json", status: http.StatusCreated, body: "definitions/created.json"})
	def, err := client.Definitions.Create(t.Context(), newGuestReviewDefinition())
	require.NoError(t, err)
	assert.Equal(t, DefinitionID("c22ae540-b89a-4d24-bac0-4ef35e6591ea"), def.ID)
	assert.Equal(t, StatusNotStarted, def.Status)
	assert.True(t, def.CreatedDateTime.IsZero(), "0001-01-01T00:00:00Z is no time")
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

// TestDefinitionsCreateSelfReview checks the create body of a self-review:
// reviewers is sent as [] whether the caller wrote scope.SelfReview() or
// left it nil (the v1.0 page marks reviewers required on create), while the
// other nil lists are left out.
func TestDefinitionsCreateSelfReview(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name      string
		reviewers []scope.Reviewer
	}{{"self review", scope.SelfReview()}, {"nil reviewers", nil}} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, mt := newTestClient(t)
			serveDefinitionCalls(t, mt, defCall{method: http.MethodPost, path: definitionsURLPath,
				golden: "definitions/create_self_review.golden.json", status: http.StatusCreated, body: "definitions/created.json"})
			def := newGuestReviewDefinition()
			def.Reviewers = tt.reviewers
			def.FallbackReviewers = nil // left out
			def.AdditionalNotificationRecipients = nil
			def.Settings.ApplyActions = nil
			_, err := client.Definitions.Create(t.Context(), def)
			require.NoError(t, err)
			assert.Equal(t, 1, mt.GetTotalCallCount())
		})
	}
}

func TestDefinitionsCreateErrors(t *testing.T) {
	t.Parallel()
	t.Run("invalid definition sends nothing and reports every problem", func(t *testing.T) {
		t.Parallel()
		client, mt := newTestClient(t)
		def := newGuestReviewDefinition()
		def.DisplayName = " "
		def.Scope = nil
		def.Settings.DefaultDecision = DefaultNone
		_, err := client.Definitions.Create(t.Context(), def)
		defAssertFields(t, err, "displayName", "scope", "settings.defaultDecision")
		assert.ErrorContains(t, err, "accessreviews: create definition: ")
		_, err = client.Definitions.Create(t.Context(), nil)
		defAssertFields(t, err, "definition")
		assert.Zero(t, mt.GetTotalCallCount())
	})
	t.Run("service error", func(t *testing.T) {
		t.Parallel()
		client, mt := newTestClient(t)
		serveDefinitionCalls(t, mt, defCall{method: http.MethodPost, path: definitionsURLPath,
			golden: "definitions/create.golden.json", status: http.StatusBadRequest, body: "definitions/error_bad_request.json",
			header: http.Header{"Request-Id": {"a1b2c3d4-0000-4000-8000-000000000003"}}})
		def, err := client.Definitions.Create(t.Context(), newGuestReviewDefinition())
		assert.Nil(t, def)
		defAssertServiceError(t, err, odata.ErrBadRequest, "BadRequest", "a1b2c3d4-0000-4000-8000-000000000003")
	})
}

// TestDefinitionsUpdateRoundTrip is the golden test of the PUT projection:
// a definition read with properties this package does not model (top level,
// in settings, in a stage) is sent back whole, without read-only
// properties and annotations, with nil lists as [] and the recurrence
// without its echoed zero fields.
func TestDefinitionsUpdateRoundTrip(t *testing.T) {
	t.Parallel()
	client, mt := newTestClient(t)
	path := definitionsURLPath + "/" + string(getDefinitionID)
	serveDefinitionCalls(t, mt,
		defCall{method: http.MethodGet, path: path, status: http.StatusOK, body: "definitions/get.json"},
		defCall{method: http.MethodPut, path: path, golden: "definitions/update.golden.json", status: http.StatusNoContent},
	)
	def, err := client.Definitions.Get(t.Context(), getDefinitionID)
	require.NoError(t, err)
	def.Settings.ReminderNotificationsEnabled = true
	require.NoError(t, client.Definitions.Update(t.Context(), def.ID, def))
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

// TestDefinitionUpdateBody checks that UpdateBody is byte for byte the body
// Update sends, for a definition read with unmodelled properties and for one
// built with nil lists, and that a nil definition is an error.
func TestDefinitionUpdateBody(t *testing.T) {
	t.Parallel()
	read, err := readGetFixture(t)
	require.NoError(t, err)
	built := newGuestReviewDefinition()
	built.Reviewers, built.Settings.ApplyActions = nil, nil
	for name, def := range map[string]*Definition{"read": read, "built": built} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			client, mt := newTestClient(t)
			var sent []byte
			mt.RegisterResponder(http.MethodPut, testBase+definitionsURLPath+"/"+string(getDefinitionID),
				func(req *http.Request) (*http.Response, error) {
					sent = readBody(t, req)
					return httpmock.NewStringResponse(http.StatusNoContent, ""), nil
				})
			body, err := def.UpdateBody()
			require.NoError(t, err)
			require.NoError(t, client.Definitions.Update(t.Context(), getDefinitionID, def))
			assert.Equal(t, string(sent), string(body))
		})
	}
	_, err = (*Definition)(nil).UpdateBody()
	assert.ErrorIs(t, err, odata.ErrInvalid)
}

// readGetFixture decodes the get-definition fixture, which carries properties
// this package does not model.
func readGetFixture(t *testing.T) (*Definition, error) {
	t.Helper()
	var d Definition
	err := json.Unmarshal(fixture(t, "definitions/get.json"), &d)
	return &d, err
}

func TestDefinitionsUpdateNilLists(t *testing.T) {
	t.Parallel()
	client, mt := newTestClient(t)
	id := DefinitionID("c22ae540-b89a-4d24-bac0-4ef35e6591ea")
	serveDefinitionCalls(t, mt, defCall{method: http.MethodPut, path: definitionsURLPath + "/" + string(id),
		golden: "definitions/update_nil_lists.golden.json", status: http.StatusNoContent})
	def := newGuestReviewDefinition()
	def.Reviewers, def.FallbackReviewers, def.AdditionalNotificationRecipients = nil, nil, nil
	def.Settings.ApplyActions = nil
	require.NoError(t, client.Definitions.Update(t.Context(), id, def))
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestDefinitionsUpdateErrors(t *testing.T) {
	t.Parallel()
	t.Run("invalid input sends nothing", func(t *testing.T) {
		t.Parallel()
		client, mt := newTestClient(t)
		def := newGuestReviewDefinition()
		def.ID = "11111111-1111-4111-8111-111111111111"
		err := client.Definitions.Update(t.Context(), "22222222-2222-4222-8222-222222222222", def)
		defAssertFields(t, err, "id")
		err = client.Definitions.Update(t.Context(), "not-a-guid", nil)
		defAssertFields(t, err, "definitionID", "definition")
		assert.ErrorContains(t, err, "accessreviews: update definition: ")
		assert.Zero(t, mt.GetTotalCallCount())
	})
	t.Run("service error", func(t *testing.T) {
		t.Parallel()
		client, mt := newTestClient(t)
		id := DefinitionID("c22ae540-b89a-4d24-bac0-4ef35e6591ea")
		serveDefinitionCalls(t, mt, defCall{method: http.MethodPut, path: definitionsURLPath + "/" + string(id),
			golden: "definitions/update_nil_lists.golden.json", status: http.StatusNotFound, body: "definitions/error_not_found.json"})
		def := newGuestReviewDefinition()
		def.Reviewers, def.FallbackReviewers, def.AdditionalNotificationRecipients = nil, nil, nil
		def.Settings.ApplyActions = nil
		err := client.Definitions.Update(t.Context(), id, def)
		defAssertServiceError(t, err, odata.ErrNotFound, "itemNotFound", "a1b2c3d4-0000-4000-8000-000000000001")
	})
}

func TestDefinitionsDelete(t *testing.T) {
	t.Parallel()
	client, mt := newTestClient(t)
	path := definitionsURLPath + "/" + string(getDefinitionID)
	serveDefinitionCalls(t, mt,
		defCall{method: http.MethodDelete, path: path, status: http.StatusNoContent},
		defCall{method: http.MethodDelete, path: path, status: http.StatusNotFound, body: "definitions/error_not_found.json"},
	)
	require.NoError(t, client.Definitions.Delete(t.Context(), getDefinitionID))
	err := client.Definitions.Delete(t.Context(), getDefinitionID)
	defAssertServiceError(t, err, odata.ErrNotFound, "itemNotFound", "a1b2c3d4-0000-4000-8000-000000000001")
	assert.ErrorContains(t, err, "accessreviews: delete definition: ")
	defAssertFields(t, client.Definitions.Delete(t.Context(), ""), "definitionID")
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

func TestDefinitionsStop(t *testing.T) {
	t.Parallel()
	path := definitionsURLPath + "/" + string(getDefinitionID)
	t.Run("stops", func(t *testing.T) {
		t.Parallel()
		client, mt := newTestClient(t)
		serveDefinitionCalls(t, mt, defCall{method: http.MethodPost, path: path + "/stop", status: http.StatusNoContent})
		require.NoError(t, client.Definitions.Stop(t.Context(), getDefinitionID))
		assert.Equal(t, 1, mt.GetTotalCallCount())
	})
	t.Run("service error", func(t *testing.T) {
		t.Parallel()
		client, mt := newTestClient(t)
		serveDefinitionCalls(t, mt, defCall{method: http.MethodPost, path: path + "/stop",
			status: http.StatusNotFound, body: "definitions/error_not_found.json"})
		err := client.Definitions.Stop(t.Context(), getDefinitionID)
		defAssertServiceError(t, err, odata.ErrNotFound, "itemNotFound", "a1b2c3d4-0000-4000-8000-000000000001")
		assert.ErrorContains(t, err, "accessreviews: stop definition: ")
	})
	t.Run("invalid ID sends nothing", func(t *testing.T) {
		t.Parallel()
		client, mt := newTestClient(t)
		defAssertFields(t, client.Definitions.Stop(t.Context(), "x"), "definitionID")
		assert.Zero(t, mt.GetTotalCallCount())
	})
	// An ambiguous failure (the connection drops after the request went
	// out) is settled by reading the definition: stopped means done.
	for _, tc := range []struct {
		status  string
		wantErr bool
	}{{"Completed", false}, {"InProgress", true}} {
		t.Run("ambiguous failure, definition "+tc.status, func(t *testing.T) {
			t.Parallel()
			client, mt := newTestClient(t)
			serveDefinitionCalls(t, mt,
				defCall{method: http.MethodPost, path: path + "/stop", err: errors.New("connection reset by peer")},
				defCall{method: http.MethodGet, path: path, status: http.StatusOK, body: "definitions/status_" + tc.status + ".json"},
			)
			err := client.Definitions.Stop(t.Context(), getDefinitionID)
			if tc.wantErr {
				assert.ErrorIs(t, err, odata.ErrOutcomeUnknown)
			} else {
				assert.NoError(t, err)
			}
			assert.Equal(t, 2, mt.GetTotalCallCount())
		})
	}
}

// TestDefinitionsRetryClasses checks the retry class of each write: a 503
// is retried for Stop (convergent) and Update (idempotent) but never for
// Create, which could create the definition twice.
func TestDefinitionsRetryClasses(t *testing.T) {
	t.Parallel()
	path := definitionsURLPath + "/" + string(getDefinitionID)
	unavailable := defCall{status: http.StatusServiceUnavailable, body: "definitions/error_bad_request.json",
		header: http.Header{"Retry-After": {"1"}}}
	with := func(c defCall, method, path, golden string) defCall {
		c.method, c.path, c.golden = method, path, golden
		return c
	}
	tests := []struct {
		name  string
		calls []defCall
		call  func(context.Context, *Client) error
	}{
		{
			name: "create is not retried",
			calls: []defCall{
				with(unavailable, http.MethodPost, definitionsURLPath, "definitions/create.golden.json"),
			},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Definitions.Create(ctx, newGuestReviewDefinition())
				return err
			},
		},
		{
			name: "stop is retried",
			calls: []defCall{
				with(unavailable, http.MethodPost, path+"/stop", ""),
				{method: http.MethodPost, path: path + "/stop", status: http.StatusNoContent},
			},
			call: func(ctx context.Context, c *Client) error { return c.Definitions.Stop(ctx, getDefinitionID) },
		},
		{
			name: "update is retried",
			calls: []defCall{
				with(unavailable, http.MethodPut, path, "definitions/update_nil_lists.golden.json"),
				{method: http.MethodPut, path: path, golden: "definitions/update_nil_lists.golden.json", status: http.StatusNoContent},
			},
			call: func(ctx context.Context, c *Client) error {
				def := newGuestReviewDefinition()
				def.Reviewers, def.FallbackReviewers, def.AdditionalNotificationRecipients = nil, nil, nil
				def.Settings.ApplyActions = nil
				return c.Definitions.Update(ctx, getDefinitionID, def)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				client, mt := newTestClient(t, odata.WithRetryPolicy(odata.RetryPolicy{MaxRetries: 3}))
				serveDefinitionCalls(t, mt, tt.calls...)
				err := tt.call(t.Context(), client)
				if len(tt.calls) == 1 {
					assert.ErrorIs(t, err, odata.ErrServiceUnavailable)
				} else {
					assert.NoError(t, err)
				}
				assert.Equal(t, len(tt.calls), mt.GetTotalCallCount())
			})
		})
	}
}
