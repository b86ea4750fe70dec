package accessreviewstest

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

// Validation of request bodies. The fake answers what the service rejects
// with 400 and code "BadRequest", the message listing every problem as
// "field: problem" separated by "; ".
//
// Definitions are checked with (*accessreviews.Definition).Validate, which
// mirrors the documented service rules, on the body as a raw client sent it
// (so a client that skips the SDK's validation is refused all the same), with
// one exception where the service is more lenient than the SDK: a scope query
// the SDK finds malformed but the service normalises (the documentation's
// "all teams" query with a stray quote) is accepted when scope.Recognize
// understands it. Bodies that are not JSON objects of the right shape are
// refused by the decoder first.

// decodeDefinition decodes and validates a definition body; it writes the
// 400 and returns nil when the body is refused.
func decodeDefinition(c *call) *accessreviews.Definition {
	body := c.Body()
	if len(strings.TrimSpace(string(body))) == 0 || !isJSONObject(body) {
		c.Error(http.StatusBadRequest, codeBadRequest, "Empty Payload. JSON content expected.")
		return nil
	}
	def := new(accessreviews.Definition)
	if err := json.Unmarshal(body, def); err != nil {
		c.Error(http.StatusBadRequest, codeBadRequest, "Invalid request body: "+err.Error())
		return nil
	}
	if msg := definitionProblems(def); msg != "" {
		c.Error(http.StatusBadRequest, codeBadRequest, msg)
		return nil
	}
	return def
}

// definitionProblems returns the service's objections to def, or "".
func definitionProblems(def *accessreviews.Definition) string {
	var problems []string
	for _, fe := range fieldErrors(def.Validate()) {
		if lenientQuery(def, fe.Field) {
			continue
		}
		problems = append(problems, fe.Error())
	}
	return strings.Join(problems, "; ")
}

// lenientQuery reports whether a problem with field is one the service does
// not raise because it understands the query anyway.
func lenientQuery(def *accessreviews.Definition, field string) bool {
	var sc scope.Scope
	switch field {
	case "scope.query":
		sc = def.Scope
	case "instanceEnumerationScope.query":
		sc = def.InstanceEnumerationScope
	default:
		return false
	}
	_, ok := scope.Recognize(sc)
	return ok
}

// fieldErrors flattens a joined validation error into its field errors;
// any other error becomes a field error without a field.
func fieldErrors(err error) []*odata.FieldError {
	if err == nil {
		return nil
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var out []*odata.FieldError
		for _, e := range joined.Unwrap() {
			out = append(out, fieldErrors(e)...)
		}
		return out
	}
	var fe *odata.FieldError
	if errors.As(err, &fe) {
		return []*odata.FieldError{fe}
	}
	return []*odata.FieldError{{Problem: err.Error()}}
}

// isJSONObject reports whether b holds a JSON object.
func isJSONObject(b []byte) bool {
	s := strings.TrimSpace(string(b))
	return strings.HasPrefix(s, "{")
}

// validateReviewers checks reviewer scopes of an instance PUT or stage PATCH.
func validateReviewers(field string, list []scope.Reviewer) []string {
	var out []string
	for i, r := range list {
		if err := r.Validate(); err != nil {
			for _, fe := range fieldErrors(odata.Prefix(field+"["+itoa(i)+"]", err)) {
				out = append(out, fe.Error())
			}
		}
	}
	return out
}

// keepsFallbacks reports whether next keeps every reviewer of current; the
// service refuses (409) an update that removes a fallback reviewer.
func keepsFallbacks(current, next []scope.Reviewer) bool {
	for _, cur := range current {
		found := false
		for _, n := range next {
			if sameReviewer(cur, n) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// sameReviewer compares two reviewer scopes by what they select.
func sameReviewer(a, b scope.Reviewer) bool {
	return strings.EqualFold(strings.TrimSpace(a.Query), strings.TrimSpace(b.Query)) &&
		a.QueryRoot == b.QueryRoot && strings.EqualFold(a.ReviewerID, b.ReviewerID) && a.ScopeType == b.ScopeType
}

// validDecision reports whether v is a decision a reviewer may record.
func validDecision(v accessreviews.DecisionValue, allowNotReviewed bool) bool {
	switch v {
	case accessreviews.DecisionApprove, accessreviews.DecisionDeny, accessreviews.DecisionDontKnow:
		return true
	case accessreviews.DecisionNotReviewed:
		return allowNotReviewed
	}
	return false
}

// itoa formats a small non-negative int.
func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
