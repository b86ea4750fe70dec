package adversarial

import (
	"errors"
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

// minBadCases is the figure the README quotes: the suite holds at least
// this many cases.
const minBadCases = 150

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

// TestBadInputCount enforces the size of the table, per package and in all,
// and that case names are unique, so the figure the README quotes holds.
func TestBadInputCount(t *testing.T) {
	t.Parallel()
	all := allBadCases()
	perPkg := map[string]int{}
	seen := map[string]bool{}
	for _, tc := range all {
		key := tc.pkg + "/" + tc.name
		assert.False(t, seen[key], "duplicate case %s", key)
		seen[key] = true
		perPkg[tc.pkg]++
	}
	assert.GreaterOrEqual(t, len(all), minBadCases)
	for pkg, least := range map[string]int{
		"odata": 40, "scope": 30, "recurrence": 10, "accessreviews": 50, "legacy": 10,
	} {
		assert.GreaterOrEqual(t, perPkg[pkg], least, "cases for package %s", pkg)
	}
}

// TestFieldErrorsWalk checks the helper the suite relies on: it finds field
// errors under errors.Join and fmt.Errorf wrapping alike.
func TestFieldErrorsWalk(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want []string
	}{
		{"nil", nil, nil},
		{"plain", errors.New("x"), nil},
		{"one", odata.Invalid("a", "bad"), []string{"a"}},
		{"joined", errors.Join(odata.Invalid("a", "bad"), odata.Invalid("b", "bad")), []string{"a", "b"}},
		{"wrapped join", wrapf(errors.Join(odata.Invalid("a", "bad"), errors.Join(odata.Invalid("c", "bad")))), []string{"a", "c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, testutil.FieldNames(tt.err))
		})
	}
}

// wrapErr wraps an error the way the services do.
type wrapErr struct{ err error }

func (w wrapErr) Error() string { return "op: " + w.err.Error() }
func (w wrapErr) Unwrap() error { return w.err }

func wrapf(err error) error { return wrapErr{err} }
