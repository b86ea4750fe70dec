package accessreviews

import (
	"encoding/json/jsontext"
	"encoding/json/v2"
	"fmt"

	"github.com/graphkit/governance/internal/poly"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

// Definition is an access review schedule definition
// (microsoft.graph.accessReviewScheduleDefinition): what is reviewed, by
// whom, and how the reviews run. The service creates instances from it, one
// per occurrence of the recurrence (and, for an all-groups review, one per
// group).
//
// A Definition is the read shape: every property the service returns, as
// values. Create and Update do not marshal it as it is; they build the
// request body from it (see [DefinitionsService]), so
// read-only properties (ID, CreatedBy, CreatedDateTime,
// LastModifiedDateTime, Status, Instances) are never sent.
//
// Properties this package does not model are kept when a definition is
// decoded and sent back by Update: a definition fetched, changed and updated
// loses nothing the service added after this package was written.
//
//	def := &accessreviews.Definition{
//		DisplayName:              "Quarterly guest review of Microsoft 365 groups",
//		InstanceEnumerationScope: scope.AllMicrosoft365Groups(),
//		Scope:                    scope.EachGroup().Members().Users().Guests(),
//		Reviewers:                []scope.Reviewer{scope.GroupOwners()},
//		FallbackReviewers:        []scope.Reviewer{scope.User(alineID)},
//		Settings: accessreviews.Settings{
//			MailNotificationsEnabled: true,
//			DefaultDecisionEnabled:   true,
//			DefaultDecision:          accessreviews.DefaultApprove,
//			Recurrence:               recurrence.Quarterly().StartingOn(start).EndingOn(end),
//		},
//	}
//
// [Definition.Validate] refuses what the documentation says the service
// refuses:
//   - displayName and scope are required on create, and every scope,
//     reviewer and notification recipient passes its own Validate;
//   - defaultDecision is Approve, Deny or Recommendation (or None, which the
//     service sends, or empty, when defaultDecisionEnabled is off);
//   - the recurrence passes [recurrence.Recurrence.Validate];
//   - a review of application assignments (service principal resources)
//     looks back at most 30 days, in settings, stages and sign-in insight
//     settings (groups and roles take any duration); signInScope is tenant
//     or application;
//   - at most [MaxStages] stages with unique stageIds, in one sequential
//     chain from stage "1", together no longer than one recurrence (7 ×
//     interval days weekly, the most days that many months can have
//     monthly), moving on only Approve, Deny, Recommendation and NotReviewed;
//   - a scope reaching into shared channels is single-stage only;
//   - nothing nil (the definition, an apply action, an insight setting) and
//     no negative duration.
//
// [Definition.Lint] warns about what the service accepts but is probably a
// mistake:
//   - descriptionForReviewers longer than [MaxReviewerDescription], which
//     reviewers' emails do not show in full;
//   - what scope.Lint, Reviewer.Lint and NotificationRecipient.Lint find
//     (a query with a typo, an ID that is not a GUID…);
//   - reviewers that may resolve to nobody (group owners, managers,
//     application owners, sponsors) without fallback reviewers, and
//     definition reviewers that stage settings override;
//   - stage durations that do not add up to instanceDurationInDays (the
//     sum is used), a stage under a day, a decision listed twice to move on;
//   - an instance or stages that may outlast one recurrence, a negative
//     duration, a look-back longer than one recurrence;
//   - Deny applied automatically to everyone not reviewed, a default
//     decision set while defaultDecisionEnabled is off;
//   - signInScope application on a review that is not of an application;
//   - the recurrence's own warnings ([recurrence.Recurrence.Lint]).
type Definition struct {
	// ID identifies the definition. Read-only.
	ID DefinitionID `json:"id,omitzero"`
	// DisplayName names the definition. Required.
	DisplayName string `json:"displayName"`
	// DescriptionForAdmins describes the review to administrators.
	DescriptionForAdmins string `json:"descriptionForAdmins"`
	// DescriptionForReviewers is shown to reviewers, in emails too; the
	// emails carry at most MaxReviewerDescription characters, and Lint warns
	// about a longer one.
	DescriptionForReviewers string `json:"descriptionForReviewers"`
	// CreatedBy is who created the definition. Read-only.
	CreatedBy UserIdentity `json:"createdBy,omitzero"`
	// CreatedDateTime is when the definition was created. Read-only; the
	// zero DateTime when the service does not say (a create response may
	// carry 0001-01-01T00:00:00Z, which decodes to it).
	CreatedDateTime odata.DateTime `json:"createdDateTime,omitzero"`
	// LastModifiedDateTime is when the definition last changed. Read-only.
	LastModifiedDateTime odata.DateTime `json:"lastModifiedDateTime,omitzero"`
	// Status is the definition's lifecycle state. Read-only; filter a list
	// on it with odata.Eq("status", StatusInProgress).
	Status Status `json:"status,omitzero"`
	// Scope is who or what is reviewed: scope.Group(id).TransitiveMembers(),
	// scope.EachGroup().Members().Users().Guests()… Required. Read back, it
	// is the builder value again when a builder makes it (see
	// scope.Unmarshal).
	Scope scope.Scope `json:"scope,omitzero"`
	// InstanceEnumerationScope, when set, runs the review once per group it
	// lists (scope.AllMicrosoft365Groups(), scope.AllTeams()), with Scope
	// relative to each group.
	InstanceEnumerationScope scope.Scope `json:"instanceEnumerationScope,omitzero"`
	// Reviewers are who reviews. Nil or empty (scope.SelfReview()) makes the
	// reviewed users review themselves. Stage settings that name reviewers
	// override it.
	Reviewers []scope.Reviewer `json:"reviewers,omitzero"`
	// FallbackReviewers review when a query in Reviewers resolves to nobody
	// (a group without owners, a user without a manager).
	FallbackReviewers []scope.Reviewer `json:"fallbackReviewers,omitzero"`
	// BackupReviewers is the deprecated beta mirror of FallbackReviewers:
	// the service fills either from the other. Prefer FallbackReviewers.
	BackupReviewers []scope.Reviewer `json:"backupReviewers,omitzero"`
	// Settings says how the reviews run.
	Settings Settings `json:"settings,omitzero"`
	// StageSettings makes the review multi-stage: at most three stages,
	// chained "1" → "2" → "3". Nil or empty is a single-stage review.
	StageSettings []StageSettings `json:"stageSettings,omitzero"`
	// AdditionalNotificationRecipients receive the "review completed" email
	// too: scope.NotifyUser(id), scope.NotifyGroupMembers(id).
	AdditionalNotificationRecipients []scope.NotificationRecipient `json:"additionalNotificationRecipients,omitzero"`
	// Instances are the definition's instances when the service returns
	// them inline (lists show an empty array); list them with
	// InstancesService.List. Read-only.
	Instances []Instance `json:"instances,omitzero"`
	// Extra holds the properties this package does not model, as received;
	// Update sends them back (annotations and read-only ones excepted).
	Extra jsontext.Value `json:",embed"`
}

// MaxReviewerDescription is the longest DescriptionForReviewers that
// reviewers' emails show in full, in characters as the service counts them
// (UTF-16 code units, so a character outside the Basic Multilingual Plane,
// such as an emoji, counts twice): the create documentation says email
// notifications support up to 256 characters. Lint warns about a longer
// one; the service stores it whole.
const MaxReviewerDescription = 256

// MaxStages is the most stages a multi-stage review may have.
const MaxStages = 3

// IsMultiStage reports whether d has stage settings.
func (d *Definition) IsMultiStage() bool { return len(d.StageSettings) > 0 }

// definitionFields is a Definition without its methods.
type definitionFields Definition

// UnmarshalJSONFrom decodes a definition as the service returns it: scopes
// by their "@odata.type" (a scope without one is a query scope), the
// properties this package does not model into Extra.
// Stage settings that spell their insight settings as the documentation
// does (recommendationInsightsSettings) are read too.
func (d *Definition) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	var out definitionFields
	if err := json.UnmarshalDecode(dec, &out, decodeOptions()); err != nil {
		return fmt.Errorf("accessreviews: decode definition: %w", err)
	}
	for i := range out.StageSettings {
		if err := out.StageSettings[i].readDocSpelling(); err != nil {
			return fmt.Errorf("accessreviews: decode definition: stageSettings[%d]: %w", i, err)
		}
	}
	*d = Definition(out)
	return nil
}

// MarshalJSONTo encodes d in its read shape: every property that is set,
// read-only ones included, and Extra. It is what a program stores or logs;
// requests send the projections of Create and Update instead.
func (d Definition) MarshalJSONTo(enc *jsontext.Encoder) error {
	return poly.MarshalWire(enc, definitionFields(d))
}
