package scope

import (
	"net/url"
	"strings"
)

// parsedQuery is a query taken apart for recognition: the service accepts
// several spellings of the same query ("+" for a space, "$count=true", a
// "/" before "?", parentheses around a filter) and [Describe] must see
// through them.
type parsedQuery struct {
	relative bool     // the query starts with "./"
	segments []string // path segments, percent-decoded
	params   map[string]string
	terms    []string // the conjuncts of $filter, normalised; nil without one
}

// parseQuery takes q apart. It fails (ok false) on what it cannot read with
// confidence: a missing leading "/", empty path segments, a repeated
// parameter, or a filter whose parentheses or literals do not balance.
func parseQuery(q string) (p parsedQuery, ok bool) {
	q = repairStrayQuote(q)
	switch {
	case strings.HasPrefix(q, "./"):
		p.relative = true
		q = q[2:]
	case strings.HasPrefix(q, "/") && !strings.HasPrefix(q, "//"):
		q = q[1:]
	default:
		return parsedQuery{}, false
	}
	path, rawQuery, _ := strings.Cut(q, "?")
	path = strings.TrimSuffix(path, "/")
	if path == "" {
		return parsedQuery{}, false
	}
	for seg := range strings.SplitSeq(path, "/") {
		if seg == "" {
			return parsedQuery{}, false
		}
		if dec, err := url.PathUnescape(seg); err == nil {
			seg = dec
		}
		p.segments = append(p.segments, seg)
	}
	if rawQuery == "" {
		return p, true
	}
	p.params = map[string]string{}
	for _, part := range splitOutsideLiterals(rawQuery, "&") {
		if part == "" {
			continue
		}
		name, value, _ := strings.Cut(part, "=")
		name = strings.ToLower(decodeComponent(name))
		if _, dup := p.params[name]; dup {
			return parsedQuery{}, false
		}
		p.params[name] = decodeComponent(value)
	}
	// $count only asks for a count next to the results; it does not change
	// which principals the query returns.
	delete(p.params, "$count")
	if filter, ok := p.params["$filter"]; ok {
		delete(p.params, "$filter")
		if p.terms, ok = filterTerms(filter); !ok {
			return parsedQuery{}, false
		}
	}
	return p, true
}

// path reports whether the path segments are exactly want, where "*" matches
// any one segment and the others match without regard to case, as Graph
// paths do. It returns the segments "*" matched.
func (p parsedQuery) path(want ...string) ([]string, bool) {
	if len(p.segments) != len(want) {
		return nil, false
	}
	var ids []string
	for i, w := range want {
		switch {
		case w == "*":
			ids = append(ids, p.segments[i])
		case !strings.EqualFold(w, p.segments[i]):
			return nil, false
		}
	}
	return ids, true
}

// plain reports whether the query is a bare path: no filter and no
// parameter other than $count.
func (p parsedQuery) plain() bool { return len(p.params) == 0 && p.terms == nil }

// onlyParams reports whether the query has no parameter other than the
// allowed ones ($filter and $count are handled separately and always allowed).
func (p parsedQuery) onlyParams(allowed ...string) bool {
	for name := range p.params {
		ok := false
		for _, a := range allowed {
			ok = ok || name == a
		}
		if !ok {
			return false
		}
	}
	return true
}

// repairStrayQuote undoes the one malformed query the documentation
// publishes: the "all teams" query ends in "…eq 'Team')')", a stray quote
// before the last parenthesis, which the service tolerates. A query whose
// literals do not balance and that balances once that quote is dropped is
// read without it. Nothing else is repaired.
func repairStrayQuote(q string) string {
	if !strings.HasSuffix(q, "')") || scanBalance(q).balanced() {
		return q
	}
	fixed := q[:len(q)-2] + ")"
	if scanBalance(fixed).balanced() {
		return fixed
	}
	return q
}

// decodeComponent reads "+" as a space outside string literals, as URL
// query encoding does, then undoes percent-encoding when it is valid.
func decodeComponent(s string) string {
	if strings.Contains(s, "+") {
		var b strings.Builder
		inLiteral := false
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case c == '\'':
				inLiteral = !inLiteral
			case c == '+' && !inLiteral:
				c = ' '
			}
			b.WriteByte(c)
		}
		s = b.String()
	}
	if strings.Contains(s, "%") {
		if dec, err := url.PathUnescape(s); err == nil {
			s = dec
		}
	}
	return s
}

// splitOutsideLiterals splits s at every sep (matched without regard to
// case, so " AND " is an " and ") that is neither inside a single-quoted
// literal nor inside parentheses.
func splitOutsideLiterals(s, sep string) []string {
	var parts []string
	depth, start, inLiteral := 0, 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'':
			inLiteral = !inLiteral
		case inLiteral:
		case c == '(':
			depth++
		case c == ')':
			depth--
		case depth == 0 && len(s)-i >= len(sep) && strings.EqualFold(s[i:i+len(sep)], sep):
			parts = append(parts, s[start:i])
			start = i + len(sep)
			i += len(sep) - 1
		}
	}
	return append(parts, s[start:])
}

// filterTerms normalises a $filter and splits it into its "and" conjuncts,
// each without enclosing parentheses and with whitespace collapsed.
func filterTerms(filter string) ([]string, bool) {
	if !scanBalance(filter).balanced() {
		return nil, false
	}
	filter = stripParens(collapseSpace(filter))
	if filter == "" {
		return nil, false
	}
	var terms []string
	for _, t := range splitOutsideLiterals(filter, " and ") {
		t = stripParens(strings.TrimSpace(t))
		if t == "" {
			return nil, false
		}
		terms = append(terms, t)
	}
	return terms, true
}

// collapseSpace trims s and replaces every run of spaces outside literals
// with one space.
func collapseSpace(s string) string {
	var b strings.Builder
	inLiteral, space := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !inLiteral && (c == ' ' || c == '\t') {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		if c == '\'' {
			inLiteral = !inLiteral
		}
		b.WriteByte(c)
	}
	return b.String()
}

// stripParens removes parentheses that enclose the whole of s.
func stripParens(s string) string {
	for len(s) >= 2 && s[0] == '(' && s[len(s)-1] == ')' && enclosing(s) {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

// enclosing reports whether the '(' at the start of s closes at its end.
func enclosing(s string) bool {
	depth, inLiteral := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'':
			inLiteral = !inLiteral
		case inLiteral:
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth == 0 && i != len(s)-1 {
				return false
			}
		}
	}
	return depth == 0
}
