package adversarial

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/internal/testutil"
	"github.com/graphkit/governance/odata"
)

// badCase is one invalid input: run feeds it to the library, which must
// refuse it with a field error naming field, before sending anything.
type badCase struct {
	pkg   string // the package under attack, for the counts
	name  string
	field string
	run   func(t *testing.T, e *env) error
}

// allBadCases returns every bad-input case of every package.
func allBadCases() []badCase {
	var all []badCase
	for _, part := range [][]badCase{
		odataBadCases(),
		scopeBadCases(),
		recurrenceBadCases(),
		accessReviewsBadCases(),
		decisionHistoryBadCases(),
		legacyBadCases(),
	} {
		all = append(all, part...)
	}
	return all
}

// TestBadInput runs every case: the error matches odata.ErrInvalid, one of
// its field errors names the expected field, and no request reached the
// transport.
func TestBadInput(t *testing.T) {
	t.Parallel()
	for _, tc := range allBadCases() {
		t.Run(tc.pkg+"/"+tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			err := tc.run(t, e)
			require.Error(t, err, "invalid input was accepted")
			assert.ErrorIs(t, err, odata.ErrInvalid, "error: %v", err)
			assert.Contains(t, testutil.FieldNames(err), tc.field, "error: %v", err)
			assert.Zero(t, e.ct.count(), "a request was sent for invalid input")
			for _, fe := range testutil.FieldErrors(err) {
				assert.NotEmpty(t, fe.Problem, "field error %q has no problem text", fe.Field)
				assert.Equal(t, strings.ToLower(fe.Problem[:1]), fe.Problem[:1], "problem text starts upper case: %q", fe.Problem)
			}
		})
	}
}

// TestBadInputCaseNamesAreUnique checks that no two cases of a package
// share a name: a repeated name would make one subtest hide the other.
func TestBadInputCaseNamesAreUnique(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, tc := range allBadCases() {
		key := tc.pkg + "/" + tc.name
		assert.False(t, seen[key], "duplicate case %s", key)
		seen[key] = true
	}
}
