package odata

import (
	"errors"
	"strings"

	"github.com/graphkit/governance/internal/check"
)

// Filter is a $filter expression. The zero value means no filter. Filters are
// built only by this package's constructors, which quote and escape values so
// that a value can never change the shape of the expression.
//
// Field names are checked to be OData property paths ("displayName",
// "scope/query", "scope/microsoft.graph.accessReviewQueryScope/query"), so a
// value can never be passed where a field belongs and become syntax.
// Values are rendered as OData literals by type: strings (and named string
// types such as enums) in single quotes with every "'" doubled; booleans;
// integers; finite floats; time.Time as a DateTimeOffset in UTC; Date as a
// date; Duration as duration'…'; nil as null. Any other value, an invalid
// field, or an invalid operand makes the Filter carry an error: String then
// returns "" and Err, Query.Validate and every request using it report the
// error, so an invalid filter is never sent.
//
// Composites parenthesise their operands where OData precedence needs it:
// And(Eq("a", 1), Or(Eq("b", 2), Eq("c", 3))) is "a eq 1 and (b eq 2 or c eq 3)".
type Filter struct {
	expr string
	err  error
	// prec is the precedence of the expression's outermost operator; an
	// operand of a tighter operator is parenthesised when below it.
	prec filterPrec
}

// filterPrec orders expressions from the loosest to the tightest binding.
type filterPrec uint8

const (
	precRaw     filterPrec = iota // Unsafe text: always parenthesised as an operand
	precOr                        // a or b
	precAnd                       // a and b
	precCmp                       // a eq 1, a in (…)
	precNot                       // not (…)
	precPrimary                   // contains(…), x/any(…), isof(…)
)

// Eq returns the filter "field eq value".
func Eq(field string, value any) Filter { return filterCompare(field, "eq", value) }

// Ne returns the filter "field ne value".
func Ne(field string, value any) Filter { return filterCompare(field, "ne", value) }

// Gt returns the filter "field gt value".
func Gt(field string, value any) Filter { return filterCompare(field, "gt", value) }

// Ge returns the filter "field ge value".
func Ge(field string, value any) Filter { return filterCompare(field, "ge", value) }

// Lt returns the filter "field lt value".
func Lt(field string, value any) Filter { return filterCompare(field, "lt", value) }

// Le returns the filter "field le value".
func Le(field string, value any) Filter { return filterCompare(field, "le", value) }

// And returns the conjunction of fs. Zero filters are skipped; And of no
// non-zero filter is the zero Filter, and And of one is that filter.
func And(fs ...Filter) Filter { return filterCombine("and", precAnd, fs) }

// Or returns the disjunction of fs. Zero filters are skipped; Or of no
// non-zero filter is the zero Filter, and Or of one is that filter.
func Or(fs ...Filter) Filter { return filterCombine("or", precOr, fs) }

// Not returns the negation "not (f)". Not of the zero Filter is an error:
// negating "no filter" has no meaning.
func Not(f Filter) Filter {
	if f.err != nil {
		return Filter{err: f.err}
	}
	if f.IsZero() {
		return filterErr("not: operand is the zero Filter")
	}
	return Filter{expr: "not " + filterOperand(f, precPrimary), prec: precNot}
}

// Contains returns the filter "contains(field,'s')".
func Contains(field, s string) Filter { return filterCall("contains", field, s) }

// StartsWith returns the filter "startswith(field,'s')".
func StartsWith(field, s string) Filter { return filterCall("startswith", field, s) }

// In returns the filter "field in (v1,v2,…)". It needs at least one value;
// each value is rendered as for Eq.
func In(field string, values ...any) Filter {
	var errs []error
	if err := checkField(field); err != nil {
		errs = append(errs, err)
	}
	if len(values) == 0 {
		errs = append(errs, check.Invalid("filter", "in: needs at least one value"))
	}
	var b strings.Builder
	b.WriteString(field)
	b.WriteString(" in (")
	for i, v := range values {
		lit, err := filterLiteral(v)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(lit)
	}
	b.WriteByte(')')
	if len(errs) > 0 {
		return Filter{err: joinFlat(errs...)}
	}
	return Filter{expr: b.String(), prec: precCmp}
}

// Any returns the lambda filter "collection/any(variable:pred)": true when
// pred holds for at least one member of the collection. pred names the
// member through variable, as a field of its own:
//
//	Any("groupTypes", "c", Eq("c", "Unified"))          // groupTypes/any(c:c eq 'Unified')
//	Any("members", "m", Eq("m/userType", "Guest"))     // members/any(m:m/userType eq 'Guest')
//
// A zero pred gives "collection/any()", true when the collection is not
// empty.
func Any(collection, variable string, pred Filter) Filter {
	return filterLambda("any", collection, variable, pred, true)
}

// Every returns the lambda filter "collection/all(variable:pred)": true
// when pred holds for every member of the collection. pred names the member
// through variable, as for Any; it must not be zero. (It is not called All
// because All is the package's item iterator.)
func Every(collection, variable string, pred Filter) Filter {
	return filterLambda("all", collection, variable, pred, false)
}

// IsOf returns the filter "isof(field,'typeName')": true when field holds a
// value of the derived type typeName, a qualified name such as
// "microsoft.graph.servicePrincipal".
func IsOf(field, typeName string) Filter {
	errs := []error{checkField(field)}
	if !isQualifiedName(typeName) {
		errs = append(errs, check.Invalid("filter", "isof: type %q is not a qualified name", check.Truncate(typeName, 64)))
	}
	if err := joinFlat(errs...); err != nil {
		return Filter{err: err}
	}
	return Filter{expr: "isof(" + field + "," + quoteString(typeName) + ")", prec: precPrimary}
}

// Unsafe returns a filter of raw OData text, for expressions the builders do
// not cover. The text is sent as written (percent-encoded like every query
// value), so it must never contain unvetted input: use the typed builders
// for values. It is only checked for balanced single quotes and
// parentheses, and it is parenthesised when combined with And, Or or Not.
func Unsafe(expr string) Filter {
	if strings.TrimSpace(expr) == "" {
		return filterErr("unsafe: expression is empty")
	}
	if problem := balanceProblem(expr); problem != "" {
		return filterErr("unsafe: " + problem)
	}
	return Filter{expr: expr, prec: precRaw}
}

// String returns the expression as OData text (before percent-encoding), or
// "" for the zero Filter and for a Filter that carries an error.
func (f Filter) String() string {
	if f.err != nil {
		return ""
	}
	return f.expr
}

// IsZero reports whether f is the zero Filter, meaning no filter.
func (f Filter) IsZero() bool { return f.expr == "" && f.err == nil }

// Err returns the problems found while building f, as errors.Join of
// *FieldError values with the field "filter", or nil.
func (f Filter) Err() error { return f.err }

// filterCompare builds "field op value".
func filterCompare(field, op string, value any) Filter {
	lit, litErr := filterLiteral(value)
	if err := joinFlat(checkField(field), litErr); err != nil {
		return Filter{err: err}
	}
	return Filter{expr: field + " " + op + " " + lit, prec: precCmp}
}

// filterCall builds the string function "name(field,'s')".
func filterCall(name, field, s string) Filter {
	if err := checkField(field); err != nil {
		return Filter{err: err}
	}
	return Filter{expr: name + "(" + field + "," + quoteString(s) + ")", prec: precPrimary}
}

// filterCombine joins the non-zero filters of fs with op, parenthesising operands
// that bind more loosely than op (and, for readability, an "and" inside an
// "or").
func filterCombine(op string, prec filterPrec, fs []Filter) Filter {
	var parts []Filter
	var errs []error
	for _, f := range fs {
		switch {
		case f.err != nil:
			errs = append(errs, f.err)
		case !f.IsZero():
			parts = append(parts, f)
		}
	}
	if len(errs) > 0 {
		return Filter{err: joinFlat(errs...)}
	}
	switch len(parts) {
	case 0:
		return Filter{}
	case 1:
		return parts[0]
	}
	var b strings.Builder
	for i, f := range parts {
		if i > 0 {
			b.WriteString(" " + op + " ")
		}
		minPrec := prec
		if op == "or" {
			minPrec = precCmp // "(a and b) or c" reads better than "a and b or c"
		}
		if f.prec == prec && f.prec != precRaw {
			b.WriteString(f.expr) // associative: "a and b and c"
			continue
		}
		b.WriteString(filterOperand(f, minPrec))
	}
	return Filter{expr: b.String(), prec: prec}
}

// filterLambda builds "collection/kind(variable:pred)".
func filterLambda(kind, collection, variable string, pred Filter, predOptional bool) Filter {
	errs := []error{checkField(collection), pred.err}
	if !isIdentifier(variable) {
		errs = append(errs, check.Invalid("filter", "%s: variable %q is not an identifier", kind, check.Truncate(variable, 64)))
	}
	if pred.IsZero() && !predOptional {
		errs = append(errs, check.Invalid("filter", "%s: needs a predicate", kind))
	}
	if err := joinFlat(errs...); err != nil {
		return Filter{err: err}
	}
	if pred.IsZero() {
		return Filter{expr: collection + "/" + kind + "()", prec: precPrimary}
	}
	body := pred.expr
	if pred.prec == precRaw {
		body = "(" + body + ")"
	}
	return Filter{expr: collection + "/" + kind + "(" + variable + ":" + body + ")", prec: precPrimary}
}

// filterOperand returns f's text, parenthesised when it binds more loosely than
// minPrec.
func filterOperand(f Filter, minPrec filterPrec) string {
	if f.prec < minPrec {
		return "(" + f.expr + ")"
	}
	return f.expr
}

// filterErr returns a Filter carrying one *FieldError for the field "filter".
func filterErr(problem string) Filter {
	return Filter{err: &FieldError{Field: "filter", Problem: problem}}
}

// joinFlat joins errs like errors.Join, but lifts the members of joined
// errors up, so a filter built from many parts reports one flat list.
func joinFlat(errs ...error) error {
	var flat []error
	for _, err := range errs {
		if joined, ok := err.(interface{ Unwrap() []error }); ok {
			flat = append(flat, joined.Unwrap()...)
		} else if err != nil {
			flat = append(flat, err)
		}
	}
	return errors.Join(flat...)
}

// checkField returns an error when field is not a property path.
func checkField(field string) error {
	if !isPropertyPath(field) {
		return check.Invalid("filter", "field %q is not a property path", check.Truncate(field, 64))
	}
	return nil
}
