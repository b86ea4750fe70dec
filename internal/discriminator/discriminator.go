package discriminator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Key is the JSON property that carries an object's type name.
const Key = "@odata.type"

// legacyKey is the spelling without "@" that some beta examples use.
const legacyKey = "odata.type"

// namespace is the schema namespace of every type this module handles.
const namespace = "microsoft.graph."

// Peek returns the type name an encoded JSON object carries in "@odata.type"
// (or, failing that, "odata.type"), exactly as written, or "" when it has
// none. It returns an error when data is not a single well-formed JSON object
// or when the type property is neither a string nor null.
func Peek(data []byte) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return "", fmt.Errorf("discriminator: peek: %w", err)
	}
	if tok != json.Delim('{') {
		return "", errors.New("discriminator: peek: not a JSON object")
	}
	var typ, legacy string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return "", fmt.Errorf("discriminator: peek: %w", err)
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return "", fmt.Errorf("discriminator: peek: %w", err)
		}
		switch key {
		case Key:
			if typ, err = typeName(raw); err != nil {
				return "", err
			}
		case legacyKey:
			if legacy, err = typeName(raw); err != nil {
				return "", err
			}
		}
	}
	if _, err := dec.Token(); err != nil {
		return "", fmt.Errorf("discriminator: peek: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return "", errors.New("discriminator: peek: data after the JSON object")
	}
	if typ == "" {
		typ = legacy
	}
	return typ, nil
}

// Split decodes a JSON object into its type name (as [Peek] finds it) and its
// other properties. The returned map never holds "@odata.type" or
// "odata.type"; it is non-nil, and callers may take it over.
func Split(data []byte) (typ string, fields map[string]json.RawMessage, err error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return "", nil, errors.New("discriminator: split: not a JSON object")
	}
	if err := json.Unmarshal(trimmed, &fields); err != nil {
		return "", nil, fmt.Errorf("discriminator: split: %w", err)
	}
	var legacy string
	if raw, ok := fields[Key]; ok {
		if typ, err = typeName(raw); err != nil {
			return "", nil, err
		}
		delete(fields, Key)
	}
	if raw, ok := fields[legacyKey]; ok {
		if legacy, err = typeName(raw); err != nil {
			return "", nil, err
		}
		delete(fields, legacyKey)
	}
	if typ == "" {
		typ = legacy
	}
	if fields == nil {
		fields = map[string]json.RawMessage{}
	}
	return typ, fields, nil
}

// Normalize reduces a type name to the form used for comparisons: without a
// leading "#", without the "microsoft.graph." namespace, in lower case.
// "#microsoft.graph.accessReviewQueryScope" becomes "accessreviewqueryscope".
func Normalize(typ string) string {
	typ = strings.ToLower(strings.TrimPrefix(typ, "#"))
	return strings.TrimPrefix(typ, namespace)
}

// Equal reports whether two type names denote the same type, ignoring case,
// a leading "#" and the "microsoft.graph." namespace.
func Equal(a, b string) bool { return Normalize(a) == Normalize(b) }

// Qualified returns the full type name for a short one:
// "accessReviewQueryScope" becomes "#microsoft.graph.accessReviewQueryScope".
// Names that already carry "#" or the namespace get only what they lack.
func Qualified(name string) string {
	name = strings.TrimPrefix(name, "#")
	if !strings.HasPrefix(name, namespace) {
		name = namespace + name
	}
	return "#" + name
}

// typeName decodes the value of a type property: a string, or null for none.
func typeName(raw json.RawMessage) (string, error) {
	if string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", errors.New("discriminator: the type property is not a string")
	}
	return s, nil
}
