package accessreviews

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
)

// IDs of the decision tests.
const (
	decDef   DefinitionID = "8b7d1a4e-0c3f-4f52-9a0b-3c1e2d4f5a6b"
	decInst  InstanceID   = "6392b1a7-9c25-4844-83e5-34e23c88e16a"
	decStage StageID      = "1d2e3f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6"
	decItem  DecisionID   = "0e76ee07-b4c6-469e-bc9d-e73fc9a8d660"
)

// Paths of the decision tests, after the host.
const (
	decInstPath  = "/identityGovernance/accessReviews/definitions/" + string(decDef) + "/instances/" + string(decInst)
	decStagePath = decInstPath + "/stages/" + string(decStage)
	decFBU       = "/filterByCurrentUser(on='reviewer')"
)

// decItemJSON is a minimal decision item with the given ID.
func decItemJSON(id string) string {
	return `{"id":"` + id + `","decision":"NotReviewed","principal":{"@odata.type":"#microsoft.graph.userIdentity","id":"` + id + `"}}`
}

// decPage is a list response holding the items (raw JSON) and a next link.
func decPage(next string, items ...string) string {
	s := `{"value":[` + strings.Join(items, ",") + `]`
	if next != "" {
		s += `,"@odata.nextLink":"` + next + `"`
	}
	return s + "}"
}

// decJSON is a responder that answers with a JSON body.
func decJSON(status int, body string) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(status, body)
		resp.Header.Set("Content-Type", "application/json")
		resp.Header.Set("request-id", "7a1f3c2e-5b4d-4e6f-8a9b-0c1d2e3f4a5b")
		return resp, nil
	}
}

func TestDecisionsListMethods(t *testing.T) {
	t.Parallel()
	type lister func(ctx context.Context, c *Client, opts *ListOptions) iter.Seq2[DecisionItem, error]
	tests := []struct {
		name string
		list lister
		path string
	}{
		{name: "instance", path: "/v1.0" + decInstPath + "/decisions",
			list: func(ctx context.Context, c *Client, o *ListOptions) iter.Seq2[DecisionItem, error] {
				return c.Decisions.List(ctx, decDef, decInst, o)
			}},
		{name: "instance for current user", path: "/v1.0" + decInstPath + "/decisions" + decFBU,
			list: func(ctx context.Context, c *Client, o *ListOptions) iter.Seq2[DecisionItem, error] {
				return c.Decisions.ListForCurrentUser(ctx, decDef, decInst, o)
			}},
		{name: "stage", path: "/v1.0" + decStagePath + "/decisions",
			list: func(ctx context.Context, c *Client, o *ListOptions) iter.Seq2[DecisionItem, error] {
				return c.Decisions.ListInStage(ctx, decDef, decInst, decStage, o)
			}},
		{name: "stage for current user", path: "/v1.0" + decStagePath + "/decisions" + decFBU,
			list: func(ctx context.Context, c *Client, o *ListOptions) iter.Seq2[DecisionItem, error] {
				return c.Decisions.ListInStageForCurrentUser(ctx, decDef, decInst, decStage, o)
			}},
		{name: "pending across reviews (beta)", path: "/beta/identityGovernance/accessReviews/decisions" + decFBU,
			list: func(ctx context.Context, c *Client, o *ListOptions) iter.Seq2[DecisionItem, error] {
				return c.Decisions.ListPendingForCurrentUserBeta(ctx, o)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			var queries []string
			mt.RegisterResponder(http.MethodGet, testBase+tt.path, func(req *http.Request) (*http.Response, error) {
				queries = append(queries, req.URL.Query().Encode())
				if req.URL.Query().Get("$skiptoken") == "p2" {
					return decJSON(http.StatusOK, decPage("", decItemJSON("c")))(req)
				}
				return decJSON(http.StatusOK, decPage(testBase+tt.path+"?$skiptoken=p2", decItemJSON("a"), decItemJSON("b")))(req)
			})
			opts := &ListOptions{Filter: odata.Eq("decision", DecisionNotReviewed), Top: 2, Expand: []string{"insights"}}
			var ids []DecisionID
			for item, err := range tt.list(t.Context(), c, opts) {
				require.NoError(t, err)
				ids = append(ids, item.ID)
			}
			assert.Equal(t, []DecisionID{"a", "b", "c"}, ids)
			assert.Equal(t, []string{
				"%24expand=insights&%24filter=decision+eq+%27NotReviewed%27&%24top=2",
				"%24skiptoken=p2",
			}, queries)

			// Breaking out of the loop stops the paging.
			for range tt.list(t.Context(), c, nil) {
				break
			}
			assert.Equal(t, 3, mt.GetTotalCallCount())
		})
	}
}

func TestDecisionsGet(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		get  func(ctx context.Context, c *Client) (*DecisionItem, error)
		path string
	}{
		{name: "instance", path: "/v1.0" + decInstPath + "/decisions/" + string(decItem),
			get: func(ctx context.Context, c *Client) (*DecisionItem, error) {
				return c.Decisions.Get(ctx, decDef, decInst, decItem)
			}},
		{name: "stage", path: "/v1.0" + decStagePath + "/decisions/" + string(decItem),
			get: func(ctx context.Context, c *Client) (*DecisionItem, error) {
				return c.Decisions.GetInStage(ctx, decDef, decInst, decStage, decItem)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			mt.RegisterResponder(http.MethodGet, testBase+tt.path, func(req *http.Request) (*http.Response, error) {
				assert.Empty(t, req.URL.RawQuery)
				return decJSON(http.StatusOK, string(fixture(t, "decisions/get.json")))(req)
			})
			d, err := tt.get(t.Context(), c)
			require.NoError(t, err)
			assert.Equal(t, decItem, d.ID)
			assert.Equal(t, DecisionDeny, d.Decision)
			assert.Equal(t, "baf1b0a0-1f9a-4a56-9884-6a30824f8d20", d.PrincipalID())
			assert.IsType(t, AzureRoleResource{}, d.Resource.Value)
			assert.Equal(t, 1, mt.GetTotalCallCount())
		})
	}
}

func TestDecisionsRecord(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		update DecisionUpdate
		stage  bool
		golden string
	}{
		{name: "decision only", update: DecisionUpdate{Decision: DecisionApprove}, golden: "decisions/record.golden.json"},
		{name: "with justification", update: DecisionUpdate{Decision: DecisionDeny, Justification: "Left the company"}, golden: "decisions/record_justification.golden.json"},
		{name: "in a stage", update: DecisionUpdate{Decision: DecisionNotReviewed}, stage: true, golden: "decisions/record_stage.golden.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			path := decInstPath
			if tt.stage {
				path = decStagePath
			}
			var body []byte
			mt.RegisterResponder(http.MethodPatch, testBase+"/v1.0"+path+"/decisions/"+string(decItem), func(req *http.Request) (*http.Response, error) {
				body = readBody(t, req)
				assert.Equal(t, "application/json", req.Header.Get("Content-Type"))
				return httpmock.NewStringResponse(http.StatusNoContent, ""), nil
			})
			var err error
			if tt.stage {
				err = c.Decisions.RecordInStage(t.Context(), decDef, decInst, decStage, decItem, tt.update)
			} else {
				err = c.Decisions.Record(t.Context(), decDef, decInst, decItem, tt.update)
			}
			require.NoError(t, err)
			require.Equal(t, 1, mt.GetTotalCallCount())
			assertGoldenJSON(t, body, tt.golden)
		})
	}
}

func TestDecisionsListInsights(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	path := "/v1.0" + decInstPath + "/decisions/" + string(decItem) + "/insights"
	mt.RegisterResponder(http.MethodGet, testBase+path, func(req *http.Request) (*http.Response, error) {
		if req.URL.Query().Get("$skiptoken") == "p2" {
			return decJSON(http.StatusOK, `{"value":[null,{"@odata.type":"#microsoft.graph.newInsight","id":"n1"}]}`)(req)
		}
		var page struct{ Value []json.RawMessage }
		require.NoError(t, json.Unmarshal(fixture(t, "decisions/insights.json"), &page))
		return decJSON(http.StatusOK, decPage(testBase+path+"?$skiptoken=p2", string(page.Value[0]), string(page.Value[1])))(req)
	})
	var got []Insight
	for in, err := range c.Decisions.ListInsights(t.Context(), decDef, decInst, decItem) {
		require.NoError(t, err)
		got = append(got, in)
	}
	require.Len(t, got, 3, "a null insight is skipped")
	assert.IsType(t, UserSignInInsight{}, got[0])
	assert.Equal(t, "02f3bafb-448c-487c-88c2-5fd65ce49a41", got[1].(MembershipOutlierInsight).ContainerID)
	assert.Equal(t, "#microsoft.graph.newInsight", got[2].(UnknownInsight).Type())
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

func TestDecisionsServiceErrors(t *testing.T) {
	t.Parallel()
	notFound := func(t *testing.T) httpmock.Responder {
		return decJSON(http.StatusNotFound, string(fixture(t, "decisions/not_found.json")))
	}
	tests := []struct {
		name   string
		method string
		path   string
		call   func(ctx context.Context, c *Client) error
		op     string
	}{
		{name: "list", method: http.MethodGet, path: "/v1.0" + decInstPath + "/decisions", op: "list decisions",
			call: func(ctx context.Context, c *Client) error {
				return decFirstErr(c.Decisions.List(ctx, decDef, decInst, nil))
			}},
		{name: "insights", method: http.MethodGet, path: "/v1.0" + decInstPath + "/decisions/" + string(decItem) + "/insights", op: "list insights",
			call: func(ctx context.Context, c *Client) error {
				return decFirstErr(c.Decisions.ListInsights(ctx, decDef, decInst, decItem))
			}},
		{name: "get", method: http.MethodGet, path: "/v1.0" + decInstPath + "/decisions/" + string(decItem), op: "get decision",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Decisions.Get(ctx, decDef, decInst, decItem)
				return err
			}},
		{name: "record", method: http.MethodPatch, path: "/v1.0" + decInstPath + "/decisions/" + string(decItem), op: "record decision",
			call: func(ctx context.Context, c *Client) error {
				return c.Decisions.Record(ctx, decDef, decInst, decItem, DecisionUpdate{Decision: DecisionApprove})
			}},
		{name: "record all", method: http.MethodPost, path: "/beta/identityGovernance/accessReviews/decisions" + decFBU + "/recordAllDecisions", op: "record all decisions",
			call: func(ctx context.Context, c *Client) error {
				return c.Decisions.RecordAll(ctx, BatchDecision{Decision: DecisionDeny, ResourceID: "/subscriptions/a1b2c3d4-0000-0000-0000-000000000001"})
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			mt.RegisterResponder(tt.method, testBase+tt.path, notFound(t))
			err := tt.call(t.Context(), c)
			require.Error(t, err)
			assert.ErrorIs(t, err, odata.ErrNotFound)
			var apiErr *odata.Error
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, "itemNotFound", apiErr.Code)
			assert.Equal(t, "7a1f3c2e-5b4d-4e6f-8a9b-0c1d2e3f4a5b", apiErr.RequestID)
			assert.True(t, strings.HasPrefix(err.Error(), "accessreviews: "+tt.op+": "), err.Error())
			assert.Equal(t, 1, mt.GetTotalCallCount())
		})
	}
}

// decFirstErr returns the first error an iterator yields, or nil.
func decFirstErr[T any](seq iter.Seq2[T, error]) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

func TestDecisionsInvalidInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		call   func(ctx context.Context, c *Client) error
		fields []string
	}{
		{name: "list bad ids and top", fields: []string{"definitionID", "instanceID", "top"},
			call: func(ctx context.Context, c *Client) error {
				return decFirstErr(c.Decisions.List(ctx, "nope", "../x", &ListOptions{Top: -1}))
			}},
		{name: "list for current user bad select", fields: []string{"select[0]"},
			call: func(ctx context.Context, c *Client) error {
				return decFirstErr(c.Decisions.ListForCurrentUser(ctx, decDef, decInst, &ListOptions{Select: []string{"id,decision"}}))
			}},
		{name: "stage list bad stage", fields: []string{"stageID"},
			call: func(ctx context.Context, c *Client) error {
				return decFirstErr(c.Decisions.ListInStage(ctx, decDef, decInst, "1", nil))
			}},
		{name: "stage list for current user bad filter", fields: []string{"filter"},
			call: func(ctx context.Context, c *Client) error {
				return decFirstErr(c.Decisions.ListInStageForCurrentUser(ctx, decDef, decInst, decStage, &ListOptions{Filter: odata.Eq("a b", 1)}))
			}},
		{name: "pending bad top", fields: []string{"top"},
			call: func(ctx context.Context, c *Client) error {
				return decFirstErr(c.Decisions.ListPendingForCurrentUserBeta(ctx, &ListOptions{Top: -1}))
			}},
		{name: "insights bad decision id", fields: []string{"decisionID"},
			call: func(ctx context.Context, c *Client) error {
				return decFirstErr(c.Decisions.ListInsights(ctx, decDef, decInst, "x/y"))
			}},
		{name: "get bad decision id", fields: []string{"decisionID"},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Decisions.Get(ctx, decDef, decInst, "")
				return err
			}},
		{name: "get in stage bad ids", fields: []string{"stageID", "decisionID"},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Decisions.GetInStage(ctx, decDef, decInst, "s", "d")
				return err
			}},
		{name: "record without decision", fields: []string{"decision"},
			call: func(ctx context.Context, c *Client) error {
				return c.Decisions.Record(ctx, decDef, decInst, decItem, DecisionUpdate{Justification: "why"})
			}},
		{name: "record unknown decision and bad id", fields: []string{"decisionID", "decision"},
			call: func(ctx context.Context, c *Client) error {
				return c.Decisions.Record(ctx, decDef, decInst, "42", DecisionUpdate{Decision: "Maybe"})
			}},
		{name: "record in stage unknown decision", fields: []string{"decision"},
			call: func(ctx context.Context, c *Client) error {
				return c.Decisions.RecordInStage(ctx, decDef, decInst, decStage, decItem, DecisionUpdate{Decision: "approve"})
			}},
		{name: "record Recommendation", fields: []string{"decision"},
			call: func(ctx context.Context, c *Client) error {
				return c.Decisions.Record(ctx, decDef, decInst, decItem, DecisionUpdate{Decision: DecisionRecommendation})
			}},
		{name: "record all without decision or confirmation", fields: []string{"decision", "allItems"},
			call: func(ctx context.Context, c *Client) error { return c.Decisions.RecordAll(ctx, BatchDecision{}) }},
		{name: "record all NotReviewed, needless confirmation", fields: []string{"decision", "allItems"},
			call: func(ctx context.Context, c *Client) error {
				return c.Decisions.RecordAll(ctx, BatchDecision{Decision: DecisionNotReviewed, PrincipalID: "bob", ResourceID: "sales\n", AllItems: true})
			}},
		{name: "record all in instance bad instance", fields: []string{"instanceID"},
			call: func(ctx context.Context, c *Client) error {
				return c.Decisions.RecordAllInInstance(ctx, decDef, "", BatchDecision{Decision: DecisionApprove, AllItems: true})
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			err := tt.call(t.Context(), c)
			require.Error(t, err)
			assert.ErrorIs(t, err, odata.ErrInvalid)
			assert.Equal(t, tt.fields, decFieldNames(err))
			assert.Zero(t, mt.GetTotalCallCount(), "nothing is sent")
		})
	}
}

// decFieldNames lists the fields of the *odata.FieldError values inside
// err, in order.
func decFieldNames(err error) []string {
	var out []string
	var walk func(error)
	walk = func(err error) {
		if fe, ok := err.(*odata.FieldError); ok {
			out = append(out, fe.Field)
			return
		}
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				walk(e)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(err)
	return out
}

func TestDecisionsListPendingExpandsInstance(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	path := "/beta/identityGovernance/accessReviews/decisions" + decFBU
	mt.RegisterResponder(http.MethodGet, testBase+path, func(req *http.Request) (*http.Response, error) {
		assert.Equal(t, "instance($expand=definition)", req.URL.Query().Get("$expand"))
		item := `{"id":"` + string(decItem) + `","accessReviewId":"` + string(decInst) + `","decision":"NotReviewed",` +
			`"instance":{"id":"` + string(decInst) + `","status":"InProgress","definition":{"id":"` + string(decDef) + `","displayName":"Guests"}}}`
		return decJSON(http.StatusOK, decPage("", item))(req)
	})
	var items []DecisionItem
	for item, err := range c.Decisions.ListPendingForCurrentUserBeta(t.Context(), &ListOptions{Expand: []string{"instance($expand=definition)"}}) {
		require.NoError(t, err)
		items = append(items, item)
	}
	require.Len(t, items, 1)
	require.NotNil(t, items[0].Instance)
	assert.Equal(t, decInst, items[0].Instance.ID)
	require.NotNil(t, items[0].Instance.Definition)
	assert.Equal(t, decDef, items[0].Instance.Definition.ID, "the definition ID that Record needs")
}
