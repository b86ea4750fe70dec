package accessreviewstest

import (
	"encoding/base64"
	"encoding/json/v2"
	"net/http"
	"strings"
)

// Bearer tokens. AppToken and UserToken hand a test (or any HTTP client) a
// token that names its caller in its claims, so the server needs no store
// for them and a test can read a logged request's caller from it. They are
// shaped as the identity platform's tokens are (a JWS in compact form whose
// payload holds idtyp, roles or scp, and oid), so that a client reading
// claims, as odata does to tell an application token from a user's, sees
// what it would see in a tenant. Their signature part is staticSignature,
// which marks them as self-describing; the tokens the fake identity
// platform issues after a sign-in (identity.go) are looked up instead. The
// Graph host resolves the Authorization header of every request to a
// Caller with resolveToken.
const (
	staticSignature = "accessreviewstest-static"
	staticHeader    = `{"alg":"none","kid":"accessreviewstest-static","typ":"JWT"}`
	staticIssuer    = "https://accessreviewstest.invalid/"
	graphAudience   = "https://graph.microsoft.com"
)

// staticClaims are the claims of AppToken and UserToken.
type staticClaims struct {
	Audience string   `json:"aud"`
	Issuer   string   `json:"iss"`
	IDType   string   `json:"idtyp"`
	ObjectID string   `json:"oid,omitzero"`
	Scopes   string   `json:"scp,omitzero"`
	Roles    []string `json:"roles,omitzero"`
}

// staticToken encodes c as a self-describing token.
func staticToken(c staticClaims) string { return compactJWS(staticHeader, c, staticSignature) }

// compactJWS returns a token shaped as a JWS in compact form: header and
// the claims as base64url JSON, then signature as given.
func compactJWS(header string, claims any, signature string) string {
	payload, err := json.Marshal(claims, json.Deterministic(true))
	if err != nil {
		panic("accessreviewstest: encoding token claims: " + err.Error()) // strings, numbers and string lists always encode
	}
	return base64.RawURLEncoding.EncodeToString([]byte(header)) + "." +
		base64.RawURLEncoding.EncodeToString(payload) + "." + signature
}

// readStaticToken returns the caller a token made by staticToken names.
func readStaticToken(token string) (Caller, bool) {
	head, rest, ok := strings.Cut(token, ".")
	if !ok {
		return Caller{}, false
	}
	payload, sig, ok := strings.Cut(rest, ".")
	if !ok || sig != staticSignature {
		return Caller{}, false
	}
	if h, err := base64.RawURLEncoding.DecodeString(head); err != nil || string(h) != staticHeader {
		return Caller{}, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return Caller{}, false
	}
	var c staticClaims
	if json.Unmarshal(raw, &c) != nil || c.Issuer != staticIssuer {
		return Caller{}, false
	}
	switch {
	case c.IDType == "app":
		return Caller{App: true}, true
	case c.IDType == "user" && c.ObjectID != "":
		return Caller{UserID: c.ObjectID}, true
	}
	return Caller{}, false
}

// appPermissions are the application permissions AppToken holds.
var appPermissions = []string{"AccessReview.ReadWrite.All", "Group.ReadWrite.All", "User.ReadWrite.All", "User.Invite.All"}

// userScopes are the delegated permissions UserToken holds.
const userScopes = "AccessReview.ReadWrite.All Group.ReadWrite.All User.ReadWrite.All User.Invite.All"

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
// recommendations), the server answers 403 as the service does. Its claims
// say idtyp "app", so an odata client that receives that 403 reports an
// error matching odata.ErrDelegatedTokenRequired, as it would in a tenant.
//
// Send it as "Authorization: Bearer <token>" from any HTTP client.
func (s *Server) AppToken() string {
	return staticToken(staticClaims{Audience: graphAudience, Issuer: staticIssuer, IDType: "app", Roles: appPermissions})
}

// UserToken returns a bearer token that acts as the signed-in user userID
// (delegated permissions, as with an interactive sign-in). What the user
// may do follows the documented role rules: the directory roles the
// directory seeds for the user (see Role and the Role… constants), the
// reviews the user created, and the decision items the user reviews. The
// user need not exist: an unknown user holds no role and reviews nothing.
//
// Send it as "Authorization: Bearer <token>" from any HTTP client.
func (s *Server) UserToken(userID string) string {
	return staticToken(staticClaims{Audience: graphAudience, Issuer: staticIssuer, IDType: "user", ObjectID: userID, Scopes: userScopes})
}

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
	if c, ok := readStaticToken(token); ok {
		return c, ""
	}
	if c, problem, known := s.idp.caller(token, s.clock.Now()); known {
		return c, problem
	}
	return Caller{}, "Access token validation failure: the token was not issued by this server."
}
