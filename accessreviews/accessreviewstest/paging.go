package accessreviewstest

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/graphkit/governance/internal/odataserver"
)

// writePage writes one page of items as a Graph collection response: it
// applies $skip (or the $skiptoken of a next link), $top (never more than
// the server's page size) and $select, adds @odata.count on the first page
// and an opaque @odata.nextLink when more items follow. Only the page's own
// items are encoded, so paging through a large collection costs one slice
// expression and one page of JSON per request. items must be in a stable
// order (the handler filters and sorts before calling).
func writePage[T any](c *call, items []T) {
	if body, ok := encodePage(c, items); ok {
		writePageBody(c, body)
	}
}

// encodePage is writePage without the write: it returns the page's JSON, or
// false after answering the request with an error. Handlers whose items
// point at data guarded by a lock encode under the lock and write after
// releasing it, so that a slow reader never holds the lock.
func encodePage[T any](c *call, items []T) ([]byte, bool) {
	q, ok := c.Query()
	if !ok {
		return nil, false
	}
	body, err := odataserver.Encode(odataserver.Page{
		Query:    q,
		Size:     c.s.pageSize,
		Context:  c.contextURL(),
		Path:     c.r.URL.Path,
		NextLink: c.nextLink,
	}, items)
	switch {
	case errors.Is(err, odataserver.ErrSkipToken):
		c.Error(http.StatusBadRequest, codeInvalidRequest, odataserver.SkipTokenMessage)
		return nil, false
	case err != nil:
		c.Error(http.StatusInternalServerError, "generalException", "accessreviewstest: encoding the page: "+err.Error())
		return nil, false
	}
	return body, true
}

// writePageBody sends a page encoded by encodePage.
func writePageBody(c *call, body []byte) {
	c.w.Header().Set("Content-Type", "application/json")
	c.w.WriteHeader(http.StatusOK)
	_, _ = c.w.Write(body)
}

// contextURL is the @odata.context of a collection response to this
// request: the metadata URL and the request's path, each key written in
// parentheses after its collection, as the documents' responses show it
// ("…/$metadata#identityGovernance/accessReviews/definitions('{id}')/instances").
func (c *call) contextURL() string {
	if c.context != "" {
		return c.context
	}
	path, _ := c.odataPath()
	return c.s.URL + "/" + c.Version + "/$metadata#" + path
}

// entityContext is the @odata.context of a single entity: its entity set's
// path and "/$entity" ("…/definitions('{id}')/instances/$entity").
func (c *call) entityContext() string {
	if c.context != "" {
		return c.context
	}
	path, keyed := c.odataPath()
	if keyed {
		if i := strings.LastIndexByte(path, '('); i >= 0 {
			path = path[:i]
		}
	}
	return c.s.URL + "/" + c.Version + "/$metadata#" + path + "/$entity"
}

// odataPath returns the request's path after the version with every key
// segment of the route's pattern written as ('key') after the segment
// before it, and whether the path ends with a key.
func (c *call) odataPath() (string, bool) {
	path := strings.TrimPrefix(c.r.URL.Path, "/"+c.Version+"/")
	_, pattern, _ := strings.Cut(c.r.Pattern, " ")
	pattern = strings.TrimPrefix(pattern, "/"+c.Version+"/")
	segs, pats := strings.Split(path, "/"), strings.Split(pattern, "/")
	if pattern == "" || len(segs) != len(pats) {
		return path, false
	}
	var b strings.Builder
	keyed := false
	for i, seg := range segs {
		isKey := strings.HasPrefix(pats[i], "{") && strings.HasSuffix(pats[i], "}")
		switch {
		case isKey && i > 0:
			b.WriteString("('" + seg + "')")
		default:
			if i > 0 {
				b.WriteByte('/')
			}
			b.WriteString(seg)
		}
		keyed = isKey
	}
	return b.String(), keyed
}

// nextLink is the absolute link to the page a skip token starts: the
// request's own path and query options, with $skip replaced by the token.
func (c *call) nextLink(token string) string {
	v := url.Values{}
	for k, vals := range c.r.URL.Query() {
		if strings.EqualFold(k, "$skip") || strings.EqualFold(k, "$skiptoken") {
			continue
		}
		v[k] = vals
	}
	v.Set("$skiptoken", token)
	return c.s.URL + c.r.URL.EscapedPath() + "?" + v.Encode()
}

// JSONSelect writes one entity with the request's $select applied.
func (c *call) JSONSelect(status int, v any) {
	q, ok := c.Query()
	if !ok {
		return
	}
	b, err := odataserver.Select(v, q.Select)
	if err != nil {
		c.Error(http.StatusInternalServerError, "generalException", "accessreviewstest: encoding the response: "+err.Error())
		return
	}
	c.JSON(status, rawJSON(b))
}
