// Package check holds the validation helpers the module's packages share:
// the field error every validator returns and the constructors and
// renamers that build it, the GUID shape test, and the lint warning with
// its constructors. Package odata re-exports the two types users see,
// odata.FieldError and odata.Warning, as aliases, and the sentinel
// odata.ErrInvalid; the helpers stay here, out of the public API. The types
// are defined here rather than in odata because odata's own validators use
// the helpers, and this package may not import odata back.
package check
