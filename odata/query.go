package odata

import (
	"strconv"
	"strings"

	"github.com/graphkit/governance/internal/check"
)

// MaxTop is the largest page size Microsoft Graph documents for any
// collection (999, for directory objects). It is information, not a limit
// this package enforces: the paging guide says that a $top above an API's
// maximum page size may be ignored, lowered to that maximum, or refused,
// depending on the API, so Validate leaves the answer to the service. The
// access review collections return at most 100 items per page.
const MaxTop = 999

// Query holds the OData system query options of one request. The zero value
// means no options. Names are sent with a literal "$" and every value is
// percent-encoded, so a value can never become syntax.
type Query struct {
	// Filter is a typed $filter expression built with Eq, And, Or and friends.
	Filter Filter
	// Select lists the properties to return ($select).
	Select []string
	// Expand lists navigation properties to expand ($expand). An item may
	// carry nested options in parentheses, such as
	// "instance($expand=definition)"; nested options may not hold quotes.
	Expand []string
	// OrderBy lists sort keys, each a property optionally followed by " asc"
	// or " desc" ($orderby).
	OrderBy []string
	// Top is the page size ($top); 0 means the service default.
	Top int
	// Skip is the number of items to skip ($skip); 0 means none.
	Skip int
	// Count asks for @odata.count ($count=true).
	Count bool
}

// Encode validates q and returns its URL query string without the leading
// "?", such as "$filter=status%20eq%20'InProgress'&$top=100", or "" when q is
// nil or has no options. Options come in a fixed order ($filter, $select,
// $expand, $orderby, $top, $skip, $count), so equal queries encode equally.
// Names keep their literal "$" (url.Values would send "%24filter"), and
// values are percent-encoded so that "&", "#", "+", "%", ";", "=", spaces
// and control characters can never end a parameter or start another.
func (q *Query) Encode() (string, error) {
	if q == nil {
		return "", nil
	}
	if err := q.Validate(); err != nil {
		return "", err
	}
	var b strings.Builder
	add := func(name, value string) {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(name)
		b.WriteByte('=')
		b.WriteString(escapeQueryValue(value))
	}
	if !q.Filter.IsZero() {
		add("$filter", q.Filter.String())
	}
	if len(q.Select) > 0 {
		add("$select", strings.Join(q.Select, ","))
	}
	if len(q.Expand) > 0 {
		add("$expand", strings.Join(q.Expand, ","))
	}
	if len(q.OrderBy) > 0 {
		add("$orderby", strings.Join(q.OrderBy, ","))
	}
	if q.Top > 0 {
		add("$top", strconv.Itoa(q.Top))
	}
	if q.Skip > 0 {
		add("$skip", strconv.Itoa(q.Skip))
	}
	if q.Count {
		add("$count", "true")
	}
	return b.String(), nil
}

// Validate reports every problem with q at once, as errors.Join of
// *FieldError values. It checks only what Encode cannot send faithfully:
// Top and Skip must not be negative (OData counts are non-negative, and
// Encode leaves out a value it cannot send); Select, Expand and OrderBy
// items must be property paths (letters, digits, "_", "/" and "." for type
// casts), OrderBy items with an optional " asc" or " desc", because the
// items are joined with commas into one option and anything else could be
// read as several items or as syntax; and the filter must carry no error
// from its builders. A large Top is sent as it is (see MaxTop). A nil q is
// valid.
func (q *Query) Validate() error {
	if q == nil {
		return nil
	}
	var errs []error
	if q.Top < 0 {
		errs = append(errs, check.Invalid("top", "must not be negative, got %d", q.Top))
	}
	if q.Skip < 0 {
		errs = append(errs, check.Invalid("skip", "must not be negative, got %d", q.Skip))
	}
	errs = checkItems(errs, "select", q.Select, selectItemOK)
	errs = checkItems(errs, "expand", q.Expand, expandItemOK)
	errs = checkItems(errs, "orderBy", q.OrderBy, orderByItemOK)
	errs = append(errs, q.Filter.Err())
	return joinFlat(errs...)
}

// checkItems appends a *FieldError to errs for each invalid item of a list
// option.
func checkItems(errs []error, name string, items []string, ok func(string) bool) []error {
	for i, item := range items {
		if !ok(item) {
			errs = append(errs, check.Invalid(name+"["+strconv.Itoa(i)+"]", "%q is not a property path", check.Truncate(item, 64)))
		}
	}
	return errs
}

// selectItemOK accepts a property path or "*".
func selectItemOK(s string) bool { return s == "*" || isPropertyPath(s) }

// orderByItemOK accepts a property path with an optional direction.
func orderByItemOK(s string) bool {
	path, dir, found := strings.Cut(s, " ")
	if found && !strings.EqualFold(dir, "asc") && !strings.EqualFold(dir, "desc") {
		return false
	}
	return isPropertyPath(path)
}

// expandItemOK accepts a property path, optionally followed by nested query
// options in balanced parentheses made only of "$" option names,
// identifiers, "/", ".", "=", ",", ";", spaces and nested parentheses; no
// quotes, so no string literal can hide inside.
func expandItemOK(s string) bool {
	path, nested, found := strings.Cut(s, "(")
	if !isPropertyPath(path) {
		return false
	}
	if !found {
		return true
	}
	nested = "(" + nested
	if len(s) > 4*maxPropertyPath || !strings.HasSuffix(nested, ")") || balanceProblem(nested) != "" {
		return false
	}
	inner := nested[1 : len(nested)-1]
	if !strings.HasPrefix(inner, "$") {
		return false
	}
	for i := 0; i < len(inner); i++ {
		c := inner[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("_$/.=,; ()", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// escapeQueryValue percent-encodes a query value. It keeps only unreserved
// characters and those OData text uses that cannot end or split a parameter
// ("'", "(", ")", ",", "/", ":", "@", "$", "*", "!"), and encodes everything
// else, including "&", "#", "+", "%", ";", "=", "?", spaces (as %20, never
// "+") and every byte of a non-ASCII character.
func escapeQueryValue(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if queryValueSafe(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0x0f])
	}
	return b.String()
}

// queryValueSafe reports whether c may appear unencoded in a query value.
func queryValueSafe(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~'(),/:@$*!", c) >= 0
}
