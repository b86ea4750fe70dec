package accessreviewstest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
)

func TestFailNextByCount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		fault  Fault
		status int
		code   string
	}{
		{"throttle", Throttle("2.5"), 429, codeThrottled},
		{"unavailable", Unavailable(), 503, codeUnavailable},
		{"gateway timeout", GatewayTimeout(), 504, codeGatewayTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newTestServer(t)
			s.FailNext(2, tt.fault)
			for range 2 {
				status, h, body := rawDo(t, s, "GET", "/v1.0/users", "", true)
				assert.Equal(t, tt.status, status)
				assert.Equal(t, tt.fault.RetryAfter, h.Get("Retry-After"))
				assert.Equal(t, tt.code, decodeError(t, body).Error.Code)
			}
			status, _, _ := rawDo(t, s, "GET", "/v1.0/users", "", true)
			assert.Equal(t, http.StatusOK, status)
			assert.Equal(t, 2, s.FaultsInjected())
			statuses := []int{}
			for _, r := range s.Requests() {
				statuses = append(statuses, r.Status)
			}
			assert.Equal(t, []int{tt.status, tt.status, 200}, statuses)
		})
	}
}

func TestFailNextNeverReachesHandlers(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.FailNext(1, Unavailable())
	body := `{"accountEnabled":true,"displayName":"A","mailNickname":"a","userPrincipalName":"a@contoso.com","passwordProfile":{"password":"x"}}`
	status, _, _ := rawDo(t, s, "POST", "/v1.0/users", body, true)
	assert.Equal(t, http.StatusServiceUnavailable, status)
	assert.Empty(t, s.dir.allUsers(), "a faulted create must not create")
	status, _, _ = rawDo(t, s, "POST", "/v1.0/users", body, true)
	assert.Equal(t, http.StatusCreated, status)
	assert.Len(t, s.dir.allUsers(), 1)
}

func TestFailPath(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.FailPath("/groups", 1, Throttle("1"))
	s.FailPath("/v1.0/users", 1, Unavailable())
	status, _, _ := rawDo(t, s, "GET", "/beta/users", "", true)
	assert.Equal(t, http.StatusOK, status, "the v1.0 prefix does not match beta")
	status, _, _ = rawDo(t, s, "GET", "/beta/groups", "", true)
	assert.Equal(t, http.StatusTooManyRequests, status)
	status, _, _ = rawDo(t, s, "GET", "/beta/groups", "", true)
	assert.Equal(t, http.StatusOK, status)
	status, _, _ = rawDo(t, s, "GET", "/v1.0/users", "", true)
	assert.Equal(t, http.StatusServiceUnavailable, status)
	assert.Equal(t, 2, s.FaultsInjected())
}

func TestFailRateIsDeterministic(t *testing.T) {
	t.Parallel()
	run := func(seed int64) []int {
		s := newTestServer(t, WithSeed(seed))
		s.FailRate(0.5, Throttle("1"), Unavailable())
		var out []int
		for range 40 {
			status, _, _ := rawDo(t, s, "GET", "/v1.0/users", "", true)
			out = append(out, status)
		}
		return out
	}
	a, b := run(3), run(3)
	assert.Equal(t, a, b)
	assert.Contains(t, a, 200)
	assert.Contains(t, a, 429)
	assert.Contains(t, a, 503)

	s := newTestServer(t)
	s.FailRate(1)
	status, _, _ := rawDo(t, s, "GET", "/v1.0/users", "", true)
	assert.Equal(t, http.StatusServiceUnavailable, status, "503 by default")
	s.ClearFaults()
	status, _, _ = rawDo(t, s, "GET", "/v1.0/users", "", true)
	assert.Equal(t, http.StatusOK, status)
}

func TestFaultTruncatedBody(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.FailNext(1, TruncatedBody())
	req, err := http.NewRequestWithContext(t.Context(), "GET", s.URL+"/v1.0/users", nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Greater(t, resp.ContentLength, int64(4096))
	b, err := io.ReadAll(resp.Body)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.True(t, strings.HasPrefix(string(b), `{"@odata.context"`))
}

func TestFaultConnectionReset(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.FailNext(1, ConnectionReset())
	req, err := http.NewRequestWithContext(t.Context(), "GET", s.URL+"/v1.0/users", nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	if resp != nil {
		resp.Body.Close()
	}
	require.Error(t, err)
	assert.Equal(t, 1, s.FaultsInjected())
	reqs := s.Requests()
	require.Len(t, reqs, 1)
	assert.Zero(t, reqs[0].Status)
}

func TestFaultLatencyOnlyDelaysTheRequest(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.FailNext(1, Fault{Latency: time.Hour})
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", s.URL+"/v1.0/users", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+s.AppToken())
	_, err = http.DefaultClient.Do(req)
	assert.ErrorIs(t, err, context.DeadlineExceeded, "an hour of latency outlives the request")
	// The next request is not delayed, and the delayed one never ran.
	status, _, _ := rawDo(t, s, "GET", "/v1.0/users", "", true)
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, 1, s.FaultsInjected())
}

func TestFaultThrottleBeyondTheClientCap(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	c, err := odata.NewClient(s.Options()...)
	require.NoError(t, err)
	s.FailNext(10, Throttle("600"))
	var out map[string]any
	err = c.Do(t.Context(), &odata.Request{Method: "GET", Path: "users"}, &out)
	var gerr *odata.Error
	require.True(t, errors.As(err, &gerr), "%v", err)
	assert.Equal(t, 429, gerr.StatusCode)
	assert.Equal(t, codeThrottled, gerr.Code)
	assert.Equal(t, 600*time.Second, gerr.RetryAfter)
	assert.Len(t, s.Requests(), 1, "a wait over the cap is not waited out")
}
