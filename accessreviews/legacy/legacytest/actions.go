package legacytest

//lint:file-ignore SA1019 serving and migrating the retired legacy API is this file's purpose

import (
	"net/http"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/legacy"
	"github.com/graphkit/governance/odata"
)

// The legacy actions: sendReminder, stop, resetDecisions and
// applyDecisions, each 204 on success and 400 BadRequest in a status where
// the service refused it. Applying a Deny really removes the user from the
// reviewed group, as the new API's applyDecisions does in this fake.

// statusApplied is the status the legacy API added to the new API's.
const statusApplied accessreviews.Status = "Applied"

// legacyEnded reports whether a review in status st has ended.
func legacyEnded(st accessreviews.Status) bool {
	switch st {
	case accessreviews.StatusCompleted, statusApplied, "Applying", "Stopped", "AutoReviewed":
		return true
	}
	return false
}

// sendReminder reminds the reviewers of a review in progress; the count
// is kept for LegacyRemindersSent.
func (l *legacyStore) sendReminder(c *call) {
	l.act(c, func(lr *legacyReview, now time.Time) string {
		if lr.status(now) != accessreviews.StatusInProgress {
			return "Reminders can be sent only for a review in progress."
		}
		l.reminders[key(string(lr.ar.ID))]++
		return ""
	})
}

// stop ends a review that has not ended yet.
func (l *legacyStore) stop(c *call) {
	l.act(c, func(lr *legacyReview, now time.Time) string {
		if legacyEnded(lr.status(now)) {
			return "The review has already ended."
		}
		lr.ar.Status = accessreviews.StatusCompleted
		return ""
	})
}

// resetDecisions sets every decision of a review in progress back to
// NotReviewed.
func (l *legacyStore) resetDecisions(c *call) {
	l.act(c, func(lr *legacyReview, now time.Time) string {
		if lr.status(now) != accessreviews.StatusInProgress {
			return "Decisions can be reset only while the review is in progress."
		}
		for i := range lr.decisions {
			d := &lr.decisions[i]
			d.ReviewResult = legacy.ReviewNotReviewed
			d.ReviewedBy = accessreviews.UserIdentity{ID: zeroGUID}
			d.ReviewedDateTime = odata.DateTime{}
			d.Justification = ""
		}
		return ""
	})
}

// applyDecisions applies the decisions of a completed review: a Deny
// removes the user from the reviewed group (NotFound when the user was not
// a direct member), an Approve keeps it (Success), and undecided items are
// NotApplied. The review moves to Applied.
func (l *legacyStore) applyDecisions(c *call) {
	l.act(c, func(lr *legacyReview, now time.Time) string {
		if lr.status(now) != accessreviews.StatusCompleted {
			return "Decisions can be applied only once the review has completed."
		}
		by := l.callerIdentity(c)
		for i := range lr.decisions {
			d := &lr.decisions[i]
			switch d.ReviewResult {
			case legacy.ReviewApprove:
				d.ApplyResult = legacy.ApplySuccess
			case legacy.ReviewDeny:
				d.ApplyResult = legacy.ApplyNotFound
				if l.s.RemoveMember(lr.ar.ReviewedEntity.ID, d.UserID) {
					d.ApplyResult = legacy.ApplySuccess
				}
			default:
				d.ApplyResult = legacy.ApplyNotApplied
				continue
			}
			d.AppliedBy, d.AppliedDateTime = by, odata.DateTime{Time: now}
		}
		lr.ar.Status = statusApplied
		return ""
	})
}

// act runs an action on the review of the path under the store's lock;
// do returns why the action is refused, or "" when it was done.
func (l *legacyStore) act(c *call, do func(lr *legacyReview, now time.Time) string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	lr, ok := l.lookup(c)
	if !ok {
		return
	}
	if msg := do(lr, c.Now()); msg != "" {
		c.Error(http.StatusBadRequest, codeBadRequest, msg)
		return
	}
	c.NoContent()
}

// listAllDecisions lists the decisions of every live review, the β
// accessReviewDecisions entity set.
func (l *legacyStore) listAllDecisions(c *call) {
	f, ok := c.Filter()
	if !ok {
		return
	}
	l.mu.Lock()
	var items []legacy.Decision
	if l.holding {
		for _, lr := range l.order {
			for _, r := range append([]*legacyReview{lr}, lr.instances...) {
				if r.deleted {
					continue
				}
				for _, d := range r.decisions {
					if f.Match(d) {
						items = append(items, d)
					}
				}
			}
		}
	}
	l.mu.Unlock()
	writePage(c, items)
}
