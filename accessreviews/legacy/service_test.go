package legacy

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
)

const reviewID AccessReviewID = "006111db-0810-4494-a6df-904d368bd81b"

// drain runs an iterator to its end and returns the items and first error.
func drain[T any](seq func(func(T, error) bool)) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

// listCall adapts a list iterator to the table's call shape.
func listCall[T any](seq func(func(T, error) bool)) error {
	_, err := drain(seq)
	return err
}

func TestServiceRequests(t *testing.T) {
	t.Parallel()
	name, desc := "Renamed", "New description"
	later := odata.DateTime{Time: time.Date(2030, 3, 1, 0, 0, 0, 0, time.UTC)}
	tests := []struct {
		name   string
		call   func(ctx context.Context, c *Client) error
		method string
		path   string
		query  string
		status int
		answer string
		golden string
	}{
		{"list reviews", func(ctx context.Context, c *Client) error {
			return listCall(c.AccessReviews.List(ctx, "6e4f3d20-c5c3-407f-9695-8460952bcc68", &ListOptions{Top: 5, Skip: 10}))
		}, http.MethodGet, "accessReviews", "$filter=businessFlowTemplateId eq '6e4f3d20-c5c3-407f-9695-8460952bcc68'&$top=5&$skip=10", 200, `{"value":[]}`, ""},
		{"list reviews with a quote in the template and a filter", func(ctx context.Context, c *Client) error {
			return listCall(c.AccessReviews.List(ctx, "O'Brien", &ListOptions{Filter: odata.Eq("status", "InProgress")}))
		}, http.MethodGet, "accessReviews", "$filter=businessFlowTemplateId eq 'O''Brien' and status eq 'InProgress'", 200, `{"value":[]}`, ""},
		{"get review", func(ctx context.Context, c *Client) error {
			_, err := c.AccessReviews.Get(ctx, reviewID)
			return err
		}, http.MethodGet, "accessReviews/" + string(reviewID), "", 200, `{"id":"006111db-0810-4494-a6df-904d368bd81b"}`, ""},
		{"update review", func(ctx context.Context, c *Client) error {
			return c.AccessReviews.Update(ctx, reviewID, AccessReviewUpdate{DisplayName: &name, Description: &desc, EndDateTime: &later})
		}, http.MethodPatch, "accessReviews/" + string(reviewID), "", 204, "", "requests/update_review.golden.json"},
		{"delete review", func(ctx context.Context, c *Client) error {
			return c.AccessReviews.Delete(ctx, reviewID)
		}, http.MethodDelete, "accessReviews/" + string(reviewID), "", 204, "", ""},
		{"list reviewers", func(ctx context.Context, c *Client) error {
			return listCall(c.AccessReviews.ListReviewers(ctx, reviewID))
		}, http.MethodGet, "accessReviews/" + string(reviewID) + "/reviewers", "", 200, `{"value":[{"id":"f260246a-09b1-4fd5-8d18-daed736071ec"}]}`, ""},
		{"add reviewer", func(ctx context.Context, c *Client) error {
			return c.AccessReviews.AddReviewer(ctx, reviewID, reviewerA)
		}, http.MethodPost, "accessReviews/" + string(reviewID) + "/reviewers", "", 201, `{"id":"f260246a-09b1-4fd5-8d18-daed736071ec"}`, "requests/add_reviewer.golden.json"},
		{"remove reviewer", func(ctx context.Context, c *Client) error {
			return c.AccessReviews.RemoveReviewer(ctx, reviewID, reviewerA)
		}, http.MethodDelete, "accessReviews/" + string(reviewID) + "/reviewers/" + reviewerA, "", 204, "", ""},
		{"list decisions", func(ctx context.Context, c *Client) error {
			return listCall(c.AccessReviews.ListDecisions(ctx, reviewID, &ListOptions{Filter: odata.Eq("reviewResult", "NotReviewed")}))
		}, http.MethodGet, "accessReviews/" + string(reviewID) + "/decisions", "$filter=reviewResult eq 'NotReviewed'", 200, `{"value":[]}`, ""},
		{"list my decisions", func(ctx context.Context, c *Client) error {
			return listCall(c.AccessReviews.ListMyDecisions(ctx, reviewID, nil))
		}, http.MethodGet, "accessReviews/" + string(reviewID) + "/myDecisions", "", 200, `{"value":[]}`, ""},
		{"list instances", func(ctx context.Context, c *Client) error {
			return listCall(c.AccessReviews.ListInstances(ctx, reviewID, &ListOptions{Top: 2}))
		}, http.MethodGet, "accessReviews/" + string(reviewID) + "/instances", "$top=2", 200, `{"value":[]}`, ""},
		{"send reminder", func(ctx context.Context, c *Client) error {
			return c.AccessReviews.SendReminder(ctx, reviewID)
		}, http.MethodPost, "accessReviews/" + string(reviewID) + "/sendReminder", "", 204, "", ""},
		{"stop", func(ctx context.Context, c *Client) error {
			return c.AccessReviews.Stop(ctx, reviewID)
		}, http.MethodPost, "accessReviews/" + string(reviewID) + "/stop", "", 204, "", ""},
		{"reset decisions", func(ctx context.Context, c *Client) error {
			return c.AccessReviews.ResetDecisions(ctx, reviewID)
		}, http.MethodPost, "accessReviews/" + string(reviewID) + "/resetDecisions", "", 204, "", ""},
		{"apply decisions", func(ctx context.Context, c *Client) error {
			return c.AccessReviews.ApplyDecisions(ctx, reviewID)
		}, http.MethodPost, "accessReviews/" + string(reviewID) + "/applyDecisions", "", 204, "", ""},
		{"list all decisions", func(ctx context.Context, c *Client) error {
			return listCall(c.Decisions.List(ctx, nil))
		}, http.MethodGet, "accessReviewDecisions", "", 200, `{"value":[]}`, ""},
		{"list templates", func(ctx context.Context, c *Client) error {
			return listCall(c.BusinessFlowTemplates.List(ctx, nil))
		}, http.MethodGet, "businessFlowTemplates", "", 200, `{"value":[{"id":"x","displayName":"Group"}]}`, ""},
		{"list programs", func(ctx context.Context, c *Client) error {
			return listCall(c.Programs.List(ctx, nil))
		}, http.MethodGet, "programs", "", 200, `{"value":[]}`, ""},
		{"get program", func(ctx context.Context, c *Client) error {
			_, err := c.Programs.Get(ctx, "prog-1")
			return err
		}, http.MethodGet, "programs/prog-1", "", 200, `{"id":"prog-1"}`, ""},
		{"create program", func(ctx context.Context, c *Client) error {
			_, err := c.Programs.Create(ctx, &Program{ID: "ignored", DisplayName: "Audit", Description: "Quarterly audit"})
			return err
		}, http.MethodPost, "programs", "", 201, `{"id":"prog-1"}`, "requests/create_program.golden.json"},
		{"update program", func(ctx context.Context, c *Client) error {
			return c.Programs.Update(ctx, "prog-1", ProgramUpdate{Description: &desc})
		}, http.MethodPatch, "programs/prog-1", "", 204, "", "requests/update_program.golden.json"},
		{"delete program", func(ctx context.Context, c *Client) error {
			return c.Programs.Delete(ctx, "prog-1")
		}, http.MethodDelete, "programs/prog-1", "", 204, "", ""},
		{"list program's controls", func(ctx context.Context, c *Client) error {
			return listCall(c.Programs.ListControls(ctx, "prog-1", nil))
		}, http.MethodGet, "programs/prog-1/controls", "", 200, `{"value":[]}`, ""},
		{"list controls", func(ctx context.Context, c *Client) error {
			return listCall(c.ProgramControls.List(ctx, nil))
		}, http.MethodGet, "programControls", "", 200, `{"value":[]}`, ""},
		{"get control", func(ctx context.Context, c *Client) error {
			_, err := c.ProgramControls.Get(ctx, "ctl-1")
			return err
		}, http.MethodGet, "programControls/ctl-1", "", 200, `{"id":"ctl-1"}`, ""},
		{"create control", func(ctx context.Context, c *Client) error {
			_, err := c.ProgramControls.Create(ctx, &ProgramControl{ControlID: string(reviewID), ControlTypeID: "a6c7aecb-cbfd-4763-87ef-e91b4bd509d9",
				DisplayName: "TestReview", ProgramID: "prog-1", Status: "ignored"})
			return err
		}, http.MethodPost, "programControls", "", 201, `{"id":"ctl-1"}`, "requests/create_control.golden.json"},
		{"delete control", func(ctx context.Context, c *Client) error {
			return c.ProgramControls.Delete(ctx, "ctl-1")
		}, http.MethodDelete, "programControls/ctl-1", "", 204, "", ""},
		{"list control types", func(ctx context.Context, c *Client) error {
			return listCall(c.ProgramControlTypes.List(ctx, nil))
		}, http.MethodGet, "programControlTypes", "", 200, `{"value":[]}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			var body []byte
			mt.RegisterResponder(tt.method, betaURL(tt.path), func(req *http.Request) (*http.Response, error) {
				q, err := url.QueryUnescape(req.URL.RawQuery)
				assert.NoError(t, err)
				assert.Equal(t, tt.query, q)
				if req.Body != nil {
					body, _ = io.ReadAll(req.Body)
				}
				if tt.answer == "" {
					return httpmock.NewBytesResponse(tt.status, nil), nil
				}
				return jsonResponse(tt.status, tt.answer)(req)
			})
			require.NoError(t, tt.call(t.Context(), c))
			assert.Equal(t, 1, mt.GetTotalCallCount())
			if tt.golden == "" {
				assert.Empty(t, body)
				return
			}
			assertGoldenJSON(t, body, tt.golden)
		})
	}
}
