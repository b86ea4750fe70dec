package odata

import "github.com/graphkit/governance/internal/check"

// ErrInvalid is matched by every client-side validation error of the module:
// errors.Is(err, odata.ErrInvalid) is true for an error returned before any
// request was sent because the caller's input was wrong.
var ErrInvalid = check.ErrInvalid

// FieldError reports one problem with one named input: its Field names the
// input as a dotted path in the JSON spelling where there is one
// ("settings.recurrence.range.startDate", "reviewers[0].query"), and its
// Problem says what is wrong, lowercase, without the field name. Its Error
// method formats it as "field: problem", or just the problem when Field is
// empty, and errors.Is(fe, ErrInvalid) is true.
//
// Validating functions collect every FieldError they find and return them
// joined with errors.Join, so a caller sees all problems at once; take one
// out with errors.As:
//
//	var fe *odata.FieldError
//	if errors.As(err, &fe) {
//		fmt.Println(fe.Field, fe.Problem)
//	}
type FieldError = check.FieldError
