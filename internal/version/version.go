package version

// Version is the released version of github.com/graphkit/governance.
const Version = "0.1.0-dev"
