package faultsuite

import (
	"context"
	"net/http"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// action is an operation that must not be sent twice blindly, with what the
// suite needs to fault it and to see whether it took effect.
type action struct {
	name string
	// path is the operation's path below the API version, as the fake
	// matches fault rules and logs requests.
	path func(r *review) string
	// outcomes says how the call must end after each fault; a fault not
	// listed must be retried.
	outcomes map[string]outcome
	run      func(ctx context.Context, c *accessreviews.Client, r *review) error
	// effects reports how many times the service applied the operation.
	effects func(t *testing.T, r *review) int
}

// outcome is how a faulted action must end.
type outcome int

const (
	// retried: the fault certainly did nothing; the action is resent once
	// and takes effect exactly once.
	retried outcome = iota
	// unknown: the fault may have reached the service; the action is not
	// resent and the call reports odata.ErrOutcomeUnknown.
	unknown
	// trusted: a 2xx status line arrived and the action needs no body, so
	// the call reports success without reading the body the fault cut
	// short, and nothing is resent. (The fake's truncated answer never ran
	// the action; Graph only sends 200 once it has.)
	trusted
)

// TestNonIdempotentNeverResentAfterAmbiguousFailure faults the one request
// of a create, a reset, a reminder and a stop, and checks what the service
// saw. After a failure that may have reached the service (a reset
// connection, a truncated answer, and for non-idempotent calls a 503 or
// 504), the request is never resent and the call reports
// odata.ErrOutcomeUnknown with the client-request-id it sent; for stop,
// which can be verified, the SDK reads the instance instead of resending.
// After a failure that certainly did not reach the service (a 429), the
// request is resent and takes effect exactly once.
func TestNonIdempotentNeverResentAfterAmbiguousFailure(t *testing.T) {
	t.Parallel()
	nonIdempotent := map[string]outcome{"reset": unknown, "truncated": trusted, "503": unknown, "504": unknown}
	actions := []action{
		{
			name:     "Definitions.Create",
			path:     func(*review) string { return "/identityGovernance/accessReviews/definitions" },
			outcomes: map[string]outcome{"reset": unknown, "truncated": unknown, "503": unknown, "504": unknown},
			run: func(ctx context.Context, c *accessreviews.Client, _ *review) error {
				_, err := c.Definitions.Create(ctx, secondDefinition())
				return err
			},
			effects: func(t *testing.T, r *review) int {
				n := 0
				for d, err := range r.s.Client().Definitions.List(t.Context(), nil) {
					require.NoError(t, err)
					if d.DisplayName == secondDefinition().DisplayName {
						n++
					}
				}
				return n
			},
		},
		{
			name:     "Instances.ResetDecisions",
			path:     func(r *review) string { return instancePath(r) + "/resetDecisions" },
			outcomes: nonIdempotent,
			run: func(ctx context.Context, c *accessreviews.Client, r *review) error {
				return c.Instances.ResetDecisions(ctx, r.def, r.inst)
			},
			effects: func(t *testing.T, r *review) int {
				if r.decisions(t)[0].Decision == accessreviews.DecisionNotReviewed {
					return 1 // the decision recorded before the reset is gone
				}
				return 0
			},
		},
		{
			name:     "Instances.SendReminder",
			path:     func(r *review) string { return instancePath(r) + "/sendReminder" },
			outcomes: nonIdempotent,
			run: func(ctx context.Context, c *accessreviews.Client, r *review) error {
				return c.Instances.SendReminder(ctx, r.def, r.inst)
			},
			effects: func(_ *testing.T, r *review) int { return r.s.RemindersSent(string(r.def), string(r.inst)) },
		},
		{
			name:     "Instances.Stop",
			path:     func(r *review) string { return instancePath(r) + "/stop" },
			outcomes: map[string]outcome{"reset": unknown, "truncated": trusted},
			run: func(ctx context.Context, c *accessreviews.Client, r *review) error {
				return c.Instances.Stop(ctx, r.def, r.inst)
			},
			effects: func(t *testing.T, r *review) int {
				in, err := r.s.Client().Instances.Get(t.Context(), r.def, r.inst)
				require.NoError(t, err)
				if in.Status.Finished() {
					return 1
				}
				return 0
			},
		},
	}
	faults := []struct {
		name  string
		fault accessreviewstest.Fault
	}{
		{"reset", accessreviewstest.ConnectionReset()},
		{"truncated", accessreviewstest.TruncatedBody()},
		{"503", accessreviewstest.Unavailable()},
		{"504", accessreviewstest.GatewayTimeout()},
		{"429", accessreviewstest.Throttle("1")},
	}
	for _, a := range actions {
		for _, f := range faults {
			t.Run(a.name+"/"+f.name, func(t *testing.T) {
				t.Parallel()
				r := newReview(t, 3, 5)
				_, err := r.s.ClientAs(owner).Decisions.RecordMany(t.Context(), r.def, r.inst,
					[]accessreviews.DecisionRecord{{ID: r.decisions(t)[0].ID, Decision: accessreviews.DecisionDeny}}, nil)
				require.NoError(t, err)
				r.s.ResetRequests()
				r.s.FailPath(a.path(r), 1, f.fault)
				synctest.Test(t, func(t *testing.T) {
					err = a.run(t.Context(), r.client(t, newWire()), r)
				})
				sent := posts(r.s, "/v1.0"+a.path(r))
				require.NotEmpty(t, sent, "the action was sent")

				switch a.outcomes[f.name] {
				case trusted:
					assert.NoError(t, err, "a 2xx status line says the action was done")
					assert.Len(t, sent, 1, "never resent after a 2xx status line")
				case unknown:
					assert.Len(t, sent, 1, "never resent after an ambiguous failure")
					assert.ErrorIs(t, err, odata.ErrOutcomeUnknown)
					var oue *odata.OutcomeUnknownError
					if assert.ErrorAs(t, err, &oue) {
						assert.Equal(t, sent[0].Header.Get("client-request-id"), oue.ClientRequestID,
							"the error carries the id the request was sent with")
					}
					assert.Zero(t, a.effects(t, r), "the faulted request never reached the service")
				case retried:
					assert.NoError(t, err)
					assert.Len(t, sent, 2, "resent once: the first attempt certainly did nothing")
					assert.Equal(t, 1, a.effects(t, r), "took effect exactly once")
				}
			})
		}
	}
}

// secondDefinition is the definition the create cases send: another review
// of the large group, told apart from the suite's review by its name. It
// starts on the fake's default today.
func secondDefinition() *accessreviews.Definition {
	return &accessreviews.Definition{
		DisplayName: "Fault suite second review",
		Scope:       scope.Group(accessreviewstest.LargeGroupID).Members(),
		Reviewers:   []scope.Reviewer{scope.OwnersOfGroup(accessreviewstest.LargeGroupID)},
		Settings: accessreviews.Settings{
			InstanceDurationInDays: 7,
			Recurrence:             recurrence.Once().StartingOn(odata.Date{Year: 2026, Month: 1, Day: 5}),
		},
	}
}

// instancePath is the path of the review's instance below the API version.
func instancePath(r *review) string {
	return "/identityGovernance/accessReviews/definitions/" + string(r.def) + "/instances/" + string(r.inst)
}

// posts returns the POST requests the fake received at exactly path.
func posts(s *accessreviewstest.Server, path string) []accessreviewstest.Request {
	var out []accessreviewstest.Request
	for _, req := range s.Requests() {
		if req.Method == http.MethodPost && req.Path == path && !req.InBatch {
			out = append(out, req)
		}
	}
	return out
}
