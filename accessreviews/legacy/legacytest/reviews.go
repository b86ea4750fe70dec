package legacytest

//lint:file-ignore SA1019 serving and migrating the retired legacy API is this file's purpose

import (
	"net/http"
	"slices"
	"strings"

	"github.com/graphkit/governance/accessreviews/legacy"
	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/internal/odataserver"
	"github.com/graphkit/governance/odata"
)

// The handlers of /beta/accessReviews: list by template, get, create,
// PATCH, delete, reviewers, decisions, myDecisions and instances. The
// actions are in legacy_actions.go, templates and programs in
// legacy_programs.go.

// listReviews lists the reviews of one business flow template: each series
// followed by its instances, as the service documented. The template
// filter is required; the other clauses of $filter apply as well.
func (l *legacyStore) listReviews(c *call) {
	f, ok := c.Filter()
	if !ok {
		return
	}
	tpl, ok := templateOf(f)
	if !ok {
		c.Error(http.StatusBadRequest, codeInvalidRequest, "The $filter query parameter must specify businessFlowTemplateId eq '{id}'.")
		return
	}
	now := c.Now()
	l.mu.Lock()
	var items []legacy.AccessReview
	if l.holding {
		for _, lr := range l.order {
			for _, r := range append([]*legacyReview{lr}, lr.instances...) {
				ar := r.served(now)
				// Template IDs are case-sensitive; the fake's filter
				// compares strings without case, so check exactly here.
				if !r.deleted && ar.BusinessFlowTemplateID == tpl && f.Match(ar) {
					items = append(items, ar)
				}
			}
		}
	}
	l.mu.Unlock()
	writePage(c, items)
}

// templateOf finds the businessFlowTemplateId eq '…' clause at the top of
// the filter or in one of its and-ed terms.
func templateOf(f *odataserver.Filter) (string, bool) {
	return f.Equality("businessFlowTemplateId")
}

func (l *legacyStore) getReview(c *call) {
	l.mu.Lock()
	lr, ok := l.lookup(c)
	var out legacy.AccessReview
	if ok {
		out = lr.served(c.Now())
	}
	l.mu.Unlock()
	if ok {
		c.JSON(http.StatusOK, out)
	}
}

// createReview checks the documented create rules (legacy.ValidateAt, the
// caller being an application when the token says so, and a known template
// when templates are held) and answers 201 with the review in the
// "Initializing" status of the documentation's example. While retired, the
// review is not kept.
func (l *legacyStore) createReview(c *call) {
	var ar legacy.AccessReview
	if !c.Decode(&ar) {
		return
	}
	caller := legacy.DelegatedCaller
	if c.caller.userID == "" {
		caller = legacy.AppOnlyCaller
	}
	if err := ar.ValidateAt(c.Now(), caller); err != nil {
		c.Error(http.StatusBadRequest, codeBadRequest, "Invalid accessReview: "+strings.ReplaceAll(err.Error(), "\n", "; "))
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.templates) > 0 && !slices.ContainsFunc(l.templates, func(t legacy.BusinessFlowTemplate) bool { return t.ID == ar.BusinessFlowTemplateID }) {
		c.Error(http.StatusBadRequest, codeBadRequest, "businessFlowTemplateId '"+ar.BusinessFlowTemplateID+"' is not a business flow template of this tenant.")
		return
	}
	ar.ID, ar.Status = "", ""
	ar.Decisions, ar.MyDecisions, ar.Instances = nil, nil, nil
	if ar.CreatedBy.ID == "" {
		ar.CreatedBy = l.callerIdentity(c)
	}
	if g, ok := l.s.Group(ar.ReviewedEntity.ID); ok {
		ar.ReviewedEntity.DisplayName = g.DisplayName
	}
	for i, rv := range ar.Reviewers {
		ar.Reviewers[i] = l.reviewer(rv.ID)
	}
	var out legacy.AccessReview
	if l.holding {
		lr := l.add(ar)
		l.order = append(l.order, lr)
		out = lr.served(c.Now())
	} else {
		ar.ID = legacy.AccessReviewID(l.ids.guid())
		ar.Reviewers = nil
		out = ar
	}
	out.Status = "Initializing"
	c.JSON(http.StatusCreated, out)
}

// reviewer returns the reviewer id, named from the directory when it is
// there. The caller holds l.mu.
func (l *legacyStore) reviewer(id string) legacy.Reviewer {
	rv := legacy.Reviewer{ID: id, CreatedDateTime: odata.DateTime{Time: l.s.Clock().Now()}}
	if u, ok := l.s.User(id); ok {
		rv.DisplayName, rv.UserPrincipalName = u.DisplayName, u.UserPrincipalName
	}
	return rv
}

// reviewPatch is the body of PATCH /accessReviews/{id}: the properties the
// documentation lets an update change.
type reviewPatch struct {
	DisplayName   *string          `json:"displayName"`
	Description   *string          `json:"description"`
	StartDateTime *odata.DateTime  `json:"startDateTime"`
	EndDateTime   *odata.DateTime  `json:"endDateTime"`
	Settings      *legacy.Settings `json:"settings"`
}

func (l *legacyStore) updateReview(c *call) {
	var p reviewPatch
	if !c.Decode(&p) {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	lr, ok := l.lookup(c)
	if !ok {
		return
	}
	next := lr.ar
	if p.DisplayName != nil {
		next.DisplayName = *p.DisplayName
	}
	if p.Description != nil {
		next.Description = *p.Description
	}
	if p.StartDateTime != nil {
		next.StartDateTime = *p.StartDateTime
	}
	if p.EndDateTime != nil {
		next.EndDateTime = *p.EndDateTime
	}
	if p.Settings != nil {
		next.Settings = *p.Settings
	}
	switch {
	case strings.TrimSpace(next.DisplayName) == "":
		c.Error(http.StatusBadRequest, codeBadRequest, "displayName must not be empty.")
		return
	case next.EndDateTime.Sub(next.StartDateTime.Time) < legacy.MinReviewLength:
		c.Error(http.StatusBadRequest, codeBadRequest, "endDateTime must be at least one day after startDateTime.")
		return
	}
	lr.ar = next
	c.NoContent()
}

func (l *legacyStore) deleteReview(c *call) {
	l.mu.Lock()
	defer l.mu.Unlock()
	lr, ok := l.lookup(c)
	if !ok {
		return
	}
	lr.deleted = true
	for _, in := range lr.instances {
		in.deleted = true
	}
	c.NoContent()
}

func (l *legacyStore) listReviewers(c *call) {
	l.mu.Lock()
	lr, ok := l.lookup(c)
	var items []legacy.Reviewer
	if ok {
		items = slices.Clone(lr.reviewers)
	}
	l.mu.Unlock()
	if ok {
		writePage(c, items)
	}
}

// addReviewer adds a reviewer to a delegated review that has not finished;
// the documentation allows it for nothing else.
func (l *legacyStore) addReviewer(c *call) {
	var body struct {
		ID string `json:"id"`
	}
	if !c.Decode(&body) {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	lr, ok := l.lookup(c)
	if !ok {
		return
	}
	switch {
	case !check.IsGUID(body.ID):
		c.Error(http.StatusBadRequest, codeBadRequest, "The reviewer id must be a user's object ID.")
	case lr.ar.ReviewerType != legacy.ReviewerDelegated:
		c.Error(http.StatusBadRequest, codeBadRequest, "Reviewers can be added only to a review with explicit (delegated) reviewers.")
	case legacyEnded(lr.status(c.Now())):
		c.Error(http.StatusBadRequest, codeBadRequest, "Reviewers cannot be added to a review that has completed.")
	case slices.ContainsFunc(lr.reviewers, func(r legacy.Reviewer) bool { return strings.EqualFold(r.ID, body.ID) }):
		c.Error(http.StatusConflict, codeConflict, "The user is already a reviewer of this review.")
	default:
		rv := l.reviewer(body.ID)
		lr.reviewers = append(lr.reviewers, rv)
		c.JSON(http.StatusCreated, rv)
	}
}

func (l *legacyStore) removeReviewer(c *call) {
	l.mu.Lock()
	defer l.mu.Unlock()
	lr, ok := l.lookup(c)
	if !ok {
		return
	}
	id := c.r.PathValue("rv")
	i := slices.IndexFunc(lr.reviewers, func(r legacy.Reviewer) bool { return strings.EqualFold(r.ID, id) })
	if i < 0 {
		c.Error(http.StatusNotFound, codeNotFound, "accessReviewReviewer "+id+" was not found")
		return
	}
	lr.reviewers = slices.Delete(lr.reviewers, i, i+1)
	c.NoContent()
}

func (l *legacyStore) listDecisions(c *call) { l.writeDecisions(c, false) }

func (l *legacyStore) listMyDecisions(c *call) {
	if requireDelegated(c) {
		l.writeDecisions(c, true)
	}
}

// writeDecisions writes the decisions of a review matching $filter, or
// only those the signed-in caller is to make: in a self review the
// caller's own, in a delegated review all of them when the caller is a
// reviewer, in an owners review all of them when the caller owns the
// reviewed group.
func (l *legacyStore) writeDecisions(c *call, mine bool) {
	f, ok := c.Filter()
	if !ok {
		return
	}
	l.mu.Lock()
	lr, ok := l.lookup(c)
	var items []legacy.Decision
	if ok {
		for _, d := range lr.decisions {
			if (!mine || l.decidesOn(lr, c.caller.userID, d)) && f.Match(d) {
				items = append(items, d)
			}
		}
	}
	l.mu.Unlock()
	if ok {
		writePage(c, items)
	}
}

// decidesOn reports whether user reviews decision d of lr. The caller
// holds l.mu.
func (l *legacyStore) decidesOn(lr *legacyReview, user string, d legacy.Decision) bool {
	switch lr.ar.ReviewerType {
	case legacy.ReviewerSelf:
		return strings.EqualFold(d.UserID, user)
	case legacy.ReviewerDelegated:
		return slices.ContainsFunc(lr.reviewers, func(r legacy.Reviewer) bool { return strings.EqualFold(r.ID, user) })
	case legacy.ReviewerEntityOwners:
		return l.ownsGroup(lr.ar.ReviewedEntity.ID, user)
	}
	return false
}

// listInstances lists the reviews of a series; a one-time review has none.
func (l *legacyStore) listInstances(c *call) {
	f, ok := c.Filter()
	if !ok {
		return
	}
	now := c.Now()
	l.mu.Lock()
	lr, ok := l.lookup(c)
	var items []legacy.AccessReview
	if ok {
		for _, in := range lr.instances {
			if ar := in.served(now); !in.deleted && f.Match(ar) {
				items = append(items, ar)
			}
		}
	}
	l.mu.Unlock()
	if ok {
		writePage(c, items)
	}
}
