package check

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// ErrInvalid is matched by every client-side validation error of the
// module. odata.ErrInvalid is this value.
var ErrInvalid = errors.New("invalid input")

// FieldError reports one problem with one named input. Validating functions
// collect every FieldError they find and return them joined with errors.Join,
// so a caller sees all problems at once. odata.FieldError is this type.
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
// for the prefix "settings.recurrence", and an index is appended without a
// dot. Errors that are not field errors are kept as they are. Prefix
// returns nil for a nil err.
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

// guid is the 8-4-4-4-12 hexadecimal form of the identifiers Microsoft
// Graph uses for directory objects and access reviews.
const guid = `[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`

var (
	guidPattern = regexp.MustCompile(`^` + guid + `$`)
	guidsIn     = regexp.MustCompile(guid)
)

// IsGUID reports whether s has the 8-4-4-4-12 hexadecimal form of the
// identifiers Microsoft Graph uses for directory objects and access reviews.
func IsGUID(s string) bool { return guidPattern.MatchString(s) }

// FindGUIDs returns the GUID-shaped substrings of s, in order, nil when
// there are none.
func FindGUIDs(s string) []string { return guidsIn.FindAllString(s, -1) }

// GUID returns a *FieldError naming field when v is not GUID-shaped, and
// nil when it is.
func GUID(field, v string) error {
	switch {
	case v == "":
		return Invalid(field, "is required")
	case !IsGUID(v):
		return Invalid(field, "must be a GUID (8-4-4-4-12 hexadecimal digits), got %q", Truncate(v, 64))
	}
	return nil
}

// Truncate shortens s to at most n bytes, on a rune boundary, followed by
// "…", so that hostile or huge inputs cannot blow up an error message or a
// log line. A string of at most n bytes is returned as it is.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && cut < len(s) && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}

// Warning reports one probable mistake in an input that the service
// nevertheless accepts; the Lint methods of the packages that build
// requests return them. odata.Warning is this type.
type Warning struct {
	// Field names the input, as a dotted path in the JSON spelling
	// ("settings.recommendationLookBackDuration", "reviewers[0].query").
	Field string
	// Problem says why the input is probably a mistake, lowercase, without
	// the field name.
	Problem string
}

// String formats the warning as "field: problem", or just the problem when
// the field is empty.
func (w Warning) String() string {
	if w.Field == "" {
		return w.Problem
	}
	return w.Field + ": " + w.Problem
}

// Warn returns a Warning for field with a formatted problem.
func Warn(field, format string, args ...any) Warning {
	return Warning{Field: field, Problem: fmt.Sprintf(format, args...)}
}

// PrefixWarnings returns ws with every field moved under prefix, the way
// Prefix moves field errors: "query" becomes "reviewers[0].query" for the
// prefix "reviewers[0]", and an index is appended without a dot. A warning
// without a field gets prefix as its field, and an empty prefix changes
// nothing. The result is a new slice; nil for an empty ws.
func PrefixWarnings(prefix string, ws []Warning) []Warning {
	if len(ws) == 0 {
		return nil
	}
	out := make([]Warning, len(ws))
	for i, w := range ws {
		switch {
		case w.Field == "":
			w.Field = prefix
		case prefix == "":
		case strings.HasPrefix(w.Field, "["):
			w.Field = prefix + w.Field
		default:
			w.Field = prefix + "." + w.Field
		}
		out[i] = w
	}
	return out
}
