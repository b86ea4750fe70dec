package reconcile

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// TestPlanRefusesBadInputBeforeAnyRequest checks that every problem with the
// desired definitions and the options is reported at once, and that nothing
// at all is sent to the service then.
func TestPlanRefusesBadInputBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	noScope := weeklyReview("no scope")
	noScope.Scope = nil
	badRecurrence := weeklyReview("team: bad recurrence")
	badRecurrence.Settings.Recurrence = recurrence.Weekly().Every(0).StartingOn(today)
	cases := []struct {
		name    string
		desired []*accessreviews.Definition
		opts    *Options
		want    []string
	}{
		{name: "every invalid definition at once",
			desired: []*accessreviews.Definition{noScope, weeklyReview("fine"), badRecurrence, nil},
			want: []string{`desired[0] "no scope": scope: is required`, `desired[2] "team: bad recurrence"`,
				"settings.recurrence.pattern.interval", "desired[3]: is nil"}},
		{name: "duplicate keys and IDs",
			desired: []*accessreviews.Definition{weeklyReview("same"), weeklyReview("same"),
				withID(weeklyReview("a"), "5f1c7a2e-0b6d-4c8e-9a3f-1e2d3c4b5a60"), withID(weeklyReview("b"), "5f1c7a2e-0b6d-4c8e-9a3f-1e2d3c4b5a60")},
			want: []string{`desired[1] "same": has the key "same" of desired[0] too`,
				`desired[3] "b": has the ID 5f1c7a2e-0b6d-4c8e-9a3f-1e2d3c4b5a60 of desired[2] too`}},
		{name: "empty key",
			desired: []*accessreviews.Definition{weeklyReview("x")},
			opts:    &Options{Key: func(*accessreviews.Definition) string { return "" }},
			want:    []string{`desired[0] "x": has an empty key`}},
		{name: "delete without knowing what is managed",
			desired: []*accessreviews.Definition{weeklyReview("x")},
			opts:    &Options{Delete: true},
			want:    []string{"Delete needs ManagedPrefix or Marker"}},
		{name: "outside the managed prefix",
			desired: []*accessreviews.Definition{weeklyReview("team: in"), weeklyReview("out")},
			opts:    &Options{ManagedPrefix: "team: "},
			want:    []string{`desired[1] "out": displayName does not start with the managed prefix "team: "`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newFake(t)
			p, err := NewPlan(t.Context(), s.Client(), tc.desired, tc.opts)
			require.Error(t, err)
			assert.Nil(t, p)
			assert.ErrorContains(t, err, "reconcile: plan: ")
			for _, w := range tc.want {
				assert.ErrorContains(t, err, w)
			}
			assert.Empty(t, s.Requests(), "nothing is sent for bad input")
		})
	}
}

// withID returns d with an ID, matching by ID.
func withID(d *accessreviews.Definition, id accessreviews.DefinitionID) *accessreviews.Definition {
	d.ID = id
	return d
}

// TestPlanMatchingNeverGuesses checks the matching errors that need the
// tenant: two tenant definitions with one key, an ID the tenant lacks, and
// one tenant definition matched by two desired ones. Nothing is written.
func TestPlanMatchingNeverGuesses(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	c := s.Client()
	first := create(t, c, weeklyReview("twice"))
	second := create(t, c, weeklyReview("twice"))
	once := create(t, c, weeklyReview("once"))
	s.ResetRequests()

	_, err := NewPlan(t.Context(), c, []*accessreviews.Definition{weeklyReview("twice")}, nil)
	require.Error(t, err)
	assert.ErrorContains(t, err, `"twice": 2 tenant definitions have this key`)
	assert.ErrorContains(t, err, string(first.ID))
	assert.ErrorContains(t, err, string(second.ID))

	_, err = NewPlan(t.Context(), c, []*accessreviews.Definition{withID(weeklyReview("gone"), "0e1d2c3b-4a59-4687-8776-655443322110")}, nil)
	assert.ErrorContains(t, err, `"gone": the tenant has no definition 0e1d2c3b-4a59-4687-8776-655443322110 (remove the ID to create it)`)

	_, err = NewPlan(t.Context(), c, []*accessreviews.Definition{weeklyReview("once"), withID(weeklyReview("renamed"), once.ID)}, nil)
	assert.ErrorContains(t, err, `"once" and "renamed" both match the tenant definition `+string(once.ID))

	assert.Empty(t, writes(s))
}

// TestPlanMatchesByIDAndByKey checks that an ID wins over the key (a
// rename), that a custom key matches, and that matched definitions already
// as desired are left alone.
func TestPlanMatchesByIDAndByKey(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	c := s.Client()
	old := create(t, c, weeklyReview("old name"))
	tagged := weeklyReview("tagged")
	tagged.DescriptionForAdmins = "key:payroll"
	create(t, c, tagged)
	create(t, c, weeklyReview("same"))

	retagged := weeklyReview("payroll review")
	retagged.DescriptionForAdmins = "key:payroll"
	byTag := func(d *accessreviews.Definition) string {
		_, k, _ := strings.Cut(d.DescriptionForAdmins, "key:")
		return k
	}
	p, err := NewPlan(t.Context(), c, []*accessreviews.Definition{retagged}, &Options{Key: byTag})
	require.NoError(t, err)
	require.Len(t, p.Steps, 1)
	assert.Equal(t, ActionUpdate, p.Steps[0].Action)
	assert.Equal(t, "payroll", p.Steps[0].Key)
	assert.Equal(t, []Change{{Path: "displayName", Property: "display name", Old: `"tagged"`, New: `"payroll review"`}}, p.Steps[0].Changes)

	p, err = NewPlan(t.Context(), c, []*accessreviews.Definition{withID(weeklyReview("new name"), old.ID), weeklyReview("same")}, nil)
	require.NoError(t, err)
	require.Len(t, p.Steps, 2)
	assert.Equal(t, ActionUpdate, p.Steps[0].Action)
	assert.Equal(t, old.ID, p.Steps[0].ID())
	assert.Equal(t, ActionNone, p.Steps[1].Action)
	assert.Equal(t, "plan: 0 to create, 1 to update, 0 to delete", p.Summary())
	assert.True(t, p.HasChanges())
}

// TestPlanDeletesOnlyManagedDefinitions checks that deletion is planned for
// unmatched managed definitions only, by prefix, by marker and by both, and
// never without Delete.
func TestPlanDeletesOnlyManagedDefinitions(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	c := s.Client()
	prefixed := create(t, c, weeklyReview("team: retired"))
	marked := weeklyReview("marked")
	marked.DescriptionForAdmins = "Old review.\n[reviews-as-code]"
	marked = create(t, c, marked)
	both := weeklyReview("team: marked")
	both.DescriptionForAdmins = "[reviews-as-code]"
	both = create(t, c, both)
	create(t, c, weeklyReview("someone else's"))
	desired := []*accessreviews.Definition{weeklyReview("team: kept")}

	cases := []struct {
		name    string
		opts    Options
		deleted []accessreviews.DefinitionID
	}{
		{"prefix", Options{ManagedPrefix: "team: ", Delete: true}, []accessreviews.DefinitionID{prefixed.ID, both.ID}},
		{"marker", Options{Marker: "[reviews-as-code]", Delete: true}, []accessreviews.DefinitionID{marked.ID, both.ID}},
		{"prefix and marker", Options{ManagedPrefix: "team: ", Marker: "[reviews-as-code]", Delete: true}, []accessreviews.DefinitionID{both.ID}},
		{"without Delete", Options{ManagedPrefix: "team: ", Marker: "[reviews-as-code]"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := NewPlan(t.Context(), c, desired, &tc.opts)
			require.NoError(t, err)
			var deleted []accessreviews.DefinitionID
			for _, st := range p.Steps {
				if st.Action == ActionDelete {
					deleted = append(deleted, st.ID())
				}
			}
			assert.ElementsMatch(t, tc.deleted, deleted)
			assert.Equal(t, 1, p.Count(ActionCreate))
		})
	}
}

// TestPlanMarker checks that the marker is written into the desired
// definitions, on a line of its own, and that matching an unmanaged tenant
// definition is shown as taking it over.
func TestPlanMarker(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	c := s.Client()
	create(t, c, weeklyReview("adopted"))
	described := weeklyReview("new")
	described.DescriptionForAdmins = "Quarterly."
	p, err := NewPlan(t.Context(), c, []*accessreviews.Definition{described, weeklyReview("adopted")}, &Options{Marker: "[rac]"})
	require.NoError(t, err)
	require.Len(t, p.Steps, 2)
	assert.Equal(t, "Quarterly.\n[rac]", p.Steps[0].Desired.DescriptionForAdmins)
	assert.Equal(t, "Quarterly.", described.DescriptionForAdmins, "the caller's definition is not changed")
	upd := p.Steps[1]
	assert.True(t, upd.Adopts)
	assert.Equal(t, []Change{{Path: "descriptionForAdmins", Property: "description for admins", Old: `""`, New: `"[rac]"`}}, upd.Changes)
	assert.Contains(t, p.String(), "    takes over a definition that is not managed yet\n")
}

// TestPlanOutput checks what a reviewer reads: each step with its details
// and changes in words, and the summary as the last line.
func TestPlanOutput(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	c := s.Client()
	changed := create(t, c, weeklyReview("team: changed"))
	gone := create(t, c, weeklyReview("team: gone"))

	guests := &accessreviews.Definition{
		DisplayName:              "team: guests",
		Scope:                    scope.EachGroup().Members().Users().Guests(),
		InstanceEnumerationScope: scope.AllMicrosoft365Groups(),
		Reviewers:                []scope.Reviewer{scope.GroupOwners()},
		Settings:                 accessreviews.Settings{Recurrence: recurrence.Quarterly().StartingOn(today)},
	}
	update := weeklyReview("team: changed")
	update.Scope = scope.Group(groupID).TransitiveMembers().Guests()
	update.Reviewers = []scope.Reviewer{scope.User(userID), scope.OwnersOfGroup(otherGroup)}
	update.Settings.Recurrence = update.Settings.Recurrence.Every(2)
	update.Settings.MailNotificationsEnabled = false
	update.Settings.RecommendationLookBackDuration = odata.Days(14)
	update.Settings.ApplyActions = []accessreviews.ApplyAction{accessreviews.DisableAndDeleteUser()}

	p, err := NewPlan(t.Context(), c, []*accessreviews.Definition{update, guests}, &Options{ManagedPrefix: "team: ", Delete: true})
	require.NoError(t, err)
	want := `+ create "team: guests"
    what is reviewed:   guest users among the direct members of each Microsoft 365 group
    reviewers:          the owners of each group
    schedule:           every 3 months, from 2026-01-05, with no end
    warning: fallbackReviewers: is empty, but the reviewers are the owners of each group, who may not exist for every reviewed user; those users would have no reviewer

~ update "team: changed" (definition ` + string(changed.ID) + `)
    what is reviewed
      - direct and transitive members of group ` + groupID + `
      + guest users among the direct and transitive members of group ` + groupID + `
    reviewers
      - user ` + userID + `
      + user ` + userID + ` and the owners of group ` + otherGroup + `
    schedule
      - every week, from 2026-01-05, with no end
      + every 2 weeks, from 2026-01-05, with no end
    what applying a deny does
      - remove access (the default)
      + disable and then delete the user
    mail notifications
      - on
      + off
    recommendation look-back
      - 30 days (the default)
      + 14 days
    warning: fallbackReviewers: is empty, but the reviewers are the owners of group ` + otherGroup + `, who may not exist for every reviewed user; those users would have no reviewer

- delete "team: gone" (definition ` + string(gone.ID) + `)
    why:                no desired definition matches it, and its display name starts with "team: "

plan: 1 to create, 1 to update, 1 to delete
`
	assert.Equal(t, want, p.String())
	var b strings.Builder
	n, err := p.WriteTo(&b)
	require.NoError(t, err)
	assert.Equal(t, int64(len(want)), n)
}

// TestPlanCarriesLintWarnings checks that a plan reports each desired
// definition's probable mistakes without refusing it.
func TestPlanCarriesLintWarnings(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	d := weeklyReview("team: typo")
	d.Reviewers = []scope.Reviewer{scope.ReviewerQuery("./manger")}
	p, err := NewPlan(t.Context(), s.Client(), []*accessreviews.Definition{d}, nil)
	require.NoError(t, err, "a warning never stops a plan")
	require.Len(t, p.Steps, 1)
	assert.Equal(t, d.Lint(), p.Steps[0].Warnings)
	require.NotEmpty(t, p.Steps[0].Warnings)
	assert.Contains(t, p.String(), "    warning: reviewers[0].query: ")
}
