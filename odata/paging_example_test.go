package odata_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/graphkit/governance/odata"
)

type definition struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
}

// All streams every item of a collection, following @odata.nextLink after
// checking that it stays on the client's host and API version.
func ExampleAll() {
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	mux.HandleFunc("/v1.0/identityGovernance/accessReviews/definitions", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("$skiptoken") == "" {
			fmt.Fprintf(w, `{"value":[{"id":"1","displayName":"Guests"},{"id":"2","displayName":"Owners"}],`+
				`"@odata.nextLink":"%s/v1.0/identityGovernance/accessReviews/definitions?$top=2&$skiptoken=p2"}`, srv.URL)
			return
		}
		fmt.Fprint(w, `{"value":[{"id":"3","displayName":"Admins"}]}`)
	})

	client, err := odata.NewClient(odata.WithBaseURL(srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	req := &odata.Request{
		Method: http.MethodGet,
		Path:   "identityGovernance/accessReviews/definitions",
		Query:  &odata.Query{Top: 2},
	}
	for d, err := range odata.All[definition](context.Background(), client, req) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(d.ID, d.DisplayName)
	}
	// Output:
	// 1 Guests
	// 2 Owners
	// 3 Admins
}
