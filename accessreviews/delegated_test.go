package accessreviews

import (
	"context"
	"encoding/base64"
	"errors"
	"iter"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/graphkit/governance/odata"
)

// appToken is an access token whose claims say it was issued to an
// application (idtyp app, roles, no scp); userToken one issued to a user.
var (
	appToken  = "eyJhbGciOiJSUzI1NiJ9." + base64.RawURLEncoding.EncodeToString([]byte(`{"idtyp":"app","roles":["AccessReview.ReadWrite.All"]}`)) + ".c2ln"
	userToken = "eyJhbGciOiJSUzI1NiJ9." + base64.RawURLEncoding.EncodeToString([]byte(`{"idtyp":"user","scp":"AccessReview.ReadWrite.All"}`)) + ".c2ln"
)

// TestDelegatedOnlyOperations checks which operations report a 403 to an
// application token as odata.ErrDelegatedTokenRequired: those whose Graph
// permission table lists no application permission (decision update,
// acceptRecommendations, beta /me/pendingAccessReviewInstances), and none
// whose table lists one.
func TestDelegatedOnlyOperations(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		method, path  string
		call          func(ctx context.Context, c *Client) error
		delegatedOnly bool
	}{
		{"Record", http.MethodPatch, decInstPath + "/decisions/" + string(decItem), func(ctx context.Context, c *Client) error {
			return c.Decisions.Record(ctx, decDef, decInst, decItem, DecisionUpdate{Decision: DecisionApprove})
		}, true},
		{"RecordInStage", http.MethodPatch, decStagePath + "/decisions/" + string(decItem), func(ctx context.Context, c *Client) error {
			return c.Decisions.RecordInStage(ctx, decDef, decInst, decStage, decItem, DecisionUpdate{Decision: DecisionDeny})
		}, true},
		{"AcceptRecommendations", http.MethodPost, decInstPath + "/acceptRecommendations", func(ctx context.Context, c *Client) error {
			return c.Instances.AcceptRecommendations(ctx, decDef, decInst)
		}, true},
		{"ListPendingForCurrentUserBeta", http.MethodGet, "/beta/me/pendingAccessReviewInstances", func(ctx context.Context, c *Client) error {
			return collect(c.Instances.ListPendingForCurrentUserBeta(ctx, nil))
		}, true},
		{"BatchRecord: applications may call it", http.MethodPost, decInstPath + "/batchRecordDecisions", func(ctx context.Context, c *Client) error {
			return c.Decisions.BatchRecord(ctx, decDef, decInst, BatchDecision{Decision: DecisionApprove, AllItems: true})
		}, false},
		{"ListForCurrentUser: its table lists application permissions", http.MethodGet, decInstPath + "/decisions/filterByCurrentUser(on='reviewer')", func(ctx context.Context, c *Client) error {
			return collect(c.Decisions.ListForCurrentUser(ctx, decDef, decInst, nil))
		}, false},
		{"Stop: an administrator's action", http.MethodPost, decInstPath + "/stop", func(ctx context.Context, c *Client) error {
			return c.Instances.Stop(ctx, decDef, decInst)
		}, false},
	}
	for _, tt := range tests {
		for _, tok := range []struct {
			name, token string
			app         bool
		}{{"app token", appToken, true}, {"user token", userToken, false}} {
			t.Run(tt.name+"/"+tok.name, func(t *testing.T) {
				t.Parallel()
				c, mt := newTestClient(t, odata.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok.token})))
				url := testBase + "/v1.0" + tt.path
				if tt.path[:6] == "/beta/" {
					url = testBase + tt.path
				}
				mt.RegisterResponder(tt.method, url, httpmock.NewStringResponder(http.StatusForbidden,
					`{"error":{"code":"Forbidden","message":"Insufficient privileges to complete the operation."}}`))

				err := tt.call(t.Context(), c)
				require.Error(t, err)
				assert.ErrorIs(t, err, odata.ErrForbidden)
				want := tt.delegatedOnly && tok.app
				assert.Equal(t, want, errors.Is(err, odata.ErrDelegatedTokenRequired))
				if want {
					assert.Contains(t, err.Error(), "sign in as the reviewer")
				}
				assert.Equal(t, 1, mt.GetTotalCallCount())
			})
		}
	}
}

// collect ranges over seq and returns its first error.
func collect[T any](seq iter.Seq2[T, error]) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}
