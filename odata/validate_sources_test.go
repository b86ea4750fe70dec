package odata

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestQueryRulesCiteTheirSource is the list of every rule Query.Validate
// enforces, each with the input it refuses and why: a sentence of the Graph
// documentation, quoted with its page, or the encoding reason when the rule
// is about what Encode can send faithfully. Inputs the documents allow are
// listed too, as accepted, with the sentence that allows them.
func TestQueryRulesCiteTheirSource(t *testing.T) {
	t.Parallel()
	tests := []struct {
		rule   string
		input  Query
		field  string // "" when the input is accepted
		source string
	}{
		{
			rule: "a $top larger than any page size is sent", input: Query{Top: 1000},
			source: `paging.md: "Different APIs might behave differently if you specify a page size (via the $top ` +
				`query parameter) that exceeds the maximum page size for that API. Depending on the API, the requested ` +
				`page size might be ignored, it might default to the maximum page size for that API, or Microsoft Graph ` +
				`might return an error."`,
		},
		{
			rule: "$top is not negative", input: Query{Top: -1}, field: "top",
			source: "encoding: $top is a count; Encode could only leave a negative value out, sending another request than asked",
		},
		{
			rule: "$skip is not negative", input: Query{Skip: -1}, field: "skip",
			source: "encoding: $skip is a count; Encode could only leave a negative value out, sending another request than asked",
		},
		{
			rule: "a $select item is a property path", input: Query{Select: []string{"id,displayName"}}, field: "select[0]",
			source: "encoding: items are joined with commas into one option, so an item holding a comma would be sent as two",
		},
		{
			rule: "a $expand item holds no string literal", input: Query{Expand: []string{"x($filter=a eq 'b')"}}, field: "expand[0]",
			source: "encoding: nested options are sent as written; a quoted literal could end the option early",
		},
		{
			rule: "an $orderby item is a property path and a direction", input: Query{OrderBy: []string{"name sideways"}}, field: "orderBy[0]",
			source: "encoding: anything after the path other than asc or desc would be sent as OData syntax",
		},
		{
			rule: "a filter carries no builder error", input: Query{Filter: Eq("a b", 1)}, field: "filter",
			source: "encoding: the filter builders record what they cannot render as an OData literal or path",
		},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			t.Parallel()
			require.NotEmpty(t, tt.source, "every rule names its source")
			q := tt.input
			err := q.Validate()
			if tt.field == "" {
				require.NoError(t, err)
				enc, err := q.Encode()
				require.NoError(t, err)
				assert.Contains(t, enc, "$top=1000", "the value is sent as given")
				return
			}
			var fe *FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			assert.ErrorIs(t, err, ErrInvalid)
		})
	}
}
