// Package discriminator reads and writes the "@odata.type" annotation that
// Microsoft Graph uses to say which concrete type a polymorphic JSON object
// has (a scope, an apply action, an identity, a decision resource, an
// insight…).
//
// It is internal: the public packages (scope, accessreviews) build their
// sealed interfaces on top of it, and users never see it.
//
// # Reading
//
// [Peek] returns the type name of a JSON object without decoding the rest,
// so a decoder can pick the Go type first. [Split] decodes an object into its
// type name and the remaining properties, which is what decoders that keep
// unknown properties need. Both accept the "odata.type" spelling without the
// "@" that some beta examples use; "@odata.type" wins when both are present.
//
// # Comparing
//
// The service and its documentation do not spell type names consistently:
// "#microsoft.graph.accessReviewQueryScope", "microsoft.graph.accessReviewQueryScope"
// and even "#microsoft.graph.userlastsignInrecommendationinsightsetting" all
// occur. [Normalize] reduces a name to its lower-case short form and [Equal]
// compares two names that way, so dispatch never depends on casing or on the
// "#microsoft.graph." prefix.
//
// # Writing
//
// [Marshal] encodes a value with "@odata.type" as its first property, the
// position OData requires for annotations that control how the rest of the
// object is read. [Object] writes an object field by field in a fixed order,
// then appends preserved unknown properties in sorted order, so re-encoding a
// decoded value is deterministic.
package discriminator
