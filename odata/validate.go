package odata

import (
	"errors"
	"fmt"
	"regexp"
)

// ErrInvalid is matched by every client-side validation error of the module:
// errors.Is(err, odata.ErrInvalid) is true for an error returned before any
// request was sent because the caller's input was wrong.
var ErrInvalid = errors.New("invalid input")

// FieldError reports one problem with one named input. Validating functions
// collect every FieldError they find and return them joined with errors.Join,
// so a caller sees all problems at once.
type FieldError struct {
	// Field names the input, as a dotted path in the JSON spelling where there
	// is one ("settings.recurrence.range.startDate", "reviewers[0].query").
	Field string
	// Problem says what is wrong, lowercase, without the field name.
	Problem string
}

// Error formats the error as "field: problem", or just the problem when the
// field is empty: validators name fields relative to the value they check,
// and "" is that value itself until a caller prefixes it (see Prefix).
func (e *FieldError) Error() string {
	if e.Field == "" {
		return e.Problem
	}
	return e.Field + ": " + e.Problem
}

// Is reports whether target is ErrInvalid.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// Invalid returns a *FieldError for field with a formatted problem.
func Invalid(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Problem: fmt.Sprintf(format, args...)}
}

// Prefix returns err with every *FieldError inside it (joined or not) moved
// under prefix: "range.startDate" becomes "settings.recurrence.range.startDate"
// for the prefix "settings.recurrence". Errors that are not field errors are
// kept as they are. Prefix returns nil for a nil err.
func Prefix(prefix string, err error) error {
	if err == nil {
		return nil
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		errs := joined.Unwrap()
		out := make([]error, 0, len(errs))
		for _, e := range errs {
			out = append(out, Prefix(prefix, e))
		}
		return errors.Join(out...)
	}
	var fe *FieldError
	if errors.As(err, &fe) && fe == err {
		name := prefix
		if fe.Field != "" {
			if fe.Field[0] == '[' {
				name += fe.Field
			} else {
				name += "." + fe.Field
			}
		}
		return &FieldError{Field: name, Problem: fe.Problem}
	}
	return err
}

var guidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// IsGUID reports whether s has the 8-4-4-4-12 hexadecimal form of the
// identifiers Microsoft Graph uses for directory objects and access reviews.
func IsGUID(s string) bool { return guidPattern.MatchString(s) }

// CheckGUID returns a *FieldError naming field when v is not GUID-shaped, and
// nil when it is.
func CheckGUID(field, v string) error {
	switch {
	case v == "":
		return Invalid(field, "is required")
	case !IsGUID(v):
		return Invalid(field, "must be a GUID (8-4-4-4-12 hexadecimal digits), got %q", truncate(v, 64))
	}
	return nil
}

// truncate shortens s for inclusion in an error message so hostile or huge
// inputs cannot blow up logs.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
