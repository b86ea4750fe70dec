package accessreviewstest

import (
	"slices"
	"time"
)

// Materialisation: instances from scope × instanceEnumerationScope, and
// decisions for every principal the instance's scope selects in the
// directory at the instance's start (scopes.go reads the scopes).
//
// Recommendations come from the principal's last sign-in, measured at the
// instance (or stage) start against the look-back period: the stage's
// recommendationLookBackDuration, else the last-sign-in insight setting's,
// else the settings', else 30 days ("If not specified, the duration is 30
// days", accessReviewScheduleSettings):
//
//   - signed in within the period: Approve;
//   - signed in before it, or never: Deny ("The recommendation will be to
//     deny if the user is inactive during the look-back duration"; the guest
//     tutorial shows Deny for a guest invited minutes before, who had never
//     signed in, so "never" counts as inactive);
//   - NoInfoAvailable for service principals (the directory has no sign-ins
//     for them) and when recommendations are switched off.
//
// The insight (userSignInInsight) carries the same last sign-in.

// defaultLookBack is the service's default recommendation look-back.
var defaultLookBack = isoDuration{days: 30}

// openOccurrence creates the instances of one occurrence of d starting at
// start: one per group for an all-groups review (only the groups where the
// scope selects someone: "this request will return one instance for every
// Microsoft 365 group with guest users", guest tutorial), one otherwise. A
// one-time review's single instance takes the definition's ID (self-review
// tutorial: "the request returns only one instance whose id is the same as
// the access definition's id").
func (r *reviews) openOccurrence(d *definition, start time.Time, oneTime bool) {
	body := d.body
	groups := r.enumerate(body.InstanceEnumerationScope)
	if len(groups) > 1 || (body.InstanceEnumerationScope != nil && len(groups) == 1 && groups[0] != "") {
		kept := groups[:0]
		for _, g := range groups {
			if len(r.principals(body.Scope, g, start)) > 0 || len(groups) == 1 {
				kept = append(kept, g)
			}
		}
		groups = kept
	}
	var settings settingsJSON
	if body.Settings != nil {
		settings = *body.Settings
	}
	for _, g := range groups {
		id := r.s.newID()
		if oneTime && len(groups) == 1 {
			id = d.id
		}
		in := &instance{
			id:        id,
			def:       d,
			start:     start,
			end:       instanceEnd(body, d.sched, start),
			status:    statusNotStarted,
			groupID:   g,
			scope:     instanceScope(body.Scope, g),
			settings:  settings,
			stagePlan: slices.Clone(body.StageSettings),
			reviewers: slices.Clone(body.Reviewers),
			fallback:  slices.Clone(fallbacks(body)),
			decByID:   make(map[string]*decision),
		}
		if _, dup := d.instByID[key(in.id)]; dup {
			in.id = r.s.newID()
		}
		d.instances = append(d.instances, in)
		d.instByID[key(in.id)] = in
	}
}

// fallbacks returns the definition's fallback reviewers, or the deprecated
// backupReviewers mirror when only that is set (accessReviewSchedule-
// Definition, beta: "backupReviewers ... mirror of fallbackReviewers").
func fallbacks(d *definitionJSON) []scopeJSON {
	if len(d.FallbackReviewers) > 0 {
		return d.FallbackReviewers
	}
	return d.BackupReviewers
}

// ensureMaterialized creates the decisions of an instance that has started,
// once: every principal the scope selects at the start, its reviewers and
// its recommendation. A multi-stage instance also gets its first stage.
func (r *reviews) ensureMaterialized(in *instance) {
	if in.materialized || in.start.After(r.s.clock.Now()) {
		return
	}
	in.materialized = true
	refs := r.principals(in.def.body.Scope, in.groupID, in.start)
	var first *stageSettingsJSON
	if len(in.stagePlan) > 0 {
		first = &in.stagePlan[0]
	}
	revs, fb := in.reviewers, in.fallback
	if first != nil && first.Reviewers != nil {
		revs, fb = first.Reviewers, first.FallbackReviewers
	}
	in.decisions = r.newItems(in, refs, revs, fb, first, in.start)
	for _, d := range in.decisions {
		in.decByID[key(d.id)] = d
	}
	in.contacted = r.contactedFrom(in.decisions, formatTime(in.start))
	if first != nil {
		r.openStage(in, 0, in.start, in.decisions)
	}
	in.invalidate()
}

// newItems builds the decision items for refs, one per principal and
// resource.
func (r *reviews) newItems(in *instance, refs []principalRef, revs, fb []scopeJSON,
	st *stageSettingsJSON, at time.Time) []*decision {
	enabled := in.settings.RecommendationsEnabled
	if st != nil && st.RecommendationsEnabled != nil {
		enabled = *st.RecommendationsEnabled
	}
	lookBack := lookBackOf(in.settings, st)
	rs := newResolver(r, in.groupID)
	names := make(map[string]string)
	out := make([]*decision, 0, len(refs))
	seen := make(map[string]bool, len(refs))
	for _, p := range refs {
		k := key(p.id) + "|" + key(p.resource)
		if seen[k] {
			continue
		}
		seen[k] = true
		d := &decision{
			id: r.s.newID(), instID: in.id,
			resource: p.resource, resKind: p.resKind,
			principalID: p.id, sp: p.sp, direct: p.direct, indirect: p.indirect,
			insightAt:   at,
			decision:    decisionNotReviewed,
			applyResult: applyNew,
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
		d.recommendation = recommend(enabled, lookBack, p.sp, d.lastSignIn, at)
		d.reviewers, d.self = rs.resolve(revs, fb, p)
		out = append(out, d)
	}
	return out
}

// recommend returns the recommendation for a principal.
func recommend(enabled bool, lookBack isoDuration, sp bool, lastSignIn, at time.Time) string {
	if !enabled || sp {
		return recommendNoInfo
	}
	if lastSignIn.IsZero() || lastSignIn.Before(lookBack.before(at)) {
		return recommendDeny
	}
	return recommendApprove
}

// lookBackOf returns the look-back period for settings and, in a
// multi-stage review, the stage's settings ("If the stageSettings ... is
// defined, its recommendationLookBackDuration setting will be used instead
// of the value of this property").
func lookBackOf(set settingsJSON, st *stageSettingsJSON) isoDuration {
	if st != nil {
		if d, err := parseDuration(st.RecommendationLookBackDuration); err == nil {
			return d
		}
		if d, ok := insightLookBack(st.RecommendationInsightSettings); ok {
			return d
		}
	}
	if d, ok := insightLookBack(set.RecommendationInsightSettings); ok {
		return d
	}
	if d, err := parseDuration(set.RecommendationLookBackDuration); err == nil {
		return d
	}
	return defaultLookBack
}

// insightLookBack returns the look-back of a last-sign-in insight setting.
func insightLookBack(list []insightSettingJSON) (isoDuration, bool) {
	for _, s := range list {
		if typeName(s.ODataType) != "userlastsigninrecommendationinsightsetting" {
			continue
		}
		if d, err := parseDuration(s.RecommendationLookBackDuration); err == nil {
			return d, true
		}
	}
	return isoDuration{}, false
}

// resourceName returns a resource's display name, memoised per call.
func (r *reviews) resourceName(names map[string]string, id, kind string) string {
	if n, ok := names[id]; ok {
		return n
	}
	var n string
	if kind == resourceDirectoryRole {
		if role, ok := r.s.dir.role(id); ok {
			n = role.DisplayName
		}
	} else if kind == resourceCustom {
		n = r.s.dir.customResourceName(id)
	} else if g, ok := r.s.dir.group(id); ok {
		n = g.DisplayName
	}
	names[id] = n
	return n
}
