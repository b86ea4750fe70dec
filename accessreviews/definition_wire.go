package accessreviews

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/graphkit/governance/internal/discriminator"
)

// wireMode says which shape an encoder writes. The three shapes share one
// encoder so that a property can never be added to one and forgotten in
// another; what differs is spelled out where it differs.
type wireMode int

const (
	// wireRead is the model as read, for MarshalJSON: read-only properties
	// and annotations included.
	wireRead wireMode = iota
	// wireCreate is the POST body of a create: writable properties only; a
	// nil list is left out and an empty one sent as [], so that nil and
	// scope.SelfReview() mean what the caller wrote.
	wireCreate
	// wireUpdate is the PUT body of an update, which replaces the whole
	// definition: every writable property, and a nil list sent as [] where
	// the service gives absent and empty the same meaning.
	wireUpdate
)

// definitionReadOnly lists the definition properties the service sets and a
// request must not carry. Annotations ("@odata.context", "@odata.etag",
// "scope@odata.type"…) are stripped from requests as well, by isAnnotation.
var definitionReadOnly = []string{"id", "createdBy", "createdDateTime", "lastModifiedDateTime", "status", "instances"}

// encodeDefinition writes d in the given shape.
func encodeDefinition(d *Definition, mode wireMode) ([]byte, error) {
	o := newKeptObject(d.extra, mode)
	if mode == wireRead && d.ID != "" {
		o.String("id", string(d.ID))
	}
	// The names and descriptions are always written: the create
	// documentation marks all three required, and the tutorials send empty
	// descriptions, which the service accepts.
	o.String("displayName", d.DisplayName)
	o.String("descriptionForAdmins", d.DescriptionForAdmins)
	o.String("descriptionForReviewers", d.DescriptionForReviewers)
	if mode == wireRead {
		if d.CreatedBy != (UserIdentity{}) {
			o.Raw("createdBy", encodeCreatedBy(d.CreatedBy))
		}
		if !d.CreatedDateTime.IsZero() {
			o.Field("createdDateTime", d.CreatedDateTime)
		}
		if !d.LastModifiedDateTime.IsZero() {
			o.Field("lastModifiedDateTime", d.LastModifiedDateTime)
		}
		if d.Status != "" {
			o.String("status", string(d.Status))
		}
	}
	if d.Scope != nil {
		o.Field("scope", d.Scope)
	}
	if d.InstanceEnumerationScope != nil {
		o.Field("instanceEnumerationScope", d.InstanceEnumerationScope)
	}
	// reviewers is sent as [] for nil in a create too: the v1.0 page marks it
	// required on create, and an empty list is a self-review.
	writeList(o, "reviewers", d.Reviewers, mode != wireRead)
	writeList(o, "fallbackReviewers", d.FallbackReviewers, mode == wireUpdate)
	// backupReviewers is a deprecated beta mirror of fallbackReviewers
	// (setting one fills the other). An update sends it only when it
	// names someone: an empty mirror sent next to fallback reviewers could
	// clear them, and the v1.0 schema does not have the property at all.
	if mode != wireUpdate || len(d.BackupReviewers) > 0 {
		writeList(o, "backupReviewers", d.BackupReviewers, false)
	}
	if mode != wireRead || !d.Settings.IsZero() {
		settings, err := encodeSettings(&d.Settings, mode)
		if err != nil {
			return nil, err
		}
		o.Raw("settings", settings)
	}
	if d.StageSettings != nil || mode == wireUpdate {
		stages := make([]json.RawMessage, len(d.StageSettings))
		for i := range d.StageSettings {
			b, err := encodeStage(&d.StageSettings[i], mode)
			if err != nil {
				return nil, fmt.Errorf("accessreviews: encode stageSettings[%d]: %w", i, err)
			}
			stages[i] = b
		}
		o.Field("stageSettings", stages)
	}
	writeList(o, "additionalNotificationRecipients", d.AdditionalNotificationRecipients, mode == wireUpdate)
	if mode == wireRead && d.Instances != nil {
		o.Field("instances", d.Instances)
	}
	o.Extra(keptProperties(d.extra, mode, definitionReadOnly))
	b, err := o.Bytes()
	if err != nil {
		return nil, fmt.Errorf("accessreviews: encode definition: %w", err)
	}
	return b, nil
}

// encodeCreatedBy writes the creator as the service does: id, displayName
// and userPrincipalName always (the service writes "" for an unknown
// name), ipAddress when set.
func encodeCreatedBy(u UserIdentity) json.RawMessage {
	o := discriminator.NewObject("")
	o.String("id", u.ID)
	o.String("displayName", u.DisplayName)
	o.String("userPrincipalName", u.UserPrincipalName)
	if u.IPAddress != "" {
		o.String("ipAddress", u.IPAddress)
	}
	b, _ := o.Bytes() // strings always encode
	return b
}

// encodeSettings writes s in the given shape. Every boolean and
// instanceDurationInDays are always written: the schema makes all of them
// but decisionHistoriesForReviewersEnabled non-nullable, so the service
// always has a value, and a value left out of a request would be the
// service's default, not the caller's.
func encodeSettings(s *Settings, mode wireMode) ([]byte, error) {
	o := newKeptObject(s.extra, mode)
	o.Field("mailNotificationsEnabled", s.MailNotificationsEnabled)
	o.Field("reminderNotificationsEnabled", s.ReminderNotificationsEnabled)
	o.Field("justificationRequiredOnApproval", s.JustificationRequiredOnApproval)
	o.Field("defaultDecisionEnabled", s.DefaultDecisionEnabled)
	if s.DefaultDecision != "" {
		o.String("defaultDecision", string(s.DefaultDecision))
	}
	o.Field("instanceDurationInDays", s.InstanceDurationInDays)
	o.Field("autoApplyDecisionsEnabled", s.AutoApplyDecisionsEnabled)
	o.Field("recommendationsEnabled", s.RecommendationsEnabled)
	if !s.RecommendationLookBackDuration.IsZero() {
		o.Field("recommendationLookBackDuration", s.RecommendationLookBackDuration)
	}
	writeList(o, "recommendationInsightSettings", s.RecommendationInsightSettings, mode == wireUpdate)
	o.Field("decisionHistoriesForReviewersEnabled", s.DecisionHistoriesForReviewersEnabled)
	if !s.Recurrence.IsZero() {
		// The recurrence package encodes the request form: only the fields
		// the pattern and range types use, so the zero-filled pattern the
		// service echoes (month 0, daysOfWeek [], index "first"…) is never
		// sent back: Graph refuses a request with an unsupported pattern
		// property.
		o.Field("recurrence", s.Recurrence)
	}
	// An empty applyActions means the default, removing access, which is
	// also what the service echoes; [] is the faithful update value.
	writeList(o, "applyActions", s.ApplyActions, mode == wireUpdate)
	o.Extra(keptProperties(s.extra, mode, nil))
	b, err := o.Bytes()
	if err != nil {
		return nil, fmt.Errorf("accessreviews: encode settings: %w", err)
	}
	return b, nil
}

// encodeStage writes one stage's settings. Unlike the definition's lists,
// a nil list of a stage is left out even in an update: an absent reviewers
// list makes the stage use the definition's reviewers, an empty one would
// make it a self-review, and an absent decisionsThatWillMoveToNextStage
// moves every item on (the documented default) where an empty one may move
// none. Only dependsOn, which is non-nullable and means the same empty or
// absent, is sent as [].
func encodeStage(s *StageSettings, mode wireMode) ([]byte, error) {
	o := newKeptObject(s.extra, mode)
	o.String("stageId", s.StageID)
	writeList(o, "dependsOn", s.DependsOn, mode == wireUpdate)
	o.Field("durationInDays", s.DurationInDays)
	writeList(o, "decisionsThatWillMoveToNextStage", s.DecisionsThatWillMoveToNextStage, false)
	o.Field("recommendationsEnabled", s.RecommendationsEnabled)
	if !s.RecommendationLookBackDuration.IsZero() {
		o.Field("recommendationLookBackDuration", s.RecommendationLookBackDuration)
	}
	writeList(o, "recommendationInsightSettings", s.RecommendationInsightSettings, false)
	writeList(o, "reviewers", s.Reviewers, false)
	writeList(o, "fallbackReviewers", s.FallbackReviewers, false)
	o.Extra(keptProperties(s.extra, mode, nil))
	return o.Bytes()
}

// newKeptObject starts an object. The read shape starts it with the
// "@odata.type" annotation the object was decoded with, if any, which
// discriminator.Object.Extra never writes; requests carry no annotations.
func newKeptObject(extra map[string]json.RawMessage, mode wireMode) *discriminator.Object {
	var typ string
	if raw, ok := extra[discriminator.Key]; ok && mode == wireRead {
		_ = json.Unmarshal(raw, &typ) // a type that is not a string is dropped
	}
	return discriminator.NewObject(typ)
}

// writeList writes a list property: a nil list is left out, or written as
// [] when emptyForNil is set; an empty list is always written as [].
func writeList[T any](o *discriminator.Object, name string, list []T, emptyForNil bool) {
	switch {
	case list != nil:
		o.Field(name, list)
	case emptyForNil:
		o.Raw(name, json.RawMessage("[]"))
	}
}

// keptProperties returns the properties kept from decoding that a shape
// writes: all of them when reading; in a request, all but annotations and
// the read-only properties listed.
func keptProperties(extra map[string]json.RawMessage, mode wireMode, readOnly []string) map[string]json.RawMessage {
	if mode == wireRead || len(extra) == 0 {
		return extra
	}
	out := make(map[string]json.RawMessage, len(extra))
	for k, v := range extra {
		if !isAnnotation(k) && !slices.Contains(readOnly, k) {
			out[k] = v
		}
	}
	return out
}

// isAnnotation reports whether a property name is an OData annotation
// ("@odata.context", "scope@odata.type", the beta "odata.etag"), which
// describes a response and is never a writable property.
func isAnnotation(name string) bool {
	return strings.Contains(name, "@") || strings.HasPrefix(name, "odata.")
}

// decode fills s from a settings object; see Settings.UnmarshalJSON.
func (s *Settings) decode(data []byte) error {
	var out Settings
	err := decodeMembers(data, &out.extra, func(key string, raw json.RawMessage) (bool, error) {
		switch key {
		case "mailNotificationsEnabled":
			return true, json.Unmarshal(raw, &out.MailNotificationsEnabled)
		case "reminderNotificationsEnabled":
			return true, json.Unmarshal(raw, &out.ReminderNotificationsEnabled)
		case "justificationRequiredOnApproval":
			return true, json.Unmarshal(raw, &out.JustificationRequiredOnApproval)
		case "defaultDecisionEnabled":
			return true, json.Unmarshal(raw, &out.DefaultDecisionEnabled)
		case "defaultDecision":
			return true, json.Unmarshal(raw, &out.DefaultDecision)
		case "instanceDurationInDays":
			return true, json.Unmarshal(raw, &out.InstanceDurationInDays)
		case "autoApplyDecisionsEnabled":
			return true, json.Unmarshal(raw, &out.AutoApplyDecisionsEnabled)
		case "recommendationsEnabled":
			return true, json.Unmarshal(raw, &out.RecommendationsEnabled)
		case "recommendationLookBackDuration":
			return true, json.Unmarshal(raw, &out.RecommendationLookBackDuration)
		case "recommendationInsightSettings":
			list, err := decodeList(raw, decodeInsightSetting)
			out.RecommendationInsightSettings = list
			return true, err
		case "decisionHistoriesForReviewersEnabled":
			return true, json.Unmarshal(raw, &out.DecisionHistoriesForReviewersEnabled)
		case "recurrence":
			return true, json.Unmarshal(raw, &out.Recurrence)
		case "applyActions":
			list, err := decodeList(raw, decodeApplyAction)
			out.ApplyActions = list
			return true, err
		}
		return false, nil
	})
	if err == nil && !isNull(data) {
		*s = out
	}
	return err
}

// decode fills s from a stage settings object; see
// StageSettings.UnmarshalJSON.
func (s *StageSettings) decode(data []byte) error {
	var out StageSettings
	var docSpelling []InsightSetting
	var haveSchemaSpelling bool
	err := decodeMembers(data, &out.extra, func(key string, raw json.RawMessage) (bool, error) {
		var err error
		switch key {
		case "stageId":
			return true, json.Unmarshal(raw, &out.StageID)
		case "dependsOn":
			return true, json.Unmarshal(raw, &out.DependsOn)
		case "durationInDays":
			return true, json.Unmarshal(raw, &out.DurationInDays)
		case "decisionsThatWillMoveToNextStage":
			return true, json.Unmarshal(raw, &out.DecisionsThatWillMoveToNextStage)
		case "recommendationsEnabled":
			return true, json.Unmarshal(raw, &out.RecommendationsEnabled)
		case "recommendationLookBackDuration":
			return true, json.Unmarshal(raw, &out.RecommendationLookBackDuration)
		case "recommendationInsightSettings":
			haveSchemaSpelling = true
			out.RecommendationInsightSettings, err = decodeList(raw, decodeInsightSetting)
			return true, err
		case "recommendationInsightsSettings": // the documentation's spelling
			docSpelling, err = decodeList(raw, decodeInsightSetting)
			return true, err
		case "reviewers":
			return true, json.Unmarshal(raw, &out.Reviewers)
		case "fallbackReviewers":
			return true, json.Unmarshal(raw, &out.FallbackReviewers)
		}
		return false, nil
	})
	if err != nil || isNull(data) {
		return err
	}
	if !haveSchemaSpelling {
		out.RecommendationInsightSettings = docSpelling
	}
	*s = out
	return nil
}

// decodeMembers decodes the JSON object data member by member: set decodes
// the members it models and reports whether it did; the others are kept in
// *extra (left nil when there are none). JSON null is an empty object.
// Members are visited in sorted order so that the error reported for a bad
// document does not depend on map order; it names the member.
func decodeMembers(data []byte, extra *map[string]json.RawMessage, set func(key string, raw json.RawMessage) (bool, error)) error {
	data = bytes.TrimSpace(data)
	if isNull(data) {
		return nil
	}
	if len(data) == 0 || data[0] != '{' {
		return errors.New("not a JSON object")
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(data, &members); err != nil {
		return err
	}
	for _, k := range slices.Sorted(maps.Keys(members)) {
		handled, err := set(k, members[k])
		if err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
		if !handled {
			if *extra == nil {
				*extra = make(map[string]json.RawMessage)
			}
			(*extra)[k] = members[k]
		}
	}
	return nil
}

// decodeList decodes a JSON array element by element. JSON null is a nil
// list, [] an empty one; null elements carry nothing and are skipped.
func decodeList[T any](raw json.RawMessage, one func(json.RawMessage) (T, error)) ([]T, error) {
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil {
		return nil, err
	}
	if elems == nil {
		return nil, nil
	}
	out := make([]T, 0, len(elems))
	for i, e := range elems {
		if isNull(e) {
			continue
		}
		v, err := one(e)
		if err != nil {
			return nil, fmt.Errorf("[%d]: %w", i, err)
		}
		out = append(out, v)
	}
	return out, nil
}

// isNull reports whether data is the JSON literal null.
func isNull(data []byte) bool { return string(bytes.TrimSpace(data)) == "null" }

// wrapDecodeErr prefixes a decoding error with what was decoded.
func wrapDecodeErr(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("accessreviews: decode %s: %w", what, err)
}
