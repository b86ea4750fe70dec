package legacytest

//lint:file-ignore SA1019 serving and migrating the retired legacy API is this file's purpose

import (
	"net/http"
	"sync"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/accessreviews/legacy"
	"github.com/graphkit/governance/odata"
)

// Server is a fake Graph that serves the retired legacy API under /beta
// beside everything an accessreviewstest.Server serves, on the same host,
// with the same directory, clock, faults and request log. Its methods add
// the legacy data and clients; the embedded Server's methods work as they
// do alone.
type Server struct {
	*accessreviewstest.Server
	legacy *legacyStore
}

// NewServer starts an accessreviewstest.Server with opts and mounts the
// legacy API on it. Close it when done, typically with t.Cleanup(s.Close).
func NewServer(opts ...accessreviewstest.Option) *Server {
	return Mount(accessreviewstest.NewServer(opts...))
}

// Mount serves the legacy API on a running fake, under /beta. Mount a
// server once: a second Mount panics, as its routes exist already.
func Mount(s *accessreviewstest.Server) *Server {
	out := &Server{Server: s}
	out.legacy = newLegacyStore(out)
	out.legacy.routes()
	return out
}

// legacyStore is the server's legacy data. Its mutex is its own; handlers
// lock it and then call the directory's locked methods, never the reverse.
type legacyStore struct {
	s   *Server
	mu  sync.Mutex
	ids *idSource

	// holding is false while the server answers as the retired service.
	holding bool

	reviews   map[string]*legacyReview
	order     []*legacyReview
	templates []legacy.BusinessFlowTemplate
	programs  map[string]*legacyProgram
	progOrder []*legacyProgram
	controls  []*legacy.ProgramControl
	ctlTypes  []legacy.ProgramControlType
	reminders map[string]int
}

// legacyReview is a review or a series with what hangs off it. The
// navigation properties of ar are kept apart so that ar is served as the
// service served an entity: without them.
type legacyReview struct {
	ar        legacy.AccessReview
	reviewers []legacy.Reviewer
	decisions []legacy.Decision
	instances []*legacyReview
	deleted   bool
}

// legacyProgram is a program; its controls live in legacyStore.controls.
type legacyProgram struct {
	p       legacy.Program
	deleted bool
}

// newLegacyStore returns an empty, retired store for s.
func newLegacyStore(s *Server) *legacyStore {
	return &legacyStore{
		s:         s,
		ids:       newIDSource(),
		reviews:   make(map[string]*legacyReview),
		programs:  make(map[string]*legacyProgram),
		reminders: make(map[string]int),
	}
}

// HoldLegacyReviews makes the server hold legacy reviews and answer the
// beta accessReview endpoints from them, as the service did before 19 May
// 2023 (see LegacyClient). Each review's Reviewers, Decisions and Instances
// become its reviewers, decisions and instances (MyDecisions is computed per
// caller and ignored here). A review, instance or decision without an ID
// gets one from the server's seed. A review with no Status has one computed
// from its dates against the server's Clock. The IDs of the top-level
// reviews are returned in order.
//
// Reviews are listed by template ID, so hold their templates too
// (HoldLegacyTemplates) for code that reads them to convert reviews.
func (s *Server) HoldLegacyReviews(reviews ...legacy.AccessReview) []legacy.AccessReviewID {
	l := s.legacy
	l.mu.Lock()
	defer l.mu.Unlock()
	l.holding = true
	ids := make([]legacy.AccessReviewID, 0, len(reviews))
	for _, ar := range reviews {
		lr := l.add(ar)
		l.order = append(l.order, lr)
		ids = append(ids, lr.ar.ID)
	}
	return ids
}

// HoldLegacyTemplates makes the server hold the business flow templates
// reviews were created from, listed by GET /beta/businessFlowTemplates.
// While templates are held, creating a review from another template ID is
// refused with 400, as the service refused an unknown template (IDs are
// compared case-sensitively).
func (s *Server) HoldLegacyTemplates(templates ...legacy.BusinessFlowTemplate) {
	l := s.legacy
	l.mu.Lock()
	defer l.mu.Unlock()
	l.holding = true
	for _, t := range templates {
		if t.ID == "" {
			t.ID = l.ids.guid()
		}
		l.templates = append(l.templates, t)
	}
}

// HoldLegacyPrograms makes the server hold programs and, from each
// program's Controls, their program controls (a control's ProgramID is set
// to its program). Programs and controls without an ID get one. The
// program IDs are returned in order.
func (s *Server) HoldLegacyPrograms(programs ...legacy.Program) []legacy.ProgramID {
	l := s.legacy
	l.mu.Lock()
	defer l.mu.Unlock()
	l.holding = true
	ids := make([]legacy.ProgramID, 0, len(programs))
	for _, p := range programs {
		if p.ID == "" {
			p.ID = legacy.ProgramID(l.ids.guid())
		}
		for _, pc := range p.Controls {
			pc.ProgramID = p.ID
			l.addControl(pc, s.Clock().Now())
		}
		p.Controls = nil
		lp := &legacyProgram{p: p}
		l.programs[key(string(p.ID))] = lp
		l.progOrder = append(l.progOrder, lp)
		ids = append(ids, p.ID)
	}
	return ids
}

// HoldLegacyControlTypes makes the server hold the program control types
// listed by GET /beta/programControlTypes.
func (s *Server) HoldLegacyControlTypes(types ...legacy.ProgramControlType) {
	l := s.legacy
	l.mu.Lock()
	defer l.mu.Unlock()
	l.holding = true
	l.ctlTypes = append(l.ctlTypes, types...)
}

// LegacyClient returns a legacy client calling the server as an
// application (legacy.AppOnly), whose create validation uses the server's
// Clock.
func (s *Server) LegacyClient() *legacy.Client {
	return s.newLegacyClient(s.Options(), legacy.AppOnly())
}

// LegacyClientAs returns a legacy client calling the server as the
// signed-in user userID, whose create validation uses the server's Clock.
func (s *Server) LegacyClientAs(userID string) *legacy.Client {
	return s.newLegacyClient(s.OptionsAs(userID))
}

// LegacyRemindersSent returns how many times sendReminder succeeded on the
// legacy review id.
func (s *Server) LegacyRemindersSent(id legacy.AccessReviewID) int {
	s.legacy.mu.Lock()
	defer s.legacy.mu.Unlock()
	return s.legacy.reminders[key(string(id))]
}

func (s *Server) newLegacyClient(opts []odata.Option, lopts ...legacy.Option) *legacy.Client {
	oc, err := odata.NewClient(opts...)
	if err != nil {
		panic("legacytest: " + err.Error()) // the options are valid by construction
	}
	return legacy.New(oc, append(lopts, legacy.WithClock(s.Clock().Now))...)
}

// add indexes ar and its instances, giving IDs to what has none. The
// caller holds l.mu.
func (l *legacyStore) add(ar legacy.AccessReview) *legacyReview {
	if ar.ID == "" {
		ar.ID = legacy.AccessReviewID(l.ids.guid())
	}
	lr := &legacyReview{reviewers: ar.Reviewers, decisions: ar.Decisions}
	for i := range lr.decisions {
		d := &lr.decisions[i]
		if d.ID == "" {
			d.ID = l.ids.guid()
		}
		if d.AccessReviewID == "" {
			d.AccessReviewID = ar.ID
		}
	}
	for _, inst := range ar.Instances {
		if inst.BusinessFlowTemplateID == "" {
			inst.BusinessFlowTemplateID = ar.BusinessFlowTemplateID
		}
		lr.instances = append(lr.instances, l.add(inst))
	}
	ar.Reviewers, ar.Decisions, ar.MyDecisions, ar.Instances = nil, nil, nil, nil
	lr.ar = ar
	l.reviews[key(string(ar.ID))] = lr
	return lr
}

// lookup returns a live review, or writes 404 itemNotFound: always while
// the server answers as the retired service.
func (l *legacyStore) lookup(c *call) (*legacyReview, bool) {
	id := c.r.PathValue("id")
	lr, ok := l.reviews[key(id)]
	if !l.holding || !ok || lr.deleted {
		c.Error(http.StatusNotFound, codeNotFound, "accessReview "+id+" was not found")
		return nil, false
	}
	return lr, true
}

// served returns the review as the service returned it: no navigation
// properties, and the status computed from the dates when none is set.
func (lr *legacyReview) served(now time.Time) legacy.AccessReview {
	ar := lr.ar
	ar.Status = lr.status(now)
	return ar
}

// status is the review's explicit status (held, or set by an action), or
// else its place between its dates.
func (lr *legacyReview) status(now time.Time) accessreviews.Status {
	switch {
	case lr.ar.Status != "":
		return lr.ar.Status
	case now.Before(lr.ar.StartDateTime.Time):
		return accessreviews.StatusNotStarted
	case lr.ar.EndDateTime.IsZero() || now.Before(lr.ar.EndDateTime.Time):
		return accessreviews.StatusInProgress
	}
	return accessreviews.StatusCompleted
}

// routes registers every legacy endpoint under /beta: the legacy API never
// existed in v1.0, whose paths stay 404 as on Graph.
func (l *legacyStore) routes() {
	const (
		ar  = "/accessReviews"
		one = ar + "/{id}"
	)
	for pattern, h := range map[string]func(*call){
		"GET " + ar:                         l.listReviews,
		"POST " + ar:                        l.createReview,
		"GET " + one:                        l.getReview,
		"PATCH " + one:                      l.updateReview,
		"DELETE " + one:                     l.deleteReview,
		"GET " + one + "/reviewers":         l.listReviewers,
		"POST " + one + "/reviewers":        l.addReviewer,
		"DELETE " + one + "/reviewers/{rv}": l.removeReviewer,
		"GET " + one + "/decisions":         l.listDecisions,
		"GET " + one + "/myDecisions":       l.listMyDecisions,
		"GET " + one + "/instances":         l.listInstances,
		"POST " + one + "/sendReminder":     l.sendReminder,
		"POST " + one + "/stop":             l.stop,
		"POST " + one + "/resetDecisions":   l.resetDecisions,
		"POST " + one + "/applyDecisions":   l.applyDecisions,

		"GET /accessReviewDecisions": l.listAllDecisions,
		"GET /businessFlowTemplates": l.listTemplates,
		"GET /programControlTypes":   l.listControlTypes,

		"GET /programs":                l.listPrograms,
		"POST /programs":               l.createProgram,
		"GET /programs/{id}":           l.getProgram,
		"PATCH /programs/{id}":         l.updateProgram,
		"DELETE /programs/{id}":        l.deleteProgram,
		"GET /programs/{id}/controls":  l.listProgramControls,
		"GET /programControls":         l.listControls,
		"POST /programControls":        l.createControl,
		"GET /programControls/{id}":    l.getControl,
		"DELETE /programControls/{id}": l.deleteControl,
	} {
		l.s.route(pattern, h)
	}
}
