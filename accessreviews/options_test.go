package accessreviews

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestListTopAboveThePageSizeIsSent checks that a $top above the page size
// of the access review collections (100) is sent as given, without an error:
// the list pages give 100 as the default page size and the paging guide
// says an API may ignore a larger $top, lower it to its maximum page size,
// or refuse it; none of the access review pages says it is refused. The
// list follows the next links, so every item arrives whatever the service
// does with the value.
func TestListTopAboveThePageSizeIsSent(t *testing.T) {
	t.Parallel()
	client, mt := newTestClient(t)
	serveDefinitionCalls(t, mt,
		defCall{method: http.MethodGet, path: definitionsURLPath, query: "$top=1000",
			status: http.StatusOK, body: "definitions/list_page1.json"},
		defCall{method: http.MethodGet, path: definitionsURLPath, query: "$skiptoken=page2",
			status: http.StatusOK, body: "definitions/list_page2.json"},
	)
	var ids []DefinitionID
	for d, err := range client.Definitions.List(t.Context(), &ListOptions{Top: 1000}) {
		require.NoError(t, err)
		ids = append(ids, d.ID)
	}
	assert.Len(t, ids, 3)
	assert.Equal(t, 2, mt.GetTotalCallCount())
}
