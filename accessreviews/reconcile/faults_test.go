package reconcile

import (
	"errors"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
)

// createFaults is a transport in front of the fake that makes creates fail
// ambiguously: the next `lost` creates reach the service but their response
// is lost; the next `reset` never reach it. Both look the same to the
// client: the connection failed after the request was written.
type createFaults struct {
	mu          sync.Mutex
	lost, reset int
	posts       int // creates the client attempted
	status      int // when not 0, every create is answered with this status
}

// RoundTrip injects the faults into creates and passes the rest on.
func (f *createFaults) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodPost {
		return http.DefaultTransport.RoundTrip(req)
	}
	f.mu.Lock()
	f.posts++
	lose, reset, status := f.lost > 0, f.lost == 0 && f.reset > 0, f.status
	switch {
	case lose:
		f.lost--
	case reset:
		f.reset--
	}
	f.mu.Unlock()
	switch {
	case status != 0:
		return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
			Body: http.NoBody, Request: req}, nil
	case reset:
		return nil, errors.New("connection reset by peer")
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err == nil && lose {
		_ = resp.Body.Close()
		return nil, errors.New("connection reset by peer")
	}
	return resp, err
}

// clientWith returns a client of the fake whose creates go through f.
func clientWith(t *testing.T, s *accessreviewstest.Server, f *createFaults) *accessreviews.Client {
	t.Helper()
	c, err := accessreviews.NewClient(append(s.Options(), odata.WithHTTPClient(&http.Client{Transport: f}))...)
	require.NoError(t, err)
	return c
}
