package accessreviews

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

func TestHistoryCreateInvalid(t *testing.T) {
	t.Parallel()
	groupID := "02f3bafb-448c-487c-88c2-5fd65ce49a41"
	tests := []struct {
		name   string
		edit   func(h *HistoryDefinition) *HistoryDefinition
		fields []string
	}{
		{"nil definition", func(*HistoryDefinition) *HistoryDefinition { return nil }, []string{"historyDefinition"}},
		{"blank name", func(h *HistoryDefinition) *HistoryDefinition { h.DisplayName = "  "; return h }, []string{"displayName"}},
		{"no scopes", func(h *HistoryDefinition) *HistoryDefinition { h.Scopes = nil; return h }, []string{"scopes"}},
		{"nil scope", func(h *HistoryDefinition) *HistoryDefinition { h.Scopes = []scope.Scope{nil}; return h }, []string{"scopes[0]"}},
		{"review scope instead of a history scope", func(h *HistoryDefinition) *HistoryDefinition {
			h.Scopes = []scope.Scope{h.Scopes[0], scope.Group(groupID).Members()}
			return h
		}, []string{"scopes[1]"}},
		{"query outside the definitions", func(h *HistoryDefinition) *HistoryDefinition {
			h.Scopes = []scope.Scope{scope.Query("/groups/" + groupID + "/members")}
			return h
		}, []string{"scopes[0].query"}},
		{"zero filter", func(h *HistoryDefinition) *HistoryDefinition {
			h.Scopes = []scope.Scope{HistoryScope(odata.Filter{})}
			return h
		}, []string{"scopes[0].query"}},
		{"unknown and empty decisions", func(h *HistoryDefinition) *HistoryDefinition {
			h.Decisions = []HistoryDecisionFilter{"Approve", HistoryDeny}
			return h
		}, []string{"decisions[0]"}},
		{"no period and no schedule", func(h *HistoryDefinition) *HistoryDefinition {
			h.ReviewHistoryPeriodStartDateTime, h.ReviewHistoryPeriodEndDateTime = odata.DateTime{}, odata.DateTime{}
			return h
		}, []string{"reviewHistoryPeriodStartDateTime", "reviewHistoryPeriodEndDateTime"}},
		{"schedule without recurrence", func(h *HistoryDefinition) *HistoryDefinition {
			h.ScheduleSettings = HistoryScheduleSettings{ReportRange: odata.Duration{Months: 1}}
			return h
		}, []string{"scheduleSettings.recurrence"}},
		{"schedule with an unsupported pattern and a clock range", func(h *HistoryDefinition) *HistoryDefinition {
			r := recurrence.Weekly().StartingOn(odata.Date{Year: 2021, Month: 5, Day: 1})
			r.Pattern.Type = recurrence.PatternDaily
			h.ScheduleSettings = HistoryScheduleSettings{Recurrence: r, ReportRange: odata.Duration{Days: 7, Time: time.Hour}}
			return h
		}, []string{"scheduleSettings.recurrence.pattern.type", "scheduleSettings.reportRange"}},
		{"schedule without a range", func(h *HistoryDefinition) *HistoryDefinition {
			h.ScheduleSettings = HistoryScheduleSettings{Recurrence: recurrence.Monthly().StartingOn(odata.Date{Year: 2021, Month: 5, Day: 1})}
			return h
		}, []string{"scheduleSettings.reportRange"}},
		{"negative range", func(h *HistoryDefinition) *HistoryDefinition {
			h.ScheduleSettings = HistoryScheduleSettings{
				Recurrence:  recurrence.Monthly().StartingOn(odata.Date{Year: 2021, Month: 5, Day: 1}),
				ReportRange: odata.Duration{Days: -1},
			}
			return h
		}, []string{"scheduleSettings.reportRange"}},
		{"every problem at once", func(h *HistoryDefinition) *HistoryDefinition {
			return &HistoryDefinition{Decisions: []HistoryDecisionFilter{"maybe"}}
		}, []string{"displayName", "scopes", "decisions[0]", "reviewHistoryPeriodStartDateTime", "reviewHistoryPeriodEndDateTime"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			got, err := c.History.Create(t.Context(), tt.edit(historyValidDefinition()))
			assert.Nil(t, got)
			historyAssertFieldErrors(t, err, tt.fields...)
			assert.Contains(t, err.Error(), "accessreviews: create history definition: ")
			assert.Zero(t, mt.GetTotalCallCount())
		})
	}
}

func TestHistoryInvalidIDs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		field string
		call  func(c *Client) error
	}{
		{"get", "historyDefinitionID", func(c *Client) error {
			_, err := c.History.Get(t.Context(), "../policies")
			return err
		}},
		{"list instances", "historyDefinitionID", func(c *Client) error {
			for _, err := range c.History.ListInstances(t.Context(), "nope", nil) {
				return err
			}
			return nil
		}},
		{"list instances options", "top", func(c *Client) error {
			for _, err := range c.History.ListInstances(t.Context(), historyTestDefID, &ListOptions{Top: -1}) {
				return err
			}
			return nil
		}},
		{"generate: instance", "historyInstanceID", func(c *Client) error {
			_, err := c.History.GenerateDownloadURI(t.Context(), historyTestDefID, "x/../y")
			return err
		}},
		{"generate: definition", "historyDefinitionID", func(c *Client) error {
			_, err := c.History.GenerateDownloadURI(t.Context(), "", historyTestInstID)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			historyAssertFieldErrors(t, tt.call(c), tt.field)
			assert.Zero(t, mt.GetTotalCallCount())
		})
	}
}
