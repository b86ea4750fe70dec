package accessreviews

import (
	"encoding/json/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInsightList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    InsightList
		wantErr bool
	}{
		{name: "null", in: `null`, want: nil},
		{name: "empty", in: `[]`, want: InsightList{}},
		{name: "null element kept as nil", in: `[null,{"@odata.type":"#microsoft.graph.userSignInInsight","id":"i1","lastSignInDateTime":null}]`,
			want: InsightList{nil, UserSignInInsight{ID: "i1"}}},
		{name: "not an array", in: `{}`, wantErr: true},
		{name: "bad element", in: `[1]`, wantErr: true},
		{name: "bad time", in: `[{"@odata.type":"#microsoft.graph.userSignInInsight","lastSignInDateTime":"yesterday"}]`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var l InsightList
			err := json.Unmarshal([]byte(tt.in), &l)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, l)
		})
	}
}
