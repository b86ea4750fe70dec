package scope

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/graphkit/governance/internal/discriminator"
	"github.com/graphkit/governance/odata"
)

// QueryScope is an accessReviewQueryScope: the principals a Graph (or ARM)
// query returns. It is what [Unmarshal] gives for a scope without
// "@odata.type", and what every query builder of this package encodes to.
//
// A QueryScope written as a struct literal or decoded from the service is
// encoded as it is; call [QueryScope.Validate] (the definition's Validate
// does) to check it before sending. One made by [Query] from a malformed
// query keeps the problem and refuses to encode.
type QueryScope struct {
	// Query selects the principals, e.g. "/groups/{id}/transitiveMembers".
	Query string
	// QueryType is the API that evaluates Query; empty is left out.
	QueryType QueryType
	// QueryRoot roots a relative query; empty is left out.
	QueryRoot QueryRoot

	extra map[string]json.RawMessage // properties this package does not model
	err   error                      // what Query found wrong with its argument
}

// Query returns a query scope for q, evaluated by Microsoft Graph: the
// escape hatch for what the builders do not cover. q is checked with
// [CheckQuery]; a malformed q makes Validate and MarshalJSON fail instead of
// sending it.
//
//	scope.Query("/groups/" + id + "/owners")
func Query(q string) QueryScope {
	return QueryScope{Query: q, QueryType: QueryTypeMicrosoftGraph, err: CheckQuery(q)}
}

// MarshalJSON encodes s as an accessReviewQueryScope, "@odata.type" first,
// followed by the properties it was decoded with but does not model.
func (s QueryScope) MarshalJSON() ([]byte, error) {
	if s.err != nil {
		return nil, fmt.Errorf("scope: %w", s.Validate())
	}
	o := discriminator.NewObject(typeQuery)
	writeQuery(o, s.fields())
	o.Extra(s.extra)
	return o.Bytes()
}

// String describes the principals the query selects (see [Describe]).
func (s QueryScope) String() string { return Describe(s) }

// Validate checks the query ([CheckQuery]) and that the query type and root,
// when set, are documented values.
func (s QueryScope) Validate() error {
	return joinUnique(append(checkQueryFields(s.fields()), s.err)...)
}

func (QueryScope) isScope() {}

// fields returns the query properties.
func (s QueryScope) fields() queryFields {
	return queryFields{query: s.Query, queryType: s.QueryType, queryRoot: s.QueryRoot}
}

// decodeQuery builds a QueryScope from the properties of a decoded object.
func decodeQuery(m map[string]json.RawMessage) (Scope, error) {
	f := fields{m: m}
	q := readQuery(&f)
	if f.err != nil {
		return nil, f.err
	}
	return QueryScope{Query: q.query, QueryType: q.queryType, QueryRoot: q.queryRoot, extra: f.rest()}, nil
}

// InactiveUsersScope is an accessReviewInactiveUsersQueryScope: the users a
// query returns who have not signed in for InactiveDuration before the
// instance starts.
type InactiveUsersScope struct {
	// Query selects the users, e.g. "./members/microsoft.graph.user".
	Query string
	// QueryType is the API that evaluates Query; empty is left out.
	QueryType QueryType
	// QueryRoot roots a relative query; empty is left out.
	QueryRoot QueryRoot
	// InactiveDuration is how long without a sign-in makes a user inactive:
	// a whole number of days, at least one (P30D).
	InactiveDuration odata.Duration

	extra map[string]json.RawMessage // properties this package does not model
}

// MarshalJSON encodes s with "@odata.type" first. The duration is always
// written (PT0S when zero, the service's default), unknown properties last.
func (s InactiveUsersScope) MarshalJSON() ([]byte, error) {
	o := discriminator.NewObject(typeInactiveUsers)
	writeQuery(o, s.fields())
	o.Field("inactiveDuration", s.InactiveDuration)
	o.Extra(s.extra)
	return o.Bytes()
}

// String describes the users the scope selects (see [Describe]).
func (s InactiveUsersScope) String() string { return Describe(s) }

// Validate checks the query properties and the duration: a whole number of
// days, at least one. The service counts inactivity in days from the
// instance start; a duration with hours or months would be rounded or
// refused.
func (s InactiveUsersScope) Validate() error {
	errs := checkQueryFields(s.fields())
	errs = append(errs, checkInactivity(s.InactiveDuration))
	return errors.Join(errs...)
}

func (InactiveUsersScope) isScope() {}

// fields returns the query properties.
func (s InactiveUsersScope) fields() queryFields {
	return queryFields{query: s.Query, queryType: s.QueryType, queryRoot: s.QueryRoot}
}

// decodeInactiveUsers builds an InactiveUsersScope from decoded properties.
func decodeInactiveUsers(m map[string]json.RawMessage) (Scope, error) {
	f := fields{m: m}
	q := readQuery(&f)
	d := f.duration("inactiveDuration")
	if f.err != nil {
		return nil, f.err
	}
	return InactiveUsersScope{
		Query: q.query, QueryType: q.queryType, QueryRoot: q.queryRoot,
		InactiveDuration: d, extra: f.rest(),
	}, nil
}

// checkInactivity validates an inactivity period.
func checkInactivity(d odata.Duration) error {
	days, whole := d.WholeDays()
	switch {
	case !d.IsValid():
		return odata.Invalid("inactiveDuration", "must not be negative, got %s", d)
	case !whole:
		return odata.Invalid("inactiveDuration", "must be a whole number of days such as P30D, got %s", d)
	case days < 1:
		return odata.Invalid("inactiveDuration", "must be at least 1 day (P1D), got %s", d)
	}
	return nil
}
