package msgraphtest

import (
	"testing"

	"github.com/microsoft/kiota-abstractions-go/serialization"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
	"github.com/stretchr/testify/assert"
)

// queryScope is an accessReviewQueryScope of queryType MicrosoftGraph (the
// SDK adds its @odata.type).
func queryScope(query string) *models.AccessReviewQueryScope {
	s := models.NewAccessReviewQueryScope()
	s.SetQuery(ptr(query))
	s.SetQueryType(ptr("MicrosoftGraph"))
	return s
}

// reviewerScope is an accessReviewReviewerScope of queryType MicrosoftGraph,
// with queryRoot when it is not empty.
func reviewerScope(query, queryRoot string) *models.AccessReviewReviewerScope {
	s := models.NewAccessReviewReviewerScope()
	s.SetQuery(ptr(query))
	s.SetQueryType(ptr("MicrosoftGraph"))
	if queryRoot != "" {
		s.SetQueryRoot(ptr(queryRoot))
	}
	return s
}

// reviewers is a reviewer collection.
func reviewers(scopes ...models.AccessReviewReviewerScopeable) []models.AccessReviewReviewerScopeable {
	return scopes
}

// reviewerQueries returns the queries of reviewer scopes, in order; nil for
// a collection the response did not carry.
func reviewerQueries(scopes []models.AccessReviewReviewerScopeable) []string {
	if scopes == nil {
		return nil
	}
	out := []string{}
	for _, s := range scopes {
		out = append(out, str(s.GetQuery()))
	}
	return out
}

// assertQueryScope asserts that a scope is an accessReviewQueryScope (or a
// type derived from it) with the query and queryType MicrosoftGraph.
func assertQueryScope(t *testing.T, scope models.AccessReviewScopeable, query, what string) {
	t.Helper()
	var q models.AccessReviewQueryScopeable
	switch s := scope.(type) {
	case *models.AccessReviewQueryScope:
		q = s
	case *models.AccessReviewInactiveUsersQueryScope:
		q = s
	}
	if assert.NotNil(t, q, "%s: a query scope, got %T", what, scope) {
		assert.Equal(t, query, str(q.GetQuery()), "%s: query", what)
		assert.Equal(t, "MicrosoftGraph", str(q.GetQueryType()), "%s: queryType", what)
	}
}

// assertIdentity asserts a userIdentity's id, displayName and
// userPrincipalName.
func assertIdentity(t *testing.T, id models.Identityable, wantID, wantName, wantUPN, what string) {
	t.Helper()
	if !assert.NotNil(t, id, what) {
		return
	}
	assert.Equal(t, wantID, str(id.GetId()), "%s: id", what)
	assert.Equal(t, wantName, str(id.GetDisplayName()), "%s: displayName", what)
	if u, ok := id.(models.UserIdentityable); assert.True(t, ok, "%s: a userIdentity, got %T", what, id) {
		assert.Equal(t, wantUPN, str(u.GetUserPrincipalName()), "%s: userPrincipalName", what)
	}
}

// identityID returns an identity's id, or "".
func identityID(id models.Identityable) string {
	if id == nil {
		return ""
	}
	return str(id.GetId())
}

// assertUserTarget asserts the target the documents' decision items carry
// (on v1.0 as on beta), which the v1.0 SDK's model does not
// have and keeps as additional data.
func assertUserTarget(t *testing.T, item models.AccessReviewInstanceDecisionItemable, userID, name, upn, step string) {
	t.Helper()
	target, ok := extra(item, "target")
	assert.True(t, ok, "%s: the item has a target", step)
	assert.Equal(t, map[string]any{
		"@odata.type":       "#microsoft.graph.accessReviewInstanceDecisionItemUserTarget",
		"userId":            userID,
		"userDisplayName":   name,
		"userPrincipalName": upn,
	}, target, "%s: target", step)
}

// assertPattern asserts a recurrence pattern as the service echoes it: the
// type, interval and dayOfMonth sent, and the members the request left out
// zero-filled (month 0, no days of the week, weeks starting on Sunday,
// index first), as the create responses show.
func assertPattern(t *testing.T, rec models.PatternedRecurrenceable, typ string, interval, dayOfMonth int32, step string) {
	t.Helper()
	if !assert.NotNil(t, rec, "%s: recurrence", step) || !assert.NotNil(t, rec.GetPattern(), "%s: recurrence.pattern", step) {
		return
	}
	p := rec.GetPattern()
	assert.Equal(t, typ, enum(p.GetTypeEscaped()), "%s: pattern.type", step)
	assert.Equal(t, &interval, p.GetInterval(), "%s: pattern.interval", step)
	assert.Equal(t, &dayOfMonth, p.GetDayOfMonth(), "%s: pattern.dayOfMonth", step)
	assert.Equal(t, ptr(int32(0)), p.GetMonth(), "%s: pattern.month", step)
	if days := p.GetDaysOfWeek(); assert.NotNil(t, days, "%s: pattern.daysOfWeek is []", step) {
		assert.Empty(t, days, "%s: pattern.daysOfWeek", step)
	}
	assert.Equal(t, "sunday", enum(p.GetFirstDayOfWeek()), "%s: pattern.firstDayOfWeek", step)
	assert.Equal(t, "first", enum(p.GetIndex()), "%s: pattern.index", step)
}

// enum returns the JSON spelling of an optional SDK enum value, or "".
func enum[T interface{ String() string }](p *T) string {
	if p == nil {
		return ""
	}
	return (*p).String()
}

// assertRange asserts the start date of a recurrence range and, when end is
// not nil, its end date.
func assertRange(t *testing.T, rec models.PatternedRecurrenceable, start, end *serialization.DateOnly, step string) {
	t.Helper()
	if !assert.NotNil(t, rec, "%s: recurrence", step) || !assert.NotNil(t, rec.GetRangeEscaped(), "%s: recurrence.range", step) {
		return
	}
	r := rec.GetRangeEscaped()
	assert.Equal(t, dateString(start), dateString(r.GetStartDate()), "%s: range.startDate", step)
	if end != nil {
		assert.Equal(t, dateString(end), dateString(r.GetEndDate()), "%s: range.endDate", step)
	}
}

func dateString(d *serialization.DateOnly) string {
	if d == nil {
		return ""
	}
	return d.String()
}

// odataTypes returns the @odata.type of each apply action.
func odataTypes(actions []models.AccessReviewApplyActionable) []string {
	if actions == nil {
		return nil
	}
	out := []string{}
	for _, a := range actions {
		out = append(out, str(a.GetOdataType()))
	}
	return out
}
