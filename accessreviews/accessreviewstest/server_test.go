package accessreviewstest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/internal/odataserver"
	"github.com/graphkit/governance/odata"
)

// rawDo sends a request with the app token (or none) through a plain
// http.Client and returns the status, headers and body.
func rawDo(t *testing.T, s *Server, method, path, body string, auth bool) (int, http.Header, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, s.URL+path, rd)
	require.NoError(t, err)
	if auth {
		req.Header.Set("Authorization", "Bearer "+s.AppToken())
	}
	req.Header.Set("client-request-id", "11111111-2222-3333-4444-555555555555")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header, b
}

func newTestServer(t *testing.T, opts ...Option) *Server {
	t.Helper()
	s := NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

func decodeError(t *testing.T, b []byte) odataserver.Envelope {
	t.Helper()
	var env odataserver.Envelope
	require.NoError(t, json.Unmarshal(b, &env), string(b))
	return env
}

func TestServerErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, method, path string
		auth               bool
		status             int
		code               string
	}{
		{"no token", "GET", "/v1.0/users", false, 401, codeUnauthenticated},
		{"unknown route", "GET", "/v1.0/nothing/here", true, 404, codeResourceNotFound},
		{"no version", "GET", "/users", true, 404, codeResourceNotFound},
		{"wrong method", "PATCH", "/v1.0/users", true, 405, codeDirBadRequest},
		{"unknown user", "GET", "/beta/users/00000000-0000-0000-0000-000000000009", true, 404, codeDirNotFound},
		{"bad top", "GET", "/v1.0/users?$top=x", true, 400, codeBadRequest},
		{"unknown option", "GET", "/v1.0/users?$foo=1", true, 400, codeBadRequest},
		{"bad filter", "GET", "/v1.0/users?$filter=userType%20eq", true, 400, codeInvalidRequest},
		{"me as app", "GET", "/v1.0/me", true, 400, codeBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newTestServer(t)
			status, h, body := rawDo(t, s, tt.method, tt.path, "", tt.auth)
			assert.Equal(t, tt.status, status)
			assert.Equal(t, "application/json", h.Get("Content-Type"))
			assert.Equal(t, "11111111-2222-3333-4444-555555555555", h.Get("client-request-id"))
			assert.True(t, check.IsGUID(h.Get("request-id")))
			assert.NotEmpty(t, h.Get("Date"))
			env := decodeError(t, body)
			assert.Equal(t, tt.code, env.Error.Code)
			assert.Equal(t, h.Get("request-id"), env.Error.InnerError.RequestID)
			assert.Equal(t, "11111111-2222-3333-4444-555555555555", env.Error.InnerError.ClientRequestID)
			assert.Equal(t, "2026-01-05T09:00:00", env.Error.InnerError.Date)
		})
	}
}

func TestServerMethodNotAllowedListsMethods(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	status, h, _ := rawDo(t, s, "PUT", "/v1.0/groups", "", true)
	assert.Equal(t, http.StatusMethodNotAllowed, status)
	assert.Contains(t, h.Get("Allow"), "GET")
	assert.Contains(t, h.Get("Allow"), "POST")
}

func TestServerSeedIsDeterministic(t *testing.T) {
	t.Parallel()
	ids := func(seed int64) []string {
		s := newTestServer(t, WithSeed(seed))
		return []string{s.newID(), s.newID(), s.newID()}
	}
	a, b, c := ids(7), ids(7), ids(8)
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, c)
	for _, id := range a {
		assert.True(t, check.IsGUID(id), id)
	}
}

func TestClockMovesAndNotifies(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	s := newTestServer(t, WithClock(start))
	assert.Equal(t, start, s.Clock().Now())
	var seen []time.Time
	s.Clock().setOnChange(func(now time.Time) { seen = append(seen, now) })
	s.Clock().Advance(48 * time.Hour)
	s.Clock().Advance(-time.Hour) // ignored, but still notifies
	later := start.AddDate(0, 1, 0)
	s.Clock().Set(later)
	assert.Equal(t, later, s.Clock().Now())
	assert.Equal(t, []time.Time{start.Add(48 * time.Hour), start.Add(48 * time.Hour), later}, seen)
}

func TestServerDefaultClock(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	assert.Equal(t, time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC), s.Clock().Now())
}

func TestIdentityFromToken(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithDirectory(SelfReviewTutorialDirectory()))
	ctx := t.Context()

	user, err := odata.NewClient(s.OptionsAs(SelfReviewAlexID)...)
	require.NoError(t, err)
	var me map[string]any
	require.NoError(t, user.Do(ctx, &odata.Request{Method: "GET", Path: "me"}, &me))
	assert.Equal(t, "Alex Wilber", me["displayName"])

	app, err := odata.NewClient(s.Options()...)
	require.NoError(t, err)
	err = app.Do(ctx, &odata.Request{Method: "GET", Path: "me"}, &me)
	assert.ErrorIs(t, err, odata.ErrBadRequest)

	reqs := s.Requests()
	require.Len(t, reqs, 2)
	for _, r := range reqs {
		assert.True(t, r.HasAuth)
		assert.Empty(t, r.Header.Get("Authorization"))
	}
	assert.NotNil(t, s.Client())
	assert.NotNil(t, s.ClientAs(SelfReviewAlexID))
}

func TestServerConcurrentRequests(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithDirectory(LargeGroupDirectory(50)))
	c, err := odata.NewClient(append(s.Options(), odata.WithMaxConcurrency(8))...)
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Go(func() {
			if i%2 == 0 {
				s.Clock().Advance(time.Minute)
			}
			n := 0
			for _, err := range odata.All[map[string]any](context.Background(), c, &odata.Request{
				Method: "GET", Path: "groups/" + LargeGroupID + "/members", Query: &odata.Query{Top: 7},
			}) {
				if err != nil {
					errs <- err
					return
				}
				n++
			}
			if n != 50 {
				errs <- assert.AnError
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
	assert.Len(t, s.Requests(), 16*8)
	assert.Equal(t, defaultStart.Add(8*time.Minute), s.Clock().Now())
}
