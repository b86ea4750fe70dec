package odata

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Sentinel errors. Every error the transport returns for a failed call wraps
// one of these where it applies, so callers branch with errors.Is and reach
// the details with errors.As (*Error, *OutcomeUnknownError).
var (
	// ErrBadRequest matches a 400 response.
	ErrBadRequest = errors.New("bad request")
	// ErrUnauthorized matches a 401 response (after the one retry with a fresh token).
	ErrUnauthorized = errors.New("unauthorized")
	// ErrForbidden matches a 403 response.
	ErrForbidden = errors.New("forbidden")
	// ErrNotFound matches a 404 response.
	ErrNotFound = errors.New("not found")
	// ErrConflict matches a 409 response.
	ErrConflict = errors.New("conflict")
	// ErrThrottled matches a 429 response that retries did not overcome, and a
	// Retry-After longer than the client's cap or the context's deadline.
	ErrThrottled = errors.New("throttled")
	// ErrServiceUnavailable matches 503 and 504 responses that retries did not
	// overcome.
	ErrServiceUnavailable = errors.New("service unavailable")
	// ErrOutcomeUnknown matches a non-idempotent call that may have reached
	// the service and failed ambiguously: it was not resent, and whether it
	// took effect is unknown.
	ErrOutcomeUnknown = errors.New("outcome unknown")
	// ErrUntrustedNextLink matches an @odata.nextLink that points anywhere but
	// the configured Graph host and API version. Nothing was sent to it.
	ErrUntrustedNextLink = errors.New("untrusted next link")
	// ErrPaginationLoop matches a nextLink that repeats, or paging that went
	// past the page limit.
	ErrPaginationLoop = errors.New("pagination loop")
	// ErrUnexpectedRedirect matches a 3xx response: redirects are never followed.
	ErrUnexpectedRedirect = errors.New("unexpected redirect")
	// ErrResponseTooLarge matches a response body larger than the client's
	// limit, measured after decompression.
	ErrResponseTooLarge = errors.New("response too large")
)

// Error is a failed response from Microsoft Graph: a non-2xx status with
// whatever the body and headers said about it. It never holds the request
// body, query values or credentials.
//
// Reach it with errors.As, and match its status with errors.Is and the
// sentinels: [ErrBadRequest], [ErrUnauthorized], [ErrForbidden],
// [ErrNotFound], [ErrConflict], [ErrThrottled], [ErrServiceUnavailable],
// [ErrUnexpectedRedirect] and [ErrDelegatedTokenRequired]. What the
// transport itself detects matches [ErrOutcomeUnknown],
// [ErrUntrustedNextLink], [ErrPaginationLoop] or [ErrResponseTooLarge].
type Error struct {
	// StatusCode is the HTTP status.
	StatusCode int
	// Code is the Graph error code ("itemNotFound", "TooManyRequests"); it
	// may be empty. Branch on Code and StatusCode, never on Message.
	Code string
	// Message is the service's message, for people.
	Message string
	// InnerCodes lists the codes of nested innerError objects, outermost first.
	InnerCodes []string
	// RequestID is the service's request-id (header or innerError).
	RequestID string
	// ClientRequestID is the client-request-id this library sent.
	ClientRequestID string
	// Date is the innerError date or the Date header, as the service wrote it.
	Date string
	// AgsDiagnostic is the x-ms-ags-diagnostic header.
	AgsDiagnostic string
	// RetryAfter is the wait the service asked for (0 if none).
	RetryAfter time.Duration
	// ThrottleScope and ThrottleInfo are the x-ms-throttle-scope and
	// x-ms-throttle-information headers.
	ThrottleScope, ThrottleInfo string
	// Method and Path identify the call; Path has no query string.
	Method, Path string
	// Attempts is how many times the request was sent.
	Attempts int
	// Snippet holds the start of a body that was not a Graph error envelope
	// (an HTML page, say), bounded in size.
	Snippet string
	// Details holds the entries of the envelope's "details" array (Graph
	// uses it for per-property validation failures), bounded in number.
	Details []ErrorDetail
	// Truncated reports an error body longer than the client's limit
	// (WithMaxErrorBytes): only its start was read and decoded, and the error
	// also matches ErrResponseTooLarge.
	Truncated bool
	// DelegatedTokenRequired reports a 403 to an operation that needs a
	// signed-in user's token (Request.DelegatedOnly) sent with an
	// application token; the error also matches ErrDelegatedTokenRequired.
	DelegatedTokenRequired bool
}

// ErrorDetail is one entry of a Graph error's "details" array.
type ErrorDetail struct {
	// Code is the detail's error code.
	Code string
	// Message is the detail's message, for people.
	Message string
	// Target names the property or parameter the detail is about.
	Target string
}

// Error formats the failure on one line for logs and people:
//
//	odata: GET /identityGovernance/accessReviews/definitions: 404 itemNotFound: <message> (request-id: …, client-request-id: …)
//
// It names the status, the Graph code, the message and the correlation
// identifiers support asks for. It never includes query values, headers
// beyond those identifiers, or more of the body than the bounded snippet.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("odata: ")
	if e.Method != "" || e.Path != "" {
		b.WriteString(e.Method)
		if e.Path != "" {
			if e.Method != "" {
				b.WriteByte(' ')
			}
			if !strings.HasPrefix(e.Path, "/") {
				b.WriteByte('/')
			}
			b.WriteString(e.Path)
		}
		b.WriteString(": ")
	}
	b.WriteString(strconv.Itoa(e.StatusCode))
	b.WriteByte(' ')
	if e.Code != "" {
		b.WriteString(e.Code)
	} else if text := http.StatusText(e.StatusCode); text != "" {
		b.WriteString(strings.ToLower(text))
	} else {
		b.WriteString("unexpected status")
	}
	switch {
	case e.Message != "":
		b.WriteString(": ")
		b.WriteString(e.Message)
	case e.Snippet != "":
		b.WriteString(": body ")
		b.WriteString(strconv.Quote(clipText(e.Snippet, errorSnippetInMessage)))
	}
	if e.RetryAfter > 0 {
		b.WriteString("; retry after ")
		b.WriteString(e.RetryAfter.String())
	}
	if e.Attempts > 1 {
		b.WriteString("; after ")
		b.WriteString(strconv.Itoa(e.Attempts))
		b.WriteString(" attempts")
	}
	if e.DelegatedTokenRequired {
		b.WriteString("; this operation needs a signed-in user's token and got an application token: sign in as the reviewer (odata.WithDeviceCode)")
	}
	if e.RequestID != "" || e.ClientRequestID != "" {
		b.WriteString(" (")
		if e.RequestID != "" {
			b.WriteString("request-id: ")
			b.WriteString(e.RequestID)
		}
		if e.ClientRequestID != "" {
			if e.RequestID != "" {
				b.WriteString(", ")
			}
			b.WriteString("client-request-id: ")
			b.WriteString(e.ClientRequestID)
		}
		b.WriteByte(')')
	}
	return b.String()
}

// Is maps the status to the package's sentinels, so that
// errors.Is(err, odata.ErrNotFound) works on any error wrapping an *Error:
// 400 ErrBadRequest, 401 ErrUnauthorized, 403 ErrForbidden, 404 ErrNotFound,
// 409 ErrConflict, 429 ErrThrottled, 503 and 504 ErrServiceUnavailable, and
// any 3xx ErrUnexpectedRedirect; DelegatedTokenRequired also matches
// ErrDelegatedTokenRequired.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrThrottled:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServiceUnavailable:
		return e.StatusCode == http.StatusServiceUnavailable || e.StatusCode == http.StatusGatewayTimeout
	case ErrUnexpectedRedirect:
		return e.StatusCode >= 300 && e.StatusCode < 400
	case ErrResponseTooLarge:
		return e.Truncated
	case ErrDelegatedTokenRequired:
		return e.DelegatedTokenRequired
	}
	return false
}

// OutcomeUnknownError reports a call that may have reached the service and
// failed ambiguously (a reset or timeout after the request was written) when
// resending it was not safe. The transport did not resend it; whether it took
// effect is unknown. A create or action whose 2xx answer cannot be read
// (a body that is not JSON, is null or does not decode) is reported the same
// way: the service ran it, but what it made (the new object's ID) is not
// known, and resending would make a second one. ClientRequestID is what Microsoft support needs to find
// the request, and what a caller can log to reconcile later.
type OutcomeUnknownError struct {
	// Method and Path identify the call; Path has no query string.
	Method, Path string
	// ClientRequestID is the client-request-id the request carried.
	ClientRequestID string
	// Attempts is how many times the request was sent.
	Attempts int
	// Err is the transport error of the last attempt, or why its answer
	// could not be read.
	Err error
}

// Error formats the failure without query values, bodies or credentials.
func (e *OutcomeUnknownError) Error() string {
	var b strings.Builder
	b.WriteString("odata: ")
	b.WriteString(e.Method)
	if e.Path != "" {
		b.WriteByte(' ')
		if !strings.HasPrefix(e.Path, "/") {
			b.WriteByte('/')
		}
		b.WriteString(e.Path)
	}
	b.WriteString(": outcome unknown")
	if e.Attempts > 0 {
		b.WriteString(" after ")
		b.WriteString(strconv.Itoa(e.Attempts))
		if e.Attempts == 1 {
			b.WriteString(" attempt")
		} else {
			b.WriteString(" attempts")
		}
	}
	if e.ClientRequestID != "" {
		b.WriteString(" (client-request-id: ")
		b.WriteString(e.ClientRequestID)
		b.WriteByte(')')
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Is reports whether target is ErrOutcomeUnknown.
func (e *OutcomeUnknownError) Is(target error) bool { return target == ErrOutcomeUnknown }

// Unwrap returns the transport error, so errors.Is(err, context.DeadlineExceeded)
// still works through an outcome-unknown error.
func (e *OutcomeUnknownError) Unwrap() error { return e.Err }
