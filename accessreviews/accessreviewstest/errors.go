package accessreviewstest

import (
	"net/http"
	"time"
)

// Graph error codes the fake uses. Graph has no single catalogue; these are
// the codes its documentation and real payloads show for each situation.
const (
	codeBadRequest       = "BadRequest"
	codeInvalidRequest   = "invalidRequest"
	codeNotFound         = "itemNotFound"
	codeResourceNotFound = "ResourceNotFound"
	codeUnauthenticated  = "InvalidAuthenticationToken"
	codeForbidden        = "accessDenied"
	codeConflict         = "conflict"
	codeThrottled        = "TooManyRequests"
	codeUnavailable      = "serviceNotAvailable"
	codeGatewayTimeout   = "gatewayTimeout"
	codeFailedDependency = "FailedDependency"
	codeDirBadRequest    = "Request_BadRequest"
	codeDirNotFound      = "Request_ResourceNotFound"
)

// errorEnvelope is the OData v4 error body Graph sends with every failure.
type errorEnvelope struct {
	Error errorBody `json:"error"`
}

type errorBody struct {
	Code       string     `json:"code"`
	Message    string     `json:"message"`
	InnerError innerError `json:"innerError"`
}

// innerError carries the correlation data. Graph writes the date without a
// zone; the fake writes its own clock's time that way.
type innerError struct {
	Date            string `json:"date"`
	RequestID       string `json:"request-id"`
	ClientRequestID string `json:"client-request-id"`
}

// graphDateLayout is the zone-less layout of innerError.date.
const graphDateLayout = "2006-01-02T15:04:05"

// newErrorEnvelope builds the body of an error response.
func newErrorEnvelope(code, message, requestID, clientRequestID string, now time.Time) errorEnvelope {
	return errorEnvelope{Error: errorBody{
		Code:    code,
		Message: message,
		InnerError: innerError{
			Date:            now.UTC().Format(graphDateLayout),
			RequestID:       requestID,
			ClientRequestID: clientRequestID,
		},
	}}
}

// defaultCode is the code used for a status when the caller of Error gives
// none.
func defaultCode(status int) string {
	switch status {
	case http.StatusBadRequest:
		return codeBadRequest
	case http.StatusUnauthorized:
		return codeUnauthenticated
	case http.StatusForbidden:
		return codeForbidden
	case http.StatusNotFound:
		return codeNotFound
	case http.StatusConflict:
		return codeConflict
	case http.StatusTooManyRequests:
		return codeThrottled
	case http.StatusServiceUnavailable:
		return codeUnavailable
	case http.StatusGatewayTimeout:
		return codeGatewayTimeout
	case http.StatusFailedDependency:
		return codeFailedDependency
	}
	return "generalException"
}
