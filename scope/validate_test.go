package scope_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

func TestCheckQuery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		q        string
		problems []string // substrings, one per expected problem, in order
	}{
		{name: "path", q: "/users"},
		{name: "relative", q: "./manager"},
		{name: "filter", q: "/groups?$filter=(groupTypes/any(c:c eq 'Unified') and resourceProvisioningOptions/Any(x:x eq 'Team'))"},
		{name: "escaped quote", q: "/users?$filter=(surname eq 'O''Brien')"},
		{name: "parenthesis in literal", q: "/users?$filter=(displayName eq 'a(b')"},
		{name: "unicode", q: "/users?$filter=(city eq 'Zürich')"},
		{name: "longest allowed", q: "/" + strings.Repeat("a", scope.MaxQueryLength-1)},
		{name: "empty", q: "", problems: []string{"is required"}},
		{name: "no slash", q: "users", problems: []string{`must start with "/" or "./"`}},
		{name: "dot without slash", q: ".members", problems: []string{`must start with "/" or "./"`}},
		{name: "protocol relative", q: "//evil.example/users", problems: []string{`must not start with "//"`}},
		{name: "newline", q: "/users\n/x", problems: []string{"control character at byte 6"}},
		{name: "delete", q: "/users\x7f", problems: []string{"control character"}},
		{name: "invalid utf-8", q: "/users/\xff", problems: []string{"not valid UTF-8"}},
		{name: "unclosed parenthesis", q: "/groups?$filter=((a eq 'b')", problems: []string{"1 unclosed '('"}},
		{name: "stray parenthesis", q: "/groups?$filter=(a eq 'b'))", problems: []string{"')' without a matching '(' at byte 26"}},
		{name: "unclosed literal", q: "/groups?$filter=(a eq 'b)", problems: []string{"string literal opened at byte 22"}},
		{name: "documentation's all-teams typo", q: "/groups?$filter=(groupTypes/any(c:c eq 'Unified') and resourceProvisioningOptions/Any(x:x eq 'Team')')", problems: []string{"string literal opened"}},
		{name: "too long", q: "/" + strings.Repeat("a", scope.MaxQueryLength), problems: []string{"more than the 2048 allowed"}},
		{
			name:     "every problem at once",
			q:        "users)(\t'",
			problems: []string{`must start with`, "control character", "')' without", "string literal opened"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := scope.CheckQuery(tt.q)
			if len(tt.problems) == 0 {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, odata.ErrInvalid)
			fields := fieldNames(err)
			require.Len(t, fields, len(tt.problems), err.Error())
			for i, line := range strings.Split(err.Error(), "\n") {
				assert.Equal(t, "query", fields[i])
				assert.Contains(t, line, tt.problems[i])
			}
		})
	}
}

// TestCheckQueryShortensHugeInput checks that an error message quotes at
// most a bounded prefix of a hostile query.
func TestCheckQueryShortensHugeInput(t *testing.T) {
	t.Parallel()
	err := scope.CheckQuery(strings.Repeat("x", 100000))
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 400)
}
