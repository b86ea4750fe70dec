package accessreviewstest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/internal/odataserver"
	"github.com/graphkit/governance/odata"
)

// Definitions: create (201, the server sets id, status, createdBy and
// createdDateTime), get, list (filter, order, pages), PUT (204; only
// instances opened later see the change), DELETE (204; instances, decisions
// and stages go with it), stop (no further instances; running ones
// complete), and filterByCurrentUser(on='reviewer').

// rawJSON is a pre-encoded value handed to writePage or c.JSON.
type rawJSON []byte

// MarshalJSON returns the bytes as they are.
func (r rawJSON) MarshalJSON() ([]byte, error) { return r, nil }

// defJSON renders a definition for the call's API version: beta carries the
// deprecated backupReviewers mirror, v1.0 does not.
func (r *reviews) defJSON(c *call, d *definition) rawJSON {
	cp := *d.def
	if c.Version == "beta" {
		if cp.BackupReviewers == nil {
			cp.BackupReviewers = fallbacks(d.def)
			if cp.BackupReviewers == nil {
				cp.BackupReviewers = emptyReviewers()
			}
		}
	} else {
		cp.BackupReviewers = nil
	}
	b, err := json.Marshal(cp)
	if err != nil {
		return rawJSON("null")
	}
	return b
}

func (r *reviews) createDefinition(c *call) {
	def := decodeDefinition(c)
	if def == nil {
		return
	}
	r.mu.Lock()
	now := r.s.clock.Now()
	def.ID = accessreviews.DefinitionID(r.s.newID())
	def.Status = accessreviews.StatusNotStarted
	ci := r.callerIdentity(c)
	def.CreatedBy = accessreviews.UserIdentity{ID: ci.ID, DisplayName: ci.DisplayName, UserPrincipalName: ci.UserPrincipalName}
	def.CreatedDateTime = odata.DateTime{Time: now}
	def.LastModifiedDateTime = odata.DateTime{Time: now}
	if def.FallbackReviewers == nil && def.BackupReviewers != nil {
		def.FallbackReviewers = def.BackupReviewers
	}
	if def.Reviewers == nil {
		def.Reviewers = emptyReviewers()
	}
	d := &definition{def: def, created: now, opened: make(map[string]bool), instByID: make(map[string]*instance)}
	r.defs[string(def.ID)] = d
	r.defOrder = append(r.defOrder, d)
	r.openDue(d, now)
	out := r.defJSON(c, d)
	r.mu.Unlock()
	c.JSON(http.StatusCreated, out)
}

func (r *reviews) getDefinition(c *call) {
	r.mu.Lock()
	d, ok := r.lookupDef(c, c.r.PathValue("def"))
	var out rawJSON
	if ok {
		out = r.defJSON(c, d)
	}
	r.mu.Unlock()
	if ok {
		c.JSON(http.StatusOK, out)
	}
}

func (r *reviews) listDefinitions(c *call) { r.writeDefinitions(c, false) }

func (r *reviews) listDefinitionsForCurrentUser(c *call) { r.writeDefinitions(c, true) }

// writeDefinitions writes the definitions, all of them or those where the
// delegated caller reviews at least one item, filtered and ordered.
func (r *reviews) writeDefinitions(c *call, mine bool) {
	f, ok := c.Filter()
	if !ok {
		return
	}
	if mine && !requireDelegated(c) {
		return
	}
	q, _ := c.Query()
	r.mu.Lock()
	var items []rawJSON
	for _, d := range r.liveDefs() {
		if mine && !slices.ContainsFunc(d.instances, func(in *instance) bool { return in.hasReviewer(c.Caller.UserID) }) {
			continue
		}
		out := r.defJSON(c, d)
		if f.Match(out) {
			items = append(items, out)
		}
	}
	r.mu.Unlock()
	orderRaw(items, q.OrderBy)
	writePage(c, items)
}

func (r *reviews) updateDefinition(c *call) {
	def := decodeDefinition(c)
	if def == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	d, ok := r.lookupDef(c, c.r.PathValue("def"))
	if !ok {
		return
	}
	old := d.def
	def.ID, def.Status, def.CreatedBy, def.CreatedDateTime = old.ID, old.Status, old.CreatedBy, old.CreatedDateTime
	def.LastModifiedDateTime = odata.DateTime{Time: r.s.clock.Now()}
	if def.FallbackReviewers == nil && def.BackupReviewers != nil {
		def.FallbackReviewers = def.BackupReviewers
	}
	// Running instances keep the settings they opened with; the recurrence
	// is kept as it was scheduled so the series does not restart.
	d.def = def
	c.NoContent()
}

func (r *reviews) deleteDefinition(c *call) {
	r.mu.Lock()
	defer r.mu.Unlock()
	d, ok := r.lookupDef(c, c.r.PathValue("def"))
	if !ok {
		return
	}
	d.deleted = true
	for _, in := range d.instances {
		delete(r.remindersByInst, string(d.def.ID)+"/"+in.id)
	}
	d.instances, d.instByID = nil, nil
	c.NoContent()
}

func (r *reviews) stopDefinition(c *call) {
	r.mu.Lock()
	defer r.mu.Unlock()
	d, ok := r.lookupDef(c, c.r.PathValue("def"))
	if !ok {
		return
	}
	d.stopped = true
	now := r.s.clock.Now()
	for _, in := range d.instances {
		switch in.status {
		case accessreviews.StatusInProgress:
			r.complete(in, now)
		case accessreviews.StatusNotStarted:
			in.status = accessreviews.StatusCompleted
		}
	}
	d.def.Status = defStatus(d)
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

// requireDelegated writes 403 for an application caller: the
// filterByCurrentUser functions and reviewer actions need a signed-in user.
func requireDelegated(c *call) bool {
	if c.Caller.UserID == "" {
		c.Error(http.StatusForbidden, codeForbidden, "This operation needs a signed-in user (delegated permission); application permissions are not supported.")
		return false
	}
	return true
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
		var m map[string]any
		_ = json.Unmarshal(it, &m)
		vals := make([]string, len(keys))
		for k, key := range keys {
			if v, ok := m[strings.Split(key.Path, "/")[0]]; ok && v != nil {
				b, _ := json.Marshal(v)
				vals[k] = string(b)
			}
		}
		rows[i] = row{it, vals}
	}
	slices.SortStableFunc(rows, func(a, b row) int {
		for k, key := range keys {
			if c := strings.Compare(a.vals[k], b.vals[k]); c != 0 {
				if key.Desc {
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
