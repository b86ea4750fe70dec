package reconcile

import (
	"encoding/json/v2"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/internal/poly"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

// object is a JSON object decoded into Go's generic values: map[string]any,
// []any, string, float64, bool and nil.
type object = map[string]any

// writable returns the writable state of d as a generic JSON object: the body
// DefinitionsService.Update would send, which holds every writable property
// and the properties the accessreviews package does not model.
func writable(d *accessreviews.Definition) (object, error) {
	body, err := d.UpdateBody()
	if err != nil {
		return nil, err
	}
	var m object
	if err := json.Unmarshal(body, &m, poly.WireOptions()); err != nil {
		return nil, fmt.Errorf("decode update body: %w", err)
	}
	return m, nil
}

// normalForm returns the writable state of d in the normal form plans compare:
// two definitions the service treats alike have equal normal forms. See
// normalize for the rules.
func normalForm(d *accessreviews.Definition) (object, error) {
	m, err := writable(d)
	if err != nil {
		return nil, err
	}
	normalize(m)
	return m, nil
}

// normalize rewrites the writable state of a definition, in place, into its
// normal form. Each rule makes equal what the service stores or treats
// alike:
//
//   - null members are absent (the service echoes unset values as null);
//   - annotations other than "@odata.type" are dropped, and type names are
//     spelled as the schema spells them ("#microsoft.graph.x", compared
//     without regard to case, the "#" or the beta "odata.type" key);
//   - lists where absent and empty mean the same are dropped when empty, and
//     lists the service reads as sets (reviewers, apply actions, insight
//     settings, notification recipients, stage settings by stageId…) are
//     sorted;
//   - scopes and recurrences follow normalizeScope and normalizeRecurrence;
//   - values that equal a documented default are the default's absence:
//     defaultDecision "None", recommendationLookBackDuration P30D,
//     applyActions [removeAccessApplyAction], a false
//     decisionHistoriesForReviewersEnabled;
//   - settings.instanceDurationInDays is dropped when there are stage
//     settings, whose durations the service uses instead;
//   - durations are written canonically (P4W2D is P30D).
func normalize(m object) {
	cleanTree(m)
	// backupReviewers is the deprecated mirror of fallbackReviewers:
	// "setting one fills the other". Read through beta, a definition
	// carries both; the mirror says nothing the fallback list does not.
	if len(list(m, "fallbackReviewers")) == 0 && len(list(m, "backupReviewers")) > 0 {
		m["fallbackReviewers"] = m["backupReviewers"]
	}
	for _, name := range []string{"reviewers", "fallbackReviewers", "backupReviewers"} {
		normalizeEach(m, name, normalizeReviewer)
		normalizeSet(m, name, true)
	}
	if same(m["backupReviewers"], m["fallbackReviewers"]) {
		delete(m, "backupReviewers")
	}
	normalizeEach(m, "additionalNotificationRecipients", func(r object) {
		if s, ok := r["notificationRecipientScope"].(object); ok {
			defaultQueryType(s)
		}
	})
	normalizeSet(m, "additionalNotificationRecipients", true)
	for _, name := range []string{"scope", "instanceEnumerationScope"} {
		if s, ok := m[name].(object); ok {
			normalizeScope(s)
		}
	}
	stages := list(m, "stageSettings")
	normalizeEach(m, "stageSettings", normalizeStage)
	if len(stages) == 0 {
		delete(m, "stageSettings")
	} else {
		slices.SortStableFunc(stages, func(a, b any) int {
			return strings.Compare(stageID(a), stageID(b))
		})
	}
	if s, ok := m["settings"].(object); ok {
		normalizeSettings(s, len(stages) > 0)
	}
}

// normalizeSettings applies the rules of normalize to a settings object.
func normalizeSettings(s object, multiStage bool) {
	if s["defaultDecision"] == string(accessreviews.DefaultNone) {
		delete(s, "defaultDecision")
	}
	// "If not specified, the duration is 30 days." (accessReviewScheduleSettings)
	normalizeDuration(s, "recommendationLookBackDuration", "P30D")
	if s["recommendationLookBackDuration"] == "P30D" {
		delete(s, "recommendationLookBackDuration")
	}
	normalizeEach(s, "recommendationInsightSettings", normalizeInsightSetting)
	normalizeSet(s, "recommendationInsightSettings", true)
	// "removeAccessApplyAction (default) … Field only needs to be
	// specified in the case of disableAndDeleteUserApplyAction."
	normalizeSet(s, "applyActions", true)
	if acts := list(s, "applyActions"); len(acts) == 1 && typeOf(acts[0]) == typeRemoveAccess {
		delete(s, "applyActions")
	}
	// decisionHistoriesForReviewersEnabled: "If not provided, the default
	// is disabled (false)."
	if s["decisionHistoriesForReviewersEnabled"] == false {
		delete(s, "decisionHistoriesForReviewersEnabled")
	}
	// "If the stageSettings … is defined, its durationInDays setting will
	// be used instead of the value of this property."
	if multiStage {
		delete(s, "instanceDurationInDays")
	}
	if r, ok := s["recurrence"].(object); ok {
		normalizeRecurrence(r)
	}
}

// normalizeStage applies the rules of normalize to one stage's settings,
// after accessReviewStageSettings: reviewers "If none is specified, the
// review is a self-review", so absent and [] are the same, and so are they
// for fallbackReviewers ("If provided, …"); recommendationLookBackDuration
// "If not specified, the duration is 30 days". decisionsThatWillMoveToNextStage
// keeps absent ("If not provided, all decisions will go to the next stage")
// apart from [], and the stage's insight settings keep absent apart from
// [], which the documentation does not equate.
func normalizeStage(st object) {
	if v, ok := st["recommendationInsightsSettings"]; ok { // the documentation's spelling
		if _, has := st["recommendationInsightSettings"]; !has {
			st["recommendationInsightSettings"] = v
		}
		delete(st, "recommendationInsightsSettings")
	}
	normalizeSet(st, "dependsOn", true)
	normalizeSet(st, "decisionsThatWillMoveToNextStage", false)
	for _, name := range []string{"reviewers", "fallbackReviewers"} {
		normalizeEach(st, name, normalizeReviewer)
		normalizeSet(st, name, true)
	}
	normalizeEach(st, "recommendationInsightSettings", normalizeInsightSetting)
	normalizeSet(st, "recommendationInsightSettings", false)
	normalizeDuration(st, "recommendationLookBackDuration", "")
	if st["recommendationLookBackDuration"] == "P30D" {
		delete(st, "recommendationLookBackDuration")
	}
}

// normalizeReviewer applies the rules of normalize to a reviewer scope: its
// "@odata.type", which requests may leave out, is dropped, and a query
// without a queryType is a Microsoft Graph query.
func normalizeReviewer(r object) {
	if typeOf(r) == typeReviewerScope {
		delete(r, "@odata.type")
	}
	defaultQueryType(r)
}

// normalizeInsightSetting writes an insight setting's duration canonically.
func normalizeInsightSetting(s object) {
	normalizeDuration(s, "recommendationLookBackDuration", "")
}

// normalizeScope rewrites a scope (of a definition, or a principal or
// resource scope of a memberships scope) into its normal form:
//
//   - a scope without "@odata.type" is a query scope, as the service reads it;
//   - a query without a queryType is a Microsoft Graph query;
//   - a query the scope builders produce is written as the builder writes
//     it, whatever spelling the service echoed ("+" for a space,
//     "$count=true", a "/" before "?", extra parentheses: see
//     scope.Unmarshal); properties other than the query's are kept;
//   - an inactive-users scope's inactiveDuration is canonical, PT0S when
//     absent ("If not specified, it's assigned a default value of PT0S").
func normalizeScope(s object) {
	typ := typeOf(s)
	if typ == "" {
		typ = typeQueryScope
		s["@odata.type"] = typ
	}
	switch typ {
	case typeQueryScope, typeInactiveUsersScope:
		defaultQueryType(s)
		if typ == typeInactiveUsersScope {
			normalizeDuration(s, "inactiveDuration", "PT0S")
		}
		canonicalQuery(s)
	case typeMembershipsScope:
		for _, name := range []string{"principalScopes", "resourceScopes"} {
			normalizeEach(s, name, normalizeScope)
		}
	}
}

// canonicalQuery replaces the query properties of a query scope by those of
// the builder value its query properties decode to, if any (see
// scope.Unmarshal); the other properties are kept as they are.
func canonicalQuery(s object) {
	query := object{}
	for _, k := range []string{"@odata.type", "query", "queryType", "queryRoot", "inactiveDuration"} {
		if v, ok := s[k]; ok {
			query[k] = v
		}
	}
	raw, err := json.Marshal(query, poly.WireOptions())
	if err != nil {
		return
	}
	built, err := scope.Unmarshal(raw)
	if err != nil {
		return
	}
	switch built.(type) {
	case scope.QueryScope, scope.InactiveUsersScope, scope.Unknown:
		return
	}
	b, err := json.Marshal(built, poly.WireOptions())
	if err != nil {
		return
	}
	var canon object
	if json.Unmarshal(b, &canon, poly.WireOptions()) != nil || typeOf(canon) != typeOf(s) {
		return
	}
	cleanTree(canon)
	for _, k := range []string{"query", "queryType", "queryRoot", "inactiveDuration"} {
		if v, ok := canon[k]; ok {
			s[k] = v
		} else {
			delete(s, k)
		}
	}
	if typeOf(s) == typeInactiveUsersScope {
		normalizeDuration(s, "inactiveDuration", "PT0S")
	}
}

// defaultQueryType sets queryType MicrosoftGraph on an object with a query
// and no queryType: the scope package reads a query without a type as a
// Microsoft Graph query, and the builders write it explicitly.
func defaultQueryType(o object) {
	if _, ok := o["query"]; ok {
		if _, ok := o["queryType"]; !ok {
			o["queryType"] = string(scope.QueryTypeMicrosoftGraph)
		}
	}
}

// normalizeDuration writes the duration o[key] canonically, or sets it to
// def when it is absent and def is not "". A value that does not parse is
// left as it is.
func normalizeDuration(o object, key, def string) {
	v, ok := o[key].(string)
	if !ok {
		if _, present := o[key]; !present && def != "" {
			o[key] = def
		}
		return
	}
	if d, err := odata.ParseDuration(v); err == nil {
		o[key] = canonicalDuration(d)
	}
}

// canonicalDuration writes d canonically. Weeks are days already (P4W2D is
// P30D). A duration without years or months is an Edm.Duration in its
// value space, days and time alike (xs:dayTimeDuration), so whole days of
// its clock part are days: PT24H is P1D. Years and months are calendar
// units, never folded: P1M is not P30D.
func canonicalDuration(d odata.Duration) string {
	if d.Years == 0 && d.Months == 0 && d.Time >= 24*time.Hour {
		d.Days += int(d.Time / (24 * time.Hour))
		d.Time %= 24 * time.Hour
	}
	return d.String()
}

// normalizeEach applies f to every object of the list o[key].
func normalizeEach(o object, key string, f func(object)) {
	for _, e := range list(o, key) {
		if m, ok := e.(object); ok {
			f(m)
		}
	}
}

// normalizeSet sorts the list o[key], whose order the service ignores, and
// drops it when it is empty and dropEmpty says empty means absent.
func normalizeSet(o object, key string, dropEmpty bool) {
	l, ok := o[key].([]any)
	if !ok {
		return
	}
	if len(l) == 0 && dropEmpty {
		delete(o, key)
		return
	}
	keys := make(map[int]string, len(l))
	idx := make([]int, len(l))
	for i, e := range l {
		idx[i], keys[i] = i, canonical(e)
	}
	slices.SortStableFunc(idx, func(a, b int) int { return strings.Compare(keys[a], keys[b]) })
	sorted := make([]any, len(l))
	for i, j := range idx {
		sorted[i] = l[j]
	}
	copy(l, sorted)
}

// cleanTree drops null members and annotations other than "@odata.type"
// everywhere in v, reads the beta "odata.type" as "@odata.type", and spells
// known type names as the schema does. Null elements of arrays say nothing
// and are dropped too.
func cleanTree(v any) any {
	switch t := v.(type) {
	case object:
		if typ, ok := t["odata.type"]; ok {
			if _, has := t["@odata.type"]; !has {
				t["@odata.type"] = typ
			}
		}
		for k, e := range t {
			switch {
			case e == nil, k != "@odata.type" && (strings.Contains(k, "@") || strings.HasPrefix(k, "odata.")):
				delete(t, k)
			case k == "@odata.type":
				if s, ok := e.(string); ok {
					t[k] = canonicalType(s)
				}
			default:
				t[k] = cleanTree(e)
			}
		}
		return t
	case []any:
		out := t[:0]
		for _, e := range t {
			if e != nil {
				out = append(out, cleanTree(e))
			}
		}
		return out
	}
	return v
}
