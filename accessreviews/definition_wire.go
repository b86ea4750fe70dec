package accessreviews

import (
	"bytes"
	"encoding/json/jsontext"
	"encoding/json/v2"
	"fmt"
	"slices"
	"strings"

	"github.com/graphkit/governance/internal/poly"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// The request bodies of a definition are projections of the read model:
// tagged structs listing the writable properties. A create sends what the
// caller set; an update (PUT) replaces the whole definition, so it sends
// every writable property, with a nil list as [] where the service reads
// absent and empty alike. Properties this package does not model are sent
// back from Extra, without annotations and read-only properties.

// definitionReadOnly lists the definition properties the service sets and a
// request must not carry. Annotations ("@odata.context", "@odata.etag",
// "scope@odata.type"…) are left out of requests as well, by isAnnotation.
var definitionReadOnly = []string{"id", "createdBy", "createdDateTime", "lastModifiedDateTime", "status", "instances"}

// definitionBody is the request body of a definition.
type definitionBody struct {
	// The names and descriptions are always written: the create
	// documentation marks all three required, and the tutorials send empty
	// descriptions, which the service accepts.
	DisplayName              string                        `json:"displayName"`
	DescriptionForAdmins     string                        `json:"descriptionForAdmins"`
	DescriptionForReviewers  string                        `json:"descriptionForReviewers"`
	Scope                    scope.Scope                   `json:"scope,omitzero"`
	InstanceEnumerationScope scope.Scope                   `json:"instanceEnumerationScope,omitzero"`
	Reviewers                []scope.Reviewer              `json:"reviewers"`
	FallbackReviewers        []scope.Reviewer              `json:"fallbackReviewers,omitzero"`
	BackupReviewers          []scope.Reviewer              `json:"backupReviewers,omitzero"`
	Settings                 settingsBody                  `json:"settings"`
	StageSettings            []stageBody                   `json:"stageSettings,omitzero"`
	AdditionalRecipients     []scope.NotificationRecipient `json:"additionalNotificationRecipients,omitzero"`
	Extra                    jsontext.Value                `json:",embed"`
}

// settingsBody is the request body of a definition's settings. Every
// boolean and instanceDurationInDays are always written: the schema makes
// all of them but decisionHistoriesForReviewersEnabled non-nullable, so the
// service always has a value, and a value left out of a request would be
// the service's default, not the caller's.
type settingsBody struct {
	MailNotificationsEnabled             bool                  `json:"mailNotificationsEnabled"`
	ReminderNotificationsEnabled         bool                  `json:"reminderNotificationsEnabled"`
	JustificationRequiredOnApproval      bool                  `json:"justificationRequiredOnApproval"`
	DefaultDecisionEnabled               bool                  `json:"defaultDecisionEnabled"`
	DefaultDecision                      DefaultDecision       `json:"defaultDecision,omitzero"`
	InstanceDurationInDays               int                   `json:"instanceDurationInDays"`
	AutoApplyDecisionsEnabled            bool                  `json:"autoApplyDecisionsEnabled"`
	RecommendationsEnabled               bool                  `json:"recommendationsEnabled"`
	RecommendationLookBackDuration       odata.Duration        `json:"recommendationLookBackDuration,omitzero"`
	RecommendationInsightSettings        []InsightSetting      `json:"recommendationInsightSettings,omitzero"`
	DecisionHistoriesForReviewersEnabled bool                  `json:"decisionHistoriesForReviewersEnabled"`
	Recurrence                           recurrence.Recurrence `json:"recurrence,omitzero"`
	ApplyActions                         []ApplyAction         `json:"applyActions,omitzero"`
	Extra                                jsontext.Value        `json:",embed"`
}

// stageBody is the request body of one stage's settings.
type stageBody struct {
	StageID                          string           `json:"stageId"`
	DependsOn                        []string         `json:"dependsOn,omitzero"`
	DurationInDays                   int              `json:"durationInDays"`
	DecisionsThatWillMoveToNextStage []Decision       `json:"decisionsThatWillMoveToNextStage,omitzero"`
	RecommendationsEnabled           bool             `json:"recommendationsEnabled"`
	RecommendationLookBackDuration   odata.Duration   `json:"recommendationLookBackDuration,omitzero"`
	RecommendationInsightSettings    []InsightSetting `json:"recommendationInsightSettings,omitzero"`
	Reviewers                        []scope.Reviewer `json:"reviewers,omitzero"`
	FallbackReviewers                []scope.Reviewer `json:"fallbackReviewers,omitzero"`
	Extra                            jsontext.Value   `json:",embed"`
}

// requestBody encodes the create body (update false) or the update body
// of d.
func (d *Definition) requestBody(update bool) ([]byte, error) {
	b, err := d.projection(update)
	if err != nil {
		return nil, err
	}
	out, err := json.Marshal(&b, poly.WireOptions(), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	if err != nil {
		return nil, fmt.Errorf("accessreviews: encode definition: %w", err)
	}
	return out, nil
}

// projection returns the request body of d.
func (d *Definition) projection(update bool) (definitionBody, error) {
	extra, err := keptMembers(d.Extra, definitionReadOnly)
	if err != nil {
		return definitionBody{}, err
	}
	b := definitionBody{
		DisplayName:              d.DisplayName,
		DescriptionForAdmins:     d.DescriptionForAdmins,
		DescriptionForReviewers:  d.DescriptionForReviewers,
		Scope:                    d.Scope,
		InstanceEnumerationScope: d.InstanceEnumerationScope,
		// reviewers is sent as [] for nil in a create too: the v1.0 page
		// marks it required on create, and an empty list is a self-review.
		Reviewers:            orEmpty(d.Reviewers, true),
		FallbackReviewers:    orEmpty(d.FallbackReviewers, update),
		BackupReviewers:      d.BackupReviewers,
		AdditionalRecipients: orEmpty(d.AdditionalNotificationRecipients, update),
		Extra:                extra,
	}
	// backupReviewers is a deprecated beta mirror of fallbackReviewers
	// (setting one fills the other). An update sends it only when it names
	// someone: an empty mirror sent next to fallback reviewers could clear
	// them, and the v1.0 schema does not have the property at all.
	if update && len(d.BackupReviewers) == 0 {
		b.BackupReviewers = nil
	}
	if b.Settings, err = d.Settings.projection(update); err != nil {
		return definitionBody{}, err
	}
	if d.StageSettings != nil || update {
		b.StageSettings = make([]stageBody, len(d.StageSettings))
		for i := range d.StageSettings {
			if b.StageSettings[i], err = d.StageSettings[i].projection(update); err != nil {
				return definitionBody{}, fmt.Errorf("stageSettings[%d]: %w", i, err)
			}
		}
	}
	return b, nil
}

// projection returns the request body of s. The recurrence encodes its
// request form itself: only the fields the pattern and range types use.
// An empty applyActions means the default, removing access, which is also
// what the service echoes; [] is the faithful update value.
func (s *Settings) projection(update bool) (settingsBody, error) {
	extra, err := keptMembers(s.Extra, nil)
	if err != nil {
		return settingsBody{}, fmt.Errorf("settings: %w", err)
	}
	return settingsBody{
		MailNotificationsEnabled:             s.MailNotificationsEnabled,
		ReminderNotificationsEnabled:         s.ReminderNotificationsEnabled,
		JustificationRequiredOnApproval:      s.JustificationRequiredOnApproval,
		DefaultDecisionEnabled:               s.DefaultDecisionEnabled,
		DefaultDecision:                      s.DefaultDecision,
		InstanceDurationInDays:               s.InstanceDurationInDays,
		AutoApplyDecisionsEnabled:            s.AutoApplyDecisionsEnabled,
		RecommendationsEnabled:               s.RecommendationsEnabled,
		RecommendationLookBackDuration:       s.RecommendationLookBackDuration,
		RecommendationInsightSettings:        orEmpty(s.RecommendationInsightSettings, update),
		DecisionHistoriesForReviewersEnabled: s.DecisionHistoriesForReviewersEnabled,
		Recurrence:                           s.Recurrence,
		ApplyActions:                         orEmpty(s.ApplyActions, update),
		Extra:                                extra,
	}, nil
}

// projection returns the request body of one stage. Unlike the
// definition's lists, a nil list of a stage is left out even in an update:
// an absent reviewers list makes the stage use the definition's reviewers,
// an empty one would make it a self-review, and an absent
// decisionsThatWillMoveToNextStage moves every item on (the documented
// default) where an empty one may move none. Only dependsOn, which is
// non-nullable and means the same empty or absent, is sent as [].
func (s *StageSettings) projection(update bool) (stageBody, error) {
	extra, err := keptMembers(s.Extra, nil)
	if err != nil {
		return stageBody{}, err
	}
	return stageBody{
		StageID:                          s.StageID,
		DependsOn:                        orEmpty(s.DependsOn, update),
		DurationInDays:                   s.DurationInDays,
		DecisionsThatWillMoveToNextStage: s.DecisionsThatWillMoveToNextStage,
		RecommendationsEnabled:           s.RecommendationsEnabled,
		RecommendationLookBackDuration:   s.RecommendationLookBackDuration,
		RecommendationInsightSettings:    s.RecommendationInsightSettings,
		Reviewers:                        s.Reviewers,
		FallbackReviewers:                s.FallbackReviewers,
		Extra:                            extra,
	}, nil
}

// orEmpty returns list, or an empty list when list is nil and empty is
// set, so that it is written as [].
func orEmpty[T any](list []T, empty bool) []T {
	if list == nil && empty {
		return []T{}
	}
	return list
}

// keptMembers returns the members of extra a request sends back: all but
// annotations and the read-only properties listed.
func keptMembers(extra jsontext.Value, readOnly []string) (jsontext.Value, error) {
	return filterMembers(extra, func(name string) bool { return isAnnotation(name) || slices.Contains(readOnly, name) })
}

// filterMembers returns the object extra without the members drop
// reports, extra itself when drop reports none, or nil when none is left.
func filterMembers(extra jsontext.Value, drop func(name string) bool) (jsontext.Value, error) {
	if len(extra) == 0 {
		return nil, nil
	}
	dec := jsontext.NewDecoder(bytes.NewReader(extra), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return nil, fmt.Errorf("extra properties: not a JSON object")
	}
	var out []byte
	dropped := false
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return nil, fmt.Errorf("extra properties: %w", err)
		}
		name := tok.String()
		val, err := dec.ReadValue()
		if err != nil {
			return nil, fmt.Errorf("extra properties: %w", err)
		}
		if drop(name) {
			dropped = true
			continue
		}
		if out == nil {
			out = append(out, '{')
		} else {
			out = append(out, ',')
		}
		if out, err = jsontext.AppendQuote(out, name); err != nil {
			return nil, fmt.Errorf("extra properties: %w", err)
		}
		out = append(append(out, ':'), val...)
	}
	switch {
	case !dropped:
		return extra, nil
	case out == nil:
		return nil, nil
	}
	return append(out, '}'), nil
}

// isAnnotation reports whether a property name is an OData annotation
// ("@odata.context", "scope@odata.type", the beta "odata.etag"), which
// describes a response and is never a writable property.
func isAnnotation(name string) bool {
	return strings.Contains(name, "@") || strings.HasPrefix(name, "odata.")
}

// readDocSpelling reads the insight settings of a stage spelled as the
// documentation spells them (recommendationInsightsSettings) from Extra,
// when the schema's spelling is absent; the schema's spelling wins when both
// are present. The member leaves Extra either way.
func (s *StageSettings) readDocSpelling() error {
	const docName = "recommendationInsightsSettings"
	if len(s.Extra) == 0 || !bytes.Contains(s.Extra, []byte(docName)) {
		return nil
	}
	var members map[string]jsontext.Value
	if err := json.Unmarshal(s.Extra, &members, jsontext.AllowDuplicateNames(true)); err != nil {
		return err
	}
	raw, ok := members[docName]
	if !ok {
		return nil
	}
	if s.RecommendationInsightSettings == nil {
		if err := json.Unmarshal(raw, &s.RecommendationInsightSettings, poly.WireOptions()); err != nil {
			return fmt.Errorf("%s: %w", docName, err)
		}
	}
	rest, err := filterMembers(s.Extra, func(name string) bool { return name == docName })
	if err != nil {
		return err
	}
	s.Extra = rest
	return nil
}

// decodeOptions are the options the models with polymorphic fields decode
// themselves with, whatever their caller's: encoding/json/v2's semantics,
// with errors that name the member they are about by its JSON pointer,
// poly.WireOptions for the polymorphic fields, and the service's leniency
// about repeated names and invalid UTF-8.
func decodeOptions() json.Options {
	return json.JoinOptions(json.DefaultOptionsV2(), poly.WireOptions(),
		jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
}
