package accessreviews

import (
	"errors"
	"iter"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
)

// Helpers of the instance, stage and contacted-reviewer tests. Their names
// start with e2 so they cannot clash with the helpers of the other test
// files of the package.

// IDs of the instance, stage and contacted-reviewer tests, taken from the
// Graph documentation's examples.
const (
	e2Def   DefinitionID = "5dcfcc88-da88-4252-8629-a0807b4b076d"
	e2Inst  InstanceID   = "720b8ee0-cee4-42ac-b164-894c48703acc"
	e2Stage StageID      = "7d244ab1-4ab1-7d24-b14a-247db14a247d"
	e2User1              = "4562bcc8-c436-4f95-b7c0-4f8ce89dca5e"
	e2User2              = "1ed8ac56-4827-4733-8f80-86adc2e67db5"
)

// e2InstPath is the instance the tests address, below the API version.
const e2InstPath = "identityGovernance/accessReviews/definitions/5dcfcc88-da88-4252-8629-a0807b4b076d/instances/720b8ee0-cee4-42ac-b164-894c48703acc"

// e2URL is the absolute URL of a path at an API version on the test host.
func e2URL(version odata.APIVersion, path string) string {
	return testBase + "/" + string(version) + "/" + path
}

// e2Serve registers a responder for method and url (without query) that
// hands each request to reply, which asserts on it and returns the status
// and body to answer with. A status of 204 answers with no body.
func e2Serve(mt *httpmock.MockTransport, method, url string, reply func(req *http.Request) (int, string)) {
	mt.RegisterResponder(method, url, func(req *http.Request) (*http.Response, error) {
		status, body := reply(req)
		if status == http.StatusNoContent {
			return httpmock.NewBytesResponse(status, nil), nil
		}
		resp := httpmock.NewStringResponse(status, body)
		resp.Header.Set("Content-Type", "application/json")
		return resp, nil
	})
}

// e2GraphError is a Graph error envelope with a code and a request-id.
func e2GraphError(code, requestID string) string {
	return `{"error":{"code":"` + code + `","message":"test failure","innerError":{"date":"2025-02-13T10:17:05","request-id":"` + requestID + `"}}}`
}

// e2Collect drains an iterator, stopping at the first error.
func e2Collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

// e2AssertGraphError checks that err carries a Graph error with the code
// and request-id of e2GraphError and matches the sentinel.
func e2AssertGraphError(t *testing.T, err error, code, requestID string, sentinel error) {
	t.Helper()
	var ge *odata.Error
	require.ErrorAs(t, err, &ge)
	assert.Equal(t, code, ge.Code)
	assert.Equal(t, requestID, ge.RequestID)
	assert.ErrorIs(t, err, sentinel)
}

// e2AssertField checks that err is a validation error naming field.
func e2AssertField(t *testing.T, err error, field string) {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, odata.ErrInvalid)
	assert.Contains(t, e2Fields(err), field, "error: %v", err)
}

// e2Fields lists the field names of every *odata.FieldError in err.
func e2Fields(err error) []string {
	var out []string
	var walk func(error)
	walk = func(e error) {
		switch x := e.(type) {
		case nil:
		case *odata.FieldError:
			out = append(out, x.Field)
		case interface{ Unwrap() []error }:
			for _, inner := range x.Unwrap() {
				walk(inner)
			}
		default:
			walk(errors.Unwrap(e))
		}
	}
	walk(err)
	return out
}
