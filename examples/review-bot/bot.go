package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
)

// target is where the bot signs in and calls Graph.
type target struct {
	// opts point the client at Graph and its token authority.
	opts []odata.Option
	// tenantID and clientID are what the device code sign-in names.
	tenantID, clientID string
	// approve, on the fake, enters the device code as the bot's user; nil
	// on a tenant, where a person does.
	approve func(userCode string) error
	// now is the policy's present: the fake's clock, or the wall clock.
	now func() time.Time
}

// onTenant is a tenant as the bot's target: the cloud's Graph and
// authority, and the application registration clientID (a public client).
func onTenant(cloud odata.Cloud, tenantID, clientID string) target {
	return target{opts: []odata.Option{odata.WithCloud(cloud)}, tenantID: tenantID, clientID: clientID, now: time.Now}
}

// summary is what the bot did.
type summary struct {
	// Prompted is true when the bot had to ask a person to sign in: false
	// when the token cache held a usable sign-in.
	Prompted bool
	// Reviews and Items count the instances in progress and the pending
	// items found; Skipped the items left to a human.
	Reviews, Items, Skipped int
	// Recorded counts the decisions the service confirmed, of which
	// Approved and Denied; Failed those it refused; Unknown those whose
	// outcome is unknown after the bot sent them twice (the request may or
	// may not have been carried out).
	Recorded, Approved, Denied, Failed, Unknown int
	// Retried counts the answers that made the client retry (429, 5xx,
	// transport errors).
	Retried int64
}

// run signs in as the reviewer with the device code, keeping the tokens in
// the file cfg.cache, and decides and records every pending item the
// signed-in person reviews.
func run(ctx context.Context, p *printer, t target, cfg config) (*summary, error) {
	cache, err := odata.NewFileTokenCache(cfg.cache)
	if err != nil {
		return nil, fmt.Errorf("review-bot: %w", err)
	}
	s := &summary{}
	prompt := func(ctx context.Context, dp odata.DeviceCodePrompt) error {
		s.Prompted = true
		msg := dp.Message
		if msg == "" {
			msg = fmt.Sprintf("To sign in, use a web browser to open the page %s and enter the code %s to authenticate.", dp.VerificationURI, dp.UserCode)
		}
		p.Printf("%s", msg)
		if t.approve == nil {
			p.Printf("(the code works until %s)", dp.ExpiresAt.Format(time.TimeOnly))
			return nil
		}
		p.Printf("(on the fake, the example enters the code itself and signs in as %s)", botUPN)
		return t.approve(dp.UserCode)
	}
	retries := &countingTransport{next: http.DefaultTransport}
	opts := append(append([]odata.Option(nil), t.opts...),
		odata.WithDeviceCode(odata.DeviceCode{TenantID: t.tenantID, ClientID: t.clientID, Prompt: prompt, Cache: cache}),
		odata.WithHTTPClient(&http.Client{Transport: retries}),
		odata.WithUserAgent("review-bot/1.0"),
	)
	bot, err := accessreviews.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("review-bot: %w", err)
	}
	p.Step("Signing in as the reviewer with the device code; tokens are cached in %s", cfg.cache)
	err = review(ctx, p, bot, t.now(), cfg.days, s)
	if err == nil && !s.Prompted {
		p.Printf("the cached sign-in was used: nobody was asked")
	}
	s.Retried = retries.failed.Load()
	p.Step("Summary: %d reviews, %d items: %d recorded (%d approved, %d denied), %d failed, %d outcome unknown, %d left to a human; %d requests retried",
		s.Reviews, s.Items, s.Recorded, s.Approved, s.Denied, s.Failed, s.Unknown, s.Skipped, s.Retried)
	return s, err
}

// review finds the reviews where the signed-in person is a reviewer and
// decides their pending items.
func review(ctx context.Context, p *printer, bot *accessreviews.Client, now time.Time, inactiveDays int, s *summary) error {
	p.Step("Finding the reviews where the signed-in person is a reviewer")
	for def, err := range bot.Definitions.ListForCurrentUser(ctx, nil) {
		if err != nil {
			return fmt.Errorf("review-bot: list definitions: %w", err)
		}
		for inst, err := range bot.Instances.ListForCurrentUser(ctx, def.ID, nil) {
			if err != nil {
				return fmt.Errorf("review-bot: list instances of %s: %w", def.ID, err)
			}
			if inst.Status != accessreviews.StatusInProgress {
				continue
			}
			s.Reviews++
			p.Printf("%s: instance %s", def.DisplayName, inst.ID)
			if err := reviewInstance(ctx, p, bot, def.ID, inst.ID, now, inactiveDays, s); err != nil {
				return err
			}
		}
	}
	return nil
}

// reviewInstance decides every pending item of one instance and records
// the decisions, 20 per round trip.
func reviewInstance(ctx context.Context, p *printer, bot *accessreviews.Client, def accessreviews.DefinitionID, inst accessreviews.InstanceID, now time.Time, days int, s *summary) error {
	var records []accessreviews.DecisionRecord
	opts := &accessreviews.ListOptions{Filter: odata.Eq("decision", accessreviews.DecisionNotReviewed), Expand: []string{"insights"}}
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
	if len(records) == 0 {
		p.Printf("nothing to record")
		return nil
	}
	progress := &accessreviews.RecordOptions{Progress: func(pr accessreviews.Progress) {
		p.Printf("recorded %d, failed %d, outcome unknown %d, of %d", pr.Recorded, pr.Failed, pr.OutcomeUnknown, pr.Total)
	}}
	results, err := bot.Decisions.RecordMany(ctx, def, inst, records, progress)
	if err != nil && results == nil {
		return fmt.Errorf("review-bot: record decisions of %s: %w", inst, err)
	}
	final := sendFailedAgain(ctx, p, bot, def, inst, records, results)
	for i, r := range records {
		switch err := final[r.ID]; {
		case err == nil:
			s.Recorded++
			if records[i].Decision == accessreviews.DecisionApprove {
				s.Approved++
			} else {
				s.Denied++
			}
		case errors.Is(err, odata.ErrOutcomeUnknown):
			s.Unknown++
			p.Printf("outcome unknown %s: %v", r.ID, err)
		default:
			s.Failed++
			p.Printf("failed %s: %v", r.ID, err)
		}
	}
	return ctx.Err()
}

// sendFailedAgain sends the records that did not succeed once more
// (recording is idempotent: a record whose outcome is unknown may be sent
// again) and returns each record's final error, nil when recorded.
func sendFailedAgain(ctx context.Context, p *printer, bot *accessreviews.Client, def accessreviews.DefinitionID, inst accessreviews.InstanceID, records []accessreviews.DecisionRecord, results []accessreviews.RecordResult) map[accessreviews.DecisionID]error {
	final := make(map[accessreviews.DecisionID]error, len(records))
	var again []accessreviews.DecisionRecord
	for i, r := range results {
		final[r.ID] = r.Err
		if r.Err != nil {
			again = append(again, records[i])
		}
	}
	if len(again) == 0 || ctx.Err() != nil {
		return final
	}
	p.Printf("sending %d records again", len(again))
	res, err := bot.Decisions.RecordMany(ctx, def, inst, again, nil)
	if res == nil {
		for _, r := range again {
			final[r.ID] = errors.Join(final[r.ID], err)
		}
		return final
	}
	for _, r := range res {
		final[r.ID] = r.Err
	}
	return final
}

// countingTransport counts the answers that make the client retry.
type countingTransport struct {
	next   http.RoundTripper
	failed atomic.Int64
}

// RoundTrip sends the request and counts a 429, 5xx or transport error.
func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(r)
	if err != nil || resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
		c.failed.Add(1)
	}
	return resp, err
}
