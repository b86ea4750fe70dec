// Package core is the request core every service of accessreviews and
// accessreviews/legacy shares. A service describes a call (its operation
// name, its path as segments, its query, body and retry class) and core
// builds the path, checks the call before anything is sent, sends it
// through the odata transport and wraps every error as
// "<package>: <operation>: ...".
//
// A service without a transport (the nil field of a zero Client, or a
// Client built on a nil *odata.Client) gets an error matching
// ErrNoTransport from every call, never a panic.
package core
