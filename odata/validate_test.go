package odata

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckGUID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"lower", "7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53", true},
		{"upper", "7EAE86BF-1E5B-4E5B-A9F3-0D8A1A6F1C53", true},
		{"empty", "", false},
		{"short", "7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c5", false},
		{"braces", "{7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53}", false},
		{"traversal", "../7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53", false},
		{"trailing newline", "7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := CheckGUID("definitionId", tt.in)
			if tt.ok {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalid)
			var fe *FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, "definitionId", fe.Field)
		})
	}
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
}
