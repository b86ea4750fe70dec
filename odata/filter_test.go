package odata

import (
	"math"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type filterTestDecision string

type filterTestCount uint16

func TestFilterBuilders(t *testing.T) {
	t.Parallel()
	when := time.Date(2024, 3, 1, 10, 30, 0, 500_000_000, time.FixedZone("CET", 3600))
	tests := []struct {
		name string
		f    Filter
		want string
	}{
		{"eq string", Eq("decision", "NotReviewed"), "decision eq 'NotReviewed'"},
		{"eq named string type", Eq("decision", filterTestDecision("Approve")), "decision eq 'Approve'"},
		{"quote doubled", Eq("displayName", "O'Brien's"), "displayName eq 'O''Brien''s'"},
		{"injection stays a literal", Eq("displayName", "x' or 1 eq 1 or 'a"), "displayName eq 'x'' or 1 eq 1 or ''a'"},
		{"ne bool", Ne("isEnabled", true), "isEnabled ne true"},
		{"gt int", Gt("count", -3), "count gt -3"},
		{"ge uint", Ge("count", filterTestCount(7)), "count ge 7"},
		{"lt float", Lt("score", 0.25), "score lt 0.25"},
		{"le float32", Le("score", float32(1.5)), "score le 1.5"},
		{"large float", Eq("n", 1e21), "n eq 1e+21"},
		{"time in utc", Ge("createdDateTime", when), "createdDateTime ge 2024-03-01T09:30:00.5Z"},
		{"date", Eq("startDate", Date{Year: 2020, Month: time.September, Day: 8}), "startDate eq 2020-09-08"},
		{"duration", Eq("inactiveDuration", Days(30)), "inactiveDuration eq duration'P30D'"},
		{"null", Eq("endDate", nil), "endDate eq null"},
		{"type cast path", Contains("scope/microsoft.graph.accessReviewQueryScope/query", "./members"),
			"contains(scope/microsoft.graph.accessReviewQueryScope/query,'./members')"},
		{"startswith", StartsWith("displayName", "Q'1"), "startswith(displayName,'Q''1')"},
		{"in", In("status", "InProgress", "Completed"), "status in ('InProgress','Completed')"},
		{"any", Any("groupTypes", "c", Eq("c", "Unified")), "groupTypes/any(c:c eq 'Unified')"},
		{"any nested path", Any("members", "m", And(Eq("m/userType", "Guest"), Eq("m/accountEnabled", true))),
			"members/any(m:m/userType eq 'Guest' and m/accountEnabled eq true)"},
		{"any without predicate", Any("owners", "o", Filter{}), "owners/any()"},
		{"all", Every("groupTypes", "c", Ne("c", "DynamicMembership")), "groupTypes/all(c:c ne 'DynamicMembership')"},
		{"isof", IsOf("principal", "microsoft.graph.servicePrincipal"), "isof(principal,'microsoft.graph.servicePrincipal')"},
		{"and flat", And(Eq("a", 1), Eq("b", 2), And(Eq("c", 3), Eq("d", 4))), "a eq 1 and b eq 2 and c eq 3 and d eq 4"},
		{"or inside and", And(Eq("a", 1), Or(Eq("b", 2), Eq("c", 3))), "a eq 1 and (b eq 2 or c eq 3)"},
		{"and inside or", Or(And(Eq("a", 1), Eq("b", 2)), Eq("c", 3), Or(Eq("d", 4), Eq("e", 5))),
			"(a eq 1 and b eq 2) or c eq 3 or d eq 4 or e eq 5"},
		{"not comparison", Not(Eq("a", 1)), "not (a eq 1)"},
		{"not function", Not(Contains("a", "x")), "not contains(a,'x')"},
		{"not inside and", And(Not(Eq("a", 1)), Eq("b", 2)), "not (a eq 1) and b eq 2"},
		{"zero skipped", And(Filter{}, Eq("a", 1), Filter{}), "a eq 1"},
		{"all zero", Or(Filter{}, Filter{}), ""},
		{"unsafe parenthesised", And(Eq("a", 1), Unsafe("b eq 2 or c eq 3")), "a eq 1 and (b eq 2 or c eq 3)"},
		{"unsafe in and of or", Or(Unsafe("x eq 'a)'"), Unsafe("y eq ''''")), "(x eq 'a)') or (y eq '''')"},
		{"unsafe alone", Unsafe("endswith(mail,'@x.com')"), "endswith(mail,'@x.com')"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.NoError(t, tt.f.Err())
			assert.Equal(t, tt.want, tt.f.String())
			assert.Equal(t, tt.want == "", tt.f.IsZero())
		})
	}
}

func TestFilterErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		f       Filter
		problem string
	}{
		{"field with spaces", Eq("a eq 1 or b", "x"), "is not a property path"},
		{"field with quote", Eq("a'", "x"), "is not a property path"},
		{"empty field", Eq("", "x"), "is not a property path"},
		{"field with leading digit", Eq("1a", "x"), "is not a property path"},
		{"field with empty segment", Eq("a//b", "x"), "is not a property path"},
		{"nan", Eq("a", math.NaN()), "is not finite"},
		{"inf", Eq("a", math.Inf(-1)), "is not finite"},
		{"struct value", Eq("a", struct{}{}), "has no OData literal"},
		{"pointer value", Eq("a", new(string)), "has no OData literal"},
		{"filter as value", Eq("a", Eq("b", 1)), "has no OData literal"},
		{"invalid date", Eq("a", Date{Year: 2023, Month: 2, Day: 30}), "not a valid calendar day"},
		{"time out of range", Eq("a", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)), "outside"},
		{"in without values", In("status"), "at least one value"},
		{"in with bad value", In("status", "a", []int{1}), "has no OData literal"},
		{"contains bad field", Contains("a)", "x"), "is not a property path"},
		{"any bad variable", Any("groupTypes", "c:c", Eq("c", "x")), "is not an identifier"},
		{"all without predicate", Every("groupTypes", "c", Filter{}), "needs a predicate"},
		{"isof bad type", IsOf("principal", "microsoft.graph.user')"), "is not a qualified name"},
		{"not of zero", Not(Filter{}), "zero Filter"},
		{"unsafe unbalanced paren", Unsafe("contains(a,'x'"), "unbalanced parentheses"},
		{"unsafe closing first", Unsafe(")a eq 1("), "unbalanced parentheses"},
		{"unsafe open quote", Unsafe("a eq 'x"), "unterminated string literal"},
		{"unsafe empty", Unsafe("  "), "is empty"},
		{"error propagates through and", And(Eq("a", 1), Eq("b c", 2)), "is not a property path"},
		{"error propagates through not", Not(Or(Eq("a", 1), Eq("b", math.NaN()))), "is not finite"},
		{"error propagates through any", Any("c", "x", Eq("x", struct{}{})), "has no OData literal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.f.Err()
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalid)
			assert.Contains(t, err.Error(), tt.problem)
			var fe *FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, "filter", fe.Field)
			assert.Empty(t, tt.f.String(), "an invalid filter renders as nothing")
			assert.False(t, tt.f.IsZero())
		})
	}
}

func TestFilterReportsEveryProblem(t *testing.T) {
	t.Parallel()
	f := And(Eq("bad field", 1), Or(Eq("a", math.NaN()), In("b")))
	err := f.Err()
	require.Error(t, err)
	joined, ok := err.(interface{ Unwrap() []error })
	require.True(t, ok)
	problems := joined.Unwrap()
	require.Len(t, problems, 3, "one flat list, not nested joins")
	for i, want := range []string{"bad field", "not finite", "at least one value"} {
		assert.Contains(t, problems[i].Error(), want)
	}
}

// parseStringLiteral parses an OData string literal at the start of s and
// returns its value and the rest of s.
func parseStringLiteral(s string) (value, rest string, ok bool) {
	if !strings.HasPrefix(s, "'") {
		return "", s, false
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		if s[i] != '\'' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == '\'' {
			b.WriteByte('\'')
			i++
			continue
		}
		return b.String(), s[i+1:], true
	}
	return "", "", false
}

func FuzzFilterLiteral(f *testing.F) {
	for _, s := range []string{"", "Guest", "O'Brien", "'", "''", "a' or 1 eq 1 or 'b", "x&$top=1#y", "100% +1;a=b",
		"line\nbreak\r\n", "\x00\x7f", "é日本", "\xff\xfe", ")", "' eq '"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		flt := Eq("displayName", s)
		if err := flt.Err(); err != nil {
			t.Fatalf("Eq(%q) failed: %v", s, err)
		}
		expr := flt.String()
		rest, found := strings.CutPrefix(expr, "displayName eq ")
		if !found {
			t.Fatalf("unexpected shape %q", expr)
		}
		got, tail, ok := parseStringLiteral(rest)
		if !ok || tail != "" || got != s {
			t.Fatalf("literal of %q parsed back as %q (tail %q, ok %v)", s, got, tail, ok)
		}
		enc, err := (&Query{Filter: flt}).Encode()
		if err != nil {
			t.Fatal(err)
		}
		value, found := strings.CutPrefix(enc, "$filter=")
		if !found {
			t.Fatalf("encoded %q", enc)
		}
		for i := 0; i < len(value); i++ {
			if c := value[i]; c == '&' || c == '#' || c == '+' || c == ' ' || c == '=' || c == ';' || c < 0x20 || c >= 0x7f {
				t.Fatalf("encoded value %q holds %q", value, c)
			}
		}
		if dec, err := url.QueryUnescape(value); err != nil || dec != expr {
			t.Fatalf("encoded value %q decodes to %q (%v), want %q", value, dec, err, expr)
		}
	})
}
