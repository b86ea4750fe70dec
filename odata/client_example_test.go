package odata_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/graphkit/governance/odata"
)

func ExampleNewClient() {
	c, err := odata.NewClient(
		odata.WithCloud(odata.USGovL4),
		odata.WithAPIVersion(odata.Beta),
		odata.WithRetryPolicy(odata.RetryPolicy{MaxRetries: 5, MaxRetryAfter: 2 * time.Minute}),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.BaseURL(), c.APIVersion(), c.Cloud().LoginHost())

	// Every bad option is reported at once.
	_, err = odata.NewClient(odata.WithBaseURL("http://graph.example.com"), odata.WithMaxConcurrency(0))
	fmt.Println(errors.Is(err, odata.ErrInvalid))
	fmt.Println(err)
	// Output:
	// https://graph.microsoft.us beta login.microsoftonline.us
	// true
	// baseURL: must use https; plain http is allowed only for loopback hosts
	// maxConcurrency: must be between 1 and 256, got 0
}

func ExampleClient_Do() {
	// A stand-in for Graph on a loopback address.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodDelete {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"error":{"code":"ResourceNotFound","message":"no such definition"}}`)
			return
		}
		fmt.Fprintf(w, `{"path":%q,"query":%q}`, r.URL.Path, r.URL.RawQuery)
	}))
	defer srv.Close()

	c, err := odata.NewClient(odata.WithBaseURL(srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	path, err := odata.JoinPath(odata.Lit("identityGovernance"), odata.Lit("accessReviews"), odata.Lit("definitions"))
	if err != nil {
		fmt.Println(err)
		return
	}
	var out struct{ Path, Query string }
	err = c.Do(ctx, &odata.Request{Method: http.MethodGet, Path: path, Query: &odata.Query{Top: 10}}, &out)
	fmt.Println(out.Path, out.Query, err)

	err = c.Do(ctx, &odata.Request{Method: http.MethodDelete, Path: path + "/7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53"}, nil)
	var e *odata.Error
	if errors.As(err, &e) {
		fmt.Println(e.StatusCode, e.Code, errors.Is(err, odata.ErrNotFound))
	}
	// Output:
	// /v1.0/identityGovernance/accessReviews/definitions $top=10 <nil>
	// 404 ResourceNotFound true
}

func ExampleClient_Batch() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Requests []struct{ ID, URL string }
		}
		body, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(body, &in)
		var out struct {
			Responses []map[string]any `json:"responses"`
		}
		for _, req := range in.Requests {
			out.Responses = append(out.Responses, map[string]any{"id": req.ID, "status": 200, "body": map[string]string{"url": req.URL}})
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(out)
	}))
	defer srv.Close()

	c, err := odata.NewClient(odata.WithBaseURL(srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	results, err := c.Batch(context.Background(), []odata.BatchRequest{
		{ID: "me", Method: http.MethodGet, Path: "me"},
		{ID: "groups", Method: http.MethodGet, Path: "groups", Query: &odata.Query{Select: []string{"id"}}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range results {
		var body struct{ URL string }
		if err := r.Decode(&body); err != nil {
			fmt.Println(r.ID, err)
			continue
		}
		fmt.Println(r.ID, r.Status, body.URL)
	}
	// Output:
	// me 200 /me
	// groups 200 /groups?$select=id
}
