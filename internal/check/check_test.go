package check

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGUID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		ok       bool
		problem  string
	}{
		{name: "lower", in: "7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53", ok: true},
		{name: "upper", in: "7EAE86BF-1E5B-4E5B-A9F3-0D8A1A6F1C53", ok: true},
		{name: "empty", in: "", problem: "is required"},
		{name: "short", in: "7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c5",
			problem: `must be a GUID (8-4-4-4-12 hexadecimal digits), got "7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c5"`},
		{name: "braces", in: "{7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53}",
			problem: `must be a GUID (8-4-4-4-12 hexadecimal digits), got "{7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53}"`},
		{name: "traversal", in: "../7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53",
			problem: `must be a GUID (8-4-4-4-12 hexadecimal digits), got "../7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53"`},
		{name: "trailing newline", in: "7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53\n",
			problem: `must be a GUID (8-4-4-4-12 hexadecimal digits), got "7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53\n"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.ok, IsGUID(tt.in))
			err := GUID("definitionId", tt.in)
			if tt.ok {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalid)
			var fe *FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, FieldError{Field: "definitionId", Problem: tt.problem}, *fe)
		})
	}
}

func TestFindGUIDs(t *testing.T) {
	t.Parallel()
	const a, b = "7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53", "0D8A1A6F-1E5B-4E5B-A9F3-7EAE86BF1C53"
	assert.Equal(t, []string{a, b}, FindGUIDs("/groups/"+a+"/members?$filter=id ne '"+b+"'"))
	assert.Nil(t, FindGUIDs("/groups/7eae86bf-1e5b/members"))
}

func TestGUIDShortensAHugeValue(t *testing.T) {
	t.Parallel()
	err := GUID("id", strings.Repeat("a", 1000))
	var fe *FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, `must be a GUID (8-4-4-4-12 hexadecimal digits), got "`+strings.Repeat("a", 64)+`…"`, fe.Problem)
}

func TestPrefixRenamesEveryFieldError(t *testing.T) {
	t.Parallel()
	other := errors.New("other")
	err := errors.Join(Invalid("range.startDate", "is required"), Invalid("[2]", "bad"), other)
	got := Prefix("settings.recurrence", err)
	var fields []string
	for _, e := range got.(interface{ Unwrap() []error }).Unwrap() {
		var fe *FieldError
		if errors.As(e, &fe) {
			fields = append(fields, fe.Field)
		}
	}
	assert.Equal(t, []string{"settings.recurrence.range.startDate", "settings.recurrence[2]"}, fields)
	assert.ErrorIs(t, got, other)
	assert.ErrorIs(t, got, ErrInvalid)
	assert.NoError(t, Prefix("x", nil))
}

func TestFieldErrorWithoutFieldPrintsOnlyTheProblem(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "a scope is required", Invalid("", "a scope is required").Error())
	assert.Equal(t, "scope: a scope is required", Prefix("scope", Invalid("", "a scope is required")).Error())
	assert.Equal(t, "top: must not be negative, got -1", Invalid("top", "must not be negative, got %d", -1).Error())
}

func TestTruncate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		n        int
		want     string
	}{
		{name: "short", in: "abc", n: 3, want: "abc"},
		{name: "long", in: "abcdef", n: 3, want: "abc…"},
		{name: "cut inside a rune", in: "ab\u00e9cd", n: 3, want: "ab…"},
		{name: "cut after a rune", in: "ab\u00e9cd", n: 4, want: "ab\u00e9…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Truncate(tt.in, tt.n)
			assert.Equal(t, tt.want, got)
			assert.True(t, utf8.ValidString(got))
		})
	}
}

func TestPrefixWarnings(t *testing.T) {
	t.Parallel()
	ws := []Warning{Warn("", "whole"), Warn("query", "q %d", 1), Warn("[2].query", "indexed")}
	got := PrefixWarnings("reviewers[0]", ws)
	assert.Equal(t, []Warning{
		{Field: "reviewers[0]", Problem: "whole"},
		{Field: "reviewers[0].query", Problem: "q 1"},
		{Field: "reviewers[0][2].query", Problem: "indexed"},
	}, got)
	assert.Equal(t, "query", ws[1].Field, "the input is not changed")
	assert.Nil(t, PrefixWarnings("x", nil))
	assert.Equal(t, "query", PrefixWarnings("", ws)[1].Field)
	assert.Equal(t, "reviewers[0].query: q 1", got[1].String())
	assert.Equal(t, "whole", Warning{Problem: "whole"}.String())
}
