package accessreviews

import "strings"

// The typed strings below are spelled exactly as Graph spells them; the
// casing differs between sets (decisions are PascalCase, history filters are
// camelCase) because the service's does. Every set is open: a value this
// package does not know decodes unchanged and is kept, so a new server value
// never breaks a client. Known reports whether a value is one this package
// knows; validation of caller input uses it, decoding never does.

// Decision is a reviewer's decision on one decision item
// (DecisionItem.Decision), and what a stage passes on to the next
// (StageSettings.DecisionsThatWillMoveToNextStage).
type Decision string

// The decisions a reviewer can record.
const (
	DecisionApprove     Decision = "Approve"
	DecisionDeny        Decision = "Deny"
	DecisionNotReviewed Decision = "NotReviewed"
	DecisionDontKnow    Decision = "DontKnow"
)

// DecisionRecommendation is not a decision a reviewer records: in
// StageSettings.DecisionsThatWillMoveToNextStage it stands for the items
// decided by accepting the service's recommendation.
const DecisionRecommendation Decision = "Recommendation"

// Known reports whether d is one of the documented decisions, including
// DecisionRecommendation.
func (d Decision) Known() bool {
	switch d {
	case DecisionApprove, DecisionDeny, DecisionNotReviewed, DecisionDontKnow, DecisionRecommendation:
		return true
	}
	return false
}

// Recommendation is the service's suggestion for a decision item.
type Recommendation string

// The recommendations the service makes.
const (
	RecommendationApprove         Recommendation = "Approve"
	RecommendationDeny            Recommendation = "Deny"
	RecommendationNoInfoAvailable Recommendation = "NoInfoAvailable"
)

// Known reports whether r is one of the documented recommendations.
func (r Recommendation) Known() bool {
	switch r {
	case RecommendationApprove, RecommendationDeny, RecommendationNoInfoAvailable:
		return true
	}
	return false
}

// ApplyResult says what happened when a decision was applied. The property is
// a PascalCase string on the wire even though beta also defines a camelCase
// enum of the same name.
type ApplyResult string

// The documented apply results.
const (
	ApplyResultNew                                  ApplyResult = "New"
	ApplyResultAppliedSuccessfully                  ApplyResult = "AppliedSuccessfully"
	ApplyResultAppliedWithUnknownFailure            ApplyResult = "AppliedWithUnknownFailure"
	ApplyResultAppliedSuccessfullyButObjectNotFound ApplyResult = "AppliedSuccessfullyButObjectNotFound"
	ApplyResultApplyNotSupported                    ApplyResult = "ApplyNotSupported"
)

// Known reports whether a is one of the documented apply results.
func (a ApplyResult) Known() bool {
	switch a {
	case ApplyResultNew, ApplyResultAppliedSuccessfully, ApplyResultAppliedWithUnknownFailure,
		ApplyResultAppliedSuccessfullyButObjectNotFound, ApplyResultApplyNotSupported:
		return true
	}
	return false
}

// Status is the lifecycle state of a definition, instance or stage. The
// service documents eight values and returns more (Applying, Applied), so the
// set is treated as open.
type Status string

// The statuses seen on definitions, instances and stages.
const (
	StatusInitializing  Status = "Initializing"
	StatusNotStarted    Status = "NotStarted"
	StatusStarting      Status = "Starting"
	StatusInProgress    Status = "InProgress"
	StatusCompleting    Status = "Completing"
	StatusCompleted     Status = "Completed"
	StatusAutoReviewing Status = "AutoReviewing"
	StatusAutoReviewed  Status = "AutoReviewed"
	StatusApplying      Status = "Applying"
	StatusApplied       Status = "Applied"
)

// Known reports whether s is one of the statuses above.
func (s Status) Known() bool {
	switch s {
	case StatusInitializing, StatusNotStarted, StatusStarting, StatusInProgress, StatusCompleting,
		StatusCompleted, StatusAutoReviewing, StatusAutoReviewed, StatusApplying, StatusApplied:
		return true
	}
	return false
}

// Active reports whether reviewers can still record decisions in this state.
func (s Status) Active() bool { return s == StatusInProgress }

// Finished reports whether the review has ended: completed, auto-reviewed,
// being applied or applied.
func (s Status) Finished() bool {
	switch s {
	case StatusCompleting, StatusCompleted, StatusAutoReviewing, StatusAutoReviewed, StatusApplying, StatusApplied:
		return true
	}
	return false
}

// DefaultDecision is what the service records for items nobody reviewed,
// when Settings.DefaultDecisionEnabled is set.
type DefaultDecision string

// The default decisions. DefaultNone is what the service echoes when none is
// configured; it is not a value to send.
const (
	DefaultApprove        DefaultDecision = "Approve"
	DefaultDeny           DefaultDecision = "Deny"
	DefaultRecommendation DefaultDecision = "Recommendation"
	DefaultNone           DefaultDecision = "None"
)

// Known reports whether d is a value the service accepts on create or update
// (Approve, Deny or Recommendation).
func (d DefaultDecision) Known() bool {
	switch d {
	case DefaultApprove, DefaultDeny, DefaultRecommendation:
		return true
	}
	return false
}

// HistoryStatus is the state of a history report. The service spells
// "inprogress" three ways (the metadata's inprogress, the docs' inProgress,
// an example's Inprogress), so compare with Is, never with ==.
type HistoryStatus string

// The history statuses, in the metadata's spelling.
const (
	HistoryDone       HistoryStatus = "done"
	HistoryInProgress HistoryStatus = "inprogress"
	HistoryError      HistoryStatus = "error"
	HistoryRequested  HistoryStatus = "requested"
)

// Is reports whether h and other are the same status, ignoring case.
func (h HistoryStatus) Is(other HistoryStatus) bool {
	return strings.EqualFold(string(h), string(other))
}

// Known reports whether h is one of the documented statuses, in any casing.
func (h HistoryStatus) Known() bool {
	return h.Is(HistoryDone) || h.Is(HistoryInProgress) || h.Is(HistoryError) || h.Is(HistoryRequested)
}

// HistoryDecisionFilter selects which decisions a history report includes.
type HistoryDecisionFilter string

// The decision filters of a history report (camelCase, unlike Decision).
const (
	HistoryApprove     HistoryDecisionFilter = "approve"
	HistoryDeny        HistoryDecisionFilter = "deny"
	HistoryNotReviewed HistoryDecisionFilter = "notReviewed"
	HistoryDontKnow    HistoryDecisionFilter = "dontKnow"
	HistoryNotNotified HistoryDecisionFilter = "notNotified"
)

// Known reports whether f is one of the documented filters.
func (f HistoryDecisionFilter) Known() bool {
	switch f {
	case HistoryApprove, HistoryDeny, HistoryNotReviewed, HistoryDontKnow, HistoryNotNotified:
		return true
	}
	return false
}

// SignInScope says which sign-ins a last-sign-in recommendation looks at.
type SignInScope string

// The sign-in scopes; SignInApplication applies only to reviews of
// application assignments.
const (
	SignInTenant      SignInScope = "tenant"
	SignInApplication SignInScope = "application"
)

// Known reports whether s is one of the documented sign-in scopes.
func (s SignInScope) Known() bool { return s == SignInTenant || s == SignInApplication }
