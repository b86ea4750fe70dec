package legacy

import (
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/graphkit/governance/odata"
)

func TestConvergentActionsVerify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		action  string
		status  string
		call    func(c *Client) error
		succeed bool
	}{
		{"stop took effect", "stop", "Completed", func(c *Client) error { return c.AccessReviews.Stop(t.Context(), reviewID) }, true},
		{"stop did not", "stop", "InProgress", func(c *Client) error { return c.AccessReviews.Stop(t.Context(), reviewID) }, false},
		{"apply took effect", "applyDecisions", "Applied", func(c *Client) error { return c.AccessReviews.ApplyDecisions(t.Context(), reviewID) }, true},
		{"apply did not", "applyDecisions", "Completed", func(c *Client) error { return c.AccessReviews.ApplyDecisions(t.Context(), reviewID) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			mt.RegisterResponder(http.MethodPost, betaURL("accessReviews/"+string(reviewID)+"/"+tt.action), func(*http.Request) (*http.Response, error) {
				return nil, errors.New("connection reset by peer")
			})
			mt.RegisterResponder(http.MethodGet, betaURL("accessReviews/"+string(reviewID)),
				jsonResponse(http.StatusOK, `{"id":"`+string(reviewID)+`","status":"`+tt.status+`"}`))
			err := tt.call(c)
			if tt.succeed {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, odata.ErrOutcomeUnknown)
			}
			assert.Equal(t, 1, mt.GetCallCountInfo()["GET "+betaURL("accessReviews/"+string(reviewID))])
		})
	}
}
