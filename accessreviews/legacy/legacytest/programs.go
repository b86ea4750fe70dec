package legacytest

//lint:file-ignore SA1019 serving and migrating the retired legacy API is this file's purpose

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/graphkit/governance/accessreviews/legacy"
	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/odata"
)

// Business flow templates, program control types, programs and program
// controls of the legacy API. Retired, every collection is empty and
// every entity 404; holding, they answer from the held data.

func (l *legacyStore) listTemplates(c *call) {
	l.mu.Lock()
	items := slices.Clone(l.templates)
	l.mu.Unlock()
	writeFiltered(c, items)
}

func (l *legacyStore) listControlTypes(c *call) {
	l.mu.Lock()
	items := slices.Clone(l.ctlTypes)
	l.mu.Unlock()
	writeFiltered(c, items)
}

func (l *legacyStore) listPrograms(c *call) {
	l.mu.Lock()
	var items []legacy.Program
	for _, lp := range l.progOrder {
		if !lp.deleted {
			items = append(items, lp.p)
		}
	}
	l.mu.Unlock()
	writeFiltered(c, items)
}

// lookupProgram returns a live program or writes 404.
func (l *legacyStore) lookupProgram(c *call) (*legacyProgram, bool) {
	id := c.r.PathValue("id")
	lp, ok := l.programs[key(id)]
	if !ok || lp.deleted {
		c.Error(http.StatusNotFound, codeNotFound, "program "+id+" was not found")
		return nil, false
	}
	return lp, true
}

// createProgram needs a display name and a description (both non-nullable
// in the schema). While retired, the program is answered but not kept.
func (l *legacyStore) createProgram(c *call) {
	var p legacy.Program
	if !c.Decode(&p) {
		return
	}
	if strings.TrimSpace(p.DisplayName) == "" || strings.TrimSpace(p.Description) == "" {
		c.Error(http.StatusBadRequest, codeBadRequest, "A program needs a displayName and a description.")
		return
	}
	p.ID, p.Controls = legacy.ProgramID(l.ids.guid()), nil
	l.mu.Lock()
	if l.holding {
		lp := &legacyProgram{p: p}
		l.programs[key(string(p.ID))] = lp
		l.progOrder = append(l.progOrder, lp)
	}
	l.mu.Unlock()
	c.JSON(http.StatusCreated, p)
}

func (l *legacyStore) getProgram(c *call) {
	l.mu.Lock()
	lp, ok := l.lookupProgram(c)
	var out legacy.Program
	if ok {
		out = lp.p
	}
	l.mu.Unlock()
	if ok {
		c.JSON(http.StatusOK, out)
	}
}

func (l *legacyStore) updateProgram(c *call) {
	var u legacy.ProgramUpdate
	if !c.Decode(&u) {
		return
	}
	if (u.DisplayName != nil && strings.TrimSpace(*u.DisplayName) == "") || (u.Description != nil && strings.TrimSpace(*u.Description) == "") {
		c.Error(http.StatusBadRequest, codeBadRequest, "displayName and description must not be empty.")
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	lp, ok := l.lookupProgram(c)
	if !ok {
		return
	}
	if u.DisplayName != nil {
		lp.p.DisplayName = *u.DisplayName
	}
	if u.Description != nil {
		lp.p.Description = *u.Description
	}
	c.NoContent()
}

// deleteProgram deletes a program and the controls linking reviews to it.
func (l *legacyStore) deleteProgram(c *call) {
	l.mu.Lock()
	defer l.mu.Unlock()
	lp, ok := l.lookupProgram(c)
	if !ok {
		return
	}
	lp.deleted = true
	l.controls = slices.DeleteFunc(l.controls, func(pc *legacy.ProgramControl) bool { return pc.ProgramID == lp.p.ID })
	c.NoContent()
}

func (l *legacyStore) listProgramControls(c *call) {
	l.mu.Lock()
	lp, ok := l.lookupProgram(c)
	var items []legacy.ProgramControl
	if ok {
		items = l.controlsWhere(func(pc *legacy.ProgramControl) bool { return pc.ProgramID == lp.p.ID })
	}
	l.mu.Unlock()
	if ok {
		writeFiltered(c, items)
	}
}

func (l *legacyStore) listControls(c *call) {
	l.mu.Lock()
	items := l.controlsWhere(func(*legacy.ProgramControl) bool { return true })
	l.mu.Unlock()
	writeFiltered(c, items)
}

// controlsWhere copies the controls keep selects. The caller holds l.mu.
func (l *legacyStore) controlsWhere(keep func(*legacy.ProgramControl) bool) []legacy.ProgramControl {
	var out []legacy.ProgramControl
	for _, pc := range l.controls {
		if keep(pc) {
			out = append(out, *pc)
		}
	}
	return out
}

// createControl links a review to a program: controlId (a GUID),
// controlTypeId, displayName and programId are required, and while holding
// the program must exist. While retired, the control is answered but not
// kept.
func (l *legacyStore) createControl(c *call) {
	var pc legacy.ProgramControl
	if !c.Decode(&pc) {
		return
	}
	if !check.IsGUID(pc.ControlID) || pc.ControlTypeID == "" || strings.TrimSpace(pc.DisplayName) == "" || pc.ProgramID == "" {
		c.Error(http.StatusBadRequest, codeBadRequest, "A program control needs controlId (the review's ID), controlTypeId, displayName and programId.")
		return
	}
	pc.Owner = l.callerIdentity(c)
	pc.ID, pc.Program = "", nil
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.holding {
		pc.ID, pc.CreatedDateTime, pc.Status = legacy.ProgramControlID(l.ids.guid()), odata.DateTime{Time: c.Now()}, "Active"
		c.JSON(http.StatusCreated, pc)
		return
	}
	if lp, ok := l.programs[key(string(pc.ProgramID))]; !ok || lp.deleted {
		c.Error(http.StatusBadRequest, codeBadRequest, "programId '"+string(pc.ProgramID)+"' is not a program of this tenant.")
		return
	}
	c.JSON(http.StatusCreated, *l.addControl(pc, c.Now()))
}

// addControl stores pc, filling in what the service sets. The caller
// holds l.mu.
func (l *legacyStore) addControl(pc legacy.ProgramControl, now time.Time) *legacy.ProgramControl {
	if pc.ID == "" {
		pc.ID = legacy.ProgramControlID(l.ids.guid())
	}
	if pc.CreatedDateTime.IsZero() {
		pc.CreatedDateTime = odata.DateTime{Time: now}
	}
	if pc.Status == "" {
		pc.Status = "Active"
	}
	pc.Program = nil
	l.controls = append(l.controls, &pc)
	return &pc
}

// lookupControl returns the index of a program control or writes 404.
func (l *legacyStore) lookupControl(c *call) (int, bool) {
	id := c.r.PathValue("id")
	i := slices.IndexFunc(l.controls, func(pc *legacy.ProgramControl) bool { return strings.EqualFold(string(pc.ID), id) })
	if i < 0 {
		c.Error(http.StatusNotFound, codeNotFound, "programControl "+id+" was not found")
		return 0, false
	}
	return i, true
}

func (l *legacyStore) getControl(c *call) {
	l.mu.Lock()
	i, ok := l.lookupControl(c)
	var out legacy.ProgramControl
	if ok {
		out = *l.controls[i]
	}
	l.mu.Unlock()
	if ok {
		c.JSON(http.StatusOK, out)
	}
}

func (l *legacyStore) deleteControl(c *call) {
	l.mu.Lock()
	defer l.mu.Unlock()
	i, ok := l.lookupControl(c)
	if !ok {
		return
	}
	l.controls = slices.Delete(l.controls, i, i+1)
	c.NoContent()
}
