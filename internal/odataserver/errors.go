package odataserver

import (
	"encoding/json/v2"
	"time"
)

// DateLayout is the zone-less layout of innerError.date in Graph's error
// envelope.
const DateLayout = "2006-01-02T15:04:05"

// Envelope is the OData v4 error body Graph sends with every failure.
type Envelope struct {
	Error ErrorBody `json:"error"`
}

// ErrorBody is the error object of an Envelope.
type ErrorBody struct {
	Code       string     `json:"code"`
	Message    string     `json:"message"`
	InnerError InnerError `json:"innerError"`
}

// InnerError carries the correlation data: the date (in UTC, written
// without a zone, as Graph does), the request-id of the response and the
// client-request-id the request sent.
type InnerError struct {
	Date            string `json:"date"`
	RequestID       string `json:"request-id"`
	ClientRequestID string `json:"client-request-id"`
}

// ErrorJSON returns the body of an error response.
func ErrorJSON(code, message, requestID, clientRequestID string, now time.Time) []byte {
	b, _ := json.Marshal(Envelope{Error: ErrorBody{
		Code:    code,
		Message: message,
		InnerError: InnerError{
			Date:            now.UTC().Format(DateLayout),
			RequestID:       requestID,
			ClientRequestID: clientRequestID,
		},
	}})
	return b
}
