package odata

import (
	"encoding/json/jsontext"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/graphkit/governance/internal/check"
)

// maxBatchIDLen bounds a batch request ID. Graph sets no limit, but an ID is
// echoed in errors and logs, so a hostile or accidental megabyte is refused.
const maxBatchIDLen = 128

// batchItems checks every request and returns them ready to pack, or every
// problem at once. Nothing is sent when any request is wrong.
func (c *Client) batchItems(reqs []BatchRequest) ([]*batchItem, error) {
	var errs []error
	items := make([]*batchItem, len(reqs))
	index := make(map[string]int, len(reqs))
	for i := range reqs {
		r := &reqs[i]
		it, err := c.batchItem(r)
		errs = append(errs, check.Prefix("requests["+strconv.Itoa(i)+"]", err))
		items[i] = it
		// Graph compares ids case-insensitively and rejects the whole
		// envelope on a duplicate, so catch it here, per request.
		if prev, dup := index[it.key]; dup && it.key != "" {
			errs = append(errs, check.Invalid("requests["+strconv.Itoa(i)+"].id", "duplicates the id of requests[%d] (ids are case-insensitive)", prev))
		} else if it.key != "" {
			index[it.key] = i
		}
	}
	// dependsOn is resolved only once every id is known: a request may
	// depend on one listed after it.
	for i, it := range items {
		for _, dep := range it.req.DependsOn {
			field := "requests[" + strconv.Itoa(i) + "].dependsOn"
			d, ok := index[strings.ToLower(dep)]
			switch {
			case !ok:
				errs = append(errs, check.Invalid(field, "names unknown id %q", check.Truncate(dep, 64)))
			case d == i:
				errs = append(errs, check.Invalid(field, "names the request itself"))
			default:
				it.deps = append(it.deps, d)
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if err := checkBatchChains(items); err != nil {
		return nil, err
	}
	return items, nil
}

// batchItem checks one request and builds its wire form.
func (c *Client) batchItem(r *BatchRequest) (*batchItem, error) {
	it := &batchItem{req: r, key: strings.ToLower(r.ID), version: r.Version, class: classOf(r.Class, r.Method)}
	if it.version == "" {
		it.version = c.version
	}
	var errs []error
	switch {
	case r.ID == "":
		errs = append(errs, check.Invalid("id", "is required"))
	case len(r.ID) > maxBatchIDLen:
		errs = append(errs, check.Invalid("id", "is longer than %d bytes", maxBatchIDLen))
	case strings.IndexFunc(r.ID, func(r rune) bool { return r < 0x21 || r == 0x7f }) >= 0:
		errs = append(errs, check.Invalid("id", "has a space or control character"))
	}
	// Sub-requests inherit the envelope's Authorization and client-request-id;
	// checkHeader keeps a caller from overriding them per request.
	if !validMethod(r.Method) || r.Method == http.MethodHead {
		errs = append(errs, check.Invalid("method", "must be GET, POST, PUT, PATCH or DELETE, got %q", check.Truncate(r.Method, 16)))
	}
	if !it.version.valid() {
		errs = append(errs, check.Invalid("version", "must be %q or %q, got %q", V1, Beta, check.Truncate(string(r.Version), 16)))
	}
	if r.Class < RetryDefault || r.Class > RetryNonIdempotent {
		errs = append(errs, check.Invalid("class", "unknown retry class %d", int(r.Class)))
	}
	p := strings.TrimPrefix(r.Path, "/")
	if problem := pathProblem(p); problem != "" {
		errs = append(errs, check.Invalid("path", "%s", problem))
	}
	// Sub-request URLs are relative to the version: "/users?$select=id".
	url := "/" + p
	if r.Query != nil {
		if err := r.Query.Validate(); err != nil {
			errs = append(errs, check.Prefix("query", err))
		} else if q, err := r.Query.Encode(); err != nil {
			errs = append(errs, check.Prefix("query", err))
		} else if q != "" {
			url += "?" + q
		}
	}
	errs = append(errs, checkHeader(r.Header))
	body, err := encodeBody(r.Body)
	switch {
	case err != nil:
		errs = append(errs, err)
	case body != nil && !jsontext.Value(body).IsValid(): // it is embedded as JSON, not as a string
		errs = append(errs, check.Invalid("body", "is not valid JSON"))
	}
	it.wire = batchWireRequest{ID: r.ID, Method: r.Method, URL: url, Body: body}
	if len(r.Header) > 0 || body != nil {
		it.wire.Headers = make(map[string]string, len(r.Header)+1)
		for name, vals := range r.Header {
			it.wire.Headers[http.CanonicalHeaderKey(name)] = strings.Join(vals, ", ")
		}
		// Graph requires a Content-Type on every sub-request with a body.
		if _, ok := it.wire.Headers["Content-Type"]; body != nil && !ok {
			it.wire.Headers["Content-Type"] = "application/json"
		}
	}
	return it, errors.Join(errs...)
}

// checkBatchChains rejects dependsOn cycles and chains that cannot fit in
// one envelope or mix API versions, and gives every item its chain id.
func checkBatchChains(items []*batchItem) error {
	// Union-find over dependsOn edges: a chain is a connected component.
	parent := make([]int, len(items))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i, it := range items {
		for _, d := range it.deps {
			a, b := find(i), find(d)
			if a != b {
				parent[max(a, b)] = min(a, b) // the root is the chain's first item
			}
		}
	}
	var errs []error
	size := make(map[int]int)
	for i, it := range items {
		it.group = find(i)
		size[it.group]++
		if it.version != items[it.group].version {
			errs = append(errs, check.Invalid("requests["+strconv.Itoa(i)+"].version", "differs from requests[%d] of the same dependsOn chain", it.group))
		}
	}
	for i, it := range items {
		if it.group == i && size[i] > MaxBatchSize {
			errs = append(errs, check.Invalid("requests["+strconv.Itoa(i)+"].dependsOn", "chain has %d requests; one envelope holds at most %d", size[i], MaxBatchSize))
		}
	}
	// Depth-first search for cycles: 1 = on the stack, 2 = done.
	state := make([]int, len(items))
	var visit func(int) bool
	visit = func(i int) bool {
		state[i] = 1
		for _, d := range items[i].deps {
			if state[d] == 1 || state[d] == 0 && visit(d) {
				return true
			}
		}
		state[i] = 2
		return false
	}
	for i := range items {
		if state[i] == 0 && visit(i) {
			errs = append(errs, check.Invalid("requests["+strconv.Itoa(i)+"].dependsOn", "forms a cycle"))
			break
		}
	}
	return errors.Join(errs...)
}

// pack splits the pending items into envelopes: one API version each, at
// most MaxBatchSize items, a dependsOn chain never split, dependencies before
// their dependants, otherwise in input order.
func (b *batchRun) pack(pending []int) [][]int {
	var groups [][]int
	groupOf := make(map[int]int) // chain id -> index in groups
	for _, i := range pending {
		g, ok := groupOf[b.items[i].group]
		if !ok {
			g = len(groups)
			groupOf[b.items[i].group] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], i)
	}
	// First fit in input order: a chain goes whole into the open envelope of
	// its version, or opens the next one. Envelopes then follow the input,
	// which keeps the order of side effects close to what the caller wrote.
	var envs [][]int
	open := make(map[APIVersion]int) // version -> index of its open envelope
	for _, g := range groups {
		v := b.items[g[0]].version
		e, ok := open[v]
		if !ok || len(envs[e])+len(g) > MaxBatchSize {
			e = len(envs)
			open[v] = e
			envs = append(envs, nil)
		}
		envs[e] = append(envs[e], b.topoOrder(g)...)
	}
	return envs
}

// topoOrder orders a chain so that every item comes after its dependencies,
// keeping input order otherwise. The chain has no cycle (checked up front).
func (b *batchRun) topoOrder(g []int) []int {
	member := make(map[int]bool, len(g))
	for _, i := range g {
		member[i] = true
	}
	done := make(map[int]bool, len(g))
	out := make([]int, 0, len(g))
	var visit func(int)
	visit = func(i int) {
		if done[i] {
			return
		}
		done[i] = true
		for _, d := range b.items[i].deps {
			if member[d] {
				visit(d)
			}
		}
		out = append(out, i)
	}
	for _, i := range g {
		visit(i)
	}
	return out
}
