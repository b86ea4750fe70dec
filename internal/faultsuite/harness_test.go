package faultsuite

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// TestMain fails the run if any goroutine outlives the tests: the suites
// cancel calls midway, retry through resets and wait at the throttle gate,
// and every one of those must stop when its call ends.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// owner is the reviewer of every review the suites create: the owner of the
// large group, who may record decisions with a delegated token.
const owner = accessreviewstest.LargeGroupOwnerID

// faultMix is the failure mix of the suites: 429 with and without Retry-After,
// 503, 504, connection resets and truncated bodies, in equal shares. The
// Retry-After is the fractional value of Graph's documentation; inside a
// synctest bubble it costs no real time.
func faultMix() []accessreviewstest.Fault {
	return []accessreviewstest.Fault{
		accessreviewstest.Throttle("2.128"),
		accessreviewstest.Throttle(""),
		accessreviewstest.Unavailable(),
		accessreviewstest.GatewayTimeout(),
		accessreviewstest.ConnectionReset(),
		accessreviewstest.TruncatedBody(),
	}
}

// patientPolicy retries up to the transport's ceiling. At a 20% fault rate
// four failures in a row (the default budget) happen about once per 600
// calls, which a 1,000-page listing would hit; eleven in a row about once
// per 20 million.
func patientPolicy() odata.RetryPolicy {
	return odata.RetryPolicy{MaxRetries: 10}
}

// review is a started one-time review of every member of a large group,
// reviewed by the group's owner, on its own fake server.
type review struct {
	s    *accessreviewstest.Server
	def  accessreviews.DefinitionID
	inst accessreviews.InstanceID
}

// newReview starts a fake server with a group of n users, creates the
// review through the SDK (it starts at once: its start date is the server's
// today) and reads its one instance back. It runs outside any bubble: the
// server's goroutines must not belong to one.
func newReview(t *testing.T, n int, seed int64, opts ...accessreviewstest.Option) *review {
	t.Helper()
	s := accessreviewstest.NewServer(append([]accessreviewstest.Option{
		accessreviewstest.WithDirectory(adminOwner(n)),
		accessreviewstest.WithSeed(seed),
	}, opts...)...)
	t.Cleanup(s.Close)
	return addReview(t, s, "Fault suite review of "+strconv.Itoa(n)+" members")
}

// adminOwner is the large group's directory whose owner also administers
// access reviews (Identity Governance Administrator): the suites drive the
// administrator's operations (stop, reminders, listing every item) and the
// reviewer's (recording) through one signed-in client.
func adminOwner(n int) accessreviewstest.Directory {
	dir := accessreviewstest.LargeGroupDirectory(n)
	dir.Roles = append(dir.Roles, accessreviewstest.NewRole(accessreviewstest.RoleIdentityGovernanceAdministrator, owner))
	return dir
}

// addReview creates another started review of the large group's members on
// s, named name; its decisions are items of their own.
func addReview(t *testing.T, s *accessreviewstest.Server, name string) *review {
	t.Helper()
	ctx := t.Context()
	c := s.Client()
	def, err := c.Definitions.Create(ctx, &accessreviews.Definition{
		DisplayName: name,
		Scope:       scope.Group(accessreviewstest.LargeGroupID).Members(),
		Reviewers:   []scope.Reviewer{scope.OwnersOfGroup(accessreviewstest.LargeGroupID)},
		Settings: accessreviews.Settings{
			RecommendationsEnabled: true,
			InstanceDurationInDays: 7,
			Recurrence:             recurrence.Once().StartingOn(odata.DateOf(s.Clock().Now())),
		},
	})
	require.NoError(t, err)
	var insts []accessreviews.Instance
	for in, err := range c.Instances.List(ctx, def.ID, nil) {
		require.NoError(t, err)
		insts = append(insts, in)
	}
	require.Len(t, insts, 1, "a one-time review has one instance")
	require.Equal(t, accessreviews.StatusInProgress, insts[0].Status, "the review started at creation")
	return &review{s: s, def: def.ID, inst: insts[0].ID}
}

// decisions lists every decision of the review with a fault-free client
// outside any bubble: the reference the faulted runs are compared with.
func (r *review) decisions(t *testing.T) []accessreviews.DecisionItem {
	t.Helper()
	var out []accessreviews.DecisionItem
	for d, err := range r.s.Client().Decisions.List(t.Context(), r.def, r.inst, nil) {
		require.NoError(t, err)
		out = append(out, d)
	}
	return out
}

// graphRequests counts the requests the fake's Graph host received, faulted
// ones included and $batch items left out (their envelope counts once).
func graphRequests(s *accessreviewstest.Server) int {
	n := 0
	for _, r := range s.Requests() {
		if !r.InBatch {
			n++
		}
	}
	return n
}

// attempt is one HTTP attempt as the client's transport saw it, stamped
// with the clock of the bubble it ran in.
type attempt struct {
	Seq int
	// SentTick and DoneTick order the moments the attempt was sent and
	// its answer came back among all such moments of the wire, which the
	// bubble's clock cannot: no bubble time passes during network I/O.
	SentTick, DoneTick int
	Method, Path       string
	Sent, Done         time.Time
	Status             int // 0 when the attempt failed without a response
	RetryAfter         string
	Err                error
	// BodyErr is the error that cut the response body short (a truncated
	// body), nil when it was read to its end or not at all.
	BodyErr error
}

// wire is the HTTP transport under one SDK client inside a synctest bubble.
// It records every attempt, and its hooks let a test act (cancel a context)
// at an exact point of the exchange. Keep-alives are off: an idle
// connection's reader blocks on the network, which would keep the bubble's
// clock from advancing, so each attempt dials afresh over loopback.
type wire struct {
	base http.RoundTripper
	// before runs before attempt seq is sent, after runs once its
	// response headers (or its error) came back. Either may be nil.
	before, after func(seq int)

	mu       sync.Mutex
	attempts []attempt
	tick     int
}

// newWire returns a wire over a fresh transport without keep-alives.
func newWire() *wire {
	return &wire{base: &http.Transport{DisableKeepAlives: true}}
}

// RoundTrip records the attempt and runs the hooks around it.
func (w *wire) RoundTrip(req *http.Request) (*http.Response, error) {
	w.mu.Lock()
	seq := len(w.attempts) + 1
	w.tick++
	w.attempts = append(w.attempts, attempt{Seq: seq, SentTick: w.tick, Method: req.Method, Path: req.URL.Path, Sent: time.Now()})
	w.mu.Unlock()
	if w.before != nil {
		w.before(seq)
	}
	resp, err := w.base.RoundTrip(req)
	w.mu.Lock()
	a := &w.attempts[seq-1]
	w.tick++
	a.Done, a.DoneTick, a.Err = time.Now(), w.tick, err
	if resp != nil {
		a.Status, a.RetryAfter = resp.StatusCode, resp.Header.Get("Retry-After")
		resp.Body = &watchedBody{ReadCloser: resp.Body, w: w, seq: seq}
	}
	w.mu.Unlock()
	if w.after != nil {
		w.after(seq)
	}
	return resp, err
}

// watchedBody notes in its wire the error that cut a body short.
type watchedBody struct {
	io.ReadCloser
	w   *wire
	seq int
}

// Read reads from the body and records any error but io.EOF.
func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		b.w.mu.Lock()
		if a := &b.w.attempts[b.seq-1]; a.BodyErr == nil {
			a.BodyErr = err
		}
		b.w.mu.Unlock()
	}
	return n, err
}

// log returns a copy of the attempts so far.
func (w *wire) log() []attempt {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]attempt(nil), w.attempts...)
}

// count returns how many attempts were made.
func (w *wire) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.attempts)
}

// client returns an access reviews client of the server, signed in as the
// review's owner, sending through w; opts come last and win. It must be
// called inside the bubble the client is used in, so that its timers
// (backoff, Retry-After, the throttle gate) run on the bubble's clock.
func (r *review) client(t *testing.T, w *wire, opts ...odata.Option) *accessreviews.Client {
	t.Helper()
	all := append(r.s.OptionsAs(owner), odata.WithHTTPClient(&http.Client{Transport: w}))
	c, err := accessreviews.NewClient(append(all, opts...)...)
	require.NoError(t, err)
	return c
}

// listAll ranges over every decision of the review with c and returns the
// items and the first error.
func (r *review) listAll(ctx context.Context, c *accessreviews.Client, opts *accessreviews.ListOptions) ([]accessreviews.DecisionItem, error) {
	var out []accessreviews.DecisionItem
	for d, err := range c.Decisions.List(ctx, r.def, r.inst, opts) {
		if err != nil {
			return out, err
		}
		out = append(out, d)
	}
	return out, nil
}
