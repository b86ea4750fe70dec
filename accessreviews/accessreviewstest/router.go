package accessreviewstest

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json/v2"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/graphkit/governance/internal/odataserver"
)

// apiVersions are the path prefixes every route is mounted under.
var apiVersions = [...]string{"v1.0", "beta"}

// maxRequestBody bounds what the fake reads of a request body.
const maxRequestBody = 4 << 20

// call is one request as a handler sees it, with helpers that write
// Graph-shaped responses.
type call struct {
	s *Server
	r *http.Request
	w http.ResponseWriter
	// Version is "v1.0" or "beta".
	Version string
	// Caller is who the bearer token names.
	Caller Caller
	// requestID is the request-id of the response, also in error bodies.
	requestID string
	// body is the request body, read once before the handler runs.
	body []byte
	// query caches the parsed query options.
	query *odataserver.Query
	// context, when set, is the @odata.context of the response instead of
	// the one the request's path gives.
	context string
	// plain leaves @odata.context out of a JSON body ($batch answers).
	plain bool
}

// route registers h for a Go 1.22 ServeMux pattern given without the API
// version ("GET /identityGovernance/accessReviews/definitions/{def}"); it
// is mounted under /v1.0 and /beta, and listed by Routes.
func (s *Server) route(pattern string, h func(*call)) {
	s.routeIn(apiVersions[:], pattern, h)
}

// routeBeta registers h under /beta only, for an endpoint v1.0 does not
// have. The same path under /v1.0 gets the 400 Graph answers for a segment
// it does not know (see betaOnly), and is not listed by Routes.
func (s *Server) routeBeta(pattern string, h func(*call)) {
	s.routeIn([]string{"beta"}, pattern, h)
	s.mountIn("v1.0", pattern, func(c *call) { betaOnly(c) })
}

// routeIn mounts h under each of versions and records the routes.
func (s *Server) routeIn(versions []string, pattern string, h func(*call)) {
	method, path, _ := strings.Cut(pattern, " ")
	for _, v := range versions {
		s.routeList = append(s.routeList, Route{Method: method, Pattern: path, Version: v})
		s.mountIn(v, pattern, h)
	}
}

// mountIn mounts h under one API version.
func (s *Server) mountIn(v, pattern string, h func(*call)) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		method, path = "", pattern
	}
	full := "/" + v + path
	if method != "" {
		full = method + " " + full
	}
	s.mux.HandleFunc(full, func(w http.ResponseWriter, r *http.Request) {
		c := callFrom(r.Context())
		if c == nil {
			return
		}
		c.w, c.r, c.Version = w, r, v
		h(c)
	})
}

// callKey carries the *call from serveGraph to the route's handler.
type callKey struct{}

func callFrom(ctx context.Context) *call {
	c, _ := ctx.Value(callKey{}).(*call)
	return c
}

// serveGraph is the Graph host: it logs the request, applies faults,
// checks the token, brings the reviews up to the clock and routes.
func (s *Server) serveGraph(w http.ResponseWriter, r *http.Request) {
	raw, tooLarge := readBounded(r.Body)
	_ = r.Body.Close()
	body, status, problem := decodeContent(r.Header.Get("Content-Encoding"), raw)
	if tooLarge {
		status, problem = http.StatusRequestEntityTooLarge, "The request body is larger than the service accepts."
	}
	entry := s.requests.add(r, s.clock.Now(), false)
	s.requests.setBody(entry, body)
	if f, ok := s.faults.pick(r.URL.Path, false); ok {
		if !f.onlyLatency() {
			s.requests.setStatus(entry, s.writeFault(w, r, f))
			return
		}
		if !sleepCtx(r.Context(), f.Latency) {
			return
		}
	}
	rec := &statusRecorder{ResponseWriter: w}
	if problem != "" {
		c := &call{s: s, r: r, w: rec, requestID: s.newID()}
		s.setCommonHeaders(rec, r, c.requestID)
		c.Error(status, defaultCode(status), problem)
	} else {
		s.dispatch(rec, r, body)
	}
	s.requests.setStatus(entry, rec.status())
}

// readBounded reads a request body of at most maxRequestBody bytes;
// tooLarge reports a longer one.
func readBounded(rd io.Reader) (body []byte, tooLarge bool) {
	if rd == nil {
		return nil, false
	}
	b, _ := io.ReadAll(io.LimitReader(rd, maxRequestBody+1))
	if len(b) > maxRequestBody {
		return nil, true
	}
	return b, false
}

// decodeContent undoes a request's Content-Encoding. The official SDKs
// compress every request body with gzip by default and send it plain only
// after a 415, so gzip is read, bounded after
// decompression like any body; identity is the body as it is; any other
// coding gets 415 Unsupported Media Type.
func decodeContent(encoding string, raw []byte) ([]byte, int, string) {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "", "identity":
		return raw, 0, ""
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, http.StatusBadRequest, "The request body is not valid gzip: " + err.Error()
		}
		out, err := io.ReadAll(io.LimitReader(zr, maxRequestBody+1))
		switch {
		case err != nil:
			return nil, http.StatusBadRequest, "The request body is not valid gzip: " + err.Error()
		case len(out) > maxRequestBody:
			return nil, http.StatusRequestEntityTooLarge, "The request body is larger than the service accepts once decompressed."
		}
		return out, 0, ""
	}
	return nil, http.StatusUnsupportedMediaType, "Content-Encoding '" + encoding + "' is not supported; send the body plain or with gzip."
}

// dispatch authenticates and routes one request (top level or a $batch
// item) whose body has been read already.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request, body []byte) {
	c := &call{s: s, r: r, w: w, body: body, requestID: s.newID()}
	s.setCommonHeaders(w, r, c.requestID)
	caller, problem := s.callerOf(r)
	if problem != "" {
		c.Error(http.StatusUnauthorized, codeUnauthenticated, problem)
		return
	}
	c.Caller = caller
	if s.ar != nil {
		s.ar.tick(s.clock.Now())
	}
	h, pattern := s.mux.Handler(r)
	if pattern == "" {
		// Let the mux tell a wrong method (405) from an unknown path (404),
		// then answer with a Graph envelope instead of its text body.
		probe := httptest.NewRecorder()
		h.ServeHTTP(probe, r)
		if probe.Code == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", probe.Header().Get("Allow"))
			c.Error(http.StatusMethodNotAllowed, codeDirBadRequest, "Specified HTTP method is not allowed for the request target.")
			return
		}
		c.Error(http.StatusNotFound, codeResourceNotFound, "Resource not found for the segment '"+lastSegment(r.URL.Path)+"'.")
		return
	}
	r = r.WithContext(context.WithValue(r.Context(), callKey{}, c))
	// Handlers mounted with Handle read the body themselves: give them the
	// copy read (and decoded) already.
	r.Body = io.NopCloser(bytes.NewReader(body))
	s.mux.ServeHTTP(w, r)
}

// setCommonHeaders sets what every Graph response carries.
func (s *Server) setCommonHeaders(w http.ResponseWriter, r *http.Request, requestID string) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("request-id", requestID)
	if id := r.Header.Get("client-request-id"); id != "" {
		h.Set("client-request-id", id)
	}
	h.Set("Date", s.clock.Now().Format(http.TimeFormat))
}

// JSON writes v as the JSON body with the given status.
func (c *call) JSON(status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		c.Error(http.StatusInternalServerError, "generalException", "accessreviewstest: encoding the response: "+err.Error())
		return
	}
	// Every response the documents show carries @odata.context, single
	// entities included; a body that sets its own keeps it.
	if !c.plain {
		b = odataserver.WithContext(b, c.entityContext())
	}
	c.w.Header().Set("Content-Type", "application/json")
	c.w.WriteHeader(status)
	_, _ = c.w.Write(b)
}

// Error writes a Graph error envelope. An empty code takes the usual code of
// the status.
func (c *call) Error(status int, code, message string) {
	if code == "" {
		code = defaultCode(status)
	}
	b := odataserver.ErrorJSON(code, message, c.requestID, c.r.Header.Get("client-request-id"), c.s.clock.Now())
	c.w.Header().Set("Content-Type", "application/json")
	c.w.WriteHeader(status)
	_, _ = c.w.Write(b)
}

// NoContent writes 204.
func (c *call) NoContent() {
	c.w.WriteHeader(http.StatusNoContent)
}

// Decode reads the JSON request body into v. On a missing or invalid body it
// writes 400 and returns false.
func (c *call) Decode(v any) bool {
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

// Body returns the raw request body.
func (c *call) Body() []byte { return c.body }

// Now returns the server clock's time.
func (c *call) Now() time.Time { return c.s.clock.Now() }

// sleepCtx waits d or until ctx ends; it reports whether the wait completed.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// lastSegment returns the last non-empty segment of p.
func lastSegment(p string) string {
	p = strings.TrimRight(p, "/")
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}
