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
// does) to check it before sending, and [Lint] for probable mistakes. One
// made by [Query] from a query that cannot be sent keeps the problem and
// refuses to encode.
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
// escape hatch for what the builders do not cover. A q that cannot be sent
// as written (invalid UTF-8) makes Validate and MarshalJSON fail instead of
// sending it; a malformed one ([CheckQuery]) is sent, and [Lint] warns.
//
//	scope.Query("/groups/" + id + "/owners")
func Query(q string) QueryScope {
	return QueryScope{Query: q, QueryType: QueryTypeMicrosoftGraph, err: checkEncodable(q)}
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

// Validate reports a query that cannot be sent as written. Shape problems,
// unknown query types and roots, and queries no builder makes are warnings
// of [Lint], not errors: the documentation does not say the service
// refuses them.
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
	// InactiveDuration is how long without a sign-in makes a user inactive,
	// such as P30D. The service's default, when it is zero, is PT0S.
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

// Validate checks the query properties and that the duration can be sent
// (it is not negative). Any ISO 8601 duration is accepted, PT0S included:
// the documentation makes it the default. [Lint] warns about a zero one.
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

// checkInactivity validates an inactivity period: only that it can be
// encoded (an Edm.Duration is never negative).
func checkInactivity(d odata.Duration) error {
	if !d.IsValid() {
		return odata.Invalid("inactiveDuration", "must not be negative, got %s", d)
	}
	return nil
}
