package recurrence

import (
	"encoding/json/jsontext"
	"encoding/json/v2"
	"errors"
	"strings"
)

// codecError names the property an encoding or decoding failed at, with
// its full path ("recurrence.range.startDate").
type codecError struct {
	op   string // "encode" or "decode"
	path string
	err  error
}

// Error names the JSON path that failed.
func (e *codecError) Error() string {
	return "recurrence: " + e.op + " " + e.path + ": " + e.err.Error()
}

// Unwrap returns the underlying error.
func (e *codecError) Unwrap() error { return e.err }

// codecErrorOf names the property err, an error of encoding/json, is
// about, from the JSON pointer it carries.
func codecErrorOf(op string, err error) error {
	var ptr jsontext.Pointer
	var se *json.SemanticError
	var syn *jsontext.SyntacticError
	switch {
	case errors.As(err, &se):
		ptr = se.JSONPointer
		if se.Err != nil {
			err = se.Err
		}
	case errors.As(err, &syn):
		ptr = syn.JSONPointer
	}
	path := "recurrence"
	for tok := range ptr.Tokens() {
		path += "." + tok
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if se != nil && se.Err == nil {
		// A type mismatch carries no inner error; its message is the
		// whole error's, which names the Go types.
		msg = "cannot " + op + " " + se.JSONKind.String() + " as " + se.GoType.String()
	}
	return &codecError{op: op, path: path, err: errors.New(msg)}
}
