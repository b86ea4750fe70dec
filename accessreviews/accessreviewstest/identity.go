package accessreviewstest

import (
	"net/http"
	"strings"

	"golang.org/x/oauth2"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
)

// Token prefixes of the fake bearer tokens. The token itself names the
// caller, so the server needs no token store and a test can read a logged
// request's caller from its token without decoding anything.
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

// Client returns an access reviews client that calls the server as an
// application (app-only, no signed-in user), as a daemon with client
// credentials would.
func (s *Server) Client() *accessreviews.Client {
	return s.newClient(s.Options())
}

// ClientAs returns an access reviews client that calls the server as the
// signed-in user userID (delegated), which operations such as recording a
// decision or filterByCurrentUser need.
func (s *Server) ClientAs(userID string) *accessreviews.Client {
	return s.newClient(s.OptionsAs(userID))
}

// Options returns the odata options that point a client at the server as an
// application: the base URL, a fake token source and the default retry
// policy (which honours the Retry-After the server's faults ask for). Append
// options to override them.
func (s *Server) Options() []odata.Option {
	return s.options(appToken)
}

// OptionsAs is Options for a delegated caller signed in as userID.
func (s *Server) OptionsAs(userID string) []odata.Option {
	return s.options(userTokenPrfx + userID)
}

func (s *Server) options(token string) []odata.Option {
	return []odata.Option{
		odata.WithBaseURL(s.URL),
		odata.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token, TokenType: "Bearer"})),
		odata.WithRetryPolicy(odata.DefaultRetryPolicy()),
	}
}

// newClient builds a client from options that are valid by construction;
// an error would be a bug in this package, so it panics rather than
// returning a nil client to the test.
func (s *Server) newClient(opts []odata.Option) *accessreviews.Client {
	c, err := accessreviews.NewClient(opts...)
	if err != nil {
		panic("accessreviewstest: " + err.Error())
	}
	return c
}

// callerOf reads the caller from the Authorization header; ok is false when
// there is no fake token of this package.
func callerOf(r *http.Request) (Caller, bool) {
	h := r.Header.Get("Authorization")
	scheme, token, found := strings.Cut(h, " ")
	if !found || !strings.EqualFold(scheme, "Bearer") {
		return Caller{}, false
	}
	token = strings.TrimSpace(token)
	switch {
	case token == appToken:
		return Caller{App: true}, true
	case strings.HasPrefix(token, userTokenPrfx) && len(token) > len(userTokenPrfx):
		return Caller{UserID: strings.TrimPrefix(token, userTokenPrfx)}, true
	}
	return Caller{}, false
}
