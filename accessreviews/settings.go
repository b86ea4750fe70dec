package accessreviews

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/graphkit/governance/internal/discriminator"
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
	MailNotificationsEnabled bool
	// ReminderNotificationsEnabled sends reminders to reviewers who have not
	// finished (reminderNotificationsEnabled).
	ReminderNotificationsEnabled bool
	// JustificationRequiredOnApproval makes reviewers justify every Approve
	// (justificationRequiredOnApproval).
	JustificationRequiredOnApproval bool
	// DefaultDecisionEnabled applies DefaultDecision to the items nobody
	// reviewed when an instance ends (defaultDecisionEnabled). Combined with
	// AutoApplyDecisionsEnabled and DefaultDeny it removes everyone nobody
	// vouched for.
	DefaultDecisionEnabled bool
	// DefaultDecision is the decision recorded for unreviewed items:
	// DefaultApprove, DefaultDeny or DefaultRecommendation. The service
	// echoes DefaultNone when none is configured.
	DefaultDecision DefaultDecision
	// InstanceDurationInDays is how long each instance stays open. Stage
	// settings override it with the sum of their durations. 0 leaves it to
	// the service, as the documentation's tutorials do.
	InstanceDurationInDays int
	// AutoApplyDecisionsEnabled applies the decisions when an instance ends,
	// without a call to InstancesService.ApplyDecisions.
	AutoApplyDecisionsEnabled bool
	// RecommendationsEnabled shows reviewers the service's recommendations.
	// Stage settings override it.
	RecommendationsEnabled bool
	// RecommendationLookBackDuration is how far back sign-in activity counts
	// for recommendations: whole days, 30 by default, at most 30 for reviews
	// of application assignments. The zero Duration leaves it out.
	RecommendationLookBackDuration odata.Duration
	// RecommendationInsightSettings chooses the insights recommendations are
	// based on. Stage settings override it.
	RecommendationInsightSettings []InsightSetting
	// DecisionHistoriesForReviewersEnabled shows the reviewers of a later
	// stage the decisions of the earlier ones (multi-stage reviews).
	DecisionHistoriesForReviewersEnabled bool
	// Recurrence is when the reviews run: recurrence.Quarterly() and
	// friends. Access reviews accept weekly and absoluteMonthly patterns
	// only; a one-time review has no pattern. The zero Recurrence leaves it
	// out.
	Recurrence recurrence.Recurrence
	// ApplyActions is what applying a Deny does. The service removes access
	// when the list is empty; DisableAndDeleteUser must be asked for.
	ApplyActions []ApplyAction

	extra map[string]json.RawMessage
}

// IsZero reports whether s holds nothing at all, modelled or not, so that a
// field of type Settings tagged omitzero is left out.
func (s Settings) IsZero() bool {
	return !s.MailNotificationsEnabled && !s.ReminderNotificationsEnabled && !s.JustificationRequiredOnApproval &&
		!s.DefaultDecisionEnabled && s.DefaultDecision == "" && s.InstanceDurationInDays == 0 &&
		!s.AutoApplyDecisionsEnabled && !s.RecommendationsEnabled && s.RecommendationLookBackDuration.IsZero() &&
		s.RecommendationInsightSettings == nil && !s.DecisionHistoriesForReviewersEnabled &&
		s.Recurrence.IsZero() && s.ApplyActions == nil && len(s.extra) == 0
}

// StageSettings configures one stage of a multi-stage review
// (microsoft.graph.accessReviewStageSettings). A definition has at most three
// stages, chained in order: stage "1" depends on nothing and every later
// stage on the one before it. Values set on a stage override the
// definition's reviewers and settings for that stage.
type StageSettings struct {
	// StageID names the stage; the first is "1".
	StageID string
	// DependsOn lists the stage this one follows: empty for stage "1",
	// exactly the previous stage's ID otherwise.
	DependsOn []string
	// DurationInDays is how long the stage stays open, at least one day. The
	// durations of all stages add up to the instance's duration.
	DurationInDays int
	// DecisionsThatWillMoveToNextStage lists the decisions whose items go on
	// to the next stage: DecisionApprove, DecisionDeny,
	// DecisionRecommendation or DecisionNotReviewed. Nil leaves it to the
	// service, which moves every item on; an empty list is sent as [].
	DecisionsThatWillMoveToNextStage []DecisionValue
	// RecommendationsEnabled shows this stage's reviewers recommendations.
	RecommendationsEnabled bool
	// RecommendationLookBackDuration is the stage's look-back period for
	// recommendations. The v1.0 documentation lists it, but only the beta
	// schema has it.
	RecommendationLookBackDuration odata.Duration
	// RecommendationInsightSettings chooses the stage's insights. The
	// documentation spells the property recommendationInsightsSettings and
	// the schema recommendationInsightSettings; both decode, the schema's is
	// sent.
	RecommendationInsightSettings []InsightSetting
	// Reviewers review this stage. Nil leaves the property out, so the
	// definition's reviewers apply.
	Reviewers []scope.Reviewer
	// FallbackReviewers review when a query in Reviewers resolves to nobody.
	FallbackReviewers []scope.Reviewer

	extra map[string]json.RawMessage
}

// DecisionRecommendation is not a decision a reviewer records: in
// StageSettings.DecisionsThatWillMoveToNextStage it stands for the items
// decided by accepting the service's recommendation.
const DecisionRecommendation DecisionValue = "Recommendation"

// ApplyAction is what applying a Deny decision does
// (microsoft.graph.accessReviewApplyAction). The interface is sealed: its
// implementations are RemoveAccessApplyAction, DisableAndDeleteUserApplyAction
// and UnknownApplyAction, for a type this package does not know.
type ApplyAction interface {
	json.Marshaler
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
type RemoveAccessApplyAction struct{}

// RemoveAccess returns the apply action that removes denied access.
func RemoveAccess() RemoveAccessApplyAction { return RemoveAccessApplyAction{} }

// MarshalJSON encodes the action as its type alone.
func (RemoveAccessApplyAction) MarshalJSON() ([]byte, error) {
	return discriminator.Marshal(typeRemoveAccess, nil)
}

func (RemoveAccessApplyAction) isApplyAction() {}

// DisableAndDeleteUserApplyAction disables a denied B2B guest user for 30
// days and then deletes the account
// (microsoft.graph.disableAndDeleteUserApplyAction). It is never a default:
// the service applies it only when the settings list it.
type DisableAndDeleteUserApplyAction struct{}

// DisableAndDeleteUser returns the apply action that disables and later
// deletes denied users.
func DisableAndDeleteUser() DisableAndDeleteUserApplyAction {
	return DisableAndDeleteUserApplyAction{}
}

// MarshalJSON encodes the action as its type alone.
func (DisableAndDeleteUserApplyAction) MarshalJSON() ([]byte, error) {
	return discriminator.Marshal(typeDisableAndDeleteUser, nil)
}

func (DisableAndDeleteUserApplyAction) isApplyAction() {}

// UnknownApplyAction is an apply action whose "@odata.type" this package
// does not know. It keeps the JSON object as received. Definition.Validate
// refuses to send one: what an unknown action does to people's access
// cannot be checked.
type UnknownApplyAction struct {
	// Raw is the JSON object, type property included.
	Raw json.RawMessage
}

// Type returns the action's "@odata.type", or "" when it has none.
func (u UnknownApplyAction) Type() string {
	typ, _ := discriminator.Peek(u.Raw)
	return typ
}

// MarshalJSON returns Raw unchanged; it fails when Raw is not a JSON object.
func (u UnknownApplyAction) MarshalJSON() ([]byte, error) {
	return defRawObject("apply action", u.Raw)
}

func (UnknownApplyAction) isApplyAction() {}

// InsightSetting chooses an insight that recommendations are based on
// (microsoft.graph.accessReviewRecommendationInsightSetting). The interface
// is sealed: its implementations are UserLastSignInInsightSetting,
// GroupPeerOutlierInsightSetting and UnknownInsightSetting.
type InsightSetting interface {
	json.Marshaler
	isInsightSetting()
}

// UserLastSignInInsightSetting bases recommendations on the principal's last
// sign-in (microsoft.graph.userLastSignInRecommendationInsightSetting).
type UserLastSignInInsightSetting struct {
	// RecommendationLookBackDuration is how far back a sign-in counts, in
	// whole days. The zero Duration leaves it to the service.
	RecommendationLookBackDuration odata.Duration `json:"recommendationLookBackDuration,omitzero"`
	// SignInScope says which sign-ins count: SignInTenant, or
	// SignInApplication for reviews of application assignments.
	SignInScope SignInScope `json:"signInScope,omitzero"`
}

// MarshalJSON encodes the setting with "@odata.type" first.
func (s UserLastSignInInsightSetting) MarshalJSON() ([]byte, error) {
	type plain UserLastSignInInsightSetting // no methods: no recursion
	return discriminator.Marshal(typeUserLastSignIn, plain(s))
}

func (UserLastSignInInsightSetting) isInsightSetting() {}

// GroupPeerOutlierInsightSetting bases recommendations on how the principal
// compares with its peers in the group
// (microsoft.graph.groupPeerOutlierRecommendationInsightSettings).
type GroupPeerOutlierInsightSetting struct{}

// MarshalJSON encodes the setting as its type alone.
func (GroupPeerOutlierInsightSetting) MarshalJSON() ([]byte, error) {
	return discriminator.Marshal(typeGroupPeerOutlier, nil)
}

func (GroupPeerOutlierInsightSetting) isInsightSetting() {}

// UnknownInsightSetting is an insight setting whose "@odata.type" this
// package does not know, or that has none. It keeps the JSON object as
// received and is sent back unchanged.
type UnknownInsightSetting struct {
	// Raw is the JSON object, type property included.
	Raw json.RawMessage
}

// Type returns the setting's "@odata.type", or "" when it has none.
func (u UnknownInsightSetting) Type() string {
	typ, _ := discriminator.Peek(u.Raw)
	return typ
}

// MarshalJSON returns Raw unchanged; it fails when Raw is not a JSON object.
func (u UnknownInsightSetting) MarshalJSON() ([]byte, error) {
	return defRawObject("insight setting", u.Raw)
}

func (UnknownInsightSetting) isInsightSetting() {}

// decodeApplyAction decodes one apply action by its "@odata.type".
func decodeApplyAction(raw json.RawMessage) (ApplyAction, error) {
	typ, err := discriminator.Peek(raw)
	if err != nil {
		return nil, err
	}
	switch {
	case discriminator.Equal(typ, typeRemoveAccess):
		return RemoveAccessApplyAction{}, nil
	case discriminator.Equal(typ, typeDisableAndDeleteUser):
		return DisableAndDeleteUserApplyAction{}, nil
	}
	return UnknownApplyAction{Raw: bytes.Clone(raw)}, nil
}

// decodeInsightSetting decodes one insight setting by its "@odata.type".
// The documentation's example mis-cases the last-sign-in type name; the
// comparison ignores case.
func decodeInsightSetting(raw json.RawMessage) (InsightSetting, error) {
	typ, err := discriminator.Peek(raw)
	if err != nil {
		return nil, err
	}
	switch {
	case discriminator.Equal(typ, typeUserLastSignIn):
		var s struct {
			RecommendationLookBackDuration json.RawMessage `json:"recommendationLookBackDuration"`
			SignInScope                    SignInScope     `json:"signInScope"`
		}
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		out := UserLastSignInInsightSetting{SignInScope: s.SignInScope}
		if s.RecommendationLookBackDuration != nil {
			if err := json.Unmarshal(s.RecommendationLookBackDuration, &out.RecommendationLookBackDuration); err != nil {
				return nil, fmt.Errorf("recommendationLookBackDuration: %w", err)
			}
		}
		return out, nil
	case discriminator.Equal(typ, typeGroupPeerOutlier):
		return GroupPeerOutlierInsightSetting{}, nil
	}
	return UnknownInsightSetting{Raw: bytes.Clone(raw)}, nil
}

// defRawObject returns raw for encoding when it is a JSON object, so that an
// Unknown… value built by hand with anything else in Raw cannot produce
// invalid JSON.
func defRawObject(what string, raw json.RawMessage) ([]byte, error) {
	if _, err := discriminator.Peek(raw); err != nil {
		return nil, fmt.Errorf("accessreviews: encode %s: Raw is not a JSON object", what)
	}
	return raw, nil
}
