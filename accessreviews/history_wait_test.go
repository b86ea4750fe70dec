package accessreviews

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
)

const historyTestOtherInstID HistoryInstanceID = "7d2b6a1e-5c3f-4e8d-9b0a-1c2d3e4f5a6b"

// historyPolls scripts a report as the service shows it poll after poll:
// each step is the instances page (a JSON array) and the report's status.
// The last step repeats.
type historyPolls struct {
	mu         sync.Mutex
	steps      []historyStep
	lists, get int
}

type historyStep struct {
	instances string // JSON array of instances
	status    string // the definition's status
	fail      int    // when set, the instances list answers this status
}

func (p *historyPolls) register(mt *httpmock.MockTransport) {
	step := func() historyStep {
		i := min(p.lists-1, len(p.steps)-1)
		return p.steps[i]
	}
	mt.RegisterResponder(http.MethodGet, historyTestInstsURL, func(*http.Request) (*http.Response, error) {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.lists++
		s := step()
		if s.fail != 0 {
			return historyGraphError(s.fail, "generalException"), nil
		}
		return historyJSON(http.StatusOK, []byte(`{"value":`+s.instances+`}`)), nil
	})
	mt.RegisterResponder(http.MethodGet, historyTestDefURL, func(*http.Request) (*http.Response, error) {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.get++
		return historyJSON(http.StatusOK, []byte(`{"id":"`+string(historyTestDefID)+`","status":"`+step().status+`"}`)), nil
	})
}

func historyInst(id HistoryInstanceID, status string) string {
	return `{"id":"` + string(id) + `","status":"` + status + `"}`
}

func TestHistoryWait(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		steps    []historyStep
		opts     *HistoryWaitOptions
		wantID   HistoryInstanceID
		wantErr  error // matched with errors.Is
		graphErr bool  // the error is the service's
		wantText string
		elapsed  time.Duration
		lists    int
		gets     int
	}{
		{
			name: "requested, then in progress, then done, with the default interval",
			steps: []historyStep{
				{instances: `[]`, status: "requested"},
				{instances: `[` + historyInst(historyTestInstID, "Inprogress") + `]`, status: "inProgress"},
				{instances: `[` + historyInst(historyTestInstID, "done") + `]`, status: "done"},
			},
			wantID: historyTestInstID, elapsed: 2 * DefaultHistoryPollInterval, lists: 3, gets: 1,
		},
		{
			name: "the given run, not the first one listed",
			steps: []historyStep{
				{instances: `[` + historyInst(historyTestOtherInstID, "done") + `,` + historyInst(historyTestInstID, "inprogress") + `]`},
				{instances: `[` + historyInst(historyTestOtherInstID, "done") + `,` + historyInst(historyTestInstID, "DONE") + `]`},
			},
			opts:   &HistoryWaitOptions{InstanceID: "61A617DD-238F-4037-8FA5-D800E515F5BC", Interval: 5 * time.Second},
			wantID: historyTestInstID, elapsed: 5 * time.Second, lists: 2,
		},
		{
			name: "a run that fails",
			steps: []historyStep{
				{instances: `[` + historyInst(historyTestInstID, "requested") + `]`},
				{instances: `[` + historyInst(historyTestInstID, "Error") + `]`},
			},
			opts:    &HistoryWaitOptions{Interval: 10 * time.Second},
			wantErr: ErrHistoryFailed, wantText: `run ` + string(historyTestInstID) + ` has status "Error"`,
			elapsed: 10 * time.Second, lists: 2,
		},
		{
			name:    "a report that fails before any run",
			steps:   []historyStep{{instances: `[]`, status: "error"}},
			wantErr: ErrHistoryFailed, wantText: `has status "error" and no run`,
			lists: 1, gets: 1,
		},
		{
			name:    "never done within the timeout",
			steps:   []historyStep{{instances: `[` + historyInst(historyTestInstID, "inprogress") + `]`}},
			opts:    &HistoryWaitOptions{Interval: 10 * time.Second, Timeout: 45 * time.Second},
			wantErr: context.DeadlineExceeded, wantText: `not done after 45s (last status "inprogress")`,
			elapsed: 45 * time.Second, lists: 5,
		},
		{
			name: "a poll that fails",
			steps: []historyStep{
				{instances: `[` + historyInst(historyTestInstID, "inprogress") + `]`},
				{fail: http.StatusInternalServerError},
			},
			opts:     &HistoryWaitOptions{Interval: 10 * time.Second},
			graphErr: true, wantText: "wait for history report: list runs: odata: GET ",
			elapsed: 10 * time.Second, lists: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				c, mt := newTestClient(t)
				polls := &historyPolls{steps: tt.steps}
				polls.register(mt)

				start := time.Now()
				got, err := c.History.Wait(t.Context(), historyTestDefID, tt.opts)
				assert.Equal(t, tt.elapsed, time.Since(start), "fake time spent waiting")
				assert.Equal(t, tt.lists, polls.lists, "instance lists")
				assert.Equal(t, tt.gets, polls.get, "definition reads")
				if tt.wantErr == nil && !tt.graphErr {
					require.NoError(t, err)
					assert.Equal(t, tt.wantID, got.ID)
					assert.True(t, got.Status.Is(HistoryDone))
					return
				}
				assert.Nil(t, got)
				require.Error(t, err)
				if tt.graphErr {
					var ge *odata.Error
					assert.ErrorAs(t, err, &ge)
				} else {
					assert.ErrorIs(t, err, tt.wantErr)
				}
				assert.Contains(t, err.Error(), tt.wantText)
				assert.Contains(t, err.Error(), "accessreviews: wait for history report: ")
			})
		})
	}
}

func TestHistoryWaitCancel(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t)
		polls := &historyPolls{steps: []historyStep{{instances: `[` + historyInst(historyTestInstID, "inprogress") + `]`}}}
		polls.register(mt)

		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		start := time.Now()
		go func() {
			_, err := c.History.Wait(ctx, historyTestDefID, &HistoryWaitOptions{Interval: 10 * time.Second})
			done <- err
		}()
		time.Sleep(15 * time.Second) // fake time: two polls have happened
		cancel()
		err := <-done
		assert.ErrorIs(t, err, context.Canceled)
		assert.Contains(t, err.Error(), `last status "inprogress"`)
		assert.Equal(t, 15*time.Second, time.Since(start))
		assert.Equal(t, 2, polls.lists)

		// Nothing is polled after the cancellation.
		time.Sleep(time.Minute)
		synctest.Wait()
		assert.Equal(t, 2, polls.lists)
	})
}

func TestHistoryWaitCallerDeadline(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t)
		polls := &historyPolls{steps: []historyStep{{instances: `[]`, status: "requested"}}}
		polls.register(mt)

		ctx, cancel := context.WithTimeout(t.Context(), 25*time.Second)
		defer cancel()
		_, err := c.History.Wait(ctx, historyTestDefID, &HistoryWaitOptions{Interval: 10 * time.Second})
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Contains(t, err.Error(), `last status "requested"`)
		assert.NotContains(t, err.Error(), "not done after", "the caller's deadline is not Wait's own timeout")
		assert.Equal(t, 3, polls.lists)
	})
}

func TestHistoryWaitInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		id     HistoryDefinitionID
		opts   *HistoryWaitOptions
		fields []string
	}{
		{"bad report id", "nope", nil, []string{"historyDefinitionID"}},
		{"bad run id", historyTestDefID, &HistoryWaitOptions{InstanceID: "x"}, []string{"instanceID"}},
		{"interval too short", historyTestDefID, &HistoryWaitOptions{Interval: time.Millisecond}, []string{"interval"}},
		{"negative interval and timeout", historyTestDefID, &HistoryWaitOptions{Interval: -time.Second, Timeout: -time.Second}, []string{"interval", "timeout"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			got, err := c.History.Wait(t.Context(), tt.id, tt.opts)
			assert.Nil(t, got)
			historyAssertFieldErrors(t, err, tt.fields...)
			assert.Zero(t, mt.GetTotalCallCount())
		})
	}
}
