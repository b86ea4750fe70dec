package accessreviewstest

import (
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/scope"
)

// Recommendations come from the principal's last sign-in, measured at the
// instance (or stage) start against the look-back period: the stage's
// recommendationLookBackDuration, else the last-sign-in insight setting's,
// else the settings', else 30 days (the service's default).
//
//   - signed in within the period: Approve;
//   - signed in before it, or never: Deny. The guest tutorial shows Deny for
//     a guest invited minutes before, who had never signed in, so "never"
//     counts as inactive rather than as "no information";
//   - NoInfoAvailable for service principals (the directory has no sign-ins
//     for them) and when recommendations are switched off.
//
// The insight (userSignInInsight) carries the same last sign-in.

// defaultLookBackDays is the service's default recommendation look-back.
const defaultLookBackDays = 30

// recommend returns the recommendation for a principal.
func recommend(enabled bool, lookBackDays int, sp bool, lastSignIn, at time.Time) accessreviews.Recommendation {
	if !enabled || sp {
		return accessreviews.RecommendationNoInfoAvailable
	}
	if lastSignIn.IsZero() || lastSignIn.Before(at.AddDate(0, 0, -lookBackDays)) {
		return accessreviews.RecommendationDeny
	}
	return accessreviews.RecommendationApprove
}

// lookBack returns the look-back period in days for settings and, in a
// multi-stage review, the stage's settings.
func lookBack(set accessreviews.Settings, st *accessreviews.StageSettings) int {
	if st != nil {
		if d, ok := st.RecommendationLookBackDuration.WholeDays(); ok && d > 0 {
			return d
		}
		if d := insightLookBack(st.RecommendationInsightSettings); d > 0 {
			return d
		}
	}
	if d := insightLookBack(set.RecommendationInsightSettings); d > 0 {
		return d
	}
	if d, ok := set.RecommendationLookBackDuration.WholeDays(); ok && d > 0 {
		return d
	}
	return defaultLookBackDays
}

// insightLookBack returns the look-back of a last-sign-in insight setting.
func insightLookBack(list []accessreviews.InsightSetting) int {
	for _, s := range list {
		if u, ok := s.(accessreviews.UserLastSignInInsightSetting); ok {
			if d, ok := u.RecommendationLookBackDuration.WholeDays(); ok && d > 0 {
				return d
			}
		}
	}
	return 0
}

// ensureMaterialized creates the decisions of an instance that has started,
// once: every principal the scope selects at the start, its reviewers and
// its recommendation. A multi-stage instance also gets its first stage.
func (r *reviews) ensureMaterialized(in *instance) {
	if in.materialized || in.start.After(r.s.clock.Now()) {
		return
	}
	in.materialized = true
	refs := r.principals(in.def.def.Scope, in.groupID, in.start)
	var first *accessreviews.StageSettings
	if len(in.stagePlan) > 0 {
		first = &in.stagePlan[0]
	}
	revs, fb := in.reviewers, in.fallback
	if first != nil && first.Reviewers != nil {
		revs, fb = first.Reviewers, first.FallbackReviewers
	}
	in.decisions = r.newItems(in, refs, revs, fb, first, in.start)
	for _, d := range in.decisions {
		in.decByID[d.id] = d
	}
	in.contacted = r.contactedFrom(in.decisions, formatTime(in.start))
	if first != nil {
		r.openStage(in, 0, in.start, in.decisions)
	}
	in.invalidate()
}

// newItems builds the decision items for refs.
func (r *reviews) newItems(in *instance, refs []principalRef, revs, fb []scope.Reviewer,
	st *accessreviews.StageSettings, at time.Time) []*decision {
	enabled := in.settings.RecommendationsEnabled
	if st != nil {
		enabled = st.RecommendationsEnabled
	}
	days := lookBack(in.settings, st)
	rs := newResolver(r, in.groupID)
	names := make(map[string]string)
	out := make([]*decision, 0, len(refs))
	seen := make(map[string]bool, len(refs))
	for _, p := range refs {
		key := p.id + "|" + p.resource
		if seen[key] {
			continue
		}
		seen[key] = true
		d := &decision{
			id: r.s.newID(), instID: in.id,
			resource: p.resource, resKind: p.resKind,
			principalID: p.id, sp: p.sp, direct: p.direct, indirect: p.indirect,
			insightAt:   at,
			decision:    accessreviews.DecisionNotReviewed,
			applyResult: accessreviews.ApplyResultNew,
			reviewedBy:  nobody, appliedBy: nobody,
		}
		if p.sp {
			if sp, ok := r.s.dir.servicePrincipal(p.id); ok {
				d.principalName, d.appID = sp.DisplayName, sp.AppID
			}
		} else if u, ok := r.s.dir.user(p.id); ok {
			d.principalName, d.principalUPN, d.lastSignIn = u.DisplayName, u.UserPrincipalName, u.LastSignIn
		}
		if p.resource != "" {
			d.resName = r.resourceName(names, p.resource, p.resKind)
		}
		d.recommendation = recommend(enabled, days, p.sp, d.lastSignIn, at)
		d.reviewers, d.self = rs.resolve(revs, fb, p)
		out = append(out, d)
	}
	return out
}

// resourceName returns a resource's display name, memoised per call.
func (r *reviews) resourceName(names map[string]string, id string, kind accessreviews.ResourceType) string {
	if n, ok := names[id]; ok {
		return n
	}
	var n string
	if kind == accessreviews.ResourceDirectoryRole {
		if role, ok := r.s.dir.role(id); ok {
			n = role.DisplayName
		}
	} else if g, ok := r.s.dir.group(id); ok {
		n = g.DisplayName
	}
	names[id] = n
	return n
}
