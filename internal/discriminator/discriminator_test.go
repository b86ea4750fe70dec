package discriminator

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPeek(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    string
		wantErr bool
	}{
		{name: "first property", in: `{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/users"}`, want: "#microsoft.graph.accessReviewQueryScope"},
		{name: "last property", in: `{"query":"/users","nested":{"@odata.type":"x"},"@odata.type":"#a"}`, want: "#a"},
		{name: "absent", in: `{"query":"/users"}`, want: ""},
		{name: "empty object", in: ` {} `, want: ""},
		{name: "null type", in: `{"@odata.type":null}`, want: ""},
		{name: "legacy spelling", in: `{"odata.type":"#microsoft.graph.userIdentity"}`, want: "#microsoft.graph.userIdentity"},
		{name: "at spelling wins", in: `{"odata.type":"#b","@odata.type":"#a"}`, want: "#a"},
		{name: "legacy used when at is null", in: `{"@odata.type":null,"odata.type":"#b"}`, want: "#b"},
		{name: "duplicate keeps last", in: `{"@odata.type":"#a","@odata.type":"#b"}`, want: "#b"},
		{name: "key case matters", in: `{"@OData.Type":"#a"}`, want: ""},
		{name: "number type", in: `{"@odata.type":5}`, wantErr: true},
		{name: "array", in: `[{"@odata.type":"#a"}]`, wantErr: true},
		{name: "null", in: `null`, wantErr: true},
		{name: "string", in: `"x"`, wantErr: true},
		{name: "empty", in: ``, wantErr: true},
		{name: "truncated", in: `{"@odata.type":"#a"`, wantErr: true},
		{name: "trailing data", in: `{"@odata.type":"#a"} {}`, wantErr: true},
		{name: "bad nested", in: `{"a":[1,}`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Peek([]byte(tt.in))
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestSplit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		in         string
		wantType   string
		wantFields map[string]string
		wantErr    bool
	}{
		{
			name:       "type and fields",
			in:         `{"@odata.type":"#a","query":"/users","n":[1, 2]}`,
			wantType:   "#a",
			wantFields: map[string]string{"query": `"/users"`, "n": `[1, 2]`},
		},
		{name: "both spellings removed", in: `{"odata.type":"#b","@odata.type":"#a"}`, wantType: "#a", wantFields: map[string]string{}},
		{name: "legacy only", in: `{"odata.type":"#b","x":true}`, wantType: "#b", wantFields: map[string]string{"x": "true"}},
		{name: "no type", in: ` {"x":null} `, wantFields: map[string]string{"x": "null"}},
		{name: "empty", in: `{}`, wantFields: map[string]string{}},
		{name: "null", in: `null`, wantErr: true},
		{name: "array", in: `[]`, wantErr: true},
		{name: "bad type", in: `{"@odata.type":{}}`, wantErr: true},
		{name: "bad legacy type", in: `{"odata.type":true}`, wantErr: true},
		{name: "malformed", in: `{"a":}`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			typ, fields, err := Split([]byte(tt.in))
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantType, typ)
			require.NotNil(t, fields)
			got := map[string]string{}
			for k, v := range fields {
				got[k] = string(v)
			}
			assert.Equal(t, tt.wantFields, got)
		})
	}
}

func TestNormalizeAndEqual(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		norm string
		eq   bool
	}{
		{a: "#microsoft.graph.accessReviewQueryScope", b: "accessReviewQueryScope", norm: "accessreviewqueryscope", eq: true},
		{a: "microsoft.graph.accessReviewQueryScope", b: "#microsoft.graph.ACCESSREVIEWQUERYSCOPE", norm: "accessreviewqueryscope", eq: true},
		{a: "#microsoft.graph.userlastsignInrecommendationinsightsetting", b: "#microsoft.graph.userLastSignInRecommendationInsightSetting", norm: "userlastsigninrecommendationinsightsetting", eq: true},
		{a: "#Microsoft.Graph.userIdentity", b: "userIdentity", norm: "useridentity", eq: true},
		{a: "#microsoft.graph.accessReviewQueryScope", b: "#microsoft.graph.accessReviewInactiveUsersQueryScope", norm: "accessreviewqueryscope", eq: false},
		{a: "#other.ns.thing", b: "thing", norm: "other.ns.thing", eq: false},
		{a: "", b: "#", norm: "", eq: true},
	}
	for _, tt := range tests {
		t.Run(tt.a+"~"+tt.b, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.norm, Normalize(tt.a))
			assert.Equal(t, tt.eq, Equal(tt.a, tt.b))
			assert.Equal(t, tt.eq, Equal(tt.b, tt.a))
		})
	}
}

func TestQualified(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"accessReviewQueryScope":                  "#microsoft.graph.accessReviewQueryScope",
		"microsoft.graph.accessReviewQueryScope":  "#microsoft.graph.accessReviewQueryScope",
		"#microsoft.graph.accessReviewQueryScope": "#microsoft.graph.accessReviewQueryScope",
		"#removeAccessApplyAction":                "#microsoft.graph.removeAccessApplyAction",
	} {
		assert.Equal(t, want, Qualified(in), in)
	}
}

type sample struct {
	Query string `json:"query"`
	N     int    `json:"n,omitempty"`
}

func TestMarshal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		typ     string
		v       any
		want    string
		wantErr bool
	}{
		{name: "struct", typ: "#microsoft.graph.accessReviewQueryScope", v: sample{Query: "/users", N: 2}, want: `{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/users","n":2}`},
		{name: "empty struct", typ: "#microsoft.graph.removeAccessApplyAction", v: struct{}{}, want: `{"@odata.type":"#microsoft.graph.removeAccessApplyAction"}`},
		{name: "nil", typ: "#a", v: nil, want: `{"@odata.type":"#a"}`},
		{name: "nil pointer", typ: "#a", v: (*sample)(nil), want: `{"@odata.type":"#a"}`},
		{name: "map sorted", typ: "#a", v: map[string]int{"b": 2, "a": 1}, want: `{"@odata.type":"#a","a":1,"b":2}`},
		{name: "no type", typ: "", v: sample{Query: "/x"}, want: `{"query":"/x"}`},
		{name: "escaped type", typ: "#a\"<b>&\x01é", v: nil, want: `{"@odata.type":"#a\"<b>&\u0001é"}`},
		{name: "not an object", typ: "#a", v: []int{1}, wantErr: true},
		{name: "unsupported", typ: "#a", v: map[string]any{"f": func() {}}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Marshal(tt.typ, tt.v)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
			assert.True(t, json.Valid(got))
		})
	}
}

func TestObject(t *testing.T) {
	t.Parallel()
	t.Run("ordered with extras", func(t *testing.T) {
		t.Parallel()
		o := NewObject("#microsoft.graph.accessReviewQueryScope")
		o.String("query", "/groups?$filter=(a eq 'b')")
		o.Field("queryType", "MicrosoftGraph")
		o.Raw("queryRoot", json.RawMessage(` null `))
		o.Extra(map[string]json.RawMessage{
			"zeta":        json.RawMessage(`1`),
			"alpha":       json.RawMessage(`{"x": [true]}`),
			"query":       json.RawMessage(`"duplicate"`),
			"@odata.type": json.RawMessage(`"#dup"`),
			"odata.type":  json.RawMessage(`"#dup"`),
		})
		got, err := o.Bytes()
		require.NoError(t, err)
		assert.Equal(t, `{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/groups?$filter=(a eq 'b')","queryType":"MicrosoftGraph","queryRoot":null,"alpha":{"x": [true]},"zeta":1}`, string(got))
	})
	t.Run("zero object", func(t *testing.T) {
		t.Parallel()
		var empty Object
		got, err := empty.Bytes()
		require.NoError(t, err)
		assert.Equal(t, `{}`, string(got))
		var o Object
		o.String("a", "é\n")
		got, err = o.Bytes()
		require.NoError(t, err)
		assert.Equal(t, "{\"a\":\"é\\n\"}", string(got))
	})
	t.Run("invalid raw sticks", func(t *testing.T) {
		t.Parallel()
		o := NewObject("#a")
		o.Raw("bad", json.RawMessage(`{`))
		o.String("after", "x")
		_, err := o.Bytes()
		assert.ErrorContains(t, err, `"bad"`)
	})
	t.Run("field error sticks", func(t *testing.T) {
		t.Parallel()
		o := NewObject("")
		o.Field("f", make(chan int))
		o.Field("g", 1)
		_, err := o.Bytes()
		assert.ErrorContains(t, err, `"f"`)
	})
}

// FuzzPeek checks that Peek never panics and agrees with Split.
func FuzzPeek(f *testing.F) {
	for _, s := range []string{
		`{"@odata.type":"#a","x":1}`, `{"odata.type":"#b"}`, `{}`, `null`, `[1]`,
		`{"@odata.type":null,"odata.type":"#c"}`, `{"a":{"@odata.type":"#n"}}`, `{"@odata.type":1}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		peeked, perr := Peek(data)
		typ, fields, serr := Split(data)
		if perr != nil || serr != nil {
			return
		}
		assert.Equal(t, typ, peeked)
		assert.NotContains(t, fields, Key)
		assert.NotContains(t, fields, legacyKey)
		out, err := Marshal(typ, fields)
		require.NoError(t, err)
		again, err := Peek(out)
		require.NoError(t, err)
		assert.Equal(t, typ, again)
	})
}
