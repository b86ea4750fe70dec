package accessreviews

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"time"

	"github.com/graphkit/governance/accessreviews/internal/core"
	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

// List returns the history report definitions created in the last 30 days;
// older ones are not listed. Callers who are neither Global Administrator
// nor Global Reader see only the reports they created. The service honours
// Filter, Expand ("instances"), Top and Skip.
//
// Graph: GET /identityGovernance/accessReviews/historyDefinitions
func (s *HistoryService) List(ctx context.Context, opts *ListOptions) iter.Seq2[HistoryDefinition, error] {
	return core.List[HistoryDefinition](ctx, s.core(), core.Call{Op: "list history definitions", Path: historyDefinitionsPath(), Query: opts.query()})
}

// Create creates a history report definition and returns it as the service
// stored it, with status requested. The service then runs the report; Wait
// polls until a run is done.
//
// Before sending, Create checks that DisplayName is set, that Scopes holds
// at least one query scope over the schedule definitions (see HistoryScope),
// that Decisions are known filters, and that either both ends of the review
// period or ScheduleSettings are set; every problem is
// reported at once. Only the writable properties are sent.
//
// Graph: POST /identityGovernance/accessReviews/historyDefinitions
//
// Create is not idempotent: it is retried only where the service certainly
// did not process it (429, connection refused). After an ambiguous failure
// the error matches odata.ErrOutcomeUnknown and a report may exist; List
// shows it.
func (s *HistoryService) Create(ctx context.Context, def *HistoryDefinition) (*HistoryDefinition, error) {
	call := core.Call{Op: "create history definition", Method: http.MethodPost, Path: historyDefinitionsPath(), Class: odata.RetryNonIdempotent, Input: validateHistoryCreate(def)}
	if call.Input == nil {
		call.Body = newHistoryCreateBody(def)
	}
	return core.Get[HistoryDefinition](ctx, s.core(), call)
}

// Get returns one history report definition.
//
// Graph: GET /identityGovernance/accessReviews/historyDefinitions/{id}
func (s *HistoryService) Get(ctx context.Context, id HistoryDefinitionID) (*HistoryDefinition, error) {
	return core.Get[HistoryDefinition](ctx, s.core(), core.Call{Op: "get history definition", Path: historyDefinitionPath(id)})
}

// ListInstances returns the runs of a history report: one for a one-time
// report, one per run for a recurring one. The service keeps runs 30 days.
//
// Graph: GET /identityGovernance/accessReviews/historyDefinitions/{id}/instances
func (s *HistoryService) ListInstances(ctx context.Context, id HistoryDefinitionID, opts *ListOptions) iter.Seq2[HistoryInstance, error] {
	const op = "list history instances"
	return withDocSpellings(s.core(), op, core.List[HistoryInstance](ctx, s.core(), core.Call{Op: op, Path: historyDefinitionPath(id, odata.Lit("instances")), Query: opts.query()}))
}

// GenerateDownloadURI asks the service for a download address of a run's
// CSV and returns the run with DownloadURI set. The run's status must be
// done (the service refuses otherwise; Wait returns a done run), and the
// address, a shared access signature on a storage host, is valid 24 hours:
// generate a new one rather than storing it. Pass it to Download or
// DownloadRows.
//
// Graph: POST /identityGovernance/accessReviews/historyDefinitions/{id}/instances/{id}/generateDownloadUri
//
// Generating another address changes nothing else on the service, so the
// call is retried like an idempotent write.
func (s *HistoryService) GenerateDownloadURI(ctx context.Context, id HistoryDefinitionID, inst HistoryInstanceID) (*HistoryInstance, error) {
	const op = "generate history download uri"
	out, err := core.Get[HistoryInstance](ctx, s.core(), core.Call{
		Op:     op,
		Method: http.MethodPost,
		Path:   historyDefinitionPath(id, odata.Lit("instances"), odata.GUID("historyInstanceID", string(inst)), odata.Lit("generateDownloadUri")),
		Class:  odata.RetryIdempotent,
	})
	if err != nil {
		return nil, err
	}
	if err := out.readDocSpellings(); err != nil {
		return nil, s.core().Wrap(op, err)
	}
	return out, nil
}

// Defaults and bounds of HistoryService.Wait.
const (
	// DefaultHistoryPollInterval is how long Wait waits between polls: a
	// report takes minutes to run, so polling faster only adds throttling.
	DefaultHistoryPollInterval = 30 * time.Second
	// MinHistoryPollInterval is the shortest interval Wait accepts.
	MinHistoryPollInterval = time.Second
	// DefaultHistoryWaitTimeout bounds a Wait unless its options say
	// otherwise.
	DefaultHistoryWaitTimeout = time.Hour
)

// ErrHistoryFailed is matched (errors.Is) by the error Wait returns when the
// report run, or the report itself before any run was listed, ends with
// status error. Creating the report again is the only remedy the service
// offers.
var ErrHistoryFailed = errors.New("history report failed")

// errHistoryWaitTimeout is the cause of the context Wait bounds itself with,
// telling its own timeout apart from the caller's deadline.
var errHistoryWaitTimeout = errors.New("history wait timeout")

// HistoryWaitOptions tunes HistoryService.Wait. A nil *HistoryWaitOptions
// means the defaults.
type HistoryWaitOptions struct {
	// InstanceID is the run to wait for; empty waits for the first run the
	// service lists, which is the only run of a one-time report. Give it for
	// a recurring report.
	InstanceID HistoryInstanceID
	// Interval is the time between polls: 0 means
	// DefaultHistoryPollInterval, and it must be at least
	// MinHistoryPollInterval.
	Interval time.Duration
	// Timeout bounds the whole wait, on top of the context's own deadline:
	// 0 means DefaultHistoryWaitTimeout.
	Timeout time.Duration
}

// Wait polls a history report until its run (the first one listed, or
// opts.InstanceID) is done, and returns that run, ready for
// GenerateDownloadURI. A run, or a report with no run listed yet, whose
// status is error ends the wait with an error matching ErrHistoryFailed.
// Statuses are compared without regard to case, since the service spells
// "inprogress" several ways.
//
// Each poll lists the report's runs and, while the run is not listed yet,
// reads the report itself; each request is retried as reads are. Wait
// returns the first error a poll gets. It stops when ctx ends, with an error
// matching ctx.Err(), or after opts.Timeout, with an error matching
// context.DeadlineExceeded that names the last status seen.
//
// Graph: GET /identityGovernance/accessReviews/historyDefinitions/{id}/instances
// and GET /identityGovernance/accessReviews/historyDefinitions/{id}, every
// opts.Interval.
func (s *HistoryService) Wait(ctx context.Context, id HistoryDefinitionID, opts *HistoryWaitOptions) (*HistoryInstance, error) {
	const op = "wait for history report"
	cs := s.core()
	if _, err := cs.Transport(op); err != nil {
		return nil, err
	}
	var o HistoryWaitOptions
	if opts != nil {
		o = *opts
	}
	if err := o.validate(id); err != nil {
		return nil, historyErr(op, err)
	}
	ctx, cancel := context.WithTimeoutCause(ctx, o.Timeout, errHistoryWaitTimeout)
	defer cancel()

	var last HistoryStatus
	for {
		inst, status, err := poll(ctx, cs, op, id, o.InstanceID)
		if err != nil {
			return nil, historyWaitErr(ctx, op, o.Timeout, last, err)
		}
		if status != "" {
			last = status
		}
		switch {
		case inst != nil && status.Is(HistoryDone):
			return inst, nil
		case inst != nil && status.Is(HistoryError):
			return nil, historyErr(op, fmt.Errorf("run %s has status %q: %w", inst.ID, status, ErrHistoryFailed))
		case inst == nil && status.Is(HistoryError):
			return nil, historyErr(op, fmt.Errorf("report %s has status %q and no run: %w", id, status, ErrHistoryFailed))
		}
		t := time.NewTimer(o.Interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, historyWaitErr(ctx, op, o.Timeout, last, ctx.Err())
		case <-t.C:
		}
	}
}

// validate applies the defaults to o and reports every problem with o and
// the report ID.
func (o *HistoryWaitOptions) validate(id HistoryDefinitionID) error {
	if o.Interval == 0 {
		o.Interval = DefaultHistoryPollInterval
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultHistoryWaitTimeout
	}
	errs := []error{check.GUID("historyDefinitionID", string(id))}
	if o.InstanceID != "" {
		errs = append(errs, check.GUID("instanceID", string(o.InstanceID)))
	}
	if o.Interval < MinHistoryPollInterval {
		errs = append(errs, check.Invalid("interval", "must be at least %s, got %s", MinHistoryPollInterval, o.Interval))
	}
	if o.Timeout < 0 {
		errs = append(errs, check.Invalid("timeout", "must not be negative, got %s", o.Timeout))
	}
	return errors.Join(errs...)
}

// poll looks once for the run Wait waits for. It returns the run and its
// status when the run is listed; otherwise no run and the status of the
// report itself. Its errors are wrapped for op, naming the request.
func poll(ctx context.Context, cs core.Service, op string, id HistoryDefinitionID, want HistoryInstanceID) (*HistoryInstance, HistoryStatus, error) {
	for inst, err := range core.List[HistoryInstance](ctx, cs, core.Call{Op: op + ": list runs", Path: historyDefinitionPath(id, odata.Lit("instances"))}) {
		if err == nil {
			if err = inst.readDocSpellings(); err != nil {
				err = cs.Wrap(op+": list runs", err)
			}
		}
		if err != nil {
			return nil, "", err
		}
		if want == "" || strings.EqualFold(string(inst.ID), string(want)) {
			return &inst, inst.Status, nil
		}
	}
	def, err := core.Get[HistoryDefinition](ctx, cs, core.Call{Op: op + ": get report", Path: historyDefinitionPath(id)})
	if err != nil {
		return nil, "", err
	}
	return nil, def.Status, nil
}

// historyWaitErr words the end of a Wait that did not succeed: a context
// that ended (Wait's own timeout or the caller's), or a poll that failed,
// whose error is already wrapped.
func historyWaitErr(ctx context.Context, op string, timeout time.Duration, last HistoryStatus, err error) error {
	seen := "no run listed yet"
	if last != "" {
		seen = fmt.Sprintf("last status %q", last)
	}
	if ctx.Err() != nil && errors.Is(context.Cause(ctx), errHistoryWaitTimeout) {
		return historyErr(op, fmt.Errorf("not done after %s (%s): %w", timeout, seen, context.DeadlineExceeded))
	}
	if ctx.Err() != nil {
		return historyErr(op, fmt.Errorf("%s: %w", seen, ctx.Err()))
	}
	return err
}

// historyCreateBody is the body of a create: the writable properties only.
type historyCreateBody struct {
	DisplayName      string                   `json:"displayName"`
	Decisions        []HistoryDecisionFilter  `json:"decisions,omitzero"`
	PeriodStart      odata.DateTime           `json:"reviewHistoryPeriodStartDateTime,omitzero"`
	PeriodEnd        odata.DateTime           `json:"reviewHistoryPeriodEndDateTime,omitzero"`
	Scopes           []scope.Scope            `json:"scopes"`
	ScheduleSettings *HistoryScheduleSettings `json:"scheduleSettings,omitzero"`
}

// newHistoryCreateBody projects a validated definition onto the create body,
// copying what it holds so the request does not alias the caller's slices.
func newHistoryCreateBody(h *HistoryDefinition) *historyCreateBody {
	b := &historyCreateBody{
		DisplayName: h.DisplayName,
		Decisions:   append([]HistoryDecisionFilter(nil), h.Decisions...),
		PeriodStart: h.ReviewHistoryPeriodStartDateTime,
		PeriodEnd:   h.ReviewHistoryPeriodEndDateTime,
		Scopes:      append([]scope.Scope(nil), h.Scopes...),
	}
	if !h.ScheduleSettings.IsZero() {
		ss := h.ScheduleSettings
		b.ScheduleSettings = &ss
	}
	return b
}

// withDocSpellings reads the documentation's spellings of every history
// instance of seq (see HistoryInstance.readDocSpellings); a failure ends the
// list with an error wrapped for op.
func withDocSpellings(cs core.Service, op string, seq iter.Seq2[HistoryInstance, error]) iter.Seq2[HistoryInstance, error] {
	return func(yield func(HistoryInstance, error) bool) {
		for inst, err := range seq {
			if err == nil {
				if err = inst.readDocSpellings(); err != nil {
					err = cs.Wrap(op, err)
				}
			}
			if err != nil {
				yield(HistoryInstance{}, err)
				return
			}
			if !yield(inst, nil) {
				return
			}
		}
	}
}

// historyErr wraps err with the package and operation, keeping it
// reachable with errors.Is and errors.As.
func historyErr(op string, err error) error {
	return fmt.Errorf("accessreviews: %s: %w", op, err)
}
