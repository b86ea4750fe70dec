package accessreviewstest

import (
	"golang.org/x/oauth2"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
)

// The convenience constructors that hand a test a client of this module's
// SDK. They are the only part of the package that knows the SDK; the
// server itself reads requests its own way.

// Client returns an access reviews client that calls the server as an
// application (app-only, no signed-in user), as a daemon with client
// credentials would. Its token is AppToken.
func (s *Server) Client() *accessreviews.Client {
	return s.newClient(s.Options())
}

// ClientAs returns an access reviews client that calls the server as the
// signed-in user userID (delegated), which operations such as recording a
// decision or filterByCurrentUser need. Its token is UserToken(userID).
func (s *Server) ClientAs(userID string) *accessreviews.Client {
	return s.newClient(s.OptionsAs(userID))
}

// Options returns the odata options that point a client at the server as an
// application: the base URL, a fake token source and the default retry
// policy (which honours the Retry-After the server's faults ask for). Append
// options to override them.
func (s *Server) Options() []odata.Option {
	return s.options(s.AppToken())
}

// OptionsAs is Options for a delegated caller signed in as userID.
func (s *Server) OptionsAs(userID string) []odata.Option {
	return s.options(s.UserToken(userID))
}

// The directory and application a device code sign-in on the server names
// when DeviceCodeOptions is given none. The server accepts any tenant and
// any application ID; these are only defaults.
const (
	// TenantID is the tenant of the fake's sign-in.
	TenantID = "0fa5e3c4-1b7d-4c8e-9a2f-6d3b8e1c7a50"
	// PublicClientID is the application (client) ID of the fake's sign-in,
	// standing for a registration that allows public client flows.
	PublicClientID = "d3590ed6-52b3-4102-aeff-aad2292ab01c"
)

// DeviceCodeOptions returns the odata options that point a client at the
// server and sign in as a person with the device code against the server's
// identity platform (LoginURL): the base URL, odata.WithLoginBaseURL,
// odata.WithDeviceCode(dc) and the default retry policy. An empty
// dc.TenantID or dc.ClientID is TenantID or PublicClientID. The sign-in
// shows dc.Prompt the code, which a test approves as a directory user with
// ApproveDeviceCode; the token then acts as that user. Append options to
// override them (a transport, a token timeout).
func (s *Server) DeviceCodeOptions(dc odata.DeviceCode) []odata.Option {
	if dc.TenantID == "" {
		dc.TenantID = TenantID
	}
	if dc.ClientID == "" {
		dc.ClientID = PublicClientID
	}
	return []odata.Option{
		odata.WithBaseURL(s.URL),
		odata.WithLoginBaseURL(s.LoginURL),
		odata.WithDeviceCode(dc),
		odata.WithRetryPolicy(odata.DefaultRetryPolicy()),
	}
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
