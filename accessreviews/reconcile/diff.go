package reconcile

import (
	"maps"
	"slices"
)

// level lists the documented properties of one object of a definition's
// writable state, and the objects nested in it that are levels too. A
// member a level does not list is a property the SDK (and this package) does
// not model: it is compared when the desired definition sets it, and kept
// from the tenant's definition otherwise.
type level struct {
	known    map[string]bool
	children map[string]*level
	keyed    *level // the level of each element of a list matched by stageId
}

// has reports whether name is a documented property of the level.
func (l *level) has(name string) bool { return l.known[name] }

// newLevel builds a level from its documented property names.
func newLevel(names ...string) *level {
	l := &level{known: make(map[string]bool, len(names)), children: map[string]*level{}}
	for _, n := range names {
		l.known[n] = true
	}
	return l
}

// definitionSchema returns the levels of accessReviewScheduleDefinition and
// the objects nested in it, from the Graph resource documentation (read-only
// properties included: they never appear in the writable state, and are not
// "unmodelled").
func definitionSchema() *level {
	root := newLevel("id", "displayName", "descriptionForAdmins", "descriptionForReviewers", "createdBy",
		"createdDateTime", "lastModifiedDateTime", "status", "scope", "instanceEnumerationScope", "reviewers",
		"fallbackReviewers", "backupReviewers", "settings", "stageSettings", "additionalNotificationRecipients",
		"instances")
	settings := newLevel("applyActions", "autoApplyDecisionsEnabled", "decisionHistoriesForReviewersEnabled",
		"defaultDecision", "defaultDecisionEnabled", "instanceDurationInDays", "justificationRequiredOnApproval",
		"mailNotificationsEnabled", "recommendationsEnabled", "recurrence", "reminderNotificationsEnabled",
		"recommendationLookBackDuration", "recommendationInsightSettings")
	recurrence := newLevel("pattern", "range")
	recurrence.children["pattern"] = newLevel("type", "interval", "month", "dayOfMonth", "daysOfWeek",
		"firstDayOfWeek", "index")
	recurrence.children["range"] = newLevel("type", "startDate", "endDate", "numberOfOccurrences",
		"recurrenceTimeZone")
	settings.children["recurrence"] = recurrence
	root.children["settings"] = settings
	root.keyed = newLevel("stageId", "dependsOn", "durationInDays", "decisionsThatWillMoveToNextStage",
		"recommendationsEnabled", "recommendationLookBackDuration", "recommendationInsightSettings",
		"recommendationInsightsSettings", "reviewers", "fallbackReviewers")
	return root
}

// schema is the definition's schema; it is never modified.
var schema = definitionSchema()

// unmodelled visits the members of cur, at every level of lv, that lv does
// not document and want does not set: the properties the desired state says
// nothing about. visit gets the object of cur holding the member, the
// object of want at the same place, and the member's name; it may delete
// the member from cur or copy it into want. Stages are matched by stageId.
func unmodelled(cur, want object, lv *level, visit func(cur, want object, name string)) {
	for _, name := range slices.Sorted(maps.Keys(cur)) {
		if _, set := want[name]; !set && !lv.has(name) {
			visit(cur, want, name)
		}
	}
	for name, child := range lv.children {
		c, ok1 := cur[name].(object)
		w, ok2 := want[name].(object)
		if ok1 && ok2 {
			unmodelled(c, w, child, visit)
		}
	}
	if lv.keyed == nil {
		return
	}
	for _, cs := range list(cur, "stageSettings") {
		for _, ws := range list(want, "stageSettings") {
			c, ok1 := cs.(object)
			w, ok2 := ws.(object)
			if ok1 && ok2 && stageID(c) == stageID(w) {
				unmodelled(c, w, lv.keyed, visit)
			}
		}
	}
}

// dropUnmodelled removes from cur the unmodelled properties want does not
// set, so that they are not reported as changes.
func dropUnmodelled(cur, want object) {
	unmodelled(cur, want, schema, func(c, _ object, name string) { delete(c, name) })
}

// difference is one property whose normal forms differ: Path is its JSON
// path ("settings.recurrence", `stageSettings[stageId=2].reviewers`), Old and
// New the values, nil where the property is absent.
type difference struct {
	Path     string
	Old, New any
}

// diff compares two normal forms. It reports each top-level property that
// differs, except that settings are compared property by property and stage
// settings stage by stage (matched by stageId), then property by property;
// everything else (a scope, a reviewer list, the recurrence) is one value.
func diff(cur, want object) []difference {
	var out []difference
	for _, name := range unionKeys(cur, want) {
		switch name {
		case "settings":
			c, _ := cur[name].(object)
			w, _ := want[name].(object)
			for _, k := range unionKeys(c, w) {
				if !same(c[k], w[k]) {
					out = append(out, difference{Path: "settings." + k, Old: c[k], New: w[k]})
				}
			}
		case "stageSettings":
			out = append(out, diffStages(list(cur, name), list(want, name))...)
		default:
			if !same(cur[name], want[name]) {
				out = append(out, difference{Path: name, Old: cur[name], New: want[name]})
			}
		}
	}
	return out
}

// diffStages compares two lists of stage settings, matched by stageId.
func diffStages(cur, want []any) []difference {
	byID := func(l []any) map[string]object {
		m := make(map[string]object, len(l))
		for _, s := range l {
			if o, ok := s.(object); ok {
				m[stageID(o)] = o
			}
		}
		return m
	}
	c, w := byID(cur), byID(want)
	var out []difference
	for _, id := range slices.Sorted(maps.Keys(unionMap(c, w))) {
		path := stagePath(id)
		cs, inCur := c[id]
		ws, inWant := w[id]
		if !inCur || !inWant {
			var old, new any
			if inCur {
				old = cs
			}
			if inWant {
				new = ws
			}
			out = append(out, difference{Path: path, Old: old, New: new})
			continue
		}
		for _, k := range unionKeys(cs, ws) {
			if !same(cs[k], ws[k]) {
				out = append(out, difference{Path: path + "." + k, Old: cs[k], New: ws[k]})
			}
		}
	}
	return out
}

// stagePath is the path of the stage settings with the given stageId.
func stagePath(id string) string { return "stageSettings[stageId=" + id + "]" }

// unionKeys returns the member names of a and b, sorted.
func unionKeys(a, b object) []string {
	return slices.Sorted(maps.Keys(unionMap(a, b)))
}

// unionMap returns a map holding the keys of a and b.
func unionMap[V any](a, b map[string]V) map[string]bool {
	out := make(map[string]bool, len(a)+len(b))
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}
