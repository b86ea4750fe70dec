package odata

import (
	"fmt"
	"strings"
)

// Warning reports one probable mistake in an input that the service
// nevertheless accepts. Validating methods return errors only for what the
// service is documented to refuse; what it accepts but is most likely not
// what the caller meant (a reviewer query with a typo, stage durations that
// do not add up) is a Warning, returned by the Lint methods of the packages
// that build requests. A warning never stops a request: nothing in this
// module refuses to send because of one.
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
// prefix "reviewers[0]", and an index is appended without a dot. The result
// is a new slice; nil for an empty ws.
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
