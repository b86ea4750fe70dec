// Package directory makes the seed tutorials' calls outside the access
// reviews API (/users, /invitations, /groups, /organization) for the
// examples. The SDK models only access reviews, so these are plain requests
// on the client's own transport: same token, same retries, same throttle
// gate.
package directory
