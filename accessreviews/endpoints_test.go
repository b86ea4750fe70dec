package accessreviews_test

import (
	"bufio"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
)

// endpointRow is one row of ENDPOINTS.md.
type endpointRow struct {
	line   int
	method string
	path   string // normalised: {AR} expanded, every {name} written {}
	sdk    []string
	fake   []string // versions the fake serves
}

var (
	rowRE      = regexp.MustCompile("^\\| (GET|POST|PUT|PATCH|DELETE) \\| `([^`]+)` \\| ([^|]+) \\| ([^|]*) \\| ([^|]+) \\|$")
	wildcardRE = regexp.MustCompile(`\{[^}]*\}`)
	sdkRE      = regexp.MustCompile("`([A-Za-z]+)\\.([A-Za-z]+)`")
)

// normalisePath expands {AR} and writes every wildcard as {}.
func normalisePath(p string) string {
	p = strings.ReplaceAll(p, "{AR}", "/identityGovernance/accessReviews")
	return wildcardRE.ReplaceAllString(p, "{}")
}

// readEndpointTable parses the rows of ENDPOINTS.md.
func readEndpointTable(t *testing.T) []endpointRow {
	t.Helper()
	f, err := os.Open("ENDPOINTS.md")
	require.NoError(t, err)
	defer f.Close()
	var rows []endpointRow
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if !strings.HasPrefix(line, "| GET") && !strings.HasPrefix(line, "| POST") && !strings.HasPrefix(line, "| PUT") &&
			!strings.HasPrefix(line, "| PATCH") && !strings.HasPrefix(line, "| DELETE") {
			continue
		}
		m := rowRE.FindStringSubmatch(line)
		require.NotNil(t, m, "ENDPOINTS.md:%d is not a row of the form | METHOD | `path` | versions | sdk | fake |", n)
		r := endpointRow{line: n, method: m[1], path: normalisePath(m[2])}
		for _, s := range sdkRE.FindAllStringSubmatch(m[4], -1) {
			r.sdk = append(r.sdk, s[1]+"."+s[2])
		}
		if fake := strings.TrimSpace(m[5]); fake != "—" {
			for v := range strings.SplitSeq(fake, ",") {
				r.fake = append(r.fake, strings.TrimSpace(v))
			}
		}
		rows = append(rows, r)
	}
	require.NoError(t, sc.Err())
	require.NotEmpty(t, rows)
	return rows
}

// TestEndpointTable checks ENDPOINTS.md against the fake's routes and the
// Client's methods.
func TestEndpointTable(t *testing.T) {
	t.Parallel()
	rows := readEndpointTable(t)
	s := accessreviewstest.NewServer()
	t.Cleanup(s.Close)

	key := func(method, path, version string) string { return method + " " + path + " " + version }
	table := map[string]int{}
	seen := map[string]int{}
	for _, r := range rows {
		k := r.method + " " + r.path
		if prev, dup := seen[k]; dup {
			t.Errorf("ENDPOINTS.md:%d repeats the row of line %d (%s)", r.line, prev, k)
		}
		seen[k] = r.line
		for _, v := range r.fake {
			require.Contains(t, []string{"v1.0", "beta"}, v, "ENDPOINTS.md:%d: fake versions", r.line)
			table[key(r.method, r.path, v)] = r.line
		}
	}
	served := map[string]bool{}
	for _, rt := range s.Routes() {
		// Only Graph routes under /v1.0 and /beta count; the fake may also
		// serve other hosts' paths (an identity platform) that are not Graph.
		if rt.Version != "v1.0" && rt.Version != "beta" {
			continue
		}
		k := key(rt.Method, normalisePath(rt.Pattern), rt.Version)
		served[k] = true
		if _, ok := table[k]; !ok {
			t.Errorf("the fake serves %s %s under %s, which ENDPOINTS.md does not list", rt.Method, rt.Pattern, rt.Version)
		}
	}
	for k, line := range table {
		if !served[k] {
			t.Errorf("ENDPOINTS.md:%d says the fake serves %s, but it does not", line, k)
		}
	}

	client := reflect.ValueOf(accessreviews.New(nil)).Elem()
	for _, r := range rows {
		for _, m := range r.sdk {
			svc, method, _ := strings.Cut(m, ".")
			field := client.FieldByName(svc)
			if !field.IsValid() {
				t.Errorf("ENDPOINTS.md:%d: Client has no service %s", r.line, svc)
				continue
			}
			if !field.MethodByName(method).IsValid() {
				t.Errorf("ENDPOINTS.md:%d: %s has no method %s", r.line, field.Type(), method)
			}
		}
	}
}

// TestEndpointTableCoversTheNewEndpoints pins the rows of the stage,
// user-centric and beta endpoints: each has an SDK method and is served by
// the fake.
func TestEndpointTableCoversTheNewEndpoints(t *testing.T) {
	t.Parallel()
	rows := readEndpointTable(t)
	tests := []struct {
		method, path string
		sdk          string
		fake         []string
	}{
		{"POST", "{AR}/definitions/{}/instances/{}/stages/{}/batchRecordDecisions", "Decisions.BatchRecordInStage", []string{"v1.0", "beta"}},
		{"POST", "{AR}/definitions/{}/instances/{}/stages/{}/acceptRecommendations", "Stages.AcceptRecommendations", []string{"v1.0", "beta"}},
		{"POST", "{AR}/unified/definitions", "Unified.CreateDefinition", []string{"v1.0", "beta"}},
		{"POST", "{AR}/unified/instances/{}/batchApplyCustomDataProvidedResourceDecisions", "Unified.BatchApplyCustomDataProvidedResourceDecisions", []string{"v1.0", "beta"}},
		{"POST", "{AR}/definitions/{}/instances/{}/batchApplyCustomDataProvidedResourceDecisions", "Instances.BatchApplyCustomDataProvidedResourceDecisions", []string{"beta"}},
		{"GET", "{AR}/definitions/{}/instances/filterByCurrentUser(on='delegatedReviewer')", "Instances.ListForCurrentUserAs", []string{"beta"}},
		{"GET", "{AR}/definitions/{}/instances/{}/decisions/filterByCurrentUser(on='directReviewer')", "Decisions.ListForCurrentUserAs", []string{"beta"}},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			t.Parallel()
			i := slices.IndexFunc(rows, func(r endpointRow) bool { return r.method == tt.method && r.path == normalisePath(tt.path) })
			require.GreaterOrEqual(t, i, 0, "ENDPOINTS.md has no row for it")
			assert.Contains(t, rows[i].sdk, tt.sdk)
			assert.Equal(t, tt.fake, rows[i].fake)
		})
	}
}
