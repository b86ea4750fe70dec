package scope

import (
	"errors"
	"strconv"

	"github.com/graphkit/governance/internal/check"
)

// queryFields is the part shared by every query-based wire type.
type queryFields struct {
	query     string
	queryType QueryType
	queryRoot QueryRoot
}

// checkQueryFields validates the three query properties: only that the
// query can be sent as written. The documentation lists the query types as
// examples ("Types include MicrosoftGraph and ARM") and gives no values for
// the root of a query scope, so neither is refused; Lint warns about
// unknown ones.
func checkQueryFields(q queryFields) []error {
	return []error{checkEncodable(q.query)}
}

// joinAt re-roots the errors of one element of a list and joins them.
func joinAt(field string, i int, err error) error {
	if err == nil {
		return nil
	}
	return check.Prefix(field+"["+strconv.Itoa(i)+"]", err)
}

// joinUnique joins errs like errors.Join, flattening joined errors and
// dropping repeated messages, so a problem a builder recorded and Validate
// found again is reported once.
func joinUnique(errs ...error) error {
	var out []error
	seen := map[string]bool{}
	var add func(error)
	add = func(err error) {
		if err == nil {
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				add(e)
			}
			return
		}
		if msg := err.Error(); !seen[msg] {
			seen[msg] = true
			out = append(out, err)
		}
	}
	for _, err := range errs {
		add(err)
	}
	return errors.Join(out...)
}
