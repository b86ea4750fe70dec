package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/examples/internal/setup"
	"github.com/graphkit/governance/odata"
)

// summary is what the bot did.
type summary struct {
	Reviews, Items, Approved, Denied, Skipped, Failed int
	Retried                                           int64
}

// run sets the review up on the fake, then runs the bot as its reviewer.
func run(e *setup.Env, inactiveDays int) (*summary, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if !e.OnFake() {
		e.Step("Stopping: recording decisions needs the reviewer's delegated sign-in, which application credentials cannot give")
		return &summary{}, nil
	}
	if err := createReview(ctx, e); err != nil {
		return nil, err
	}
	e.Step("From now on the fake throttles or fails 1 request in 5")
	e.Fake.FailRate(0.2, accessreviewstest.Throttle("1"), accessreviewstest.Unavailable())
	defer e.Fake.ClearFaults()

	retries := &countingTransport{next: http.DefaultTransport}
	bot, err := accessreviews.NewClient(append(e.Fake.OptionsAs(botID), odata.WithHTTPClient(&http.Client{Transport: retries}))...)
	if err != nil {
		return nil, fmt.Errorf("review-bot: %w", err)
	}
	s, err := review(ctx, e, bot, e.Fake.Clock().Now(), inactiveDays)
	s.Retried = retries.failed.Load()
	e.Step("Summary: %d reviews, %d items: %d approved, %d denied, %d left to a human, %d failed; %d requests retried",
		s.Reviews, s.Items, s.Approved, s.Denied, s.Skipped, s.Failed, s.Retried)
	return s, err
}

// review finds the bot's reviews and decides their pending items.
func review(ctx context.Context, e *setup.Env, bot *accessreviews.Client, now time.Time, inactiveDays int) (*summary, error) {
	s := &summary{}
	e.Step("Finding the reviews where the bot is a reviewer")
	for def, err := range bot.Definitions.ListForCurrentUser(ctx, nil) {
		if err != nil {
			return s, fmt.Errorf("review-bot: list definitions: %w", err)
		}
		for inst, err := range bot.Instances.ListForCurrentUser(ctx, def.ID, nil) {
			if err != nil {
				return s, fmt.Errorf("review-bot: list instances of %s: %w", def.ID, err)
			}
			if inst.Status != accessreviews.StatusInProgress {
				continue
			}
			s.Reviews++
			e.Printf("%s: instance %s", def.DisplayName, inst.ID)
			if err := reviewInstance(ctx, e, bot, def.ID, inst.ID, now, inactiveDays, s); err != nil {
				return s, err
			}
		}
	}
	return s, nil
}

// reviewInstance decides every item of one instance and records the
// decisions, 20 per round trip.
func reviewInstance(ctx context.Context, e *setup.Env, bot *accessreviews.Client, def accessreviews.DefinitionID, inst accessreviews.InstanceID, now time.Time, days int, s *summary) error {
	var records []accessreviews.DecisionRecord
	opts := &accessreviews.ListOptions{Filter: odata.Eq("decision", "NotReviewed"), Expand: []string{"insights"}}
	for d, err := range bot.Decisions.ListForCurrentUser(ctx, def, inst, opts) {
		if err != nil {
			return fmt.Errorf("review-bot: list decisions of %s: %w", inst, err)
		}
		s.Items++
		rec, ok := decide(&d, now, days)
		if !ok {
			s.Skipped++
			continue
		}
		records = append(records, rec)
	}
	progress := &accessreviews.RecordOptions{Progress: func(done, total int) { e.Printf("recorded %d/%d", done, total) }}
	results, err := bot.Decisions.RecordMany(ctx, def, inst, records, progress)
	if err != nil {
		return fmt.Errorf("review-bot: record decisions of %s: %w", inst, err)
	}
	failed := retryFailed(ctx, e, bot, def, inst, records, results)
	for i, r := range results {
		switch {
		case failed[r.ID] != nil:
			s.Failed++
			e.Printf("failed %s: %v", r.ID, failed[r.ID])
		case records[i].Decision == accessreviews.DecisionApprove:
			s.Approved++
		default:
			s.Denied++
		}
	}
	return nil
}

// retryFailed sends the records that failed once more (recording is
// idempotent) and returns those that failed again.
func retryFailed(ctx context.Context, e *setup.Env, bot *accessreviews.Client, def accessreviews.DefinitionID, inst accessreviews.InstanceID, records []accessreviews.DecisionRecord, results []accessreviews.RecordResult) map[accessreviews.DecisionID]error {
	var again []accessreviews.DecisionRecord
	for i, r := range results {
		if r.Err != nil {
			again = append(again, records[i])
		}
	}
	failed := map[accessreviews.DecisionID]error{}
	if len(again) == 0 {
		return failed
	}
	e.Printf("sending %d failed records again", len(again))
	res, err := bot.Decisions.RecordMany(ctx, def, inst, again, nil)
	for i, r := range res {
		if r.Err != nil {
			failed[again[i].ID] = r.Err
		}
	}
	if err != nil {
		for _, r := range again {
			failed[r.ID] = errors.Join(failed[r.ID], err)
		}
	}
	return failed
}

// countingTransport counts the answers that make the client retry.
type countingTransport struct {
	next   http.RoundTripper
	failed atomic.Int64
}

// RoundTrip sends the request and counts a 429, 503 or 504 answer or a
// transport error.
func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(r)
	if err != nil || resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
		c.failed.Add(1)
	}
	return resp, err
}
