package core

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"

	"github.com/graphkit/governance/odata"
)

// ErrNoTransport is matched by the error of a call on a service that has no
// transport.
var ErrNoTransport = errors.New("client has no transport: build it with NewClient, or pass New a non-nil *odata.Client")

// Service is what a service call runs on: the package name its errors
// start with, its transport, and an optional guard.
type Service struct {
	// Pkg prefixes every error: "accessreviews" or "legacy".
	Pkg string
	// C is the transport; nil makes every call fail with ErrNoTransport.
	C *odata.Client
	// Guard, when set, is checked before any request of a service with a
	// transport; its error fails the call (the unified route's
	// global-cloud check).
	Guard func(*odata.Client) error
}

// Call describes one request.
type Call struct {
	// Op names the operation in errors ("get definition").
	Op string
	// Method is the HTTP method; empty means GET.
	Method string
	// Path is the request path as segments, joined and checked by
	// odata.JoinPath when the call runs.
	Path []odata.Segment
	// Query is the OData query, validated before sending.
	Query *odata.Query
	// Version overrides the client's API version.
	Version odata.APIVersion
	// Header holds extra request headers.
	Header http.Header
	// Body is encoded as JSON when set.
	Body any
	// Class is the request's retry class.
	Class odata.RetryClass
	// DelegatedOnly marks a request only a signed-in user's token may send.
	DelegatedOnly bool
	// Verify decides, after an ambiguous failure, whether the call took
	// effect (see odata.Request.Verify).
	Verify func(context.Context) (bool, error)
	// Input is the validation result of the call's input (a body, a
	// batch), reported together with any path or query problem before
	// anything is sent.
	Input error
}

// Wrap prefixes err with the service's package and op, keeping it
// reachable with errors.Is and errors.As.
func (s Service) Wrap(op string, err error) error {
	return fmt.Errorf("%s: %s: %w", s.Pkg, op, err)
}

// Transport returns the service's transport, or an error matching
// ErrNoTransport (or the guard's error) wrapped for op.
func (s Service) Transport(op string) (*odata.Client, error) {
	if s.C == nil {
		return nil, s.Wrap(op, ErrNoTransport)
	}
	if s.Guard != nil {
		if err := s.Guard(s.C); err != nil {
			return nil, s.Wrap(op, err)
		}
	}
	return s.C, nil
}

// request builds and checks the request of c, reporting every problem
// found before sending at once.
func (s Service) request(c *Call) (*odata.Request, error) {
	path, pathErr := odata.JoinPath(c.Path...)
	var errs []error
	if s.C == nil {
		errs = append(errs, ErrNoTransport)
	} else if s.Guard != nil {
		errs = append(errs, s.Guard(s.C))
	}
	errs = append(errs, pathErr, c.Query.Validate(), c.Input)
	if err := errors.Join(errs...); err != nil {
		return nil, s.Wrap(c.Op, err)
	}
	method := c.Method
	if method == "" {
		method = http.MethodGet
	}
	return &odata.Request{
		Method:        method,
		Path:          path,
		Query:         c.Query,
		Version:       c.Version,
		Header:        c.Header,
		Body:          c.Body,
		Class:         c.Class,
		DelegatedOnly: c.DelegatedOnly,
		Verify:        c.Verify,
	}, nil
}

// Do sends c and decodes the answer into out, which may be nil.
func Do(ctx context.Context, s Service, c Call, out any) error {
	req, err := s.request(&c)
	if err != nil {
		return err
	}
	if err := s.C.Do(ctx, req, out); err != nil {
		return s.Wrap(c.Op, err)
	}
	return nil
}

// Get sends c, a GET unless it says otherwise, and returns the decoded
// answer.
func Get[T any](ctx context.Context, s Service, c Call) (*T, error) {
	var out T
	if err := Do(ctx, s, c, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// List returns an iterator over the items of the collection c addresses,
// following the service's next links. It sends nothing until the loop
// starts; a problem found before sending, or the first failed page, is
// yielded once as the last value.
func List[T any](ctx context.Context, s Service, c Call) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		req, err := s.request(&c)
		if err != nil {
			yield(zero, err)
			return
		}
		for v, err := range odata.All[T](ctx, s.C, req) {
			if err != nil {
				yield(zero, s.Wrap(c.Op, err))
				return
			}
			if !yield(v, nil) {
				return
			}
		}
	}
}

// Fail returns the iterator of a list that cannot start: it yields err,
// wrapped for op, once.
func Fail[T any](s Service, op string, err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, s.Wrap(op, err))
	}
}
