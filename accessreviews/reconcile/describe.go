package reconcile

import (
	"slices"
	"strconv"
	"strings"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

// Change is one property an update changes, described for the person who
// reviews the plan.
type Change struct {
	// Path is the property's JSON path in the definition: "displayName",
	// "settings.recurrence", "stageSettings[stageId=2].reviewers".
	Path string
	// Property names the property in words: "schedule", "stage 2
	// reviewers".
	Property string
	// Old and New are the values in words: scopes and reviewers as the
	// scope package describes them, schedules as the recurrence package
	// does, "(not set)" for an absent value. Where the words of two
	// different values would be the same, the value's JSON follows them.
	Old, New string
}

// notSet is the words for an absent value.
const notSet = "(not set)"

// labels names the properties of a definition and of its settings.
var labels = map[string]string{
	"displayName":                          "display name",
	"descriptionForAdmins":                 "description for admins",
	"descriptionForReviewers":              "description for reviewers",
	"scope":                                "what is reviewed",
	"instanceEnumerationScope":             "groups reviewed one by one",
	"reviewers":                            "reviewers",
	"fallbackReviewers":                    "fallback reviewers",
	"backupReviewers":                      "backup reviewers",
	"additionalNotificationRecipients":     "additional notification recipients",
	"mailNotificationsEnabled":             "mail notifications",
	"reminderNotificationsEnabled":         "reminders",
	"justificationRequiredOnApproval":      "justification required on approval",
	"defaultDecisionEnabled":               "default decision for unreviewed items",
	"defaultDecision":                      "default decision",
	"instanceDurationInDays":               "instance duration",
	"autoApplyDecisionsEnabled":            "apply decisions automatically",
	"recommendationsEnabled":               "recommendations",
	"recommendationLookBackDuration":       "recommendation look-back",
	"recommendationInsightSettings":        "recommendation insights",
	"decisionHistoriesForReviewersEnabled": "decision histories for later stages",
	"recurrence":                           "schedule",
	"applyActions":                         "what applying a deny does",
	"durationInDays":                       "duration",
	"dependsOn":                            "depends on",
	"decisionsThatWillMoveToNextStage":     "decisions moving to the next stage",
	"stageId":                              "stage ID",
}

// order is the order in which a plan lists the changes of a definition.
var order = []string{
	"displayName", "descriptionForAdmins", "descriptionForReviewers", "scope", "instanceEnumerationScope",
	"reviewers", "fallbackReviewers", "backupReviewers", "additionalNotificationRecipients", "settings.recurrence",
	"settings", "stageSettings",
}

// rank returns the position of a path in order; unknown paths come last.
func rank(path string) int {
	for i, p := range order {
		if path == p || strings.HasPrefix(path, p+".") || strings.HasPrefix(path, p+"[") {
			return i
		}
	}
	return len(order)
}

// describe turns the differences between cur and want into changes in
// words, in the order a reviewer reads a definition.
func describe(diffs []difference, cur, want *accessreviews.Definition) []Change {
	slices.SortStableFunc(diffs, func(a, b difference) int { return rank(a.Path) - rank(b.Path) })
	out := make([]Change, len(diffs))
	for i, d := range diffs {
		c := Change{Path: d.Path, Property: label(d.Path)}
		c.Old, c.New = words(d.Path, d.Old, cur), words(d.Path, d.New, want)
		if c.Old == c.New {
			c.Old += " " + canonical(d.Old)
			c.New += " " + canonical(d.New)
		}
		out[i] = c
	}
	return out
}

// label names the property at path in words.
func label(path string) string {
	if id, rest, ok := splitStage(path); ok {
		if rest == "" {
			return "stage " + id
		}
		return "stage " + id + " " + nameOf(rest)
	}
	return nameOf(strings.TrimPrefix(path, "settings."))
}

// nameOf returns the label of a property name, or the name itself.
func nameOf(name string) string {
	if l, ok := labels[name]; ok {
		return l
	}
	return name
}

// splitStage splits `stageSettings[stageId=2].reviewers` into "2" and
// "reviewers".
func splitStage(path string) (id, rest string, ok bool) {
	after, found := strings.CutPrefix(path, "stageSettings[stageId=")
	if !found {
		return "", "", false
	}
	id, rest, _ = strings.Cut(after, "]")
	return id, strings.TrimPrefix(rest, "."), true
}

// words describes the value v of the property at path of d; v is nil when
// the property is absent from d's normal form.
func words(path string, v any, d *accessreviews.Definition) string {
	if id, rest, ok := splitStage(path); ok {
		return stageWords(id, rest, v, d)
	}
	switch path {
	case "reviewers":
		return scope.DescribeReviewers(d.Reviewers) // absent is a self-review
	case "settings.applyActions":
		acts, _ := v.([]any)
		return applyActionWords(acts) // absent is the default
	case "fallbackReviewers", "backupReviewers", "additionalNotificationRecipients":
		if v == nil {
			return "none"
		}
	case "settings.recommendationLookBackDuration":
		if v == nil {
			return "30 days (the default)"
		}
	}
	if v == nil {
		return notSet
	}
	switch path {
	case "scope":
		return scope.DescribeReview(d.Scope, d.InstanceEnumerationScope)
	case "instanceEnumerationScope":
		return scope.Describe(d.InstanceEnumerationScope)
	case "fallbackReviewers":
		return scope.DescribeReviewers(d.FallbackReviewers)
	case "backupReviewers":
		return scope.DescribeReviewers(d.BackupReviewers)
	case "additionalNotificationRecipients":
		return joinWords(d.AdditionalNotificationRecipients, scope.NotificationRecipient.String)
	case "settings.recurrence":
		return d.Settings.Recurrence.String()
	case "settings.instanceDurationInDays":
		return daysWords(v)
	}
	return valueWords(v)
}

// stageWords describes the value v of a stage property (rest is "" for the
// whole stage) of the stage id of d.
func stageWords(id, rest string, v any, d *accessreviews.Definition) string {
	var st *accessreviews.StageSettings
	for i := range d.StageSettings {
		if d.StageSettings[i].StageID == id {
			st = &d.StageSettings[i]
		}
	}
	switch {
	case st == nil || v == nil && rest == "":
		return "no such stage"
	case rest == "":
		s := daysWords(float64(st.DurationInDays)) + ", reviewed by " + stageReviewers(st.Reviewers)
		if st.FallbackReviewers != nil {
			s += ", fallback " + scope.DescribeReviewers(st.FallbackReviewers)
		}
		return s
	case rest == "reviewers":
		return stageReviewers(st.Reviewers)
	case rest == "fallbackReviewers" && v == nil:
		return "none"
	case rest == "fallbackReviewers":
		return scope.DescribeReviewers(st.FallbackReviewers)
	case rest == "recommendationLookBackDuration" && v == nil:
		return "30 days (the default)"
	case rest == "decisionsThatWillMoveToNextStage" && v == nil:
		return "every item"
	case rest == "durationInDays":
		return daysWords(v)
	case v == nil:
		return notSet
	}
	return valueWords(v)
}

// stageReviewers describes a stage's reviewers: none is a self-review
// (accessReviewStageSettings: "If none is specified, the review is a
// self-review").
func stageReviewers(rs []scope.Reviewer) string { return scope.DescribeReviewers(rs) }

// valueWords describes a JSON value: booleans as on and off, strings
// quoted, durations in days, lists element by element, other values as
// JSON.
func valueWords(v any) string {
	switch t := v.(type) {
	case bool:
		if t {
			return "on"
		}
		return "off"
	case string:
		if d, err := odata.ParseDuration(t); err == nil && strings.HasPrefix(t, "P") {
			if n, whole := d.WholeDays(); whole {
				return daysWords(float64(n))
			}
			return t
		}
		return strconv.Quote(t)
	case []any:
		if len(t) > 0 && typeOf(t[0]) != "" {
			return joinWords(t, insightWords)
		}
		return joinWords(t, func(e any) string {
			if s, ok := e.(string); ok {
				return s
			}
			return canonical(e)
		})
	}
	return canonical(v)
}

// daysWords describes a number of days.
func daysWords(v any) string {
	n, ok := v.(float64)
	switch {
	case !ok:
		return canonical(v)
	case n == 1:
		return "1 day"
	case n == 0:
		return "0 days (the service's default)"
	}
	return strconv.FormatFloat(n, 'f', -1, 64) + " days"
}

// applyActionWords describes a normal form's apply actions; an empty list
// is the service's default.
func applyActionWords(acts []any) string {
	if len(acts) == 0 {
		return "remove access (the default)"
	}
	return joinWords(acts, func(a any) string {
		switch typeOf(a) {
		case typeRemoveAccess:
			return "remove access"
		case typeDisableAndDelete:
			return "disable and then delete the user"
		}
		return canonical(a)
	})
}

// insightWords describes one recommendation insight setting.
func insightWords(v any) string {
	m, _ := v.(object)
	switch typeOf(v) {
	case typeUserLastSignIn:
		s := "last sign-in"
		if d, ok := m["recommendationLookBackDuration"]; ok {
			s += " within " + valueWords(d)
		}
		if sc, ok := m["signInScope"].(string); ok {
			s += " (" + sc + ")"
		}
		return s
	case typeGroupPeerOutlier:
		return "outliers among group peers"
	}
	return canonical(v)
}

// joinWords describes each element of list and joins the descriptions.
func joinWords[T any](list []T, f func(T) string) string {
	if len(list) == 0 {
		return "none"
	}
	parts := make([]string, len(list))
	for i, e := range list {
		parts[i] = f(e)
	}
	return strings.Join(parts, "; ")
}
