package accessreviewstest

import (
	"net/http"
	"slices"
)

// Extending the fake. Handle mounts routes the fake does not serve (the
// retired legacy API's fake in accessreviews/legacy/legacytest is mounted
// this way), and the directory accessors let those routes, and tests, read
// and change the tenant the reviews are materialised from.

// Handle adds a route to the Graph host. pattern is an http.ServeMux
// pattern with the API version in the path ("GET /beta/accessReviews/{id}").
// The handler sees requests after what every request goes through: the
// request log, injected faults (and their latency), the bearer token (a
// request without one never reaches it) and the clock's catching up; Caller
// tells it who is calling, and the response headers already carry
// request-id, client-request-id and Date. It is reached from $batch items
// too.
//
// Handle panics when pattern is invalid or conflicts with a route already
// served, as http.ServeMux.Handle does. The fake of the retired beta
// accessReview API, in accessreviews/legacy/legacytest, is mounted this
// way.
func (s *Server) Handle(pattern string, h http.Handler) {
	s.mux.Handle(pattern, h)
}

// Caller returns who sent r, a request a Handle handler is serving, as its
// bearer token says. For any other request it returns the zero Caller.
func (s *Server) Caller(r *http.Request) Caller {
	if c := callFrom(r.Context()); c != nil {
		return c.Caller
	}
	return Caller{}
}

// User returns the directory's user with the given object ID or user
// principal name, as the server holds it now.
func (s *Server) User(idOrUPN string) (User, bool) {
	if u, ok := s.dir.user(idOrUPN); ok {
		return u, true
	}
	return s.dir.userByUPN(idOrUPN)
}

// Group returns the directory's group with the given object ID, with its
// direct members and owners as the server holds them now (applying a
// review's decisions changes them).
func (s *Server) Group(id string) (Group, bool) {
	g, ok := s.dir.group(id)
	if !ok {
		return Group{}, false
	}
	g.Owners = slices.Clone(g.Owners)
	return g, true
}

// RemoveMember removes a direct member from a group of the directory, as
// applying a Deny does; it reports whether the member was there.
func (s *Server) RemoveMember(groupID, memberID string) bool {
	return s.dir.removeMember(groupID, memberID)
}
