package odata

import (
	"context"
	"encoding/json/jsontext"
	"encoding/json/v2"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// MaxBatchSize is the most requests Graph accepts in one $batch envelope.
// Client.Batch takes any number and splits them.
const MaxBatchSize = 20

// BatchRequest is one request of a JSON batch. Its fields mean what they mean
// on Request; Path is relative to the API version, as for Do.
type BatchRequest struct {
	// ID identifies the request in the batch; it is required and unique,
	// case-insensitively.
	ID string
	// Method is the HTTP method: GET, POST, PUT, PATCH or DELETE.
	Method string
	// Path is the escaped path below the API version, built with JoinPath.
	Path string
	// Query holds the OData system query options. Nil means none.
	Query *Query
	// Header holds extra headers of the sub-request.
	Header http.Header
	// Body is sent as JSON, like Request.Body.
	Body any
	// DependsOn lists the IDs that must succeed before this request runs.
	// A request and everything it depends on, directly or not, are sent in
	// the same envelope, so such a chain holds at most MaxBatchSize requests.
	DependsOn []string
	// Version overrides the client's API version; requests of different
	// versions go in different envelopes.
	Version APIVersion
	// Class is the retry class; RetryDefault derives it from Method.
	Class RetryClass
	// DelegatedOnly marks an operation only a signed-in user's token may
	// call, as Request.DelegatedOnly does: a 403 sub-response, when the
	// envelope carried an application token, also matches
	// ErrDelegatedTokenRequired.
	DelegatedOnly bool
}

// BatchResult is the outcome of one BatchRequest.
//
// When an envelope may have reached the service but its answer was lost or
// cannot be read or decoded (a reset, a truncated body, broken JSON, no
// "responses" array), its creates and actions get an *OutcomeUnknownError
// carrying the envelope's client-request-id and are not resent, while its
// reads and idempotent writes are sent again in a new envelope. A request
// answered twice with different statuses, answered without a valid status,
// or not answered at all gets an error too, never a success: an
// *OutcomeUnknownError if it is a create or an action.
type BatchResult struct {
	// ID is the request's ID.
	ID string
	// Status is the sub-response's HTTP status; 0 if none was received.
	Status int
	// Header holds the sub-response's headers.
	Header http.Header
	// Body is the sub-response's JSON body; nil if it had none.
	Body jsontext.Value
	// Err is nil for a 2xx status. Otherwise it is an *Error for a non-2xx
	// sub-response, an *OutcomeUnknownError when the envelope failed
	// ambiguously and the request was not safe to resend, or the error that
	// kept the request from being answered.
	Err error
}

// Decode decodes the result's body into out; it returns r.Err if there is
// one, and leaves out untouched for an empty body.
func (r *BatchResult) Decode(out any) error {
	if r.Err != nil {
		return r.Err
	}
	if len(r.Body) == 0 || string(r.Body) == "null" {
		return nil
	}
	if err := json.Unmarshal(r.Body, out, responseOptions()); err != nil {
		return fmt.Errorf("odata: batch: decode %q: %w", r.ID, err)
	}
	return nil
}

// Batch sends reqs through POST /$batch, in as many envelopes of at most
// MaxBatchSize as needed, and returns one result per request, in the order
// of reqs. Responses are matched to requests by ID. Sub-requests the service
// throttled (429), and the dependants that failed with 424 because of them,
// are sent again in a new envelope after the longest Retry-After, within the
// client's retry policy. Each envelope is retried by Do as the weakest retry
// class of its requests allows; [BatchResult] says what a request gets when
// its envelope's answer is lost or unreadable.
//
// Before anything is sent, every request is checked (IDs, methods, paths,
// queries, headers, bodies, dependsOn ids, cycles and chain sizes) and every
// problem is reported at once, as errors.Join of *FieldError. Otherwise the
// error is nil unless ctx ended; the outcome of each request is in its
// BatchResult.
func (c *Client) Batch(ctx context.Context, reqs []BatchRequest) ([]BatchResult, error) {
	if c == nil {
		return nil, errNilClient
	}
	items, err := c.batchItems(reqs)
	if err != nil {
		return nil, err
	}
	b := &batchRun{c: c, items: items, results: make([]BatchResult, len(items)), start: time.Now(), crid: newRequestID()}
	for i, it := range items {
		b.results[i].ID = it.req.ID
	}
	pending := make([]int, len(items))
	for i := range pending {
		pending[i] = i
	}
	for round := 0; len(pending) > 0; round++ {
		retry, ra := b.sendRound(ctx, pending)
		if err := ctx.Err(); err != nil {
			return b.results, err
		}
		if len(retry) == 0 || round >= c.retry.MaxRetries {
			break
		}
		if !b.waitRetry(ctx, ra, round) {
			if err := ctx.Err(); err != nil {
				return b.results, err
			}
			break
		}
		pending = retry
	}
	return b.results, nil
}

// batchItem is a validated BatchRequest ready to be put in an envelope.
type batchItem struct {
	req     *BatchRequest
	key     string // lowercased ID
	version APIVersion
	class   RetryClass
	wire    batchWireRequest
	deps    []int // indices of the items it depends on
	group   int   // index of the first item of its dependsOn chain
	sent    int   // envelopes it was sent in
}

// path returns the item's path without query, for errors.
func (it *batchItem) path() string {
	p, _, _ := strings.Cut(it.wire.URL, "?")
	return p
}

// batchWireRequest is a sub-request as Graph reads it.
type batchWireRequest struct {
	ID        string            `json:"id"`
	Method    string            `json:"method"`
	URL       string            `json:"url"`
	Headers   map[string]string `json:"headers,omitempty"`
	Body      jsontext.Value    `json:"body,omitzero"`
	DependsOn []string          `json:"dependsOn,omitempty"`
}

// batchWireResponse is a sub-response as Graph writes it.
type batchWireResponse struct {
	ID      string                    `json:"id"`
	Status  int                       `json:"status"`
	Headers map[string]jsontext.Value `json:"headers"`
	Body    jsontext.Value            `json:"body"`
}

// batchRun is the state of one Batch call.
type batchRun struct {
	c       *Client
	items   []*batchItem
	results []BatchResult
	start   time.Time
	crid    string
}

// sendRound sends the pending items in envelopes and returns the items to
// send again and the longest Retry-After among them (-1 if none gave one).
func (b *batchRun) sendRound(ctx context.Context, pending []int) (retry []int, longest time.Duration) {
	longest = -1
	for _, env := range b.pack(pending) {
		if ctx.Err() != nil {
			for _, i := range env {
				b.results[i].Err = ctx.Err()
			}
			continue
		}
		r, ra := b.sendEnvelope(ctx, env)
		retry = append(retry, r...)
		longest = max(longest, ra)
	}
	return retry, longest
}

// sendEnvelope sends one envelope and records the results of its items.
func (b *batchRun) sendEnvelope(ctx context.Context, env []int) (retry []int, longest time.Duration) {
	longest = -1
	inEnv := make(map[int]bool, len(env))
	wire := struct {
		Requests []batchWireRequest `json:"requests"`
	}{Requests: make([]batchWireRequest, 0, len(env))}
	class := RetryRead
	for _, i := range env {
		inEnv[i] = true
	}
	for _, i := range env {
		it := b.items[i]
		w := it.wire
		w.DependsOn = nil
		for _, d := range it.deps {
			if inEnv[d] {
				w.DependsOn = append(w.DependsOn, b.items[d].req.ID)
			}
		}
		wire.Requests = append(wire.Requests, w)
		class = max(class, it.class)
		it.sent++
	}
	body, err := json.Marshal(wire)
	if err != nil { // cannot happen: every part is raw JSON or a string
		b.failAll(env, fmt.Errorf("odata: batch: encode envelope: %w", err))
		return nil, -1
	}
	var raw rawBody
	var token string // the access token the envelope was sent with
	req := &Request{Method: http.MethodPost, Path: "$batch", Version: b.items[env[0]].version, Body: body, Class: class,
		clientRequestID: b.crid, sentToken: &token}
	if err := b.c.Do(ctx, req, &raw); err != nil {
		return b.envelopeFailed(env, err), -1
	}
	responses, err := decodeBatchEnvelope(&raw)
	if err != nil {
		// The service answered 2xx: it may have run every request of the
		// envelope, so this is no proof that any of them failed.
		return b.envelopeAmbiguous(env, fmt.Errorf("odata: POST /$batch: %w", err)), -1
	}

	byID, conflict := batchAnswers(responses)
	throttled := make(map[int]bool)
	for _, i := range env {
		it := b.items[i]
		r := byID[it.key]
		var noAnswer error
		switch {
		case r == nil:
			noAnswer = fmt.Errorf("odata: batch: no response for id %q", it.req.ID)
		case conflict[it.key] != 0:
			noAnswer = fmt.Errorf("odata: batch: id %q answered twice, with statuses %d and %d", it.req.ID, r.Status, conflict[it.key])
		case r.Status < 100 || r.Status > 599:
			noAnswer = fmt.Errorf("odata: batch: id %q answered with status %d", it.req.ID, r.Status)
		}
		if noAnswer != nil {
			b.results[i] = BatchResult{ID: it.req.ID, Err: b.noAnswer(it, noAnswer)}
			continue
		}
		b.results[i] = b.subResult(it, r, token)
		if r.Status == http.StatusTooManyRequests {
			throttled[i] = true
			if ra, ok := parseRetryAfter(b.results[i].Header, b.c.now()); ok {
				longest = max(longest, ra)
			}
		}
	}
	// A 424 whose failed dependency was throttled is resent with it.
	for changed := true; changed; {
		changed = false
		for _, i := range env {
			if throttled[i] || b.results[i].Status != http.StatusFailedDependency {
				continue
			}
			for _, d := range b.items[i].deps {
				if throttled[d] {
					throttled[i], changed = true, true
					break
				}
			}
		}
	}
	for _, i := range env {
		if throttled[i] {
			retry = append(retry, i)
		}
	}
	return retry, longest
}

// subResult turns a sub-response into a BatchResult; token is the access
// token the envelope carried.
func (b *batchRun) subResult(it *batchItem, r *batchWireResponse, token string) BatchResult {
	h := make(http.Header, len(r.Headers))
	for name, raw := range r.Headers {
		var s string
		if json.Unmarshal(raw, &s, responseOptions()) != nil {
			s = string(raw)
		}
		h.Set(name, s)
	}
	res := BatchResult{ID: it.req.ID, Status: r.Status, Header: h}
	if len(r.Body) > 0 && string(r.Body) != "null" {
		res.Body = r.Body
	}
	if r.Status < 200 || r.Status > 299 {
		e := newResponseError(&http.Response{StatusCode: r.Status, Header: h}, res.Body, it.wire.Method, it.path(), b.crid, it.sent)
		if ra, ok := parseRetryAfter(h, b.c.now()); ok {
			e.RetryAfter = ra
		}
		if r.Status == http.StatusForbidden && it.req.DelegatedOnly {
			e.DelegatedTokenRequired = b.c.appOnly(token)
		}
		res.Err = e
	}
	return res
}

// envelopeFailed records a failed envelope and returns the items that are
// safe to send again: after an ambiguous failure, reads and idempotent
// writes; never a convergent or non-idempotent request.
func (b *batchRun) envelopeFailed(env []int, err error) (retry []int) {
	if unknown, ok := errors.AsType[*OutcomeUnknownError](err); ok {
		return b.envelopeAmbiguous(env, fmt.Errorf("odata: POST /$batch: %w", unknown.Err))
	}
	b.failAll(env, err)
	return nil
}

// envelopeAmbiguous records an envelope the service may have run but whose
// answer was lost, for cause: creates and actions get an
// *OutcomeUnknownError wrapping cause; reads and idempotent writes get cause
// and are returned, to be sent again.
func (b *batchRun) envelopeAmbiguous(env []int, cause error) (retry []int) {
	for _, i := range env {
		it := b.items[i]
		b.results[i] = BatchResult{ID: it.req.ID, Err: b.noAnswer(it, cause)}
		if it.class < RetryConvergent {
			retry = append(retry, i)
		}
	}
	return retry
}

// noAnswer is the error of an item that was sent but got no answer: its
// outcome is unknown unless it was safe to send again.
func (b *batchRun) noAnswer(it *batchItem, cause error) error {
	if it.class < RetryConvergent {
		return cause
	}
	return &OutcomeUnknownError{Method: it.wire.Method, Path: it.path(), ClientRequestID: b.crid, Attempts: it.sent, Err: cause}
}

// failAll gives every item of env the same error.
func (b *batchRun) failAll(env []int, err error) {
	for _, i := range env {
		b.results[i] = BatchResult{ID: b.items[i].req.ID, Err: err}
	}
}

// waitRetry waits before resending throttled items: the longest Retry-After
// (closing the client's throttle gate for it) or, when none was given, the
// backoff of this round. It returns false when the wait does not fit the
// policy, the deadline or the budget, or ctx ends.
func (b *batchRun) waitRetry(ctx context.Context, ra time.Duration, round int) bool {
	p := b.c.retry
	var wait time.Duration
	if ra >= 0 {
		if ra > p.MaxRetryAfter {
			return false
		}
		wait = b.c.retryAfterDelay(ra)
		b.c.gate.closeFor(wait, http.Header{})
	} else {
		wait = b.c.backoffDelay(round)
	}
	if pastDeadline(ctx, wait) || time.Since(b.start)+wait > p.MaxElapsed {
		return false
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-timer.C:
		return true
	}
}
