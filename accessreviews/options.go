package accessreviews

import (
	"errors"

	"github.com/graphkit/governance/odata"
)

// ListOptions narrows and orders a list. A nil *ListOptions means none. The
// service documents which options each list honours (see each List method);
// page size is at most 100 for every access review collection.
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
	// Top is the page size (1–100); 0 means the service default of 100.
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

// validate reports what the service would reject before anything is sent.
func (o *ListOptions) validate() error {
	if o == nil {
		return nil
	}
	var errs []error
	if o.Top > 100 {
		errs = append(errs, odata.Invalid("top", "must be at most 100 (the service's page size limit), got %d", o.Top))
	}
	return errors.Join(append(errs, o.query().Validate())...)
}
