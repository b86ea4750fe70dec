package recurrence

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
)

// objectWriter writes one JSON object field by field, in the order the
// fields are given, so that encoders can decide field by field what to send.
// The first error sticks and is returned by finish.
type objectWriter struct {
	buf bytes.Buffer
	n   int
	err error
}

// field writes name with the JSON encoding of v.
func (w *objectWriter) field(name string, v any) {
	if w.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		w.err = fmt.Errorf("recurrence: encode %s: %w", name, err)
		return
	}
	w.raw(name, b)
}

// raw writes name with an already encoded value.
func (w *objectWriter) raw(name string, value []byte) {
	if w.n == 0 {
		w.buf.WriteByte('{')
	} else {
		w.buf.WriteByte(',')
	}
	w.n++
	key, _ := json.Marshal(name) // a string always encodes
	w.buf.Write(key)
	w.buf.WriteByte(':')
	w.buf.Write(value)
}

// extra writes kept unknown properties in key order, so that the output is
// deterministic.
func (w *objectWriter) extra(m map[string]json.RawMessage) {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		w.raw(k, m[k])
	}
}

// finish closes the object.
func (w *objectWriter) finish() ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	if w.n == 0 {
		return []byte("{}"), nil
	}
	w.buf.WriteByte('}')
	return w.buf.Bytes(), nil
}

// decodeObject decodes the JSON object b property by property: field decodes
// the properties it knows and reports whether it did; the others are kept in
// *extra (left nil when there are none). JSON null is an empty object. Keys
// are visited in sorted order so that the error for a bad document does not
// depend on map order.
func decodeObject(b []byte, what string, field func(key string, raw json.RawMessage) (bool, error), extra *map[string]json.RawMessage) error {
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	var props map[string]json.RawMessage
	if err := json.Unmarshal(b, &props); err != nil {
		return &decodeError{path: what, err: err}
	}
	for _, k := range slices.Sorted(maps.Keys(props)) {
		handled, err := field(k, props[k])
		if err != nil {
			var inner *decodeError
			if errors.As(err, &inner) {
				return &decodeError{path: what + "." + inner.path, err: inner.err}
			}
			return &decodeError{path: what + "." + k, err: err}
		}
		if !handled {
			if *extra == nil {
				*extra = map[string]json.RawMessage{}
			}
			(*extra)[k] = props[k]
		}
	}
	return nil
}

// decodeValue decodes one property; JSON null leaves dst unchanged.
func decodeValue(raw json.RawMessage, dst any) error {
	return json.Unmarshal(raw, dst)
}

// decodeError names the property a decoding failed at, with its full path
// ("recurrence.range.startDate"), whatever the depth it happened at.
type decodeError struct {
	path string
	err  error
}

// Error names the JSON path that failed to decode.
func (e *decodeError) Error() string { return "recurrence: decode " + e.path + ": " + e.err.Error() }

// Unwrap returns the underlying decoding error.
func (e *decodeError) Unwrap() error { return e.err }
