package perf

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// listSize is the number of decisions BenchmarkListDecisions lists.
const listSize = 10_000

// BenchmarkListDecisions lists the 10,000 decisions of one instance through
// the SDK and through the floor, against the same fake in the same process.
// Targets: sdk ns/op at most 1.1× floor, allocs/op at most 1.25× floor.
func BenchmarkListDecisions(b *testing.B) {
	r := newLargeReview(b, listSize)
	ctx := context.Background()
	b.Run("sdk", func(b *testing.B) {
		c := r.srv.Client()
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			for d, err := range c.Decisions.List(ctx, r.def, r.inst, nil) {
				if err != nil {
					b.Fatal(err)
				}
				if d.ID != "" {
					n++
				}
			}
			if n != listSize {
				b.Fatalf("sdk listed %d decisions, want %d", n, listSize)
			}
		}
	})
	b.Run("floor", func(b *testing.B) {
		hc := newFloorClient()
		b.Cleanup(hc.CloseIdleConnections)
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			err := floorList(ctx, hc, r.decisionsURL(), func(d *floorDecision) {
				if d.ID != "" {
					n++
				}
			})
			if err != nil {
				b.Fatal(err)
			}
			if n != listSize {
				b.Fatalf("floor listed %d decisions, want %d", n, listSize)
			}
		}
	})
}

// BenchmarkDecodeDecisionPage decodes one page of 100 decisions, as the fake
// serves it, into the SDK's model and into the floor's minimal structs.
func BenchmarkDecodeDecisionPage(b *testing.B) {
	page := decisionPageBytes(b)
	b.Run("sdk", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		b.ReportAllocs()
		for b.Loop() {
			var p struct {
				Value []accessreviews.DecisionItem `json:"value"`
			}
			if err := json.Unmarshal(page, &p); err != nil || len(p.Value) != 100 {
				b.Fatalf("decoded %d decisions: %v", len(p.Value), err)
			}
		}
	})
	b.Run("floor", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		b.ReportAllocs()
		for b.Loop() {
			var p floorPage
			if err := json.Unmarshal(page, &p); err != nil || len(p.Value) != 100 {
				b.Fatalf("decoded %d decisions: %v", len(p.Value), err)
			}
		}
	})
}

// BenchmarkEncodeDefinition encodes the quarterly review of the guests of
// every Microsoft 365 group, the largest definition of the seed flows.
func BenchmarkEncodeDefinition(b *testing.B) {
	def := guestReviewDefinition()
	if _, err := json.Marshal(def); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		out, err := json.Marshal(def)
		if err != nil || len(out) == 0 {
			b.Fatal(err)
		}
	}
}

// decisionPageBytes returns the first page of 100 decisions as the fake
// sends it.
func decisionPageBytes(tb testing.TB) []byte {
	tb.Helper()
	r := newLargeReview(tb, 100)
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, r.decisionsURL(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Authorization", fakeAppToken)
	hc := newFloorClient()
	defer hc.CloseIdleConnections()
	resp, err := hc.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		tb.Fatalf("first page: %s: %v", resp.Status, err)
	}
	return body
}

// guestReviewDefinition is the definition of the quarterly guest review
// tutorial, built with the scope and recurrence builders.
func guestReviewDefinition() *accessreviews.Definition {
	start := odata.Date{Year: 2026, Month: 1, Day: 5}
	return &accessreviews.Definition{
		DisplayName:              "Quarterly guest review of Microsoft 365 groups",
		DescriptionForAdmins:     "Review guest access to every Microsoft 365 group",
		DescriptionForReviewers:  "Please review the guests of your group",
		InstanceEnumerationScope: scope.AllMicrosoft365Groups(),
		Scope:                    scope.EachGroup().Members().Users().Guests(),
		Reviewers:                []scope.Reviewer{scope.GroupOwners()},
		FallbackReviewers:        []scope.Reviewer{scope.User("c9a5aff7-9298-4d71-adab-0a222e0a05e4")},
		Settings: accessreviews.Settings{
			MailNotificationsEnabled: true, ReminderNotificationsEnabled: true,
			DefaultDecisionEnabled: true, DefaultDecision: accessreviews.DefaultApprove,
			AutoApplyDecisionsEnabled: true, RecommendationsEnabled: true,
			InstanceDurationInDays: 3,
			Recurrence:             recurrence.Quarterly().StartingOn(start).EndingOn(start.AddDays(365)),
			ApplyActions:           []accessreviews.ApplyAction{accessreviews.RemoveAccess()},
		},
	}
}
