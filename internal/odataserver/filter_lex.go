package odataserver

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
)

// ftokKind is the kind of a filter token.
type ftokKind int

const (
	tokEOF ftokKind = iota
	tokIdent
	tokLiteral
	tokLParen
	tokRParen
	tokComma
	tokSlash
	tokColon
)

// ftoken is one token of a filter; literals carry their decoded value
// (string, float64, bool or nil).
type ftoken struct {
	kind  ftokKind
	text  string
	value any
	pos   int
}

func (t ftoken) isLiteral() bool { return t.kind == tokLiteral }

func (t ftoken) describe() string {
	if t.kind == tokEOF {
		return "the end of the filter"
	}
	return "'" + t.text + "'"
}

// Literal shapes that start like numbers or names. GUIDs may start with a
// letter, so they are tried before identifiers.
var (
	reGUID     = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)
	reDateTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})`)
	reDate     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`)
	reNumber   = regexp.MustCompile(`^-?\d+(\.\d+)?([eE][+-]?\d+)?`)
)

// lexFilter splits a filter into tokens, ending with a tokEOF.
func lexFilter(src string) ([]ftoken, error) {
	var toks []ftoken
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '+':
			// "+" is a space left over from form encoding, as in
			// "groupTypes/any(c:c+eq+'Unified')".
			i++
			continue
		case c == '(' || c == ')' || c == ',' || c == '/' || c == ':':
			toks = append(toks, ftoken{kind: punctKind(c), text: string(c), pos: i})
			i++
			continue
		case c == '\'':
			s, n, err := lexString(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, ftoken{kind: tokLiteral, text: src[i : i+n], value: s, pos: i})
			i += n
			continue
		}
		rest := src[i:]
		if m := reGUID.FindString(rest); m != "" && !isWordByte(at(rest, len(m))) {
			toks = append(toks, ftoken{kind: tokLiteral, text: m, value: m, pos: i})
			i += len(m)
			continue
		}
		if c == '-' || isDigit(c) {
			tok, err := lexNumberLike(rest, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, tok)
			i += len(tok.text)
			continue
		}
		if !isIdentStart(c) {
			return nil, errors.New("unexpected character '" + string(rune(c)) + "' at position " + strconv.Itoa(i))
		}
		j := i + 1
		for j < len(src) && isIdentByte(src[j]) {
			j++
		}
		word := src[i:j]
		if j < len(src) && src[j] == '\'' {
			// A typed literal: duration'P30D', guid'…', datetime'…'.
			s, n, err := lexString(src, j)
			if err != nil {
				return nil, err
			}
			toks = append(toks, ftoken{kind: tokLiteral, text: src[i : j+n], value: s, pos: i})
			i = j + n
			continue
		}
		switch strings.ToLower(word) {
		case "true", "false":
			toks = append(toks, ftoken{kind: tokLiteral, text: word, value: strings.EqualFold(word, "true"), pos: i})
		case "null":
			toks = append(toks, ftoken{kind: tokLiteral, text: word, value: nil, pos: i})
		default:
			toks = append(toks, ftoken{kind: tokIdent, text: word, pos: i})
		}
		i = j
	}
	return append(toks, ftoken{kind: tokEOF, pos: len(src)}), nil
}

// lexString reads the quoted literal at src[i], with ” standing for one
// quote; it returns the value and the literal's length in bytes.
func lexString(src string, i int) (string, int, error) {
	var b strings.Builder
	j := i + 1
	for j < len(src) {
		if src[j] == '\'' {
			if j+1 < len(src) && src[j+1] == '\'' {
				b.WriteByte('\'')
				j += 2
				continue
			}
			return b.String(), j + 1 - i, nil
		}
		b.WriteByte(src[j])
		j++
	}
	return "", 0, errors.New("unterminated string literal at position " + strconv.Itoa(i))
}

// lexNumberLike reads a DateTimeOffset, date or number literal.
func lexNumberLike(rest string, pos int) (ftoken, error) {
	for _, re := range []*regexp.Regexp{reDateTime, reDate} {
		if m := re.FindString(rest); m != "" && !isWordByte(at(rest, len(m))) {
			return ftoken{kind: tokLiteral, text: m, value: m, pos: pos}, nil
		}
	}
	m := reNumber.FindString(rest)
	if m == "" || isWordByte(at(rest, len(m))) {
		return ftoken{}, errors.New("invalid literal at position " + strconv.Itoa(pos))
	}
	f, err := strconv.ParseFloat(m, 64)
	if err != nil {
		return ftoken{}, errors.New("invalid number at position " + strconv.Itoa(pos))
	}
	return ftoken{kind: tokLiteral, text: m, value: f, pos: pos}, nil
}

func punctKind(c byte) ftokKind {
	switch c {
	case '(':
		return tokLParen
	case ')':
		return tokRParen
	case ',':
		return tokComma
	case '/':
		return tokSlash
	}
	return tokColon
}

// at returns s[i], or 0 past the end.
func at(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isIdentStart(c byte) bool {
	return c == '_' || c == '@' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isIdentByte(c byte) bool {
	return isIdentStart(c) || isDigit(c) || c == '.'
}

// isWordByte reports whether c would continue a literal, making it
// something else (a GUID followed by more hex, a number glued to a name).
func isWordByte(c byte) bool { return isIdentByte(c) || c == '-' }
