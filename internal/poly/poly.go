package poly

import (
	"bytes"
	"encoding/json/jsontext"
	"encoding/json/v2"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// names holds the "@odata.type" each registered Go type is written with,
// by its reflect.Type. It is filled when packages initialise and read by
// every encode afterwards.
var names sync.Map // reflect.Type -> string

// register records name as the type name of t. The first name registered
// for a Go type is the one it is written with.
func register(t reflect.Type, name string) {
	names.LoadOrStore(t, name)
}

// nameOf returns the type name registered for t.
func nameOf(t reflect.Type) (string, bool) {
	v, ok := names.Load(t)
	if !ok {
		return "", false
	}
	return v.(string), true
}

// Type is the "@odata.type" member of a polymorphic Go type T, declared as
// its first field so that the type comes first, as Graph writes it:
//
//	type UserTarget struct {
//		Type poly.Type[UserTarget] `json:"@odata.type"`
//		ID   string                `json:"id,omitzero"`
//	}
//
// It holds nothing: it encodes as the name T was registered under with
// [AddKind], and skips the member when decoding, the type having been
// chosen before the value is decoded. Encoding a T that was never
// registered fails.
type Type[T any] struct{}

// MarshalJSONTo writes T's type name.
func (Type[T]) MarshalJSONTo(enc *jsontext.Encoder) error {
	t := reflect.TypeFor[T]()
	name, ok := nameOf(t)
	if !ok {
		return fmt.Errorf("odata: encode %v: no @odata.type registered", t)
	}
	return enc.WriteToken(jsontext.String(name))
}

// UnmarshalJSONFrom skips the type name, which a [Kinds] has already read.
func (*Type[T]) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return dec.SkipValue()
}

// Kinds is the set of Go types implementing the polymorphic interface I,
// chosen by "@odata.type" when a value of I is decoded. Type names compare
// without regard to case, a leading "#" or the "microsoft.graph." namespace;
// the beta spelling "odata.type" is read too.
//
// Graph writes "@odata.type" as an object's first member. Such an object
// is decoded straight from the stream into the chosen Go type, once; any
// other object is read whole first, and then decoded.
//
// A Kinds is built when its package initialises ([NewKinds], [AddKind],
// [AddUntyped]) and is read-only afterwards.
type Kinds[I any] struct {
	what    string
	exact   []namedKind[I]         // by the name as registered, in order
	folded  map[string]kindFunc[I] // by foldType of the name
	untyped kindFunc[I]
	unknown func(typ string, raw jsontext.Value) (I, error)
	refine  func(I) I
}

// namedKind is a kind and the type name it was registered under. A set
// has a handful of kinds: comparing the name against each is cheaper than
// hashing it. quoted is the name as a JSON string, as Graph writes it, to
// compare with the bytes of an object's leading "@odata.type" where they
// lie; it is "" for a name that JSON would write with escapes.
type namedKind[I any] struct {
	name   string
	quoted string
	f      kindFunc[I]
}

// kindFunc decodes one Go type: from raw when it is non-nil, else from dec.
type kindFunc[I any] func(dec *jsontext.Decoder, raw jsontext.Value) (I, error)

// NewKinds returns an empty set for the interface I and registers it with
// [WireOptions]. what names the values in errors ("scope"). unknown builds
// the value of an object whose type is not in the set (typ as written, ""
// when the object has none and no untyped kind is set), from a copy of the
// object that the value may keep.
func NewKinds[I any](what string, unknown func(typ string, raw jsontext.Value) (I, error)) *Kinds[I] {
	k := &Kinds[I]{what: what, folded: map[string]kindFunc[I]{}, unknown: unknown}
	registerWire(json.WithUnmarshalers(json.UnmarshalFromFunc(func(dec *jsontext.Decoder, p *I) error {
		v, err := k.Decode(dec)
		if err != nil {
			return err
		}
		*p = v
		return nil
	})))
	return k
}

// AddKind adds T to k as the Go type of objects of type name, and records
// name as the type T is written with (by [Type] and [Union]). T must
// implement I.
func AddKind[T, I any](k *Kinds[I], name string) {
	f := kindOf[T, I]()
	register(reflect.TypeFor[T](), name)
	quoted := `"` + name + `"`
	if strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == '"' || r == '\\' }) {
		quoted = ""
	}
	k.exact = append(k.exact, namedKind[I]{name: name, quoted: quoted, f: f})
	k.folded[foldType(name)] = f
}

// AddUntyped makes T the Go type of objects without "@odata.type" (or with
// a null one). T must implement I.
func AddUntyped[T, I any](k *Kinds[I]) {
	k.untyped = kindOf[T, I]()
}

// kindOf returns the decoder of T as an I.
func kindOf[T, I any]() kindFunc[I] {
	var zero T
	proto, ok := any(zero).(I)
	if !ok {
		panic(fmt.Sprintf("odata: %T does not implement %v", zero, reflect.TypeFor[I]()))
	}
	boxes := newBoxes[T](proto)
	return func(dec *jsontext.Decoder, raw jsontext.Value) (I, error) {
		p := boxes.next()
		var err error
		if raw != nil {
			err = json.Unmarshal(raw, p, dec.Options())
		} else {
			err = json.UnmarshalDecode(dec, p)
		}
		if err != nil {
			var none I
			return none, err
		}
		return boxes.box(p), nil
	}
}

// Refine makes f the last step of decoding a value of k: Decode returns
// f of every non-nil value it decodes. A package uses it to return a more
// specific value than the Go type of the object's "@odata.type", such as
// the builder value a query scope stands for. Like the kinds, it is set
// when the package initialises.
func (k *Kinds[I]) Refine(f func(I) I) { k.refine = f }

// Decode reads one value of I from dec: JSON null gives the zero I (nil),
// an object the Go type its "@odata.type" names (then refined, see
// [Kinds.Refine]), and anything else an error.
func (k *Kinds[I]) Decode(dec *jsontext.Decoder) (I, error) {
	v, err := k.decode(dec)
	if err == nil && k.refine != nil && any(v) != nil {
		v = k.refine(v)
	}
	return v, err
}

// decode is Decode without the refinement.
func (k *Kinds[I]) decode(dec *jsontext.Decoder) (I, error) {
	var none I
	switch kind := dec.PeekKind(); kind {
	case 'n':
		_, err := dec.ReadToken()
		return none, err
	case '{':
	case 0:
		_, err := dec.ReadToken() // reports the syntax or I/O error
		return none, err
	default:
		if err := dec.SkipValue(); err != nil {
			return none, err
		}
		return none, fmt.Errorf("odata: decode %s: want a JSON object, got %v", k.what, kind)
	}
	if val, ok := typeValue(dec.UnreadBuffer()); ok {
		// The common case: a registered name, as registered.
		for _, nk := range k.exact {
			if nk.quoted != "" && len(val) > len(nk.quoted) && string(val[:len(nk.quoted)]) == nk.quoted {
				return nk.f(dec, nil)
			}
		}
		if name, ok := typeString(val); ok {
			if f := k.lookup(name); f != nil {
				return f(dec, nil)
			}
			return k.decodeUnknown(string(name), nil, dec)
		}
	}
	raw, err := dec.ReadValue()
	if err != nil {
		return none, err
	}
	// An object whose leading type was not fully buffered is decoded as the
	// same object in the buffer would be.
	if name, ok := leadingType(raw); ok {
		if f := k.lookup(name); f != nil {
			return f(dec, raw)
		}
		return k.decodeUnknown(string(name), raw, dec)
	}
	name, legacy, err := typeMembers(raw)
	if err != nil {
		return none, fmt.Errorf("odata: decode %s: %w", k.what, err)
	}
	if f := k.lookup([]byte(name)); f != nil {
		if legacy {
			// The beta spelling is read, not kept: the Go type writes
			// "@odata.type" itself.
			if raw, err = withoutMember(raw, "odata.type"); err != nil {
				return none, fmt.Errorf("odata: decode %s: %w", k.what, err)
			}
		}
		return f(dec, raw)
	}
	return k.decodeUnknown(name, raw, dec)
}

// lookup returns the decoder for a type name, or nil when the set has none.
func (k *Kinds[I]) lookup(name []byte) kindFunc[I] {
	if len(name) == 0 {
		return k.untyped
	}
	for _, nk := range k.exact {
		if string(name) == nk.name {
			return nk.f
		}
	}
	return k.folded[foldType(string(name))]
}

// decodeUnknown reads the object (unless raw holds it already) and builds
// the value of an unknown type from a copy of it.
func (k *Kinds[I]) decodeUnknown(typ string, raw jsontext.Value, dec *jsontext.Decoder) (I, error) {
	if raw == nil {
		var err error
		if raw, err = dec.ReadValue(); err != nil {
			var none I
			return none, err
		}
	}
	return k.unknown(typ, raw.Clone())
}

// foldType reduces a type name to the form Kinds compares: without a
// leading "#" or the "microsoft.graph." namespace, in lower case.
// "#microsoft.graph.accessReviewQueryScope" becomes "accessreviewqueryscope".
func foldType(typ string) string {
	typ = strings.ToLower(strings.TrimPrefix(typ, "#"))
	return strings.TrimPrefix(typ, "microsoft.graph.")
}

// TypeOf returns the type name a JSON object carries in "@odata.type" (or,
// failing that, "odata.type"), exactly as written, or "" when it has none.
// It fails when raw is not a single JSON object or the type is neither a
// string nor null.
func TypeOf(raw []byte) (string, error) {
	typ, _, err := typeMembers(raw)
	return typ, err
}

// leadingType returns the type name when buf, the unread part of a
// decoder's buffer, starts with an object whose first member is
// "@odata.type" with a plain string (no escapes) or null value, fully
// buffered. It reports false otherwise, and the object is then read whole.
func leadingType(buf []byte) ([]byte, bool) {
	val, ok := typeValue(buf)
	if !ok {
		return nil, false
	}
	return typeString(val)
}

// typeValue returns buf from the value of the "@odata.type" member on,
// when buf starts with an object whose first member it is (after the
// separator before the object, if any).
func typeValue(buf []byte) ([]byte, bool) {
	i := skipJSONSpace(buf, 0)
	if i < len(buf) && (buf[i] == ':' || buf[i] == ',') {
		i = skipJSONSpace(buf, i+1)
	}
	if i >= len(buf) || buf[i] != '{' {
		return nil, false
	}
	i = skipJSONSpace(buf, i+1)
	const key = `"@odata.type"`
	if !bytes.HasPrefix(buf[i:], []byte(key)) {
		return nil, false
	}
	i = skipJSONSpace(buf, i+len(key))
	if i >= len(buf) || buf[i] != ':' {
		return nil, false
	}
	i = skipJSONSpace(buf, i+1)
	if i >= len(buf) {
		return nil, false
	}
	return buf[i:], true
}

// typeString reads the type name at the start of val, the value of an
// "@odata.type" member: a plain string (no escapes), fully buffered, or
// null, for which it returns a nil name.
func typeString(val []byte) ([]byte, bool) {
	if bytes.HasPrefix(val, []byte("null")) {
		return nil, true
	}
	if len(val) == 0 || val[0] != '"' {
		return nil, false
	}
	for j := 1; j < len(val); j++ {
		switch c := val[j]; {
		case c == '"':
			return val[1:j], true
		case c == '\\' || c < 0x20:
			return nil, false
		}
	}
	return nil, false
}

// skipJSONSpace returns the index of the first byte at or after i that is
// not JSON whitespace.
func skipJSONSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// typeMembers returns the "@odata.type" of a JSON object, or its
// "odata.type" when it has no other, or "", and whether the object has an
// "odata.type" member.
func typeMembers(raw []byte) (typ string, hasLegacy bool, err error) {
	dec := jsontext.NewDecoder(bytes.NewReader(raw), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	tok, err := dec.ReadToken()
	if err != nil {
		return "", false, err
	}
	if tok.Kind() != '{' {
		return "", false, errors.New("not a JSON object")
	}
	var legacy string
	for dec.PeekKind() != '}' {
		name, err := dec.ReadToken()
		if err != nil {
			return "", false, err
		}
		var dst *string
		switch name.String() {
		case "@odata.type":
			dst = &typ
		case "odata.type":
			dst, hasLegacy = &legacy, true
		default:
			if err := dec.SkipValue(); err != nil {
				return "", false, err
			}
			continue
		}
		v, err := dec.ReadToken()
		if err != nil {
			return "", false, err
		}
		switch v.Kind() {
		case '"':
			*dst = v.String()
		case 'n':
		default:
			return "", false, errors.New("the type member is not a string")
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return "", false, err
	}
	if _, err := dec.ReadToken(); err == nil {
		return "", false, errors.New("data after the JSON object")
	}
	if typ == "" {
		typ = legacy
	}
	return typ, hasLegacy, nil
}

// withoutMember returns the JSON object raw without its members named name.
func withoutMember(raw jsontext.Value, name string) (jsontext.Value, error) {
	opts := []jsontext.Options{jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true)}
	dec := jsontext.NewDecoder(bytes.NewReader(raw), opts...)
	var out bytes.Buffer
	enc := jsontext.NewEncoder(&out, opts...)
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return nil, errors.New("not a JSON object")
	}
	if err := enc.WriteToken(jsontext.BeginObject); err != nil {
		return nil, err
	}
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return nil, err
		}
		key := tok.String()
		val, err := dec.ReadValue()
		if err != nil {
			return nil, err
		}
		if key == name {
			continue
		}
		if err := enc.WriteToken(jsontext.String(key)); err != nil {
			return nil, err
		}
		if err := enc.WriteValue(val); err != nil {
			return nil, err
		}
	}
	if err := enc.WriteToken(jsontext.EndObject); err != nil {
		return nil, err
	}
	return bytes.TrimSpace(out.Bytes()), nil
}

// Union holds a value of the polymorphic interface I in a model field that
// decodes by itself: the Kinds of I, which S returns, chooses the Go type.
// The zero Union (a nil Value) means the property was absent or null, and
// encodes as null.
type Union[I any, S KindsSource[I]] struct {
	// Value is the value, or nil.
	Value I
}

// KindsSource is the type parameter of a [Union] that names its set: a
// zero-size type whose Kinds method returns it.
type KindsSource[I any] interface {
	Kinds() *Kinds[I]
}

// MarshalJSONTo encodes the value with its "@odata.type" first, or null. A
// registered Go type without a [Type] field (a type also used where Graph
// writes no type, such as a user identity) gets its type written here.
func (u Union[I, S]) MarshalJSONTo(enc *jsontext.Encoder) error {
	v := any(u.Value)
	if v == nil {
		return enc.WriteToken(jsontext.Null)
	}
	name, ok := nameOf(reflect.TypeOf(v))
	if !ok {
		return json.MarshalEncode(enc, v)
	}
	b, err := json.Marshal(v, enc.Options())
	if err != nil {
		return err
	}
	if _, typed := leadingType(b); typed || len(b) < 2 || b[0] != '{' {
		return enc.WriteValue(b)
	}
	out := make([]byte, 0, len(b)+64)
	out = append(out, `{"@odata.type":`...)
	if out, err = jsontext.AppendQuote(out, name); err != nil {
		return err
	}
	if len(b) > 2 {
		out = append(out, ',')
	}
	return enc.WriteValue(append(out, b[1:]...))
}

// UnmarshalJSONFrom decodes the value, choosing its Go type by
// "@odata.type"; null gives a nil Value.
func (u *Union[I, S]) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	var s S
	v, err := s.Kinds().Decode(dec)
	if err != nil {
		return err
	}
	u.Value = v
	return nil
}

// IsZero reports whether the union holds no value.
func (u Union[I, S]) IsZero() bool { return any(u.Value) == nil }

// The options of every registered polymorphic interface.
var wire struct {
	sync.Mutex
	opts        []json.Options
	joined      json.Options
	unmarshal   *json.Unmarshalers
	marshal     *json.Marshalers
	initialized bool
}

// registerWire adds options to [WireOptions].
func registerWire(opts json.Options) {
	wire.Lock()
	defer wire.Unlock()
	wire.opts = append(wire.opts, opts)
	wire.initialized = false
}

// RegisterMarshalers adds marshalers to [WireOptions]: how a package
// encodes values that are not plain structs, such as builders that encode
// as a wire type. They apply wherever the options do.
func RegisterMarshalers(m *json.Marshalers) {
	registerWire(json.WithMarshalers(m))
}

// WireOptions returns the options that decode every polymorphic interface
// registered with [NewKinds] and apply every marshaler registered with
// [RegisterMarshalers]. Models with fields of such interfaces apply them by
// themselves ([UnmarshalWire], [MarshalWire]); pass them to decode or
// encode other values holding one.
func WireOptions() json.Options {
	wire.Lock()
	defer wire.Unlock()
	if !wire.initialized {
		var us []*json.Unmarshalers
		var ms []*json.Marshalers
		for _, o := range wire.opts {
			if u, ok := json.GetOption(o, json.WithUnmarshalers); ok {
				us = append(us, u)
			}
			if m, ok := json.GetOption(o, json.WithMarshalers); ok {
				ms = append(ms, m)
			}
		}
		// An empty set of marshalers is left out: encoding/json takes a
		// nil one for none.
		var opts []json.Options
		wire.unmarshal, wire.marshal = nil, nil
		if len(us) > 0 {
			wire.unmarshal = json.JoinUnmarshalers(us...)
			opts = append(opts, json.WithUnmarshalers(wire.unmarshal))
		}
		if len(ms) > 0 {
			wire.marshal = json.JoinMarshalers(ms...)
			opts = append(opts, json.WithMarshalers(wire.marshal))
		}
		wire.joined = json.JoinOptions(opts...)
		wire.initialized = true
	}
	return wire.joined
}

// UnmarshalWire decodes v from dec with [WireOptions] unless dec already
// applies them; then it returns errors.ErrUnsupported, and encoding/json
// decodes v as a plain struct. Unmarshalers a caller passed are replaced by
// those of WireOptions while v is decoded. It is the body of the UnmarshalJSONFrom of a
// model with fields of polymorphic interfaces:
//
//	func (d *Definition) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
//		return poly.UnmarshalWire(dec, d)
//	}
func UnmarshalWire(dec *jsontext.Decoder, v any) error {
	opts := WireOptions()
	ours, _ := json.GetOption(opts, json.WithUnmarshalers)
	if theirs, ok := json.GetOption(dec.Options(), json.WithUnmarshalers); ours == nil || ok && theirs == ours {
		return errors.ErrUnsupported
	}
	return json.UnmarshalDecode(dec, v, opts)
}

// MarshalWire is UnmarshalWire for encoding, the body of a model's
// MarshalJSONTo.
func MarshalWire(enc *jsontext.Encoder, v any) error {
	opts := WireOptions()
	ours, _ := json.GetOption(opts, json.WithMarshalers)
	if theirs, ok := json.GetOption(enc.Options(), json.WithMarshalers); ours == nil || ok && theirs == ours {
		return errors.ErrUnsupported
	}
	return json.MarshalEncode(enc, v, opts)
}
