package testutil

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/odata"
)

func TestFieldNamesWalksJoinedAndWrappedErrors(t *testing.T) {
	t.Parallel()
	err := fmt.Errorf("op: %w", errors.Join(check.Invalid("a", "x"), errors.New("other"),
		fmt.Errorf("inner: %w", errors.Join(check.Invalid("b", "y"), check.Invalid("c", "z")))))
	assert.Equal(t, []string{"a", "b", "c"}, FieldNames(err))
	assert.Nil(t, FieldNames(nil))
}

func TestMockClientAnswersOnlyWhatIsRegistered(t *testing.T) {
	t.Parallel()
	c, mt := MockClient(t)
	mt.RegisterResponder(http.MethodGet, GraphRoot+"/v1.0/me", func(*http.Request) (*http.Response, error) {
		resp := &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: http.NoBody}
		return resp, nil
	})
	require.NoError(t, c.Do(t.Context(), &odata.Request{Method: http.MethodGet, Path: "me"}, nil))
	assert.Equal(t, 1, mt.GetTotalCallCount())
}
