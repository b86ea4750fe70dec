package accessreviewstest

import (
	"sync"
	"time"
)

// The access review store. It has its own mutex, separate from the
// directory's: handlers lock the store, then read or change the directory
// through its own locked methods, and the directory never calls back, so the
// two locks are always taken in that order.

// arPrefix is the root of every access review route.
const arPrefix = "/identityGovernance/accessReviews"

// zeroGUID is the identity the service writes in reviewedBy and appliedBy
// until someone acts.
const zeroGUID = "00000000-0000-0000-0000-000000000000"

// The status values of definitions, instances and stages (a String in the
// schema; the documents' examples also show Applied and Applying).
const (
	statusNotStarted   = "NotStarted"
	statusInitializing = "Initializing"
	statusInProgress   = "InProgress"
	statusCompleted    = "Completed"
	statusApplied      = "Applied"
	statusApplying     = "Applying"
)

// finished reports whether a status is past InProgress.
func finished(status string) bool {
	switch status {
	case statusCompleted, statusApplied, statusApplying, "AutoReviewed", "Completing":
		return true
	}
	return false
}

// The decision, recommendation, default-decision and apply-result values,
// cased as the documents case them.
const (
	decisionApprove     = "Approve"
	decisionDeny        = "Deny"
	decisionDontKnow    = "DontKnow"
	decisionNotReviewed = "NotReviewed"
	// decisionRecommendation is a defaultDecision and a
	// decisionsThatWillMoveToNextStage value, never a recorded decision.
	decisionRecommendation = "Recommendation"
	defaultNone            = "None"

	recommendApprove = "Approve"
	recommendDeny    = "Deny"
	recommendNoInfo  = "NoInfoAvailable"

	applyNew              = "New"
	applySuccess          = "AppliedSuccessfully"
	applyObjectNotFound   = "AppliedSuccessfullyButObjectNotFound"
	applyNotSupported     = "ApplyNotSupported"
	applyDescNotSupported = "the fake service does not apply this action"
)

// reviews holds definitions, their instances, decisions, stages and contacted
// reviewers, the history reports and the policy.
type reviews struct {
	s  *Server
	mu sync.Mutex

	defs     map[string]*definition
	defOrder []*definition

	history      map[string]*historyDef
	historyOrder []*historyDef
	// downloads maps the token of a generated download URI to its run.
	downloads map[string]*historyRun

	policy          policyState
	rolePolicy      []byte
	remindersByInst map[string]int
	// delegated holds the delegations of items (Server.DelegateReviews).
	delegated map[*decision][]delegation
}

// definition is a schedule definition and everything it owns.
type definition struct {
	id        string
	body      *definitionJSON
	status    string
	createdBy identityJSON
	// created is the creation instant: the first instance starts then when
	// the recurrence starts on or before that day.
	created  time.Time
	modified time.Time
	deleted  bool
	stopped  bool
	// unified marks a user-centric (catalog-scope) definition created
	// through the unified route, which is where it is addressed.
	unified bool
	sched   schedule
	// openedFirst and nextK record the occurrences already turned into
	// instances (the first, and those before occurrence nextK), so that a
	// clock moving back and forth opens each once.
	openedFirst bool
	nextK       int
	instances   []*instance
	instByID    map[string]*instance
}

// instance is one run of a definition, for one occurrence and, in an
// all-groups review, one group.
type instance struct {
	id      string
	def     *definition
	start   time.Time
	end     time.Time
	status  string
	groupID string
	// scope is the instance's scope as served: the definition's scope with
	// "./" rewritten to the instance's group.
	scope *scopeJSON
	// settings and stage plan are frozen when the instance opens: a PUT of
	// the definition affects only later instances.
	settings  settingsJSON
	stagePlan []stageSettingsJSON
	reviewers []scopeJSON
	fallback  []scopeJSON

	materialized bool
	decisions    []*decision
	decByID      map[string]*decision
	stages       []*stage
	contacted    []contactedReviewer
	reminders    int
	appliedOnce  bool
	// views caches the served form of decisions per rendering mode, so that
	// paging through 100,000 items does not rebuild the slice per page.
	views map[viewMode][]decisionView
}

// stage is one stage of a multi-stage instance.
type stage struct {
	id        string
	settings  stageSettingsJSON
	start     time.Time
	end       time.Time
	status    string
	reviewers []scopeJSON
	fallback  []scopeJSON
	decisions []*decision
	decByID   map[string]*decision
	views     map[viewMode][]decisionView
}

// contactedReviewer is one resolved reviewer of an instance.
type contactedReviewer struct {
	ID                string `json:"id"`
	DisplayName       string `json:"displayName"`
	UserPrincipalName string `json:"userPrincipalName"`
	CreatedDateTime   string `json:"createdDateTime"`
}

// newReviews returns an empty store for s.
func newReviews(s *Server) *reviews {
	return &reviews{
		s:               s,
		defs:            make(map[string]*definition),
		history:         make(map[string]*historyDef),
		downloads:       make(map[string]*historyRun),
		policy:          defaultPolicy(),
		remindersByInst: make(map[string]int),
	}
}

// RemindersSent returns how many times sendReminder succeeded on an instance,
// so a test can check that a bot reminded reviewers exactly once.
func (s *Server) RemindersSent(defID, instID string) int {
	s.ar.mu.Lock()
	defer s.ar.mu.Unlock()
	return s.ar.remindersByInst[key(defID)+"/"+key(instID)]
}

// lookupDef returns a live definition or writes 404.
func (r *reviews) lookupDef(c *call, id string) (*definition, bool) {
	d, ok := r.defs[key(id)]
	if !ok || d.deleted || !c.sees(d) {
		c.Error(404, codeNotFound, "accessReviewScheduleDefinition "+id+" was not found")
		return nil, false
	}
	return d, true
}

// lookupInst returns an instance of a live definition or writes 404.
func (r *reviews) lookupInst(c *call, defID, instID string) (*instance, bool) {
	d, ok := r.lookupDef(c, defID)
	if !ok {
		return nil, false
	}
	in, ok := d.instByID[key(instID)]
	if !ok {
		c.Error(404, codeNotFound, "accessReviewInstance "+instID+" was not found")
		return nil, false
	}
	r.ensureMaterialized(in)
	return in, true
}

// lookupStage returns a stage of an instance or writes 404.
func (r *reviews) lookupStage(c *call, defID, instID, stageID string) (*instance, *stage, bool) {
	in, ok := r.lookupInst(c, defID, instID)
	if !ok {
		return nil, nil, false
	}
	for _, st := range in.stages {
		if key(st.id) == key(stageID) {
			return in, st, true
		}
	}
	c.Error(404, codeNotFound, "accessReviewStage "+stageID+" was not found")
	return nil, nil, false
}

// liveDefs returns the definitions not deleted, in creation order.
func (r *reviews) liveDefs() []*definition {
	out := make([]*definition, 0, len(r.defOrder))
	for _, d := range r.defOrder {
		if !d.deleted {
			out = append(out, d)
		}
	}
	return out
}

// invalidate drops the cached decision views of an instance and its stages
// after decisions were added or removed (changes to a decision's state need
// no invalidation: views hold pointers).
func (in *instance) invalidate() {
	in.views = nil
	for _, st := range in.stages {
		st.views = nil
	}
}

// callerIdentity returns the userIdentity of the caller: the signed-in user,
// or, for an application, the service's own name.
func (r *reviews) callerIdentity(c *call) identityJSON {
	if c.Caller.UserID != "" {
		if u, ok := r.s.dir.user(c.Caller.UserID); ok {
			return identityJSON{ID: u.ID, DisplayName: u.DisplayName, UserPrincipalName: u.UserPrincipalName}
		}
		return identityJSON{ID: c.Caller.UserID}
	}
	return identityJSON{ID: zeroGUID, DisplayName: "Application"}
}

// nobody is the zero-GUID identity of an item nobody acted on.
var nobody = identityJSON{ID: zeroGUID}

// serviceIdentity is how the service names itself when it records a default
// decision, as the guest tutorial's response shows.
var serviceIdentity = identityJSON{ID: zeroGUID, DisplayName: "AAD Access Reviews", UserPrincipalName: "AAD Access Reviews"}

// formatTime writes an instant as the service does (UTC, RFC 3339, with the
// fraction only when there is one).
func formatTime(t time.Time) string {
	return t.UTC().Format(time.RFC3339Nano)
}

// timePtr returns nil for the zero time, the formatted instant otherwise.
func timePtr(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := formatTime(t)
	return &s
}

// routes registers every access review endpoint on s: those of v1.0
// (served by beta too), then the beta-only ones.
func (r *reviews) routes(s *Server) {
	const (
		defs  = arPrefix + "/definitions"
		def   = defs + "/{def}"
		inst  = def + "/instances/{inst}"
		stg   = inst + "/stages/{stage}"
		hist  = arPrefix + "/historyDefinitions"
		fbu   = "/filterByCurrentUser(on='reviewer')"
		fbuD  = "/filterByCurrentUser(on='directReviewer')"
		fbuG  = "/filterByCurrentUser(on='delegatedReviewer')"
		decs  = inst + "/decisions"
		sdecs = stg + "/decisions"
		uni   = arPrefix + "/unified"
		udef  = uni + "/definitions/{def}"
		uinst = udef + "/instances/{inst}"
		batch = "/batchApplyCustomDataProvidedResourceDecisions"
	)
	for pattern, h := range map[string]func(*call){
		"GET " + defs:           r.listDefinitions,
		"POST " + defs:          r.createDefinition,
		"GET " + defs + fbu:     r.listDefinitionsForCurrentUser,
		"GET " + def:            r.getDefinition,
		"PUT " + def:            r.updateDefinition,
		"DELETE " + def:         r.deleteDefinition,
		"POST " + def + "/stop": r.stopDefinition,

		"GET " + def + "/instances":               r.listInstances,
		"GET " + def + "/instances" + fbu:         r.listInstancesForCurrentUser,
		"GET " + inst:                             r.getInstance,
		"PUT " + inst:                             r.updateInstance,
		"PATCH " + inst:                           r.updateInstance,
		"POST " + inst + "/stop":                  r.stopInstance,
		"POST " + inst + "/applyDecisions":        r.applyInstance,
		"POST " + inst + "/resetDecisions":        r.resetInstance,
		"POST " + inst + "/sendReminder":          r.remindInstance,
		"POST " + inst + "/acceptRecommendations": r.acceptRecommendations,
		"POST " + inst + "/batchRecordDecisions":  r.batchRecord,
		"GET " + inst + "/contactedReviewers":     r.listContactedReviewers,

		"GET " + decs:                     r.listDecisions,
		"GET " + decs + fbu:               r.listDecisionsForCurrentUser,
		"GET " + decs + "/{dec}":          r.getDecision,
		"PATCH " + decs + "/{dec}":        r.patchDecision,
		"GET " + decs + "/{dec}/insights": r.listInsights,

		"GET " + inst + "/stages":                r.listStages,
		"GET " + inst + "/stages" + fbu:          r.listStagesForCurrentUser,
		"GET " + stg:                             r.getStage,
		"PATCH " + stg:                           r.patchStage,
		"POST " + stg + "/stop":                  r.stopStage,
		"POST " + stg + "/acceptRecommendations": r.acceptStageRecommendations,
		"POST " + stg + "/batchRecordDecisions":  r.batchRecordStage,
		"GET " + sdecs:                           r.listStageDecisions,
		"GET " + sdecs + fbu:                     r.listStageDecisionsForUser,
		"GET " + sdecs + "/{dec}":                r.getDecision,
		"PATCH " + sdecs + "/{dec}":              r.patchDecision,

		"GET " + hist:                       r.listHistory,
		"POST " + hist:                      r.createHistory,
		"GET " + hist + "/{hist}":           r.getHistory,
		"GET " + hist + "/{hist}/instances": r.listHistoryRuns,
		"POST " + hist + "/{hist}/instances/{run}/generateDownloadUri": r.generateDownloadURI,

		// The unified (catalog-scope) reviews (unifiedRoot), v1.0 and beta.
		"GET " + uni + "/definitions":               r.listDefinitions,
		"POST " + uni + "/definitions":              r.createDefinition,
		"GET " + udef:                               r.getDefinition,
		"DELETE " + udef:                            r.deleteDefinition,
		"GET " + udef + "/instances":                r.listInstances,
		"GET " + uinst:                              r.getInstance,
		"GET " + uinst + "/decisions":               r.listDecisions,
		"POST " + uinst + "/stop":                   r.stopInstance,
		"POST " + uinst + "/applyDecisions":         r.applyInstance,
		"POST " + uni + "/instances/{inst}" + batch: r.batchApplyCustom,
	} {
		s.route(pattern, h)
	}
	for pattern, h := range map[string]func(*call){
		"GET " + arPrefix + "/instances":                 r.listAllInstances,
		"GET /me/pendingAccessReviewInstances":           r.pendingForMe,
		"GET /users/{user}/pendingAccessReviewInstances": r.pendingForUser,
		"GET " + inst + "/definition":                    r.instanceDefinition,
		"POST " + inst + batch:                           r.batchApplyCustom,

		"GET " + def + "/instances" + fbuD: r.listInstancesDirect,
		"GET " + def + "/instances" + fbuG: r.listInstancesDelegated,
		"GET " + decs + fbuD:               r.listDecisionsDirect,
		"GET " + decs + fbuG:               r.listDecisionsDelegated,
		"GET " + sdecs + fbuD:              r.listStageDecisionsDirect,
		"GET " + sdecs + fbuG:              r.listStageDecisionsDelegated,

		"GET " + decs + "/{dec}/instance":                               r.decisionInstance,
		"POST " + decs + "/recordAllDecisions":                          r.recordAll,
		"GET " + arPrefix + "/decisions" + fbu:                          r.listPendingForUser,
		"POST " + arPrefix + "/decisions" + fbu + "/recordAllDecisions": r.recordAll,

		"GET /policies/accessReviewPolicy":                r.getPolicy,
		"PATCH /policies/accessReviewPolicy":              r.patchPolicy,
		"GET " + arPrefix + "/policy":                     r.getPolicy,
		"PATCH " + arPrefix + "/policy":                   r.patchPolicy,
		"GET /policies/directoryRoleAccessReviewPolicy":   r.getRolePolicy,
		"PATCH /policies/directoryRoleAccessReviewPolicy": r.patchRolePolicy,
	} {
		s.routeBeta(pattern, h)
	}
}
