package accessreviews

import (
	"encoding/json/jsontext"
	"encoding/json/v2"
	"errors"
	"fmt"
	"strings"

	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// HistoryDefinition is a review history report
// (microsoft.graph.accessReviewHistoryDefinition): which past reviews to
// export, and for which period or on which schedule. Each run of the report
// is a HistoryInstance, whose CSV is downloaded through
// HistoryService.GenerateDownloadURI and HistoryService.Download.
//
// To create one, set DisplayName, Scopes and either the review period
// (ReviewHistoryPeriodStartDateTime and ReviewHistoryPeriodEndDateTime) or
// ScheduleSettings; the other fields are filled in by the service.
type HistoryDefinition struct {
	// ID identifies the report definition. Read-only.
	ID HistoryDefinitionID `json:"id,omitzero"`
	// DisplayName names the report. Required.
	DisplayName string `json:"displayName,omitzero"`
	// Decisions selects the decisions the report includes; nil means all of
	// them (the service's default).
	Decisions []HistoryDecisionFilter `json:"decisions,omitzero"`
	// ReviewHistoryPeriodStartDateTime and ReviewHistoryPeriodEndDateTime
	// bound the reviews the report covers. Both are required unless
	// ScheduleSettings is set. (The service documents the matching both as
	// "reviews starting" and "reviews ending" in the period.)
	ReviewHistoryPeriodStartDateTime odata.DateTime `json:"reviewHistoryPeriodStartDateTime,omitzero"`
	// ReviewHistoryPeriodEndDateTime ends the period; see the start.
	ReviewHistoryPeriodEndDateTime odata.DateTime `json:"reviewHistoryPeriodEndDateTime,omitzero"`
	// Scopes select the reviews the report covers: query scopes over the
	// schedule definitions, built with HistoryScope. Required.
	Scopes []scope.Scope `json:"scopes,omitzero"`
	// ScheduleSettings makes the report recurring; zero for a one-time
	// report. Older service documentation says recurring reports are not
	// supported yet.
	ScheduleSettings HistoryScheduleSettings `json:"scheduleSettings,omitzero"`
	// Status is the state of the report: requested, inprogress, done or
	// error, in any casing (compare with HistoryStatus.Is). Read-only.
	Status HistoryStatus `json:"status,omitzero"`
	// CreatedBy is who created the report. Read-only.
	CreatedBy UserIdentity `json:"createdBy,omitzero"`
	// CreatedDateTime is when the report was created. Read-only.
	CreatedDateTime odata.DateTime `json:"createdDateTime,omitzero"`
	// Instances holds the report's runs when listed with
	// Expand: []string{"instances"}; nil otherwise.
	Instances []HistoryInstance `json:"instances,omitzero"`
	// Extra holds the properties this package does not model, as received.
	Extra jsontext.Value `json:",embed"`
}

// historyDefinitionFields is a HistoryDefinition without its methods.
type historyDefinitionFields HistoryDefinition

// UnmarshalJSONFrom decodes a history definition. Its scopes are
// polymorphic and decode by their "@odata.type" (a scope without one is a
// query scope); its instances read the spellings
// of the documentation examples too (see HistoryInstance).
func (h *HistoryDefinition) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	var out historyDefinitionFields
	if err := json.UnmarshalDecode(dec, &out, decodeOptions()); err != nil {
		return fmt.Errorf("accessreviews: decode history definition: %w", err)
	}
	for i := range out.Instances {
		if err := out.Instances[i].readDocSpellings(); err != nil {
			return fmt.Errorf("accessreviews: decode history definition: instances[%d]: %w", i, err)
		}
	}
	*h = HistoryDefinition(out)
	return nil
}

// HistoryScheduleSettings makes a history report recurring
// (microsoft.graph.accessReviewHistoryScheduleSettings).
type HistoryScheduleSettings struct {
	// Recurrence says when the report runs. Only weekly and
	// absoluteMonthly patterns with an interval and a day of the month are
	// accepted, as for reviews. Required.
	Recurrence recurrence.Recurrence `json:"recurrence,omitzero"`
	// ReportRange is how far back each run looks, in years, months and days
	// only ("P1M" for a report that runs monthly). Required.
	ReportRange odata.Duration `json:"reportRange,omitzero"`
}

// IsZero reports whether s sets nothing, which is how a one-time report
// says it has no schedule.
func (s HistoryScheduleSettings) IsZero() bool {
	return s.Recurrence.IsZero() && s.ReportRange.IsZero()
}

// HistoryInstance is one run of a history report
// (microsoft.graph.accessReviewHistoryInstance). A one-time report has
// exactly one; a recurring report has one per run. The service keeps them
// 30 days.
type HistoryInstance struct {
	// ID identifies the run.
	ID HistoryInstanceID `json:"id,omitzero"`
	// Status is the state of the run; the CSV can be downloaded once it
	// Is(HistoryDone).
	Status HistoryStatus `json:"status,omitzero"`
	// DownloadURI is the address of the CSV on a storage host, with a shared
	// access signature valid 24 hours; empty until GenerateDownloadURI is
	// called. It is a credential: do not log it.
	DownloadURI string `json:"downloadUri,omitzero"`
	// ExpirationDateTime is when the service deletes the run's data.
	ExpirationDateTime odata.DateTime `json:"expirationDateTime,omitzero"`
	// FulfilledDateTime is when the run's data was collected.
	FulfilledDateTime odata.DateTime `json:"fulfilledDateTime,omitzero"`
	// ReviewHistoryPeriodStartDateTime and ReviewHistoryPeriodEndDateTime
	// bound the reviews this run covers.
	ReviewHistoryPeriodStartDateTime odata.DateTime `json:"reviewHistoryPeriodStartDateTime,omitzero"`
	// ReviewHistoryPeriodEndDateTime ends the period; see the start.
	ReviewHistoryPeriodEndDateTime odata.DateTime `json:"reviewHistoryPeriodEndDateTime,omitzero"`
	// RunDateTime is when the run was scheduled to start.
	RunDateTime odata.DateTime `json:"runDateTime,omitzero"`
	// Extra holds the properties this package does not model, as received.
	Extra jsontext.Value `json:",embed"`
}

// readDocSpellings reads, from Extra, the spellings the service's
// documentation examples use instead of the schema's: "expiration" for
// expirationDateTime (generateDownloadUri) and
// "reviewHistoryPeriodStartDate" and "reviewHistoryPeriodEndDate" for the
// period (list instances). The schema's names win when both are present.
// The history service reads every instance it returns this way.
func (h *HistoryInstance) readDocSpellings() error {
	if len(h.Extra) == 0 {
		return nil
	}
	var doc struct {
		Expiration      odata.DateTime `json:"expiration"`
		PeriodStartDate odata.DateTime `json:"reviewHistoryPeriodStartDate"`
		PeriodEndDate   odata.DateTime `json:"reviewHistoryPeriodEndDate"`
	}
	if err := json.Unmarshal(h.Extra, &doc, jsontext.AllowDuplicateNames(true)); err != nil {
		return err
	}
	if h.ExpirationDateTime.IsZero() {
		h.ExpirationDateTime = doc.Expiration
	}
	if h.ReviewHistoryPeriodStartDateTime.IsZero() {
		h.ReviewHistoryPeriodStartDateTime = doc.PeriodStartDate
	}
	if h.ReviewHistoryPeriodEndDateTime.IsZero() {
		h.ReviewHistoryPeriodEndDateTime = doc.PeriodEndDate
	}
	rest, err := filterMembers(h.Extra, func(name string) bool {
		return name == "expiration" || name == "reviewHistoryPeriodStartDate" || name == "reviewHistoryPeriodEndDate"
	})
	if err != nil {
		return err
	}
	h.Extra = rest
	return nil
}

// historyScopeRoot is the collection every history scope queries: a report
// covers the schedule definitions its scopes' filters select.
const historyScopeRoot = "/identityGovernance/accessReviews/definitions"

// HistoryScope returns a scope for HistoryDefinition.Scopes: the reviews
// whose schedule definitions match filter. The service documents two forms,
// a substring of the review's scope query and an exact query:
//
//	accessreviews.HistoryScope(odata.Contains("scope/query", "/groups"))
//	accessreviews.HistoryScope(odata.Contains("scope/query", "accessPackageAssignments"))
//	accessreviews.HistoryScope(odata.Eq("scope/query", "/groups/"+groupID+"/members"))
//
// The filter is rendered by the odata builders, so values are quoted and
// escaped. A zero or invalid filter gives a scope with an empty query,
// which HistoryService.Create refuses.
func HistoryScope(filter odata.Filter) scope.QueryScope {
	if filter.IsZero() || filter.Err() != nil {
		return scope.Query("") // an empty query, which HistoryService.Create refuses
	}
	return scope.Query(historyScopeRoot + "?$filter=" + filter.String())
}

// validateHistoryCreate reports every problem with a definition to create,
// named by JSON path, before anything is sent.
func validateHistoryCreate(h *HistoryDefinition) error {
	if h == nil {
		return check.Invalid("historyDefinition", "is required")
	}
	var errs []error
	if strings.TrimSpace(h.DisplayName) == "" {
		errs = append(errs, check.Invalid("displayName", "is required"))
	}
	for i, d := range h.Decisions {
		if !d.Known() {
			errs = append(errs, check.Invalid(fmt.Sprintf("decisions[%d]", i),
				"must be approve, deny, notReviewed, dontKnow or notNotified, got %q", d))
		}
	}
	errs = append(errs, validateHistoryScopes(h.Scopes))
	errs = append(errs, validateHistoryPeriod(h))
	return errors.Join(errs...)
}

// validateHistoryScopes checks that the scopes are query scopes over the
// schedule definitions, which is the only form the service documents.
func validateHistoryScopes(scopes []scope.Scope) error {
	if len(scopes) == 0 {
		return check.Invalid("scopes", "is required: at least one scope (see HistoryScope)")
	}
	var errs []error
	for i, s := range scopes {
		field := fmt.Sprintf("scopes[%d]", i)
		q, ok := s.(scope.QueryScope)
		if !ok {
			errs = append(errs, check.Invalid(field, "must be a query scope over %s (see HistoryScope), got %T", historyScopeRoot, s))
			continue
		}
		if err := q.Validate(); err != nil {
			errs = append(errs, check.Prefix(field, err))
			continue
		}
		if !strings.HasPrefix(strings.ToLower(q.Query), strings.ToLower(historyScopeRoot)) {
			errs = append(errs, check.Invalid(field+".query", "must query %s (see HistoryScope)", historyScopeRoot))
		}
	}
	return errors.Join(errs...)
}

// validateHistoryPeriod checks the review period and the schedule: a
// one-time report needs both ends of the period, a recurring one a valid
// schedule. The order of the ends is the service's to judge.
func validateHistoryPeriod(h *HistoryDefinition) error {
	start, end := h.ReviewHistoryPeriodStartDateTime, h.ReviewHistoryPeriodEndDateTime
	var errs []error
	if h.ScheduleSettings.IsZero() {
		if start.IsZero() {
			errs = append(errs, check.Invalid("reviewHistoryPeriodStartDateTime", "is required unless scheduleSettings is set"))
		}
		if end.IsZero() {
			errs = append(errs, check.Invalid("reviewHistoryPeriodEndDateTime", "is required unless scheduleSettings is set"))
		}
	} else {
		errs = append(errs, check.Prefix("scheduleSettings", h.ScheduleSettings.validate()))
	}
	return errors.Join(errs...)
}

// validate checks a schedule: a recurrence the access review subset
// accepts, and a report range of whole years, months and days.
func (s HistoryScheduleSettings) validate() error {
	var errs []error
	if s.Recurrence.IsZero() {
		errs = append(errs, check.Invalid("recurrence", "is required"))
	} else {
		errs = append(errs, check.Prefix("recurrence", s.Recurrence.Validate()))
	}
	r := s.ReportRange
	switch {
	case !r.IsValid():
		errs = append(errs, check.Invalid("reportRange", "must not be negative"))
	case r.IsZero():
		errs = append(errs, check.Invalid("reportRange", "is required (such as P1M)"))
	case r.Time != 0:
		errs = append(errs, check.Invalid("reportRange", "must use years, months and days only, got %s", r))
	}
	return errors.Join(errs...)
}
