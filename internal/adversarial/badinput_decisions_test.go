//lint:file-ignore SA1019 the suites attack deprecated APIs on purpose: they are still public

package adversarial

import (
	"strings"
	"testing"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
)

// decisionHistoryBadCases covers the decision, contacted reviewer, history
// and policy services.
func decisionHistoryBadCases() []badCase {
	c := func(name, field string, run func(t *testing.T, e *env) error) badCase {
		return badCase{pkg: "accessreviews", name: name, field: field, run: run}
	}
	const bad = "../../users"
	approve := accessreviews.DecisionApprove
	return []badCase{
		c("Decisions.Get/invalid decision", "decisionID", func(t *testing.T, e *env) error {
			_, err := e.ar.Decisions.Get(ctx(t), defID, instID, bad)
			return err
		}),
		c("Decisions.GetInStage/invalid stage", "stageID", func(t *testing.T, e *env) error {
			_, err := e.ar.Decisions.GetInStage(ctx(t), defID, instID, bad, decID)
			return err
		}),
		c("Decisions.List/invalid expand", "expand[0]", func(t *testing.T, e *env) error {
			return firstErr(e.ar.Decisions.List(ctx(t), defID, instID, &accessreviews.ListOptions{Expand: []string{"insights)&$top=1"}}))
		}),
		c("Decisions.List/invalid instance", "instanceID", func(t *testing.T, e *env) error {
			return firstErr(e.ar.Decisions.List(ctx(t), defID, bad, nil))
		}),
		c("Decisions.ListForCurrentUser/invalid definition", "definitionID", func(t *testing.T, e *env) error {
			return firstErr(e.ar.Decisions.ListForCurrentUser(ctx(t), bad, instID, nil))
		}),
		c("Decisions.ListInStage/invalid stage", "stageID", func(t *testing.T, e *env) error {
			return firstErr(e.ar.Decisions.ListInStage(ctx(t), defID, instID, bad, nil))
		}),
		c("Decisions.ListInStageForCurrentUser/top", "top", func(t *testing.T, e *env) error {
			return firstErr(e.ar.Decisions.ListInStageForCurrentUser(ctx(t), defID, instID, stageID, &accessreviews.ListOptions{Top: -500}))
		}),
		c("Decisions.ListInsights/invalid decision", "decisionID", func(t *testing.T, e *env) error {
			return firstErr(e.ar.Decisions.ListInsights(ctx(t), defID, instID, bad))
		}),
		c("Decisions.ListPendingForCurrentUserBeta/invalid filter", "filter", func(t *testing.T, e *env) error {
			return firstErr(e.ar.Decisions.ListPendingForCurrentUserBeta(ctx(t), &accessreviews.ListOptions{Filter: odata.Eq("decision", []string{"x"})}))
		}),
		c("Decisions.Record/no decision", "decision", func(t *testing.T, e *env) error {
			return e.ar.Decisions.Record(ctx(t), defID, instID, decID, accessreviews.DecisionUpdate{})
		}),
		c("Decisions.Record/unknown decision", "decision", func(t *testing.T, e *env) error {
			return e.ar.Decisions.Record(ctx(t), defID, instID, decID, accessreviews.DecisionUpdate{Decision: "approve"})
		}),
		c("Decisions.Record/recommendation is not a decision", "decision", func(t *testing.T, e *env) error {
			return e.ar.Decisions.Record(ctx(t), defID, instID, decID, accessreviews.DecisionUpdate{Decision: accessreviews.DecisionRecommendation})
		}),
		c("Decisions.Record/invalid decision ID", "decisionID", func(t *testing.T, e *env) error {
			return e.ar.Decisions.Record(ctx(t), defID, instID, bad, accessreviews.DecisionUpdate{Decision: approve})
		}),
		c("Decisions.RecordInStage/invalid stage", "stageID", func(t *testing.T, e *env) error {
			return e.ar.Decisions.RecordInStage(ctx(t), defID, instID, bad, decID, accessreviews.DecisionUpdate{Decision: approve})
		}),
		c("Decisions.RecordMany/duplicate IDs", "records[1].id", func(t *testing.T, e *env) error {
			_, err := e.ar.Decisions.RecordMany(ctx(t), defID, instID, []accessreviews.DecisionRecord{
				{ID: decID, Decision: approve}, {ID: accessreviews.DecisionID(strings.ToUpper(decID)), Decision: approve},
			}, nil)
			return err
		}),
		c("Decisions.RecordMany/invalid ID", "records[0].id", func(t *testing.T, e *env) error {
			_, err := e.ar.Decisions.RecordMany(ctx(t), defID, instID, []accessreviews.DecisionRecord{{ID: bad, Decision: approve}}, nil)
			return err
		}),
		c("Decisions.RecordMany/unknown decision", "records[0].decision", func(t *testing.T, e *env) error {
			_, err := e.ar.Decisions.RecordMany(ctx(t), defID, instID, []accessreviews.DecisionRecord{{ID: decID, Decision: "Yes"}}, nil)
			return err
		}),
		c("Decisions.RecordMany/justification required", "records[0].justification", func(t *testing.T, e *env) error {
			_, err := e.ar.Decisions.RecordMany(ctx(t), defID, instID, []accessreviews.DecisionRecord{{ID: decID, Decision: approve}},
				&accessreviews.RecordOptions{JustificationRequired: true})
			return err
		}),
		c("Decisions.RecordMany/invalid instance", "instanceID", func(t *testing.T, e *env) error {
			_, err := e.ar.Decisions.RecordMany(ctx(t), defID, bad, []accessreviews.DecisionRecord{{ID: decID, Decision: approve}}, nil)
			return err
		}),
		c("Decisions.RecordAll/no target", "allItems", func(t *testing.T, e *env) error {
			return e.ar.Decisions.RecordAll(ctx(t), accessreviews.BatchDecision{Decision: approve})
		}),
		c("Decisions.RecordAll/not reviewed", "decision", func(t *testing.T, e *env) error {
			return e.ar.Decisions.RecordAll(ctx(t), accessreviews.BatchDecision{Decision: accessreviews.DecisionNotReviewed, AllItems: true})
		}),
		c("Decisions.RecordAllInInstance/invalid definition", "definitionID", func(t *testing.T, e *env) error {
			return e.ar.Decisions.RecordAllInInstance(ctx(t), bad, instID, accessreviews.BatchDecision{Decision: approve, AllItems: true})
		}),

		c("ContactedReviewers.List/invalid instance", "instanceID", func(t *testing.T, e *env) error {
			return firstErr(e.ar.ContactedReviewers.List(ctx(t), defID, bad, nil))
		}),

		c("History.Create/nil", "historyDefinition", func(t *testing.T, e *env) error {
			_, err := e.ar.History.Create(ctx(t), nil)
			return err
		}),
		c("History.Create/no display name", "displayName", func(t *testing.T, e *env) error {
			h := validHistory()
			h.DisplayName = ""
			_, err := e.ar.History.Create(ctx(t), h)
			return err
		}),
		c("History.Create/no scopes", "scopes", func(t *testing.T, e *env) error {
			h := validHistory()
			h.Scopes = nil
			_, err := e.ar.History.Create(ctx(t), h)
			return err
		}),
		c("History.Create/period end missing", "reviewHistoryPeriodEndDateTime", func(t *testing.T, e *env) error {
			h := validHistory()
			h.ReviewHistoryPeriodEndDateTime = odata.DateTime{}
			_, err := e.ar.History.Create(ctx(t), h)
			return err
		}),
		c("History.Create/unknown decision filter", "decisions[0]", func(t *testing.T, e *env) error {
			h := validHistory()
			h.Decisions = []accessreviews.HistoryDecisionFilter{"Approve"}
			_, err := e.ar.History.Create(ctx(t), h)
			return err
		}),
		c("History.Get/invalid ID", "historyDefinitionID", func(t *testing.T, e *env) error {
			_, err := e.ar.History.Get(ctx(t), bad)
			return err
		}),
		c("History.ListInstances/invalid ID", "historyDefinitionID", func(t *testing.T, e *env) error {
			return firstErr(e.ar.History.ListInstances(ctx(t), bad, nil))
		}),
		c("History.List/top", "top", func(t *testing.T, e *env) error {
			return firstErr(e.ar.History.List(ctx(t), &accessreviews.ListOptions{Top: -1}))
		}),
		c("History.GenerateDownloadURI/invalid instance", "historyInstanceID", func(t *testing.T, e *env) error {
			_, err := e.ar.History.GenerateDownloadURI(ctx(t), historyID, bad)
			return err
		}),
		c("History.Wait/interval too short", "interval", func(t *testing.T, e *env) error {
			_, err := e.ar.History.Wait(ctx(t), historyID, &accessreviews.HistoryWaitOptions{Interval: time.Millisecond})
			return err
		}),
		c("History.Download/plain http", "downloadUri", func(t *testing.T, e *env) error {
			_, err := e.ar.History.Download(ctx(t), "http://storage.example/report.csv?sig=x", nil)
			return err
		}),
		c("History.Download/user info", "downloadUri", func(t *testing.T, e *env) error {
			_, err := e.ar.History.Download(ctx(t), "https://user:pw@storage.example/report.csv", nil)
			return err
		}),
		c("History.Download/empty", "downloadUri", func(t *testing.T, e *env) error {
			_, err := e.ar.History.Download(ctx(t), "", nil)
			return err
		}),
		c("History.DownloadRows/negative bound", "maxBytes", func(t *testing.T, e *env) error {
			return firstErr(e.ar.History.DownloadRows(ctx(t), "https://storage.example/r.csv", &accessreviews.HistoryDownloadOptions{MaxBytes: -1}))
		}),

		c("Policy.Update/changes nothing", "isGroupOwnerManagementEnabled", func(t *testing.T, e *env) error {
			return e.ar.Policy.Update(ctx(t), accessreviews.PolicyUpdate{})
		}),
		c("Policy.UpdateDirectoryRolePolicy/empty settings", "settings", func(t *testing.T, e *env) error {
			return e.ar.Policy.UpdateDirectoryRolePolicy(ctx(t), accessreviews.Settings{})
		}),
	}
}
