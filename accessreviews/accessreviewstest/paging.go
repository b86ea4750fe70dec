package accessreviewstest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"hash/crc32"
	"net/http"
	"net/url"
	"strconv"
	"strings"
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
	offset, first := q.Skip, true
	if q.SkipToken != "" {
		off, ok := decodeSkipToken(q.SkipToken, c.r.URL.Path)
		if !ok {
			c.Error(http.StatusBadRequest, codeInvalidRequest, "The $skiptoken is invalid or belongs to another collection.")
			return nil, false
		}
		offset, first = off, false
	}
	size := c.s.pageSize
	if q.Top >= 0 && q.Top < size {
		size = q.Top
	}
	offset = min(offset, len(items))
	end := min(offset+size, len(items))

	page, err := selectItems(items[offset:end], q.Select)
	if err != nil {
		c.Error(http.StatusInternalServerError, "generalException", "accessreviewstest: encoding the page: "+err.Error())
		return nil, false
	}
	var b bytes.Buffer
	b.WriteString(`{"@odata.context":`)
	writeJSONString(&b, c.contextURL())
	if first {
		b.WriteString(`,"@odata.count":`)
		b.WriteString(strconv.Itoa(len(items)))
	}
	b.WriteString(`,"value":`)
	b.Write(page)
	if size > 0 && end < len(items) {
		b.WriteString(`,"@odata.nextLink":`)
		writeJSONString(&b, c.nextLink(end))
	}
	b.WriteByte('}')
	return b.Bytes(), true
}

// writePageBody sends a page encoded by encodePage.
func writePageBody(c *call, body []byte) {
	c.w.Header().Set("Content-Type", "application/json")
	c.w.WriteHeader(http.StatusOK)
	_, _ = c.w.Write(body)
}

// contextURL is the @odata.context of a response to this request.
func (c *call) contextURL() string {
	p := strings.TrimPrefix(c.r.URL.Path, "/"+c.Version+"/")
	return c.s.URL + "/" + c.Version + "/$metadata#" + p
}

// nextLink is the absolute link to the page starting at offset: the
// request's own path and query options, with $skip replaced by a $skiptoken.
func (c *call) nextLink(offset int) string {
	v := url.Values{}
	for k, vals := range c.r.URL.Query() {
		if strings.EqualFold(k, "$skip") || strings.EqualFold(k, "$skiptoken") {
			continue
		}
		v[k] = vals
	}
	v.Set("$skiptoken", encodeSkipToken(offset, c.r.URL.Path))
	return c.s.URL + c.r.URL.EscapedPath() + "?" + v.Encode()
}

// encodeSkipToken makes the opaque token of the page at offset of the
// collection at path. The path's checksum ties a token to its collection,
// so a token pasted onto another collection is refused, not misread.
func encodeSkipToken(offset int, path string) string {
	raw := "p1." + strconv.Itoa(offset) + "." + strconv.FormatUint(uint64(crc32.ChecksumIEEE([]byte(path))), 36)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// decodeSkipToken reads a token made by encodeSkipToken for path.
func decodeSkipToken(tok, path string) (int, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, false
	}
	parts := strings.Split(string(raw), ".")
	if len(parts) != 3 || parts[0] != "p1" {
		return 0, false
	}
	off, err := strconv.Atoi(parts[1])
	if err != nil || off < 0 {
		return 0, false
	}
	if parts[2] != strconv.FormatUint(uint64(crc32.ChecksumIEEE([]byte(path))), 36) {
		return 0, false
	}
	return off, true
}

// selectItems encodes items as a JSON array, keeping only the $select
// properties (plus id and @odata.type, which Graph always returns) when
// sel is not empty.
func selectItems[T any](items []T, sel []string) ([]byte, error) {
	if len(items) == 0 {
		return []byte("[]"), nil
	}
	if len(sel) == 0 {
		return json.Marshal(items)
	}
	out := make([]json.RawMessage, 0, len(items))
	for _, it := range items {
		b, err := selectOne(it, sel)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return json.Marshal(out)
}

// selectOne encodes v keeping only the properties in sel (and id and
// @odata.type); a value that is not a JSON object is encoded whole.
func selectOne(v any, sel []string) (json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil || len(sel) == 0 {
		return b, err
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil {
		return b, nil
	}
	keep := make(map[string]json.RawMessage, len(sel)+2)
	for k, val := range m {
		if k == "id" || k == "@odata.type" {
			keep[k] = val
			continue
		}
		for _, s := range sel {
			if strings.EqualFold(strings.TrimSpace(s), k) {
				keep[k] = val
				break
			}
		}
	}
	return json.Marshal(keep)
}

// JSONSelect writes one entity with the request's $select applied.
func (c *call) JSONSelect(status int, v any) {
	q, ok := c.Query()
	if !ok {
		return
	}
	b, err := selectOne(v, q.Select)
	if err != nil {
		c.Error(http.StatusInternalServerError, "generalException", "accessreviewstest: encoding the response: "+err.Error())
		return
	}
	c.JSON(status, b)
}

func writeJSONString(b *bytes.Buffer, s string) {
	enc, _ := json.Marshal(s)
	b.Write(enc)
}
