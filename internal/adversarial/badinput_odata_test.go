package adversarial

import (
	"math"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
)

// odataBadCases covers the transport's constructors and validators: client
// options, path segments, queries and filters, requests and batches.
func odataBadCases() []badCase {
	// opt builds a client from one bad option next to good ones.
	opt := func(name, field string, bad odata.Option) badCase {
		return badCase{pkg: "odata", name: "NewClient/" + name, field: field, run: func(t *testing.T, e *env) error {
			_, err := odata.NewClient(odata.WithHTTPClient(&http.Client{Transport: e.ct}), odata.WithTokenSource(staticToken()), bad)
			return err
		}}
	}
	// path joins segments.
	path := func(name, field string, segs ...odata.Segment) badCase {
		return badCase{pkg: "odata", name: "JoinPath/" + name, field: field, run: func(*testing.T, *env) error {
			_, err := odata.JoinPath(segs...)
			return err
		}}
	}
	// query sends a GET with q through Do, so both Encode and Do are held
	// to refusing it.
	query := func(name, field string, q odata.Query) badCase {
		return badCase{pkg: "odata", name: "Query/" + name, field: field, run: func(t *testing.T, e *env) error {
			if _, err := q.Encode(); err == nil {
				t.Errorf("Query.Encode accepted %+v", q)
			}
			return e.od.Do(ctx(t), &odata.Request{Method: http.MethodGet, Path: "identityGovernance/accessReviews/definitions", Query: &q}, nil)
		}}
	}
	filter := func(name string, f odata.Filter) badCase {
		return badCase{pkg: "odata", name: "Filter/" + name, field: "filter", run: func(t *testing.T, e *env) error {
			if f.String() != "" {
				t.Errorf("invalid filter renders as %q", f.String())
			}
			if f.Err() == nil {
				t.Errorf("invalid filter carries no error")
			}
			return e.od.Do(ctx(t), &odata.Request{Method: http.MethodGet, Path: "identityGovernance/accessReviews/definitions", Query: &odata.Query{Filter: f}}, nil)
		}}
	}
	do := func(name, field string, req odata.Request, out any) badCase {
		return badCase{pkg: "odata", name: "Do/" + name, field: field, run: func(t *testing.T, e *env) error {
			return e.od.Do(ctx(t), &req, out)
		}}
	}
	batch := func(name, field string, reqs ...odata.BatchRequest) badCase {
		return badCase{pkg: "odata", name: "Batch/" + name, field: field, run: func(t *testing.T, e *env) error {
			_, err := e.od.Batch(ctx(t), reqs)
			return err
		}}
	}
	get := func(id string) odata.BatchRequest {
		return odata.BatchRequest{ID: id, Method: http.MethodGet, Path: "identityGovernance/accessReviews/definitions"}
	}
	chain := make([]odata.BatchRequest, odata.MaxBatchSize+1)
	for i := range chain {
		chain[i] = get(strconv.Itoa(i))
		if i > 0 {
			chain[i].DependsOn = []string{strconv.Itoa(i - 1)}
		}
	}
	list := "identityGovernance/accessReviews/definitions"

	return []badCase{
		opt("http base URL", "baseURL", odata.WithBaseURL("http://graph.microsoft.com")),
		opt("base URL user info", "baseURL", odata.WithBaseURL("https://user:pw@graph.microsoft.com")),
		opt("base URL query", "baseURL", odata.WithBaseURL("https://graph.microsoft.com/?$top=1")),
		opt("base URL fragment", "baseURL", odata.WithBaseURL("https://graph.microsoft.com/#x")),
		opt("base URL ftp scheme", "baseURL", odata.WithBaseURL("ftp://graph.microsoft.com")),
		opt("base URL relative", "baseURL", odata.WithBaseURL("graph.microsoft.com/v1.0")),
		opt("base URL empty", "baseURL", odata.WithBaseURL("")),
		opt("unknown cloud", "cloud", odata.WithCloud("mars")),
		opt("unknown API version", "apiVersion", odata.WithAPIVersion("v2.0")),
		opt("nil token source", "tokenSource", odata.WithTokenSource(nil)),
		opt("empty tenant", "tenantID", odata.WithClientCredentials("", clientID, testSecret)),
		opt("tenant path traversal", "tenantID", odata.WithClientCredentials("../../evil.example", clientID, testSecret)),
		opt("client ID not a GUID", "clientID", odata.WithClientCredentials(tenantID, "my-app", testSecret)),
		opt("blank secret", "clientSecret", odata.WithClientCredentials(tenantID, clientID, " \t")),
		opt("nil HTTP client", "httpClient", odata.WithHTTPClient(nil)),
		opt("zero max response bytes", "maxResponseBytes", odata.WithMaxResponseBytes(0)),
		opt("negative max error bytes", "maxErrorBytes", odata.WithMaxErrorBytes(-1)),
		opt("zero max concurrency", "maxConcurrency", odata.WithMaxConcurrency(0)),
		opt("huge max concurrency", "maxConcurrency", odata.WithMaxConcurrency(100000)),
		opt("zero max pages", "maxPages", odata.WithMaxPages(0)),
		opt("negative attempt timeout", "attemptTimeout", odata.WithAttemptTimeout(-time.Second)),
		opt("zero token timeout", "tokenTimeout", odata.WithTokenTimeout(0)),
		opt("user agent header injection", "userAgent", odata.WithUserAgent("bot/1\r\nX-Evil: 1")),
		opt("empty user agent", "userAgent", odata.WithUserAgent("")),
		opt("too many retries", "retryPolicy.maxRetries", odata.WithRetryPolicy(odata.RetryPolicy{MaxRetries: 11})),
		{pkg: "odata", name: "NewClient/token source and credentials", field: "tokenSource", run: func(t *testing.T, e *env) error {
			_, err := odata.NewClient(odata.WithHTTPClient(&http.Client{Transport: e.ct}), odata.WithTokenSource(staticToken()),
				odata.WithClientCredentials(tenantID, clientID, testSecret))
			return err
		}},
		{pkg: "odata", name: "accessreviews.NewClient/http base URL", field: "baseURL", run: func(t *testing.T, e *env) error {
			_, err := accessreviews.NewClient(odata.WithHTTPClient(&http.Client{Transport: e.ct}), odata.WithBaseURL("http://graph.microsoft.com"))
			return err
		}},

		path("GUID not a GUID", "definitionID", odata.Lit("definitions"), odata.GUID("definitionID", "../../users")),
		path("GUID empty", "definitionID", odata.Lit("definitions"), odata.GUID("definitionID", "")),
		path("key dot dot", "key", odata.Lit("programs"), odata.Key("key", "..")),
		path("key slash", "key", odata.Lit("programs"), odata.Key("key", "a/b")),
		path("key encoded dots", "key", odata.Lit("programs"), odata.Key("key", "%2e%2e")),
		path("key double encoded slash", "key", odata.Lit("programs"), odata.Key("key", "%252f")),
		path("key backslash", "key", odata.Lit("programs"), odata.Key("key", `a\b`)),
		path("key CR LF", "key", odata.Lit("programs"), odata.Key("key", "x\r\nHost: evil")),
		path("key fullwidth dots", "key", odata.Lit("programs"), odata.Key("key", "\uff0e\uff0e")),
		path("key empty", "key", odata.Lit("programs"), odata.Key("key", "")),
		path("literal traversal", "path[0]", odata.Lit("a/../b")),
		path("literal percent", "path[0]", odata.Lit("a%2fb")),
		path("zero segment", "path[1]", odata.Lit("a"), odata.Segment{}),
		path("no segments", "path"),

		query("negative top", "top", odata.Query{Top: -1}),
		query("negative skip", "skip", odata.Query{Skip: -5}),
		query("select injection", "select[0]", odata.Query{Select: []string{"id&$expand=owners"}}),
		query("expand quote", "expand[0]", odata.Query{Expand: []string{"instances($filter=x eq 'y')"}}),
		query("orderby direction", "orderBy[0]", odata.Query{OrderBy: []string{"displayName sideways"}}),

		filter("field with a space", odata.Eq("display name", "x")),
		filter("field injection", odata.Eq("a eq 1 or b", 1)),
		filter("unsupported value type", odata.Eq("a", struct{}{})),
		filter("NaN", odata.Eq("a", math.NaN())),
		filter("not of nothing", odata.Not(odata.Filter{})),
		filter("unbalanced unsafe quote", odata.Unsafe("a eq 'x")),
		filter("in without values", odata.In("a")),
		filter("any bad variable", odata.Any("members", "m x", odata.Eq("m/userType", "Guest"))),
		filter("every without predicate", odata.Every("members", "m", odata.Filter{})),
		filter("isof unqualified", odata.IsOf("principal", "microsoft.graph.user')")),
		filter("invalid date", odata.Eq("a", odata.Date{Year: 2021, Month: 2, Day: 30})),
		filter("bad operand inside and", odata.And(odata.Eq("a", 1), odata.Eq("b c", 2))),

		do("unknown method", "method", odata.Request{Method: "TRACE", Path: list}, nil),
		do("path traversal", "path", odata.Request{Method: http.MethodGet, Path: "../../users"}, nil),
		do("authorization header", "header.Authorization", odata.Request{Method: http.MethodGet, Path: list, Header: http.Header{"Authorization": {"Bearer x"}}}, nil),
		do("header injection", "header.Prefer", odata.Request{Method: http.MethodGet, Path: list, Header: http.Header{"Prefer": {"a\r\nX-Evil: 1"}}}, nil),
		do("unknown version", "version", odata.Request{Method: http.MethodGet, Path: list, Version: "v2"}, nil),
		do("unknown retry class", "class", odata.Request{Method: http.MethodGet, Path: list, Class: 99}, nil),
		do("out not a pointer", "out", odata.Request{Method: http.MethodGet, Path: list}, map[string]any{}),
		do("body not JSON encodable", "body", odata.Request{Method: http.MethodPost, Path: list, Body: make(chan int)}, nil),

		batch("empty id", "requests[0].id", odata.BatchRequest{Method: http.MethodGet, Path: list}),
		batch("duplicate ids", "requests[1].id", get("a"), get("A")),
		batch("unknown dependency", "requests[0].dependsOn", odata.BatchRequest{ID: "a", Method: http.MethodGet, Path: list, DependsOn: []string{"zz"}}),
		batch("cycle", "requests[0].dependsOn",
			odata.BatchRequest{ID: "a", Method: http.MethodGet, Path: list, DependsOn: []string{"b"}},
			odata.BatchRequest{ID: "b", Method: http.MethodGet, Path: list, DependsOn: []string{"a"}}),
		batch("bad method", "requests[0].method", odata.BatchRequest{ID: "a", Method: "CONNECT", Path: list}),
		batch("path traversal", "requests[0].path", odata.BatchRequest{ID: "a", Method: http.MethodGet, Path: "../x"}),
		batch("body not JSON", "requests[0].body", odata.BatchRequest{ID: "a", Method: http.MethodPost, Path: list, Body: []byte("{nope")}),
		batch("chain longer than an envelope", "requests[0].dependsOn", chain...),
	}
}
