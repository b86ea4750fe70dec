package accessreviewstest

import (
	"encoding/json/jsontext"
	"encoding/json/v2"
	"net/http"
	"slices"
	"strings"

	"github.com/graphkit/governance/internal/odataserver"
)

// Definitions: create (201, the server sets id, status, createdBy and the
// dates), get, list (filter, order, pages), PUT (204; only instances
// opened later see the change), DELETE (204; instances, decisions and
// stages go with it), stop (no further instances; running ones complete),
// and filterByCurrentUser(on='reviewer').

// rawJSON is a pre-encoded value handed to writePage or c.JSON.
type rawJSON []byte

// MarshalJSON returns the bytes as they are.
func (r rawJSON) MarshalJSON() ([]byte, error) { return r, nil }

// definitionOut is an accessReviewScheduleDefinition as served. Every
// member the documents' responses show is present: [] for empty
// collections, null for an unset instanceEnumerationScope.
type definitionOut struct {
	ID                               string              `json:"id"`
	DisplayName                      string              `json:"displayName"`
	CreatedDateTime                  string              `json:"createdDateTime"`
	LastModifiedDateTime             string              `json:"lastModifiedDateTime"`
	Status                           string              `json:"status"`
	DescriptionForAdmins             string              `json:"descriptionForAdmins"`
	DescriptionForReviewers          string              `json:"descriptionForReviewers"`
	CreatedBy                        identityJSON        `json:"createdBy"`
	Scope                            *scopeJSON          `json:"scope"`
	InstanceEnumerationScope         *scopeJSON          `json:"instanceEnumerationScope"`
	Reviewers                        []scopeJSON         `json:"reviewers"`
	FallbackReviewers                []scopeJSON         `json:"fallbackReviewers"`
	BackupReviewers                  []scopeJSON         `json:"backupReviewers"`
	Settings                         settingsJSON        `json:"settings"`
	StageSettings                    []stageSettingsJSON `json:"stageSettings,omitzero"`
	AdditionalNotificationRecipients []jsontext.Value    `json:"additionalNotificationRecipients"`
	Extra                            jsontext.Value      `json:",embed"`
}

// defJSON renders a definition. created selects the create response's
// form of the recurrence (see servedRecurrence). backupReviewers is served
// in v1.0 as in beta: the CSDL has it in beta only, but the v1.0 create
// examples send and echo it. It is echoed as sent, []
// when it was not: the create examples that send only fallbackReviewers
// show "backupReviewers": [] beside them; the fake still reviews with it
// when it is the only one set (fallbacks).
func (r *reviews) defJSON(d *definition, created bool) rawJSON {
	b := d.body
	out := definitionOut{
		ID:                               d.id,
		DisplayName:                      b.DisplayName,
		CreatedDateTime:                  formatTime(d.created),
		LastModifiedDateTime:             formatTime(d.modified),
		Status:                           d.status,
		DescriptionForAdmins:             b.DescriptionForAdmins,
		DescriptionForReviewers:          b.DescriptionForReviewers,
		CreatedBy:                        d.createdBy,
		Reviewers:                        servedScopes(b.Reviewers),
		FallbackReviewers:                servedScopes(fallbacks(b)),
		BackupReviewers:                  servedScopes(b.BackupReviewers),
		StageSettings:                    servedStages(b.StageSettings),
		AdditionalNotificationRecipients: b.AdditionalNotificationRecipients,
		Extra:                            b.Extra,
	}
	if out.AdditionalNotificationRecipients == nil {
		out.AdditionalNotificationRecipients = []jsontext.Value{}
	}
	if b.Scope != nil {
		sc := b.Scope.served()
		out.Scope = &sc
	}
	if b.InstanceEnumerationScope != nil {
		sc := b.InstanceEnumerationScope.served()
		out.InstanceEnumerationScope = &sc
	}
	out.Settings = servedSettings(b.Settings, created)
	raw, err := json.Marshal(out)
	if err != nil {
		return rawJSON("null")
	}
	return raw
}

// servedSettings returns settings as the service echoes them: every flag,
// defaultDecision None when unset, applyActions [] when none, the
// recurrence in its served form.
func servedSettings(s *settingsJSON, created bool) settingsJSON {
	var out settingsJSON
	if s != nil {
		out = *s
	}
	if out.DefaultDecision == "" {
		out.DefaultDecision = defaultNone
	}
	if out.ApplyActions == nil {
		out.ApplyActions = []typedJSON{}
	}
	out.Recurrence = servedRecurrence(out.Recurrence, created)
	return out
}

// servedStages returns stage settings with their reviewer scopes as served.
func servedStages(list []stageSettingsJSON) []stageSettingsJSON {
	if list == nil {
		return nil
	}
	out := slices.Clone(list)
	for i := range out {
		if out[i].Reviewers != nil {
			out[i].Reviewers = servedScopes(out[i].Reviewers)
		}
		if out[i].FallbackReviewers != nil {
			out[i].FallbackReviewers = servedScopes(out[i].FallbackReviewers)
		}
	}
	return out
}

func (r *reviews) createDefinition(c *call) {
	body := decodeDefinition(c)
	if body == nil || !r.canWriteScope(c, body.Scope) {
		return
	}
	unified := c.onUnifiedRoute()
	if unified && !checkCatalogScope(c, body.Scope) {
		return
	}
	r.mu.Lock()
	now := r.s.clock.Now()
	d := &definition{
		unified:   unified,
		id:        r.s.newID(),
		body:      body,
		status:    statusNotStarted,
		createdBy: r.callerIdentity(c),
		created:   now,
		modified:  now,
		nextK:     1,
		instByID:  make(map[string]*instance),
	}
	if body.Settings != nil {
		d.sched = readSchedule(body.Settings.Recurrence)
	} else {
		d.sched = readSchedule(nil)
	}
	r.defs[key(d.id)] = d
	r.defOrder = append(r.defOrder, d)
	r.openDue(d, now)
	out := r.defJSON(d, true)
	r.mu.Unlock()
	c.JSON(http.StatusCreated, out)
}

func (r *reviews) getDefinition(c *call) {
	r.mu.Lock()
	d, ok := r.lookupDef(c, c.r.PathValue("def"))
	ok = ok && r.canAccess(c, readAccess, d, reviewerOfDefinition(d, c.Caller.UserID))
	var out rawJSON
	if ok {
		out = r.defJSON(d, false)
	}
	r.mu.Unlock()
	if ok {
		c.JSONSelect(http.StatusOK, out)
	}
}

func (r *reviews) listDefinitions(c *call) { r.writeDefinitions(c, false) }

func (r *reviews) listDefinitionsForCurrentUser(c *call) { r.writeDefinitions(c, true) }

// writeDefinitions writes the definitions, all of them or those where the
// caller reviews at least one item, filtered and ordered. A delegated
// caller sees the definitions their roles let them read and those they
// created, and is refused when they may read none; filterByCurrentUser
// lists an application nothing, since an application reviews nothing (its
// permission table allows application permissions).
func (r *reviews) writeDefinitions(c *call, mine bool) {
	f, ok := c.Filter()
	if !ok {
		return
	}
	q, _ := c.Query()
	r.mu.Lock()
	items := []rawJSON{}
	created := false
	for _, d := range r.liveDefs() {
		if !c.sees(d) {
			continue
		}
		created = created || key(d.createdBy.ID) == key(c.Caller.UserID)
		switch {
		case mine && !slices.ContainsFunc(d.instances, func(in *instance) bool { return in.hasReviewer(c.Caller.UserID) }):
			continue
		case !mine && !r.visible(c, d):
			continue
		}
		out := r.defJSON(d, false)
		if f.Match(jsontext.Value(out)) {
			items = append(items, out)
		}
	}
	forbidden := !mine && c.Caller.UserID != "" && !created && !r.anyReadRole(c.Caller.UserID)
	r.mu.Unlock()
	if forbidden {
		forbidRole(c, groupReaders, "read access reviews of a group or app")
		return
	}
	orderRaw(items, q.OrderBy)
	writePage(c, items)
}

func (r *reviews) updateDefinition(c *call) {
	body := decodeDefinition(c)
	if body == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	d, ok := r.lookupDef(c, c.r.PathValue("def"))
	if !ok || !r.canAccess(c, writeAccess, d, nil) || !r.canWriteScope(c, body.Scope) {
		return
	}
	now := r.s.clock.Now()
	d.body, d.modified = body, now
	// Running instances keep the settings they opened with; later
	// occurrences follow the new recurrence, from now on.
	var rec *recurrenceJSON
	if body.Settings != nil {
		rec = body.Settings.Recurrence
	}
	if sched := readSchedule(rec); sched != d.sched {
		d.sched, d.nextK = sched, 1
		for k := 1; k < 1_000_000; k++ {
			t, ok := sched.occurrence(k)
			if !ok || t.After(now) {
				d.nextK = k
				break
			}
		}
	}
	c.NoContent()
}

func (r *reviews) deleteDefinition(c *call) {
	r.mu.Lock()
	defer r.mu.Unlock()
	d, ok := r.lookupDef(c, c.r.PathValue("def"))
	if !ok || !r.canAccess(c, writeAccess, d, nil) {
		return
	}
	d.deleted = true
	for _, in := range d.instances {
		delete(r.remindersByInst, key(d.id)+"/"+key(in.id))
	}
	d.instances, d.instByID = nil, nil
	c.NoContent()
}

func (r *reviews) stopDefinition(c *call) {
	r.mu.Lock()
	defer r.mu.Unlock()
	d, ok := r.lookupDef(c, c.r.PathValue("def"))
	if !ok || !r.canAccess(c, writeAccess, d, nil) {
		return
	}
	d.stopped = true
	now := r.s.clock.Now()
	for _, in := range d.instances {
		switch in.status {
		case statusInProgress:
			r.complete(in, now)
		case statusNotStarted:
			in.status = statusCompleted
		}
	}
	d.status = defStatus(d)
	c.NoContent()
}

// hasReviewer reports whether the user reviews at least one item of in.
func (in *instance) hasReviewer(userID string) bool {
	if userID == "" {
		return false
	}
	for _, d := range in.decisions {
		if d.isReviewer(userID) {
			return true
		}
	}
	for _, st := range in.stages {
		for _, d := range st.decisions {
			if d.isReviewer(userID) {
				return true
			}
		}
	}
	return false
}

// orderRaw sorts encoded entities by the $orderby keys, comparing the
// top-level property values as strings (dates in RFC 3339 sort as text).
func orderRaw(items []rawJSON, keys []odataserver.OrderKey) {
	if len(keys) == 0 {
		return
	}
	type row struct {
		item rawJSON
		vals []string
	}
	rows := make([]row, len(items))
	for i, it := range items {
		var m map[string]jsontext.Value
		_ = json.Unmarshal(it, &m)
		vals := make([]string, len(keys))
		for k, ok := range keys {
			if v, found := m[strings.Split(ok.Path, "/")[0]]; found && string(v) != "null" {
				vals[k] = string(v)
			}
		}
		rows[i] = row{it, vals}
	}
	slices.SortStableFunc(rows, func(a, b row) int {
		for k, ok := range keys {
			if c := strings.Compare(a.vals[k], b.vals[k]); c != 0 {
				if ok.Desc {
					return -c
				}
				return c
			}
		}
		return 0
	})
	for i := range rows {
		items[i] = rows[i].item
	}
}
