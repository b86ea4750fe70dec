// Package poly encodes and decodes the polymorphic values of Graph. Graph
// says which type an object has through its "@odata.type" member, and the
// models of this module hold such values in fields of an interface type: a
// scope, an apply action, a decision's principal. This package is the one
// mechanism that encodes and decodes all of them:
//
//   - [Kinds] is the set of Go types implementing one interface, by type
//     name, with what an object without a type and an object of an unknown
//     type decode to; [AddKind] also records the name a Go type is written
//     with;
//   - [Type] is the first field of every such Go type: it writes the type's
//     registered name when the value is encoded and skips it when it is
//     decoded, so the Go types are plain tagged structs;
//   - [Union] holds a value of the interface in a field that decodes on its
//     own;
//   - fields of the interface type itself are decoded through the options
//     of [WireOptions], which the models that have such fields apply
//     themselves (see [UnmarshalWire]).
//
// It imports nothing of this module, so that every package, odata
// included, may use it.
package poly
