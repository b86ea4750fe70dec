package accessreviewstest

import (
	"net/http"
	"strings"
)

// Bearer tokens. AppToken and UserToken hand a test (or any HTTP client) a
// token that names its caller, so the server needs no store for them and a
// test can read a logged request's caller from it without decoding
// anything. The tokens the fake identity platform issues after a device
// code sign-in (identity.go) are looked up instead. The Graph host resolves
// the Authorization header of every request to a Caller with resolveToken.
const (
	appToken      = "accessreviewstest-app"
	userTokenPrfx = "accessreviewstest-user:"
)

// Caller is who sent a request, as the bearer token says.
type Caller struct {
	// UserID is the signed-in user of a delegated call; "" for an app.
	UserID string
	// App is true for an app-only call (client credentials).
	App bool
}

// AppToken returns a bearer token that acts as an application calling
// without a signed-in user (app-only, as with client credentials). The
// application holds every application permission the access review pages
// list (AccessReview.ReadWrite.All and the directory permissions the
// tutorials use); where a page's permission table says application
// permissions are "Not supported" (recording a decision, accepting
// recommendations), the server answers 403 as the service does.
//
// Send it as "Authorization: Bearer <token>" from any HTTP client.
func (s *Server) AppToken() string { return appToken }

// UserToken returns a bearer token that acts as the signed-in user userID
// (delegated permissions, as with an interactive sign-in). What the user
// may do follows the documented role rules: the directory roles the
// directory seeds for the user (see Role and the Role… constants), the
// reviews the user created, and the decision items the user reviews. The
// user need not exist: an unknown user holds no role and reviews nothing.
//
// Send it as "Authorization: Bearer <token>" from any HTTP client.
func (s *Server) UserToken(userID string) string { return userTokenPrfx + userID }

// callerOf reads the caller from the Authorization header; problem, when
// not empty, is the message of the 401 a request without a usable bearer
// token gets.
func (s *Server) callerOf(r *http.Request) (c Caller, problem string) {
	scheme, token, found := strings.Cut(r.Header.Get("Authorization"), " ")
	token = strings.TrimSpace(token)
	if !found || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return Caller{}, "Access token is empty."
	}
	return s.resolveToken(token)
}

// resolveToken is the one place a bearer token becomes a caller: the
// tokens AppToken and UserToken hand out name their caller; those the
// identity platform issued (see ApproveDeviceCode) are looked up, and
// refused once expired on the server's Clock.
func (s *Server) resolveToken(token string) (Caller, string) {
	switch {
	case token == appToken:
		return Caller{App: true}, ""
	case strings.HasPrefix(token, userTokenPrfx) && len(token) > len(userTokenPrfx):
		return Caller{UserID: strings.TrimPrefix(token, userTokenPrfx)}, ""
	}
	if c, problem, known := s.idp.caller(token, s.clock.Now()); known {
		return c, problem
	}
	return Caller{}, "Access token validation failure: the token was not issued by this server."
}
