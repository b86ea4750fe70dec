package odata

import (
	"bytes"
	"context"
	"encoding/json/jsontext"
	"encoding/json/v2"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/internal/poly"
)

// APIVersion is a Microsoft Graph API version: the first path segment after
// the host.
type APIVersion string

// The API versions of Microsoft Graph.
const (
	// V1 is the stable Graph API, "v1.0". It is the default.
	V1 APIVersion = "v1.0"
	// Beta is the preview Graph API, "beta". Some access review operations
	// exist only there; requests reach it from a v1.0 client through
	// Request.Version.
	Beta APIVersion = "beta"
)

// RetryClass says what may be retried for one operation, following the
// transport policy: what is safe to resend depends on what the operation does
// to the service, not on the HTTP method alone.
type RetryClass int

// The retry classes, from the most to the least retryable.
const (
	// RetryDefault derives the class from the method: GET and HEAD are
	// RetryRead; PUT, PATCH and DELETE are RetryIdempotent; POST is
	// RetryNonIdempotent.
	RetryDefault RetryClass = iota
	// RetryRead is for reads: retried on 429, 5xx and transport errors.
	RetryRead
	// RetryIdempotent is for writes that converge when repeated with the same
	// body (PUT, PATCH, DELETE): retried on 429, 503, 504, errors before the
	// request was sent, and once after an ambiguous failure.
	RetryIdempotent
	// RetryConvergent is for actions that reach the same end state if repeated
	// (stop, applyDecisions, acceptRecommendations): retried on 429, 503, 504
	// and errors before the request was sent; after an ambiguous failure the
	// caller gets an outcome-unknown error (or the request's Verify decides).
	RetryConvergent
	// RetryNonIdempotent is for creates and actions that must never run twice
	// (POST definitions, resetDecisions, sendReminder): retried only where the
	// service certainly did not process the request (429, dial errors).
	RetryNonIdempotent
)

// Request is one logical call to Graph. Do sends it, with retries, and decodes
// the response. A Request is not modified by Do and may be reused.
type Request struct {
	// Method is the HTTP method: GET, POST, PUT, PATCH or DELETE.
	Method string
	// Path is the escaped path below the API version, built with JoinPath,
	// such as "identityGovernance/accessReviews/definitions".
	Path string
	// Query holds the OData system query options. Nil means none.
	Query *Query
	// Body is sent as JSON: a []byte or jsontext.Value is sent as it is,
	// anything else is encoded with encoding/json once, before the first
	// attempt, so every retry sends the same bytes. Nil means no body.
	Body any
	// Header holds extra request headers (ConsistencyLevel, Prefer). The
	// transport's own headers (Authorization, client-request-id, User-Agent,
	// Retry-Attempt) cannot be overridden here: Do reports them as invalid.
	Header http.Header
	// Version overrides the client's API version for this request only, so
	// beta-only operations are reachable from a v1.0 client. Empty means the
	// client's version.
	Version APIVersion
	// Class is the retry class; RetryDefault derives it from Method.
	Class RetryClass
	// Verify, when set on a RetryConvergent request, is called after an
	// ambiguous failure (the request may have reached the service) to find out
	// whether the action took effect. It returns true when it did; Do then
	// reports success instead of an outcome-unknown error.
	Verify func(ctx context.Context) (bool, error)
	// DelegatedOnly marks an operation whose documented permissions include
	// no application permission: only a signed-in user's token may call it.
	// A 403 answer to it, when the client's token is an application token,
	// also matches ErrDelegatedTokenRequired.
	DelegatedOnly bool

	// nextLink, set by the pager, is an absolute URL already checked by
	// checkNextLink. It is sent verbatim instead of Path, Query and Version.
	nextLink *url.URL
	// clientRequestID, when set (by Batch), is used instead of a new one so
	// that the sub-results of a batch carry the id of their envelope.
	clientRequestID string
	// sentToken, when set (by Batch), receives the access token of the
	// call's last attempt, so that the sub-responses of an envelope can be
	// judged by the token that carried them.
	sentToken *string
}

// reservedHeaders are set by the transport on every attempt; a Request may
// not set them.
var reservedHeaders = [...]string{"Authorization", "Client-Request-Id", "User-Agent", "Retry-Attempt", "Host", "Content-Length", "Cookie"}

// checkHeader rejects header names and values that are malformed or that
// the transport owns.
func checkHeader(h http.Header) error {
	var errs []error
	for name, vals := range h {
		field := "header." + check.Truncate(name, 64)
		if !isToken(name) {
			errs = append(errs, check.Invalid(field, "is not a valid header name"))
			continue
		}
		for _, r := range reservedHeaders {
			if strings.EqualFold(name, r) {
				errs = append(errs, check.Invalid(field, "is set by the transport and cannot be overridden"))
			}
		}
		for _, v := range vals {
			if strings.ContainsAny(v, "\r\n\x00") {
				errs = append(errs, check.Invalid(field, "has a value with a line break or NUL"))
				break
			}
		}
	}
	return errors.Join(errs...)
}

// isToken reports whether s is an RFC 9110 token (a valid header name).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", ch) >= 0 {
			continue
		}
		return false
	}
	return true
}

// encodeBody returns the bytes of a request body: []byte and
// jsontext.Value as they are, anything else encoded once with
// encoding/json, so every attempt sends the same bytes. A nil body is nil.
func encodeBody(body any) ([]byte, error) {
	switch b := body.(type) {
	case nil:
		return nil, nil
	case []byte:
		return bytes.Clone(b), nil
	case jsontext.Value:
		return bytes.Clone(b), nil
	}
	data, err := json.Marshal(body, poly.WireOptions(), jsontext.AllowDuplicateNames(true))
	if err != nil {
		return nil, check.Invalid("body", "cannot be encoded as JSON: %v", err)
	}
	return data, nil
}

// pathProblem says what is wrong with an escaped relative request path, or
// "" when nothing is. It backs up JoinPath: whatever a caller builds, the
// path cannot leave the API version, carry a query or fragment, or hide a
// traversal behind percent-encoding.
func pathProblem(p string) string {
	switch {
	case p == "":
		return "is required"
	case len(p) > 4096:
		return "is longer than 4096 bytes"
	}
	for i := 0; i < len(p); i++ {
		ch := p[i]
		switch {
		case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z', ch >= '0' && ch <= '9':
		case strings.IndexByte("-._~!$&'()*+,;=:@/", ch) >= 0:
		case ch == '%':
			if i+2 >= len(p) || !isHex(p[i+1]) || !isHex(p[i+2]) {
				return fmt.Sprintf("has a malformed percent-encoding at byte %d", i)
			}
		default:
			return fmt.Sprintf("has a character that must be escaped at byte %d", i)
		}
	}
	for _, seg := range strings.Split(p, "/") {
		dec, err := url.PathUnescape(seg)
		switch {
		case seg == "":
			return "has an empty segment"
		case err != nil:
			return "has a malformed percent-encoding"
		case dec == "." || dec == "..":
			return "has a dot segment"
		case strings.ContainsAny(dec, "/\\") || strings.IndexFunc(dec, isControl) >= 0:
			return "has an escaped slash, backslash or control character in a segment"
		}
	}
	return ""
}

// isHex reports whether ch is a hexadecimal digit.
func isHex(ch byte) bool {
	return ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f' || ch >= 'A' && ch <= 'F'
}

// isControl reports whether r is an ASCII control character.
func isControl(r rune) bool { return r < 0x20 || r == 0x7f }
