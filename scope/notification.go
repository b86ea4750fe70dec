package scope

import (
	"encoding/json/jsontext"
	"errors"
	"fmt"
	"net/url"

	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/internal/poly"
)

// NotificationRecipient is an accessReviewNotificationRecipientItem: who
// else receives a definition's emails (additionalNotificationRecipients),
// and which emails.
//
//	AdditionalNotificationRecipients: []scope.NotificationRecipient{scope.NotifyGroupMembers(groupID)}
type NotificationRecipient struct {
	// TemplateType is the email sent; Graph documents only
	// [NotificationTemplateTypeCompletedAdditionalRecipients].
	TemplateType NotificationTemplateType `json:"notificationTemplateType,omitzero"`
	// Scope selects the recipients.
	Scope NotificationScope `json:"notificationRecipientScope"`

	// Extra holds the properties this package does not model, as received.
	Extra jsontext.Value `json:",embed"`
}

// NotifyUser sends the "review completed" email to one user.
func NotifyUser(id string) NotificationRecipient {
	return notifyOnCompletion("/users/"+url.PathEscape(id), checkID("userId", id))
}

// NotifyGroupMembers sends the "review completed" email to the members of a
// group ("/groups/{id}/members").
func NotifyGroupMembers(id string) NotificationRecipient {
	return notifyOnCompletion("/groups/"+url.PathEscape(id)+"/members", checkID("groupId", id))
}

// notifyOnCompletion assembles a recipient of the completion email.
func notifyOnCompletion(q string, err error) NotificationRecipient {
	return NotificationRecipient{
		TemplateType: NotificationTemplateTypeCompletedAdditionalRecipients,
		Scope:        NotificationQueryScope{Query: q, QueryType: QueryTypeMicrosoftGraph, err: err},
	}
}

// UnmarshalJSONFrom decodes a recipient, its scope chosen by
// "@odata.type" (one without a type is a query scope), so that a recipient
// decodes by itself with any JSON decoder, as in a definition.
func (r *NotificationRecipient) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return poly.UnmarshalWire(dec, r)
}

// String describes the recipients: "the members of group {id}, when the
// review completes".
func (r NotificationRecipient) String() string {
	who := "no recipients"
	if r.Scope != nil {
		who = r.Scope.String()
	}
	if r.TemplateType == NotificationTemplateTypeCompletedAdditionalRecipients {
		return who + ", when the review completes"
	}
	return who + ", for the " + quoteText(string(r.TemplateType)) + " email"
}

// Validate checks that the template type, when set, is the one the
// documentation supports, and that the scope, when set, is valid. A missing
// template type or scope is a warning of Lint: the documentation does not
// say the service refuses it.
func (r NotificationRecipient) Validate() error {
	var errs []error
	if r.TemplateType != "" && !r.TemplateType.Known() {
		errs = append(errs, check.Invalid("notificationTemplateType", "must be %q, got %q",
			NotificationTemplateTypeCompletedAdditionalRecipients, check.Truncate(string(r.TemplateType), 64)))
	}
	if r.Scope != nil {
		errs = append(errs, check.Prefix("notificationRecipientScope", r.Scope.Validate()))
	}
	return errors.Join(errs...)
}

// NotificationScope selects the recipients of a notification
// (accessReviewNotificationRecipientScope). It is sealed: its
// implementations are [NotificationQueryScope] and [Unknown].
type NotificationScope interface {
	fmt.Stringer
	// Validate reports every problem, as *odata.FieldError values.
	Validate() error
	isNotificationScope()
}

// typeNotificationQuery is the @odata.type of NotificationQueryScope.
const typeNotificationQuery = "#microsoft.graph.accessReviewNotificationRecipientQueryScope"

// notificationKinds are the notification recipient scope types by
// "@odata.type"; one without a type is a query scope.
var notificationKinds = poly.NewKinds("notification scope", func(_ string, raw jsontext.Value) (NotificationScope, error) {
	return Unknown{Raw: raw}, nil
})

func init() {
	poly.AddUntyped[NotificationQueryScope](notificationKinds)
	poly.AddKind[NotificationQueryScope](notificationKinds, typeNotificationQuery)
}

// UnmarshalNotificationScope decodes a notification recipient scope by its
// "@odata.type": an accessReviewNotificationRecipientQueryScope (also when
// the type is absent) or an [Unknown]. JSON null gives nil.
func UnmarshalNotificationScope(data []byte) (NotificationScope, error) {
	s, err := decodeWhole(data, notificationKinds.Decode)
	if err != nil {
		return nil, fmt.Errorf("scope: unmarshal notification scope: %w", err)
	}
	return s, nil
}

// NotificationQueryScope is an accessReviewNotificationRecipientQueryScope:
// the recipients a query returns ("/groups/{id}/members" or "/users/{id}").
type NotificationQueryScope struct {
	// Type writes "@odata.type" first: the base type is abstract, so the
	// service needs it. Leave it zero.
	Type poly.Type[NotificationQueryScope] `json:"@odata.type"`
	// Query selects the recipients.
	Query string `json:"query,omitzero"`
	// QueryType is the API that evaluates Query; only
	// [QueryTypeMicrosoftGraph] is documented.
	QueryType QueryType `json:"queryType,omitzero"`
	// QueryRoot roots a relative query; empty is left out.
	QueryRoot QueryRoot `json:"queryRoot,omitzero"`

	// Extra holds the properties this package does not model, as received.
	Extra jsontext.Value `json:",embed"`

	err error // what the builder found wrong with its argument
}

// String describes the recipients: "user {id}" or "the members of group
// {id}".
func (s NotificationQueryScope) String() string {
	if p, ok := parseQuery(s.Query); ok && !p.relative && p.plain() {
		if ids, ok := p.path("users", "*"); ok {
			return "user " + ids[0]
		}
		if ids, ok := p.path("groups", "*", "members"); ok {
			return "the members of group " + ids[0]
		}
	}
	return "the recipients returned by the query " + quoteQuery(s.Query)
}

// Validate checks that the query can be sent as written and that the query
// type, when set, is MicrosoftGraph, the only one allowed for recipients.
func (s NotificationQueryScope) Validate() error {
	errs := append(checkQueryFields(queryFields{query: s.Query, queryRoot: s.QueryRoot}), s.err)
	if s.QueryType != "" && s.QueryType != QueryTypeMicrosoftGraph {
		errs = append(errs, check.Invalid("queryType", "must be %q, got %q", QueryTypeMicrosoftGraph, check.Truncate(string(s.QueryType), 64)))
	}
	return joinUnique(errs...)
}

func (NotificationQueryScope) isNotificationScope() {}

// buildErr returns what the builder found wrong with its argument.
func (s NotificationQueryScope) buildErr() error { return s.err }
