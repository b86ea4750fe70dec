package legacy

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

const (
	groupID    = "99025615-a0b1-47ec-9117-35377b10998b"
	reviewerA  = "f260246a-09b1-4fd5-8d18-daed736071ec"
	reviewerB  = "5a4e184c-4ee5-4883-96e9-b371f8da88e3"
	templateID = "6e4f3d20-c5c3-407f-9695-8460952bcc68"
)

// seedReview is the documentation's example request.
func seedReview(t *testing.T) AccessReview {
	t.Helper()
	var ar AccessReview
	require.NoError(t, json.Unmarshal(fixture(t, "legacy-accessreview-onetime-delegated.beta.json"), &ar))
	return ar
}

// marshal encodes v for comparisons.
func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// kinds returns the kinds of a report's entries for field.
func kinds(r Report, field string) []ReportKind {
	var out []ReportKind
	for _, e := range r.Field(field) {
		out = append(out, e.Kind)
	}
	return out
}

func TestToDefinitionSeed(t *testing.T) {
	t.Parallel()
	def, rep := ToDefinition(seedReview(t), &BusinessFlowTemplate{ID: templateID, DisplayName: "Access reviews of memberships of a group"}, nil)
	require.NoError(t, def.Validate())
	assert.Equal(t, "TestReview", def.DisplayName)
	assert.Equal(t, "Sample description", def.DescriptionForReviewers)
	assert.Equal(t, "Sample description", def.DescriptionForAdmins)
	assert.Equal(t, marshal(t, scope.Group(groupID).TransitiveMembers()), marshal(t, def.Scope))
	assert.Equal(t, []scope.Reviewer{scope.User(reviewerA), scope.User(reviewerB)}, def.Reviewers)
	start := odata.Date{Year: 2017, Month: time.February, Day: 10}
	assert.Equal(t, marshal(t, recurrence.Once().StartingOn(start).EndingOn(start.AddDays(30))), marshal(t, def.Settings.Recurrence))
	assert.Equal(t, 30, def.Settings.InstanceDurationInDays)
	assert.Equal(t, accessreviews.Settings{
		MailNotificationsEnabled: true, ReminderNotificationsEnabled: true, JustificationRequiredOnApproval: true,
		DefaultDecision: accessreviews.DefaultDeny, InstanceDurationInDays: 30,
		RecommendationLookBackDuration: odata.Days(30), Recurrence: def.Settings.Recurrence,
	}, def.Settings)
	// Only programs are reported: the template was recognised.
	assert.Equal(t, []ReportEntry{{Field: "programControls", Kind: Dropped,
		Detail: "programs and program controls have no equivalent: a program linking this review is not carried over"}}, rep.Entries)
}

func TestToDefinitionReviewerTypes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		typ       ReviewerType
		reviewers []Reviewer
		kind      TemplateKind
		want      []scope.Reviewer
		report    []ReportKind
		field     string
	}{
		{"self", ReviewerSelf, nil, KindGroupMemberships, scope.SelfReview(), nil, "reviewerType"},
		{"self ignores reviewers", ReviewerSelf, []Reviewer{{ID: reviewerA}}, KindGroupMemberships, scope.SelfReview(), []ReportKind{Dropped}, "reviewers"},
		{"delegated", ReviewerDelegated, []Reviewer{{ID: reviewerA}}, KindGroupMemberships, []scope.Reviewer{scope.User(reviewerA)}, nil, "reviewers"},
		{"delegated without reviewers", ReviewerDelegated, nil, KindGroupMemberships, scope.SelfReview(), []ReportKind{Changed}, "reviewers"},
		{"group owners", ReviewerEntityOwners, nil, KindGroupMemberships, []scope.Reviewer{scope.OwnersOfGroup(groupID)}, nil, "reviewerType"},
		{"guest group owners", ReviewerEntityOwners, nil, KindGuestGroupMemberships, []scope.Reviewer{scope.OwnersOfGroup(groupID)}, nil, "reviewerType"},
		{"app owners", ReviewerEntityOwners, nil, KindAppAssignments, []scope.Reviewer{scope.ApplicationOwners(groupID)}, nil, "reviewerType"},
		{"guest app owners", ReviewerEntityOwners, nil, KindGuestAppAssignments, []scope.Reviewer{scope.ApplicationOwners(groupID)}, nil, "reviewerType"},
		{"role owners do not exist", ReviewerEntityOwners, nil, KindRoleMemberships, scope.SelfReview(), []ReportKind{Dropped}, "reviewerType"},
		{"unknown", "managers", nil, KindGroupMemberships, scope.SelfReview(), []ReportKind{Guessed}, "reviewerType"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ar := seedReview(t)
			ar.ReviewerType, ar.Reviewers = tt.typ, tt.reviewers
			def, rep := ToDefinition(ar, nil, &ConvertOptions{Kind: tt.kind})
			assert.Equal(t, tt.want, def.Reviewers)
			assert.Equal(t, tt.report, kinds(rep, tt.field), rep.String())
			if len(tt.report) == 0 {
				assert.NoError(t, def.Validate())
			}
		})
	}
}

func TestToDefinitionScopes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		tpl    *BusinessFlowTemplate
		opts   *ConvertOptions
		want   scope.Scope
		report []ReportKind
	}{
		{"group by name", &BusinessFlowTemplate{DisplayName: "Access reviews of memberships of a group"}, nil,
			scope.Group(groupID).TransitiveMembers(), nil},
		{"guest group by name", &BusinessFlowTemplate{DisplayName: "Access reviews of guest user memberships of a group"}, nil,
			scope.Group(groupID).TransitiveMembers().Guests(), nil},
		{"app by name", &BusinessFlowTemplate{DisplayName: "Access reviews of assignments to an application"}, nil,
			scope.Query("/servicePrincipals/" + groupID + "/appRoleAssignedTo"), nil},
		{"guest app by name", &BusinessFlowTemplate{DisplayName: "Guest user assignments to an app"}, nil,
			scope.MembershipsOf(scope.AllUsers().Guests()).In(scope.ServicePrincipal(groupID)), nil},
		{"role by name", &BusinessFlowTemplate{DisplayName: "Azure AD role memberships"}, nil,
			scope.Role(groupID), []ReportKind{Guessed}},
		{"unknown name guesses groups", &BusinessFlowTemplate{DisplayName: "Contoso flow"}, nil,
			scope.Group(groupID).TransitiveMembers(), []ReportKind{Guessed}},
		{"no template guesses groups", nil, nil, scope.Group(groupID).TransitiveMembers(), []ReportKind{Guessed}},
		{"explicit kind wins", &BusinessFlowTemplate{DisplayName: "Contoso flow"}, &ConvertOptions{Kind: KindGuestGroupMemberships},
			scope.Group(groupID).TransitiveMembers().Guests(), nil},
		{"unknown kind is reported", nil, &ConvertOptions{Kind: "teams"},
			scope.Group(groupID).TransitiveMembers(), []ReportKind{Guessed, Guessed}},
		{"template of another review", &BusinessFlowTemplate{ID: "other", DisplayName: "group memberships"}, nil,
			scope.Group(groupID).TransitiveMembers(), []ReportKind{Guessed}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ar := seedReview(t)
			def, rep := ToDefinition(ar, tt.tpl, tt.opts)
			assert.Equal(t, marshal(t, tt.want), marshal(t, def.Scope))
			got := append(kinds(rep, "businessFlowTemplateId"), kinds(rep, "reviewedEntity.id")...)
			assert.Equal(t, tt.report, got, rep.String())
			assert.NoError(t, def.Validate())
		})
	}
}

func TestToDefinitionBadEntity(t *testing.T) {
	t.Parallel()
	ar := seedReview(t)
	ar.ReviewedEntity.ID = "not-a-guid"
	def, rep := ToDefinition(ar, nil, &ConvertOptions{Kind: KindGroupMemberships})
	assert.Nil(t, def.Scope)
	assert.Equal(t, []ReportKind{Dropped}, kinds(rep, "reviewedEntity.id"))
	assertFieldErrors(t, def.Validate(), "scope")
}

func TestToDefinitionRecurrence(t *testing.T) {
	t.Parallel()
	start := odata.Date{Year: 2017, Month: time.February, Day: 10}
	end := odata.Date{Year: 2018, Month: time.February, Day: 10}
	tests := []struct {
		name     string
		rs       RecurrenceSettings
		endDays  int // endDateTime, in days after the start
		want     recurrence.Recurrence
		duration int
		field    string
		report   []ReportKind
	}{
		{"absent is one-time", RecurrenceSettings{}, 14, recurrence.Once().StartingOn(start).EndingOn(start.AddDays(14)), 14, "settings.recurrenceSettings.recurrenceType", nil},
		{"onetime", RecurrenceSettings{RecurrenceType: RecurrenceOnetime, RecurrenceEndType: RecurrenceEndBy}, 30,
			recurrence.Once().StartingOn(start).EndingOn(start.AddDays(30)), 30, "settings.recurrenceSettings.recurrenceType", nil},
		{"weekly", RecurrenceSettings{RecurrenceType: RecurrenceWeekly, RecurrenceEndType: RecurrenceEndNever, DurationInDays: 3}, 3,
			recurrence.Weekly().StartingOn(start), 3, "settings.recurrenceSettings.recurrenceEndType", nil},
		{"monthly", RecurrenceSettings{RecurrenceType: RecurrenceMonthly, RecurrenceEndType: RecurrenceEndNever, DurationInDays: 14}, 14,
			recurrence.Monthly().StartingOn(start), 14, "settings.recurrenceSettings.recurrenceEndType", nil},
		{"quarterly until", RecurrenceSettings{RecurrenceType: RecurrenceQuarterly, RecurrenceEndType: RecurrenceEndBy, DurationInDays: 30}, 365,
			recurrence.Quarterly().StartingOn(start).EndingOn(end), 30, "settings.recurrenceSettings.recurrenceEndType", nil},
		{"halfyearly occurrences", RecurrenceSettings{RecurrenceType: RecurrenceHalfyearly, RecurrenceEndType: RecurrenceEndOccurrences, DurationInDays: 30, RecurrenceCount: 4}, 30,
			recurrence.SemiAnnually().StartingOn(start).Times(4), 30, "settings.recurrenceSettings.recurrenceEndType", nil},
		{"annual recurrenceCount spelling", RecurrenceSettings{RecurrenceType: RecurrenceAnnual, RecurrenceEndType: RecurrenceEndCount, DurationInDays: 60, RecurrenceCount: 2}, 60,
			recurrence.Annually().StartingOn(start).Times(2), 60, "settings.recurrenceSettings.recurrenceEndType", nil},
		{"occurrences without a count", RecurrenceSettings{RecurrenceType: RecurrenceWeekly, RecurrenceEndType: RecurrenceEndOccurrences, DurationInDays: 5}, 5,
			recurrence.Weekly().StartingOn(start), 5, "settings.recurrenceSettings.recurrenceEndType", []ReportKind{Dropped}},
		{"missing end type", RecurrenceSettings{RecurrenceType: RecurrenceWeekly, DurationInDays: 5}, 5,
			recurrence.Weekly().StartingOn(start), 5, "settings.recurrenceSettings.recurrenceEndType", []ReportKind{Guessed}},
		{"unknown end type", RecurrenceSettings{RecurrenceType: RecurrenceWeekly, RecurrenceEndType: "someday", DurationInDays: 5}, 5,
			recurrence.Weekly().StartingOn(start), 5, "settings.recurrenceSettings.recurrenceEndType", []ReportKind{Guessed}},
		{"unknown type is one-time", RecurrenceSettings{RecurrenceType: "daily"}, 7,
			recurrence.Once().StartingOn(start).EndingOn(start.AddDays(7)), 7, "settings.recurrenceSettings.recurrenceType", []ReportKind{Guessed}},
		{"duration guessed for endBy", RecurrenceSettings{RecurrenceType: RecurrenceMonthly, RecurrenceEndType: RecurrenceEndBy}, 365,
			recurrence.Monthly().StartingOn(start).EndingOn(end), 28, "settings.recurrenceSettings.durationInDays", []ReportKind{Guessed}},
		{"duration from the dates", RecurrenceSettings{RecurrenceType: RecurrenceQuarterly, RecurrenceEndType: RecurrenceEndNever}, 20,
			recurrence.Quarterly().StartingOn(start), 20, "settings.recurrenceSettings.durationInDays", nil},
		{"duration longer than the period", RecurrenceSettings{RecurrenceType: RecurrenceWeekly, RecurrenceEndType: RecurrenceEndNever, DurationInDays: 10}, 10,
			recurrence.Weekly().StartingOn(start), 7, "settings.recurrenceSettings.durationInDays", []ReportKind{Changed}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ar := seedReview(t)
			ar.Settings.RecurrenceSettings = tt.rs
			ar.EndDateTime = odata.DateTime{Time: ar.StartDateTime.Add(time.Duration(tt.endDays) * 24 * time.Hour)}
			def, rep := ToDefinition(ar, nil, &ConvertOptions{Kind: KindGroupMemberships})
			assert.Equal(t, marshal(t, tt.want), marshal(t, def.Settings.Recurrence))
			assert.Equal(t, tt.duration, def.Settings.InstanceDurationInDays)
			assert.Equal(t, tt.report, kinds(rep, tt.field), rep.String())
			assert.NoError(t, def.Validate())
		})
	}
}

func TestToDefinitionStartDate(t *testing.T) {
	t.Parallel()
	ar := seedReview(t)
	ar.Settings.RecurrenceSettings = RecurrenceSettings{RecurrenceType: RecurrenceQuarterly, RecurrenceEndType: RecurrenceEndBy, DurationInDays: 14}
	ar.EndDateTime = odata.DateTime{Time: time.Date(2018, 2, 10, 0, 0, 0, 0, time.UTC)}
	start := odata.Date{Year: 2027, Month: time.March, Day: 1}
	def, rep := ToDefinition(ar, nil, &ConvertOptions{Kind: KindGroupMemberships, StartDate: start})
	assert.Equal(t, marshal(t, recurrence.Quarterly().StartingOn(start).EndingOn(start.AddDays(365))), marshal(t, def.Settings.Recurrence))
	assert.Equal(t, []ReportKind{Changed}, kinds(rep, "startDateTime"))
	require.NoError(t, def.Validate())

	ar.StartDateTime, ar.EndDateTime = odata.DateTime{}, odata.DateTime{}
	def, rep = ToDefinition(ar, nil, &ConvertOptions{Kind: KindGroupMemberships})
	assert.True(t, def.Settings.Recurrence.IsZero())
	assert.Equal(t, []ReportKind{Dropped}, kinds(rep, "startDateTime"))
}

func TestToDefinitionAutoReview(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		enabled     bool
		result      NotReviewedResult
		wantEnabled bool
		want        accessreviews.DefaultDecision
		field       string
		report      []ReportKind
	}{
		{"approve", true, NotReviewedApprove, true, accessreviews.DefaultApprove, "settings.autoReviewEnabled", nil},
		{"deny", true, NotReviewedDeny, true, accessreviews.DefaultDeny, "settings.autoReviewEnabled", nil},
		{"recommendation", true, NotReviewedRecommendation, true, accessreviews.DefaultRecommendation, "settings.autoReviewEnabled", nil},
		{"off keeps the result", false, NotReviewedDeny, false, accessreviews.DefaultDeny, "settings.autoReviewEnabled", nil},
		{"on without a result", true, "", false, "", "settings.autoReviewEnabled", []ReportKind{Dropped}},
		{"unknown result", true, "Remove", false, "", "settings.autoReviewSettings.notReviewedResult", []ReportKind{Dropped}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ar := seedReview(t)
			ar.Settings.AutoReviewEnabled = tt.enabled
			ar.Settings.AutoReviewSettings.NotReviewedResult = tt.result
			def, rep := ToDefinition(ar, nil, &ConvertOptions{Kind: KindGroupMemberships})
			assert.Equal(t, tt.wantEnabled, def.Settings.DefaultDecisionEnabled)
			assert.Equal(t, tt.want, def.Settings.DefaultDecision)
			assert.Equal(t, tt.report, kinds(rep, tt.field), rep.String())
			assert.NoError(t, def.Validate())
		})
	}
}

func TestToDefinitionSettingsAndLeftovers(t *testing.T) {
	t.Parallel()
	ar := seedReview(t)
	ar.ID = "006111db-0810-4494-a6df-904d368bd81b"
	ar.CreatedBy.ID = reviewerA
	ar.Decisions = []Decision{{ID: "d1"}}
	ar.Instances = []AccessReview{{ID: "i1"}}
	ar.Settings.AccessRecommendationsEnabled = true
	ar.Settings.AutoApplyReviewResultsEnabled = true
	ar.Settings.ActivityDurationInDays = 90
	ar.Description = strings.Repeat("é", 250) + strings.Repeat("😀", 10) // 270 UTF-16 units
	def, rep := ToDefinition(ar, nil, &ConvertOptions{Kind: KindAppAssignments})
	assert.True(t, def.Settings.RecommendationsEnabled)
	assert.True(t, def.Settings.AutoApplyDecisionsEnabled)
	assert.Equal(t, odata.Days(30), def.Settings.RecommendationLookBackDuration)
	assert.Equal(t, ar.Description, def.DescriptionForAdmins)
	assert.Equal(t, strings.Repeat("é", 250)+strings.Repeat("😀", 3), def.DescriptionForReviewers)
	for field, want := range map[string][]ReportKind{
		"id": {Dropped}, "createdBy": {Dropped}, "decisions": {Dropped}, "instances": {Dropped},
		"programControls": {Dropped}, "description": {Changed}, "settings.activityDurationInDays": {Changed},
	} {
		assert.Equal(t, want, kinds(rep, field), field)
	}
	require.NoError(t, def.Validate())

	// Outside application reviews, a long look-back is carried as it is.
	def, rep = ToDefinition(ar, nil, &ConvertOptions{Kind: KindGroupMemberships})
	assert.Equal(t, odata.Days(90), def.Settings.RecommendationLookBackDuration)
	assert.Empty(t, rep.Field("settings.activityDurationInDays"))
}

func TestRecognizeTemplate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want TemplateKind
		ok   bool
	}{
		{"Access reviews of memberships of a group", KindGroupMemberships, true},
		{"GROUP MEMBERS", KindGroupMemberships, true},
		{"Access reviews of guest user memberships of a group", KindGuestGroupMemberships, true},
		{"Access reviews of assignments to an application", KindAppAssignments, true},
		{"Guest access to apps", KindGuestAppAssignments, true},
		{"Azure AD directory role memberships", KindRoleMemberships, true},
		{"Approvals", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := RecognizeTemplate(BusinessFlowTemplate{DisplayName: tt.name})
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.ok, got.Known())
		})
	}
}

func TestReportString(t *testing.T) {
	t.Parallel()
	var r Report
	assert.Equal(t, "nothing to report", r.String())
	assert.False(t, r.Has(Dropped))
	r.add(Dropped, "id", "gone %d", 1)
	r.add(Guessed, "reviewerType", "maybe")
	assert.Equal(t, "dropped id: gone 1\nguessed reviewerType: maybe", r.String())
	assert.True(t, r.Has(Guessed))
	assert.False(t, r.Has(Changed))
	assert.JSONEq(t, `{"entries":[{"field":"id","kind":"dropped","detail":"gone 1"},{"field":"reviewerType","kind":"guessed","detail":"maybe"}]}`, marshal(t, r))
}
