package accessreviews

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

const (
	historyTestDefID  HistoryDefinitionID = "b2cb022f-b7e1-40f3-9854-c65a40861c38"
	historyTestInstID HistoryInstanceID   = "61a617dd-238f-4037-8fa5-d800e515f5bc"

	historyTestDefsURL  = testBase + "/v1.0/identityGovernance/accessReviews/historyDefinitions"
	historyTestDefURL   = historyTestDefsURL + "/" + string(historyTestDefID)
	historyTestInstsURL = historyTestDefURL + "/instances"
)

// historyJSON answers with a JSON body, as Graph does.
func historyJSON(status int, body []byte) *http.Response {
	resp := httpmock.NewBytesResponse(status, body)
	resp.Header.Set("Content-Type", "application/json; charset=utf-8")
	return resp
}

// historyGraphError answers with a Graph error envelope and a request-id.
func historyGraphError(status int, code string) *http.Response {
	resp := historyJSON(status, []byte(`{"error":{"code":"`+code+`","message":"it failed","innerError":{"request-id":"req-1"}}}`))
	resp.Header.Set("request-id", "req-1")
	return resp
}

// historyAssertGraphError checks that err is the service error
// historyGraphError built, reachable through the wrapping.
func historyAssertGraphError(t *testing.T, err error, status int, code string, sentinel error) {
	t.Helper()
	require.Error(t, err)
	var ge *odata.Error
	require.ErrorAs(t, err, &ge)
	assert.Equal(t, status, ge.StatusCode)
	assert.Equal(t, code, ge.Code)
	assert.Equal(t, "req-1", ge.RequestID)
	assert.ErrorIs(t, err, sentinel)
	assert.Contains(t, err.Error(), "accessreviews: ")
}

// historyAssertFieldErrors checks that err is a validation error naming
// every field in want.
func historyAssertFieldErrors(t *testing.T, err error, want ...string) {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, odata.ErrInvalid)
	var fields []string
	historyCollectFields(err, &fields)
	for _, f := range want {
		assert.Contains(t, fields, f, "error: %v", err)
	}
}

func historyCollectFields(err error, out *[]string) {
	switch e := err.(type) {
	case *odata.FieldError:
		*out = append(*out, e.Field)
	case interface{ Unwrap() []error }:
		for _, inner := range e.Unwrap() {
			historyCollectFields(inner, out)
		}
	case interface{ Unwrap() error }:
		historyCollectFields(e.Unwrap(), out)
	}
}

// historyValidDefinition is a one-time report that passes validation.
func historyValidDefinition() *HistoryDefinition {
	start, _ := odata.ParseDateTime("2021-01-01T00:00:00Z")
	end, _ := odata.ParseDateTime("2021-04-30T23:59:59Z")
	return &HistoryDefinition{
		DisplayName:                      "Last quarter's group reviews April 2021",
		Decisions:                        []HistoryDecisionFilter{HistoryApprove, HistoryDeny, HistoryDontKnow, HistoryNotReviewed, HistoryNotNotified},
		ReviewHistoryPeriodStartDateTime: start,
		ReviewHistoryPeriodEndDateTime:   end,
		Scopes: []scope.Scope{
			HistoryScope(odata.Contains("scope/query", "accessPackageAssignments")),
			HistoryScope(odata.Contains("scope/query", "/groups")),
		},
	}
}

func TestHistoryList(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	page1, page2 := fixture(t, "history/list_page1.json"), fixture(t, "history/list_page2.json")
	mt.RegisterResponder(http.MethodGet, historyTestDefsURL, func(req *http.Request) (*http.Response, error) {
		switch req.URL.RawQuery {
		case "$filter=status%20eq%20'done'&$expand=instances&$top=50":
			return historyJSON(http.StatusOK, page1), nil
		case "$skiptoken=page2":
			return historyJSON(http.StatusOK, page2), nil
		}
		t.Errorf("unexpected query %q", req.URL.RawQuery)
		return historyGraphError(http.StatusBadRequest, "badQuery"), nil
	})

	opts := &ListOptions{Filter: odata.Eq("status", HistoryDone), Expand: []string{"instances"}, Top: 50}
	var got []HistoryDefinition
	for d, err := range c.History.List(t.Context(), opts) {
		require.NoError(t, err)
		got = append(got, d)
	}
	require.Len(t, got, 3)
	assert.Equal(t, 2, mt.GetTotalCallCount())

	assert.Equal(t, HistoryDefinitionID("67e3de15-d263-45a9-8f4f-71271b495db7"), got[0].ID)
	assert.True(t, got[0].Status.Is(HistoryDone))
	assert.Equal(t, "admin@contoso.com", got[0].CreatedBy.UserPrincipalName)
	require.Len(t, got[0].Instances, 1)
	assert.Equal(t, historyTestInstID, got[0].Instances[0].ID)
	require.Len(t, got[0].Scopes, 1)
	assert.IsType(t, scope.QueryScope{}, got[0].Scopes[0])

	// A scope without @odata.type is a query scope; the odd status casing
	// is compared without regard to case; the echoed recurrence decodes.
	assert.True(t, got[1].Status.Is(HistoryInProgress))
	require.Len(t, got[1].Scopes, 1)
	assert.IsType(t, scope.QueryScope{}, got[1].Scopes[0])
	assert.Equal(t, odata.Duration{Months: 1}, got[1].ScheduleSettings.ReportRange)
	require.NotNil(t, got[1].ScheduleSettings.Recurrence.Pattern)
	assert.Equal(t, recurrence.PatternAbsoluteMonthly, got[1].ScheduleSettings.Recurrence.Pattern.Type)

	// An unknown scope type is kept as it came.
	require.Len(t, got[2].Scopes, 1)
	unknown, ok := got[2].Scopes[0].(scope.Unknown)
	require.True(t, ok, "got %T", got[2].Scopes[0])
	assert.JSONEq(t, `{"@odata.type":"#microsoft.graph.accessReviewSomethingNewScope","flavour":"new"}`, string(unknown.Raw))
	assert.True(t, got[2].Status.Is(HistoryError))
}

func TestHistoryListErrors(t *testing.T) {
	t.Parallel()
	t.Run("invalid options send nothing", func(t *testing.T) {
		t.Parallel()
		c, mt := newTestClient(t)
		var n int
		for d, err := range c.History.List(t.Context(), &ListOptions{Top: -1}) {
			n++
			assert.Zero(t, d)
			historyAssertFieldErrors(t, err, "top")
		}
		assert.Equal(t, 1, n)
		assert.Zero(t, mt.GetTotalCallCount())
	})
	t.Run("service error on the second page", func(t *testing.T) {
		t.Parallel()
		c, mt := newTestClient(t)
		page1 := fixture(t, "history/list_page1.json")
		mt.RegisterResponder(http.MethodGet, historyTestDefsURL, func(req *http.Request) (*http.Response, error) {
			if req.URL.RawQuery == "" {
				return historyJSON(http.StatusOK, page1), nil
			}
			return historyGraphError(http.StatusForbidden, "accessDenied"), nil
		})
		var items int
		var last error
		for _, err := range c.History.List(t.Context(), nil) {
			if err != nil {
				last = err
				continue
			}
			items++
		}
		assert.Equal(t, 2, items, "the items of the first page stay delivered")
		historyAssertGraphError(t, last, http.StatusForbidden, "accessDenied", odata.ErrForbidden)
	})
}

func TestHistoryCreate(t *testing.T) {
	t.Parallel()
	scheduled := historyValidDefinition()
	scheduled.DisplayName = "Monthly group reviews"
	scheduled.Decisions = nil
	scheduled.ReviewHistoryPeriodStartDateTime = odata.DateTime{}
	scheduled.ReviewHistoryPeriodEndDateTime = odata.DateTime{}
	scheduled.Scopes = []scope.Scope{HistoryScope(odata.Eq("scope/query", "/groups/02f3bafb-448c-487c-88c2-5fd65ce49a41/members"))}
	scheduled.ScheduleSettings = HistoryScheduleSettings{
		Recurrence:  recurrence.MonthlyOnDay(1).StartingOn(odata.Date{Year: 2021, Month: time.May, Day: 1}),
		ReportRange: odata.Duration{Months: 1},
	}

	tests := []struct {
		name   string
		def    *HistoryDefinition
		golden string
	}{
		{"one-time report", historyValidDefinition(), "history/create.golden.json"},
		{"recurring report", scheduled, "history/create_scheduled.golden.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			created := fixture(t, "history/created.json")
			var body []byte
			mt.RegisterResponder(http.MethodPost, historyTestDefsURL, func(req *http.Request) (*http.Response, error) {
				assert.Empty(t, req.URL.RawQuery)
				assert.Equal(t, "application/json", req.Header.Get("Content-Type"))
				body, _ = io.ReadAll(req.Body)
				return historyJSON(http.StatusCreated, created), nil
			})
			before, err := json.Marshal(tt.def)
			require.NoError(t, err)

			got, err := c.History.Create(t.Context(), tt.def)
			require.NoError(t, err)
			assert.Equal(t, 1, mt.GetTotalCallCount())
			assertGoldenJSON(t, body, tt.golden)
			assert.Equal(t, historyTestDefID, got.ID)
			assert.True(t, got.Status.Is(HistoryRequested))
			assert.Len(t, got.Scopes, 2)

			after, err := json.Marshal(tt.def)
			require.NoError(t, err)
			assert.JSONEq(t, string(before), string(after), "Create must not change its input")
		})
	}
}

func TestHistoryGet(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	created := fixture(t, "history/created.json")
	mt.RegisterResponder(http.MethodGet, historyTestDefURL, func(req *http.Request) (*http.Response, error) {
		assert.Empty(t, req.URL.RawQuery)
		return historyJSON(http.StatusOK, created), nil
	})
	got, err := c.History.Get(t.Context(), historyTestDefID)
	require.NoError(t, err)
	assert.Equal(t, "Last quarter's group reviews April 2021", got.DisplayName)
	assert.Equal(t, []HistoryDecisionFilter{HistoryApprove, HistoryDeny, HistoryDontKnow, HistoryNotReviewed, HistoryNotNotified}, got.Decisions)
	assert.Equal(t, time.Date(2021, 4, 30, 23, 59, 59, 0, time.UTC), got.ReviewHistoryPeriodEndDateTime.Time)
	assert.True(t, got.ScheduleSettings.IsZero())

	// What the service returns re-encodes to the same JSON, annotations
	// included, minus the nulls the scopes drop.
	enc, err := json.Marshal(got)
	require.NoError(t, err)
	var want map[string]any
	require.NoError(t, json.Unmarshal(created, &want))
	for _, s := range want["scopes"].([]any) {
		delete(s.(map[string]any), "queryRoot")
	}
	wantJSON, err := json.Marshal(want)
	require.NoError(t, err)
	assert.JSONEq(t, string(wantJSON), string(enc))
}

func TestHistoryServiceErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		method   string
		url      string
		status   int
		code     string
		sentinel error
		call     func(c *Client) error
	}{
		{"get not found", http.MethodGet, historyTestDefURL, http.StatusNotFound, "itemNotFound", odata.ErrNotFound, func(c *Client) error {
			_, err := c.History.Get(t.Context(), historyTestDefID)
			return err
		}},
		{"create rejected", http.MethodPost, historyTestDefsURL, http.StatusBadRequest, "invalidRequest", odata.ErrBadRequest, func(c *Client) error {
			_, err := c.History.Create(t.Context(), historyValidDefinition())
			return err
		}},
		{"generate before done", http.MethodPost, historyTestInstsURL + "/" + string(historyTestInstID) + "/generateDownloadUri", http.StatusConflict, "notAllowed", odata.ErrConflict, func(c *Client) error {
			_, err := c.History.GenerateDownloadURI(t.Context(), historyTestDefID, historyTestInstID)
			return err
		}},
		{"list instances forbidden", http.MethodGet, historyTestInstsURL, http.StatusForbidden, "accessDenied", odata.ErrForbidden, func(c *Client) error {
			for _, err := range c.History.ListInstances(t.Context(), historyTestDefID, nil) {
				return err
			}
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			mt.RegisterResponder(tt.method, tt.url, httpmock.ResponderFromResponse(historyGraphError(tt.status, tt.code)))
			historyAssertGraphError(t, tt.call(c), tt.status, tt.code, tt.sentinel)
			assert.Equal(t, 1, mt.GetTotalCallCount())
		})
	}
}

func TestHistoryListInstances(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	page1, page2 := fixture(t, "history/instances_page1.json"), fixture(t, "history/instances_page2.json")
	mt.RegisterResponder(http.MethodGet, historyTestInstsURL, func(req *http.Request) (*http.Response, error) {
		if req.URL.RawQuery == "$skiptoken=next" {
			return historyJSON(http.StatusOK, page2), nil
		}
		assert.Equal(t, "$orderby=runDateTime%20desc", req.URL.RawQuery)
		return historyJSON(http.StatusOK, page1), nil
	})
	var got []HistoryInstance
	for inst, err := range c.History.ListInstances(t.Context(), historyTestDefID, &ListOptions{OrderBy: []string{"runDateTime desc"}}) {
		require.NoError(t, err)
		got = append(got, inst)
	}
	require.Len(t, got, 2)
	assert.Equal(t, 2, mt.GetTotalCallCount())

	// The list example's "reviewHistoryPeriodStartDate" spelling is read.
	assert.Equal(t, historyTestInstID, got[0].ID)
	assert.Equal(t, time.Date(2021, 2, 1, 0, 0, 0, 0, time.UTC), got[0].ReviewHistoryPeriodStartDateTime.Time)
	assert.Equal(t, time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC), got[0].ReviewHistoryPeriodEndDateTime.Time)
	assert.Contains(t, got[0].DownloadURI, "sig=")
	assert.True(t, got[1].Status.Is(HistoryInProgress))
	assert.Equal(t, time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC), got[1].ReviewHistoryPeriodStartDateTime.Time)
	assert.Equal(t, time.Date(2021, 5, 1, 0, 0, 0, 0, time.UTC), got[1].ExpirationDateTime.Time)
}

func TestHistoryGenerateDownloadURI(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	answer := fixture(t, "history/download_uri.json")
	mt.RegisterResponder(http.MethodPost, historyTestInstsURL+"/"+string(historyTestInstID)+"/generateDownloadUri",
		func(req *http.Request) (*http.Response, error) {
			assert.Nil(t, req.Body, "the action takes no body")
			assert.Empty(t, req.URL.RawQuery)
			return historyJSON(http.StatusOK, answer), nil
		})
	got, err := c.History.GenerateDownloadURI(t.Context(), historyTestDefID, historyTestInstID)
	require.NoError(t, err)
	assert.Equal(t, 1, mt.GetTotalCallCount())
	assert.True(t, got.Status.Is(HistoryDone))
	assert.Contains(t, got.DownloadURI, "https://dfermconsolreportusc.blob.core.windows.net/")
	// The example's "expiration" is read as expirationDateTime, offset
	// normalised to UTC.
	assert.Equal(t, time.Date(2022, 2, 19, 18, 0, 24, 911436500, time.UTC), got.ExpirationDateTime.Time)
	assert.Equal(t, time.Date(2022, 1, 20, 18, 0, 24, 911436500, time.UTC), got.FulfilledDateTime.Time)
}
