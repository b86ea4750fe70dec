package poly

import (
	"bytes"
	"encoding/json/jsontext"
	"encoding/json/v2"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The test interface and its kinds: a circle, a square, shapes without a
// type (plain), and the rest (unknownShape).
type shape interface{ area() int }

type circle struct {
	Type   Type[circle]   `json:"@odata.type"`
	Radius int            `json:"radius,omitzero"`
	Extra  jsontext.Value `json:",embed"`
}

func (c circle) area() int { return 3 * c.Radius * c.Radius }

type square struct {
	Type Type[square] `json:"@odata.type"`
	Side int          `json:"side"`
}

func (s square) area() int { return s.Side * s.Side }

type plain struct {
	Size int `json:"size"`
}

func (p plain) area() int { return p.Size }

type unknownShape struct {
	typ string
	raw jsontext.Value
}

func (unknownShape) area() int { return -1 }

var testShapes = func() *Kinds[shape] {
	k := NewKinds("shape", func(typ string, raw jsontext.Value) (shape, error) {
		return unknownShape{typ: typ, raw: raw}, nil
	})
	AddKind[circle](k, "#microsoft.graph.circle")
	AddKind[square](k, "#microsoft.graph.square")
	AddUntyped[plain](k)
	return k
}()

type shapeKinds struct{}

func (shapeKinds) Kinds() *Kinds[shape] { return testShapes }

// drawing has a field of the interface itself and a union.
type drawing struct {
	Name   string                   `json:"name"`
	Main   shape                    `json:"main,omitzero"`
	Others []shape                  `json:"others,omitzero"`
	Held   Union[shape, shapeKinds] `json:"held,omitzero"`
}

func (d *drawing) UnmarshalJSONFrom(dec *jsontext.Decoder) error { return UnmarshalWire(dec, d) }

func TestKindsDecode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    shape
		wantErr string
	}{
		{name: "type first", in: `{"@odata.type":"#microsoft.graph.circle","radius":2}`, want: circle{Radius: 2}},
		{name: "type first after space", in: " \n{ \"@odata.type\" : \"#microsoft.graph.square\", \"side\":3}", want: square{Side: 3}},
		{name: "type later", in: `{"side":4,"@odata.type":"#microsoft.graph.square"}`, want: square{Side: 4}},
		{name: "folded name", in: `{"@odata.type":"Square","side":5}`, want: square{Side: 5}},
		{name: "folded name first", in: `{"@odata.type":"#Microsoft.Graph.Circle","radius":5}`, want: circle{Radius: 5}},
		{name: "escaped name", in: `{"@odata.type":"#microsoft.graph.squ\u0061re","side":5}`, want: square{Side: 5}},
		{name: "registered name as a prefix", in: `{"@odata.type":"#microsoft.graph.squareX","side":5}`,
			want: unknownShape{typ: "#microsoft.graph.squareX", raw: jsontext.Value(`{"@odata.type":"#microsoft.graph.squareX","side":5}`)}},
		{name: "beta spelling after the type", in: `{"@odata.type":"#microsoft.graph.circle","odata.type":"#microsoft.graph.square","radius":6}`,
			want: circle{Radius: 6, Extra: jsontext.Value(`{"odata.type":"#microsoft.graph.square"}`)}},
		{name: "beta spelling", in: `{"odata.type":"microsoft.graph.square","side":6}`, want: square{Side: 6}},
		{name: "no type", in: `{"size":7}`, want: plain{Size: 7}},
		{name: "null type", in: `{"@odata.type":null,"size":8}`, want: plain{Size: 8}},
		{name: "unknown kept", in: `{"@odata.type":"#microsoft.graph.hexagon","side":1}`,
			want: unknownShape{typ: "#microsoft.graph.hexagon", raw: jsontext.Value(`{"@odata.type":"#microsoft.graph.hexagon","side":1}`)}},
		{name: "unknown members kept", in: `{"@odata.type":"#microsoft.graph.circle","radius":1,"color":"red"}`,
			want: circle{Radius: 1, Extra: jsontext.Value(`{"color":"red"}`)}},
		{name: "null", in: `null`, want: nil},
		{name: "not an object", in: `[1]`, wantErr: "want a JSON object"},
		{name: "type not a string", in: `{"size":1,"@odata.type":3}`, wantErr: "not a string"},
		{name: "bad field", in: `{"@odata.type":"#microsoft.graph.square","side":"x"}`, wantErr: "side"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := testShapes.Decode(jsontext.NewDecoder(strings.NewReader(tt.in)))
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// The leading type is read from the decoder's buffer; an object that
// straddles the end of the buffer is read whole instead, with the same
// result, unmodelled members included.
func TestKindsDecodeAcrossBufferBoundaries(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("[")
	for i := range 2000 {
		if i > 0 {
			b.WriteString(",")
		}
		if i%3 == 2 {
			b.WriteString(`{"@odata.type":"#microsoft.graph.circle","odata.type":"x","radius":` + strings.Repeat("2", 1+i%4) + `}`)
			continue
		}
		b.WriteString(`{"@odata.type":"#microsoft.graph.square","side":` + strings.Repeat("1", 1+i%5) + `}`)
	}
	b.WriteString("]")
	var got, whole []shape
	require.NoError(t, json.UnmarshalRead(iotestOneByte(b.String()), &got, WireOptions()))
	require.NoError(t, json.Unmarshal([]byte(b.String()), &whole, WireOptions()))
	require.Len(t, got, 2000)
	for i, s := range got {
		if i%3 == 2 {
			require.IsType(t, circle{}, s, "item %d", i)
			assert.Equal(t, jsontext.Value(`{"odata.type":"x"}`), s.(circle).Extra, "item %d keeps the beta spelling", i)
			continue
		}
		require.IsType(t, square{}, s, "item %d", i)
	}
	assert.Equal(t, whole, got, "the same objects, wherever the buffer ended")
}

// iotestOneByte returns a reader of s that hands out small reads, so the
// decoder's buffer ends at many places.
func iotestOneByte(s string) *smallReader { return &smallReader{s: s} }

type smallReader struct{ s string }

func (r *smallReader) Read(p []byte) (int, error) {
	if r.s == "" {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), 7)], r.s)
	r.s = r.s[n:]
	return n, nil
}

func TestUnionAndWireRoundTrip(t *testing.T) {
	t.Parallel()
	in := `{"name":"n","main":{"@odata.type":"#microsoft.graph.circle","radius":1},` +
		`"others":[{"size":2},{"@odata.type":"#microsoft.graph.square","side":3},null],` +
		`"held":{"@odata.type":"#microsoft.graph.square","side":4}}`
	var d drawing
	require.NoError(t, json.Unmarshal([]byte(in), &d))
	assert.Equal(t, drawing{
		Name: "n", Main: circle{Radius: 1}, Others: []shape{plain{Size: 2}, square{Side: 3}, nil},
		Held: Union[shape, shapeKinds]{Value: square{Side: 4}},
	}, d)
	out, err := json.Marshal(d)
	require.NoError(t, err)
	assert.JSONEq(t, in, string(out))
	assert.True(t, bytes.HasPrefix(out, []byte(`{"name":"n","main":{"@odata.type":"#microsoft.graph.circle"`)), string(out))

	out, err = json.Marshal(drawing{Name: "empty"})
	require.NoError(t, err)
	assert.Equal(t, `{"name":"empty"}`, string(out))
}

func TestTypeOfAndNames(t *testing.T) {
	t.Parallel()
	typ, err := TypeOf([]byte(`{"a":1,"odata.type":"x","@odata.type":"#microsoft.graph.y"}`))
	require.NoError(t, err)
	assert.Equal(t, "#microsoft.graph.y", typ)
	_, err = TypeOf([]byte(`{"a":1} {}`))
	assert.Error(t, err)
	assert.Equal(t, "accessreviewqueryscope", foldType("#microsoft.graph.accessReviewQueryScope"))
}

// A list of polymorphic values decodes the same whether the decoder holds
// it whole or receives it a few bytes at a time, so that the leading type
// is found in the buffer or the object is read whole first.
func FuzzKindsDecodeWholeOrInPieces(f *testing.F) {
	f.Add([]byte(`[{"@odata.type":"#microsoft.graph.circle","radius":2,"color":"red"},{"size":1},null]`))
	f.Add([]byte(`[{"@odata.type":"#Microsoft.Graph.Square","side":3},{"odata.type":"square","side":4}]`))
	f.Add([]byte(`[{"@odata.type":"#microsoft.graph.circle","odata.type":"x","radius":1}]`))
	f.Add([]byte(`[{"@odata.type":"#microsoft.graph.hexagon","side":1},{"@odata.type":"#microsoft.graph.squ\u0061re","side":5}]`))
	f.Add([]byte(`[{"@odata.type":null,"size":8},{"side":1,"@odata.type":"#microsoft.graph.square"}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var whole, pieces []shape
		errWhole := json.Unmarshal(data, &whole, WireOptions())
		errPieces := json.UnmarshalRead(iotestOneByte(string(data)), &pieces, WireOptions())
		if (errWhole == nil) != (errPieces == nil) {
			t.Fatalf("whole: %v; in pieces: %v", errWhole, errPieces)
		}
		if errWhole == nil {
			assert.Equal(t, whole, pieces)
		}
	})
}

// dot is registered but has no Type field: a Union writes its type for it.
type dot struct {
	X int `json:"x"`
}

func (dot) area() int { return 0 }

// stray has a Type field but was never registered.
type stray struct {
	Type Type[stray] `json:"@odata.type"`
}

func (stray) area() int { return 0 }

var dotShapes = func() *Kinds[shape] {
	k := NewKinds("dotted shape", func(typ string, raw jsontext.Value) (shape, error) {
		return unknownShape{typ: typ, raw: raw}, nil
	})
	AddKind[dot](k, "#microsoft.graph.dot")
	return k
}()

type dotKinds struct{}

func (dotKinds) Kinds() *Kinds[shape] { return dotShapes }

// The type name written comes from registration: a Type field writes the
// name its Go type was added under, a Union writes it for a registered type
// without one, and a Go type never registered cannot be encoded with a type.
func TestTypeNamesComeFromRegistration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		v       any
		want    string
		wantErr string
	}{
		{name: "type field", v: square{Side: 2}, want: `{"@odata.type":"#microsoft.graph.square","side":2}`},
		{name: "type field in a union", v: Union[shape, shapeKinds]{Value: circle{Radius: 1}},
			want: `{"@odata.type":"#microsoft.graph.circle","radius":1}`},
		{name: "registered type without a type field in a union", v: Union[shape, dotKinds]{Value: dot{X: 3}},
			want: `{"@odata.type":"#microsoft.graph.dot","x":3}`},
		{name: "unregistered type without a type field in a union", v: Union[shape, shapeKinds]{Value: plain{Size: 1}},
			want: `{"size":1}`},
		{name: "unregistered type field", v: stray{}, wantErr: "no @odata.type registered"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := json.Marshal(tt.v)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(out))
		})
	}
}
