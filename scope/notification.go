package scope

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"

	"github.com/graphkit/governance/internal/discriminator"
	"github.com/graphkit/governance/odata"
)

// NotificationRecipient is an accessReviewNotificationRecipientItem: who
// else receives a definition's emails (additionalNotificationRecipients),
// and which emails.
//
//	AdditionalNotificationRecipients: []scope.NotificationRecipient{scope.NotifyGroupMembers(groupID)}
type NotificationRecipient struct {
	// TemplateType is the email sent; Graph documents only
	// [NotificationTemplateTypeCompletedAdditionalRecipients].
	TemplateType NotificationTemplateType
	// Scope selects the recipients.
	Scope NotificationScope

	extra map[string]json.RawMessage // properties this package does not model
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

// MarshalJSON encodes r; a nil Scope is written as null.
func (r NotificationRecipient) MarshalJSON() ([]byte, error) {
	o := discriminator.NewObject("")
	if r.TemplateType != "" {
		o.String("notificationTemplateType", string(r.TemplateType))
	}
	if r.Scope == nil {
		o.Raw("notificationRecipientScope", json.RawMessage("null"))
	} else {
		o.Field("notificationRecipientScope", r.Scope)
	}
	o.Extra(r.extra)
	b, err := o.Bytes()
	if err != nil {
		return nil, fmt.Errorf("scope: marshal notification recipient: %w", err)
	}
	return b, nil
}

// UnmarshalJSON decodes a recipient item, keeping the properties it does
// not model. JSON null leaves r unchanged.
func (r *NotificationRecipient) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil || m == nil {
		return errors.New("scope: unmarshal notification recipient: not a JSON object")
	}
	f := fields{m: m}
	v := NotificationRecipient{TemplateType: NotificationTemplateType(f.str("notificationTemplateType"))}
	if raw, ok := f.take("notificationRecipientScope"); ok && f.err == nil {
		s, err := UnmarshalNotificationScope(raw)
		if err != nil {
			return fmt.Errorf("scope: unmarshal notification recipient: %w", err)
		}
		v.Scope = s
	}
	if f.err != nil {
		return fmt.Errorf("scope: unmarshal notification recipient: %w", f.err)
	}
	v.extra = f.rest()
	*r = v
	return nil
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
	if r.TemplateType != "" && !r.TemplateType.IsKnown() {
		errs = append(errs, odata.Invalid("notificationTemplateType", "must be %q, got %q",
			NotificationTemplateTypeCompletedAdditionalRecipients, truncate(string(r.TemplateType), 64)))
	}
	if r.Scope != nil {
		errs = append(errs, odata.Prefix("notificationRecipientScope", r.Scope.Validate()))
	}
	return errors.Join(errs...)
}

// NotificationScope selects the recipients of a notification
// (accessReviewNotificationRecipientScope). It is sealed: its
// implementations are [NotificationQueryScope] and [Unknown].
type NotificationScope interface {
	json.Marshaler
	fmt.Stringer
	// Validate reports every problem, as *odata.FieldError values.
	Validate() error
	isNotificationScope()
}

// typeNotificationQuery is the @odata.type of NotificationQueryScope.
const typeNotificationQuery = "#microsoft.graph.accessReviewNotificationRecipientQueryScope"

// UnmarshalNotificationScope decodes a notification recipient scope by its
// "@odata.type": an accessReviewNotificationRecipientQueryScope (also when
// the type is absent) or an [Unknown]. JSON null gives nil.
func UnmarshalNotificationScope(data []byte) (NotificationScope, error) {
	data = bytes.TrimSpace(data)
	if string(data) == "null" {
		return nil, nil
	}
	typ, m, err := discriminator.Split(data)
	if err != nil {
		return nil, fmt.Errorf("scope: unmarshal notification scope: %w", err)
	}
	if typ != "" && !discriminator.Equal(typ, typeNotificationQuery) {
		return Unknown{Raw: bytes.Clone(data)}, nil
	}
	f := fields{m: m}
	q := readQuery(&f)
	if f.err != nil {
		return nil, fmt.Errorf("scope: unmarshal notification scope: %w", f.err)
	}
	return NotificationQueryScope{Query: q.query, QueryType: q.queryType, QueryRoot: q.queryRoot, extra: f.rest()}, nil
}

// NotificationQueryScope is an accessReviewNotificationRecipientQueryScope:
// the recipients a query returns ("/groups/{id}/members" or "/users/{id}").
type NotificationQueryScope struct {
	// Query selects the recipients.
	Query string
	// QueryType is the API that evaluates Query; only
	// [QueryTypeMicrosoftGraph] is documented.
	QueryType QueryType
	// QueryRoot roots a relative query; empty is left out.
	QueryRoot QueryRoot

	extra map[string]json.RawMessage // properties this package does not model
	err   error                      // what the builder found wrong with its argument
}

// MarshalJSON encodes s with "@odata.type" first (the base type is abstract,
// so the service needs it), or fails if s was built from a bad argument.
func (s NotificationQueryScope) MarshalJSON() ([]byte, error) {
	if s.err != nil {
		return nil, fmt.Errorf("scope: %w", s.Validate())
	}
	o := discriminator.NewObject(typeNotificationQuery)
	writeQuery(o, queryFields{query: s.Query, queryType: s.QueryType, queryRoot: s.QueryRoot})
	o.Extra(s.extra)
	return o.Bytes()
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
		errs = append(errs, odata.Invalid("queryType", "must be %q, got %q", QueryTypeMicrosoftGraph, truncate(string(s.QueryType), 64)))
	}
	return joinUnique(errs...)
}

func (NotificationQueryScope) isNotificationScope() {}
