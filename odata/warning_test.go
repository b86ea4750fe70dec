package odata

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

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
