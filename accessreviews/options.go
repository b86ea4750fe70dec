package accessreviews

import (
	"github.com/graphkit/governance/odata"
)

// ListOptions narrows and orders a list. A nil *ListOptions means none. The
// service documents which options each list honours (see each List method).
// Every access review collection returns at most 100 items per page.
//
// Every List method returns an [iter.Seq2] over values, built on
// [odata.All]: nothing is sent before the loop starts, the service's
// @odata.nextLink is followed verbatim (and only to the configured host and
// API version), a break stops the fetching, and a failure is yielded once
// as the last value. Invalid options are that failure, before any request.
// Every range over the iterator starts its own paging from the first page.
type ListOptions struct {
	// Filter is a typed $filter, built with odata.Eq, odata.And and friends:
	// odata.Eq("decision", "NotReviewed").
	Filter odata.Filter
	// Select lists the properties to return.
	Select []string
	// Expand lists navigation properties to expand ("insights",
	// "definition" in beta).
	Expand []string
	// OrderBy lists sort keys ("displayName", "createdDateTime desc").
	OrderBy []string
	// Top asks for pages of at most Top items; 0 leaves the page size to
	// the service (100). It is sent as given: the documents do not say the
	// access review collections refuse a larger $top (the paging guide says
	// an API may ignore it, lower it to its maximum page size or refuse
	// it), and they page by at most 100, so a larger Top gives pages of at
	// most 100 items. A List follows every next link either way.
	Top int
	// Skip skips that many items.
	Skip int
}

// query converts the options into an odata.Query without aliasing the
// caller's slices, so a list never changes what the caller holds.
func (o *ListOptions) query() *odata.Query {
	if o == nil {
		return nil
	}
	return &odata.Query{
		Filter:  o.Filter,
		Select:  append([]string(nil), o.Select...),
		Expand:  append([]string(nil), o.Expand...),
		OrderBy: append([]string(nil), o.OrderBy...),
		Top:     o.Top,
		Skip:    o.Skip,
	}
}

// validate reports, before anything is sent, what the options cannot
// express faithfully on the wire (see odata.Query.Validate).
func (o *ListOptions) validate() error {
	if o == nil {
		return nil
	}
	return o.query().Validate()
}

// GetOption is an option of a single-item Get: Select.
type GetOption func(*getOptions)

// getOptions collects the GetOptions of one call.
type getOptions struct {
	sel []string
}

// Select asks a single-item Get for the named properties only ($select):
//
//	inst, err := client.Instances.Get(ctx, defID, instID, accessreviews.Select("id", "status"))
//
// Properties left out come back as zero values. Each name must be non-empty
// and free of commas; the call fails before sending otherwise.
func Select(props ...string) GetOption {
	return func(o *getOptions) { o.sel = append(o.sel, props...) }
}

// getQuery folds opts into the query of a single-item GET: nil when no
// option is set. The request core validates it before sending.
func getQuery(opts []GetOption) *odata.Query {
	var o getOptions
	for _, f := range opts {
		if f != nil {
			f(&o)
		}
	}
	if o.sel == nil {
		return nil
	}
	return &odata.Query{Select: o.sel}
}
