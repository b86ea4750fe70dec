package accessreviewstest

import (
	"bytes"
	"encoding/csv"
	"encoding/json/jsontext"
	"encoding/json/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/graphkit/governance/internal/odataserver"
)

// History reports. Creating a report (201, status requested) creates its run
// at once, inprogress; the run is done at the next tick (the next request or
// clock move), when its CSV is taken: a snapshot of the decisions of the
// reviews the report's scopes select whose instances started within the
// report's period, narrowed to the report's decision filters.
// generateDownloadUri (run done only) returns a URI on the download host with
// a SAS-like query (sv, se, sr, sp, sig) valid 24 hours; the download host
// serves the CSV to a request carrying a valid, unexpired sig and answers
// anything else with the storage service's 403 AuthenticationFailed (XML).
//
// The CSV columns follow the portal's export: ReviewId, ReviewName,
// InstanceId, ReviewStartDateTime, ReviewEndDateTime, ResourceId,
// ResourceDisplayName, PrincipalId, PrincipalDisplayName,
// PrincipalUserPrincipalName, PrincipalType, Decision, Recommendation,
// Justification, ReviewedById, ReviewedByDisplayName, ReviewedDateTime,
// AppliedById, AppliedDateTime, ApplyResult.

// historyColumns is the CSV header row.
var historyColumns = []string{"ReviewId", "ReviewName", "InstanceId", "ReviewStartDateTime", "ReviewEndDateTime",
	"ResourceId", "ResourceDisplayName", "PrincipalId", "PrincipalDisplayName", "PrincipalUserPrincipalName",
	"PrincipalType", "Decision", "Recommendation", "Justification", "ReviewedById", "ReviewedByDisplayName",
	"ReviewedDateTime", "AppliedById", "AppliedDateTime", "ApplyResult"}

// The history statuses (accessReviewHistoryStatus, as the documents' examples
// case them).
const (
	historyRequested  = "requested"
	historyInProgress = "inprogress"
	historyDone       = "done"
)

// historyDefJSON is an accessReviewHistoryDefinition as a request sends it
// and as the fake keeps it.
type historyDefJSON struct {
	DisplayName                      string               `json:"displayName"`
	Decisions                        []string             `json:"decisions"`
	ReviewHistoryPeriodStartDateTime string               `json:"reviewHistoryPeriodStartDateTime,omitzero"`
	ReviewHistoryPeriodEndDateTime   string               `json:"reviewHistoryPeriodEndDateTime,omitzero"`
	Scopes                           []scopeJSON          `json:"scopes"`
	ScheduleSettings                 *historyScheduleJSON `json:"scheduleSettings,omitzero"`
	Extra                            jsontext.Value       `json:",embed"`
}

// historyScheduleJSON is an accessReviewHistoryScheduleSettings.
type historyScheduleJSON struct {
	Recurrence  *recurrenceJSON `json:"recurrence"`
	ReportRange string          `json:"reportRange"`
	Extra       jsontext.Value  `json:",embed"`
}

// historyOut is an accessReviewHistoryDefinition as served.
type historyOut struct {
	ID              string           `json:"id"`
	Status          string           `json:"status"`
	CreatedBy       identityJSON     `json:"createdBy"`
	CreatedDateTime string           `json:"createdDateTime"`
	Instances       []historyRunJSON `json:"instances,omitzero"`
	historyDefJSON
}

// historyDef is a history report definition.
type historyDef struct {
	id        string
	def       historyDefJSON
	status    string
	createdBy identityJSON
	created   time.Time
	runs      []*historyRun
}

// historyRun is one run of a report.
type historyRun struct {
	id          string
	def         *historyDef
	status      string
	runAt       time.Time
	fulfilled   time.Time
	start, end  time.Time
	downloadURI string
	sig         string
	sigExpiry   time.Time
	csv         []byte
}

// historyRunJSON is the wire shape of an accessReviewHistoryInstance.
type historyRunJSON struct {
	ID                               string  `json:"id"`
	Status                           string  `json:"status"`
	DownloadURI                      *string `json:"downloadUri"`
	ExpirationDateTime               string  `json:"expirationDateTime"`
	FulfilledDateTime                *string `json:"fulfilledDateTime"`
	ReviewHistoryPeriodStartDateTime *string `json:"reviewHistoryPeriodStartDateTime"`
	ReviewHistoryPeriodEndDateTime   *string `json:"reviewHistoryPeriodEndDateTime"`
	RunDateTime                      string  `json:"runDateTime"`
}

func (h *historyRun) wire() historyRunJSON {
	w := historyRunJSON{ID: h.id, Status: h.status, ExpirationDateTime: formatTime(h.runAt.AddDate(0, 0, 30)),
		FulfilledDateTime: timePtr(h.fulfilled), ReviewHistoryPeriodStartDateTime: timePtr(h.start),
		ReviewHistoryPeriodEndDateTime: timePtr(h.end), RunDateTime: formatTime(h.runAt)}
	if h.downloadURI != "" {
		w.DownloadURI = &h.downloadURI
	}
	return w
}

// wire renders a report definition, with its runs when expanded.
func (h *historyDef) wire(expand bool) rawJSON {
	out := historyOut{ID: h.id, Status: h.status, CreatedBy: h.createdBy,
		CreatedDateTime: formatTime(h.created), historyDefJSON: h.def}
	if out.Decisions == nil {
		out.Decisions = []string{}
	}
	out.Scopes = servedScopes(out.Scopes)
	if expand {
		out.Instances = []historyRunJSON{}
		for _, run := range h.runs {
			out.Instances = append(out.Instances, run.wire())
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		return rawJSON("null")
	}
	return b
}

func (r *reviews) createHistory(c *call) {
	var hd historyDefJSON
	if !isJSONObject(c.Body()) {
		c.Error(http.StatusBadRequest, codeBadRequest, "Empty Payload. JSON content expected.")
		return
	}
	if !c.Decode(&hd) || !r.canWriteScope(c, nil) {
		return
	}
	hd.Extra = dropMembers(hd.Extra, []string{"@odata.context", "@odata.type", "id", "status", "createdBy", "createdDateTime", "instances"})
	start, end, p := historyProblems(&hd)
	if len(p) > 0 {
		c.Error(http.StatusBadRequest, codeBadRequest, p.String())
		return
	}
	r.mu.Lock()
	now := r.s.clock.Now()
	h := &historyDef{id: r.s.newID(), def: hd, status: historyRequested, createdBy: r.callerIdentity(c), created: now}
	if hd.ScheduleSettings != nil {
		rr, _ := parseDuration(hd.ScheduleSettings.ReportRange)
		end, start = now, rr.before(now)
	}
	h.runs = append(h.runs, &historyRun{id: r.s.newID(), def: h, status: historyInProgress, runAt: now, start: start, end: end})
	r.history[key(h.id)] = h
	r.historyOrder = append(r.historyOrder, h)
	out := h.wire(false)
	r.mu.Unlock()
	c.JSON(http.StatusCreated, out)
}

// historyProblems checks a report definition (accessReviewHistoryDefinition
// and accessReviewSet: Create historyDefinitions) and returns its period.
func historyProblems(hd *historyDefJSON) (start, end time.Time, p problems) {
	// displayName: "Name for the access review history data collection.
	// Required."
	if strings.TrimSpace(hd.DisplayName) == "" {
		p.add("displayName", "is required")
	}
	// scopes: "Used to scope what reviews are included in the fetched
	// history data. ... Required."
	if len(hd.Scopes) == 0 {
		p.add("scopes", "at least one scope is required")
	}
	// decisions: "Possible values are: approve, deny, dontKnow, notReviewed,
	// and notNotified."
	for i, d := range hd.Decisions {
		if !slices.ContainsFunc([]string{"approve", "deny", "dontKnow", "notReviewed", "notNotified", "unknownFutureValue"},
			func(v string) bool { return strings.EqualFold(v, d) }) {
			p.add("decisions["+itoa(i)+"]", "unknown decision filter %q", d)
		}
	}
	if hd.ScheduleSettings != nil {
		// reportRange: "A duration string in ISO 8601 duration format ...
		// Only years, months, and days are supported."
		rr, err := parseDuration(hd.ScheduleSettings.ReportRange)
		if err != nil || rr.clock != 0 {
			p.add("scheduleSettings.reportRange", "must be an ISO 8601 duration of years, months and days (P1M), got %q", hd.ScheduleSettings.ReportRange)
		}
		if hd.ScheduleSettings.Recurrence == nil {
			p.add("scheduleSettings.recurrence", "is required")
		} else {
			validateRecurrence(&p, "scheduleSettings.recurrence", hd.ScheduleSettings.Recurrence)
		}
		return start, end, p
	}
	// reviewHistoryPeriodStartDateTime / EndDateTime: "Required" unless
	// scheduleSettings is set.
	var okS, okE bool
	start, okS = parseInstant(hd.ReviewHistoryPeriodStartDateTime)
	end, okE = parseInstant(hd.ReviewHistoryPeriodEndDateTime)
	switch {
	case !okS || !okE:
		p.add("reviewHistoryPeriodStartDateTime", "the review period (start and end) is required without scheduleSettings")
	case !start.Before(end):
		p.add("reviewHistoryPeriodEndDateTime", "must be after the start")
	}
	return start, end, p
}

// parseInstant reads a DateTimeOffset.
func parseInstant(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
	return t.UTC(), err == nil
}

// advanceHistory completes the runs still in progress, taking their CSV.
func (r *reviews) advanceHistory(now time.Time) {
	for _, h := range r.historyOrder {
		for _, run := range h.runs {
			if run.status == historyInProgress {
				run.csv = r.historyCSV(h, run)
				run.status, run.fulfilled = historyDone, now
				h.status = historyDone
			}
		}
	}
}

// historyCSV builds the CSV of one run.
func (r *reviews) historyCSV(h *historyDef, run *historyRun) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(historyColumns)
	for _, d := range r.liveDefs() {
		if !r.historySelects(h, d) {
			continue
		}
		for _, in := range d.instances {
			if in.start.Before(run.start) || in.start.After(run.end) {
				continue
			}
			r.ensureMaterialized(in)
			for _, it := range in.decisions {
				if !historyKeeps(h.def.Decisions, it.decision) {
					continue
				}
				ptype := "User"
				if it.sp {
					ptype = "ServicePrincipal"
				}
				_ = w.Write([]string{d.id, d.body.DisplayName, in.id, formatTime(in.start), formatTime(in.end),
					it.resource, it.resName, it.principalID, it.principalName, it.principalUPN, ptype,
					it.decision, it.recommendation, it.justification, it.reviewedBy.ID,
					it.reviewedBy.DisplayName, derefOr(timePtr(it.reviewedAt)), it.appliedBy.ID,
					derefOr(timePtr(it.appliedAt)), it.applyResult})
			}
		}
	}
	w.Flush()
	return buf.Bytes()
}

// historySelects reports whether one of the report's scopes selects d: each
// scope's query is "/identityGovernance/accessReviews/definitions?$filter=…",
// evaluated against the definition as served.
func (r *reviews) historySelects(h *historyDef, d *definition) bool {
	def := r.defJSON(d, false)
	for _, sc := range h.def.Scopes {
		_, raw, _ := strings.Cut(sc.Query, "?")
		filter, err := queryOption(raw, "$filter")
		if err != nil {
			continue
		}
		if strings.TrimSpace(filter) == "" {
			return true
		}
		if f, err := odataserver.ParseFilter(filter); err == nil && f.Match(jsontext.Value(def)) {
			return true
		}
	}
	return false
}

// historyKeeps reports whether a decision passes the report's filters.
func historyKeeps(filters []string, d string) bool {
	if len(filters) == 0 {
		return true
	}
	return slices.ContainsFunc(filters, func(f string) bool { return strings.EqualFold(f, d) })
}

func derefOr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// listHistory lists the report definitions "created in the last 30 days";
// a delegated caller who is not a Global Administrator or Global Reader
// sees only their own, and needs a role that reads access reviews.
func (r *reviews) listHistory(c *call) {
	f, ok := c.Filter()
	if !ok {
		return
	}
	if c.Caller.UserID != "" && !r.anyReadRole(c.Caller.UserID) {
		forbidRole(c, groupReaders, "read access reviews of a group or app")
		return
	}
	expand := wantsExpand(c, "instances")
	r.mu.Lock()
	items := []rawJSON{}
	cutoff := r.s.clock.Now().AddDate(0, 0, -30)
	for _, h := range r.historyOrder {
		if h.created.Before(cutoff) || !r.ownsHistory(c, h) {
			continue
		}
		if w := h.wire(expand); f == nil || f.Match(w) {
			items = append(items, w)
		}
	}
	r.mu.Unlock()
	writePage(c, items)
}

// lookupHistory finds the path's report or writes 404.
func (r *reviews) lookupHistory(c *call) (*historyDef, bool) {
	h, ok := r.history[key(c.r.PathValue("hist"))]
	if !ok {
		c.Error(http.StatusNotFound, codeNotFound, "accessReviewHistoryDefinition "+c.r.PathValue("hist")+" was not found")
		return nil, false
	}
	if !r.ownsHistory(c, h) || (c.Caller.UserID != "" && !r.anyReadRole(c.Caller.UserID) && key(h.createdBy.ID) != key(c.Caller.UserID)) {
		forbidRole(c, historyReaders, "read history reports other users created")
		return nil, false
	}
	return h, true
}

// ownsHistory reports whether the caller may see report h: an application
// and the Global Administrator and Global Reader roles see every report,
// others those they created.
func (r *reviews) ownsHistory(c *call, h *historyDef) bool {
	return c.Caller.UserID == "" || key(h.createdBy.ID) == key(c.Caller.UserID) || r.holds(c.Caller.UserID, historyReaders)
}

func (r *reviews) getHistory(c *call) {
	r.mu.Lock()
	h, ok := r.lookupHistory(c)
	var out rawJSON
	if ok {
		out = h.wire(wantsExpand(c, "instances"))
	}
	r.mu.Unlock()
	if ok {
		c.JSONSelect(http.StatusOK, out)
	}
}

func (r *reviews) listHistoryRuns(c *call) {
	r.mu.Lock()
	h, ok := r.lookupHistory(c)
	items := []historyRunJSON{}
	if ok {
		for _, run := range h.runs {
			items = append(items, run.wire())
		}
	}
	r.mu.Unlock()
	if ok {
		writePage(c, items)
	}
}

// generateDownloadURI issues a download URI for a done run. A delegated
// caller needs write access, or to have created the report ("The creator
// of the review history definition can also generate the download link").
func (r *reviews) generateDownloadURI(c *call) {
	r.mu.Lock()
	defer r.mu.Unlock()
	h, ok := r.lookupHistory(c)
	if !ok {
		return
	}
	if c.Caller.UserID != "" && key(h.createdBy.ID) != key(c.Caller.UserID) && !r.holds(c.Caller.UserID, groupWriters) {
		forbidRole(c, groupWriters, "write access reviews of a group or app")
		return
	}
	var run *historyRun
	for _, x := range h.runs {
		if key(x.id) == key(c.r.PathValue("run")) {
			run = x
		}
	}
	if run == nil {
		c.Error(http.StatusNotFound, codeNotFound, "accessReviewHistoryInstance "+c.r.PathValue("run")+" was not found")
		return
	}
	if run.status != historyDone {
		c.Error(http.StatusBadRequest, codeBadRequest, "the report run is not done; its status is "+run.status)
		return
	}
	now := r.s.clock.Now()
	if run.sig != "" {
		delete(r.downloads, run.sig)
	}
	run.sig, run.sigExpiry = strings.ReplaceAll(r.s.newID(), "-", ""), now.Add(24*time.Hour)
	q := url.Values{"sv": {"2020-08-04"}, "se": {run.sigExpiry.UTC().Format(time.RFC3339)}, "sr": {"b"}, "sp": {"r"}, "sig": {run.sig}}
	run.downloadURI = r.s.DownloadURL + "/accessreviewhistory/" + h.id + "/" + run.id + ".csv?" + q.Encode()
	r.downloads[run.sig] = run
	c.JSON(http.StatusOK, run.wire())
}

// serveDownload is the download host: it serves a run's CSV to a request
// whose sig names it and has not expired, and answers anything else as Azure
// storage does, 403 AuthenticationFailed in XML.
func (r *reviews) serveDownload(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	run, ok := r.downloads[req.URL.Query().Get("sig")]
	valid := ok && req.Method == http.MethodGet && r.s.clock.Now().Before(run.sigExpiry) &&
		strings.HasSuffix(req.URL.Path, "/"+run.id+".csv")
	var body []byte
	if valid {
		body = run.csv
	}
	r.mu.Unlock()
	if !valid {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte(`<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code>` +
			`<Message>Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.</Message></Error>`))
		return
	}
	w.Header().Set("Content-Type", "text/csv")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}
