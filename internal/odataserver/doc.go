// Package odataserver is the server side of the OData conventions
// Microsoft Graph follows, shared by the fake services
// (accessreviews/accessreviewstest and accessreviews/legacy/legacytest):
// system query options, $filter evaluation over JSON values, pages cut
// with opaque skip tokens, and Graph's error envelope. It imports nothing
// of the SDK, so the fakes read requests their own way rather than the
// client's.
package odataserver
