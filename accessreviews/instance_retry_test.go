package accessreviews

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"testing/synctest"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
)

// The retry semantics of the instance actions, with retries switched on:
// what is resent, what is verified, and what is reported as an unknown
// outcome. synctest keeps the backoff waits virtual.

func TestInstancesVerifyAfterAmbiguousFailure(t *testing.T) {
	t.Parallel()
	reset := errors.New("connection reset by peer")
	tests := []struct {
		name     string
		call     func(c *Client, ctx context.Context) error
		action   string
		status   string // instance status the verifying GET returns; "" means no GET is expected
		wantErr  bool
		wantGets int
	}{
		{"stop verified", func(c *Client, ctx context.Context) error { return c.Instances.Stop(ctx, e2Def, e2Inst) }, "stop", "Completed", false, 1},
		{"stop not verified", func(c *Client, ctx context.Context) error { return c.Instances.Stop(ctx, e2Def, e2Inst) }, "stop", "InProgress", true, 1},
		{"apply verified", func(c *Client, ctx context.Context) error { return c.Instances.ApplyDecisions(ctx, e2Def, e2Inst) }, "applyDecisions", "Applying", false, 1},
		{"apply not verified", func(c *Client, ctx context.Context) error { return c.Instances.ApplyDecisions(ctx, e2Def, e2Inst) }, "applyDecisions", "Completed", true, 1},
		{"accept has no verification", func(c *Client, ctx context.Context) error {
			return c.Instances.AcceptRecommendations(ctx, e2Def, e2Inst)
		}, "acceptRecommendations", "", true, 0},
		{"reset is never resent", func(c *Client, ctx context.Context) error { return c.Instances.ResetDecisions(ctx, e2Def, e2Inst) }, "resetDecisions", "", true, 0},
		{"reminder is never resent", func(c *Client, ctx context.Context) error { return c.Instances.SendReminder(ctx, e2Def, e2Inst) }, "sendReminder", "", true, 0},
		{"batch record is never resent", func(c *Client, ctx context.Context) error {
			return c.Decisions.BatchRecord(ctx, e2Def, e2Inst, BatchDecision{Decision: DecisionApprove, PrincipalID: e2User1})
		}, "batchRecordDecisions", "", true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// Retries are on: an ambiguous failure must still not be resent.
			synctest.Test(t, func(t *testing.T) {
				c, mt := newTestClient(t, odata.WithRetryPolicy(odata.DefaultRetryPolicy()))
				mt.RegisterResponder(http.MethodPost, e2URL(odata.V1, e2InstPath+"/"+tt.action), httpmock.NewErrorResponder(reset))
				if tt.status != "" {
					e2Serve(mt, http.MethodGet, e2URL(odata.V1, e2InstPath), func(*http.Request) (int, string) {
						return http.StatusOK, `{"id":"720b8ee0-cee4-42ac-b164-894c48703acc","status":"` + tt.status + `"}`
					})
				}
				err := tt.call(c, t.Context())
				counts := mt.GetCallCountInfo()
				assert.Equal(t, 1, counts["POST "+e2URL(odata.V1, e2InstPath+"/"+tt.action)], "sent once")
				assert.Equal(t, tt.wantGets, counts["GET "+e2URL(odata.V1, e2InstPath)], "verifying GETs")
				if !tt.wantErr {
					assert.NoError(t, err)
					return
				}
				var oue *odata.OutcomeUnknownError
				require.ErrorAs(t, err, &oue)
				assert.NotEmpty(t, oue.ClientRequestID)
				assert.ErrorIs(t, err, odata.ErrOutcomeUnknown)
			})
		})
	}
}

func TestInstancesBatchRecordRetriedOnlyWhenUnprocessed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		first     int
		wantPosts int
		wantErr   error
	}{
		{"429 is retried", http.StatusTooManyRequests, 2, nil},
		{"503 is not", http.StatusServiceUnavailable, 1, odata.ErrServiceUnavailable},
		{"500 is not", http.StatusInternalServerError, 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				c, mt := newTestClient(t, odata.WithRetryPolicy(odata.DefaultRetryPolicy()))
				posts := 0
				mt.RegisterResponder(http.MethodPost, e2URL(odata.V1, e2InstPath+"/batchRecordDecisions"), func(*http.Request) (*http.Response, error) {
					posts++
					if posts == 1 {
						resp := httpmock.NewStringResponse(tt.first, e2GraphError("Busy", "rid-1"))
						resp.Header.Set("Content-Type", "application/json")
						resp.Header.Set("Retry-After", "1")
						return resp, nil
					}
					return httpmock.NewBytesResponse(http.StatusNoContent, nil), nil
				})
				err := c.Decisions.BatchRecord(t.Context(), e2Def, e2Inst, BatchDecision{Decision: DecisionDeny, ResourceID: "a5c51e59-3fcd-4a37-87a1-835c0c21488a"})
				assert.Equal(t, tt.wantPosts, posts)
				switch {
				case tt.wantPosts == 2:
					assert.NoError(t, err)
				case tt.wantErr != nil:
					assert.ErrorIs(t, err, tt.wantErr)
				default:
					var ge *odata.Error
					require.ErrorAs(t, err, &ge)
					assert.Equal(t, tt.first, ge.StatusCode)
				}
			})
		})
	}
}
