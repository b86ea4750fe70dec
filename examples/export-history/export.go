package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/examples/internal/setup"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

// result is what run exported.
type result struct {
	Report accessreviews.HistoryDefinitionID
	Rows   int // data rows, without the header
}

// run creates the history report, waits for it and writes its CSV.
func run(e *setup.Env, opts options) (*result, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Hour)
	defer cancel()
	now := time.Now().UTC()
	poll := accessreviews.DefaultHistoryPollInterval
	if e.OnFake() {
		if err := completeAReview(ctx, e); err != nil {
			return nil, err
		}
		now = e.Fake.Clock().Now()
		// The fake runs a report by the next request: no need to wait long.
		poll = accessreviews.MinHistoryPollInterval
	} else {
		e.Step("Exporting the tenant's own reviews (creating a sample review needs the fake service)")
	}

	e.Step("Creating a history report of the reviews of groups of the last %d days", opts.Days)
	report, err := e.Client.History.Create(ctx, &accessreviews.HistoryDefinition{
		DisplayName:                      fmt.Sprintf("Group reviews of the last %d days", opts.Days),
		ReviewHistoryPeriodStartDateTime: odata.DateTime{Time: now.AddDate(0, 0, -opts.Days)},
		ReviewHistoryPeriodEndDateTime:   odata.DateTime{Time: now},
		Scopes:                           []scope.Scope{accessreviews.HistoryScope(odata.Contains("scope/query", "/groups"))},
	})
	if err != nil {
		return nil, fmt.Errorf("export-history: create report: %w", err)
	}
	e.Printf("report %s, status %s", report.ID, report.Status)

	e.Step("Waiting for the report to run (polling every %s)", poll)
	run, err := e.Client.History.Wait(ctx, report.ID, &accessreviews.HistoryWaitOptions{Interval: poll})
	if err != nil {
		return nil, fmt.Errorf("export-history: wait for report %s: %w", report.ID, err)
	}
	e.Printf("run %s is %s", run.ID, run.Status)

	e.Step("Generating a download address (valid 24 hours, needs no Graph token)")
	run, err = e.Client.History.GenerateDownloadURI(ctx, report.ID, run.ID)
	if err != nil {
		return nil, fmt.Errorf("export-history: generate download URI: %w", err)
	}

	rows, err := download(ctx, e, opts, run.DownloadURI)
	if err != nil {
		return nil, err
	}
	return &result{Report: report.ID, Rows: rows}, nil
}

// download streams the CSV to its destination, record by record, and
// returns the number of data rows.
func download(ctx context.Context, e *setup.Env, opts options, uri string) (int, error) {
	dest := "stdout"
	if opts.Output != "" {
		dest = opts.Output
	}
	e.Step("Downloading the CSV to %s", dest)
	out, closeOut, err := opts.writeTo(e)
	if err != nil {
		return 0, err
	}
	w := csv.NewWriter(out)
	records := 0
	for rec, err := range e.Client.History.DownloadRows(ctx, uri, nil) {
		if err != nil {
			_ = closeOut()
			return 0, fmt.Errorf("export-history: download: %w", err)
		}
		if err := w.Write(rec); err != nil {
			_ = closeOut()
			return 0, fmt.Errorf("export-history: write CSV: %w", err)
		}
		records++
	}
	w.Flush()
	if err := w.Error(); err != nil {
		_ = closeOut()
		return 0, fmt.Errorf("export-history: write CSV: %w", err)
	}
	if err := closeOut(); err != nil {
		return 0, fmt.Errorf("export-history: close %s: %w", dest, err)
	}
	rows := max(records-1, 0)
	e.Step("Done: %d decisions exported", rows)
	return rows, nil
}
