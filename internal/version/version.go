// Package version holds the module version used in the User-Agent header.
package version

// Version is the released version of github.com/graphkit/governance.
const Version = "0.1.0-dev"
