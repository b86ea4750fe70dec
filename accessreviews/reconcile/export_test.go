package reconcile

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
)

// exportCorpus fills a fake tenant with the definitions an export must
// reproduce: the seed documents, the scope examples, and definitions whose
// parts no builder says (a property the SDK does not model, a scope query
// of another shape, a reviewer with a beta property, a notification
// recipient other than a user or a group's members, a duration in weeks,
// a stage with a self-review and insight settings).
func exportCorpus(t *testing.T) (*accessreviewstest.Server, *accessreviews.Client) {
	t.Helper()
	s := newFake(t)
	c := s.Client()
	desired := append(seedDefinitions(t), scopeDefinitions(t)...)
	desired = append(desired, decodeDefinition(t, `{"displayName":"unusual parts",
		"descriptionForAdmins":"line one\nline two with a `+"`"+`backquote`+"`"+`",
		"scope":{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/groups/`+groupID+`/members?$filter=(department eq 'Sales')","queryType":"MicrosoftGraph"},
		"reviewers":[{"query":"/users/`+userID+`","queryType":"MicrosoftGraph","x-beta":"kept"},{"query":"/groups/x/owners","queryType":"MicrosoftGraph"}],
		"additionalNotificationRecipients":[{"notificationTemplateType":"CompletedAdditionalRecipients",
			"notificationRecipientScope":{"@odata.type":"#microsoft.graph.accessReviewNotificationRecipientQueryScope","query":"/groups/`+groupID+`/owners","queryType":"MicrosoftGraph"}}],
		"stageSettings":[{"stageId":"1","durationInDays":3,"reviewers":[],"decisionsThatWillMoveToNextStage":[],
			"recommendationInsightSettings":[{"@odata.type":"#microsoft.graph.userLastSignInRecommendationInsightSetting","recommendationLookBackDuration":"P14D","signInScope":"tenant"},
				{"@odata.type":"#microsoft.graph.groupPeerOutlierRecommendationInsightSettings"}]}],
		"settings":{"recommendationLookBackDuration":"P2W","defaultDecision":"None",
			"recurrence":{"pattern":{"type":"absoluteMonthly","interval":2,"dayOfMonth":31},"range":{"type":"numbered","numberOfOccurrences":4,"startDate":"2026-01-31"}}}}`),
		decodeDefinition(t, `{"displayName":"unmodelled","customDataProvider":"contoso",
		"scope":{"query":"/groups/`+groupID+`/transitiveMembers","queryType":"MicrosoftGraph"},
		"settings":{"isAgenticExperienceEnabled":true,"recurrence":{"range":{"type":"noEnd","startDate":"2026-01-05"}}}}`))
	p, err := NewPlan(t.Context(), c, desired, nil)
	require.NoError(t, err)
	_, err = p.Apply(t.Context(), c, nil)
	require.NoError(t, err)
	return s, c
}

// TestExportJSONPlansAsNoChange exports the tenant's definitions as JSON
// files, reads them back as desired state and plans: no change, matched by
// key, and by ID with KeepIDs.
func TestExportJSONPlansAsNoChange(t *testing.T) {
	t.Parallel()
	_, c := exportCorpus(t)
	defs, err := Export(t.Context(), c, nil)
	require.NoError(t, err)
	require.Len(t, defs, 25)
	for _, keep := range []bool{false, true} {
		dir := t.TempDir()
		names, err := ExportJSON(dir, defs, &ExportOptions{KeepIDs: keep})
		require.NoError(t, err)
		require.Len(t, names, len(defs))
		assert.Contains(t, names, "scope-01-group-transitive-members.json")
		desired, err := ReadFS(os.DirFS(dir), "*.json")
		require.NoError(t, err)
		require.Len(t, desired, len(defs))
		for _, d := range desired {
			assert.Equal(t, keep, d.ID != "", d.DisplayName)
		}
		p, err := NewPlan(t.Context(), c, desired, nil)
		require.NoError(t, err)
		assert.Equal(t, "plan: 0 to create, 0 to update, 0 to delete\n", p.String())
	}
}

// TestWriteJSON checks one exported file: the writable properties in a
// reviewer's order, indented, the schedule in its plain form, nothing
// read-only, and unmodelled properties kept.
func TestWriteJSON(t *testing.T) {
	t.Parallel()
	echo := readDefinition(t, "echo/list-definitions.example1.v1.json")
	echo.DescriptionForAdmins = "<b>&</b>"
	var b bytes.Buffer
	require.NoError(t, WriteJSON(&b, echo, &ExportOptions{KeepIDs: true}))
	want := `{
  "id": "98dcebed-c7f6-46f4-bcf3-4a3fccdb3e2a",
  "displayName": "Access Review",
  "descriptionForAdmins": "<b>&</b>",
  "descriptionForReviewers": "",
  "scope": {
    "@odata.type": "#microsoft.graph.accessReviewQueryScope",
    "query": "/groups/119cc181-22f0-4e18-8537-264e7524ee0b/transitiveMembers",
    "queryType": "MicrosoftGraph"
  },
  "instanceEnumerationScope": {
    "@odata.type": "#microsoft.graph.accessReviewQueryScope",
    "query": "/groups/119cc181-22f0-4e18-8537-264e7524ee0b",
    "queryType": "MicrosoftGraph"
  },
  "reviewers": [
    {
      "query": "./manager",
      "queryRoot": "decisions",
      "queryType": "MicrosoftGraph"
    }
  ],
  "fallbackReviewers": [],
  "additionalNotificationRecipients": [],
  "settings": {
    "applyActions": [],
    "autoApplyDecisionsEnabled": false,
    "decisionHistoriesForReviewersEnabled": false,
    "defaultDecision": "None",
    "defaultDecisionEnabled": false,
    "instanceDurationInDays": 0,
    "justificationRequiredOnApproval": true,
    "mailNotificationsEnabled": true,
    "recommendationInsightSettings": [],
    "recommendationsEnabled": true,
    "recurrence": {
      "pattern": {
        "interval": 1,
        "type": "weekly"
      },
      "range": {
        "startDate": "2020-09-11",
        "type": "noEnd"
      }
    },
    "reminderNotificationsEnabled": true
  },
  "stageSettings": []
}
`
	assert.Equal(t, want, b.String())
}

// TestReadJSON reads one definition or an array, and names what fails.
func TestReadJSON(t *testing.T) {
	t.Parallel()
	one, err := ReadJSON(strings.NewReader(`{"displayName":"a","x":1}`))
	require.NoError(t, err)
	require.Len(t, one, 1)
	assert.Equal(t, "a", one[0].DisplayName)
	two, err := ReadJSON(strings.NewReader(` [{"displayName":"a"},{"displayName":"b","id":"5f1c7a2e-0b6d-4c8e-9a3f-1e2d3c4b5a60"}]`))
	require.NoError(t, err)
	require.Len(t, two, 2)
	assert.Equal(t, accessreviews.DefinitionID("5f1c7a2e-0b6d-4c8e-9a3f-1e2d3c4b5a60"), two[1].ID)

	_, err = ReadJSON(strings.NewReader(`[{"displayName":"a"},{"settings":{"recurrence":{"range":{"startDate":"yesterday"}}}}]`))
	assert.ErrorContains(t, err, "reconcile: read json: definition 1: ")
	_, err = ReadJSON(strings.NewReader(`{"displayName":`))
	assert.ErrorContains(t, err, "reconcile: read json: ")

	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.json"), []byte(`{"displayName":"a"}`), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "b.json"), []byte(`[{"displayName":"b"},]`), 0o600))
	_, err = ReadFS(os.DirFS(dir), "*.json")
	assert.ErrorContains(t, err, "b.json: reconcile: read json: ")
}

// TestExportFileNames checks the names ExportJSON gives files.
func TestExportFileNames(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Quarterly guest review (Q1)": "quarterly-guest-review-q1",
		"  --  ":                      "definition",
		"Revue d'accès élevée":        "revue-d-accès-élevée",
		strings.Repeat("abc ", 30):    "abc-abc-abc-abc-abc-abc-abc-abc-abc-abc-abc-abc-abc-abc-abc",
	} {
		assert.Equal(t, want, fileName(in), in)
	}
	dir := t.TempDir()
	names, err := ExportJSON(dir, []*accessreviews.Definition{weeklyReview("Same"), weeklyReview("same"), weeklyReview("SAME")}, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"same.json", "same-2.json", "same-3.json"}, names)
}

// TestWriteGoCompilesAndPlansAsNoChange writes the tenant's definitions as
// Go source, builds and runs it (runGenerated), and plans what it returns
// against the tenant: no change. The source uses the builders wherever the
// scope is recognised.
func TestWriteGoCompilesAndPlansAsNoChange(t *testing.T) {
	t.Parallel()
	_, c := exportCorpus(t)
	defs, err := Export(t.Context(), c, nil)
	require.NoError(t, err)
	var src bytes.Buffer
	require.NoError(t, WriteGo(&src, defs, &ExportOptions{Package: "main", Func: "Desired"}))
	text := src.String()
	for _, want := range []string{
		"scope.EachGroup().Members().Users().Guests().InactiveFor(30)",
		"InstanceEnumerationScope: scope.AllTeams(),",
		`scope.Team("` + teamID + `").MembersIncludingSharedChannels()`,
		`scope.AccessPackageAssignments("` + packageID + `").Policy("` + policyID + `").Catalog("` + catalogID + `")`,
		"recurrence.Quarterly().OnDay(5).StartingOn(odata.Date{Year: 2026, Month: time.May, Day: 4})",
		"recurrence.Monthly().Every(2).OnDay(31).StartingOn(odata.Date{Year: 2026, Month: time.January, Day: 31}).Times(4)",
		`wireScope(` + "`" + `{"@odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/groups/` + groupID + `/members?$filter=(department eq 'Sales')"`,
		`wire[scope.Reviewer](` + "`" + `{"query":"/users/` + userID + `","queryType":"MicrosoftGraph","x-beta":"kept"}` + "`)",
		`scope.Reviewer{Query: "/groups/x/owners", QueryType: "MicrosoftGraph"}`,
		"RecommendationLookBackDuration: odata.Days(14),",
		"wire[*accessreviews.Definition](`{",
		"wire[scope.NotificationRecipient](`{",
	} {
		assert.Contains(t, text, want)
	}

	out := runGenerated(t, src.Bytes())
	desired, err := ReadJSON(bytes.NewReader(out))
	require.NoError(t, err)
	require.Len(t, desired, len(defs))
	p, err := NewPlan(t.Context(), c, desired, nil)
	require.NoError(t, err)
	assert.Equal(t, "plan: 0 to create, 0 to update, 0 to delete\n", p.String())
}

// runGenerated builds and runs generated source of package main, with a
// Desired function, in a throwaway module that uses this module from its
// directory, offline (GOPROXY=off: the go command may only use the module
// cache). It returns what the program prints: the desired definitions as
// a JSON array of update bodies.
func runGenerated(t *testing.T, src []byte) []byte {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	require.NoError(t, err)
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module generated\n\ngo 1.27\n\nrequire github.com/graphkit/governance v0.0.0\n\n" +
			"replace github.com/graphkit/governance => " + filepath.ToSlash(root) + "\n",
		"go.sum":     string(sum),
		"desired.go": string(src),
		"main.go": `package main

import (
	"fmt"
	"os"
)

// main prints the desired definitions as a JSON array of update bodies.
func main() {
	fmt.Print("[")
	for i, d := range Desired() {
		b, err := d.UpdateBody()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if i > 0 {
			fmt.Print(",")
		}
		fmt.Print(string(b))
	}
	fmt.Print("]")
}
`,
	}
	for name, text := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600))
	}
	cmd := exec.CommandContext(t.Context(), "go", "run", "-mod=mod", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=", "GOWORK=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	return out
}
