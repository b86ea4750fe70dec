package accessreviewstest

import (
	"encoding/json/v2"
	"go/parser"
	"go/token"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
)

// The fake is an independent model of the service: its server side reads
// requests with its own wire types and rules, so that an SDK bug cannot
// pass against it.

// TestServerSideImportsNoSDK reads the package's own source: no non-test
// file imports the SDK's scope, recurrence or legacy packages, and only
// client.go, which hands tests an SDK client, imports accessreviews and
// odata.
func TestServerSideImportsNoSDK(t *testing.T) {
	t.Parallel()
	const mod = "github.com/graphkit/governance/"
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		require.NoError(t, err)
		f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ImportsOnly)
		require.NoError(t, err)
		checked++
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			rest, ours := strings.CutPrefix(path, mod)
			if !ours || rest == "internal/odataserver" {
				continue
			}
			if name == "client.go" && slices.Contains([]string{"accessreviews", "odata"}, rest) {
				continue
			}
			t.Errorf("%s imports %s: the server side must not depend on the SDK", name, path)
		}
	}
	assert.Greater(t, checked, 20, "the package's files were read")
}

// TestBodiesTheSDKWouldNotSendButTheDocumentsAllow sends, over raw HTTP,
// requests no SDK builder produces, each taken from or allowed by the
// documents, and checks the fake accepts them and acts on them.
func TestBodiesTheSDKWouldNotSendButTheDocumentsAllow(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		// principals are the principals the review's first instance covers.
		principals []string
		// recommend, when set, is the recommendation each principal gets.
		recommend map[string]accessreviews.Recommendation
		// echoes are members the created definition must echo.
		echoes map[string]any
	}{
		{
			// "A scope without @odata.type is a query scope" (the self-review
			// tutorial's scope has none); reviewers as [] is a self-review.
			name: "scope without @odata.type, reviewers []",
			body: `{"displayName":"Self review","scope":{"query":"/groups/` + fxSec + `/transitiveMembers","queryType":"MicrosoftGraph"},
				"reviewers":[],"settings":{"recurrence":{"pattern":null,"range":{"type":"numbered","numberOfOccurrences":0,
				"recurrenceTimeZone":null,"startDate":"2026-01-05","endDate":"2026-12-31"}}}}`,
			principals: []string{fxMember, fxNested},
		},
		{
			// The guest tutorial sends the service's zero-filled pattern.
			name: "recurrence with zero-filled members",
			body: `{"displayName":"Quarterly","scope":{"query":"/groups/` + fxM365 + `/members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')"},
				"reviewers":[{"query":"/groups/` + fxM365 + `/owners","queryType":"MicrosoftGraph","queryRoot":null}],
				"settings":{"recurrence":{"pattern":{"type":"absoluteMonthly","interval":3,"month":0,"dayOfMonth":0,"daysOfWeek":[],
				"firstDayOfWeek":"sunday","index":"first"},"range":{"type":"numbered","numberOfOccurrences":0,"recurrenceTimeZone":null,
				"startDate":"2026-01-05","endDate":"2026-12-31"}}}}`,
			principals: []string{fxGuestOld, fxGuestNew},
		},
		{
			// accessReviewScheduleSettings: "For reviews of groups and Microsoft
			// Entra roles, any duration is accepted."
			name: "recommendationLookBackDuration P1Y on a group review",
			body: `{"displayName":"Look back a year","scope":{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/groups/` + fxM365 + `/members"},
				"reviewers":[{"query":"/users/` + fxOwner + `"}],"settings":{"recommendationsEnabled":true,"recommendationLookBackDuration":"P1Y",
				"recurrence":{"range":{"type":"noEnd","startDate":"2026-01-05"}}}}`,
			principals: []string{fxGuestOld, fxGuestNew, fxMember},
			// The old guest signed in 90 days ago: inside a year, so Approve.
			recommend: map[string]accessreviews.Recommendation{fxGuestOld: accessreviews.RecommendationApprove,
				fxGuestNew: accessreviews.RecommendationApprove, fxMember: accessreviews.RecommendationApprove},
		},
		{
			// A client that sends back what it read: read-only members, the
			// entity's and the settings' @odata.type, and a property the fake
			// does not model, which it keeps.
			name: "a definition read and sent back",
			body: `{"@odata.type":"#microsoft.graph.accessReviewScheduleDefinition","id":"c22ae540-b89a-4d24-bac0-4ef35e6591ea",
				"status":"InProgress","createdBy":{"id":"x"},"createdDateTime":"0001-01-01T00:00:00Z","displayName":"Round trip",
				"scope":{"query":"/groups/` + fxSec + `/members","queryType":"MicrosoftGraph","queryRoot":null},"instanceEnumerationScope":null,
				"reviewers":[{"query":"/users/` + fxOwner + `"}],"backupReviewers":[],"customDataProvider":"contoso",
				"settings":{"@odata.type":"#microsoft.graph.accessReviewScheduleSettings","defaultDecision":"None","applyActions":[],
				"recurrence":{"pattern":null,"range":{"type":"noEnd","startDate":"2026-01-05T00:00:00Z","endDate":"null"}}}}`,
			principals: []string{fxMember},
			echoes:     map[string]any{"customDataProvider": "contoso", "displayName": "Round trip"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := f2Fixture(t)
			status, _, b := rawDo(t, s, http.MethodPost, "/v1.0"+arPrefix+"/definitions", tt.body, true)
			require.Equal(t, http.StatusCreated, status, string(b))
			var created map[string]any
			require.NoError(t, json.Unmarshal(b, &created))
			id, _ := created["id"].(string)
			require.NotEmpty(t, id)
			assert.NotEqual(t, "c22ae540-b89a-4d24-bac0-4ef35e6591ea", id, "the server sets the ID")
			for k, v := range tt.echoes {
				assert.Equal(t, v, created[k], k)
			}

			var got []string
			for inst, err := range s.Client().Instances.List(t.Context(), accessreviews.DefinitionID(id), nil) {
				require.NoError(t, err)
				for d, err := range s.Client().Decisions.List(t.Context(), accessreviews.DefinitionID(id), inst.ID, nil) {
					require.NoError(t, err)
					got = append(got, d.PrincipalID())
					if want, ok := tt.recommend[d.PrincipalID()]; ok {
						assert.Equal(t, want, d.Recommendation, d.PrincipalID())
					}
				}
				break
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tt.principals))
			assert.Equal(t, want, got, "the fake read the scope itself")
		})
	}
}

// TestBodyTheDocumentsForbid sends a body the documents forbid but the
// SDK's own model cannot tell from a valid one: a stage without
// recommendationsEnabled ("Required", accessReviewStageSettings) decodes
// into the SDK's StageSettings with recommendationsEnabled false. The fake
// refuses it with Graph's error shape, whatever the SDK's Validate says.
func TestBodyTheDocumentsForbid(t *testing.T) {
	t.Parallel()
	s := f2Fixture(t)
	body := `{"displayName":"Two stages","scope":{"query":"/groups/` + fxSec + `/members"},
		"stageSettings":[{"stageId":"1","durationInDays":2},{"stageId":"2","dependsOn":["1"],"durationInDays":2,"recommendationsEnabled":true}],
		"settings":{"recurrence":{"pattern":{"type":"weekly","interval":1},"range":{"type":"noEnd","startDate":"2026-01-05"}}}}`

	var asSDK accessreviews.Definition
	require.NoError(t, json.Unmarshal([]byte(body), &asSDK))
	t.Logf("the SDK's Validate says: %v", asSDK.Validate())

	status, hdr, b := rawDo(t, s, http.MethodPost, "/v1.0"+arPrefix+"/definitions", body, true)
	require.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "application/json", hdr.Get("Content-Type"))
	env := decodeError(t, b)
	assert.Equal(t, codeBadRequest, env.Error.Code)
	assert.Contains(t, env.Error.Message, "stageSettings[0].recommendationsEnabled: is required")
	assert.Equal(t, hdr.Get("request-id"), env.Error.InnerError.RequestID)
	assert.Equal(t, "11111111-2222-3333-4444-555555555555", env.Error.InnerError.ClientRequestID)
}
