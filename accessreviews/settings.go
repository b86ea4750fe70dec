package accessreviews

import (
	"encoding/json/jsontext"

	"github.com/graphkit/governance/internal/poly"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// Settings holds how the reviews of a definition run
// (microsoft.graph.accessReviewScheduleSettings): when they recur, how long
// each instance lasts, what happens to items nobody reviewed, and what
// applying the results does.
//
// Every boolean is sent on create and update, false included: the service
// documents false as the default of most of them, but its own example
// responses show notifications switched on for a definition created without
// them, so leaving a boolean out is not the same as sending false. Set each
// one you care about.
//
// Properties this package does not model (such as the beta
// isAgenticExperienceEnabled) are kept when a definition is decoded and sent
// back by Update, so a Get → change → Update cycle loses nothing.
type Settings struct {
	// MailNotificationsEnabled sends email to reviewers when an instance
	// starts (mailNotificationsEnabled).
	MailNotificationsEnabled bool `json:"mailNotificationsEnabled"`
	// ReminderNotificationsEnabled sends reminders to reviewers who have not
	// finished (reminderNotificationsEnabled).
	ReminderNotificationsEnabled bool `json:"reminderNotificationsEnabled"`
	// JustificationRequiredOnApproval makes reviewers justify every Approve
	// (justificationRequiredOnApproval).
	JustificationRequiredOnApproval bool `json:"justificationRequiredOnApproval"`
	// DefaultDecisionEnabled applies DefaultDecision to the items nobody
	// reviewed when an instance ends (defaultDecisionEnabled). Combined with
	// AutoApplyDecisionsEnabled and DefaultDeny it removes everyone nobody
	// vouched for.
	DefaultDecisionEnabled bool `json:"defaultDecisionEnabled"`
	// DefaultDecision is the decision recorded for unreviewed items:
	// DefaultApprove, DefaultDeny or DefaultRecommendation. The service
	// echoes DefaultNone when none is configured.
	DefaultDecision DefaultDecision `json:"defaultDecision,omitzero"`
	// InstanceDurationInDays is how long each instance stays open. Stage
	// settings override it with the sum of their durations. 0 leaves it to
	// the service, as the documentation's tutorials do.
	InstanceDurationInDays int `json:"instanceDurationInDays"`
	// AutoApplyDecisionsEnabled applies the decisions when an instance ends,
	// without a call to InstancesService.ApplyDecisions.
	AutoApplyDecisionsEnabled bool `json:"autoApplyDecisionsEnabled"`
	// RecommendationsEnabled shows reviewers the service's recommendations.
	// Stage settings override it.
	RecommendationsEnabled bool `json:"recommendationsEnabled"`
	// RecommendationLookBackDuration is how far back sign-in activity counts
	// for recommendations: whole days, 30 by default, at most 30 for reviews
	// of application assignments. The zero Duration leaves it out.
	RecommendationLookBackDuration odata.Duration `json:"recommendationLookBackDuration,omitzero"`
	// RecommendationInsightSettings chooses the insights recommendations are
	// based on. Stage settings override it.
	RecommendationInsightSettings []InsightSetting `json:"recommendationInsightSettings,omitzero"`
	// DecisionHistoriesForReviewersEnabled shows the reviewers of a later
	// stage the decisions of the earlier ones (multi-stage reviews).
	DecisionHistoriesForReviewersEnabled bool `json:"decisionHistoriesForReviewersEnabled"`
	// Recurrence is when the reviews run: recurrence.Quarterly() and
	// friends. Access reviews accept weekly and absoluteMonthly patterns
	// only; a one-time review has no pattern. The zero Recurrence leaves it
	// out.
	Recurrence recurrence.Recurrence `json:"recurrence,omitzero"`
	// ApplyActions is what applying a Deny does. The service removes access
	// when the list is empty; DisableAndDeleteUser must be asked for.
	ApplyActions []ApplyAction `json:"applyActions,omitzero"`
	// Extra holds the properties this package does not model, as received.
	Extra jsontext.Value `json:",embed"`
}

// IsZero reports whether s holds nothing at all, modelled or not, so that a
// field of type Settings tagged omitzero is left out.
func (s Settings) IsZero() bool {
	return !s.MailNotificationsEnabled && !s.ReminderNotificationsEnabled && !s.JustificationRequiredOnApproval &&
		!s.DefaultDecisionEnabled && s.DefaultDecision == "" && s.InstanceDurationInDays == 0 &&
		!s.AutoApplyDecisionsEnabled && !s.RecommendationsEnabled && s.RecommendationLookBackDuration.IsZero() &&
		s.RecommendationInsightSettings == nil && !s.DecisionHistoriesForReviewersEnabled &&
		s.Recurrence.IsZero() && s.ApplyActions == nil && len(s.Extra) == 0
}

// StageSettings configures one stage of a multi-stage review
// (microsoft.graph.accessReviewStageSettings). A definition has at most three
// stages, chained in order: stage "1" depends on nothing and every later
// stage on the one before it. Values set on a stage override the
// definition's reviewers and settings for that stage.
type StageSettings struct {
	// StageID names the stage; the first is "1".
	StageID string `json:"stageId"`
	// DependsOn lists the stage this one follows: empty for stage "1",
	// exactly the previous stage's ID otherwise.
	DependsOn []string `json:"dependsOn,omitzero"`
	// DurationInDays is how long the stage stays open, at least one day. The
	// durations of all stages add up to the instance's duration.
	DurationInDays int `json:"durationInDays"`
	// DecisionsThatWillMoveToNextStage lists the decisions whose items go on
	// to the next stage: DecisionApprove, DecisionDeny,
	// DecisionRecommendation or DecisionNotReviewed. Nil leaves it to the
	// service, which moves every item on; an empty list is sent as [].
	DecisionsThatWillMoveToNextStage []Decision `json:"decisionsThatWillMoveToNextStage,omitzero"`
	// RecommendationsEnabled shows this stage's reviewers recommendations.
	RecommendationsEnabled bool `json:"recommendationsEnabled"`
	// RecommendationLookBackDuration is the stage's look-back period for
	// recommendations. The v1.0 documentation lists it, but only the beta
	// schema has it.
	RecommendationLookBackDuration odata.Duration `json:"recommendationLookBackDuration,omitzero"`
	// RecommendationInsightSettings chooses the stage's insights. The
	// documentation spells the property recommendationInsightsSettings and
	// the schema recommendationInsightSettings; both decode, the schema's is
	// sent.
	RecommendationInsightSettings []InsightSetting `json:"recommendationInsightSettings,omitzero"`
	// Reviewers review this stage. Nil leaves the property out, so the
	// definition's reviewers apply.
	Reviewers []scope.Reviewer `json:"reviewers,omitzero"`
	// FallbackReviewers review when a query in Reviewers resolves to nobody.
	FallbackReviewers []scope.Reviewer `json:"fallbackReviewers,omitzero"`
	// Extra holds the properties this package does not model, as received.
	Extra jsontext.Value `json:",embed"`
}

// ApplyAction is what applying a Deny decision does
// (microsoft.graph.accessReviewApplyAction). The interface is sealed: its
// implementations are RemoveAccessApplyAction, DisableAndDeleteUserApplyAction
// and UnknownApplyAction, for a type this package does not know.
type ApplyAction interface {
	isApplyAction()
}

// The @odata.type names of the apply actions and insight settings. The
// group-peer-outlier type name is plural in the schema.
const (
	typeRemoveAccess         = "#microsoft.graph.removeAccessApplyAction"
	typeDisableAndDeleteUser = "#microsoft.graph.disableAndDeleteUserApplyAction"
	typeUserLastSignIn       = "#microsoft.graph.userLastSignInRecommendationInsightSetting"
	typeGroupPeerOutlier     = "#microsoft.graph.groupPeerOutlierRecommendationInsightSettings"
)

// RemoveAccessApplyAction removes the denied principal's access to the
// reviewed resource (microsoft.graph.removeAccessApplyAction), the service's
// default.
type RemoveAccessApplyAction struct {
	// Type writes "@odata.type"; leave it zero.
	Type poly.Type[RemoveAccessApplyAction] `json:"@odata.type"`
}

// RemoveAccess returns the apply action that removes denied access.
func RemoveAccess() RemoveAccessApplyAction { return RemoveAccessApplyAction{} }

func (RemoveAccessApplyAction) isApplyAction() {}

// DisableAndDeleteUserApplyAction disables a denied B2B guest user for 30
// days and then deletes the account
// (microsoft.graph.disableAndDeleteUserApplyAction). It is never a default:
// the service applies it only when the settings list it.
type DisableAndDeleteUserApplyAction struct {
	// Type writes "@odata.type"; leave it zero.
	Type poly.Type[DisableAndDeleteUserApplyAction] `json:"@odata.type"`
}

// DisableAndDeleteUser returns the apply action that disables and later
// deletes denied users.
func DisableAndDeleteUser() DisableAndDeleteUserApplyAction {
	return DisableAndDeleteUserApplyAction{}
}

func (DisableAndDeleteUserApplyAction) isApplyAction() {}

// UnknownApplyAction is an apply action whose "@odata.type" this package
// does not know. It keeps the JSON object as received. Definition.Validate
// refuses to send one: what an unknown action does to people's access
// cannot be checked.
type UnknownApplyAction struct {
	// Raw is the JSON object, type property included.
	Raw jsontext.Value `json:",embed"`
}

// Type returns the action's "@odata.type", or "" when it has none.
func (u UnknownApplyAction) Type() string {
	typ, _ := poly.TypeOf(u.Raw)
	return typ
}

func (UnknownApplyAction) isApplyAction() {}

// InsightSetting chooses an insight that recommendations are based on
// (microsoft.graph.accessReviewRecommendationInsightSetting). The interface
// is sealed: its implementations are UserLastSignInInsightSetting,
// GroupPeerOutlierInsightSetting and UnknownInsightSetting.
type InsightSetting interface {
	isInsightSetting()
}

// UserLastSignInInsightSetting bases recommendations on the principal's last
// sign-in (microsoft.graph.userLastSignInRecommendationInsightSetting).
type UserLastSignInInsightSetting struct {
	// Type writes "@odata.type" first; leave it zero.
	Type poly.Type[UserLastSignInInsightSetting] `json:"@odata.type"`
	// RecommendationLookBackDuration is how far back a sign-in counts, in
	// whole days. The zero Duration leaves it to the service.
	RecommendationLookBackDuration odata.Duration `json:"recommendationLookBackDuration,omitzero"`
	// SignInScope says which sign-ins count: SignInTenant, or
	// SignInApplication for reviews of application assignments.
	SignInScope SignInScope `json:"signInScope,omitzero"`
}

func (UserLastSignInInsightSetting) isInsightSetting() {}

// GroupPeerOutlierInsightSetting bases recommendations on how the principal
// compares with its peers in the group
// (microsoft.graph.groupPeerOutlierRecommendationInsightSettings).
type GroupPeerOutlierInsightSetting struct {
	// Type writes "@odata.type"; leave it zero.
	Type poly.Type[GroupPeerOutlierInsightSetting] `json:"@odata.type"`
}

func (GroupPeerOutlierInsightSetting) isInsightSetting() {}

// UnknownInsightSetting is an insight setting whose "@odata.type" this
// package does not know, or that has none. It keeps the JSON object as
// received and is sent back unchanged.
type UnknownInsightSetting struct {
	// Raw is the JSON object, type property included.
	Raw jsontext.Value `json:",embed"`
}

// Type returns the setting's "@odata.type", or "" when it has none.
func (u UnknownInsightSetting) Type() string {
	typ, _ := poly.TypeOf(u.Raw)
	return typ
}

func (UnknownInsightSetting) isInsightSetting() {}

// applyActionKinds are the apply action types by "@odata.type".
var applyActionKinds = poly.NewKinds("apply action", func(_ string, raw jsontext.Value) (ApplyAction, error) {
	return UnknownApplyAction{Raw: raw}, nil
})

// insightSettingKinds are the insight setting types by "@odata.type".
var insightSettingKinds = poly.NewKinds("insight setting", func(_ string, raw jsontext.Value) (InsightSetting, error) {
	return UnknownInsightSetting{Raw: raw}, nil
})

func init() {
	poly.AddKind[RemoveAccessApplyAction](applyActionKinds, typeRemoveAccess)
	poly.AddKind[DisableAndDeleteUserApplyAction](applyActionKinds, typeDisableAndDeleteUser)
	poly.AddKind[UserLastSignInInsightSetting](insightSettingKinds, typeUserLastSignIn)
	poly.AddKind[GroupPeerOutlierInsightSetting](insightSettingKinds, typeGroupPeerOutlier)
}
