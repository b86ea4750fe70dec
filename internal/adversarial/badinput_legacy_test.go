//lint:file-ignore SA1019 the suites attack deprecated legacy APIs on purpose: they are still public

package adversarial

import (
	"testing"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/legacy"
	"github.com/graphkit/governance/odata"
)

// groupMembershipsTemplate is the business flow template of group
// membership reviews.
const groupMembershipsTemplate = "6e4f3d20-c5c3-407f-9695-8460952bcc68"

// validLegacyReview returns a legacy review that a delegated caller may
// create at fixedNow; each case breaks one thing in a fresh copy.
func validLegacyReview() *legacy.AccessReview {
	return &legacy.AccessReview{
		DisplayName:            "Legacy review of group members",
		StartDateTime:          odata.DateTime{Time: fixedNow.AddDate(0, 0, 7)},
		EndDateTime:            odata.DateTime{Time: fixedNow.AddDate(0, 0, 21)},
		BusinessFlowTemplateID: groupMembershipsTemplate,
		ReviewerType:           legacy.ReviewerSelf,
		ReviewedEntity:         legacy.Identity{ID: groupID},
	}
}

// legacyBadCases covers the retired beta API's validating methods, and the
// migration path: a legacy review that converts to an invalid definition
// is refused by Definitions.Create.
func legacyBadCases() []badCase {
	c := func(name, field string, run func(t *testing.T, e *env) error) badCase {
		return badCase{pkg: "legacy", name: name, field: field, run: run}
	}
	create := func(name, field string, appOnly bool, mutate func(a *legacy.AccessReview)) badCase {
		return c("AccessReviews.Create/"+name, field, func(t *testing.T, e *env) error {
			a := validLegacyReview()
			mutate(a)
			cl := e.legacy
			if appOnly {
				cl = e.appOnly
			}
			_, err := cl.AccessReviews.Create(ctx(t), a)
			return err
		})
	}
	const bad = "../../users"
	return []badCase{
		c("AccessReviews.Create/nil", "accessReview", func(t *testing.T, e *env) error {
			_, err := e.legacy.AccessReviews.Create(ctx(t), nil)
			return err
		}),
		create("no display name", "displayName", false, func(a *legacy.AccessReview) { a.DisplayName = "" }),
		create("start in the past", "startDateTime", false, func(a *legacy.AccessReview) {
			a.StartDateTime = odata.DateTime{Time: fixedNow.AddDate(0, 0, -1)}
		}),
		create("end within a day", "endDateTime", false, func(a *legacy.AccessReview) {
			a.EndDateTime = odata.DateTime{Time: a.StartDateTime.Add(legacy.MinReviewLength / 2)}
		}),
		create("no template", "businessFlowTemplateId", false, func(a *legacy.AccessReview) { a.BusinessFlowTemplateID = "" }),
		create("unknown reviewer type", "reviewerType", false, func(a *legacy.AccessReview) { a.ReviewerType = "everyone" }),
		create("delegated without reviewers", "reviewers", false, func(a *legacy.AccessReview) { a.ReviewerType = legacy.ReviewerDelegated }),
		create("reviewed entity not a GUID", "reviewedEntity.id", false, func(a *legacy.AccessReview) { a.ReviewedEntity.ID = bad }),
		create("app-only without creator", "createdBy.id", true, func(*legacy.AccessReview) {}),
		create("unknown recurrence type", "settings.recurrenceSettings.recurrenceType", false, func(a *legacy.AccessReview) {
			a.Settings.RecurrenceSettings.RecurrenceType = "fortnightly"
		}),
		create("negative activity duration", "settings.activityDurationInDays", false, func(a *legacy.AccessReview) {
			a.Settings.ActivityDurationInDays = -3
		}),
		c("AccessReviews.Get/invalid ID", "id", func(t *testing.T, e *env) error {
			_, err := e.legacy.AccessReviews.Get(ctx(t), bad)
			return err
		}),
		c("AccessReviews.AddReviewer/invalid user", "reviewer.id", func(t *testing.T, e *env) error {
			return e.legacy.AccessReviews.AddReviewer(ctx(t), defID, "x?$expand=owners")
		}),
		c("AccessReviews.RemoveReviewer/invalid reviewer", "reviewerId", func(t *testing.T, e *env) error {
			return e.legacy.AccessReviews.RemoveReviewer(ctx(t), defID, bad)
		}),
		c("AccessReviews.Update/changes nothing", "accessReview", func(t *testing.T, e *env) error {
			return e.legacy.AccessReviews.Update(ctx(t), defID, legacy.AccessReviewUpdate{})
		}),
		c("AccessReviews.List/no template", "businessFlowTemplateId", func(t *testing.T, e *env) error {
			return firstErr(e.legacy.AccessReviews.List(ctx(t), "", nil))
		}),
		c("AccessReviews.ListDecisions/negative top", "top", func(t *testing.T, e *env) error {
			return firstErr(e.legacy.AccessReviews.ListDecisions(ctx(t), defID, &legacy.ListOptions{Top: -1}))
		}),
		c("Programs.Create/no description", "description", func(t *testing.T, e *env) error {
			_, err := e.legacy.Programs.Create(ctx(t), &legacy.Program{DisplayName: "Audit"})
			return err
		}),
		c("Programs.Update/changes nothing", "program", func(t *testing.T, e *env) error {
			return e.legacy.Programs.Update(ctx(t), "a1b2", legacy.ProgramUpdate{})
		}),
		c("Programs.Get/traversal key", "id", func(t *testing.T, e *env) error {
			_, err := e.legacy.Programs.Get(ctx(t), "..")
			return err
		}),
		c("ProgramControls.Create/missing control ID", "controlId", func(t *testing.T, e *env) error {
			_, err := e.legacy.ProgramControls.Create(ctx(t), &legacy.ProgramControl{ControlTypeID: "x", DisplayName: "y", ProgramID: "z"})
			return err
		}),
		c("ProgramControls.Delete/slash key", "id", func(t *testing.T, e *env) error {
			return e.legacy.ProgramControls.Delete(ctx(t), "a/b")
		}),
		c("ToDefinition then Create/delegated reviewer without an ID", "reviewers[0].query.userId", func(t *testing.T, e *env) error {
			a := validLegacyReview()
			a.ReviewerType = legacy.ReviewerDelegated
			a.Reviewers = []legacy.Reviewer{{ID: ""}}
			def, _ := legacy.ToDefinition(*a, &legacy.BusinessFlowTemplate{ID: groupMembershipsTemplate, DisplayName: "Group memberships"}, nil)
			_, err := e.ar.Definitions.Create(ctx(t), &def)
			return err
		}),
		c("ToDefinition then Create/reviewed entity not a GUID", "scope", func(t *testing.T, e *env) error {
			a := validLegacyReview()
			a.ReviewedEntity.ID = bad
			def, _ := legacy.ToDefinition(*a, nil, &legacy.ConvertOptions{Kind: legacy.KindGroupMemberships})
			_, err := accessreviews.New(e.od).Definitions.Create(ctx(t), &def)
			return err
		}),
	}
}
