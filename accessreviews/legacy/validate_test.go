package legacy

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/graphkit/governance/odata"
)

// validNow is before the seed's start, so the seed is a valid create.
var validNow = time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)

func TestValidateAt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(*AccessReview)
		caller Caller
		fields []string
	}{
		{"seed is valid", func(*AccessReview) {}, DelegatedCaller, nil},
		{"empty", func(a *AccessReview) { *a = AccessReview{} }, DelegatedCaller,
			[]string{"displayName", "startDateTime", "endDateTime", "businessFlowTemplateId", "reviewerType", "reviewedEntity.id"}},
		{"start in the past", func(a *AccessReview) {
			a.StartDateTime = odata.DateTime{Time: validNow.Add(-time.Hour)}
		}, DelegatedCaller, []string{"startDateTime"}},
		{"start now", func(a *AccessReview) {
			a.StartDateTime = odata.DateTime{Time: validNow}
			a.EndDateTime = odata.DateTime{Time: validNow.Add(48 * time.Hour)}
		}, DelegatedCaller, []string{"startDateTime"}},
		{"end less than a day later", func(a *AccessReview) {
			a.EndDateTime = odata.DateTime{Time: a.StartDateTime.Add(23 * time.Hour)}
		}, DelegatedCaller, []string{"endDateTime"}},
		{"end exactly a day later", func(a *AccessReview) {
			a.EndDateTime = odata.DateTime{Time: a.StartDateTime.Add(24 * time.Hour)}
		}, DelegatedCaller, nil},
		{"unknown reviewer type", func(a *AccessReview) { a.ReviewerType = "managers" }, DelegatedCaller, []string{"reviewerType"}},
		{"delegated without reviewers", func(a *AccessReview) { a.Reviewers = nil }, DelegatedCaller, []string{"reviewers"}},
		{"self without reviewers", func(a *AccessReview) { a.ReviewerType, a.Reviewers = ReviewerSelf, nil }, DelegatedCaller, nil},
		{"reviewer not a GUID", func(a *AccessReview) { a.Reviewers[1].ID = "bob" }, DelegatedCaller, []string{"reviewers[1].id"}},
		{"entity not a GUID", func(a *AccessReview) { a.ReviewedEntity.ID = "group" }, DelegatedCaller, []string{"reviewedEntity.id"}},
		{"app-only without creator", func(*AccessReview) {}, AppOnlyCaller, []string{"createdBy.id"}},
		{"app-only with bad creator", func(a *AccessReview) { a.CreatedBy.ID = "me" }, AppOnlyCaller, []string{"createdBy.id"}},
		{"app-only with creator", func(a *AccessReview) { a.CreatedBy.ID = reviewerA }, AppOnlyCaller, nil},
		{"bad settings", func(a *AccessReview) {
			a.Settings.ActivityDurationInDays = -1
			a.Settings.AutoReviewSettings.NotReviewedResult = "Remove"
			a.Settings.RecurrenceSettings = RecurrenceSettings{RecurrenceType: "daily", RecurrenceEndType: "someday", DurationInDays: -1, RecurrenceCount: -1}
		}, DelegatedCaller, []string{"settings.activityDurationInDays", "settings.autoReviewSettings.notReviewedResult",
			"settings.recurrenceSettings.recurrenceType", "settings.recurrenceSettings.recurrenceEndType",
			"settings.recurrenceSettings.durationInDays", "settings.recurrenceSettings.recurrenceCount"}},
		{"occurrences without a count", func(a *AccessReview) {
			a.Settings.RecurrenceSettings = RecurrenceSettings{RecurrenceType: RecurrenceWeekly, RecurrenceEndType: RecurrenceEndOccurrences}
		}, DelegatedCaller, []string{"settings.recurrenceSettings.recurrenceCount"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ar := seedReview(t)
			tt.change(&ar)
			err := ar.ValidateAt(validNow, tt.caller)
			if tt.fields == nil {
				assert.NoError(t, err)
				return
			}
			assertFieldErrors(t, err, tt.fields...)
		})
	}
}

func TestValidateNil(t *testing.T) {
	t.Parallel()
	var ar *AccessReview
	assertFieldErrors(t, ar.Validate(), "accessReview")
	// The seed's dates are long past: against the real clock it is invalid.
	seed := seedReview(t)
	assertFieldErrors(t, seed.Validate(), "startDateTime")
}
