package accessreviews

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

const (
	valGroup = "02f3bafb-448c-487c-88c2-5fd65ce49a41"
	valUser  = "c9a5aff7-9298-4d71-adab-0a222e0a05e4"
	valApp   = "bae11f90-7d5d-46ba-9f55-8112b59d92ae"
)

// validDefinition returns a weekly group review that passes Validate; the
// table below breaks one rule at a time.
func validDefinition() *Definition {
	return &Definition{
		DisplayName: "Weekly review",
		Scope:       scope.Group(valGroup).TransitiveMembers(),
		Reviewers:   []scope.Reviewer{scope.User(valUser)},
		Settings: Settings{
			InstanceDurationInDays: 7,
			Recurrence:             recurrence.Weekly().StartingOn(odata.Date{Year: 2025, Month: time.March, Day: 3}),
		},
	}
}

// twoStages returns a valid two-stage chain of 3 + 4 days.
func twoStages() []StageSettings {
	return []StageSettings{
		{StageID: "1", DurationInDays: 3, Reviewers: []scope.Reviewer{scope.GroupOwners()}},
		{StageID: "2", DependsOn: []string{"1"}, DurationInDays: 4, Reviewers: []scope.Reviewer{scope.Managers()}},
	}
}

// appReview makes d a review of the assignments of an application.
func appReview(d *Definition) {
	d.Scope = scope.MembershipsOf(scope.AllUsers()).In(scope.ServicePrincipal(valApp))
}

// TestDefinitionValidateReportsEverything breaks many rules at once: every
// problem is reported, each a *odata.FieldError.
func TestDefinitionValidateReportsEverything(t *testing.T) {
	t.Parallel()
	d := validDefinition()
	d.DisplayName = ""
	d.DescriptionForReviewers = strings.Repeat("x", 300) // Lint's
	d.Scope = nil
	d.Reviewers = []scope.Reviewer{scope.User("")}
	d.Settings.DefaultDecisionEnabled = true
	d.Settings.InstanceDurationInDays = 30 // Lint's
	d.Settings.ApplyActions = []ApplyAction{nil}
	d.StageSettings = []StageSettings{{StageID: "2"}, {StageID: "2"}, {}, {}}

	err := d.Validate()
	defAssertFields(t, err,
		"displayName", "scope", "reviewers[0].query.userId",
		"settings.defaultDecision", "settings.applyActions[0]",
		"stageSettings", "stageSettings[1].stageId", "stageSettings[2].stageId", "stageSettings[3].stageId",
		"stageSettings[0].dependsOn", "stageSettings[1].dependsOn", "stageSettings[2].dependsOn", "stageSettings[3].dependsOn",
	)
	var fe *odata.FieldError
	require.True(t, errors.As(err, &fe))
	assert.Equal(t, "displayName", fe.Field)
	assert.Contains(t, err.Error(), `stageSettings[1].stageId: "2" is used by stageSettings[0]`)
	assert.NotContains(t, err.Error(), "descriptionForReviewers")

	assert.ErrorIs(t, (*Definition)(nil).Validate(), odata.ErrInvalid)
}

func TestRecurrencePeriod(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name              string
		r                 recurrence.Recurrence
		shortest, longest int
		ok                bool
	}{
		{"weekly", recurrence.Weekly(), 7, 7, true},
		{"every 3 weeks", recurrence.Weekly().Every(3), 21, 21, true},
		{"monthly", recurrence.Monthly(), 28, 31, true},
		{"every 2 months", recurrence.Monthly().Every(2), 59, 62, true},
		{"quarterly", recurrence.Quarterly(), 89, 92, true},
		{"semi-annually", recurrence.SemiAnnually(), 181, 184, true},
		{"annually", recurrence.Annually(), 365, 366, true},
		{"every 13 months", recurrence.Monthly().Every(13), 365 + 28, 366 + 31, true},
		{"every 24 months", recurrence.Monthly().Every(24), 730, 732, true},
		{"one time", recurrence.Once(), 0, 0, false},
		{"zero interval", recurrence.Recurrence{Pattern: &recurrence.Pattern{Type: recurrence.PatternWeekly}}, 0, 0, false},
		{"daily", recurrence.Recurrence{Pattern: &recurrence.Pattern{Type: recurrence.PatternDaily, Interval: 1}}, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := recurrencePeriod(tt.r)
			assert.Equal(t, tt.ok, p.ok)
			assert.Equal(t, tt.shortest, p.shortest)
			assert.Equal(t, tt.longest, p.longest)
			if !p.ok {
				return
			}
			// Over four years, consecutive instances are never closer than
			// the shortest period nor further apart than the longest.
			for day := 1; day <= 31; day++ {
				from := odata.Date{Year: 2025, Month: time.January, Day: day}
				dates := tt.r.StartingOn(from).Next(odata.Date{}, 60)
				require.NotEmpty(t, dates)
				for i := 1; i < len(dates); i++ {
					gap := int(dates[i].In(nil).Sub(dates[i-1].In(nil)).Hours() / 24)
					assert.GreaterOrEqual(t, gap, p.shortest, "%s → %s", dates[i-1], dates[i])
					if tt.r.Pattern.DayOfMonth == 0 && day <= 28 {
						assert.LessOrEqual(t, gap, p.longest, "%s → %s", dates[i-1], dates[i])
					}
				}
			}
		})
	}
}
