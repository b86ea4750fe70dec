package accessreviews

import (
	"time"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// definitionConformanceCase is one document of testdata/conformance.
type definitionConformanceCase struct {
	file string
	// rules are what comparing the document with its decoded-and-re-encoded
	// definition needs.
	rules []string
	// build, for requests, makes the same definition with the public
	// builders; buildRules are what comparing its create body needs.
	build      func() *Definition
	buildRules []string
	// fluent, when set, is the builder expression the decoded scope equals,
	// for documents whose query spelling differs from the builders' or
	// that are not built below.
	fluent, fluentEnumeration scope.Scope
	// valid says whether the decoded document passes Validate.
	valid bool
}

// The IDs of the documents.
const (
	confGroup      = "02f3bafb-448c-487c-88c2-5fd65ce49a41"
	confReviewer   = "398164b1-5196-49dd-ada2-364b49f99b27"
	confFallback   = "072ac5f4-3f13-4088-ab30-0a276f3e6322"
	confSP         = "bae11f90-7d5d-46ba-9f55-8112b59d92ae"
	confGuestOwner = "c9a5aff7-9298-4d71-adab-0a222e0a05e4"
	confBuilding   = "825f1b5e-6fb2-4d9a-b393-d491101acc0c"
	confTeamsOwner = "fc9a2c2b-1ddc-486d-a211-5fe8ca77fa1f"
)

func definitionConformanceCases() []definitionConformanceCase {
	weekly := recurrence.Weekly().StartingOn(odata.Date{Year: 2020, Month: time.September, Day: 8})
	return []definitionConformanceCase{
		{
			file:  "group-weekly-single-reviewer.v1.json",
			rules: []string{ruleStartDate, ruleAddedZero},
			valid: true,
			build: func() *Definition {
				return &Definition{
					DisplayName:             "Test create",
					DescriptionForAdmins:    "New scheduled access review",
					DescriptionForReviewers: "If you have any questions, contact",
					Scope:                   scope.Group(confGroup).TransitiveMembers(),
					Reviewers:               []scope.Reviewer{scope.User(confReviewer)},
					Settings: Settings{
						MailNotificationsEnabled:        true,
						ReminderNotificationsEnabled:    true,
						JustificationRequiredOnApproval: true,
						DefaultDecision:                 DefaultNone,
						InstanceDurationInDays:          1,
						RecommendationsEnabled:          true,
						Recurrence:                      weekly,
					},
				}
			},
			buildRules: []string{ruleStartDate, ruleAddedZero},
		},
		{
			file:  "group-multistage-weekly.v1.json",
			rules: []string{ruleStartDate, ruleAddedZero},
			valid: true,
			build: func() *Definition {
				return &Definition{
					DisplayName:             "Group Multi-stage Access Review",
					DescriptionForAdmins:    "New scheduled access review",
					DescriptionForReviewers: "If you have any questions, contact",
					Scope:                   scope.Group(confGroup).TransitiveMembers(),
					StageSettings: []StageSettings{
						{
							StageID:                          "1",
							DurationInDays:                   2,
							DecisionsThatWillMoveToNextStage: []Decision{DecisionNotReviewed, DecisionApprove},
							Reviewers:                        []scope.Reviewer{scope.User(confReviewer)},
						},
						{
							StageID:                "2",
							DependsOn:              []string{"1"},
							DurationInDays:         2,
							RecommendationsEnabled: true,
							Reviewers:              []scope.Reviewer{scope.Managers()},
							FallbackReviewers:      []scope.Reviewer{scope.MembersOfGroup(confFallback)},
						},
					},
					Settings: Settings{
						InstanceDurationInDays:               4,
						Recurrence:                           weekly,
						DecisionHistoriesForReviewersEnabled: true,
					},
				}
			},
			buildRules: []string{ruleStartDate, ruleAddedZero},
		},
		{
			file:              "guest-m365-quarterly.v1.json",
			rules:             []string{ruleQueryScopeType, ruleBuilderSpelling, ruleNumberedZero, ruleRecurrenceEcho, ruleNullMember, ruleAddedZero},
			fluent:            scope.EachGroup().Members().Users().Guests(),
			fluentEnumeration: scope.AllMicrosoft365Groups(),
			valid:             true,
			build: func() *Definition {
				return &Definition{
					DisplayName: "Group owners review guest across Microsoft 365 groups in the tenant (Quarterly)",
					// The tutorial spells both queries as the service
					// returns them ("+", "$count=true"); scope.Query sends
					// them as written, and fluent above checks their meaning.
					Scope:                    scope.Query("./members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')"),
					InstanceEnumerationScope: scope.Query("/groups?$filter=(groupTypes/any(c:c+eq+'Unified'))&$count=true"),
					Reviewers:                []scope.Reviewer{scope.GroupOwners()},
					FallbackReviewers:        []scope.Reviewer{scope.User(confGuestOwner)},
					Settings: Settings{
						MailNotificationsEnabled:        true,
						ReminderNotificationsEnabled:    true,
						JustificationRequiredOnApproval: true,
						DefaultDecisionEnabled:          true,
						DefaultDecision:                 DefaultApprove,
						AutoApplyDecisionsEnabled:       true,
						RecommendationsEnabled:          true,
						Recurrence: recurrence.Quarterly().
							StartingOn(odata.Date{Year: 2021, Month: time.February, Day: 10}).
							EndingOn(odata.Date{Year: 2022, Month: time.December, Day: 21}),
						ApplyActions: []ApplyAction{RemoveAccess()},
					},
				}
			},
			buildRules: []string{ruleQueryScopeType, ruleNumberedZero, ruleRecurrenceEcho, ruleNullMember, ruleAddedZero},
		},
		{
			file:  "self-review-security-group.beta.json",
			rules: []string{ruleQueryScopeType, ruleNumberedZero, ruleRecurrenceEcho, ruleAddedZero},
			valid: true,
			build: func() *Definition {
				desc := "One-time self-review for members of Building security group"
				return &Definition{
					DisplayName:              desc,
					DescriptionForAdmins:     desc,
					DescriptionForReviewers:  desc,
					Scope:                    scope.Group(confBuilding).TransitiveMembers(),
					InstanceEnumerationScope: scope.Group(confBuilding),
					Reviewers:                scope.SelfReview(),
					Settings: Settings{
						MailNotificationsEnabled:        true,
						ReminderNotificationsEnabled:    true,
						JustificationRequiredOnApproval: true,
						DefaultDecision:                 DefaultDeny,
						AutoApplyDecisionsEnabled:       true,
						RecommendationsEnabled:          true,
						Recurrence: recurrence.Once().
							StartingOn(odata.Date{Year: 2021, Month: time.February, Day: 9}).
							EndingOn(odata.Date{Year: 2022, Month: time.December, Day: 31}),
						ApplyActions: []ApplyAction{RemoveAccess()},
					},
				}
			},
			buildRules: []string{ruleQueryScopeType, ruleNumberedZero, ruleRecurrenceEcho, ruleAddedZero},
		},
		{
			file:              "teams-inactive-guests-quarterly.v1.json",
			rules:             []string{ruleStartDate, ruleTeamsQuote, ruleBuilderSpelling, ruleAddedZero},
			fluent:            scope.EachGroup().Members().Users().Guests().InactiveFor(30),
			fluentEnumeration: scope.AllTeams(),
			// The document's enumeration query has the stray quote, and the
			// service created the review: it is valid (Lint warns).
			valid: true,
			build: func() *Definition {
				return &Definition{
					DisplayName:             "Review inactive guests on teams",
					DescriptionForAdmins:    "Control guest user access to our teams.",
					DescriptionForReviewers: "Information security is everyone's responsibility. Review our access policy for more.",
					// The document writes "+" for the spaces of the query
					// scope.AllTeams() makes; fluentEnumeration checks that
					// they mean the same.
					InstanceEnumerationScope: scope.Query("/groups?$filter=(groupTypes/any(c:c+eq+'Unified') and resourceProvisioningOptions/Any(x:x eq 'Team'))"),
					Scope:                    scope.EachGroup().Members().Users().Guests().InactiveFor(30),
					Reviewers:                []scope.Reviewer{scope.GroupOwners()},
					FallbackReviewers:        []scope.Reviewer{scope.User(confTeamsOwner)},
					Settings: Settings{
						MailNotificationsEnabled:        true,
						ReminderNotificationsEnabled:    true,
						JustificationRequiredOnApproval: true,
						RecommendationsEnabled:          true,
						InstanceDurationInDays:          3,
						Recurrence: recurrence.Quarterly().OnDay(5).
							StartingOn(odata.Date{Year: 2020, Month: time.May, Day: 4}),
						DefaultDecisionEnabled:    true,
						DefaultDecision:           DefaultDeny,
						AutoApplyDecisionsEnabled: true,
					},
				}
			},
			buildRules: []string{ruleStartDate, ruleTeamsQuote, ruleAddedZero},
		},
		{
			file:  "application-users-managers-semiannual.v1.json",
			rules: []string{ruleNumberedZero, ruleRecurrenceEcho, ruleAddedZero},
			valid: true,
			build: func() *Definition {
				return &Definition{
					DisplayName:          "Review employee access to LinkedIn",
					DescriptionForAdmins: "Review employee access to LinkedIn",
					Scope:                scope.MembershipsOf(scope.AllUsers()).In(scope.ServicePrincipal(confSP)),
					Reviewers:            []scope.Reviewer{scope.Managers()},
					BackupReviewers:      []scope.Reviewer{scope.MembersOfGroup(confFallback)},
					FallbackReviewers:    []scope.Reviewer{scope.MembersOfGroup(confFallback)},
					Settings: Settings{
						MailNotificationsEnabled:        true,
						ReminderNotificationsEnabled:    true,
						JustificationRequiredOnApproval: true,
						DefaultDecisionEnabled:          true,
						DefaultDecision:                 DefaultRecommendation,
						InstanceDurationInDays:          180,
						AutoApplyDecisionsEnabled:       true,
						RecommendationsEnabled:          true,
						Recurrence: recurrence.SemiAnnually().
							StartingOn(odata.Date{Year: 2021, Month: time.May, Day: 5}).
							EndingOn(odata.Date{Year: 2022, Month: time.May, Day: 5}),
					},
				}
			},
			buildRules: []string{ruleNumberedZero, ruleRecurrenceEcho, ruleAddedZero},
		},

		{file: "definition-created.application.v1.json", rules: []string{ruleQueryTypeDefault, ruleAddedZero}, valid: false,
			fluent: scope.MembershipsOf(scope.AllUsers()).In(scope.ServicePrincipal(confSP))},
		{file: "definition-created.group-weekly.v1.json", rules: []string{ruleRecurrenceEcho, ruleUnknownTime, ruleNullMember, ruleAddedZero}, valid: true},
		{file: "definition-created.guest-m365.v1.json", rules: []string{ruleQueryScopeType, ruleBuilderSpelling, ruleNumberedZero, ruleRecurrenceEcho, ruleNullMember, ruleAddedZero}, valid: true,
			fluent: scope.EachGroup().Members().Users().Guests(), fluentEnumeration: scope.AllMicrosoft365Groups()},
		{file: "definition-created.multistage.v1.json", rules: []string{ruleRecurrenceEcho, ruleUnknownTime, ruleNullMember}, valid: true},
		{file: "definition-created.self-review.beta.json", rules: []string{ruleQueryScopeType, ruleNumberedZero, ruleRecurrenceEcho, ruleUnknownTime, ruleAddedZero}, valid: true},
		{file: "definition-created.teams-inactive-guests.v1.json", rules: []string{ruleBuilderSpelling, ruleRecurrenceEcho, ruleNullMember, ruleAddedZero}, valid: true,
			fluent: scope.EachGroup().Members().Users().Guests().InactiveFor(30), fluentEnumeration: scope.AllTeams()},
	}
}
