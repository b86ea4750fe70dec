package odata

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQueryEncode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		q    *Query
		want string
	}{
		{"nil", nil, ""},
		{"zero", &Query{}, ""},
		{"every option in order", &Query{
			Count: true, Skip: 20, Top: 100,
			OrderBy: []string{"displayName", "createdDateTime desc"},
			Expand:  []string{"instances"},
			Select:  []string{"id", "displayName"},
			Filter:  Eq("status", "InProgress"),
		}, "$filter=status%20eq%20'InProgress'&$select=id,displayName&$expand=instances" +
			"&$orderby=displayName,createdDateTime%20desc&$top=100&$skip=20&$count=true"},
		{"hostile value", &Query{Filter: Eq("displayName", "a&$top=1#frag+b;c=d%20e\r\n?")},
			"$filter=displayName%20eq%20'a%26$top%3D1%23frag%2Bb%3Bc%3Dd%2520e%0D%0A%3F'"},
		{"quote injection", &Query{Filter: Eq("displayName", "x' or 'a' eq 'a")},
			"$filter=displayName%20eq%20'x''%20or%20''a''%20eq%20''a'"},
		{"unicode", &Query{Filter: StartsWith("displayName", "é")}, "$filter=startswith(displayName,'%C3%A9')"},
		{"lambda", &Query{Filter: Any("groupTypes", "c", Eq("c", "Unified"))}, "$filter=groupTypes/any(c:c%20eq%20'Unified')"},
		{"nested expand", &Query{Expand: []string{"instance($expand=definition)"}}, "$expand=instance($expand%3Ddefinition)"},
		{"select star", &Query{Select: []string{"*"}}, "$select=*"},
		{"top only", &Query{Top: 999}, "$top=999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.q.Encode()
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.NotContains(t, got, "%24", "names keep a literal $")

			// The standard parser sees exactly the options we meant, with
			// the values intact.
			parsed, err := url.ParseQuery(got)
			require.NoError(t, err)
			if tt.q != nil && !tt.q.Filter.IsZero() {
				assert.Equal(t, []string{tt.q.Filter.String()}, parsed["$filter"])
			}
			for name := range parsed {
				assert.True(t, strings.HasPrefix(name, "$"), "unexpected parameter %q", name)
			}
		})
	}
}

func TestQueryEncodeIsDeterministic(t *testing.T) {
	t.Parallel()
	q := &Query{Filter: And(Eq("a", 1), Eq("b", "x")), Select: []string{"a", "b"}, Top: 5, Count: true}
	first, err := q.Encode()
	require.NoError(t, err)
	for range 20 {
		again, err := q.Encode()
		require.NoError(t, err)
		assert.Equal(t, first, again)
	}
}

func TestQueryValidateReportsEveryProblem(t *testing.T) {
	t.Parallel()
	q := &Query{
		Filter:  Eq("bad field", 1),
		Select:  []string{"id", "a,b", ""},
		Expand:  []string{"x($filter=a eq 'b')", "y(", "z()", "w($top=1)x"},
		OrderBy: []string{"name sideways", "name desc", "name DESC", "a b c", "name  desc"},
		Top:     -1,
		Skip:    -2,
	}
	err := q.Validate()
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalid)
	var fields []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *FieldError
		require.ErrorAs(t, e, &fe)
		fields = append(fields, fe.Field)
	}
	assert.ElementsMatch(t, []string{"top", "skip", "select[1]", "select[2]",
		"expand[0]", "expand[1]", "expand[2]", "expand[3]", "orderBy[0]", "orderBy[3]", "orderBy[4]", "filter"}, fields)

	_, encErr := q.Encode()
	assert.Equal(t, err.Error(), encErr.Error(), "Encode refuses what Validate refuses")
}

func TestEscapeQueryValueLeavesNothingUnsafe(t *testing.T) {
	t.Parallel()
	var all strings.Builder
	for c := range 256 {
		all.WriteByte(byte(c))
	}
	got := escapeQueryValue(all.String())
	for i := 0; i < len(got); i++ {
		c := got[i]
		assert.False(t, c == '&' || c == '#' || c == '+' || c == ';' || c == '=' || c == '?' || c == ' ' || c < 0x20 || c >= 0x7f,
			"unsafe byte %q in %q", c, got)
	}
	dec, err := url.QueryUnescape(got)
	require.NoError(t, err)
	assert.Equal(t, all.String(), dec)
}
