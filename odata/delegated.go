package odata

import (
	"encoding/base64"
	"encoding/json/v2"
	"errors"
	"net/http"
	"strings"
)

// ErrDelegatedTokenRequired matches a 403 answer to an operation that
// Microsoft Graph allows only with a delegated token (a signed-in user's;
// Request.DelegatedOnly), when the request carried an application token.
// Recording a decision and accepting recommendations are such operations:
// sign in as the reviewer with WithDeviceCode instead of using
// WithClientCredentials.
//
// The client knows a token is an application token when it got it with
// WithClientCredentials, or, for WithTokenSource, when the token is a JWT
// whose claims say so: idtyp is "app", or roles are present without scp.
// The claims are read without verifying the signature (the service does
// that) and are never logged. An opaque token, or one from WithDeviceCode,
// never makes a 403 match. The error still matches ErrForbidden and is an
// *Error with DelegatedTokenRequired set.
var ErrDelegatedTokenRequired = errors.New("delegated token required")

// authKind is how the client gets its tokens, which tells app-only tokens
// from delegated ones where that is known.
type authKind int

const (
	authNone        authKind = iota // no Authorization header
	authApp                         // WithClientCredentials: always app-only
	authUser                        // WithDeviceCode: always delegated
	authTokenSource                 // WithTokenSource: read the token's claims
)

// checkDelegated marks the *Error in err when the service answered 403 to a
// delegated-only request that carried an application token.
func (c *Client) checkDelegated(req *Request, st *call, err error) error {
	if err == nil || !req.DelegatedOnly {
		return err
	}
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != http.StatusForbidden {
		return err
	}
	e.DelegatedTokenRequired = c.appOnly(st.token())
	return err
}

// appOnly reports whether tok, an access token the client sent, is known
// to be an application token: every token of WithClientCredentials, and a
// token of WithTokenSource whose claims say so.
func (c *Client) appOnly(tok string) bool {
	switch c.auth {
	case authApp:
		return true
	case authTokenSource:
		return appOnlyToken(tok)
	}
	return false
}

// maxClaimsToken bounds the token whose claims are read: Entra's tokens
// are a few kilobytes.
const maxClaimsToken = 16 << 10

// appOnlyToken reports whether tok is a JWT issued to an application
// rather than to a user: its idtyp claim is "app", or it has roles and no
// scp. Anything that is not a readable JWT (an opaque token, an encrypted
// one) is not known to be app-only. The signature is not checked: the
// answer only chooses which error to report.
func appOnlyToken(tok string) bool {
	if tok == "" || len(tok) > maxClaimsToken {
		return false
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return false
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return false
	}
	var claims struct {
		IDType string   `json:"idtyp"`
		Scopes string   `json:"scp"`
		Roles  []string `json:"roles"`
	}
	if json.Unmarshal(payload, &claims) != nil {
		return false
	}
	switch claims.IDType {
	case "app":
		return true
	case "user":
		return false
	}
	return len(claims.Roles) > 0 && claims.Scopes == ""
}
