package poly

import (
	"bytes"
	"encoding/json/jsontext"
	"encoding/json/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A set whose values are refined after decoding: a tile of width 1 is a
// unit, the more specific value a package would hand out for it.
type tile interface{ width() int }

type rectTile struct {
	Type  Type[rectTile] `json:"@odata.type"`
	Width int            `json:"width"`
}

func (r rectTile) width() int { return r.Width }

type unitTile struct{}

func (unitTile) width() int { return 1 }

type rawTile struct{ raw jsontext.Value }

func (rawTile) width() int { return -1 }

var testTiles = func() *Kinds[tile] {
	k := NewKinds("tile", func(_ string, raw jsontext.Value) (tile, error) { return rawTile{raw: raw}, nil })
	AddKind[rectTile](k, "#microsoft.graph.rectTile")
	k.Refine(func(t tile) tile {
		if r, ok := t.(rectTile); ok && r.Width == 1 {
			return unitTile{}
		}
		return t
	})
	return k
}()

// floor holds tiles in fields of the interface, decoded through
// WireOptions.
type floor struct {
	Main  tile   `json:"main"`
	Tiles []tile `json:"tiles"`
}

// TestKindsRefine checks that Decode, and fields of the interface decoded
// through WireOptions, return the refined value of every object, whichever
// way its type was read, and that null and errors are not refined.
func TestKindsRefine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    tile
		wantErr bool
	}{
		{"refined, type first", `{"@odata.type":"#microsoft.graph.rectTile","width":1}`, unitTile{}, false},
		{"refined, type last", `{"width":1,"@odata.type":"rectTile"}`, unitTile{}, false},
		{"kept", `{"@odata.type":"#microsoft.graph.rectTile","width":2}`, rectTile{Width: 2}, false},
		{"unknown type is refined too", `{"@odata.type":"#microsoft.graph.roundTile"}`, rawTile{raw: jsontext.Value(`{"@odata.type":"#microsoft.graph.roundTile"}`)}, false},
		{"null is not", `null`, nil, false},
		{"an error is not", `{"@odata.type":"#microsoft.graph.rectTile","width":"wide"}`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := testTiles.Decode(jsontext.NewDecoder(bytes.NewReader([]byte(tt.in))))
			if tt.wantErr {
				assert.Error(t, err)
				assert.Nil(t, got)
			} else {
				require.NoError(t, err)
				assert.Equal(t, tt.want, got)
			}

			var f floor
			err = json.Unmarshal([]byte(`{"main":`+tt.in+`,"tiles":[`+tt.in+`]}`), &f, WireOptions())
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, f.Main, "a field of the interface")
			assert.Equal(t, []tile{tt.want}, f.Tiles, "a list of the interface")
		})
	}
}
