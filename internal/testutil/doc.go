// Package testutil holds the helpers the package tests share: a Graph
// client on an httpmock transport that fails the test on any request it
// did not expect, golden JSON files, fixtures, and a walker over validation
// errors. It is imported by tests only.
package testutil
