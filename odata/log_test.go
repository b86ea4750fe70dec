package odata

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Identifiers the log tests pass as keys; none may reach a log by default.
const (
	logDefID  = "5e9d3c1a-7b2f-4c8e-9a6d-0f1e2d3c4b5a"
	logInstID = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"
	logUPN    = "alice.smith@contoso.com"
	logKey    = "legacy.program-42"
)

// logRecords decodes the JSON log lines in buf.
func logRecords(t *testing.T, buf *bytes.Buffer, mu *sync.Mutex) []map[string]any {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	var out []map[string]any
	for line := range strings.SplitSeq(strings.TrimSpace(buf.String()), "\n") {
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &rec))
		out = append(out, rec)
	}
	return out
}

// TestLogPathsAreTemplates: by default the path of every log record is a
// template in which object IDs, user principal names and other keys, in
// segments or in parentheses, are "{id}", on first pages and next-link
// pages alike, on attempts and on retries; names of sets, properties,
// functions and actions stay. WithLogIdentifiers logs the path as sent.
func TestLogPathsAreTemplates(t *testing.T) {
	t.Parallel()
	mustJoin := func(segs ...Segment) string {
		p, err := JoinPath(segs...)
		require.NoError(t, err)
		return p
	}
	ig, ar := Lit("identityGovernance"), Lit("accessReviews")
	tests := []struct {
		name, path, want string
	}{
		{"collection", mustJoin(ig, ar, Lit("definitions")), "/identityGovernance/accessReviews/definitions"},
		{"GUIDs", mustJoin(ig, ar, Lit("definitions"), GUID("d", logDefID), Lit("instances"), GUID("i", logInstID), Lit("decisions")),
			"/identityGovernance/accessReviews/definitions/{id}/instances/{id}/decisions"},
		{"user principal name as key", mustJoin(Lit("users"), Key("user", logUPN), Lit("memberOf")), "/users/{id}/memberOf"},
		{"opaque key with dots and digits", mustJoin(Lit("programs"), Key("id", logKey)), "/programs/{id}"},
		{"escaped key", mustJoin(Lit("users"), Key("user", "o'brien@contoso.com")), "/users/{id}"},
		{"key in parentheses", "users('" + logUPN + "')", "/users({id})"},
		{"named key in parentheses", "users(userPrincipalName='" + logUPN + "')", "/users(userPrincipalName={id})"},
		{"function with a constant argument", mustJoin(ig, ar, Lit("definitions"), Lit("filterByCurrentUser(on='reviewer')")),
			"/identityGovernance/accessReviews/definitions/filterByCurrentUser(on='reviewer')"},
		{"type cast", mustJoin(Lit("groups"), GUID("g", logInstID), Lit("members/microsoft.graph.user")), "/groups/{id}/members/microsoft.graph.user"},
		{"batch", "$batch", "/$batch"},
	}
	for _, tt := range tests {
		for _, withIDs := range []bool{false, true} {
			name := tt.name
			if withIDs {
				name += "/WithLogIdentifiers"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				var buf bytes.Buffer
				var mu sync.Mutex
				opts := []Option{WithLogger(slog.New(slog.NewJSONHandler(&lockedWriter{w: &buf, mu: &mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))),
					withBackoffShape(backoffShape{retryAfterFloor: 0, floor: 0, base: 0, ceiling: 0})}
				if withIDs {
					opts = append(opts, WithLogIdentifiers())
				}
				c, tr := newScripted(t, replySequence(replyWith(503, ""), replyWith(200, `{}`)), opts...)
				require.NoError(t, c.Do(t.Context(), &Request{Method: http.MethodGet, Path: tt.path}, nil))
				require.Len(t, tr.requests(), 2)

				want := tt.want
				if withIDs {
					want = "/" + tt.path
				}
				recs := logRecords(t, &buf, &mu)
				require.Len(t, recs, 3, "attempt, retry, attempt")
				for _, rec := range recs {
					assert.Equal(t, want, rec["path"], "%s record", rec["msg"])
				}
				mu.Lock()
				logs := buf.String()
				mu.Unlock()
				for _, id := range []string{logDefID, logInstID, "alice", "contoso", logKey, "brien"} {
					if strings.Contains(tt.path, id) && !withIDs {
						assert.NotContains(t, logs, id)
					}
				}
			})
		}
	}
}

// TestLogPathsOfNextLinkPagesAreTemplates: a next-link page's path carries
// the same identifiers as the first page's; its log records name the
// template too.
func TestLogPathsOfNextLinkPagesAreTemplates(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	var mu sync.Mutex
	path := "identityGovernance/accessReviews/definitions/" + logDefID + "/instances"
	c, tr := newScripted(t, replySequence(
		replyWith(200, `{"value":[{"id":"a"}],"@odata.nextLink":"`+graphRoot+"/v1.0/"+path+`?$skiptoken=`+logUPN+`"}`),
		replyWith(200, `{"value":[{"id":"b"}]}`),
	), WithLogger(slog.New(slog.NewJSONHandler(&lockedWriter{w: &buf, mu: &mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	items, errs := collectSeq(All[pageItem](t.Context(), c, &Request{Method: http.MethodGet, Path: path}))
	require.Empty(t, errs)
	assert.Equal(t, []string{"a", "b"}, itemIDs(items))
	require.Len(t, tr.requests(), 2)
	assert.Contains(t, tr.requests()[1].Path, logDefID, "control: the identifier was sent")

	recs := logRecords(t, &buf, &mu)
	require.Len(t, recs, 2)
	for _, rec := range recs {
		assert.Equal(t, "/identityGovernance/accessReviews/definitions/{id}/instances", rec["path"])
	}
	mu.Lock()
	defer mu.Unlock()
	assert.NotContains(t, buf.String(), logDefID)
	assert.NotContains(t, buf.String(), "alice")
}
