package scope

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/graphkit/governance/internal/discriminator"
	"github.com/graphkit/governance/odata"
)

// fields reads the properties of a decoded JSON object one by one. What is
// left when decoding is done is kept as the value's unknown properties. The
// first problem sticks.
type fields struct {
	m   map[string]json.RawMessage
	err error
}

// str takes a string property; absent and null give "".
func (f *fields) str(name string) string {
	raw, ok := f.take(name)
	if !ok || f.err != nil {
		return ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		f.fail(name, errors.New("must be a string or null"))
	}
	return s
}

// duration takes an ISO 8601 duration property; absent and null give zero.
func (f *fields) duration(name string) odata.Duration {
	raw, ok := f.take(name)
	if !ok || f.err != nil {
		return odata.Duration{}
	}
	var d odata.Duration
	if err := json.Unmarshal(raw, &d); err != nil {
		f.fail(name, err)
	}
	return d
}

// list takes an array of scopes; absent and null give nil.
func (f *fields) list(name string) []Scope {
	raw, ok := f.take(name)
	if !ok || f.err != nil {
		return nil
	}
	list, err := unmarshalList(raw)
	if err != nil {
		f.fail(name, err)
	}
	return list
}

// take removes and returns a property; null counts as absent.
func (f *fields) take(name string) (json.RawMessage, bool) {
	raw, ok := f.m[name]
	if !ok {
		return nil, false
	}
	delete(f.m, name)
	if string(raw) == "null" {
		return nil, false
	}
	return raw, true
}

// fail records the first decoding problem.
func (f *fields) fail(name string, err error) {
	if f.err == nil {
		f.err = fmt.Errorf("%s: %w", name, err)
	}
}

// rest returns the properties not taken, compacted so that re-encoding is
// stable, or nil when there are none.
func (f *fields) rest() map[string]json.RawMessage {
	if len(f.m) == 0 {
		return nil
	}
	out := make(map[string]json.RawMessage, len(f.m))
	for name, raw := range f.m {
		var buf bytes.Buffer
		if err := json.Compact(&buf, raw); err != nil {
			buf.Reset()
			buf.Write(raw)
		}
		out[name] = buf.Bytes()
	}
	return out
}

// queryFields is the part shared by every query-based wire type.
type queryFields struct {
	query     string
	queryType QueryType
	queryRoot QueryRoot
}

// readQuery takes the three query properties.
func readQuery(f *fields) queryFields {
	return queryFields{
		query:     f.str("query"),
		queryType: QueryType(f.str("queryType")),
		queryRoot: QueryRoot(f.str("queryRoot")),
	}
}

// writeQuery writes the three query properties, leaving out empty ones
// rather than sending empty strings.
func writeQuery(o *discriminator.Object, q queryFields) {
	if q.query != "" {
		o.String("query", q.query)
	}
	if q.queryType != "" {
		o.String("queryType", string(q.queryType))
	}
	if q.queryRoot != "" {
		o.String("queryRoot", string(q.queryRoot))
	}
}

// checkQueryFields validates the three query properties: only that the
// query can be sent as written. The documentation lists the query types as
// examples ("Types include MicrosoftGraph and ARM") and gives no values for
// the root of a query scope, so neither is refused; Lint warns about
// unknown ones.
func checkQueryFields(q queryFields) []error {
	return []error{checkEncodable(q.query)}
}

// writeList writes a property holding an array of scopes; a nil element is
// written as null.
func writeList(o *discriminator.Object, name string, list []Scope) {
	buf := []byte{'['}
	for i, s := range list {
		if i > 0 {
			buf = append(buf, ',')
		}
		if s == nil {
			buf = append(buf, "null"...)
			continue
		}
		b, err := s.MarshalJSON()
		if err != nil {
			o.Field(name, failing{fmt.Errorf("[%d]: %w", i, err)})
			return
		}
		buf = append(buf, b...)
	}
	o.Raw(name, append(buf, ']'))
}

// failing is a json.Marshaler that fails with its error; it lets writeList
// report an element's error through the Object.
type failing struct{ err error }

// MarshalJSON returns the error.
func (f failing) MarshalJSON() ([]byte, error) { return nil, f.err }

// joinAt re-roots the errors of one element of a list and joins them.
func joinAt(field string, i int, err error) error {
	if err == nil {
		return nil
	}
	return odata.Prefix(field+"["+strconv.Itoa(i)+"]", err)
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
