package legacy

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/graphkit/governance/internal/check"
)

// Caller says how a program calls the service, which changes what a create
// needs: an app-only caller must name the creator.
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. The new API records the caller as creator.
type Caller int

// The kinds of caller.
//
// Deprecated: see [Caller].
const (
	// DelegatedCaller calls on behalf of a signed-in user.
	DelegatedCaller Caller = iota
	// AppOnlyCaller calls as an application (client credentials).
	AppOnlyCaller
)

// MinReviewLength is the shortest review the service accepted: the end at
// least a day after the start.
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Definitions have [accessreviews.Settings.InstanceDurationInDays].
const MinReviewLength = 24 * time.Hour

// Validate reports every problem that would make the service reject a as a
// create request from a delegated caller, measured against the current
// time. It is ValidateAt(time.Now(), DelegatedCaller).
//
// Deprecated: the beta accessReview API stopped returning data on 19 May
// 2023. Use [accessreviews.Definition.Validate].
func (a *AccessReview) Validate() error {
	return a.ValidateAt(time.Now(), DelegatedCaller)
}

// ValidateAt reports every problem that would make the service reject a as
// a create request made at now by caller. The rules are the create
// documentation's:
//   - displayName, businessFlowTemplateId and reviewedEntity.id are
//     required; reviewedEntity.id is a GUID;
//   - startDateTime is after now; endDateTime is at least MinReviewLength
//     after startDateTime;
//   - reviewerType is self, delegated or entityOwners; a delegated review
//     names at least one reviewer, each by GUID;
//   - an app-only caller names the creator (createdBy.id, a GUID);
//   - the settings use documented recurrence and auto-review values, an
//     occurrences series counts at least one review, and no duration is
//     negative.
//
// The problems are *odata.FieldError values named by their JSON path,
// joined with errors.Join; errors.Is(err, odata.ErrInvalid) holds.
//
// Deprecated: see [AccessReview.Validate].
func (a *AccessReview) ValidateAt(now time.Time, caller Caller) error {
	if a == nil {
		return check.Invalid("accessReview", "is required")
	}
	var errs []error
	if strings.TrimSpace(a.DisplayName) == "" {
		errs = append(errs, check.Invalid("displayName", "is required"))
	}
	switch {
	case a.StartDateTime.IsZero():
		errs = append(errs, check.Invalid("startDateTime", "is required"))
	case !a.StartDateTime.After(now):
		errs = append(errs, check.Invalid("startDateTime", "must be in the future, got %s (now is %s)",
			a.StartDateTime.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339)))
	}
	switch {
	case a.EndDateTime.IsZero():
		errs = append(errs, check.Invalid("endDateTime", "is required"))
	case !a.StartDateTime.IsZero() && a.EndDateTime.Sub(a.StartDateTime.Time) < MinReviewLength:
		errs = append(errs, check.Invalid("endDateTime", "must be at least one day after startDateTime"))
	}
	if strings.TrimSpace(a.BusinessFlowTemplateID) == "" {
		errs = append(errs, check.Invalid("businessFlowTemplateId", "is required: take it from a business flow template"))
	}
	switch {
	case a.ReviewerType == "":
		errs = append(errs, check.Invalid("reviewerType", "is required: self, delegated or entityOwners"))
	case !a.ReviewerType.Known():
		errs = append(errs, check.Invalid("reviewerType", "must be self, delegated or entityOwners, got %q", a.ReviewerType))
	}
	if a.ReviewedEntity.ID == "" {
		errs = append(errs, check.Invalid("reviewedEntity.id", "is required"))
	} else {
		errs = append(errs, check.GUID("reviewedEntity.id", a.ReviewedEntity.ID))
	}
	if a.ReviewerType == ReviewerDelegated && len(a.Reviewers) == 0 {
		errs = append(errs, check.Invalid("reviewers", "are required when reviewerType is delegated"))
	}
	for i, r := range a.Reviewers {
		errs = append(errs, check.GUID(fmt.Sprintf("reviewers[%d].id", i), r.ID))
	}
	if caller == AppOnlyCaller {
		if a.CreatedBy.ID == "" {
			errs = append(errs, check.Invalid("createdBy.id", "is required for an app-only caller: name the user recorded as creator"))
		} else {
			errs = append(errs, check.GUID("createdBy.id", a.CreatedBy.ID))
		}
	}
	errs = append(errs, check.Prefix("settings", a.Settings.validate()))
	return errors.Join(errs...)
}

// validate checks settings; field names are relative to them.
func (s *Settings) validate() error {
	var errs []error
	if s.ActivityDurationInDays < 0 {
		errs = append(errs, check.Invalid("activityDurationInDays", "must not be negative, got %d", s.ActivityDurationInDays))
	}
	if r := s.AutoReviewSettings.NotReviewedResult; r != "" && !r.Known() {
		errs = append(errs, check.Invalid("autoReviewSettings.notReviewedResult", "must be Approve, Deny or Recommendation, got %q", r))
	}
	rs := s.RecurrenceSettings
	if rs.RecurrenceType != "" && !rs.RecurrenceType.Known() {
		errs = append(errs, check.Invalid("recurrenceSettings.recurrenceType",
			"must be onetime, weekly, monthly, quarterly, halfyearly or annual, got %q", rs.RecurrenceType))
	}
	if rs.RecurrenceEndType != "" && !rs.RecurrenceEndType.Known() {
		errs = append(errs, check.Invalid("recurrenceSettings.recurrenceEndType",
			"must be never, endBy or occurrences, got %q", rs.RecurrenceEndType))
	}
	if rs.DurationInDays < 0 {
		errs = append(errs, check.Invalid("recurrenceSettings.durationInDays", "must not be negative, got %d", rs.DurationInDays))
	}
	switch {
	case rs.RecurrenceCount < 0:
		errs = append(errs, check.Invalid("recurrenceSettings.recurrenceCount", "must not be negative, got %d", rs.RecurrenceCount))
	case rs.countsOccurrences() && rs.RecurrenceCount == 0 && rs.recurs():
		errs = append(errs, check.Invalid("recurrenceSettings.recurrenceCount", "must be at least 1 when recurrenceEndType is %s", rs.RecurrenceEndType))
	}
	return errors.Join(errs...)
}

// countsOccurrences reports whether the series ends after a number of
// reviews (both spellings the documentation uses).
func (rs RecurrenceSettings) countsOccurrences() bool {
	return rs.RecurrenceEndType == RecurrenceEndOccurrences || rs.RecurrenceEndType == RecurrenceEndCount
}

// recurs reports whether the settings describe a repeating series.
func (rs RecurrenceSettings) recurs() bool {
	return rs.RecurrenceType != "" && rs.RecurrenceType != RecurrenceOnetime
}
