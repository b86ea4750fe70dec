package scope

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/graphkit/governance/internal/check"
)

// MaxQueryLength is the length, in bytes, above which CheckQuery (and so
// Lint) reports a scope or reviewer query. The service stores the query and
// evaluates it as a Graph URL; 2048 is the URL length Graph clients are told
// to stay under, and every documented query is far shorter. It is not a
// documented limit of the service, so Validate does not enforce it.
const MaxQueryLength = 2048

// CheckQuery reports the shape problems of q as the query of a scope,
// reviewer or notification recipient, as *odata.FieldError values for the
// field "query", joined:
//
//   - q is empty or longer than [MaxQueryLength] bytes;
//   - q does not start with "/" (a Graph path) or "./" (relative to the
//     reviewed instance or decision), or starts with "//", which a URL
//     resolver would read as another host;
//   - q is not valid UTF-8 or holds a control character;
//   - a string literal is not closed (OData literals are in single quotes,
//     a quote inside one written twice);
//   - parentheses outside string literals do not balance.
//
// The service is not documented to refuse these shapes, and created a
// review from its own "all teams" example, which has a stray quote: the
// Lint functions report them as warnings, and Validate refuses only a query
// that cannot be sent as written.
func CheckQuery(q string) error {
	if q == "" {
		return check.Invalid("query", "is required")
	}
	var errs []error
	if len(q) > MaxQueryLength {
		errs = append(errs, check.Invalid("query", "is %d bytes long, more than the %d allowed", len(q), MaxQueryLength))
	}
	switch {
	case strings.HasPrefix(q, "//"):
		errs = append(errs, check.Invalid("query", "must not start with \"//\", got %q", check.Truncate(q, 64)))
	case !strings.HasPrefix(q, "/") && !strings.HasPrefix(q, "./"):
		errs = append(errs, check.Invalid("query", "must start with \"/\" or \"./\", got %q", check.Truncate(q, 64)))
	}
	if !utf8.ValidString(q) {
		errs = append(errs, check.Invalid("query", "is not valid UTF-8"))
	}
	if i := strings.IndexFunc(q, isControl); i >= 0 {
		errs = append(errs, check.Invalid("query", "holds a control character at byte %d", i))
	}
	b := scanBalance(q)
	if b.strayClose >= 0 {
		errs = append(errs, check.Invalid("query", "has a ')' without a matching '(' at byte %d", b.strayClose))
	}
	if b.openQuote >= 0 {
		errs = append(errs, check.Invalid("query", "has a string literal opened at byte %d and never closed", b.openQuote))
	} else if b.depth > 0 {
		errs = append(errs, check.Invalid("query", "has %d unclosed '('", b.depth))
	}
	return errors.Join(errs...)
}

// checkEncodable reports a query that cannot be sent as written: JSON text
// is UTF-8, so invalid bytes would reach the service as other characters
// (or fail to encode).
func checkEncodable(q string) error {
	if !utf8.ValidString(q) {
		return check.Invalid("query", "is not valid UTF-8, so it cannot be sent as written")
	}
	return nil
}

// balance is the result of scanning a query for literals and parentheses.
type balance struct {
	depth      int // unclosed '(' at the end
	openQuote  int // byte offset of an unterminated literal, or -1
	strayClose int // byte offset of the first unmatched ')', or -1
}

// balanced reports whether every literal is closed and every parenthesis
// matched.
func (b balance) balanced() bool { return b.depth == 0 && b.openQuote < 0 && b.strayClose < 0 }

// scanBalance walks q once, skipping the contents of single-quoted literals
// (where a doubled quote is an escaped one) and counting parentheses
// elsewhere.
func scanBalance(q string) balance {
	b := balance{openQuote: -1, strayClose: -1}
	for i := 0; i < len(q); i++ {
		c := q[i]
		if b.openQuote >= 0 {
			if c == '\'' {
				if i+1 < len(q) && q[i+1] == '\'' {
					i++
					continue
				}
				b.openQuote = -1
			}
			continue
		}
		switch c {
		case '\'':
			b.openQuote = i
		case '(':
			b.depth++
		case ')':
			if b.depth == 0 {
				if b.strayClose < 0 {
					b.strayClose = i
				}
				continue
			}
			b.depth--
		}
	}
	return b
}

// isControl reports the characters a query must not hold: C0 controls and
// DEL, which no Graph path or OData expression uses and which could split
// log lines or headers.
func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// quoteLiteral returns v as an OData string literal for a query's $filter:
// in single quotes, with every quote doubled, so a value can never end the
// literal early. The characters that would change the URL the query is
// read as are percent-encoded, as a path ID is: a control character, "%"
// (which would start an escape), "&" (which would end the parameter), "#"
// (which would start a fragment) and "+" (which reads as a space). The
// service, and decoding a scope, read them back as the value given.
func quoteLiteral(v string) string {
	var b strings.Builder
	b.Grow(len(v) + 2)
	b.WriteByte('\'')
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '\'':
			b.WriteString("''")
		case c < 0x20 || c == 0x7f || c == '%' || c == '&' || c == '#' || c == '+':
			const hex = "0123456789ABCDEF"
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xf])
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
	return b.String()
}
