package legacy

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"time"

	"github.com/graphkit/governance/accessreviews/internal/core"
	"github.com/graphkit/governance/odata"
)

// Client reaches the retired beta accessReview API. Its services are
// fields, one per resource, sharing one odata.Client. Every request goes to
// the beta API, whatever the odata.Client's version. A Client is immutable
// and safe for concurrent use.
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Use [accessreviews.Client].
type Client struct {
	// AccessReviews manages legacy reviews, their reviewers, decisions,
	// instances and actions.
	AccessReviews *AccessReviewsService
	// Decisions lists the accessReviewDecisions entity set.
	Decisions *DecisionsService
	// BusinessFlowTemplates lists the templates reviews are created from.
	BusinessFlowTemplates *BusinessFlowTemplatesService
	// Programs manages programs and lists their controls.
	Programs *ProgramsService
	// ProgramControls manages the links between reviews and programs.
	ProgramControls *ProgramControlsService
	// ProgramControlTypes lists the kinds of program controls.
	ProgramControlTypes *ProgramControlTypesService
}

// The services. Each is a stateless view of the shared odata.Client.
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Use the services of [accessreviews.Client].
type (
	// AccessReviewsService holds the operations on /accessReviews.
	//
	// Deprecated: the service stopped returning data on 19 May 2023; see
	// [accessreviews.Client].
	AccessReviewsService struct {
		c    *odata.Client
		opts options
	}
	// DecisionsService holds the listing of /accessReviewDecisions.
	//
	// Deprecated: the service stopped returning data on 19 May 2023; see
	// [accessreviews.Client].
	DecisionsService struct{ c *odata.Client }
	// BusinessFlowTemplatesService holds the listing of /businessFlowTemplates.
	//
	// Deprecated: the service stopped returning data on 19 May 2023; see
	// [accessreviews.Client].
	BusinessFlowTemplatesService struct{ c *odata.Client }
	// ProgramsService holds the operations on /programs.
	//
	// Deprecated: the service stopped returning data on 19 May 2023; see
	// [accessreviews.Client].
	ProgramsService struct{ c *odata.Client }
	// ProgramControlsService holds the operations on /programControls.
	//
	// Deprecated: the service stopped returning data on 19 May 2023; see
	// [accessreviews.Client].
	ProgramControlsService struct{ c *odata.Client }
	// ProgramControlTypesService holds the listing of /programControlTypes.
	//
	// Deprecated: the service stopped returning data on 19 May 2023; see
	// [accessreviews.Client].
	ProgramControlTypesService struct{ c *odata.Client }
)

// Option configures what a Client assumes about its caller.
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Use [accessreviews.Client].
type Option func(*options)

// options is what Options set.
type options struct {
	caller Caller
	now    func() time.Time
}

// AppOnly tells the Client that it calls without a signed-in user (client
// credentials). The service then needs AccessReview.CreatedBy on create,
// which Create checks. The transport cannot tell from a token source, so
// the caller says so.
//
// Deprecated: see [Option].
func AppOnly() Option { return func(o *options) { o.caller = AppOnlyCaller } }

// WithClock sets the clock Create validates start dates against (time.Now
// by default), so tests are deterministic. A nil clock keeps the default.
//
// Deprecated: see [Option].
func WithClock(now func() time.Time) Option {
	return func(o *options) {
		if now != nil {
			o.now = now
		}
	}
}

// NewClient builds a Client for a delegated caller from odata options
// (credentials, cloud, base URL…). Like odata.NewClient it does no I/O and
// reports every invalid option at once. App-only callers use New with
// AppOnly.
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Use [accessreviews.NewClient].
func NewClient(opts ...odata.Option) (*Client, error) {
	oc, err := odata.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("legacy: new client: %w", err)
	}
	return New(oc), nil
}

// New builds a Client on an existing odata.Client. A nil odata.Client makes
// every call fail with an error rather than panic.
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Use [accessreviews.New].
func New(c *odata.Client, opts ...Option) *Client {
	o := options{caller: DelegatedCaller, now: time.Now}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return &Client{
		AccessReviews:         &AccessReviewsService{c: c, opts: o},
		Decisions:             &DecisionsService{c: c},
		BusinessFlowTemplates: &BusinessFlowTemplatesService{c: c},
		Programs:              &ProgramsService{c: c},
		ProgramControls:       &ProgramControlsService{c: c},
		ProgramControlTypes:   &ProgramControlTypesService{c: c},
	}
}

// ListOptions narrows a legacy list. A nil *ListOptions means none. The
// service documented $top and $skip; $filter is passed on as given.
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Use [accessreviews.ListOptions].
type ListOptions struct {
	// Filter is a typed $filter built with odata.Eq and friends.
	Filter odata.Filter
	// Top is the page size; 0 means the service default.
	Top int
	// Skip skips that many items.
	Skip int
}

// query returns the OData query of o, with extra ANDed to its filter.
func (o *ListOptions) query(extra odata.Filter) *odata.Query {
	q := &odata.Query{Filter: extra}
	if o != nil {
		q.Filter = odata.And(extra, o.Filter)
		q.Top, q.Skip = o.Top, o.Skip
	}
	if q.Filter.IsZero() && q.Top == 0 && q.Skip == 0 {
		return nil
	}
	return q
}

// pkg is the request core's prefix for this package's errors.
const pkg = "legacy"

// service is the shape of the services without options: a view of the
// transport.
type service struct{ c *odata.Client }

// core returns the request core's view of s; a nil service (the field of a
// zero Client) has no transport, and its calls fail with an error.
func (s *service) core() core.Service {
	if s == nil {
		return core.Service{Pkg: pkg}
	}
	return core.Service{Pkg: pkg, C: s.c}
}

func (s *DecisionsService) core() core.Service             { return (*service)(s).core() }
func (s *BusinessFlowTemplatesService) core() core.Service { return (*service)(s).core() }
func (s *ProgramsService) core() core.Service              { return (*service)(s).core() }
func (s *ProgramControlsService) core() core.Service       { return (*service)(s).core() }
func (s *ProgramControlTypesService) core() core.Service   { return (*service)(s).core() }

// core returns the request core's view of s.
func (s *AccessReviewsService) core() core.Service {
	if s == nil {
		return core.Service{Pkg: pkg}
	}
	return core.Service{Pkg: pkg, C: s.c}
}

// options returns what the Client was told about its caller; a nil service
// has the defaults of New.
func (s *AccessReviewsService) options() options {
	if s == nil {
		return options{caller: DelegatedCaller, now: time.Now}
	}
	return s.opts
}

// wrap prefixes err with the package and operation, keeping it reachable
// with errors.Is and errors.As.
func wrap(op string, err error) error { return core.Service{Pkg: pkg}.Wrap(op, err) }

// list returns an iterator over a beta collection.
func list[T any](ctx context.Context, cs core.Service, op string, q *odata.Query, segs ...odata.Segment) iter.Seq2[T, error] {
	return core.List[T](ctx, cs, core.Call{Op: op, Path: segs, Query: q, Version: odata.Beta})
}

// get reads one beta entity.
func get[T any](ctx context.Context, cs core.Service, op string, segs ...odata.Segment) (*T, error) {
	return core.Get[T](ctx, cs, core.Call{Op: op, Path: segs, Version: odata.Beta})
}

// create posts body to a beta collection, never resending it after an
// ambiguous failure, and returns the entity the service stored.
func create[T any](ctx context.Context, cs core.Service, op string, body any, segs ...odata.Segment) (*T, error) {
	return core.Get[T](ctx, cs, core.Call{Op: op, Method: http.MethodPost, Path: segs, Body: body, Version: odata.Beta, Class: odata.RetryNonIdempotent})
}

// do sends one beta request and decodes the answer into out (which may be
// nil).
func do(ctx context.Context, cs core.Service, op, method string, class odata.RetryClass, body, out any, segs ...odata.Segment) error {
	return core.Do(ctx, cs, core.Call{Op: op, Method: method, Path: segs, Body: body, Version: odata.Beta, Class: class}, out)
}
