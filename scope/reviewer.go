package scope

import (
	"encoding/json/jsontext"
	"net/url"
	"strings"

	"github.com/graphkit/governance/internal/check"
)

// Reviewer is an accessReviewReviewerScope: who reviews (or is the fallback
// reviewer), as a query evaluated when an instance starts. It is a plain
// struct, not a [Scope]: the v1.0 schema gives it no base type, and requests
// send it without "@odata.type". A definition's reviewer list is a
// []Reviewer; an empty list means the reviewed users review themselves
// ([SelfReview]).
//
// Build one with [User], [MembersOfGroup], [OwnersOfGroup], [GroupOwners],
// [Managers], [ApplicationOwners] or [ReviewerQuery]. A Reviewer built from
// an argument it cannot send (an empty ID, a query that is not UTF-8) keeps
// the problem, which Validate reports (the definition's Validate does). An ID
// that is not a GUID is sent; Lint warns.
type Reviewer struct {
	// ODataType is the "@odata.type" the service sent, if any, written back
	// as received; builders leave it empty, as requests send none.
	ODataType string `json:"@odata.type,omitzero"`
	// Query selects the reviewers, e.g. "/users/{id}" or "./manager".
	Query string `json:"query,omitzero"`
	// QueryType is the API that evaluates Query; empty is left out.
	QueryType QueryType `json:"queryType,omitzero"`
	// QueryRoot roots a relative query; "./manager" needs
	// [QueryRootDecisions].
	QueryRoot QueryRoot `json:"queryRoot,omitzero"`
	// ReviewerID names a reviewer without a query (v1.0 pages, beta).
	ReviewerID string `json:"reviewerId,omitzero"`
	// ScopeType says what ReviewerID is, or names a relative reviewer such
	// as the manager (v1.0 pages, beta).
	ScopeType ReviewerScopeType `json:"scopeType,omitzero"`

	// Extra holds the properties this package does not model, as received.
	Extra jsontext.Value `json:",embed"`

	err error // what the builder found wrong with its argument
}

// User is a reviewer: the user with the given object ID (a GUID).
func User(id string) Reviewer {
	return builtReviewer("/users/"+url.PathEscape(id), "", checkID("userId", id))
}

// MembersOfGroup makes the members of a group, including the members of its
// nested groups, the reviewers ("/groups/{id}/transitiveMembers").
func MembersOfGroup(id string) Reviewer {
	return builtReviewer("/groups/"+url.PathEscape(id)+"/transitiveMembers", "", checkID("groupId", id))
}

// OwnersOfGroup makes the owners of one group the reviewers
// ("/groups/{id}/owners").
func OwnersOfGroup(id string) Reviewer {
	return builtReviewer("/groups/"+url.PathEscape(id)+"/owners", "", checkID("groupId", id))
}

// GroupOwners makes the owners of each reviewed group the reviewers
// ("./owners"), the usual choice for reviews of all Microsoft 365 groups.
func GroupOwners() Reviewer { return builtReviewer("./owners", "", nil) }

// Managers makes the manager of each reviewed user the reviewer ("./manager"
// rooted at the decisions). Users without a manager are reviewed by the
// fallback reviewers.
func Managers() Reviewer { return builtReviewer("./manager", QueryRootDecisions, nil) }

// ApplicationOwners makes the owners of an application the reviewers
// ("/servicePrincipals/{id}/owners", the ID being the service principal's).
func ApplicationOwners(servicePrincipalID string) Reviewer {
	return builtReviewer("/servicePrincipals/"+url.PathEscape(servicePrincipalID)+"/owners", "",
		checkID("servicePrincipalId", servicePrincipalID))
}

// ReviewerQuery makes the principals a Graph query returns the reviewers:
// the escape hatch for what the other functions do not cover. A q that
// cannot be sent as written is kept as a problem; a malformed or
// unrecognised one (see [CheckQuery]) is sent, and Lint warns.
func ReviewerQuery(q string) Reviewer { return builtReviewer(q, "", checkEncodable(q)) }

// SelfReview returns the reviewers of a self-review: an empty, non-nil list,
// which encodes as [] (a nil list would be left out or sent as null).
func SelfReview() []Reviewer { return []Reviewer{} }

// builtReviewer assembles a reviewer for the builder functions.
func builtReviewer(q string, root QueryRoot, err error) Reviewer {
	return Reviewer{Query: q, QueryType: QueryTypeMicrosoftGraph, QueryRoot: root, err: err}
}

// Validate reports what the documentation says the service refuses, or
// what cannot be sent: a bad builder argument, a query that is not UTF-8, a
// query root other than "decisions" (its only documented value), and
// "./manager" without the decisions root the service needs to resolve it.
// An empty reviewer, a malformed or unrecognised query, an unknown query
// type and a reviewer ID that is not a GUID are warnings of Lint.
func (r Reviewer) Validate() error {
	errs := []error{r.err}
	if r.Query != "" {
		errs = append(errs, checkQueryFields(queryFields{query: r.Query, queryType: r.QueryType, queryRoot: r.QueryRoot})...)
	}
	switch {
	case r.QueryRoot != "" && !r.QueryRoot.Known():
		errs = append(errs, check.Invalid("queryRoot", "must be %q or empty, got %q",
			QueryRootDecisions, check.Truncate(string(r.QueryRoot), 64)))
	case isManagerQuery(r.Query) && r.QueryRoot != QueryRootDecisions:
		errs = append(errs, check.Invalid("queryRoot", "must be %q for the query %q", QueryRootDecisions, r.Query))
	}
	return joinUnique(errs...)
}

// String describes the reviewers: "user {id}", "the owners of each group",
// "the managers of the reviewed users"…
func (r Reviewer) String() string {
	if r.Query == "" {
		return describeReviewerType(r.ScopeType, r.ReviewerID)
	}
	if d, ok := describeReviewerQuery(r.Query, r.QueryType); ok {
		return d
	}
	return "the reviewers returned by the query " + quoteQuery(r.Query)
}

// DescribeReviewers describes a reviewer list: the reviewers joined with
// "and", or "the reviewed users themselves (self-review)" for an empty list.
func DescribeReviewers(reviewers []Reviewer) string {
	if len(reviewers) == 0 {
		return "the reviewed users themselves (self-review)"
	}
	phrases := make([]string, len(reviewers))
	for i, r := range reviewers {
		phrases[i] = r.String()
	}
	if len(phrases) == 1 {
		return phrases[0]
	}
	return strings.Join(phrases[:len(phrases)-1], ", ") + " and " + phrases[len(phrases)-1]
}

// describeReviewerQuery recognises the reviewer queries the builders make.
func describeReviewerQuery(q string, t QueryType) (string, bool) {
	if t != "" && t != QueryTypeMicrosoftGraph {
		return "", false
	}
	p, ok := parseQuery(q)
	if !ok || !p.plain() {
		return "", false
	}
	if p.relative {
		switch {
		case len(p.segments) != 1:
		case strings.EqualFold(p.segments[0], "owners"):
			return "the owners of each group", true
		case strings.EqualFold(p.segments[0], "manager"):
			return "the managers of the reviewed users", true
		}
		return "", false
	}
	if ids, ok := p.path("users", "*"); ok {
		return "user " + ids[0], true
	}
	if ids, ok := p.path("groups", "*", "transitiveMembers"); ok {
		return "the members of group " + ids[0], true
	}
	if ids, ok := p.path("groups", "*", "members"); ok {
		return "the direct members of group " + ids[0], true
	}
	if ids, ok := p.path("groups", "*", "owners"); ok {
		return "the owners of group " + ids[0], true
	}
	if ids, ok := p.path("servicePrincipals", "*", "owners"); ok {
		return "the owners of application " + ids[0], true
	}
	return "", false
}

// describeReviewerType phrases a reviewer named by scopeType and reviewerId.
func describeReviewerType(t ReviewerScopeType, id string) string {
	switch t {
	case ReviewerScopeTypeUser:
		return "user " + id
	case ReviewerScopeTypeGroup:
		return "the members of group " + id
	case ReviewerScopeTypeSelf:
		return "the reviewed users themselves"
	case ReviewerScopeTypeManager:
		return "the managers of the reviewed users"
	case ReviewerScopeTypeSponsor:
		return "the sponsors of the reviewed users"
	case ReviewerScopeTypeManagerOrSponsor:
		return "the managers or sponsors of the reviewed users"
	case ReviewerScopeTypeResourceOwner:
		return "the owners of the reviewed resource"
	case "":
		if id != "" {
			return "reviewer " + id
		}
		return "no reviewer"
	}
	if id != "" {
		return "reviewers of scope type " + quoteText(string(t)) + " " + id
	}
	return "reviewers of scope type " + quoteText(string(t))
}

// isManagerQuery reports whether q is the relative manager query.
func isManagerQuery(q string) bool {
	p, ok := parseQuery(q)
	return ok && p.relative && len(p.segments) == 1 && strings.EqualFold(p.segments[0], "manager")
}

// buildErr returns what the builder found wrong with its argument.
func (s Reviewer) buildErr() error { return s.err }
