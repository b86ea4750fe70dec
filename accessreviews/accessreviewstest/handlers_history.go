package accessreviewstest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/internal/odataserver"
	"github.com/graphkit/governance/odata"
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

// historyDef is a history report definition.
type historyDef struct {
	def  accessreviews.HistoryDefinition
	runs []*historyRun
}

// historyRun is one run of a report.
type historyRun struct {
	id          string
	def         *historyDef
	status      accessreviews.HistoryStatus
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
	w := historyRunJSON{ID: h.id, Status: string(h.status), ExpirationDateTime: formatTime(h.runAt.AddDate(0, 0, 30)),
		FulfilledDateTime: timePtr(h.fulfilled), ReviewHistoryPeriodStartDateTime: timePtr(h.start),
		ReviewHistoryPeriodEndDateTime: timePtr(h.end), RunDateTime: formatTime(h.runAt)}
	if h.downloadURI != "" {
		w.DownloadURI = &h.downloadURI
	}
	return w
}

// historyJSON renders a report definition, with its runs when expanded.
func (h *historyDef) wire(expand bool) rawJSON {
	cp := h.def
	if expand {
		cp.Instances = []accessreviews.HistoryInstance{}
		for _, run := range h.runs {
			var hi accessreviews.HistoryInstance
			b, _ := json.Marshal(run.wire())
			_ = json.Unmarshal(b, &hi)
			cp.Instances = append(cp.Instances, hi)
		}
	}
	b, err := json.Marshal(cp)
	if err != nil {
		return rawJSON("null")
	}
	return b
}

func (r *reviews) createHistory(c *call) {
	var hd accessreviews.HistoryDefinition
	if !isJSONObject(c.Body()) || !c.Decode(&hd) {
		if !isJSONObject(c.Body()) {
			c.Error(http.StatusBadRequest, codeBadRequest, "Empty Payload. JSON content expected.")
		}
		return
	}
	if msg := historyProblems(&hd); msg != "" {
		c.Error(http.StatusBadRequest, codeBadRequest, msg)
		return
	}
	r.mu.Lock()
	now := r.s.clock.Now()
	ci := r.callerIdentity(c)
	hd.ID = accessreviews.HistoryDefinitionID(r.s.newID())
	hd.Status = accessreviews.HistoryRequested
	hd.CreatedBy = accessreviews.UserIdentity{ID: ci.ID, DisplayName: ci.DisplayName, UserPrincipalName: ci.UserPrincipalName}
	hd.CreatedDateTime = odata.DateTime{Time: now}
	h := &historyDef{def: hd}
	start, end := hd.ReviewHistoryPeriodStartDateTime.Time, hd.ReviewHistoryPeriodEndDateTime.Time
	if !hd.ScheduleSettings.IsZero() {
		end = now
		rr := hd.ScheduleSettings.ReportRange
		start = now.AddDate(-rr.Years, -rr.Months, -rr.Days)
	}
	h.runs = append(h.runs, &historyRun{id: r.s.newID(), def: h, status: accessreviews.HistoryInProgress, runAt: now, start: start, end: end})
	r.history[string(hd.ID)] = h
	r.historyOrder = append(r.historyOrder, h)
	out := h.wire(false)
	r.mu.Unlock()
	c.JSON(http.StatusCreated, out)
}

// historyProblems mirrors the documented rules of a report definition.
func historyProblems(hd *accessreviews.HistoryDefinition) string {
	var p []string
	if strings.TrimSpace(hd.DisplayName) == "" {
		p = append(p, "displayName: is required")
	}
	if len(hd.Scopes) == 0 {
		p = append(p, "scopes: at least one scope is required")
	}
	for i, d := range hd.Decisions {
		if !d.Known() {
			p = append(p, "decisions["+itoa(i)+"]: unknown decision filter "+string(d))
		}
	}
	s, e := hd.ReviewHistoryPeriodStartDateTime, hd.ReviewHistoryPeriodEndDateTime
	if hd.ScheduleSettings.IsZero() {
		if s.IsZero() || e.IsZero() {
			p = append(p, "reviewHistoryPeriodStartDateTime: the review period is required without scheduleSettings")
		} else if !s.Before(e.Time) {
			p = append(p, "reviewHistoryPeriodEndDateTime: must be after the start")
		}
	}
	return strings.Join(p, "; ")
}

// advanceHistory completes the runs still in progress, taking their CSV.
func (r *reviews) advanceHistory(now time.Time) {
	for _, h := range r.historyOrder {
		for _, run := range h.runs {
			if run.status.Is(accessreviews.HistoryInProgress) {
				run.csv = r.historyCSV(h, run)
				run.status, run.fulfilled = accessreviews.HistoryDone, now
				h.def.Status = accessreviews.HistoryDone
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
		if !historySelects(h, d) {
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
				_ = w.Write([]string{string(d.def.ID), d.def.DisplayName, in.id, formatTime(in.start), formatTime(in.end),
					it.resource, it.resName, it.principalID, it.principalName, it.principalUPN, ptype,
					string(it.decision), string(it.recommendation), it.justification, it.reviewedBy.ID,
					it.reviewedBy.DisplayName, derefOr(timePtr(it.reviewedAt)), it.appliedBy.ID,
					derefOr(timePtr(it.appliedAt)), string(it.applyResult)})
			}
		}
	}
	w.Flush()
	return buf.Bytes()
}

// historySelects reports whether one of the report's scopes selects d: each
// scope's query is "/identityGovernance/accessReviews/definitions?$filter=…",
// evaluated against the definition.
func historySelects(h *historyDef, d *definition) bool {
	def, _ := json.Marshal(d.def)
	for _, sc := range h.def.Scopes {
		raw, _ := json.Marshal(sc)
		var q struct {
			Query string `json:"query"`
		}
		_ = json.Unmarshal(raw, &q)
		_, filter, ok := strings.Cut(q.Query, "$filter=")
		if !ok {
			return true
		}
		if un, err := url.QueryUnescape(filter); err == nil && strings.Contains(filter, "%") {
			filter = un
		}
		if f, err := odataserver.ParseFilter(filter); err == nil && f.Match(rawJSON(def)) {
			return true
		}
	}
	return false
}

// historyKeeps reports whether a decision passes the report's filters.
func historyKeeps(filters []accessreviews.HistoryDecisionFilter, d accessreviews.DecisionValue) bool {
	if len(filters) == 0 {
		return true
	}
	return slices.ContainsFunc(filters, func(f accessreviews.HistoryDecisionFilter) bool {
		return strings.EqualFold(string(f), string(d))
	})
}

func derefOr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (r *reviews) listHistory(c *call) {
	f, ok := c.Filter()
	if !ok {
		return
	}
	expand := wantsExpand(c, "instances")
	r.mu.Lock()
	items := []rawJSON{}
	cutoff := r.s.clock.Now().AddDate(0, 0, -30)
	for _, h := range r.historyOrder {
		if h.def.CreatedDateTime.Before(cutoff) {
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
	h, ok := r.history[c.r.PathValue("hist")]
	if !ok {
		c.Error(http.StatusNotFound, codeNotFound, "accessReviewHistoryDefinition "+c.r.PathValue("hist")+" was not found")
	}
	return h, ok
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
		c.JSON(http.StatusOK, out)
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

// generateDownloadURI issues a download URI for a done run.
func (r *reviews) generateDownloadURI(c *call) {
	r.mu.Lock()
	defer r.mu.Unlock()
	h, ok := r.lookupHistory(c)
	if !ok {
		return
	}
	var run *historyRun
	for _, x := range h.runs {
		if x.id == c.r.PathValue("run") {
			run = x
		}
	}
	if run == nil {
		c.Error(http.StatusNotFound, codeNotFound, "accessReviewHistoryInstance "+c.r.PathValue("run")+" was not found")
		return
	}
	if !run.status.Is(accessreviews.HistoryDone) {
		c.Error(http.StatusBadRequest, codeBadRequest, "the report run is not done; its status is "+string(run.status))
		return
	}
	now := r.s.clock.Now()
	if run.sig != "" {
		delete(r.downloads, run.sig)
	}
	run.sig, run.sigExpiry = strings.ReplaceAll(r.s.newID(), "-", ""), now.Add(24*time.Hour)
	q := url.Values{"sv": {"2020-08-04"}, "se": {run.sigExpiry.UTC().Format(time.RFC3339)}, "sr": {"b"}, "sp": {"r"}, "sig": {run.sig}}
	run.downloadURI = r.s.DownloadURL + "/accessreviewhistory/" + string(h.def.ID) + "/" + run.id + ".csv?" + q.Encode()
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
