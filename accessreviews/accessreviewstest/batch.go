package accessreviewstest

import (
	"bytes"
	"encoding/json/jsontext"
	"encoding/json/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
)

// maxBatchItems is the most requests Graph takes in one $batch.
const maxBatchItems = 20

// batchRequest is one item of a $batch envelope.
type batchRequest struct {
	ID        string            `json:"id"`
	Method    string            `json:"method"`
	URL       string            `json:"url"`
	Headers   map[string]string `json:"headers,omitempty"`
	Body      jsontext.Value    `json:"body,omitzero"`
	DependsOn []string          `json:"dependsOn,omitempty"`
}

// batchResponse is one item of a $batch response.
type batchResponse struct {
	ID      string            `json:"id"`
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers,omitempty"`
	Body    jsontext.Value    `json:"body,omitzero"`
}

func (s *Server) batchRoutes() {
	s.route("POST /$batch", s.serveBatch)
}

// serveBatch runs the items of a JSON batch through the same pipeline as
// single requests (path faults, routing, handlers), one at a time, in
// dependsOn order, and answers with their responses in request order. An
// item whose dependency failed is not run: it gets 424.
func (s *Server) serveBatch(c *call) {
	var env struct {
		Requests []batchRequest `json:"requests"`
	}
	if !c.Decode(&env) {
		return
	}
	order, msg := batchOrder(env.Requests)
	if msg != "" {
		c.Error(http.StatusBadRequest, codeBadRequest, msg)
		return
	}
	results := make(map[string]batchResponse, len(env.Requests))
	for _, i := range order {
		item := env.Requests[i]
		k := strings.ToLower(item.ID)
		failed := ""
		for _, d := range item.DependsOn {
			if r := results[strings.ToLower(d)]; r.Status >= 400 {
				failed = d
				break
			}
		}
		if failed != "" {
			results[k] = s.batchFailure(c, item.ID, http.StatusFailedDependency, codeFailedDependency,
				"The request depends on request '"+failed+"', which failed.")
			continue
		}
		results[k] = s.runBatchItem(c, item)
	}
	out := make([]batchResponse, len(env.Requests))
	for i, item := range env.Requests {
		out[i] = results[strings.ToLower(item.ID)]
	}
	c.plain = true
	c.JSON(http.StatusOK, map[string]any{"responses": out})
}

// batchOrder validates the envelope and returns the items' indexes in an
// order that runs every item after its dependencies (input order
// otherwise); msg explains why the whole batch is refused.
func batchOrder(items []batchRequest) ([]int, string) {
	switch {
	case len(items) == 0:
		return nil, "The batch request must contain at least one request."
	case len(items) > maxBatchItems:
		return nil, "The number of batch requests exceeds the limit of " + strconv.Itoa(maxBatchItems) + "."
	}
	index := make(map[string]int, len(items))
	for i, it := range items {
		k := strings.ToLower(it.ID)
		if k == "" {
			return nil, "Every batch request needs an id."
		}
		if _, dup := index[k]; dup {
			return nil, "Batch request ids must be unique: '" + it.ID + "' is repeated."
		}
		if it.Method == "" || it.URL == "" {
			return nil, "Batch request '" + it.ID + "' needs a method and a url."
		}
		index[k] = i
	}
	for _, it := range items {
		for _, d := range it.DependsOn {
			if _, ok := index[strings.ToLower(d)]; !ok {
				return nil, "Batch request '" + it.ID + "' depends on an unknown request '" + d + "'."
			}
		}
	}
	// Depth-first topological sort; state 1 = visiting, 2 = done.
	state := make([]int, len(items))
	order := make([]int, 0, len(items))
	var visit func(i int) bool
	visit = func(i int) bool {
		switch state[i] {
		case 1:
			return false
		case 2:
			return true
		}
		state[i] = 1
		for _, d := range items[i].DependsOn {
			if !visit(index[strings.ToLower(d)]) {
				return false
			}
		}
		state[i] = 2
		order = append(order, i)
		return true
	}
	for i := range items {
		if !visit(i) {
			return nil, "The dependsOn chains of the batch form a cycle."
		}
	}
	return order, ""
}

// runBatchItem serves one item through the router, as if it had been sent
// alone with the envelope's credentials.
func (s *Server) runBatchItem(c *call, item batchRequest) batchResponse {
	rel := "/" + strings.TrimPrefix(item.URL, "/")
	if strings.HasPrefix(strings.ToLower(rel), "/$batch") || strings.Contains(rel, "://") {
		return s.batchFailure(c, item.ID, http.StatusBadRequest, codeBadRequest, "A batch item must be a relative URL of a single request.")
	}
	if len(item.Body) > 0 && !hasContentType(item.Headers) {
		return s.batchFailure(c, item.ID, http.StatusBadRequest, codeBadRequest, "A batch item with a body needs a Content-Type header.")
	}
	// Graph tolerates unescaped spaces in item URLs ("$filter=a eq 'b'").
	target := c.s.URL + "/" + c.Version + strings.ReplaceAll(rel, " ", "%20")
	req, err := http.NewRequestWithContext(c.r.Context(), strings.ToUpper(item.Method), target, bytes.NewReader(item.Body))
	if err != nil {
		return s.batchFailure(c, item.ID, http.StatusBadRequest, codeBadRequest, "The url or method of the batch item is not valid.")
	}
	for k, v := range item.Headers {
		req.Header.Set(k, v)
	}
	req.Header.Set("Authorization", c.r.Header.Get("Authorization"))
	entry := s.requests.add(req, s.clock.Now(), true)
	s.requests.setBody(entry, append([]byte(nil), item.Body...))

	rec := httptest.NewRecorder()
	if f, ok := s.faults.pick(req.URL.Path, true); ok {
		if !sleepCtx(req.Context(), f.Latency) {
			return s.batchFailure(c, item.ID, http.StatusGatewayTimeout, codeGatewayTimeout, "The batch was cancelled.")
		}
		fc := &call{s: s, r: req, w: rec, Version: c.Version, requestID: s.newID()}
		s.setCommonHeaders(rec, req, fc.requestID)
		if f.RetryAfter != "" {
			rec.Header().Set("Retry-After", f.RetryAfter)
		}
		fc.Error(f.Status, defaultCode(f.Status), faultMessage(f.Status))
	} else {
		s.dispatch(rec, req, item.Body)
	}
	s.requests.setStatus(entry, rec.Code)
	return recordedResponse(item.ID, rec)
}

// recordedResponse turns a recorded response into a batch item: JSON bodies
// stay JSON, other bodies become a JSON string.
func recordedResponse(id string, rec *httptest.ResponseRecorder) batchResponse {
	out := batchResponse{ID: id, Status: rec.Code, Headers: map[string]string{}}
	for k := range rec.Header() {
		if k == "Date" {
			continue
		}
		out.Headers[k] = rec.Header().Get(k)
	}
	body := rec.Body.Bytes()
	switch {
	case len(body) == 0:
	case jsontext.Value(body).IsValid():
		out.Body = append(jsontext.Value(nil), body...)
	default:
		out.Body, _ = json.Marshal(string(body))
	}
	return out
}

// batchFailure is an item answered without running it.
func (s *Server) batchFailure(c *call, id string, status int, code, message string) batchResponse {
	rec := httptest.NewRecorder()
	fc := &call{s: s, r: c.r, w: rec, Version: c.Version, requestID: s.newID()}
	fc.Error(status, code, message)
	return recordedResponse(id, rec)
}

func hasContentType(h map[string]string) bool {
	for k := range h {
		if strings.EqualFold(k, "Content-Type") {
			return true
		}
	}
	return false
}
