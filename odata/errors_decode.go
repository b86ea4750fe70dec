package odata

import (
	"bytes"
	"encoding/json/jsontext"
	"encoding/json/v2"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Bounds of the error decoder. Error bodies come from the network and may be
// hostile or just odd (a proxy's HTML page, a truncated envelope, innerErrors
// nested without end), so everything taken from them is limited in size.
const (
	// maxErrorDecode is the largest body the decoder parses as JSON; a larger
	// one only yields a snippet. The transport reads at most 64 KiB of an
	// error body by default, so this only matters for a raised limit.
	maxErrorDecode = 1 << 20
	// maxInnerDepth bounds how many nested innerError objects are walked.
	maxInnerDepth = 16
	// maxErrorDetails bounds how many "details" entries are kept.
	maxErrorDetails = 16
	// maxErrorMessage bounds Message; maxErrorField bounds codes and ids.
	maxErrorMessage = 2048
	maxErrorField   = 256
	// errorSnippetLen bounds Snippet; errorSnippetInMessage bounds the part
	// of it that Error() repeats.
	errorSnippetLen       = 512
	errorSnippetInMessage = 160
)

// newResponseError builds the *Error for a non-2xx response. body is the
// (already bounded) start of the response body; resp may be nil. It never
// fails and never panics: whatever the body holds, the result carries the
// status, the correlation headers and either the decoded Graph envelope or a
// bounded snippet of the body. path must be the request path; anything after
// a "?" or "#" is dropped so that query values never reach an error message.
//
// The client's transport calls it for every non-2xx response. RetryAfter is
// parsed with parseRetryAfter against the wall clock; a transport with its
// own clock may overwrite it.
func newResponseError(resp *http.Response, body []byte, method, path, clientRequestID string, attempts int) *Error {
	e := &Error{
		Method:          printableText(method, 16),
		Path:            printableText(pathWithoutQuery(path), maxErrorMessage),
		ClientRequestID: printableText(clientRequestID, maxErrorField),
		Attempts:        attempts,
	}
	var h http.Header
	if resp != nil {
		e.StatusCode = resp.StatusCode
		h = resp.Header
	}
	inner := decodeErrorBody(e, body)

	// The headers are authoritative for correlation: the innerError copy is
	// a fallback for proxies and batch sub-responses that drop headers.
	e.RequestID = firstNonEmptyText(errorHeaderText(h, "request-id"), errorHeaderText(h, "x-ms-request-id"), inner.requestID)
	e.ClientRequestID = firstNonEmptyText(e.ClientRequestID, errorHeaderText(h, "client-request-id"), inner.clientRequestID)
	e.Date = firstNonEmptyText(inner.date, errorHeaderText(h, "Date"))
	e.AgsDiagnostic = printableText(h.Get("x-ms-ags-diagnostic"), maxErrorMessage)
	e.ThrottleScope = errorHeaderText(h, "x-ms-throttle-scope")
	e.ThrottleInfo = errorHeaderText(h, "x-ms-throttle-information")
	if d, ok := parseRetryAfter(h, time.Now()); ok {
		e.RetryAfter = d
	}
	return e
}

// innerInfo is what the innerError chain says about correlation.
type innerInfo struct {
	requestID, clientRequestID, date string
}

// decodeErrorBody fills Code, Message, InnerCodes and Details of e from a
// Graph error envelope, or Snippet when body is not one (or is one with
// neither code nor message). It returns the correlation fields found in the
// innerError chain, outermost first.
func decodeErrorBody(e *Error, body []byte) innerInfo {
	var info innerInfo
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return info
	}
	obj, ok := envelopeObject(trimmed)
	if !ok {
		e.Snippet = bodySnippet(trimmed)
		return info
	}
	e.Code = scalarText(lookupJSONKey(obj, "code"), maxErrorField)
	e.Message = messageText(lookupJSONKey(obj, "message"))
	e.Details = decodeDetails(lookupJSONKey(obj, "details"))

	next := lookupJSONKey(obj, "innerError")
	for depth := 0; depth < maxInnerDepth; depth++ {
		inner, ok := jsonObjectOf(next)
		if !ok {
			break
		}
		if code := scalarText(lookupJSONKey(inner, "code"), maxErrorField); code != "" {
			e.InnerCodes = append(e.InnerCodes, code)
		}
		info.requestID = firstNonEmptyText(info.requestID, scalarText(lookupJSONKey(inner, "request-id"), maxErrorField))
		info.clientRequestID = firstNonEmptyText(info.clientRequestID, scalarText(lookupJSONKey(inner, "client-request-id"), maxErrorField))
		info.date = firstNonEmptyText(info.date, scalarText(lookupJSONKey(inner, "date"), maxErrorField))
		next = lookupJSONKey(inner, "innerError")
	}
	if e.Code == "" && e.Message == "" {
		e.Snippet = bodySnippet(trimmed)
	}
	return info
}

// envelopeObject returns the object under the "error" key of a Graph error
// body, if body is such an envelope.
func envelopeObject(body []byte) (map[string]jsontext.Value, bool) {
	if len(body) > maxErrorDecode {
		return nil, false
	}
	top, ok := jsonObjectOf(body)
	if !ok {
		return nil, false
	}
	return jsonObjectOf(lookupJSONKey(top, "error"))
}

// decodeDetails decodes the "details" array, tolerating entries of any shape.
func decodeDetails(raw jsontext.Value) []ErrorDetail {
	var items []jsontext.Value
	if len(raw) == 0 || raw[0] != '[' || json.Unmarshal(raw, &items, lenient) != nil {
		return nil
	}
	var out []ErrorDetail
	for _, item := range items {
		if len(out) == maxErrorDetails {
			break
		}
		obj, ok := jsonObjectOf(item)
		if !ok {
			continue
		}
		d := ErrorDetail{
			Code:    scalarText(lookupJSONKey(obj, "code"), maxErrorField),
			Message: messageText(lookupJSONKey(obj, "message")),
			Target:  scalarText(lookupJSONKey(obj, "target"), maxErrorField),
		}
		if d != (ErrorDetail{}) {
			out = append(out, d)
		}
	}
	return out
}

// jsonObjectOf decodes raw as a JSON object, reporting false for anything
// else (null, arrays, scalars, invalid JSON).
func jsonObjectOf(raw jsontext.Value) (map[string]jsontext.Value, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil, false
	}
	var m map[string]jsontext.Value
	if err := json.Unmarshal(raw, &m, lenient); err != nil {
		return nil, false
	}
	return m, true
}

// lookupJSONKey finds name in m, exactly or else case-insensitively (Graph
// spells "innerError" both ways). Among several case-insensitive matches
// the smallest key wins, so the result does not depend on map order.
func lookupJSONKey(m map[string]jsontext.Value, name string) jsontext.Value {
	if v, ok := m[name]; ok {
		return v
	}
	var keys []string
	for k := range m {
		if strings.EqualFold(k, name) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	return m[slices.Min(keys)]
}

// scalarText renders a JSON string, number or boolean as text and anything
// else (objects, arrays, null) as "": a code of the wrong type still yields
// something to show when it is a scalar.
func scalarText(raw jsontext.Value, n int) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	switch c := raw[0]; {
	case c == '"':
		var s string
		if json.Unmarshal(raw, &s, lenient) != nil {
			return ""
		}
		return printableText(s, n)
	case c == '-' || (c >= '0' && c <= '9') || string(raw) == "true" || string(raw) == "false":
		return printableText(string(raw), n)
	}
	return ""
}

// messageText renders an error message: a string as it is, an object in the
// OData v3 shape {"lang": …, "value": …} by its value, any other object as
// compact bounded JSON.
func messageText(raw jsontext.Value) string {
	if s := scalarText(raw, maxErrorMessage); s != "" {
		return s
	}
	obj, ok := jsonObjectOf(raw)
	if !ok {
		return ""
	}
	for _, key := range []string{"value", "message"} {
		if s := scalarText(lookupJSONKey(obj, key), maxErrorMessage); s != "" {
			return s
		}
	}
	compact := jsontext.Value(bytes.Clone(raw))
	if compact.Compact(jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true)) != nil {
		return ""
	}
	return printableText(string(compact), maxErrorMessage)
}

// bodySnippet returns the bounded, printable start of a body.
func bodySnippet(body []byte) string {
	if len(body) > 4*errorSnippetLen {
		body = body[:4*errorSnippetLen]
	}
	return printableText(string(body), errorSnippetLen)
}

// errorHeaderText returns a header value made safe for an error message.
func errorHeaderText(h http.Header, name string) string {
	return printableText(h.Get(name), maxErrorField)
}

// pathWithoutQuery drops anything from the first "?" or "#" on.
func pathWithoutQuery(path string) string {
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		return path[:i]
	}
	return path
}

// printableText makes text from the network safe to print on one line: invalid
// UTF-8 and control characters (CR and LF included, so nothing can forge a
// log line) become spaces, runs of spaces collapse, invisible format
// characters (bidi overrides) are dropped, and the result is clipped to at
// most n bytes.
func printableText(s string, n int) string {
	if len(s) > 4*n {
		s = s[:4*n]
	}
	s = strings.ToValidUTF8(s, " ")
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.Is(unicode.Cf, r) {
			continue // bidi overrides and other invisible format characters
		}
		if unicode.IsControl(r) || unicode.IsSpace(r) || r == '\u2028' || r == '\u2029' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return clipText(b.String(), n)
}

// clipText shortens s to at most n bytes at a rune boundary, marking the cut
// with "…".
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := max(n-len("…"), 0)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// firstNonEmptyText returns the first of vals that is not empty.
func firstNonEmptyText(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
