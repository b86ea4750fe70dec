package accessreviewstest

import (
	"encoding/json/jsontext"
	"encoding/json/v2"
	"strings"
)

// The fake's own wire types. Request bodies are decoded into them with
// encoding/json/v2 (strict about types and duplicate members, as an OData
// service is) and responses are encoded from them; nothing here comes from
// the SDK. Members the fake does not model are kept in each object's
// embedded fallback and echoed as they came.

// odataTypePrefix starts every @odata.type value Graph writes.
const odataTypePrefix = "#microsoft.graph."

// typeName returns the type an @odata.type value names, without the
// "#microsoft.graph." prefix, in lower case ("" when none is given).
// Documents write it with and without "#", and one spells a type in
// another case.
func typeName(odataType string) string {
	t := strings.TrimPrefix(strings.TrimSpace(odataType), "#")
	t = strings.TrimPrefix(t, "microsoft.graph.")
	return strings.ToLower(t)
}

// scopeJSON is any of the scope shapes: accessReviewQueryScope,
// accessReviewInactiveUsersQueryScope, principalResourceMembershipsScope,
// accessReviewReviewerScope, accessReviewPrincipalScope,
// accessReviewResourceScope and the notification recipient scope. One type
// holds them all because the documents send several of them without
// @odata.type ("A scope without @odata.type is a query scope").
type scopeJSON struct {
	ODataType string `json:"@odata.type,omitzero"`
	Query     string `json:"query,omitzero"`
	QueryType string `json:"queryType,omitzero"`
	// QueryRoot is kept raw: the documents send null as often as a string.
	QueryRoot        jsontext.Value `json:"queryRoot,omitzero"`
	InactiveDuration string         `json:"inactiveDuration,omitzero"`
	PrincipalScopes  []scopeJSON    `json:"principalScopes,omitzero"`
	ResourceScopes   []scopeJSON    `json:"resourceScopes,omitzero"`
	// ScopeType, ResourceID and ReviewerID name a principal, resource or
	// reviewer without a query (the v1* and beta scope types).
	ScopeType  string         `json:"scopeType,omitzero"`
	ResourceID string         `json:"resourceId,omitzero"`
	ReviewerID string         `json:"reviewerId,omitzero"`
	Extra      jsontext.Value `json:",embed"`
}

// root returns the queryRoot as a string ("" for null or absent).
func (s *scopeJSON) root() string {
	var v string
	if len(s.QueryRoot) > 0 && json.Unmarshal(s.QueryRoot, &v) == nil {
		return v
	}
	return ""
}

// served returns the scope as the service echoes it: a query scope always
// carries queryRoot, null when it has none.
func (s scopeJSON) served() scopeJSON {
	if s.Query != "" && len(s.QueryRoot) == 0 {
		s.QueryRoot = jsontext.Value("null")
	}
	if len(s.PrincipalScopes) > 0 {
		s.PrincipalScopes = servedScopes(s.PrincipalScopes)
	}
	if len(s.ResourceScopes) > 0 {
		s.ResourceScopes = servedScopes(s.ResourceScopes)
	}
	return s
}

// servedScopes returns a list of scopes as served, [] for none.
func servedScopes(list []scopeJSON) []scopeJSON {
	out := make([]scopeJSON, len(list))
	for i, s := range list {
		out[i] = s.served()
	}
	return out
}

// identityJSON is a userIdentity on the wire.
type identityJSON struct {
	ID                string `json:"id"`
	DisplayName       string `json:"displayName"`
	UserPrincipalName string `json:"userPrincipalName"`
}

// settingsJSON is an accessReviewScheduleSettings.
type settingsJSON struct {
	ODataType                       string `json:"@odata.type,omitzero"`
	MailNotificationsEnabled        bool   `json:"mailNotificationsEnabled"`
	ReminderNotificationsEnabled    bool   `json:"reminderNotificationsEnabled"`
	JustificationRequiredOnApproval bool   `json:"justificationRequiredOnApproval"`
	DefaultDecisionEnabled          bool   `json:"defaultDecisionEnabled"`
	DefaultDecision                 string `json:"defaultDecision"`
	InstanceDurationInDays          int    `json:"instanceDurationInDays"`
	AutoApplyDecisionsEnabled       bool   `json:"autoApplyDecisionsEnabled"`
	RecommendationsEnabled          bool   `json:"recommendationsEnabled"`
	// RecommendationLookBackDuration and the insight settings are echoed
	// only when sent: the documents' responses show them that way.
	RecommendationLookBackDuration       string               `json:"recommendationLookBackDuration,omitzero"`
	DecisionHistoriesForReviewersEnabled *bool                `json:"decisionHistoriesForReviewersEnabled,omitzero"`
	RecommendationInsightSettings        []insightSettingJSON `json:"recommendationInsightSettings,omitzero"`
	Recurrence                           *recurrenceJSON      `json:"recurrence"`
	ApplyActions                         []typedJSON          `json:"applyActions"`
	Extra                                jsontext.Value       `json:",embed"`
}

// typedJSON is a polymorphic value the fake only tells apart by its
// @odata.type (apply actions).
type typedJSON struct {
	ODataType string         `json:"@odata.type,omitzero"`
	Extra     jsontext.Value `json:",embed"`
}

// insightSettingJSON is an accessReviewRecommendationInsightSetting:
// userLastSignInRecommendationInsightSetting carries a look-back and a
// sign-in scope, groupPeerOutlierRecommendationInsightSettings nothing.
type insightSettingJSON struct {
	ODataType                      string         `json:"@odata.type,omitzero"`
	RecommendationLookBackDuration string         `json:"recommendationLookBackDuration,omitzero"`
	SignInScope                    string         `json:"signInScope,omitzero"`
	Extra                          jsontext.Value `json:",embed"`
}

// stageSettingsJSON is an accessReviewStageSettings.
type stageSettingsJSON struct {
	ODataType                        string   `json:"@odata.type,omitzero"`
	StageID                          string   `json:"stageId"`
	DependsOn                        []string `json:"dependsOn,omitzero"`
	DurationInDays                   int      `json:"durationInDays"`
	DecisionsThatWillMoveToNextStage []string `json:"decisionsThatWillMoveToNextStage,omitzero"`
	// RecommendationsEnabled is a pointer to tell "required" from false.
	RecommendationsEnabled         *bool                `json:"recommendationsEnabled,omitzero"`
	RecommendationLookBackDuration string               `json:"recommendationLookBackDuration,omitzero"`
	RecommendationInsightSettings  []insightSettingJSON `json:"recommendationInsightSettings,omitzero"`
	Reviewers                      []scopeJSON          `json:"reviewers,omitzero"`
	FallbackReviewers              []scopeJSON          `json:"fallbackReviewers,omitzero"`
	Extra                          jsontext.Value       `json:",embed"`
}

// definitionJSON is an accessReviewScheduleDefinition as a request sends
// it and as the fake keeps it. The read-only members a client may send
// back (id, status, createdBy and the dates) are read and dropped: the
// server sets them.
type definitionJSON struct {
	DisplayName                      string              `json:"displayName"`
	DescriptionForAdmins             string              `json:"descriptionForAdmins"`
	DescriptionForReviewers          string              `json:"descriptionForReviewers"`
	Scope                            *scopeJSON          `json:"scope"`
	InstanceEnumerationScope         *scopeJSON          `json:"instanceEnumerationScope"`
	Reviewers                        []scopeJSON         `json:"reviewers"`
	FallbackReviewers                []scopeJSON         `json:"fallbackReviewers"`
	BackupReviewers                  []scopeJSON         `json:"backupReviewers"`
	Settings                         *settingsJSON       `json:"settings"`
	StageSettings                    []stageSettingsJSON `json:"stageSettings"`
	AdditionalNotificationRecipients []jsontext.Value    `json:"additionalNotificationRecipients"`

	Extra jsontext.Value `json:",embed"`
}

// readOnlyDefinitionMembers are the members of a definition the service
// sets itself; a body may carry them (a definition read and sent back) and
// they are ignored.
var readOnlyDefinitionMembers = []string{
	"@odata.context", "@odata.type", "id", "status", "createdBy", "createdDateTime",
	"lastModifiedDateTime", "instances",
}

// decodeDefinitionBody decodes a definition request body. The error says
// what is wrong with its JSON in terms a caller can act on.
func decodeDefinitionBody(body []byte) (*definitionJSON, error) {
	var d definitionJSON
	if err := json.Unmarshal(body, &d); err != nil {
		return nil, err
	}
	d.Extra = dropMembers(d.Extra, readOnlyDefinitionMembers)
	return &d, nil
}

// dropMembers removes the named members from a JSON object of unknown
// members; it returns nil when none is left.
func dropMembers(obj jsontext.Value, names []string) jsontext.Value {
	if len(obj) == 0 {
		return nil
	}
	var m map[string]jsontext.Value
	if json.Unmarshal(obj, &m) != nil {
		return obj
	}
	for _, n := range names {
		delete(m, n)
	}
	if len(m) == 0 {
		return nil
	}
	out, err := json.Marshal(m, json.Deterministic(true))
	if err != nil {
		return obj
	}
	return out
}
