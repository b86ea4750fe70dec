//lint:file-ignore SA1019 the suites attack deprecated legacy APIs on purpose: they are still public

package adversarial

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/legacy"
	"github.com/graphkit/governance/internal/testutil"
	"github.com/graphkit/governance/odata"
)

// hostileIDs are identifiers that try to change the path, the query or the
// headers of a request.
var hostileIDs = []string{
	"../../users", "..", ".", "a/b", `a\b`, "%2e%2e", "%2E%2E%2Fusers", "%252e%252e", "%2f",
	"x?$expand=owners", "x#frag", "x\r\nHost: evil", "x\nX-Evil: 1", "\x00", " ",
	"\u2024\u2024", "\uff0e\uff0e", "\u3002", "\u2215users", "\u200b", "x;y=z", "x&$top=1",
	"' or 1 eq 1 or '", "https://evil.example/", "//evil.example", "@evil.example", "x:y",
	defID + "/../..", defID + "?$select=id", strings.Repeat("a", 5000), "",
}

// idTarget is a method that puts an ID into a path, and the segments the
// path must have when the ID is sent.
type idTarget struct {
	name string
	call func(t *testing.T, e *env, id string) error
	want func(id string) []string
}

// idTargets lists a method of every kind of path: GUID-checked IDs of each
// depth in accessreviews, and the opaque keys of the legacy API.
func idTargets() []idTarget {
	ar := func(rest ...string) []string {
		return append([]string{"v1.0", "identityGovernance", "accessReviews", "definitions"}, rest...)
	}
	return []idTarget{
		{"Definitions.Get", func(t *testing.T, e *env, id string) error {
			_, err := e.ar.Definitions.Get(ctx(t), accessreviews.DefinitionID(id))
			return err
		}, func(id string) []string { return ar(id) }},
		{"Definitions.Delete", func(t *testing.T, e *env, id string) error {
			return e.ar.Definitions.Delete(ctx(t), accessreviews.DefinitionID(id))
		}, func(id string) []string { return ar(id) }},
		{"Instances.Stop", func(t *testing.T, e *env, id string) error {
			return e.ar.Instances.Stop(ctx(t), defID, accessreviews.InstanceID(id))
		}, func(id string) []string { return ar(defID, "instances", id, "stop") }},
		{"Stages.Get", func(t *testing.T, e *env, id string) error {
			_, err := e.ar.Stages.Get(ctx(t), defID, instID, accessreviews.StageID(id))
			return err
		}, func(id string) []string { return ar(defID, "instances", instID, "stages", id) }},
		{"Decisions.Get", func(t *testing.T, e *env, id string) error {
			_, err := e.ar.Decisions.Get(ctx(t), defID, instID, accessreviews.DecisionID(id))
			return err
		}, func(id string) []string { return ar(defID, "instances", instID, "decisions", id) }},
		{"Decisions.Record", func(t *testing.T, e *env, id string) error {
			return e.ar.Decisions.Record(ctx(t), defID, instID, accessreviews.DecisionID(id), accessreviews.DecisionUpdate{Decision: accessreviews.DecisionDeny})
		}, func(id string) []string { return ar(defID, "instances", instID, "decisions", id) }},
		{"History.Get", func(t *testing.T, e *env, id string) error {
			_, err := e.ar.History.Get(ctx(t), accessreviews.HistoryDefinitionID(id))
			return err
		}, func(id string) []string {
			return []string{"v1.0", "identityGovernance", "accessReviews", "historyDefinitions", id}
		}},
		{"legacy AccessReviews.Get", func(t *testing.T, e *env, id string) error {
			_, err := e.legacy.AccessReviews.Get(ctx(t), legacy.AccessReviewID(id))
			return err
		}, func(id string) []string { return []string{"beta", "accessReviews", id} }},
		{"legacy Programs.Get", func(t *testing.T, e *env, id string) error {
			_, err := e.legacy.Programs.Get(ctx(t), legacy.ProgramID(id))
			return err
		}, func(id string) []string { return []string{"beta", "programs", id} }},
		{"legacy ProgramControls.Delete", func(t *testing.T, e *env, id string) error {
			return e.legacy.ProgramControls.Delete(ctx(t), legacy.ProgramControlID(id))
		}, func(id string) []string { return []string{"beta", "programControls", id} }},
		{"odata Key segment", func(t *testing.T, e *env, id string) error {
			p, err := odata.JoinPath(odata.Lit("groups"), odata.Key("key", id), odata.Lit("owners"))
			if err != nil {
				return err
			}
			return e.od.Do(ctx(t), &odata.Request{Method: "GET", Path: p}, nil)
		}, func(id string) []string { return []string{"v1.0", "groups", id, "owners"} }},
	}
}

// checkIDShape asserts the property: the call was refused before sending,
// or it sent one request whose path has exactly the expected segments and
// which carries no query.
func checkIDShape(t *testing.T, e *env, err error, want []string) {
	t.Helper()
	if err != nil {
		require.ErrorIs(t, err, odata.ErrInvalid, "a hostile ID failed other than by validation")
		require.NotEmpty(t, testutil.FieldNames(err))
		require.Zero(t, e.ct.count(), "refused, yet sent")
		return
	}
	sent := e.ct.sent()
	require.Len(t, sent, 1)
	r := sent[0]
	assert.Equal(t, "graph.microsoft.com", r.Host)
	assert.Empty(t, r.RawQ, "the ID added a query")
	require.Equal(t, want, pathSegments(t, r.RawPath))
}

// pathSegments splits an escaped path into its decoded segments.
func pathSegments(t *testing.T, escaped string) []string {
	t.Helper()
	var out []string
	for _, seg := range strings.Split(strings.TrimPrefix(escaped, "/"), "/") {
		dec, err := url.PathUnescape(seg)
		require.NoError(t, err, "segment %q does not decode", seg)
		out = append(out, dec)
	}
	return out
}

// TestHostileIDsKeepThePathShape runs every hostile ID through every kind
// of path, and one GUID as a control that is sent.
func TestHostileIDsKeepThePathShape(t *testing.T) {
	t.Parallel()
	for _, target := range idTargets() {
		for _, id := range append(hostileIDs, decID) {
			t.Run(target.name+"/"+url.PathEscape(id[:min(len(id), 24)]), func(t *testing.T) {
				t.Parallel()
				e := newEnv(t)
				err := target.call(t, e, id)
				checkIDShape(t, e, err, target.want(id))
				if id == decID {
					assert.Equal(t, 1, e.ct.count(), "control: a GUID is sent")
				}
			})
		}
	}
}

// FuzzHostileIDs feeds random strings as IDs to a method of every kind of
// path: each is refused before sending or sent as exactly one segment.
func FuzzHostileIDs(f *testing.F) {
	for _, id := range hostileIDs {
		f.Add(id)
	}
	f.Add(decID)
	f.Add("ABCDEF01-2345-6789-abcd-ef0123456789")
	targets := idTargets()
	f.Fuzz(func(t *testing.T, id string) {
		for _, target := range targets {
			e := newEnv(t)
			checkIDShape(t, e, target.call(t, e, id), target.want(id))
		}
	})
}

// hostileValues are filter values that try to end the literal, the
// parameter or the query.
var hostileValues = []string{
	"O'Brien", "'", "''", "x') or (1 eq 1", "a&b=c", "&$expand=owners", "$expand=owners", "x#frag",
	"100%", "%27", "%26%24top%3D1", "a+b", "line\nbreak", "cr\r\nX-Evil: 1", "tab\there", ";",
	"\u2019smart quote", "\x00", "", "secret-upn@contoso.com", "?$top=1", "=", "a b",
	strings.Repeat("'", 50), "\\'", "é中文😀",
}

// filterTarget lists a collection with a hostile value in its filter.
type filterTarget struct {
	name string
	list func(t *testing.T, e *env, v string) error
	want func(lit string) string // the $filter text, given the quoted literal
}

func filterTargets() []filterTarget {
	return []filterTarget{
		{"Decisions.List eq", func(t *testing.T, e *env, v string) error {
			return firstErr(e.ar.Decisions.List(ctx(t), defID, instID, &accessreviews.ListOptions{Filter: odata.Eq("decision", v)}))
		}, func(lit string) string { return "decision eq " + lit }},
		{"Definitions.List contains", func(t *testing.T, e *env, v string) error {
			return firstErr(e.ar.Definitions.List(ctx(t), &accessreviews.ListOptions{Filter: odata.Contains("scope/query", v)}))
		}, func(lit string) string { return "contains(scope/query," + lit + ")" }},
		{"legacy AccessReviews.List template", func(t *testing.T, e *env, v string) error {
			return firstErr(e.legacy.AccessReviews.List(ctx(t), v, nil))
		}, func(lit string) string { return "businessFlowTemplateId eq " + lit }},
	}
}

// checkFilterShape asserts the property for one value: refused before
// sending, or one request whose query has exactly one parameter, $filter,
// whose decoded text is the expected expression with the value as one
// quoted literal.
func checkFilterShape(t *testing.T, e *env, err error, v string, want func(string) string) {
	t.Helper()
	if err != nil {
		require.ErrorIs(t, err, odata.ErrInvalid, "a hostile value failed other than by validation")
		require.Zero(t, e.ct.count(), "refused, yet sent")
		return
	}
	sent := e.ct.sent()
	require.Len(t, sent, 1)
	var names []string
	var filter string
	for _, part := range strings.Split(sent[0].RawQ, "&") {
		name, value, _ := strings.Cut(part, "=")
		names = append(names, name)
		if name == "$filter" {
			dec, derr := url.QueryUnescape(value)
			require.NoError(t, derr)
			filter = dec
		}
	}
	require.Equal(t, []string{"$filter"}, names, "the value changed the query's parameters: %q", sent[0].RawQ)
	assert.Equal(t, want("'"+strings.ReplaceAll(v, "'", "''")+"'"), filter)
}

// TestHostileFilterValuesStayLiterals sends every hostile value through
// every kind of filter, with a plain value as a control.
func TestHostileFilterValuesStayLiterals(t *testing.T) {
	t.Parallel()
	for _, target := range filterTargets() {
		for _, v := range append(hostileValues, "Approve") {
			t.Run(target.name+"/"+url.QueryEscape(v[:min(len(v), 16)]), func(t *testing.T) {
				t.Parallel()
				e := newEnv(t)
				err := target.list(t, e, v)
				checkFilterShape(t, e, err, v, target.want)
				if v == "Approve" {
					assert.Equal(t, 1, e.ct.count(), "control: a plain value is sent")
				}
			})
		}
	}
}

// FuzzHostileFilterValue feeds random filter values to every kind of
// filter: each is refused or stays one quoted literal of one $filter.
func FuzzHostileFilterValue(f *testing.F) {
	for _, v := range hostileValues {
		f.Add(v)
	}
	targets := filterTargets()
	f.Fuzz(func(t *testing.T, v string) {
		for _, target := range targets {
			e := newEnv(t)
			checkFilterShape(t, e, target.list(t, e, v), v, target.want)
		}
	})
}
