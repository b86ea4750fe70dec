package odata

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPagesDetectLoopsBackToAnyFetchedPage: a next link that leads back to
// a page already fetched stops the loop with ErrPaginationLoop before that
// page is fetched again, so no item is yielded twice; the first page counts,
// however its link is spelled (absolute, relative, another case of the
// host, an explicit default port), and so does the page a PagesFrom loop
// starts from.
func TestPagesDetectLoopsBackToAnyFetchedPage(t *testing.T) {
	t.Parallel()
	p2 := pagingRoot + "/v1.0/" + pagingListPath + "?$top=2&$skiptoken=2"
	p3 := pagingRoot + "/v1.0/" + pagingListPath + "?$top=2&$skiptoken=3"
	for _, tc := range []struct {
		name     string
		from     string // PagesFrom this link; "" means Pages from the request
		back     string // the link on p2 that leads back
		wantURLs []string
	}{
		{"A to B to A, A the first page", "", pagingFirstURL, []string{pagingFirstURL, p2}},
		{"first page, relative link", "", "?$top=2", []string{pagingFirstURL, p2}},
		{"first page, host in capitals", "", "https://GRAPH.microsoft.com/v1.0/" + pagingListPath + "?$top=2", []string{pagingFirstURL, p2}},
		{"first page, default port spelled out", "", "https://graph.microsoft.com:443/v1.0/" + pagingListPath + "?$top=2", []string{pagingFirstURL, p2}},
		{"A to B to C to B", "", p3, nil},
		{"PagesFrom A, then B to A", p3, p3, []string{p3, p2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, g := newPagedGraph(t)
			g.page(pagingFirstURL, []string{"a"}, p2, "")
			g.page(p2, []string{"b"}, tc.back, "")
			g.page(p3, []string{"c"}, p2, "")
			var seq func(func(*Page[pageItem], error) bool)
			if tc.from == "" {
				seq = Pages[pageItem](t.Context(), c, pagingRequest())
			} else {
				seq = PagesFrom[pageItem](t.Context(), c, pagingRequest(), tc.from)
			}
			var ids []string
			var errs []error
			for page, err := range seq {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				for _, it := range page.Items {
					ids = append(ids, it.ID)
				}
			}
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], ErrPaginationLoop)
			seen := map[string]bool{}
			for _, id := range ids {
				assert.False(t, seen[id], "item %q yielded twice", id)
				seen[id] = true
			}
			want := tc.wantURLs
			if want == nil {
				want = []string{pagingFirstURL, p2, p3}
			}
			assert.Equal(t, want, g.urls(), "no page fetched twice")
		})
	}
}

// TestPagesRejectPagesWithoutValue: a 200 page must carry a "value" array.
// A page without one, with "value": null, a body of null or no body at all
// is an error from the iterator, after the items of the pages before it,
// never a silent end of the list.
func TestPagesRejectPagesWithoutValue(t *testing.T) {
	t.Parallel()
	p2 := pagingRoot + "/v1.0/" + pagingListPath + "?$skiptoken=2"
	const noValue, null = `no "value" array`, "response body is null"
	for _, tc := range []struct {
		name, body, wantErr string
	}{
		{"no value member", `{"@odata.context":"ctx"}`, noValue},
		{"no value member but a next link", `{"@odata.nextLink":"` + p2 + `"}`, noValue},
		{"value null", `{"value":null}`, noValue},
		{"value null and a count", `{"@odata.count":3,"value":null}`, noValue},
		{"empty object", `{}`, noValue},
		{"empty body", ``, noValue},
		{"body null", `null`, null},
		{"body null with spaces", " \n null \t", null},
	} {
		for _, onPage := range []int{1, 2} {
			t.Run(tc.name+"/page "+strconv.Itoa(onPage), func(t *testing.T) {
				t.Parallel()
				c, g := newPagedGraph(t)
				if onPage == 1 {
					g.fail(pagingFirstURL, http.StatusOK, tc.body)
				} else {
					g.page(pagingFirstURL, []string{"a", "b"}, p2, "")
					g.fail(p2, http.StatusOK, tc.body)
				}
				items, errs := collectSeq(All[pageItem](t.Context(), c, pagingRequest()))
				require.Len(t, errs, 1, "an error, not an empty end")
				assert.ErrorContains(t, errs[0], tc.wantErr)
				if onPage == 2 {
					assert.Equal(t, []string{"a", "b"}, itemIDs(items))
				} else {
					assert.Empty(t, items)
				}
				assert.Equal(t, onPage, g.count())
			})
		}
	}
}
