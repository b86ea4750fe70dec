package legacytest

import (
	"encoding/json/v2"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/internal/odataserver"
)

// Graph error codes the legacy API answers with.
const (
	codeBadRequest     = "BadRequest"
	codeInvalidRequest = "invalidRequest"
	codeNotFound       = "itemNotFound"
	codeForbidden      = "accessDenied"
	codeConflict       = "conflict"
)

// zeroGUID is the identity the service wrote in reviewedBy and appliedBy
// until someone acted.
const zeroGUID = "00000000-0000-0000-0000-000000000000"

// pageSize is the largest page the legacy collections return.
const pageSize = 100

// maxBody bounds what a handler reads of a request body.
const maxBody = 4 << 20

// call is one request to a legacy route, with helpers that write
// Graph-shaped responses.
type call struct {
	s      *Server
	w      http.ResponseWriter
	r      *http.Request
	caller struct{ userID string }
	query  *odataserver.Query
	body   []byte
}

// route registers h for a pattern given without the version ("GET
// /accessReviews"); it is served under /beta only.
func (s *Server) route(pattern string, h func(*call)) {
	method, path, _ := strings.Cut(pattern, " ")
	s.Handle(method+" /beta"+path, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := &call{s: s, w: w, r: r}
		c.caller.userID = s.Caller(r).UserID
		h(c)
	}))
}

// Now returns the server clock's time.
func (c *call) Now() time.Time { return c.s.Clock().Now() }

// Error writes a Graph error envelope with the response's request-id.
func (c *call) Error(status int, code, message string) {
	b := odataserver.ErrorJSON(code, message, c.w.Header().Get("request-id"), c.r.Header.Get("client-request-id"), c.Now())
	c.w.Header().Set("Content-Type", "application/json")
	c.w.WriteHeader(status)
	_, _ = c.w.Write(b)
}

// JSON writes v with the given status, with the request's $select applied
// and the @odata.context of the request's path.
func (c *call) JSON(status int, v any) {
	q, ok := c.Query()
	if !ok {
		return
	}
	b, err := odataserver.Select(v, q.Select)
	if err != nil {
		c.Error(http.StatusInternalServerError, "generalException", "legacytest: encoding the response: "+err.Error())
		return
	}
	c.w.Header().Set("Content-Type", "application/json")
	c.w.WriteHeader(status)
	_, _ = c.w.Write(odataserver.WithContext(b, c.entityContext()))
}

// NoContent writes 204.
func (c *call) NoContent() { c.w.WriteHeader(http.StatusNoContent) }

// Decode reads the JSON request body into v. On a missing or invalid body
// it writes 400 and returns false.
func (c *call) Decode(v any) bool {
	if c.body == nil {
		b, err := readBody(c.r)
		if err != nil {
			c.Error(http.StatusBadRequest, codeBadRequest, "Invalid request body: "+err.Error())
			return false
		}
		c.body = b
	}
	if len(strings.TrimSpace(string(c.body))) == 0 {
		c.Error(http.StatusBadRequest, codeBadRequest, "Empty Payload. JSON content expected.")
		return false
	}
	if err := json.Unmarshal(c.body, v); err != nil {
		c.Error(http.StatusBadRequest, codeBadRequest, "Invalid request body: "+err.Error())
		return false
	}
	return true
}

// readBody reads a request body of at most maxBody bytes. The Graph host
// has read and decoded the body already; this reads its copy.
func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return []byte{}, nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err == nil && len(b) > maxBody {
		err = errors.New("the body is too large")
	}
	return b, err
}

// Query parses the request's query options; on a bad one it writes 400.
func (c *call) Query() (odataserver.Query, bool) {
	if c.query != nil {
		return *c.query, true
	}
	q, err := odataserver.ParseQuery(c.r.URL.Query())
	if err != nil {
		c.Error(http.StatusBadRequest, codeBadRequest, err.Error())
		return odataserver.Query{}, false
	}
	c.query = &q
	return q, true
}

// Filter parses the request's $filter (nil when absent); on a bad one it
// writes 400 invalidRequest.
func (c *call) Filter() (*odataserver.Filter, bool) {
	q, ok := c.Query()
	if !ok {
		return nil, false
	}
	if strings.TrimSpace(q.Filter) == "" {
		return nil, true
	}
	f, err := odataserver.ParseFilter(q.Filter)
	if err != nil {
		c.Error(http.StatusBadRequest, codeInvalidRequest, "Invalid filter clause: "+err.Error())
		return nil, false
	}
	return f, true
}

// context is the @odata.context of the request's path.
func (c *call) context() string {
	return c.s.URL + "/beta/$metadata#" + strings.TrimPrefix(c.r.URL.Path, "/beta/")
}

// entityContext is the @odata.context of one entity: its entity set's
// path (without the key the route names) and "/$entity".
func (c *call) entityContext() string {
	ctx := c.context()
	if strings.HasSuffix(c.r.Pattern, "}") {
		if i := strings.LastIndexByte(ctx, '/'); i >= 0 {
			ctx = ctx[:i]
		}
	}
	return ctx + "/$entity"
}

// writePage writes one page of items as a Graph collection.
func writePage[T any](c *call, items []T) {
	q, ok := c.Query()
	if !ok {
		return
	}
	body, err := odataserver.Encode(odataserver.Page{
		Query: q, Size: pageSize, Context: c.context(), Path: c.r.URL.Path,
		NextLink: func(token string) string {
			v := url.Values{}
			for k, vals := range c.r.URL.Query() {
				if !strings.EqualFold(k, "$skip") && !strings.EqualFold(k, "$skiptoken") {
					v[k] = vals
				}
			}
			v.Set("$skiptoken", token)
			return c.s.URL + c.r.URL.EscapedPath() + "?" + v.Encode()
		},
	}, items)
	switch {
	case errors.Is(err, odataserver.ErrSkipToken):
		c.Error(http.StatusBadRequest, codeInvalidRequest, odataserver.SkipTokenMessage)
		return
	case err != nil:
		c.Error(http.StatusInternalServerError, "generalException", "legacytest: encoding the page: "+err.Error())
		return
	}
	c.w.Header().Set("Content-Type", "application/json")
	c.w.WriteHeader(http.StatusOK)
	_, _ = c.w.Write(body)
}

// writeFiltered writes the items matching the request's $filter, paged.
func writeFiltered[T any](c *call, items []T) {
	f, ok := c.Filter()
	if !ok {
		return
	}
	out := items[:0:0]
	for _, it := range items {
		if f.Match(it) {
			out = append(out, it)
		}
	}
	writePage(c, out)
}

// requireDelegated writes 403 for an application caller: myDecisions needs
// a signed-in user.
func requireDelegated(c *call) bool {
	if c.caller.userID == "" {
		c.Error(http.StatusForbidden, codeForbidden, "This operation needs a signed-in user (delegated permission); application permissions are not supported.")
		return false
	}
	return true
}

// callerIdentity returns the caller as a userIdentity: the signed-in user,
// named from the directory, or, for an application, the service's own name.
func (l *legacyStore) callerIdentity(c *call) accessreviews.UserIdentity {
	if c.caller.userID == "" {
		return accessreviews.UserIdentity{ID: zeroGUID, DisplayName: "Application"}
	}
	if u, ok := l.s.User(c.caller.userID); ok {
		return accessreviews.UserIdentity{ID: u.ID, DisplayName: u.DisplayName, UserPrincipalName: u.UserPrincipalName}
	}
	return accessreviews.UserIdentity{ID: c.caller.userID}
}

// ownsGroup reports whether user owns the directory group groupID.
func (l *legacyStore) ownsGroup(groupID, user string) bool {
	g, ok := l.s.Group(groupID)
	if !ok {
		return false
	}
	for _, o := range g.Owners {
		if strings.EqualFold(o, user) {
			return true
		}
	}
	return false
}

// key normalises an object ID: Graph IDs are case-insensitive.
func key(id string) string { return strings.ToLower(id) }

// idSource draws the GUIDs of what the legacy API creates, from a fixed
// seed, so that a test's IDs are the same on every run.
type idSource struct {
	mu sync.Mutex
	r  *rand.Rand
}

func newIDSource() *idSource { return &idSource{r: rand.New(rand.NewPCG(1, 0x1e6a))} }

// guid returns a random version 4 GUID in Graph's lowercase form.
func (g *idSource) guid() string {
	g.mu.Lock()
	hi, lo := g.r.Uint64(), g.r.Uint64()
	g.mu.Unlock()
	hi = hi&^(0xf<<12) | 0x4<<12
	lo = lo&^(0x3<<62) | 0x2<<62
	const hex = "0123456789abcdef"
	var b [36]byte
	n := 0
	put := func(v uint64, digits int) {
		for i := digits - 1; i >= 0; i-- {
			b[n+i] = hex[v&0xf]
			v >>= 4
		}
		n += digits
	}
	put(hi>>32, 8)
	b[n] = '-'
	n++
	put((hi>>16)&0xffff, 4)
	b[n] = '-'
	n++
	put(hi&0xffff, 4)
	b[n] = '-'
	n++
	put(lo>>48, 4)
	b[n] = '-'
	n++
	put(lo&0xffffffffffff, 12)
	return string(b[:])
}
