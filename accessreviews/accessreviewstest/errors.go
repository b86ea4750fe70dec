package accessreviewstest

import "net/http"

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
	codeUnsupportedMedia = "UnsupportedMediaType"
	codeTooLarge         = "RequestEntityTooLarge"
)

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
	case http.StatusUnsupportedMediaType:
		return codeUnsupportedMedia
	case http.StatusRequestEntityTooLarge:
		return codeTooLarge
	}
	return "generalException"
}
