package main

import (
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// The IDs the reference uses.
const (
	groupID         = "02f3bafb-448c-487c-88c2-5fd65ce49a41" // the reviewed group
	reviewerID      = "398164b1-5196-49dd-ada2-364b49f99b27" // the single reviewer
	adminID         = "fc9a2c2b-1ddc-486d-a211-5fe8ca77fa1f" // "MOD Administrator", fallback of the teams review
	fallbackGroupID = "072ac5f4-3f13-4088-ab30-0a276f3e6322" // fallback reviewers of the application review
	appID           = "bae11f90-7d5d-46ba-9f55-8112b59d92ae" // the LinkedIn service principal
)

// The directory adds a team, members and managers the reference does not
// name, so that the reviews have someone to review.
const (
	teamID    = "7d1a9c3e-2b4f-4e6a-8c5d-9f0e1a2b3c4d"
	managerID = "1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b"
	memberID  = "2f3a4b5c-6d7e-4f8a-9b0c-1d2e3f4a5b6c"
	guestID   = "3a4b5c6d-7e8f-4a9b-8c1d-2e3f4a5b6c7d"
)

// definitions returns the reference's four definitions, starting on start.
func definitions(start odata.Date) []*accessreviews.Definition {
	return []*accessreviews.Definition{
		groupWeekly(start), teamsInactiveGuests(start), applicationUsers(start), multiStage(start),
	}
}

// groupWeekly is example 1: every member of a group, nested ones included,
// reviewed weekly by one user, with no end.
func groupWeekly(start odata.Date) *accessreviews.Definition {
	return &accessreviews.Definition{
		DisplayName:             "Test create",
		DescriptionForAdmins:    "New scheduled access review",
		DescriptionForReviewers: "If you have any questions, contact",
		Scope:                   scope.Group(groupID).TransitiveMembers(),
		Reviewers:               []scope.Reviewer{scope.User(reviewerID)},
		Settings: accessreviews.Settings{
			MailNotificationsEnabled:        true,
			ReminderNotificationsEnabled:    true,
			JustificationRequiredOnApproval: true,
			InstanceDurationInDays:          1,
			RecommendationsEnabled:          true,
			Recurrence:                      recurrence.Weekly().StartingOn(start),
		},
	}
}

// teamsInactiveGuests is example 2: guests of every team who have not signed
// in for 30 days, reviewed each quarter on the 5th by the team's owners, and
// removed unless someone approves them.
func teamsInactiveGuests(start odata.Date) *accessreviews.Definition {
	return &accessreviews.Definition{
		DisplayName:              "Review inactive guests on teams",
		DescriptionForAdmins:     "Control guest user access to our teams.",
		DescriptionForReviewers:  "Information security is everyone's responsibility. Review our access policy for more.",
		InstanceEnumerationScope: scope.AllTeams(),
		Scope:                    scope.EachGroup().Members().Users().Guests().InactiveFor(30),
		Reviewers:                []scope.Reviewer{scope.GroupOwners()},
		FallbackReviewers:        []scope.Reviewer{scope.User(adminID)},
		Settings: accessreviews.Settings{
			MailNotificationsEnabled:        true,
			ReminderNotificationsEnabled:    true,
			JustificationRequiredOnApproval: true,
			RecommendationsEnabled:          true,
			InstanceDurationInDays:          3,
			Recurrence:                      recurrence.Quarterly().OnDay(5).StartingOn(start),
			DefaultDecisionEnabled:          true,
			DefaultDecision:                 accessreviews.DefaultDeny,
			AutoApplyDecisionsEnabled:       true,
		},
	}
}

// applicationUsers is example 3: every user's access to an application,
// reviewed twice a year for a year by their managers, with the members of a
// group reviewing users without a manager.
func applicationUsers(start odata.Date) *accessreviews.Definition {
	return &accessreviews.Definition{
		DisplayName:          "Review employee access to LinkedIn",
		DescriptionForAdmins: "Review employee access to LinkedIn",
		Scope:                scope.MembershipsOf(scope.AllUsers()).In(scope.ServicePrincipal(appID)),
		Reviewers:            []scope.Reviewer{scope.Managers()},
		FallbackReviewers:    []scope.Reviewer{scope.MembersOfGroup(fallbackGroupID)},
		Settings: accessreviews.Settings{
			MailNotificationsEnabled:        true,
			ReminderNotificationsEnabled:    true,
			JustificationRequiredOnApproval: true,
			DefaultDecisionEnabled:          true,
			DefaultDecision:                 accessreviews.DefaultRecommendation,
			InstanceDurationInDays:          180,
			AutoApplyDecisionsEnabled:       true,
			RecommendationsEnabled:          true,
			Recurrence:                      recurrence.SemiAnnually().StartingOn(start).EndingOn(start.AddMonths(12)),
		},
	}
}

// multiStage is example 4: a group's members reviewed weekly in two stages
// of two days. Stage 1 is one user; what they approve or leave unreviewed
// goes on to stage 2, the members' managers.
func multiStage(start odata.Date) *accessreviews.Definition {
	return &accessreviews.Definition{
		DisplayName:             "Group Multi-stage Access Review",
		DescriptionForAdmins:    "New scheduled access review",
		DescriptionForReviewers: "If you have any questions, contact",
		Scope:                   scope.Group(groupID).TransitiveMembers(),
		StageSettings: []accessreviews.StageSettings{
			{
				StageID:        "1",
				DurationInDays: 2,
				DecisionsThatWillMoveToNextStage: []accessreviews.Decision{
					accessreviews.DecisionNotReviewed, accessreviews.DecisionApprove,
				},
				Reviewers: []scope.Reviewer{scope.User(reviewerID)},
			},
			{
				StageID:                "2",
				DependsOn:              []string{"1"},
				DurationInDays:         2,
				RecommendationsEnabled: true,
				Reviewers:              []scope.Reviewer{scope.Managers()},
				FallbackReviewers:      []scope.Reviewer{scope.MembersOfGroup(fallbackGroupID)},
			},
		},
		Settings: accessreviews.Settings{
			InstanceDurationInDays:               4,
			Recurrence:                           recurrence.Weekly().StartingOn(start),
			DecisionHistoriesForReviewersEnabled: true,
		},
	}
}

// directory is the tenant of the reference's IDs, on the fake.
func directory() accessreviewstest.Directory {
	recently := time.Date(2026, time.January, 2, 9, 0, 0, 0, time.UTC)
	return accessreviewstest.Directory{
		Users: []accessreviewstest.User{
			{ID: adminID, DisplayName: "MOD Administrator", UserPrincipalName: "admin@contoso.example", LastSignIn: recently},
			{ID: reviewerID, DisplayName: "Rita Reviewer", UserPrincipalName: "rita@contoso.example", LastSignIn: recently},
			{ID: managerID, DisplayName: "Max Manager", UserPrincipalName: "max@contoso.example", LastSignIn: recently},
			{ID: memberID, DisplayName: "Mia Member", UserPrincipalName: "mia@contoso.example", LastSignIn: recently, ManagerID: managerID},
			{ID: guestID, DisplayName: "Gus Guest", UserPrincipalName: "gus_fabrikam.example#EXT#@contoso.example", UserType: "Guest"},
		},
		Groups: []accessreviewstest.Group{
			{ID: groupID, DisplayName: "Finance", SecurityEnabled: true, Members: []string{memberID, guestID}, Owners: []string{adminID}},
			{ID: fallbackGroupID, DisplayName: "Access reviewers", SecurityEnabled: true, Members: []string{reviewerID}, Owners: []string{adminID}},
			{ID: teamID, DisplayName: "Marketing", GroupTypes: []string{"Unified"}, IsTeam: true, MailEnabled: true,
				Members: []string{memberID, guestID}, Owners: []string{managerID}},
		},
		ServicePrincipals: []accessreviewstest.ServicePrincipal{
			{ID: appID, AppID: "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7e", DisplayName: "LinkedIn", Owners: []string{adminID}},
		},
	}
}
