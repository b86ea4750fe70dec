package odata

import (
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/graphkit/governance/internal/check"
)

// maxPropertyPath bounds a property path (field, $select item and the like).
const maxPropertyPath = 256

// filterLiteral renders v as an OData literal, or returns a *FieldError for a
// value that has no safe literal form.
func filterLiteral(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "null", nil
	case string:
		return quoteString(x), nil
	case time.Time:
		return dateTimeOffset(x)
	case Date:
		if !x.IsValid() {
			return "", check.Invalid("filter", "date %04d-%02d-%02d is not a valid calendar day", x.Year, int(x.Month), x.Day)
		}
		return x.String(), nil
	case Duration:
		s := x.String()
		if !x.IsValid() || strings.Trim(s, "PYMDTHS0123456789.") != "" {
			return "", check.Invalid("filter", "duration is not valid")
		}
		return "duration'" + s + "'", nil
	}
	// Named types (typed IDs, enums) render as their underlying kind.
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return quoteString(rv.String()), nil
	case reflect.Bool:
		return strconv.FormatBool(rv.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(rv.Uint(), 10), nil
	case reflect.Float32, reflect.Float64:
		f := rv.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return "", check.Invalid("filter", "number %v is not finite", f)
		}
		return strconv.FormatFloat(f, 'g', -1, rv.Type().Bits()), nil
	}
	return "", check.Invalid("filter", "a value of type %T has no OData literal", v)
}

// quoteString returns s as an OData string literal: in single quotes, each
// "'" doubled. Nothing else needs escaping inside the literal; the query
// encoder percent-encodes the whole expression for the URL.
func quoteString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// dateTimeOffset renders t as an Edm.DateTimeOffset literal in UTC.
func dateTimeOffset(t time.Time) (string, error) {
	u := t.UTC()
	if y := u.Year(); y < 0 || y > 9999 {
		return "", check.Invalid("filter", "time year %d is outside 0000-9999", y)
	}
	return u.Format(time.RFC3339Nano), nil
}

// isPropertyPath reports whether s is a path of OData identifiers separated
// by "/", where a segment may be a namespace-qualified type cast with dots
// ("scope/microsoft.graph.accessReviewQueryScope/query").
func isPropertyPath(s string) bool {
	if s == "" || len(s) > maxPropertyPath {
		return false
	}
	for seg := range strings.SplitSeq(s, "/") {
		if !isQualifiedName(seg) {
			return false
		}
	}
	return true
}

// isQualifiedName reports whether s is one or more identifiers joined by ".".
func isQualifiedName(s string) bool {
	if s == "" || len(s) > maxPropertyPath {
		return false
	}
	for part := range strings.SplitSeq(s, ".") {
		if !isIdentifier(part) {
			return false
		}
	}
	return true
}

// isIdentifier reports whether s is an OData simple identifier in ASCII: a
// letter or "_" followed by letters, digits and "_".
func isIdentifier(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_', 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// balanceProblem checks that the single quotes of expr pair up (a doubled
// quote inside a literal is an escaped quote) and that its parentheses,
// outside literals, balance. It returns "" when they do.
func balanceProblem(expr string) string {
	depth := 0
	inString := false
	for i := 0; i < len(expr); i++ {
		c := expr[i]
		switch {
		case inString && c == '\'':
			if i+1 < len(expr) && expr[i+1] == '\'' {
				i++ // escaped quote
				continue
			}
			inString = false
		case inString:
		case c == '\'':
			inString = true
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth < 0 {
				return "unbalanced parentheses"
			}
		}
	}
	switch {
	case inString:
		return "unterminated string literal"
	case depth != 0:
		return "unbalanced parentheses"
	}
	return ""
}
