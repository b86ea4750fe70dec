package odata_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/graphkit/governance/odata"
)

// A failed call returns an *odata.Error: errors.Is matches it against the
// sentinels, and errors.As reaches the Graph code and the correlation ids.
func ExampleError() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("request-id", "5d8f4a0e-0000-4000-8000-000000000001")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"error":{"code":"itemNotFound","message":"The definition was not found.",`+
			`"innerError":{"code":"resourceNotFound","date":"2025-02-13T10:17:05"}}}`)
	}))
	defer srv.Close()

	client, err := odata.NewClient(odata.WithBaseURL(srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	err = client.Do(context.Background(), &odata.Request{
		Method: http.MethodGet,
		Path:   "identityGovernance/accessReviews/definitions/7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53",
	}, nil)

	fmt.Println("not found:", errors.Is(err, odata.ErrNotFound))
	fmt.Println("throttled:", errors.Is(err, odata.ErrThrottled))
	if apiErr, ok := errors.AsType[*odata.Error](err); ok {
		fmt.Println(apiErr.StatusCode, apiErr.Code, apiErr.InnerCodes)
		fmt.Println(apiErr.Message)
		fmt.Println("request-id:", apiErr.RequestID, "date:", apiErr.Date)
		fmt.Println("client-request-id sent:", apiErr.ClientRequestID != "")
	}
	// Output:
	// not found: true
	// throttled: false
	// 404 itemNotFound [resourceNotFound]
	// The definition was not found.
	// request-id: 5d8f4a0e-0000-4000-8000-000000000001 date: 2025-02-13T10:17:05
	// client-request-id sent: true
}
