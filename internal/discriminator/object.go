package discriminator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
)

// Marshal encodes v as a JSON object whose first property is "@odata.type":
// typ, followed by the properties v encodes to. v must encode to a JSON
// object (or be nil, giving an object with the type alone) and must not
// produce an "@odata.type" of its own. An empty typ writes no type property.
func Marshal(typ string, v any) ([]byte, error) {
	o := NewObject(typ)
	if v != nil {
		body, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("discriminator: marshal %s: %w", typ, err)
		}
		body = bytes.TrimSpace(body)
		if string(body) != "null" {
			if len(body) < 2 || body[0] != '{' {
				return nil, fmt.Errorf("discriminator: marshal %s: value does not encode to a JSON object", typ)
			}
			o.inner(body[1 : len(body)-1])
		}
	}
	return o.Bytes()
}

// Object writes a JSON object property by property, in call order. The zero
// Object writes an object without a type property; [NewObject] starts one
// with it. The first error sticks and is returned by [Object.Bytes].
type Object struct {
	buf     []byte
	written []string
	err     error
}

// NewObject starts an object whose first property is "@odata.type": typ, or
// an object without a type property when typ is "".
func NewObject(typ string) *Object {
	o := &Object{buf: make([]byte, 0, 128)}
	o.buf = append(o.buf, '{')
	if typ != "" {
		o.String(Key, typ)
	}
	return o
}

// String writes the property name with a string value.
func (o *Object) String(name, value string) {
	o.key(name)
	o.buf = appendString(o.buf, value)
}

// Field writes the property name with the JSON encoding of v.
func (o *Object) Field(name string, v any) {
	if o.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		o.err = fmt.Errorf("discriminator: property %q: %w", name, err)
		return
	}
	o.key(name)
	o.buf = append(o.buf, b...)
}

// Raw writes the property name with an already encoded value, which must be
// valid JSON.
func (o *Object) Raw(name string, raw json.RawMessage) {
	if o.err != nil {
		return
	}
	if !json.Valid(raw) {
		o.err = fmt.Errorf("discriminator: property %q: invalid JSON value", name)
		return
	}
	o.key(name)
	o.buf = append(o.buf, bytes.TrimSpace(raw)...)
}

// Extra writes the properties of fields in sorted order, skipping the type
// properties and every name already written, so preserved unknown
// properties can never duplicate a modelled one.
func (o *Object) Extra(fields map[string]json.RawMessage) {
	if len(fields) == 0 {
		return
	}
	names := make([]string, 0, len(fields))
	for name := range fields {
		if name == Key || name == legacyKey || slices.Contains(o.written, name) {
			continue
		}
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		o.Raw(name, fields[name])
	}
}

// Bytes closes the object and returns it, or the first error met while
// writing it.
func (o *Object) Bytes() ([]byte, error) {
	if o.err != nil {
		return nil, o.err
	}
	if o.buf == nil {
		return []byte("{}"), nil
	}
	return append(o.buf, '}'), nil
}

// key writes the separator and the quoted property name.
func (o *Object) key(name string) {
	if o.buf == nil {
		o.buf = append(make([]byte, 0, 128), '{')
	}
	if len(o.buf) > 1 {
		o.buf = append(o.buf, ',')
	}
	o.buf = appendString(o.buf, name)
	o.buf = append(o.buf, ':')
	o.written = append(o.written, name)
}

// inner appends the members of an already encoded object body (the bytes
// between its braces).
func (o *Object) inner(members []byte) {
	members = bytes.TrimSpace(members)
	if len(members) == 0 {
		return
	}
	if len(o.buf) > 1 {
		o.buf = append(o.buf, ',')
	}
	o.buf = append(o.buf, members...)
}

// appendString appends s as a JSON string. Plain ASCII is copied as is; any
// other string goes through encoding/json for correct escaping, without the
// HTML escaping of "<", ">" and "&" that would make queries such as
// "?$expand=principal&$filter=…" unreadable in logs and golden files.
func appendString(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			var b bytes.Buffer
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(false)
			_ = enc.Encode(s) // a string always encodes
			return append(buf, bytes.TrimSuffix(b.Bytes(), []byte("\n"))...)
		}
	}
	buf = append(buf, '"')
	buf = append(buf, s...)
	return append(buf, '"')
}
