// Package version holds the module version used in the User-Agent header.
package version
