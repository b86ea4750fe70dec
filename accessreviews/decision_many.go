package accessreviews

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/odata"
)

// DefaultListManyConcurrency is how many instances ListMany reads at once
// when asked for 0. It matches odata.DefaultMaxConcurrency: the client lets
// no more requests than that be in flight anyway.
const DefaultListManyConcurrency = 4

// maxListManyConcurrency bounds the concurrency ListMany accepts, as
// odata.WithMaxConcurrency bounds the client's.
const maxListManyConcurrency = 256

// InstanceRef names one instance of a definition, for ListMany.
type InstanceRef struct {
	// Definition is the instance's definition.
	Definition DefinitionID
	// Instance is the instance.
	Instance InstanceID
}

// ListMany returns an iterator over the decision items of many instances,
// reading up to concurrency instances at once (0 means
// [DefaultListManyConcurrency]): a bot that reviews 200 groups waits for
// the service's latency about 200/concurrency times per page instead of
// 200. The client's bound ([odata.WithMaxConcurrency]) and throttle gate
// still apply.
//
// Items of one instance come in the service's order; items of different
// instances are interleaved as their pages arrive (tell them apart by
// DecisionItem.AccessReviewID). opts applies to every instance. About
// concurrency pages are held at once, whatever the number of instances.
//
// The first error (a refused page, a failed instance, ctx ending) is
// yielded once, naming its instance, and stops every reader, as breaking
// out of the loop does; no goroutine outlives the loop. Invalid
// references, options or concurrency yield one error reporting every
// problem ("refs[i].definitionID"…) and send nothing.
//
// Graph: GET /identityGovernance/accessReviews/definitions/{id}/instances/{id}/decisions, once per instance
func (s *DecisionsService) ListMany(ctx context.Context, refs []InstanceRef, concurrency int, opts *ListOptions) iter.Seq2[DecisionItem, error] {
	return func(yield func(DecisionItem, error) bool) {
		const op = "list decisions of many instances"
		paths, err := checkListMany(refs, concurrency, opts)
		if err != nil {
			yield(DecisionItem{}, s.core().Wrap(op, err))
			return
		}
		c, err := s.core().Transport(op)
		if err != nil {
			yield(DecisionItem{}, err)
			return
		}
		if len(refs) == 0 {
			return
		}
		if concurrency == 0 {
			concurrency = DefaultListManyConcurrency
		}
		listMany(ctx, c, refs, paths, min(concurrency, len(refs)), opts, yield)
	}
}

// manyPage is what a ListMany reader hands to the loop: one page of an
// instance, or the error that ended it.
type manyPage struct {
	items []DecisionItem
	err   error
}

// listMany runs the readers and yields their pages' items on the caller's
// goroutine.
func listMany(parent context.Context, c *odata.Client, refs []InstanceRef, paths []string, readers int, opts *ListOptions, yield func(DecisionItem, error) bool) {
	ctx, cancel := context.WithCancel(parent)
	pages := make(chan manyPage)
	var (
		next, finished atomic.Int64
		wg             sync.WaitGroup
	)
	for range readers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(refs) || !readInstance(ctx, c, refs[i], paths[i], opts, pages) {
					return
				}
				finished.Add(1)
			}
		})
	}
	go func() {
		wg.Wait()
		close(pages)
	}()
	// Stopping: cancel the readers, then drain until they have all
	// returned, so that none is left blocked on a send.
	defer func() {
		cancel()
		for range pages {
		}
	}()
	for p := range pages {
		if p.err != nil {
			yield(DecisionItem{}, p.err)
			return
		}
		for _, d := range p.items {
			if !yield(d, nil) {
				return
			}
		}
	}
	// A reader that saw ctx end may have stopped without handing its
	// error over: the loop must not end as if every instance was read.
	if int(finished.Load()) < len(refs) {
		err := context.Cause(parent)
		if err == nil {
			err = context.Canceled
		}
		yield(DecisionItem{}, fmt.Errorf("accessreviews: list decisions of many instances: %w", err))
	}
}

// readInstance sends the pages of one instance to out and reports whether
// the readers should go on: false after an error or once ctx has ended.
func readInstance(ctx context.Context, c *odata.Client, ref InstanceRef, path string, opts *ListOptions, out chan<- manyPage) bool {
	req := &odata.Request{Method: http.MethodGet, Path: path, Query: opts.query()}
	for page, err := range odata.Pages[DecisionItem](ctx, c, req) {
		p := manyPage{}
		if err != nil {
			p.err = fmt.Errorf("accessreviews: list decisions of instance %s: %w", ref.Instance, err)
		} else {
			p.items = page.Items
		}
		select {
		case out <- p:
		case <-ctx.Done():
			return false
		}
		if err != nil {
			return false
		}
	}
	return true
}

// checkListMany validates ListMany's arguments, reporting every problem,
// and returns the decisions path of each reference.
func checkListMany(refs []InstanceRef, concurrency int, opts *ListOptions) ([]string, error) {
	var errs []error
	if concurrency < 0 || concurrency > maxListManyConcurrency {
		errs = append(errs, check.Invalid("concurrency", "must be between 0 (the default) and %d, got %d", maxListManyConcurrency, concurrency))
	}
	paths := make([]string, len(refs))
	for i, r := range refs {
		p, err := odata.JoinPath(decisionsPath(r.Definition, r.Instance)...)
		if err != nil {
			errs = append(errs, check.Prefix(fmt.Sprintf("refs[%d]", i), err))
		}
		paths[i] = p
	}
	if err := opts.validate(); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return paths, nil
}
