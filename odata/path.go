package odata

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/graphkit/governance/internal/check"
)

// maxKeyLen bounds an opaque key segment, in bytes before escaping. Graph
// keys are GUIDs, user principal names or short opaque tokens; anything
// longer is a mistake or an attack.
const maxKeyLen = 400

// Segment is one validated piece of a request path. Build segments with Lit
// (constants from code), GUID (identifiers the service issues as GUIDs) and
// Key (other opaque keys), and join them with JoinPath. The zero Segment is
// invalid.
type Segment struct {
	kind  segmentKind
	field string
	value string
}

type segmentKind int

const (
	segmentZero segmentKind = iota
	segmentLit
	segmentGUID
	segmentKey
)

// Lit returns a literal segment for text that comes from the program, never
// from input: "identityGovernance", "accessReviews/definitions" or
// "filterByCurrentUser(on='reviewer')". It is used as written (slashes
// separate segments; quotes, parentheses and "=" stay literal, as Graph
// writes function calls), and JoinPath rejects it when it holds anything
// outside the RFC 3986 path characters, a percent sign, or an empty, "." or
// ".." segment.
func Lit(s string) Segment { return Segment{kind: segmentLit, field: "path", value: s} }

// GUID returns a segment for an identifier that Graph issues as a GUID
// (definitions, instances, stages, decisions, users, groups). JoinPath
// rejects a v that is not GUID-shaped with a *FieldError naming field.
func GUID(field, v string) Segment { return Segment{kind: segmentGUID, field: field, value: v} }

// Key returns a segment for an opaque key that is not a GUID. JoinPath
// percent-escapes it as one segment and rejects, with a *FieldError naming
// field, a key that is empty, too long, "." or "..", or holds a slash, a
// backslash, a control or invisible format character, a lookalike of a
// slash or dot, or any of those percent-encoded (such as "%2e%2e" or "%2f"),
// since some servers and proxies decode paths more than once.
func Key(field, v string) Segment { return Segment{kind: segmentKey, field: field, value: v} }

// JoinPath validates every segment and joins them with "/" into a relative,
// escaped path for Request.Path. It reports every problem at once, as
// errors.Join of *FieldError values (errors.Is(err, ErrInvalid) holds), and
// returns "" with any error.
func JoinPath(segs ...Segment) (string, error) {
	parts := make([]string, 0, len(segs))
	var errs []error
	for i, s := range segs {
		part, err := s.encode(i)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		parts = append(parts, part)
	}
	if len(segs) == 0 {
		errs = append(errs, check.Invalid("path", "has no segments"))
	}
	if len(errs) > 0 {
		return "", errors.Join(errs...)
	}
	return strings.Join(parts, "/"), nil
}

// encode validates s, the i-th segment, and returns its escaped form.
func (s Segment) encode(i int) (string, error) {
	switch s.kind {
	case segmentLit:
		if problem := litProblem(s.value); problem != "" {
			return "", check.Invalid("path["+strconv.Itoa(i)+"]", "%s", problem)
		}
		return s.value, nil
	case segmentGUID:
		if err := check.GUID(s.field, s.value); err != nil {
			return "", err
		}
		return s.value, nil
	case segmentKey:
		if problem := keyProblem(s.value); problem != "" {
			return "", check.Invalid(s.field, "%s", problem)
		}
		// PathEscape leaves ":" alone; escape it too so that a key can never
		// look like a URL scheme wherever the path ends up.
		return strings.ReplaceAll(url.PathEscape(s.value), ":", "%3A"), nil
	}
	return "", check.Invalid("path["+strconv.Itoa(i)+"]", "is the zero Segment; use Lit, GUID or Key")
}

// litProblem says what is wrong with a literal segment, or "" when nothing is.
func litProblem(s string) string {
	if s == "" {
		return "literal segment is empty"
	}
	for _, c := range []byte(s) {
		if !isPathChar(c) {
			return "literal segment holds " + strconv.QuoteRune(rune(c)) + ", which is not a path character"
		}
	}
	for part := range strings.SplitSeq(s, "/") {
		switch part {
		case "":
			return "literal segment has an empty path segment"
		case ".", "..":
			return "literal segment has a dot segment"
		}
	}
	return ""
}

// isPathChar reports whether c is an RFC 3986 pchar or "/", leaving out "%"
// so a literal cannot smuggle an escape.
func isPathChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=:@/", c) >= 0
}

// keyProblem says what is wrong with an opaque key, or "" when nothing is.
// It checks the key as given and after each round of percent-decoding, so a
// traversal encoded once or twice is caught too.
func keyProblem(v string) string {
	switch {
	case v == "":
		return "is required"
	case len(v) > maxKeyLen:
		return "is longer than " + strconv.Itoa(maxKeyLen) + " bytes"
	}
	for range 4 {
		if p := rawKeyProblem(v); p != "" {
			return p
		}
		dec, err := url.PathUnescape(v)
		if err != nil || dec == v {
			return ""
		}
		v = dec
	}
	return "is percent-encoded too many times"
}

// rawKeyProblem checks one decoding level of a key.
func rawKeyProblem(v string) string {
	if v == "" || v == "." || v == ".." {
		return "must not be empty, \".\" or \"..\" once decoded"
	}
	if !utf8.ValidString(v) {
		return "is not valid UTF-8"
	}
	for _, r := range v {
		switch {
		case r == '/' || r == '\\':
			return "must not contain a slash or backslash"
		case unicode.IsControl(r):
			return "must not contain control characters"
		case unicode.Is(unicode.Cf, r):
			return "must not contain invisible format characters"
		case strings.ContainsRune(slashOrDotLookalikes, r):
			return "must not contain characters that normalise to a slash or dot"
		}
	}
	return ""
}

// slashOrDotLookalikes lists characters that Unicode normalisation (NFKC)
// or lenient servers turn into "/", "\" or ".": fraction slash, division
// slash, fullwidth and small solidus and reverse solidus, one-dot leader,
// fullwidth and small full stop.
const slashOrDotLookalikes = "\u2044\u2215\uFF0F\uFE68\uFF3C\u29F5\u29F8\u29F9\u2024\uFF0E\uFE52"
