package accessreviews

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

func TestHistoryInstanceSchemaNamesWin(t *testing.T) {
	t.Parallel()
	var h HistoryInstance
	require.NoError(t, json.Unmarshal([]byte(`{
		"expiration":"2022-01-01T00:00:00Z","expirationDateTime":"2023-01-01T00:00:00Z",
		"reviewHistoryPeriodStartDate":"2020-01-01T00:00:00Z","reviewHistoryPeriodStartDateTime":"2021-01-01T00:00:00Z"}`), &h))
	require.NoError(t, h.readDocSpellings(), "the history service reads every instance so")
	assert.Equal(t, 2023, h.ExpirationDateTime.Year())
	assert.Equal(t, 2021, h.ReviewHistoryPeriodStartDateTime.Year())

	enc, err := json.Marshal(h)
	require.NoError(t, err)
	assert.JSONEq(t, `{"expirationDateTime":"2023-01-01T00:00:00Z","reviewHistoryPeriodStartDateTime":"2021-01-01T00:00:00Z"}`, string(enc))
}

func TestHistoryDecodeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		into any
		data string
	}{
		{"definition is an array", &HistoryDefinition{}, `[]`},
		{"definition scopes not a list", &HistoryDefinition{}, `{"scopes":{"query":"/x"}}`},
		{"definition scope not an object", &HistoryDefinition{}, `{"scopes":[42]}`},
		{"definition bad date", &HistoryDefinition{}, `{"createdDateTime":"yesterday"}`},
		{"instance bad status type", &HistoryDefinition{}, `{"instances":[{"status":1}]}`},
		{"instance bad expiration", &HistoryDefinition{}, `{"instances":[{"expiration":"soon"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := json.Unmarshal([]byte(tt.data), tt.into)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "accessreviews: decode history")
		})
	}
}

func TestHistoryScope(t *testing.T) {
	t.Parallel()
	s := HistoryScope(odata.Contains("scope/query", "it's /groups"))
	require.NoError(t, s.Validate())
	assert.Equal(t, "/identityGovernance/accessReviews/definitions?$filter=contains(scope/query,'it''s /groups')", s.Query)
	assert.Equal(t, scope.QueryTypeMicrosoftGraph, s.QueryType)

	enc, err := json.Marshal(s)
	require.NoError(t, err)
	assert.JSONEq(t, `{"@odata.type":"#microsoft.graph.accessReviewQueryScope","queryType":"MicrosoftGraph",
		"query":"/identityGovernance/accessReviews/definitions?$filter=contains(scope/query,'it''s /groups')"}`, string(enc))

	for _, f := range []odata.Filter{{}, odata.Eq("bad field!", 1)} {
		s := HistoryScope(f)
		assert.Empty(t, s.Query, "a filter that cannot be rendered gives no query")
		err := validateHistoryCreate(&HistoryDefinition{DisplayName: "x", Scopes: []scope.Scope{s},
			ReviewHistoryPeriodStartDateTime: odata.DateTime{Time: time.Unix(0, 0)}, ReviewHistoryPeriodEndDateTime: odata.DateTime{Time: time.Unix(1, 0)}})
		assert.ErrorIs(t, err, odata.ErrInvalid, "and the create refuses it")
	}
}

func FuzzHistoryDecode(f *testing.F) {
	for _, name := range []string{"created.json", "download_uri.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", "history", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"scopes":[null,{"odata.type":"x"}],"instances":[{"expiration":null}]}`))
	f.Add([]byte(`{"reviewHistoryPeriodStartDate":"2021-01-01","scheduleSettings":{"reportRange":"P1M"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var d HistoryDefinition
		if json.Unmarshal(data, &d) == nil {
			_, _ = json.Marshal(d)
			_ = validateHistoryCreate(&d)
		}
		var i HistoryInstance
		if json.Unmarshal(data, &i) == nil {
			_, _ = json.Marshal(i)
		}
	})
}
