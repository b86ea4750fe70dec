package odata

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json/jsontext"
	"encoding/json/v2"
	"errors"
	"fmt"
	"io"
	"iter"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Page is one page of a collection response.
//
// [Pages], [All] and [PagesFrom] follow each @odata.nextLink verbatim (never
// rebuilt from its $skiptoken), and only when it is safe to send the
// caller's credentials to: it must resolve to the client's scheme (https, or
// http for a loopback root), host and port, have no user info and no
// fragment, have a path under the client's root and the request's API
// version ("/v1.0/…" or "/beta/…") without dot segments (percent-encoded
// ones included), and be at most 8 KiB of printable ASCII. Otherwise the
// iterator yields an error matching ErrUntrustedNextLink, naming the host
// but not the query, and nothing is sent. A next link to a page already
// fetched in the same loop (the first page included), or more pages than the
// client's page limit (WithMaxPages), yields an error matching
// ErrPaginationLoop before that page is fetched again, so no item is yielded
// twice. A page whose body has no "value" array (the member missing or null,
// a body of null or none) yields an error too, never a silent end of the
// list.
type Page[T any] struct {
	// Items are the page's members; a page may be empty even when more
	// pages follow.
	Items []T
	// NextLink is the page's @odata.nextLink once it has passed the same
	// checks the pager applies before following it (same host, scheme, port
	// and API version; see above). It is "" on the last page, and also when
	// the link was refused, in which case the iterator's next value is the
	// error. Save it to resume later with PagesFrom.
	NextLink string
	// Count is the page's @odata.count, valid when HasCount is set. Graph
	// sends it on the first page only, and on some collections without
	// $count being asked for.
	Count int64
	// HasCount reports whether the page carried @odata.count.
	HasCount bool
}

// All returns an iterator over every item of the collection that req lists,
// following @odata.nextLink from page to page:
//
//	for d, err := range odata.All[Decision](ctx, client, req) {
//		if err != nil {
//			return err
//		}
//		...
//	}
//
// It is lazy (nothing is sent before the loop starts), restartable (each
// range starts again from the first page), stops fetching when the loop
// breaks, and on failure yields one error with the zero T and stops; the
// items yielded before the error stay valid. It never modifies req. Only
// one page is held at a time, so memory stays flat however many pages are
// streamed. See Pages for how next links are checked.
func All[T any](ctx context.Context, c *Client, req *Request) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		if c == nil || req == nil {
			var zero T
			yield(zero, errors.New("odata: pages: nil client or request"))
			return
		}
		// The items are yielded by value, so one buffer serves every page.
		buf := new([]T)
		for page, err := range pages[T](ctx, c, req, buf) {
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range page.Items {
				if !yield(item, nil) {
					return
				}
			}
		}
	}
}

// Pages returns an iterator over the pages of the collection that req lists,
// with the same guarantees as All.
//
// Each @odata.nextLink is followed verbatim, and only when it passes the
// checks [Page] lists; otherwise the iterator yields an error matching
// [ErrUntrustedNextLink] or [ErrPaginationLoop] and sends nothing more.
//
// Later pages are GET requests with req's Header, Version and Class; req's
// Path, Query and Body apply to the first page only, since the link carries
// the query. The page at the limit keeps its NextLink, so a loop stopped by
// the limit can be resumed with PagesFrom.
func Pages[T any](ctx context.Context, c *Client, req *Request) iter.Seq2[*Page[T], error] {
	return pages[T](ctx, c, req, nil)
}

// pages is Pages decoding the items of every page into *buf when buf is
// non-nil; each page's Items is then only valid until the next page.
func pages[T any](ctx context.Context, c *Client, req *Request, buf *[]T) iter.Seq2[*Page[T], error] {
	return func(yield func(*Page[T], error) bool) {
		if c == nil || req == nil {
			yield(nil, errors.New("odata: pages: nil client or request"))
			return
		}
		first := *req
		if first.Method == "" {
			first.Method = http.MethodGet
		}
		p := newPager(c, &first)
		// The first page counts as fetched: a link leading back to it is a
		// loop like any other.
		if target, err := c.target(&first); err == nil {
			if u, err := url.Parse(target); err == nil {
				p.seen[linkKey(u)] = struct{}{}
			}
		}
		paginate(ctx, c, p, &first, p.firstURL, buf, yield)
	}
}

// PagesFrom returns an iterator over the pages of a collection from a saved
// Page.NextLink on, with the guarantees of Pages. req supplies the Header,
// Version and Class of the page requests (its Path, Query and Body are
// ignored) and may be nil for plain GETs at the client's API version. The
// link is checked before anything is sent, as in Pages.
func PagesFrom[T any](ctx context.Context, c *Client, req *Request, nextLink string) iter.Seq2[*Page[T], error] {
	return func(yield func(*Page[T], error) bool) {
		if c == nil {
			yield(nil, errors.New("odata: pages: nil client"))
			return
		}
		var base Request
		if req != nil {
			base = *req
		}
		p := newPager(c, &base)
		next, err := p.follow(p.firstURL, nextLink)
		if err != nil {
			yield(nil, err)
			return
		}
		paginate(ctx, c, p, next, next.nextLink, nil, yield)
	}
}

// paginate fetches req, the page at current, and every page after it,
// yielding each.
func paginate[T any](ctx context.Context, c *Client, p *pager, req *Request, current *url.URL, buf *[]T, yield func(*Page[T], error) bool) {
	// One decoder and one body buffer serve every page.
	dec := jsontext.NewDecoder(bytes.NewReader(nil))
	body := new(bytes.Buffer)
	for pages := 1; ; pages++ {
		if err := ctx.Err(); err != nil {
			yield(nil, err)
			return
		}
		wire := pageWire[T]{dec: dec, buf: buf, body: body}
		if err := c.Do(ctx, req, &wire); err != nil {
			yield(nil, err)
			return
		}
		page, err := wire.page()
		if err != nil {
			yield(nil, err)
			return
		}
		var next *Request
		if wire.NextLink != "" {
			next, err = p.follow(current, wire.NextLink)
			if err == nil {
				page.NextLink = next.nextLink.String()
				if pages >= p.maxPages {
					err = fmt.Errorf("odata: paging stopped at the page limit of %d pages: %w", p.maxPages, ErrPaginationLoop)
				}
			}
		}
		if !yield(page, nil) {
			return
		}
		if err != nil {
			yield(nil, err)
			return
		}
		if next == nil {
			return
		}
		req, current = next, next.nextLink
	}
}

// pager holds what one paging loop needs to check and follow next links.
type pager struct {
	root     *url.URL
	version  APIVersion
	template *Request
	firstURL *url.URL
	maxPages int
	// seen holds a digest of every link followed, so a loop is caught
	// without keeping up to 8 KiB per page in memory.
	seen map[[sha256.Size]byte]struct{}
}

func newPager(c *Client, req *Request) *pager {
	version := req.Version
	if version == "" {
		version = c.APIVersion()
	}
	// The page requests share one copy of the caller's headers, so that
	// nothing done to them can reach the caller's Request.
	template := *req
	template.Header = req.Header.Clone()
	root := c.BaseURL()
	// The first page's URL, against which a relative next link resolves.
	// req.Path is already escaped, so it is parsed rather than assigned.
	first, err := url.Parse(strings.TrimSuffix(root.String(), "/") + "/" + string(version) + "/" + strings.TrimPrefix(req.Path, "/"))
	if err != nil {
		first = root // Do refuses such a path before anything is sent
	}
	return &pager{
		root:     root,
		version:  version,
		template: &template,
		firstURL: first,
		maxPages: c.maxPages(),
		seen:     make(map[[sha256.Size]byte]struct{}),
	}
}

// follow checks link, found on the page at current, and returns the request
// for the page it points to.
func (p *pager) follow(current *url.URL, link string) (*Request, error) {
	u, err := checkNextLink(p.root, current, link, p.version)
	if err != nil {
		return nil, err
	}
	key := linkKey(u)
	if _, dup := p.seen[key]; dup {
		return nil, fmt.Errorf("odata: next link to %s repeats an earlier page: %w", redactLink(u), ErrPaginationLoop)
	}
	p.seen[key] = struct{}{}
	return &Request{
		Method:   http.MethodGet,
		Header:   p.template.Header,
		Version:  p.template.Version,
		Class:    p.template.Class,
		nextLink: u,
		// A later page needs the same kind of token as the first.
		DelegatedOnly: p.template.DelegatedOnly,
	}, nil
}

// linkKey is the digest under which a fetched page's URL is remembered. The
// scheme and host are compared without case and the default port is
// dropped, so that one page spelled two ways is still one page.
func linkKey(u *url.URL) [sha256.Size]byte {
	host := strings.ToLower(u.Hostname())
	if port := u.Port(); port != "" && port != nextLinkPort(&url.URL{Scheme: strings.ToLower(u.Scheme)}) {
		host = net.JoinHostPort(host, port)
	} else if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	canon := url.URL{Scheme: strings.ToLower(u.Scheme), Host: host, Path: u.Path, RawPath: u.RawPath, RawQuery: u.RawQuery, ForceQuery: u.ForceQuery}
	return sha256.Sum256([]byte(canon.String()))
}

// pageWire is the wire shape of a collection page. Value is a pointer so
// that a page without a "value" array (missing, null, or a body of null or
// nothing) is told apart from an empty page.
//
// A page is read whole into a buffer that serves every page of the list
// (body), then decoded (decodeStream): the members of the "value" array go
// straight into the items, into the items of the previous page when the
// caller yields items one by one (buf). Only one page is held at a time,
// bounded by the client's response limit. Reading the page at once costs a
// few large reads instead of one per few kilobytes, and lets the decoder
// parse the bytes where they lie: every object, and the "@odata.type" at
// its start that chooses the Go type of a polymorphic value, is then in
// view whole.
type pageWire[T any] struct {
	Context  string         `json:"@odata.context"`
	Count    jsontext.Value `json:"@odata.count"`
	NextLink string         `json:"@odata.nextLink"`
	Value    *[]T           `json:"value"`

	dec  *jsontext.Decoder
	buf  *[]T
	body *bytes.Buffer
}

// streamTarget is an out of Do that reads and decodes a 2xx JSON body
// itself, from the response's reader.
type streamTarget interface {
	decodeStream(r io.Reader) error
}

// decodeStream reads a page from r and decodes it, replacing what w held.
// A read error is returned as it is, before anything is decoded.
func (w *pageWire[T]) decodeStream(r io.Reader) error {
	w.Context, w.Count, w.NextLink, w.Value = "", nil, "", nil
	if w.body == nil {
		w.body = new(bytes.Buffer)
	}
	w.body.Reset()
	if _, err := w.body.ReadFrom(r); err != nil {
		return err
	}
	dec := w.dec
	if dec == nil {
		dec = jsontext.NewDecoder(bytes.NewReader(nil))
	}
	// The decoder parses the buffer in place; the values it yields are
	// copies (strings, and jsontext.Value members), so the buffer is reused
	// for the next page.
	dec.Reset(w.body, responseOptions())
	defer dec.Reset(bytes.NewReader(nil)) // the buffer is not kept by the decoder
	switch dec.PeekKind() {
	case 0:
		_, err := dec.ReadToken()
		if err == io.EOF {
			return nil // an empty body: no value array
		}
		return err
	case 'n':
		if _, err := dec.ReadToken(); err != nil {
			return err
		}
		return errNullBody
	case '{':
	default:
		return errors.New("page is not a JSON object")
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	for dec.PeekKind() != '}' {
		name, err := dec.ReadValue()
		if err != nil {
			return err
		}
		if bytes.IndexByte(name, '\\') >= 0 {
			unquoted, err := jsontext.AppendUnquote(nil, name)
			if err != nil {
				return err
			}
			name = append(append([]byte{'"'}, unquoted...), '"')
		}
		switch string(name) {
		case `"value"`:
			if err := w.decodeItems(dec); err != nil {
				return fmt.Errorf("value: %w", err)
			}
		case `"@odata.nextLink"`:
			if err := json.UnmarshalDecode(dec, &w.NextLink); err != nil {
				return fmt.Errorf("@odata.nextLink: %w", err)
			}
		case `"@odata.count"`:
			raw, err := dec.ReadValue()
			if err != nil {
				return err
			}
			w.Count = raw.Clone()
		case `"@odata.context"`:
			if err := json.UnmarshalDecode(dec, &w.Context); err != nil {
				return fmt.Errorf("@odata.context: %w", err)
			}
		default:
			if err := dec.SkipValue(); err != nil {
				return err
			}
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	if _, err := dec.ReadToken(); err != io.EOF {
		if err == nil {
			err = errors.New("data after the page object")
		}
		return err
	}
	return nil
}

// decodeItems decodes the "value" array into the items, reusing the
// array of buf (encoding/json zeroes each element before decoding into it).
func (w *pageWire[T]) decodeItems(dec *jsontext.Decoder) error {
	switch dec.PeekKind() {
	case 'n':
		_, err := dec.ReadToken()
		w.Value = nil
		return err
	case '[':
	default:
		return errors.New("not a JSON array")
	}
	items := []T{}
	if w.buf != nil && *w.buf != nil {
		items = (*w.buf)[:0]
	}
	if err := json.UnmarshalDecode(dec, &items); err != nil {
		return err
	}
	if w.buf != nil {
		*w.buf = items
	}
	w.Value = &items
	return nil
}

// errNoValue is the error of a 2xx page without a "value" array: treating
// it as an empty page would end the list silently.
var errNoValue = errors.New(`odata: page: response has no "value" array`)

// page converts the wire shape into a Page. @odata.count is accepted as a
// number or, as IEEE754Compatible services send it, a string.
func (w *pageWire[T]) page() (*Page[T], error) {
	if w.Value == nil {
		return nil, errNoValue
	}
	page := &Page[T]{Items: *w.Value}
	raw := strings.TrimSpace(string(w.Count))
	if raw == "" || raw == "null" {
		return page, nil
	}
	if unquoted, err := strconv.Unquote(raw); err == nil && strings.HasPrefix(raw, `"`) {
		raw = unquoted
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n < 0 {
		return nil, fmt.Errorf("odata: page: @odata.count %q is not a count", clipText(raw, 32))
	}
	page.Count, page.HasCount = n, true
	return page, nil
}
