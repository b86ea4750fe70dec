package accessreviews

import (
	"net/http"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// defCall is one request a definition test expects, in order, and the
// response it gets.
type defCall struct {
	method string
	path   string // escaped, from /v1.0/ on
	query  string // raw query; "" for none
	golden string // request body golden file under testdata; "" for no body
	status int
	body   string // response body file under testdata; "" for none
	header http.Header
	err    error // a transport error instead of a response
}

// serveDefinitionCalls answers the requests of a test with calls, in order,
// checking each request against its call; a request beyond them fails the
// test.
func serveDefinitionCalls(t *testing.T, mt *httpmock.MockTransport, calls ...defCall) {
	t.Helper()
	var mu sync.Mutex
	n := 0
	respond := func(req *http.Request) (*http.Response, error) {
		mu.Lock()
		i := n
		n++
		mu.Unlock()
		if i >= len(calls) {
			t.Errorf("unexpected request %d: %s %s", i, req.Method, req.URL)
			return httpmock.NewStringResponse(http.StatusTeapot, `{"error":{"code":"unexpected"}}`), nil
		}
		c := calls[i]
		assert.Equal(t, c.method, req.Method, "request %d method", i)
		assert.Equal(t, c.path, req.URL.EscapedPath(), "request %d path", i)
		assert.Equal(t, c.query, req.URL.RawQuery, "request %d query", i)
		body := readBody(t, req)
		if c.golden != "" {
			assertGoldenJSON(t, body, c.golden)
		} else {
			assert.Empty(t, body, "request %d has no body", i)
		}
		if c.err != nil {
			return nil, c.err
		}
		resp := httpmock.NewBytesResponse(c.status, nil)
		if c.body != "" {
			resp = httpmock.NewBytesResponse(c.status, fixture(t, c.body))
			resp.Header.Set("Content-Type", "application/json")
		}
		for k, v := range c.header {
			resp.Header[k] = v
		}
		return resp, nil
	}
	any := regexp.MustCompile(`^https://graph\.microsoft\.com/`)
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		mt.RegisterRegexpResponder(m, any, respond)
	}
}

// newGuestReviewDefinition returns the quarterly guest review, valid.
func newGuestReviewDefinition() *Definition {
	start := odata.Date{Year: 2025, Month: time.January, Day: 6}
	return &Definition{
		DisplayName:              "Quarterly guest review of Microsoft 365 groups",
		DescriptionForReviewers:  "Remove guests who no longer need access.",
		InstanceEnumerationScope: scope.AllMicrosoft365Groups(),
		Scope:                    scope.EachGroup().Members().Users().Guests(),
		Reviewers:                []scope.Reviewer{scope.GroupOwners()},
		FallbackReviewers:        []scope.Reviewer{scope.User("c9a5aff7-9298-4d71-adab-0a222e0a05e4")},
		AdditionalNotificationRecipients: []scope.NotificationRecipient{
			scope.NotifyGroupMembers("0e7c1a3b-5d2f-4a8e-9b6c-1d3e5f7a9b2c"),
		},
		Settings: Settings{
			MailNotificationsEnabled:  true,
			DefaultDecisionEnabled:    true,
			DefaultDecision:           DefaultApprove,
			InstanceDurationInDays:    14,
			AutoApplyDecisionsEnabled: true,
			RecommendationsEnabled:    true,
			Recurrence:                recurrence.Quarterly().StartingOn(start).EndingOn(odata.Date{Year: 2026, Month: time.December, Day: 31}),
			ApplyActions:              []ApplyAction{RemoveAccess()},
		},
	}
}

// defAssertFields checks that err is a validation error naming exactly
// the given fields, in any order.
func defAssertFields(t *testing.T, err error, fields ...string) {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, odata.ErrInvalid)
	assert.ElementsMatch(t, fields, defFieldNames(err), "fields of %v", err)
}

// defFieldNames lists the fields of every *odata.FieldError inside err.
func defFieldNames(err error) []string {
	switch e := err.(type) {
	case *odata.FieldError:
		return []string{e.Field}
	case interface{ Unwrap() []error }:
		var out []string
		for _, inner := range e.Unwrap() {
			out = append(out, defFieldNames(inner)...)
		}
		return out
	case interface{ Unwrap() error }:
		return defFieldNames(e.Unwrap())
	}
	return nil
}

// defAssertServiceError checks that err wraps a Graph error with the given
// sentinel, code and request ID.
func defAssertServiceError(t *testing.T, err, sentinel error, code, requestID string) {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, sentinel)
	var ge *odata.Error
	require.ErrorAs(t, err, &ge)
	assert.Equal(t, code, ge.Code)
	assert.Equal(t, requestID, ge.RequestID)
}
