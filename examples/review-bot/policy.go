package main

import (
	"strings"
	"time"

	"github.com/graphkit/governance/accessreviews"
)

// decide is the bot's policy for one item: the decision and why, or ok
// false to leave the item to a human.
func decide(d *accessreviews.DecisionItem, now time.Time, inactiveDays int) (rec accessreviews.DecisionRecord, ok bool) {
	if isGuest(d) {
		last, known := lastSignIn(d)
		if known && (last.IsZero() || last.Before(now.AddDate(0, 0, -inactiveDays))) {
			return accessreviews.DecisionRecord{ID: d.ID, Decision: accessreviews.DecisionDeny,
				Justification: "review-bot: guest inactive for more than the policy allows"}, true
		}
	}
	switch d.Recommendation {
	case accessreviews.RecommendationApprove:
		return accessreviews.DecisionRecord{ID: d.ID, Decision: accessreviews.DecisionApprove,
			Justification: "review-bot: accepted the recommendation"}, true
	case accessreviews.RecommendationDeny:
		return accessreviews.DecisionRecord{ID: d.ID, Decision: accessreviews.DecisionDeny,
			Justification: "review-bot: accepted the recommendation"}, true
	}
	return accessreviews.DecisionRecord{}, false
}

// isGuest tells a guest by its user principal name: Entra ID gives every
// invited guest one containing "#EXT#", and the decision carries no userType.
func isGuest(d *accessreviews.DecisionItem) bool {
	u, ok := d.Principal.Value.(accessreviews.UserIdentity)
	return ok && strings.Contains(strings.ToUpper(u.UserPrincipalName), "#EXT#")
}

// lastSignIn reads the item's sign-in insight: the zero time for a user who
// never signed in, known false when the item has no such insight.
func lastSignIn(d *accessreviews.DecisionItem) (t time.Time, known bool) {
	for _, in := range d.Insights {
		if s, ok := in.(accessreviews.UserSignInInsight); ok {
			return s.LastSignInDateTime.Time, true
		}
	}
	return time.Time{}, false
}
