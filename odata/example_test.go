package odata_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/graphkit/governance/odata"
)

// The quick start: build a client, build a path and a typed filter, and
// stream every item of a collection. A loopback server stands in for
// Microsoft Graph; against Graph, drop WithBaseURL and pass credentials
// such as odata.WithClientCredentials(tenantID, clientID, secret).
func Example() {
	// The stand-in answers with one item that echoes the $filter it got.
	graph := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"value":[{"displayName":"Guests of Marketing","filter":%q}]}`, r.URL.Query().Get("$filter"))
	}))
	defer graph.Close()

	client, err := odata.NewClient(odata.WithBaseURL(graph.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	path, err := odata.JoinPath(odata.Lit("identityGovernance"), odata.Lit("accessReviews"), odata.Lit("definitions"))
	if err != nil {
		fmt.Println(err)
		return
	}
	req := &odata.Request{
		Method: http.MethodGet,
		Path:   path,
		Query:  &odata.Query{Filter: odata.Contains("scope/query", "/groups/")},
	}
	type definition struct {
		DisplayName string `json:"displayName"`
		Filter      string `json:"filter"`
	}
	for d, err := range odata.All[definition](context.Background(), client, req) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(d.DisplayName, "|", d.Filter)
	}
	// Output:
	// Guests of Marketing | contains(scope/query,'/groups/')
}
