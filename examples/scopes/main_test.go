package main

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/examples/internal/setup/setuptest"
	"github.com/graphkit/governance/scope"
)

// TestRunCreatesEveryScope runs the example on the fake and checks that every
// scope was accepted and reads back meaning the same thing.
func TestRunCreatesEveryScope(t *testing.T) {
	t.Parallel()
	e, out := setuptest.OpenFake(t, directory())

	got, err := run(e)
	require.NoError(t, err)
	require.Len(t, got, 17)
	for _, c := range got {
		require.NotNil(t, c.Definition, c.Example.Title)
		read, err := e.Client.Definitions.Get(t.Context(), c.Definition.ID)
		require.NoError(t, err, c.Example.Title)
		assert.Equal(t, scope.DescribeReview(c.Example.Scope, c.Example.Enumeration),
			scope.DescribeReview(read.Scope, read.InstanceEnumerationScope), c.Example.Title)
		want, err := scope.Marshal(c.Example.Scope)
		require.NoError(t, err)
		have, err := scope.Marshal(read.Scope)
		require.NoError(t, err)
		assert.JSONEq(t, string(want), string(have), c.Example.Title)
	}

	text := out.String()
	for _, line := range []string{
		"==> 1. Review all users assigned to a group",
		"    scope:       scope.Group(groupID).TransitiveMembers()",
		"    enumeration: scope.AllTeams()",
		"    means:       guest users among the direct members of each team, inactive for 30 days",
		"==> Done: 17 scopes printed, 17 definitions created",
	} {
		assert.Contains(t, text, line)
	}
	assert.Equal(t, 17, strings.Count(text, "    created:     definition "))
}

// TestExamplesMatchTheGuide compares each scope's JSON with the guide's, as
// kept in testdata (copied from the project's conformance files), after
// putting the example directory's IDs in the guide's placeholders.
func TestExamplesMatchTheGuide(t *testing.T) {
	t.Parallel()
	placeholders := strings.NewReplacer(
		"{groupId}", groupID, "{role ID}", roleID, "{role id}", roleID,
		"{package id}", packageID, "'{id}'", "'"+policyID+"'", "'id'", "'"+catalogID+"'")
	files, err := filepath.Glob("testdata/*.json")
	require.NoError(t, err)
	var covered []string
	for _, ex := range examples() {
		covered = append(covered, filepath.Join("testdata", ex.File))
	}
	assert.ElementsMatch(t, files, covered, "one example per file of the guide")

	for _, ex := range examples() {
		t.Run(ex.File, func(t *testing.T) {
			t.Parallel()
			raw, err := os.ReadFile(filepath.Join("testdata", ex.File))
			require.NoError(t, err)
			text := string(raw)
			if ex.File == "11-team-with-shared-channels.json" {
				// The guide's example 11 uses one group ID for the team.
				text = strings.ReplaceAll(text, groupID, teamID)
				text = strings.ReplaceAll(text, "{groupId}", teamID)
			}
			var want map[string]json.RawMessage
			require.NoError(t, json.Unmarshal([]byte(placeholders.Replace(text)), &want))
			built := map[string]scope.Scope{"scope": ex.Scope}
			if ex.Enumeration != nil {
				built["instanceEnumerationScope"] = ex.Enumeration
			}
			require.Len(t, want, len(built))
			for name, s := range built {
				got, err := scope.Marshal(s)
				require.NoError(t, err)
				assert.Equal(t, normalize(t, want[name]), normalize(t, got), name)
			}
		})
	}
}

// TestExpressionTextsMatchTheCode parses main.go and checks that every Expr
// and EnumExpr string is the source text of the expression beside it, so
// the printed expressions cannot drift from the code.
func TestExpressionTextsMatchTheCode(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("main.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "main.go", src, 0)
	require.NoError(t, err)
	sourceOf := func(n ast.Node) string {
		return string(src[fset.Position(n.Pos()).Offset:fset.Position(n.End()).Offset])
	}
	pairs := 0
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok {
			return true
		}
		fields := map[string]ast.Expr{}
		for _, elt := range lit.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok {
					fields[id.Name] = kv.Value
				}
			}
		}
		for text, value := range map[string]string{"Expr": "Scope", "EnumExpr": "Enumeration"} {
			str, ok := fields[text].(*ast.BasicLit)
			if !ok || fields[value] == nil {
				continue
			}
			pairs++
			assert.Equal(t, `"`+sourceOf(fields[value])+`"`, str.Value, "line %d", fset.Position(str.Pos()).Line)
		}
		return true
	})
	assert.Equal(t, 17+5, pairs, "every example's scope and enumeration texts were checked")
}

// normalize decodes a scope's JSON for comparison, applying the two rules of
// the service the guide's files rely on: a scope without "@odata.type" is a
// query scope, and a null member is an absent one.
func normalize(t *testing.T, raw []byte) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(raw, &v))
	return normalizeValue(v, true)
}

func normalizeValue(v any, isScope bool) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, val := range x {
			if val == nil {
				continue
			}
			out[k] = normalizeValue(val, k == "principalScopes" || k == "resourceScopes")
		}
		if _, ok := out["@odata.type"]; !ok && isScope {
			out["@odata.type"] = "#microsoft.graph.accessReviewQueryScope"
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = normalizeValue(val, isScope)
		}
		return out
	}
	return v
}
