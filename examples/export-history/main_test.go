package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphkit/governance/examples/internal/setup/setuptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRunExportsTheDecisions runs the export on the fake, to stdout and to a
// file, and checks the CSV's rows and that the download carried no token.
func TestRunExportsTheDecisions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		toFile bool
	}{
		{name: "stdout"},
		{name: "file", toFile: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, out := setuptest.OpenFake(t, directory())
			opts := options{Days: 30}
			if tt.toFile {
				opts.Output = filepath.Join(t.TempDir(), "history.csv")
			}

			res, err := run(e, opts)
			require.NoError(t, err)
			assert.Equal(t, 3, res.Rows)

			csvText := out.String()
			if tt.toFile {
				raw, err := os.ReadFile(opts.Output)
				require.NoError(t, err)
				csvText = string(raw)
				assert.NotContains(t, out.String(), "ReviewId,", "the CSV went to the file only")
			}
			records := csvRecords(t, csvText)
			require.Len(t, records, 4, "a header and one row per member")
			header := records[0]
			col := func(name string) int {
				i := indexOf(header, name)
				require.GreaterOrEqual(t, i, 0, name)
				return i
			}
			got := map[string]string{}
			for _, r := range records[1:] {
				got[r[col("PrincipalId")]] = r[col("Decision")]
				assert.Equal(t, "Project Falcon membership review", r[col("ReviewName")])
			}
			assert.Equal(t, map[string]string{memberIDs[0]: "Approve", memberIDs[1]: "Approve", memberIDs[2]: "Deny"}, got)

			downloads := e.Fake.Downloads()
			require.Len(t, downloads, 1)
			assert.False(t, downloads[0].HasAuth, "the Graph token never goes to the storage host")
			assert.Contains(t, out.String(), "==> Done: 3 decisions exported")
		})
	}
}

// csvRecords reads the CSV part of the output: the lines from the header on
// that are not step lines.
func csvRecords(t *testing.T, text string) [][]string {
	t.Helper()
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		if l != "" && !strings.HasPrefix(l, "==>") && !strings.HasPrefix(l, "    ") {
			lines = append(lines, l)
		}
	}
	records, err := csv.NewReader(strings.NewReader(strings.Join(lines, "\n"))).ReadAll()
	require.NoError(t, err)
	return records
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}
