package reconcile

import (
	"encoding/json/v2"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// seedDefinitions returns the definitions of the seed documents (the
// create-definition reference and the two tutorials), read from their
// request bodies. Their schedules start in 2020 and 2021; each is moved to
// the same day of a year from 2026 on, so that the fake service does not
// run six years of weekly instances. Everything else is as the documents
// send it, timestamps for dates included, but for the stray quote below.
func seedDefinitions(t testing.TB) []*accessreviews.Definition {
	t.Helper()
	files, err := filepath.Glob("testdata/requests/*.json")
	require.NoError(t, err)
	require.Len(t, files, 6)
	var out []*accessreviews.Definition
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		// The conformance README: the "all teams" query of the documents
		// has a stray quote that the service normalises; the balanced
		// query is what a client sends.
		b = []byte(strings.ReplaceAll(string(b), "eq 'Team')')", "eq 'Team'))"))
		var m object
		require.NoError(t, json.Unmarshal(b, &m))
		rg := m["settings"].(object)["recurrence"].(object)["range"].(object)
		start := rg["startDate"].(string)
		shift, err := strconv.Atoi(start[:4])
		require.NoError(t, err)
		for _, k := range []string{"startDate", "endDate"} {
			if s, ok := rg[k].(string); ok {
				y, err := strconv.Atoi(s[:4])
				require.NoError(t, err)
				rg[k] = strconv.Itoa(y+2026-shift) + s[4:]
			}
		}
		b, err = json.Marshal(m)
		require.NoError(t, err)
		out = append(out, decodeDefinition(t, string(b)))
	}
	return out
}

// scopeDefinitions returns one definition per scope example of the Graph
// scopes guide (testdata/scopes), with the guide's placeholders replaced by
// IDs.
func scopeDefinitions(t testing.TB) []*accessreviews.Definition {
	t.Helper()
	placeholders := strings.NewReplacer("{groupId}", groupID, "{role ID}", roleID, "{role id}", roleID,
		"{package id}", packageID, "'{id}'", "'"+policyID+"'", "'id'", "'"+catalogID+"'")
	files, err := filepath.Glob("testdata/scopes/*.json")
	require.NoError(t, err)
	require.Len(t, files, 17)
	var out []*accessreviews.Definition
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		text := placeholders.Replace(string(b))
		if strings.Contains(f, "shared-channels") {
			// The guide's example 11 uses one ID for the team, and for
			// the group behind it.
			text = strings.ReplaceAll(text, groupID, teamID)
		}
		var m object
		require.NoError(t, json.Unmarshal([]byte(text), &m))
		m["displayName"] = "scope " + strings.TrimSuffix(filepath.Base(f), ".json")
		reviewer := object{"query": "/users/" + userID, "queryType": "MicrosoftGraph"}
		if _, each := m["instanceEnumerationScope"]; each {
			reviewer = object{"query": "./owners", "queryType": "MicrosoftGraph"}
		}
		m["reviewers"] = []any{reviewer}
		m["settings"] = object{"instanceDurationInDays": 14.0, "recurrence": object{
			"pattern": object{"type": "absoluteMonthly", "interval": 3.0},
			"range":   object{"type": "noEnd", "startDate": today.String()}}}
		b, err = json.Marshal(m)
		require.NoError(t, err)
		out = append(out, decodeDefinition(t, string(b)))
	}
	return out
}

// TestApplyThenPlanIsNoChange applies the seed definitions and the scope
// examples to an empty fake tenant, then plans again: every definition the
// service created from the desired state and echoes back plans as no
// change.
func TestApplyThenPlanIsNoChange(t *testing.T) {
	t.Parallel()
	for name, desired := range map[string][]*accessreviews.Definition{
		"seed documents":   seedDefinitions(t),
		"scope examples":   scopeDefinitions(t),
		"with marker only": {weeklyReview("marked")},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := newFake(t)
			c := s.Client()
			opts := &Options{Marker: "[managed by reconcile tests]", Delete: true}
			p, err := NewPlan(t.Context(), c, desired, opts)
			require.NoError(t, err)
			require.Equal(t, len(desired), p.Count(ActionCreate), p.String())
			rep, err := p.Apply(t.Context(), c, nil)
			require.NoError(t, err, rep.String())
			assert.Equal(t, len(desired), rep.Count(OutcomeCreated))

			again, err := NewPlan(t.Context(), c, desired, opts)
			require.NoError(t, err)
			assert.Equal(t, "plan: 0 to create, 0 to update, 0 to delete\n", again.String())
			assert.Equal(t, len(desired), again.Count(ActionNone))
			for _, st := range again.Steps {
				assert.Contains(t, st.Current.DescriptionForAdmins, opts.Marker, st.Key)
			}
		})
	}
}

// TestApplyCarriesOutEveryAction applies a plan that creates, updates and
// deletes, and checks each on the wire and in the tenant; the update keeps
// the properties the SDK does not model.
func TestApplyCarriesOutEveryAction(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	c := s.Client()
	withExtras := decodeDefinition(t, `{"displayName":"team: extras","customDataProvider":"contoso",
		"scope":{"query":"/groups/`+groupID+`/transitiveMembers","queryType":"MicrosoftGraph"},
		"settings":{"isAgenticExperienceEnabled":true,"recurrence":{"pattern":{"type":"weekly","interval":1},"range":{"type":"noEnd","startDate":"2026-01-05"}}}}`)
	extras := create(t, c, withExtras)
	gone := create(t, c, weeklyReview("team: gone"))

	update := weeklyReview("team: extras")
	update.Reviewers = nil
	update.Settings.InstanceDurationInDays = 0
	update.Settings.MailNotificationsEnabled = false
	update.Settings.ReminderNotificationsEnabled = true
	desired := []*accessreviews.Definition{weeklyReview("team: new"), update}
	p, err := NewPlan(t.Context(), c, desired, &Options{ManagedPrefix: "team: ", Delete: true})
	require.NoError(t, err)
	require.Equal(t, "plan: 1 to create, 1 to update, 1 to delete", p.Summary())
	s.ResetRequests()

	rep, err := p.Apply(t.Context(), c, nil)
	require.NoError(t, err)
	require.Len(t, rep.Results, 3)
	assert.Equal(t, OutcomeCreated, rep.Results[0].Outcome)
	assert.NotEmpty(t, rep.Results[0].ID)
	assert.Equal(t, OutcomeUpdated, rep.Results[1].Outcome)
	assert.Equal(t, OutcomeDeleted, rep.Results[2].Outcome)
	assert.Equal(t, gone.ID, rep.Results[2].ID)
	assert.Contains(t, rep.String(), `updated "team: extras" (definition `+string(extras.ID)+")\n")
	assert.True(t, strings.HasSuffix(rep.String(), "apply: 1 created, 1 updated, 1 deleted, 0 unchanged\n"))

	var methods []string
	for _, r := range writes(s) {
		methods = append(methods, r.Method+" "+strings.TrimPrefix(r.Path, "/v1.0/identityGovernance/accessReviews/definitions"))
		if r.Method == http.MethodPut {
			var body object
			require.NoError(t, json.Unmarshal(r.Body, &body))
			assert.Equal(t, "contoso", body["customDataProvider"], "the PUT keeps unmodelled properties")
			assert.Equal(t, true, body["settings"].(object)["isAgenticExperienceEnabled"])
			assert.Equal(t, true, body["settings"].(object)["reminderNotificationsEnabled"])
		}
	}
	assert.Equal(t, []string{"POST ", "PUT /" + string(extras.ID), "DELETE /" + string(gone.ID)}, methods)

	read, err := c.Definitions.Get(t.Context(), extras.ID)
	require.NoError(t, err)
	body, err := read.UpdateBody()
	require.NoError(t, err)
	assert.Contains(t, string(body), `"customDataProvider":"contoso"`)
	again, err := NewPlan(t.Context(), c, desired, &Options{ManagedPrefix: "team: ", Delete: true})
	require.NoError(t, err)
	assert.False(t, again.HasChanges(), again.String())
}

// TestApplyNeverCreatesTwice makes creates fail ambiguously (the connection
// fails after the request was written) and checks that Apply looks the
// definition up by key before it sends the create again.
func TestApplyNeverCreatesTwice(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name        string
		lost, reset int
		outcome     Outcome
		posts, defs int
		note        string
	}{
		{name: "created, response lost", lost: 1, outcome: OutcomeCreated, posts: 1, defs: 1,
			note: "found by key after 1 ambiguous attempt(s)"},
		{name: "not created, then created", reset: 2, outcome: OutcomeCreated, posts: 3, defs: 1,
			note: "created at attempt 3; no definition with its key existed after the earlier ambiguous failures"},
		{name: "never settled", reset: 5, outcome: OutcomeUnknown, posts: maxCreateAttempts, defs: 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newFake(t)
			faults := &createFaults{lost: tc.lost, reset: tc.reset}
			c := clientWith(t, s, faults)
			p, err := NewPlan(t.Context(), c, []*accessreviews.Definition{weeklyReview("once only")}, nil)
			require.NoError(t, err)
			rep, err := p.Apply(t.Context(), c, nil)
			require.Len(t, rep.Results, 1)
			res := rep.Results[0]
			assert.Equal(t, tc.outcome, res.Outcome)
			assert.Equal(t, tc.posts, faults.posts)
			assert.Equal(t, tc.note, res.Note)
			var n int
			for d, err := range s.Client().Definitions.List(t.Context(), nil) {
				require.NoError(t, err)
				assert.Equal(t, d.ID, res.ID)
				n++
			}
			assert.Equal(t, tc.defs, n)
			if tc.outcome == OutcomeUnknown {
				assert.ErrorIs(t, err, odata.ErrOutcomeUnknown)
				assert.Contains(t, rep.String(), `outcome unknown: create "once only"`)
			} else {
				assert.NoError(t, err)
			}
		})
	}
}

// TestApplyStopsOrContinues checks that a failed step stops the rest unless
// ContinueOnError is set, and that failures are reported per definition.
func TestApplyStopsOrContinues(t *testing.T) {
	t.Parallel()
	for _, cont := range []bool{false, true} {
		t.Run("ContinueOnError="+strconv.FormatBool(cont), func(t *testing.T) {
			t.Parallel()
			s := newFake(t)
			faults := &createFaults{status: http.StatusBadRequest}
			c := clientWith(t, s, faults)
			existing := create(t, s.Client(), weeklyReview("changed"))
			changed := weeklyReview("changed")
			changed.Settings.ReminderNotificationsEnabled = true
			p, err := NewPlan(t.Context(), c, []*accessreviews.Definition{weeklyReview("refused"), changed}, nil)
			require.NoError(t, err)
			rep, err := p.Apply(t.Context(), c, &ApplyOptions{ContinueOnError: cont})
			require.Error(t, err)
			assert.ErrorIs(t, err, odata.ErrBadRequest)
			assert.ErrorContains(t, err, `reconcile: apply: create "refused": `)
			require.Len(t, rep.Results, 2)
			assert.Equal(t, OutcomeFailed, rep.Results[0].Outcome)
			assert.Equal(t, 1, faults.posts, "a refused create is not sent again")
			read, err := s.Client().Definitions.Get(t.Context(), existing.ID)
			require.NoError(t, err)
			if cont {
				assert.Equal(t, OutcomeUpdated, rep.Results[1].Outcome)
				assert.True(t, read.Settings.ReminderNotificationsEnabled)
			} else {
				assert.Equal(t, OutcomeSkipped, rep.Results[1].Outcome)
				assert.False(t, read.Settings.ReminderNotificationsEnabled)
				assert.Contains(t, rep.String(), "apply: 0 created, 0 updated, 0 deleted, 0 unchanged, 1 failed, 1 skipped\n")
			}
		})
	}
}

// TestApplyRefusesAStalePlan changes the tenant between plan and apply:
// the steps whose definitions changed fail with ErrChanged and send
// nothing.
func TestApplyRefusesAStalePlan(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	c := s.Client()
	edited := create(t, c, weeklyReview("team: edited"))
	deleted := create(t, c, weeklyReview("team: deleted"))
	retired := create(t, c, weeklyReview("team: retired"))
	update := weeklyReview("team: edited")
	update.Settings.InstanceDurationInDays = 5
	update2 := weeklyReview("team: deleted")
	update2.Settings.InstanceDurationInDays = 5
	desired := []*accessreviews.Definition{weeklyReview("team: appeared"), update, update2}
	p, err := NewPlan(t.Context(), c, desired, &Options{ManagedPrefix: "team: ", Delete: true})
	require.NoError(t, err)
	require.Equal(t, "plan: 1 to create, 2 to update, 1 to delete", p.Summary())

	// Someone else acts in between.
	create(t, c, weeklyReview("team: appeared"))
	edited.Settings.Recurrence = recurrence.Weekly().Every(3).StartingOn(today)
	require.NoError(t, c.Definitions.Update(t.Context(), edited.ID, edited))
	require.NoError(t, c.Definitions.Delete(t.Context(), deleted.ID))
	retired.DisplayName = "kept by its owner"
	require.NoError(t, c.Definitions.Update(t.Context(), retired.ID, retired))
	s.ResetRequests()

	rep, err := p.Apply(t.Context(), c, &ApplyOptions{ContinueOnError: true})
	require.ErrorIs(t, err, ErrChanged)
	for _, r := range rep.Results {
		assert.Equal(t, OutcomeFailed, r.Outcome, r.Step.Key)
		assert.ErrorIs(t, r.Err, ErrChanged, r.Step.Key)
	}
	assert.Empty(t, writes(s), "nothing is sent for a stale step")
	read, err := c.Definitions.Get(t.Context(), retired.ID)
	require.NoError(t, err)
	assert.Equal(t, "kept by its owner", read.DisplayName)
}

// TestApplyScopeChangeOnTheWire checks that an update sends the desired
// scope and reviewers as the builders write them.
func TestApplyScopeChangeOnTheWire(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	c := s.Client()
	def := create(t, c, weeklyReview("scope"))
	want := weeklyReview("scope")
	want.Scope = scope.Role(roleID).EligibleUsers()
	p, err := NewPlan(t.Context(), c, []*accessreviews.Definition{want}, nil)
	require.NoError(t, err)
	_, err = p.Apply(t.Context(), c, nil)
	require.NoError(t, err)
	read, err := c.Definitions.Get(t.Context(), def.ID)
	require.NoError(t, err)
	got, err := scope.Marshal(read.Scope)
	require.NoError(t, err)
	sent, err := scope.Marshal(want.Scope)
	require.NoError(t, err)
	assert.JSONEq(t, string(sent), string(got))
}

// TestApplyNilArguments checks that a nil plan or client is an error, not a
// panic.
func TestApplyNilArguments(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	_, err := (*Plan)(nil).Apply(t.Context(), s.Client(), nil)
	assert.EqualError(t, err, "reconcile: apply: the plan is nil")
	_, err = (&Plan{}).Apply(t.Context(), nil, nil)
	assert.EqualError(t, err, "reconcile: apply: the client is nil")
	_, err = NewPlan(t.Context(), nil, nil, nil)
	assert.EqualError(t, err, "reconcile: plan: the client is nil")
	assert.Empty(t, s.Requests())
}
