package legacy

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
)

// fixedClock returns a clock stopped at validNow.
func fixedClock() time.Time { return validNow }

func TestCreateSendsTheSeedRequest(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t, WithClock(fixedClock))
	created := string(fixture(t, "legacy-accessreview-created.beta.json"))
	var body []byte
	mt.RegisterResponder(http.MethodPost, betaURL("accessReviews"), func(req *http.Request) (*http.Response, error) {
		assert.Empty(t, req.URL.RawQuery)
		body, _ = io.ReadAll(req.Body)
		return jsonResponse(http.StatusCreated, created)(req)
	})
	ar := seedReview(t)
	ar.ID, ar.Status = "ignored", "ignored" // read-only: not sent
	ar.Reviewers[0].DisplayName = "Adele"   // reviewers are sent by id
	got, err := c.AccessReviews.Create(t.Context(), &ar)
	require.NoError(t, err)
	assert.Equal(t, reviewID, got.ID)
	assert.Equal(t, 1, mt.GetTotalCallCount())
	assert.JSONEq(t, string(fixture(t, "legacy-accessreview-onetime-delegated.beta.json")), string(body))
}

func TestCreateAppOnly(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t, AppOnly(), WithClock(fixedClock), WithClock(nil))
	ar := seedReview(t)
	_, err := c.AccessReviews.Create(t.Context(), &ar)
	assertFieldErrors(t, err, "createdBy.id")
	assert.ErrorContains(t, err, "legacy: create access review: ")
	assert.Zero(t, mt.GetTotalCallCount())

	var body []byte
	mt.RegisterResponder(http.MethodPost, betaURL("accessReviews"), func(req *http.Request) (*http.Response, error) {
		body, _ = io.ReadAll(req.Body)
		return jsonResponse(http.StatusCreated, `{"id":"006111db-0810-4494-a6df-904d368bd81b"}`)(req)
	})
	ar.CreatedBy.ID = reviewerA
	_, err = c.AccessReviews.Create(t.Context(), &ar)
	require.NoError(t, err)
	assertGoldenJSON(t, body, "requests/create_app_only.golden.json")
}

func TestInvalidInputSendsNothing(t *testing.T) {
	t.Parallel()
	blank := " "
	tests := []struct {
		name   string
		call   func(ctx context.Context, c *Client) error
		fields []string
	}{
		{"list without template", func(ctx context.Context, c *Client) error {
			return listCall(c.AccessReviews.List(ctx, "", nil))
		}, []string{"businessFlowTemplateId"}},
		{"list with a negative top", func(ctx context.Context, c *Client) error {
			return listCall(c.AccessReviews.List(ctx, "t", &ListOptions{Top: -1}))
		}, []string{"top"}},
		{"get by a non-GUID", func(ctx context.Context, c *Client) error {
			_, err := c.AccessReviews.Get(ctx, "../programs")
			return err
		}, []string{"id"}},
		{"create nil", func(ctx context.Context, c *Client) error {
			_, err := c.AccessReviews.Create(ctx, nil)
			return err
		}, []string{"accessReview"}},
		{"create in the past", func(ctx context.Context, c *Client) error {
			ar := seedReview(t)
			ar.StartDateTime = odata.DateTime{Time: validNow.Add(-time.Hour)}
			_, err := c.AccessReviews.Create(ctx, &ar)
			return err
		}, []string{"startDateTime"}},
		{"update nothing", func(ctx context.Context, c *Client) error {
			return c.AccessReviews.Update(ctx, reviewID, AccessReviewUpdate{})
		}, []string{"accessReview"}},
		{"update badly", func(ctx context.Context, c *Client) error {
			start, end := odata.DateTime{Time: validNow}, odata.DateTime{Time: validNow.Add(time.Hour)}
			return c.AccessReviews.Update(ctx, reviewID, AccessReviewUpdate{DisplayName: &blank, StartDateTime: &start, EndDateTime: &end,
				Settings: &Settings{ActivityDurationInDays: -1}})
		}, []string{"displayName", "endDateTime", "settings.activityDurationInDays"}},
		{"update a bad id", func(ctx context.Context, c *Client) error {
			name := "x"
			return c.AccessReviews.Update(ctx, "x", AccessReviewUpdate{DisplayName: &name})
		}, []string{"id"}},
		{"add a non-GUID reviewer", func(ctx context.Context, c *Client) error {
			return c.AccessReviews.AddReviewer(ctx, reviewID, "bob")
		}, []string{"reviewer.id"}},
		{"remove a non-GUID reviewer", func(ctx context.Context, c *Client) error {
			return c.AccessReviews.RemoveReviewer(ctx, reviewID, "bob")
		}, []string{"reviewerId"}},
		{"stop a non-GUID review", func(ctx context.Context, c *Client) error {
			return c.AccessReviews.Stop(ctx, "x")
		}, []string{"id"}},
		{"decisions of a non-GUID review", func(ctx context.Context, c *Client) error {
			return listCall(c.AccessReviews.ListDecisions(ctx, "x", nil))
		}, []string{"id"}},
		{"create an empty program", func(ctx context.Context, c *Client) error {
			_, err := c.Programs.Create(ctx, &Program{})
			return err
		}, []string{"displayName", "description"}},
		{"create a nil program", func(ctx context.Context, c *Client) error {
			_, err := c.Programs.Create(ctx, nil)
			return err
		}, []string{"program"}},
		{"update a program with nothing", func(ctx context.Context, c *Client) error {
			return c.Programs.Update(ctx, "p", ProgramUpdate{})
		}, []string{"program"}},
		{"blank a program", func(ctx context.Context, c *Client) error {
			return c.Programs.Update(ctx, "p", ProgramUpdate{DisplayName: &blank, Description: &blank})
		}, []string{"displayName", "description"}},
		{"program path traversal", func(ctx context.Context, c *Client) error {
			return c.Programs.Delete(ctx, "..")
		}, []string{"id"}},
		{"create an empty control", func(ctx context.Context, c *Client) error {
			_, err := c.ProgramControls.Create(ctx, &ProgramControl{})
			return err
		}, []string{"controlId", "controlTypeId", "displayName", "programId"}},
		{"create a nil control", func(ctx context.Context, c *Client) error {
			_, err := c.ProgramControls.Create(ctx, nil)
			return err
		}, []string{"programControl"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t, WithClock(fixedClock))
			err := tt.call(t.Context(), c)
			assertFieldErrors(t, err, tt.fields...)
			assert.ErrorContains(t, err, "legacy: ")
			assert.Zero(t, mt.GetTotalCallCount())
		})
	}
}

func TestListPages(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	next := betaURL("accessReviews?$skiptoken=page2")
	mt.RegisterResponder(http.MethodGet, betaURL("accessReviews"), func(req *http.Request) (*http.Response, error) {
		if req.URL.Query().Get("$skiptoken") == "page2" {
			return jsonResponse(200, `{"value":[{"id":"bbbbbbbb-0810-4494-a6df-904d368bd81b","reviewerType":"self"}]}`)(req)
		}
		return jsonResponse(200, `{"@odata.nextLink":"`+next+`","value":[{"id":"aaaaaaaa-0810-4494-a6df-904d368bd81b","displayName":"First"}]}`)(req)
	})
	got, err := drain(c.AccessReviews.List(t.Context(), "tpl", nil))
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, "First", got[0].DisplayName)
	assert.Equal(t, ReviewerSelf, got[1].ReviewerType)
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

func TestServiceErrors(t *testing.T) {
	t.Parallel()
	const errBody = `{"error":{"code":"ResourceNotFound","message":"gone","innerError":{"request-id":"req-1","date":"2023-05-20T00:00:00"}}}`
	tests := []struct {
		name   string
		method string
		path   string
		call   func(ctx context.Context, c *Client) error
	}{
		{"get", http.MethodGet, "accessReviews/" + string(reviewID), func(ctx context.Context, c *Client) error {
			_, err := c.AccessReviews.Get(ctx, reviewID)
			return err
		}},
		{"list", http.MethodGet, "accessReviews", func(ctx context.Context, c *Client) error {
			return listCall(c.AccessReviews.List(ctx, "tpl", nil))
		}},
		{"apply", http.MethodPost, "accessReviews/" + string(reviewID) + "/applyDecisions", func(ctx context.Context, c *Client) error {
			return c.AccessReviews.ApplyDecisions(ctx, reviewID)
		}},
		{"create control", http.MethodPost, "programControls", func(ctx context.Context, c *Client) error {
			_, err := c.ProgramControls.Create(ctx, &ProgramControl{ControlID: string(reviewID), ControlTypeID: "t", DisplayName: "d", ProgramID: "p"})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			mt.RegisterResponder(tt.method, betaURL(tt.path), jsonResponse(http.StatusNotFound, errBody))
			err := tt.call(t.Context(), c)
			require.Error(t, err)
			assert.ErrorIs(t, err, odata.ErrNotFound)
			var oe *odata.Error
			require.True(t, errors.As(err, &oe))
			assert.Equal(t, "ResourceNotFound", oe.Code)
			assert.Equal(t, "req-1", oe.RequestID)
			assert.ErrorContains(t, err, "legacy: ")
			assert.Equal(t, 1, mt.GetTotalCallCount())
		})
	}
}

func TestNewClient(t *testing.T) {
	t.Parallel()
	c, err := NewClient(odata.WithBaseURL("https://graph.microsoft.com"))
	require.NoError(t, err)
	assert.NotNil(t, c.AccessReviews)
	_, err = NewClient(odata.WithBaseURL("http://example.com"))
	assert.ErrorIs(t, err, odata.ErrInvalid)
	assert.ErrorContains(t, err, "legacy: new client: ")
}
