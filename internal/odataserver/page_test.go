package odataserver

import (
	"encoding/json/v2"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type pageItem struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

type pageBody struct {
	Context  string     `json:"@odata.context"`
	Count    *int       `json:"@odata.count"`
	NextLink string     `json:"@odata.nextLink"`
	Value    []pageItem `json:"value"`
}

func TestEncodePages(t *testing.T) {
	t.Parallel()
	items := []pageItem{{"1", "a", "x"}, {"2", "b", "y"}, {"3", "c", "z"}}
	page := func(t *testing.T, raw string) pageBody {
		t.Helper()
		v, err := url.ParseQuery(raw)
		require.NoError(t, err)
		q, err := ParseQuery(v)
		require.NoError(t, err)
		b, err := Encode(Page{Query: q, Size: 2, Context: "ctx", Path: "/things",
			NextLink: func(tok string) string { return "next?$skiptoken=" + tok }}, items)
		require.NoError(t, err)
		var out pageBody
		require.NoError(t, json.Unmarshal(b, &out))
		return out
	}
	first := page(t, "")
	assert.Equal(t, "ctx", first.Context)
	require.NotNil(t, first.Count)
	assert.Equal(t, 3, *first.Count, "the first page counts the whole collection")
	assert.Len(t, first.Value, 2)
	require.NotEmpty(t, first.NextLink)
	next, err := url.Parse(first.NextLink)
	require.NoError(t, err)
	second := page(t, next.RawQuery)
	assert.Nil(t, second.Count, "later pages do not count again")
	assert.Equal(t, []pageItem{{"3", "c", "z"}}, second.Value)
	assert.Empty(t, second.NextLink)

	assert.Equal(t, []pageItem{{"2", "b", "y"}}, page(t, "$skip=1&$top=1").Value)
	sel := page(t, "$select=name")
	assert.Equal(t, pageItem{ID: "1", Name: "a"}, sel.Value[0], "id comes with every $select")
	assert.Empty(t, page(t, "$skip=9").Value)
}

func TestEncodeRefusesForeignSkipTokens(t *testing.T) {
	t.Parallel()
	var token string
	_, err := Encode(Page{Size: 1, Query: Query{Top: -1}, Path: "/a",
		NextLink: func(tok string) string { token = tok; return tok }}, []int{1, 2})
	require.NoError(t, err)
	require.NotEmpty(t, token)
	_, err = Encode(Page{Size: 1, Query: Query{Top: -1, SkipToken: token}, Path: "/b"}, []int{1, 2})
	assert.ErrorIs(t, err, ErrSkipToken)
	_, err = Encode(Page{Size: 1, Query: Query{Top: -1, SkipToken: "garbage"}, Path: "/a"}, []int{1, 2})
	assert.ErrorIs(t, err, ErrSkipToken)
}

func TestWithContext(t *testing.T) {
	t.Parallel()
	assert.JSONEq(t, `{"@odata.context":"c","id":"1"}`, string(WithContext([]byte(` {"id":"1"}`), "c")))
	assert.JSONEq(t, `{"@odata.context":"c"}`, string(WithContext([]byte(`{}`), "c")))
	assert.Equal(t, `[1]`, string(WithContext([]byte(`[1]`), "c")))
}

func TestParseQueryRefusals(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{"$top=-1", "$skip=x", "$count=maybe", "$orderby=a sideways", "$foo=1"} {
		v, err := url.ParseQuery(raw)
		require.NoError(t, err)
		_, err = ParseQuery(v)
		assert.Error(t, err, raw)
	}
	q, err := ParseQuery(url.Values{"$expand": {"instance($expand=definition),insights"}, "$orderby": {"displayName desc"}})
	require.NoError(t, err)
	assert.True(t, q.Expands("instance"))
	assert.True(t, q.Expands("insights"))
	assert.False(t, q.Expands("definition"))
	assert.Equal(t, []OrderKey{{Path: "displayName", Desc: true}}, q.OrderBy)
}
