package reconcile

import (
	"encoding/json/v2"
	"github.com/graphkit/governance/internal/poly"
	"strings"
)

// The schema's spellings of the type names the normal form knows.
const (
	typeQueryScope         = "#microsoft.graph.accessReviewQueryScope"
	typeInactiveUsersScope = "#microsoft.graph.accessReviewInactiveUsersQueryScope"
	typeMembershipsScope   = "#microsoft.graph.principalResourceMembershipsScope"
	typeReviewerScope      = "#microsoft.graph.accessReviewReviewerScope"
	typeRemoveAccess       = "#microsoft.graph.removeAccessApplyAction"
	typeDisableAndDelete   = "#microsoft.graph.disableAndDeleteUserApplyAction"
	typeUserLastSignIn     = "#microsoft.graph.userLastSignInRecommendationInsightSetting"
	typeGroupPeerOutlier   = "#microsoft.graph.groupPeerOutlierRecommendationInsightSettings"
)

// knownTypes are the type names whose spelling canonicalType fixes. The
// documentation itself mis-cases one of them
// ("userlastsignInrecommendationinsightsetting").
var knownTypes = []string{
	typeQueryScope, typeInactiveUsersScope, typeMembershipsScope, typeReviewerScope,
	"#microsoft.graph.accessReviewPrincipalScope", "#microsoft.graph.accessReviewResourceScope",
	"#microsoft.graph.accessReviewAccessPackageAssignmentPolicyScope",
	"#microsoft.graph.accessReviewNotificationRecipientQueryScope",
	typeRemoveAccess, typeDisableAndDelete, typeUserLastSignIn, typeGroupPeerOutlier,
}

// canonicalType spells a type name as the schema does, when it is one of
// knownTypes written with another case, without "#" or without the
// namespace; other names are kept as they are.
func canonicalType(t string) string {
	bare := strings.TrimPrefix(t, "#")
	for _, k := range knownTypes {
		name := strings.TrimPrefix(k, "#microsoft.graph.")
		if strings.EqualFold(bare, name) || strings.EqualFold(bare, "microsoft.graph."+name) {
			return k
		}
	}
	return t
}

// typeOf returns the "@odata.type" of a JSON object, or "".
func typeOf(v any) string {
	m, _ := v.(object)
	t, _ := m["@odata.type"].(string)
	return t
}

// list returns o[key] when it is a JSON array.
func list(o object, key string) []any {
	l, _ := o[key].([]any)
	return l
}

// stageID returns the stageId of a stage settings object, or "".
func stageID(v any) string {
	m, _ := v.(object)
	id, _ := m["stageId"].(string)
	return id
}

// canonical returns the JSON text of v with object members sorted, so that
// equal values give equal texts.
func canonical(v any) string {
	b, err := json.Marshal(v, json.Deterministic(true), poly.WireOptions())
	if err != nil {
		return ""
	}
	return string(b)
}

// same reports whether a and b are the same JSON value. Two absent values
// (nil) are the same.
func same(a, b any) bool { return canonical(a) == canonical(b) }

// serviceNoEnd is the end date the service echoes for a recurrence without
// an end.
const serviceNoEnd = "9999-12-31"

// normalizeRecurrence rewrites a patternedRecurrence into the normal form of
// the service's echo:
//
//   - the pattern drops the members its type does not use, which the
//     service echoes zero-filled: month 0, dayOfMonth 0, daysOfWeek [],
//     firstDayOfWeek "sunday" and index "first";
//   - dates are days ("2020-09-08T12:02:30.667Z" is 2020-09-08);
//   - a range without an end is {type: noEnd}, however it is spelled: the
//     service echoes {type: numbered, numberOfOccurrences: 0, endDate:
//     9999-12-31}, and an endDate range ending on 9999-12-31 says the same;
//   - a numbered range with no occurrences and an end date is the endDate
//     range it behaves as;
//   - each range type keeps only the members it uses.
func normalizeRecurrence(r object) {
	if p, ok := r["pattern"].(object); ok {
		normalizePattern(p)
	}
	rg, ok := r["range"].(object)
	if !ok {
		return
	}
	for _, k := range []string{"startDate", "endDate"} {
		if s, ok := rg[k].(string); ok {
			if day, _, cut := strings.Cut(s, "T"); cut {
				s = day
			}
			if s == "" || s == "null" {
				delete(rg, k)
			} else {
				rg[k] = s
			}
		}
	}
	if rg["recurrenceTimeZone"] == "" {
		delete(rg, "recurrenceTimeZone")
	}
	end, hasEnd := rg["endDate"].(string)
	hasEnd = hasEnd && end != serviceNoEnd
	switch rg["type"] {
	case "numbered":
		if n, _ := rg["numberOfOccurrences"].(float64); n == 0 {
			rg["type"] = "noEnd"
			if hasEnd {
				rg["type"] = "endDate"
			}
		}
	case "endDate":
		if !hasEnd {
			rg["type"] = "noEnd"
		}
	}
	switch rg["type"] {
	case "noEnd":
		delete(rg, "endDate")
		delete(rg, "numberOfOccurrences")
	case "endDate":
		delete(rg, "numberOfOccurrences")
	case "numbered":
		delete(rg, "endDate")
	}
}

// normalizePattern drops the zero-filled members a pattern's type does not
// use.
func normalizePattern(p object) {
	typ, _ := p["type"].(string)
	relative := typ == "relativeMonthly" || typ == "relativeYearly"
	if n, ok := p["month"].(float64); ok && n == 0 {
		delete(p, "month")
	}
	if n, ok := p["dayOfMonth"].(float64); ok && n == 0 {
		delete(p, "dayOfMonth")
	}
	if days := list(p, "daysOfWeek"); days != nil && len(days) == 0 {
		delete(p, "daysOfWeek")
	}
	if _, hasDays := p["daysOfWeek"]; !hasDays && p["firstDayOfWeek"] == "sunday" {
		delete(p, "firstDayOfWeek")
	}
	if !relative && p["index"] == "first" {
		delete(p, "index")
	}
}
