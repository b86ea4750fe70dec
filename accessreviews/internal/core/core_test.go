package core_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews/internal/core"
	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/internal/testutil"
	"github.com/graphkit/governance/odata"
)

const thingID = "0ed2ac7c-9f8f-4f6f-9c5f-0f3a1f6b2e11"

type thing struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// TestCallsOnTheWire: each entry point sends the request its Call
// describes (method, joined path, version, query, body) and returns the
// decoded answer.
func TestCallsOnTheWire(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		call      func(ctx context.Context, s core.Service) (any, error)
		method    string
		url       string
		reqBody   string
		respond   string
		want      any
		wantCalls int
	}{
		{"Get with query on beta", func(ctx context.Context, s core.Service) (any, error) {
			return core.Get[thing](ctx, s, core.Call{Op: "get thing", Path: []odata.Segment{odata.Lit("things"), odata.GUID("thingID", thingID)},
				Query: &odata.Query{Select: []string{"name"}}, Version: odata.Beta})
		}, http.MethodGet, "/beta/things/" + thingID + "?$select=name", "", `{"id":"` + thingID + `","name":"a"}`,
			&thing{ID: thingID, Name: "a"}, 1},
		{"Do posts the body", func(ctx context.Context, s core.Service) (any, error) {
			return nil, core.Do(ctx, s, core.Call{Op: "rename thing", Method: http.MethodPost,
				Path: []odata.Segment{odata.Lit("things"), odata.GUID("thingID", thingID), odata.Lit("rename")}, Body: map[string]string{"name": "b"}}, nil)
		}, http.MethodPost, "/v1.0/things/" + thingID + "/rename", `{"name":"b"}`, ``, nil, 1},
		{"List reads every item", func(ctx context.Context, s core.Service) (any, error) {
			var out []thing
			for v, err := range core.List[thing](ctx, s, core.Call{Op: "list things", Path: []odata.Segment{odata.Lit("things")}}) {
				if err != nil {
					return nil, err
				}
				out = append(out, v)
			}
			return out, nil
		}, http.MethodGet, "/v1.0/things", "", `{"value":[{"id":"1"},{"id":"2"}]}`, []thing{{ID: "1"}, {ID: "2"}}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := testutil.MockClient(t)
			var gotBody string
			mt.RegisterResponder(tt.method, testutil.GraphRoot+strings.SplitN(tt.url, "?", 2)[0], func(req *http.Request) (*http.Response, error) {
				assert.Equal(t, tt.url, req.URL.RequestURI())
				if req.Body != nil {
					b, _ := io.ReadAll(req.Body)
					gotBody = string(b)
				}
				if tt.respond == "" {
					return httpmock.NewStringResponse(http.StatusNoContent, ""), nil
				}
				r := httpmock.NewStringResponse(http.StatusOK, tt.respond)
				r.Header.Set("Content-Type", "application/json")
				return r, nil
			})
			got, err := tt.call(t.Context(), core.Service{Pkg: "pkg", C: c})
			require.NoError(t, err)
			if tt.want != nil {
				assert.Equal(t, tt.want, got)
			}
			if tt.reqBody != "" {
				assert.JSONEq(t, tt.reqBody, gotBody)
			}
			assert.Equal(t, tt.wantCalls, mt.GetTotalCallCount())
		})
	}
}

// TestProblemsBeforeSending: a missing transport, a guard, an invalid path,
// query or input fail the call with every problem at once, wrapped as
// "<pkg>: <op>: ...", and nothing is sent.
func TestProblemsBeforeSending(t *testing.T) {
	t.Parallel()
	errGuard := errors.New("not here")
	tests := []struct {
		name      string
		transport bool
		guard     func(*odata.Client) error
		call      core.Call
		is        []error
		fields    []string
	}{
		{"no transport", false, nil, core.Call{Op: "get thing", Path: []odata.Segment{odata.Lit("things")}},
			[]error{core.ErrNoTransport}, nil},
		{"no transport and a bad ID", false, nil, core.Call{Op: "get thing", Path: []odata.Segment{odata.GUID("thingID", "../x")}},
			[]error{core.ErrNoTransport, odata.ErrInvalid}, []string{"thingID"}},
		{"guard", true, func(*odata.Client) error { return errGuard }, core.Call{Op: "get thing", Path: []odata.Segment{odata.Lit("things")}},
			[]error{errGuard}, nil},
		{"path, query and input", true, nil, core.Call{Op: "get thing", Path: []odata.Segment{odata.GUID("thingID", "")},
			Query: &odata.Query{Top: -1}, Input: check.Invalid("name", "is required")},
			[]error{odata.ErrInvalid}, []string{"thingID", "top", "name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := testutil.MockClient(t)
			s := core.Service{Pkg: "pkg", Guard: tt.guard}
			if tt.transport {
				s.C = c
			}
			check := func(err error) {
				t.Helper()
				require.Error(t, err)
				assert.True(t, strings.HasPrefix(err.Error(), "pkg: get thing: "), err.Error())
				for _, want := range tt.is {
					assert.ErrorIs(t, err, want)
				}
				if tt.fields != nil {
					assert.Equal(t, tt.fields, testutil.FieldNames(err))
				}
			}
			_, err := core.Get[thing](t.Context(), s, tt.call)
			check(err)
			check(core.Do(t.Context(), s, tt.call, nil))
			n := 0
			for _, err := range core.List[thing](t.Context(), s, tt.call) {
				check(err)
				n++
			}
			assert.Equal(t, 1, n, "a list that cannot start yields one error")
			assert.Zero(t, mt.GetTotalCallCount())
		})
	}
}

// TestServiceErrorsAreWrapped: an error answer keeps its kind under the
// package and operation.
func TestServiceErrorsAreWrapped(t *testing.T) {
	t.Parallel()
	c, mt := testutil.MockClient(t)
	mt.RegisterResponder(http.MethodDelete, testutil.GraphRoot+"/v1.0/things/"+thingID,
		httpmock.NewStringResponder(http.StatusNotFound, `{"error":{"code":"itemNotFound","message":"gone"}}`).HeaderSet(http.Header{"Content-Type": {"application/json"}}))
	err := core.Do(t.Context(), core.Service{Pkg: "pkg", C: c}, core.Call{Op: "delete thing", Method: http.MethodDelete,
		Path: []odata.Segment{odata.Lit("things"), odata.GUID("thingID", thingID)}}, nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, odata.ErrNotFound)
	assert.True(t, strings.HasPrefix(err.Error(), "pkg: delete thing: "), err.Error())
}
