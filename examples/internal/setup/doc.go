// Package setup connects the examples to Microsoft Graph or, by default, to
// the in-memory fake service, so that every example runs on a machine with
// nothing but Go, and against a real tenant when credentials are given.
//
// With AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET all set (and
// AZURE_CLOUD optionally: global, usgovl4, usgovl5 or china), Open returns a
// client that authenticates with those application credentials. With none of
// them set, it starts an accessreviewstest.Server seeded with the example's
// directory. Setting only some of them is an error, so that a typo never
// silently runs the example against the fake.
package setup
