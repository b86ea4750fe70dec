package odata

import (
	"encoding/json/jsontext"
	"encoding/json/v2"
)

// responseOptions returns the options responses are decoded with. They
// do not include the options of the polymorphic values (poly.WireOptions):
// the models that need those apply them to themselves, and their
// type-specific unmarshalers would be looked up for every value of every
// response otherwise.
func responseOptions() json.Options { return lenient }

// lenient are the options responses are decoded with, which read a body as
// encoding/json v1 read it rather than refuse it or drop members: a
// repeated member name (the last one wins), a string that is not valid
// UTF-8 (bad bytes become U+FFFD), and member names matched to the fields
// of a caller's struct without regard to case when no exact match exists.
var lenient = json.JoinOptions(
	jsontext.AllowDuplicateNames(true),
	jsontext.AllowInvalidUTF8(true),
	json.MatchCaseInsensitiveNames(true),
)
