// Package adversarial holds the module's cross-package adversarial suites.
// It has no code of its own: everything lives in its _test.go files, which
// attack the public API of odata, scope, recurrence, accessreviews and
// accessreviews/legacy the way a careless caller, a hostile input or a
// misbehaving server would, and check that the library holds.
//
// # Bad input, counted
//
// A table of invalid inputs for every public builder, constructor and
// validating method. Each case must fail with an error matching
// odata.ErrInvalid, name the expected field in an *odata.FieldError, and send
// no request (a counting transport sits under every client).
//
// # Credentials stay home
//
// The bearer token and the client secret must reach no host but Graph's:
// not through an @odata.nextLink to a lookalike host, a downgraded scheme,
// another port or user info; not through a 3xx redirect, to another host or
// the same one; not through the history report download. They must not
// appear in any error string the library returns, nor in its debug logs,
// which must not carry $filter values either.
//
// # Request shape
//
// Hostile identifiers (path traversal, encoded dots, query and fragment
// delimiters, CR LF, Unicode lookalikes) and hostile filter values (quotes,
// "&", "#", "%", "+", line breaks, "$expand=") are either refused before
// anything is sent, or end up inside one path segment or one quoted OData
// literal. Two fuzz targets, FuzzHostileIDs and FuzzHostileFilterValue,
// search for inputs that break this.
//
// # Bounded bodies
//
// A gzip bomb and an endless body must fail with odata.ErrResponseTooLarge
// (or, for error statuses, a bounded *odata.Error) while the memory
// allocated stays far below the size the server claims to send.
//
// # Running
//
//	go test -race -count=1 ./internal/adversarial/
//	go test -run='^$' -fuzz='^FuzzHostileIDs$' -fuzztime=1m ./internal/adversarial/
//	go test -run='^$' -fuzz='^FuzzHostileFilterValue$' -fuzztime=1m ./internal/adversarial/
package adversarial
