package scope

import (
	"encoding/json/jsontext"
	"errors"

	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/internal/poly"
	"github.com/graphkit/governance/odata"
)

// QueryScope is an accessReviewQueryScope: the principals a Graph (or ARM)
// query returns. It is what every query builder of this package encodes
// to, and what [Unmarshal] gives for a query scope no builder makes (a
// scope without "@odata.type" included).
//
// A QueryScope written as a struct literal or decoded from the service is
// encoded as it is; call [QueryScope.Validate] (the definition's Validate
// does) to check it before sending, and [Lint] for probable mistakes. One
// made by [Query] from a query that cannot be sent keeps the problem, which
// Validate reports.
type QueryScope struct {
	// Type writes "@odata.type" first; leave it zero.
	Type poly.Type[QueryScope] `json:"@odata.type"`
	// Query selects the principals, e.g. "/groups/{id}/transitiveMembers".
	Query string `json:"query,omitzero"`
	// QueryType is the API that evaluates Query; empty is left out.
	QueryType QueryType `json:"queryType,omitzero"`
	// QueryRoot roots a relative query; empty is left out.
	QueryRoot QueryRoot `json:"queryRoot,omitzero"`
	// Extra holds the properties this package does not model, as received.
	Extra jsontext.Value `json:",embed"`

	err error // what Query found wrong with its argument
}

// Query returns a query scope for q, evaluated by Microsoft Graph: the
// escape hatch for what the builders do not cover. A q that cannot be sent
// as written (invalid UTF-8) makes Validate and encoding fail instead of
// sending it; a malformed one ([CheckQuery]) is sent, and [Lint] warns.
//
//	scope.Query("/groups/" + id + "/owners")
func Query(q string) QueryScope {
	return QueryScope{Query: q, QueryType: QueryTypeMicrosoftGraph, err: checkEncodable(q)}
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

// InactiveUsersScope is an accessReviewInactiveUsersQueryScope: the users a
// query returns who have not signed in for InactiveDuration before the
// instance starts.
type InactiveUsersScope struct {
	// Type writes "@odata.type" first; leave it zero.
	Type poly.Type[InactiveUsersScope] `json:"@odata.type"`
	// Query selects the users, e.g. "./members/microsoft.graph.user".
	Query string `json:"query,omitzero"`
	// QueryType is the API that evaluates Query; empty is left out.
	QueryType QueryType `json:"queryType,omitzero"`
	// QueryRoot roots a relative query; empty is left out.
	QueryRoot QueryRoot `json:"queryRoot,omitzero"`
	// InactiveDuration is how long without a sign-in makes a user inactive,
	// such as P30D. The service's default, when it is zero, is PT0S, which
	// is what a zero duration encodes as.
	InactiveDuration odata.Duration `json:"inactiveDuration"`
	// Extra holds the properties this package does not model, as received.
	Extra jsontext.Value `json:",embed"`
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

// checkInactivity validates an inactivity period: only that it can be
// encoded (an Edm.Duration is never negative).
func checkInactivity(d odata.Duration) error {
	if !d.IsValid() {
		return check.Invalid("inactiveDuration", "must not be negative, got %s", d)
	}
	return nil
}

// buildErr returns what the builder found wrong with its argument.
func (s QueryScope) buildErr() error { return s.err }
