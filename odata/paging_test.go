package odata

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/json/jsontext"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/graphkit/governance/internal/poly"
	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	pagingRoot     = "https://graph.microsoft.com"
	pagingListPath = "identityGovernance/accessReviews/definitions"
	pagingFirstURL = pagingRoot + "/v1.0/" + pagingListPath + "?$top=2"
)

type pageItem struct {
	ID string `json:"id"`
}

// pagedGraph serves canned responses keyed by the exact URL requested, and
// records every request. Unknown URLs fail the test.
type pagedGraph struct {
	t      *testing.T
	mu     sync.Mutex
	routes map[string]func(n int) (int, string)
	sent   []*http.Request
}

func newPagedGraph(t *testing.T, opts ...Option) (*Client, *pagedGraph) {
	t.Helper()
	g := &pagedGraph{t: t, routes: map[string]func(int) (int, string){}}
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		g.mu.Lock()
		g.sent = append(g.sent, req)
		n := len(g.sent)
		route, ok := g.routes[req.URL.String()]
		g.mu.Unlock()
		if !ok {
			g.t.Errorf("unexpected request to %s", req.URL)
			return httpmock.NewStringResponse(http.StatusTeapot, ""), nil
		}
		status, body := route(n)
		resp := httpmock.NewStringResponse(status, body)
		resp.Header.Set("Content-Type", "application/json; charset=utf-8")
		return resp, nil
	})
	opts = append([]Option{WithBaseURL(pagingRoot), WithHTTPClient(&http.Client{Transport: mt})}, opts...)
	c, err := NewClient(opts...)
	require.NoError(t, err)
	return c, g
}

// page registers a fixed page at url.
func (g *pagedGraph) page(url string, ids []string, next string, extra string) {
	items := make([]string, len(ids))
	for i, id := range ids {
		items[i] = `{"id":"` + id + `"}`
	}
	body := `{"@odata.context":"ctx"` + extra + `,"value":[` + strings.Join(items, ",") + `]`
	if next != "" {
		body += `,"@odata.nextLink":` + strconv.Quote(next)
	}
	body += `}`
	g.routes[url] = func(int) (int, string) { return http.StatusOK, body }
}

func (g *pagedGraph) fail(url string, status int, body string) {
	g.routes[url] = func(int) (int, string) { return status, body }
}

func (g *pagedGraph) urls() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make([]string, len(g.sent))
	for i, r := range g.sent {
		out[i] = r.URL.String()
	}
	return out
}

func (g *pagedGraph) count() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.sent)
}

func pagingRequest() *Request {
	return &Request{Method: http.MethodGet, Path: pagingListPath, Query: &Query{Top: 2}}
}

func collectSeq[T any](seq func(func(T, error) bool)) ([]T, []error) {
	var items []T
	var errs []error
	for v, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items = append(items, v)
	}
	return items, errs
}

func itemIDs(items []pageItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.ID
	}
	return out
}

func TestAllFollowsPagesIncludingEmptyOnes(t *testing.T) {
	t.Parallel()
	c, g := newPagedGraph(t)
	p2 := pagingRoot + "/v1.0/" + pagingListPath + "?$top=2&$skiptoken=p2"
	p3 := pagingRoot + "/v1.0/" + pagingListPath + "?$top=2&$skiptoken=p3"
	g.page(pagingFirstURL, []string{"a", "b"}, p2, `,"@odata.count":3`)
	g.page(p2, nil, p3, "")
	g.page(p3, []string{"c"}, "", "")

	items, errs := collectSeq(All[pageItem](t.Context(), c, pagingRequest()))
	require.Empty(t, errs)
	assert.Equal(t, []string{"a", "b", "c"}, itemIDs(items))
	assert.Equal(t, []string{pagingFirstURL, p2, p3}, g.urls(), "links followed verbatim, in order")
}

// keptItem holds every kind of value a page's bytes could leak into: a
// string, a raw value, a polymorphic value of an unknown type (kept raw)
// and unmodelled members.
type keptItem struct {
	ID    string                             `json:"id"`
	Note  jsontext.Value                     `json:"note"`
	Shape poly.Union[shape, unknownShapeSet] `json:"shape"`
	Extra jsontext.Value                     `json:",embed"`
}

// shape is a polymorphic value; the set of its kinds knows no type, so
// every shape is an unknownShape holding the object it was read from.
type shape interface{ isShape() }

type unknownShape struct {
	typ string
	raw jsontext.Value
}

func (unknownShape) isShape() {}

var unknownShapes = poly.NewKinds("shape", func(typ string, raw jsontext.Value) (shape, error) {
	return unknownShape{typ: typ, raw: raw}, nil
})

type unknownShapeSet struct{}

func (unknownShapeSet) Kinds() *poly.Kinds[shape] { return unknownShapes }

// The pages of a list are read into one buffer in turn: what the items of
// an earlier page hold must not change when a later page is read over it.
func TestAllItemsOutliveTheirPage(t *testing.T) {
	t.Parallel()
	c, g := newPagedGraph(t)
	item := func(page, i int) string {
		tag := strings.Repeat(string(rune('a'+page)), 3+i)
		return fmt.Sprintf(`{"id":"%s%d","note":{"n":"%s"},"shape":{"@odata.type":"#microsoft.graph.hexagon","side":"%s"},"kept":["%s"]}`,
			tag, i, tag, tag, tag)
	}
	links := []string{pagingFirstURL}
	for k := 1; k < 3; k++ {
		links = append(links, pagingRoot+"/v1.0/"+pagingListPath+"?$skiptoken="+strconv.Itoa(k))
	}
	for k, link := range links {
		var items []string
		for i := range 3 - k {
			items = append(items, item(k, i))
		}
		body := `{"value":[` + strings.Join(items, ",") + `]`
		if k+1 < len(links) {
			body += `,"@odata.nextLink":` + strconv.Quote(links[k+1])
		}
		g.routes[link] = func(int) (int, string) { return http.StatusOK, body + "}" }
	}

	got, errs := collectSeq(All[keptItem](t.Context(), c, pagingRequest()))
	require.Empty(t, errs)
	require.Len(t, got, 6)
	n := 0
	for k := range links {
		for i := range 3 - k {
			tag := strings.Repeat(string(rune('a'+k)), 3+i)
			it := got[n]
			n++
			assert.Equal(t, tag+strconv.Itoa(i), it.ID)
			assert.JSONEq(t, `{"n":"`+tag+`"}`, string(it.Note))
			assert.JSONEq(t, `{"kept":["`+tag+`"]}`, string(it.Extra))
			u, ok := it.Shape.Value.(unknownShape)
			require.True(t, ok, "item %d: unknown shape, got %T", n, it.Shape.Value)
			assert.Equal(t, "#microsoft.graph.hexagon", u.typ)
			assert.JSONEq(t, `{"@odata.type":"#microsoft.graph.hexagon","side":"`+tag+`"}`, string(u.raw))
		}
	}
}

func TestAllIsLazyAndRestartable(t *testing.T) {
	t.Parallel()
	c, g := newPagedGraph(t)
	p2 := pagingRoot + "/v1.0/" + pagingListPath + "?$skiptoken=2"
	g.page(pagingFirstURL, []string{"a"}, p2, "")
	g.page(p2, []string{"b"}, "", "")

	seq := All[pageItem](t.Context(), c, pagingRequest())
	assert.Equal(t, 0, g.count(), "no request before the loop")

	first, errs := collectSeq(seq)
	require.Empty(t, errs)
	second, errs := collectSeq(seq)
	require.Empty(t, errs)
	assert.Equal(t, []string{"a", "b"}, itemIDs(first))
	assert.Equal(t, itemIDs(first), itemIDs(second), "a second range starts again from page 1")
	assert.Equal(t, []string{pagingFirstURL, p2, pagingFirstURL, p2}, g.urls())
}

func TestAllStopsFetchingOnBreak(t *testing.T) {
	t.Parallel()
	c, g := newPagedGraph(t)
	p2 := pagingRoot + "/v1.0/" + pagingListPath + "?$skiptoken=2"
	g.page(pagingFirstURL, []string{"a", "b"}, p2, "")
	g.page(p2, []string{"c"}, "", "")

	for it, err := range All[pageItem](t.Context(), c, pagingRequest()) {
		require.NoError(t, err)
		assert.Equal(t, "a", it.ID)
		break
	}
	assert.Equal(t, 1, g.count(), "the second page is never fetched")

	for page, err := range Pages[pageItem](t.Context(), c, pagingRequest()) {
		require.NoError(t, err)
		assert.Len(t, page.Items, 2)
		break
	}
	assert.Equal(t, 2, g.count())
}

func TestAllMidStreamErrorYieldsItemsThenOneError(t *testing.T) {
	t.Parallel()
	c, g := newPagedGraph(t)
	p2 := pagingRoot + "/v1.0/" + pagingListPath + "?$skiptoken=2"
	g.page(pagingFirstURL, []string{"a", "b"}, p2, "")
	g.fail(p2, http.StatusNotFound, `{"error":{"code":"itemNotFound","message":"gone"}}`)

	var got []string
	var errs []error
	for it, err := range All[pageItem](t.Context(), c, pagingRequest()) {
		if err != nil {
			assert.Equal(t, pageItem{}, it, "the error comes with the zero T")
			errs = append(errs, err)
			continue
		}
		got = append(got, it.ID)
	}
	assert.Equal(t, []string{"a", "b"}, got)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrNotFound)
	apiErr, ok := errors.AsType[*Error](errs[0])
	require.True(t, ok)
	assert.Equal(t, "itemNotFound", apiErr.Code)
	assert.Equal(t, 2, g.count())
}

func TestPagesReportCountAndNextLink(t *testing.T) {
	t.Parallel()
	c, g := newPagedGraph(t)
	p2 := pagingRoot + "/v1.0/" + pagingListPath + "?$skiptoken=2"
	g.page(pagingFirstURL, []string{"a"}, p2, `,"@odata.count":"41"`)
	g.page(p2, []string{"b"}, "", "")

	pages, errs := collectSeq(Pages[pageItem](t.Context(), c, pagingRequest()))
	require.Empty(t, errs)
	require.Len(t, pages, 2)
	assert.True(t, pages[0].HasCount)
	assert.Equal(t, int64(41), pages[0].Count)
	assert.Equal(t, p2, pages[0].NextLink)
	assert.False(t, pages[1].HasCount)
	assert.Empty(t, pages[1].NextLink)
}

func TestPagesRejectBadCount(t *testing.T) {
	t.Parallel()
	c, g := newPagedGraph(t)
	g.page(pagingFirstURL, []string{"a"}, "", `,"@odata.count":-1`)
	_, errs := collectSeq(Pages[pageItem](t.Context(), c, pagingRequest()))
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), "@odata.count")
}

func TestPagesLaterPagesKeepHeadersAndNeverMutateRequest(t *testing.T) {
	t.Parallel()
	c, g := newPagedGraph(t)
	p2 := pagingRoot + "/v1.0/" + pagingListPath + "?$skiptoken=2"
	g.page(pagingFirstURL, []string{"a"}, p2, "")
	g.page(p2, []string{"b"}, "", "")

	req := pagingRequest()
	req.Header = http.Header{"Consistencylevel": []string{"eventual"}}
	before := *req
	beforeQuery := *req.Query
	_, errs := collectSeq(All[pageItem](t.Context(), c, req))
	require.Empty(t, errs)

	assert.Equal(t, before.Path, req.Path)
	assert.Equal(t, beforeQuery, *req.Query)
	assert.Equal(t, http.Header{"Consistencylevel": []string{"eventual"}}, req.Header)
	assert.Nil(t, req.nextLink)
	g.mu.Lock()
	defer g.mu.Unlock()
	require.Len(t, g.sent, 2)
	assert.Equal(t, http.MethodGet, g.sent[1].Method)
	assert.Equal(t, "eventual", g.sent[1].Header.Get("ConsistencyLevel"), "paging re-adds the caller's headers")
}

func TestPagesFollowRelativeAndBetaLinks(t *testing.T) {
	t.Parallel()
	c, g := newPagedGraph(t)
	first := pagingRoot + "/beta/" + pagingListPath
	p2 := pagingRoot + "/beta/" + pagingListPath + "?$skiptoken=a%2Bb%3D"
	g.page(first, []string{"a"}, "/beta/"+pagingListPath+"?$skiptoken=a%2Bb%3D", "")
	g.page(p2, []string{"b"}, "", "")

	req := &Request{Path: pagingListPath, Version: Beta}
	items, errs := collectSeq(All[pageItem](t.Context(), c, req))
	require.Empty(t, errs)
	assert.Equal(t, []string{"a", "b"}, itemIDs(items))
	assert.Equal(t, []string{first, p2}, g.urls())
}

func TestPagesResolveQueryOnlyLinkAgainstEscapedPath(t *testing.T) {
	t.Parallel()
	c, g := newPagedGraph(t)
	path, err := JoinPath(Lit("users"), Key("userId", "alice smith@contoso.com"), Lit("memberOf"))
	require.NoError(t, err)
	first := pagingRoot + "/v1.0/users/alice%20smith@contoso.com/memberOf"
	g.page(first, []string{"a"}, "?$skiptoken=2", "")
	g.page(first+"?$skiptoken=2", []string{"b"}, "", "")

	items, errs := collectSeq(All[pageItem](t.Context(), c, &Request{Path: path}))
	require.Empty(t, errs)
	assert.Equal(t, []string{"a", "b"}, itemIDs(items))
	assert.Equal(t, []string{first, first + "?$skiptoken=2"}, g.urls())
}

func TestPagesDetectLoops(t *testing.T) {
	t.Parallel()
	c, g := newPagedGraph(t)
	p2 := pagingRoot + "/v1.0/" + pagingListPath + "?$skiptoken=2"
	p3 := pagingRoot + "/v1.0/" + pagingListPath + "?$skiptoken=3"
	g.page(pagingFirstURL, []string{"a"}, p2, "")
	g.page(p2, []string{"b"}, p3, "")
	g.page(p3, []string{"c"}, p2, "")

	items, errs := collectSeq(All[pageItem](t.Context(), c, pagingRequest()))
	assert.Equal(t, []string{"a", "b", "c"}, itemIDs(items))
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrPaginationLoop)
	assert.Equal(t, 3, g.count())
}

func TestPagesHonourPageLimitAndResume(t *testing.T) {
	t.Parallel()
	c, g := newPagedGraph(t, WithMaxPages(2))
	link := func(n int) string {
		return pagingRoot + "/v1.0/" + pagingListPath + "?$skiptoken=" + strconv.Itoa(n)
	}
	g.page(pagingFirstURL, []string{"p1"}, link(2), "")
	for n := 2; n <= 5; n++ {
		g.page(link(n), []string{"p" + strconv.Itoa(n)}, link(n+1), "")
	}

	pages, errs := collectSeq(Pages[pageItem](t.Context(), c, pagingRequest()))
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrPaginationLoop)
	require.Len(t, pages, 2)
	assert.Equal(t, 2, g.count(), "no request past the limit")
	assert.Equal(t, link(3), pages[1].NextLink, "the last page keeps its link for resuming")

	resumed, errs := collectSeq(PagesFrom[pageItem](t.Context(), c, pagingRequest(), pages[1].NextLink))
	require.Len(t, errs, 1)
	require.Len(t, resumed, 2)
	assert.Equal(t, "p3", resumed[0].Items[0].ID)
	assert.Equal(t, []string{pagingFirstURL, link(2), link(3), link(4)}, g.urls())
}

func TestPagesFromRefusesUntrustedLinkWithoutSending(t *testing.T) {
	t.Parallel()
	c, g := newPagedGraph(t)
	_, errs := collectSeq(PagesFrom[pageItem](t.Context(), c, nil, "https://evil.example/v1.0/x"))
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrUntrustedNextLink)
	assert.Equal(t, 0, g.count())
}

func TestPagesStopOnCancelledContext(t *testing.T) {
	t.Parallel()
	c, g := newPagedGraph(t)
	g.page(pagingFirstURL, []string{"a"}, "", "")
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, errs := collectSeq(All[pageItem](ctx, c, pagingRequest()))
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
	assert.Equal(t, 0, g.count())
}

func TestPagesNilArguments(t *testing.T) {
	t.Parallel()
	c, _ := newPagedGraph(t)
	_, errs := collectSeq(All[pageItem](t.Context(), nil, pagingRequest()))
	assert.Len(t, errs, 1)
	_, errs = collectSeq(Pages[pageItem](t.Context(), c, nil))
	assert.Len(t, errs, 1)
	_, errs = collectSeq(PagesFrom[pageItem](t.Context(), nil, nil, pagingFirstURL))
	assert.Len(t, errs, 1)
}

func FuzzDecodePage(f *testing.F) {
	f.Add([]byte(`{"@odata.context":"c","@odata.count":2,"value":[{"id":"a"},{"id":"b"}],"@odata.nextLink":"https://x/v1.0/y"}`))
	f.Add([]byte(`{"value":null,"@odata.count":"7"}`))
	f.Add([]byte(`{"value":[1,"x",null,{}],"@ODATA.NEXTLINK":5}`))
	f.Add([]byte(`{"@odata.count":1e400}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var typed pageWire[pageItem]
		if json.Unmarshal(data, &typed) == nil {
			if p, err := typed.page(); err == nil && p.HasCount && p.Count < 0 {
				t.Fatalf("negative count %d", p.Count)
			}
		}
		var raw pageWire[jsontext.Value]
		if json.Unmarshal(data, &raw) == nil {
			_, _ = raw.page()
		}
		// The streaming decoder, which lists use, must hold the same
		// guarantees on the same bytes.
		var streamed pageWire[pageItem]
		if streamed.decodeStream(bytes.NewReader(data)) == nil {
			if p, err := streamed.page(); err == nil && p.HasCount && p.Count < 0 {
				t.Fatalf("streamed: negative count %d", p.Count)
			}
		}
	})
}
