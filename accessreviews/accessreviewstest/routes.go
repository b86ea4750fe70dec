package accessreviewstest

import (
	"cmp"
	"slices"
)

// Route is one Graph endpoint the fake serves: a method and a path pattern
// under one API version. The pattern is the path below the version, with
// each key written as a {name} wildcard
// ("/identityGovernance/accessReviews/definitions/{def}/instances/{inst}").
type Route struct {
	// Method is the HTTP method: GET, POST, PUT, PATCH or DELETE.
	Method string
	// Pattern is the path below the version, with {name} wildcards.
	Pattern string
	// Version is "v1.0" or "beta".
	Version string
}

// Routes lists every Graph endpoint the server answers under /v1.0 and
// /beta, sorted by pattern, method and version. It is built from the table
// the router dispatches on, so it lists exactly what is served: a path
// that only answers that it exists in beta is not listed under v1.0.
func (s *Server) Routes() []Route {
	out := slices.Clone(s.routeList)
	slices.SortFunc(out, func(a, b Route) int {
		return cmp.Or(cmp.Compare(a.Pattern, b.Pattern), cmp.Compare(a.Method, b.Method), cmp.Compare(a.Version, b.Version))
	})
	return out
}
