package accessreviewstest

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRoutesAreWhatIsDispatched sends one request per listed route, with
// every wildcard filled in, and checks that the router hands it to a
// handler: the answer is neither the router's own 404 or 405 nor the 400
// of a beta-only segment. Each route listed under beta only is also sent to
// v1.0, where it must get that 400.
func TestRoutesAreWhatIsDispatched(t *testing.T) {
	t.Parallel()
	s := NewServer()
	t.Cleanup(s.Close)
	routes := s.Routes()
	require.True(t, slices.IsSortedFunc(routes, func(a, b Route) int {
		return strings.Compare(a.Pattern+" "+a.Method+" "+a.Version, b.Pattern+" "+b.Method+" "+b.Version)
	}), "Routes is sorted by pattern, method and version")

	wildcard := regexp.MustCompile(`\{[^}]*\}`)
	const id = "00000000-0000-4000-8000-000000000001"
	send := func(t *testing.T, method, version, pattern string) (int, string, string) {
		t.Helper()
		path := "/" + version + wildcard.ReplaceAllString(pattern, id)
		req, err := http.NewRequestWithContext(t.Context(), method, s.URL+path, strings.NewReader(`{}`))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+s.AppToken())
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var e struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&e)
		return resp.StatusCode, e.Error.Code, e.Error.Message
	}
	listed := map[string]bool{}
	for _, r := range routes {
		listed[r.Method+" "+r.Pattern+" "+r.Version] = true
	}
	for _, r := range routes {
		t.Run(r.Method+" "+r.Version+" "+r.Pattern, func(t *testing.T) {
			t.Parallel()
			status, code, msg := send(t, r.Method, r.Version, r.Pattern)
			assert.NotEqual(t, codeResourceNotFound, code, "the router does not know the path: %d %s", status, msg)
			assert.NotEqual(t, http.StatusMethodNotAllowed, status)
			assert.NotContains(t, msg, "Resource not found for the segment", "the route answers as a beta-only segment under %s", r.Version)
			if r.Version == "beta" && !listed[r.Method+" "+r.Pattern+" v1.0"] {
				status, _, msg := send(t, r.Method, "v1.0", r.Pattern)
				assert.Equal(t, http.StatusBadRequest, status, "a beta-only route under v1.0")
				assert.Contains(t, msg, "Resource not found for the segment")
			}
		})
	}
}
