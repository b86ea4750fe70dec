package odata

import (
	"errors"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/graphkit/governance/internal/check"
)

// Option configures a Client. Options check their own values; NewClient
// reports every problem of every option at once.
type Option func(*config) error

// Defaults of a Client. They follow the transport policy of the module
// (transport-policy.md, section c).
const (
	// DefaultMaxResponseBytes bounds a success response body after
	// decompression: a 100-item page of decisions is about 300 KB.
	DefaultMaxResponseBytes = 8 << 20
	// DefaultMaxErrorBytes bounds how much of an error response body is read.
	DefaultMaxErrorBytes = 64 << 10
	// DefaultMaxConcurrency is how many requests one Client has in flight at
	// most; further calls wait for a slot.
	DefaultMaxConcurrency = 4
	// DefaultMaxPages is how many pages one paging loop fetches at most
	// before it stops with ErrPaginationLoop.
	DefaultMaxPages = 10000
	// DefaultAttemptTimeout bounds the wait for response headers of one
	// attempt on the default transport.
	DefaultAttemptTimeout = 30 * time.Second
	// DefaultTokenTimeout bounds the wait for one access token.
	DefaultTokenTimeout = 30 * time.Second
)

// config collects what the options set; NewClient turns it into a Client.
type config struct {
	baseURL    string
	loginURL   *url.URL
	cloud      Cloud
	cloudSet   bool
	version    APIVersion
	versionSet bool

	tokenSource oauth2.TokenSource
	creds       *credentials
	device      *DeviceCode
	httpClient  *http.Client
	retry       RetryPolicy
	logger      *slog.Logger
	logIDs      bool
	userAgent   string

	maxResponseBytes int64
	maxErrorBytes    int64
	maxConcurrency   int
	maxPages         int
	attemptTimeout   time.Duration
	tokenTimeout     time.Duration

	// now is the wall clock that Retry-After dates and token expiries are
	// read against (waits use the time package's monotonic clock), and
	// rand the source of jitter; tests replace both.
	now     func() time.Time
	rand    rand.Source
	backoff backoffShape
}

// credentials are the inputs of WithClientCredentials, kept until NewClient
// knows the cloud. secret never appears in errors or logs.
type credentials struct {
	tenantID, clientID, secret string
}

// WithBaseURL sets the root of Microsoft Graph: scheme, host, optional port
// and optional path prefix, without the API version
// ("https://graph.microsoft.com"). A trailing "/v1.0" or "/beta" is taken as
// the API version instead. The URL must be https; plain http is accepted only
// for loopback hosts (localhost, 127.0.0.0/8, ::1), which is how tests reach
// the fake service. It must have no user info, query or fragment. A base URL
// on a national cloud's Graph host also selects that cloud's token authority.
// By default the root is the Graph host of the client's cloud.
func WithBaseURL(rawURL string) Option {
	return func(c *config) error {
		if _, _, err := parseBaseURL(rawURL); err != nil {
			return err
		}
		c.baseURL = rawURL
		return nil
	}
}

// WithLoginBaseURL sets the root of the token authority that
// WithDeviceCode and WithClientCredentials sign in against: scheme, host,
// optional port and optional path prefix, without the tenant
// ("https://login.microsoftonline.com"); the tenant and
// "/oauth2/v2.0/devicecode" or "/oauth2/v2.0/token" are appended to it. The
// rules of WithBaseURL apply: https, plain http only for loopback hosts
// (the fake identity platform of accessreviewstest, whose LoginURL is
// made for this option), and no user info, query or fragment. By default
// the root is the login host of the client's cloud; the scopes asked for
// still name the cloud's Graph root. Tokens cached by WithDeviceCode are
// kept apart per authority root, so a token from one authority is never
// sent to another.
func WithLoginBaseURL(rawURL string) Option {
	return func(c *config) error {
		root, err := parseLoginURL(rawURL)
		if err != nil {
			return err
		}
		c.loginURL = root
		return nil
	}
}

// WithCloud selects the national cloud ([Global], [USGovL4], [USGovL5DoD]
// or [China]): both the Graph host and the token authority of
// WithClientCredentials and WithDeviceCode follow it, and the token scopes
// are under the cloud's Graph root ("/.default" for WithClientCredentials,
// the permission names for WithDeviceCode). The default is Global.
func WithCloud(cloud Cloud) Option {
	return func(c *config) error {
		if !cloud.valid() {
			return check.Invalid("cloud", "unknown cloud %q", check.Truncate(string(cloud), 64))
		}
		c.cloud, c.cloudSet = cloud, true
		return nil
	}
}

// WithAPIVersion sets the API version of every request (V1 by default). A
// single request can still use another version through Request.Version.
func WithAPIVersion(v APIVersion) Option {
	return func(c *config) error {
		if !v.valid() {
			return check.Invalid("apiVersion", "must be %q or %q, got %q", V1, Beta, check.Truncate(string(v), 64))
		}
		c.version, c.versionSet = v, true
		return nil
	}
}

// WithTokenSource sets where access tokens come from. The client caches the
// tokens it gets and asks the source again when one is about to expire or
// after a 401, so pass a source that fetches a fresh token on every call (not
// an oauth2.ReuseTokenSource, whose cache the client cannot invalidate).
// Without WithTokenSource, WithClientCredentials or WithDeviceCode, requests
// carry no Authorization header, and Graph answers them 401.
func WithTokenSource(ts oauth2.TokenSource) Option {
	return func(c *config) error {
		if ts == nil {
			return check.Invalid("tokenSource", "is nil")
		}
		c.tokenSource = ts
		return nil
	}
}

// WithClientCredentials authenticates as an application with a client
// secret (the OAuth 2.0 client credentials grant) against the Entra ID
// authority of the client's cloud (or the one WithLoginBaseURL names), for
// the scope "<graph root>/.default".
// tenantID is the directory's GUID or one of its domain names; clientID is
// the application's GUID. No request is made until the first call.
func WithClientCredentials(tenantID, clientID, secret string) Option {
	return func(c *config) error {
		err := errors.Join(checkTenant(tenantID), checkClientID(clientID), checkSecret(secret))
		if err != nil {
			return err
		}
		c.creds = &credentials{tenantID: tenantID, clientID: clientID, secret: secret}
		return nil
	}
}

// WithHTTPClient sets the HTTP client the transport sends requests with. The
// client is copied, never modified: the copy never follows redirects, and its
// transport is wrapped by the one that attaches tokens and headers. Its
// Timeout, if any, applies to each attempt. By default a tuned transport is
// used (TLS 1.2 or later, 10 s to dial and for the TLS handshake, 30 s for
// response headers, proxies from the environment).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return check.Invalid("httpClient", "is nil")
		}
		c.httpClient = hc
		return nil
	}
}

// WithRetryPolicy sets how calls are retried; see RetryPolicy for the
// defaults and NoRetries for a policy that never retries.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *config) error {
		if err := p.validate(); err != nil {
			return err
		}
		c.retry = p
		return nil
	}
}

// WithLogger sets the logger of the transport. Logging is off by default,
// and a nil logger keeps it off. Each attempt is logged at debug level
// (info for failures), each retry and each wait at the throttle gate at
// info level. Records carry the fields method, path (without query, as a
// template: see [WithLogIdentifiers]), status, attempt, wait_ms,
// client_request_id and request_id; never tokens, secrets, query values or
// bodies.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		c.logger = l
		return nil
	}
}

// WithLogIdentifiers makes log records carry each request's path as sent,
// object IDs, user principal names and other keys included. By default the
// path is a template: every segment that is not a plain name (ASCII
// letters only, optionally after "$" or "microsoft.graph.", such as
// "definitions" or "$batch") becomes "{id}", and so does every value in a
// function's or key's parentheses that is not such a name, so that
// "/users/alice@contoso.com/memberOf" is logged as "/users/{id}/memberOf".
// Turn this on only where the logs may hold personal data.
func WithLogIdentifiers() Option {
	return func(c *config) error {
		c.logIDs = true
		return nil
	}
}

// WithUserAgent puts the caller's product token (such as "reviewbot/1.2")
// in front of the module's own User-Agent.
func WithUserAgent(ua string) Option {
	return func(c *config) error {
		ua = strings.TrimSpace(ua)
		switch {
		case ua == "":
			return check.Invalid("userAgent", "is empty")
		case len(ua) > 256:
			return check.Invalid("userAgent", "is longer than 256 bytes")
		}
		for i := 0; i < len(ua); i++ {
			if ua[i] < 0x20 || ua[i] > 0x7e {
				return check.Invalid("userAgent", "has a character that is not printable ASCII at byte %d", i)
			}
		}
		c.userAgent = ua
		return nil
	}
}

// WithMaxResponseBytes bounds the body of a success response, measured after
// decompression (DefaultMaxResponseBytes by default). A larger body fails
// the call with ErrResponseTooLarge.
func WithMaxResponseBytes(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return check.Invalid("maxResponseBytes", "must be positive, got %d", n)
		}
		c.maxResponseBytes = n
		return nil
	}
}

// WithMaxErrorBytes bounds how much of an error response body is read
// (DefaultMaxErrorBytes by default); the rest is discarded, and the *Error
// has Truncated set and matches ErrResponseTooLarge as well as its status.
func WithMaxErrorBytes(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return check.Invalid("maxErrorBytes", "must be positive, got %d", n)
		}
		c.maxErrorBytes = n
		return nil
	}
}

// WithMaxConcurrency bounds how many requests the client has in flight at
// once (DefaultMaxConcurrency by default). Graph throttles per application
// and tenant, so more parallelism mostly buys more 429s.
func WithMaxConcurrency(n int) Option {
	return func(c *config) error {
		if n < 1 || n > 256 {
			return check.Invalid("maxConcurrency", "must be between 1 and 256, got %d", n)
		}
		c.maxConcurrency = n
		return nil
	}
}

// WithMaxPages bounds how many pages one paging loop fetches
// (DefaultMaxPages by default); going past it stops the loop with an error
// matching ErrPaginationLoop.
func WithMaxPages(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return check.Invalid("maxPages", "must be positive, got %d", n)
		}
		c.maxPages = n
		return nil
	}
}

// WithAttemptTimeout bounds the wait for the response headers of each
// attempt on the default transport (DefaultAttemptTimeout by default). It
// has no effect with WithHTTPClient, whose own settings apply.
func WithAttemptTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return check.Invalid("attemptTimeout", "must be positive, got %s", d)
		}
		c.attemptTimeout = d
		return nil
	}
}

// WithTokenTimeout bounds the wait for one access token (DefaultTokenTimeout
// by default): oauth2.TokenSource has no context, so the client bounds it.
func WithTokenTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return check.Invalid("tokenTimeout", "must be positive, got %s", d)
		}
		c.tokenTimeout = d
		return nil
	}
}

// withClock replaces the clock (tests only).
func withClock(now func() time.Time) Option {
	return func(c *config) error {
		c.now = now
		return nil
	}
}

// withRand replaces the random source of the jitter (tests only).
func withRand(src rand.Source) Option {
	return func(c *config) error {
		c.rand = src
		return nil
	}
}

// withBackoffShape replaces the wait constants (tests only).
func withBackoffShape(b backoffShape) Option {
	return func(c *config) error {
		c.backoff = b
		return nil
	}
}

// valid reports whether v is a version this package can send.
func (v APIVersion) valid() bool { return v == V1 || v == Beta }

// checkTenant accepts a tenant GUID or a domain name such as
// "contoso.onmicrosoft.com"; it rejects anything that could change the path
// of the token URL.
func checkTenant(tenant string) error {
	if tenant == "" {
		return check.Invalid("tenantID", "is required")
	}
	if check.IsGUID(tenant) || isDomainName(tenant) {
		return nil
	}
	// The value is not quoted: arguments given in the wrong order would put
	// the secret here, and errors end up in logs.
	return check.Invalid("tenantID", "must be a GUID or a domain name (the value is not shown: it may be a swapped credential)")
}

// checkClientID rejects a client ID that is not a GUID without quoting it,
// for the reason given in checkTenant.
func checkClientID(id string) error {
	switch {
	case id == "":
		return check.Invalid("clientID", "is required")
	case !check.IsGUID(id):
		return check.Invalid("clientID", "must be a GUID (the value is not shown: it may be a swapped credential)")
	}
	return nil
}

// checkSecret rejects an empty secret without ever quoting it.
func checkSecret(secret string) error {
	if strings.TrimSpace(secret) == "" {
		return check.Invalid("clientSecret", "is required")
	}
	return nil
}

// isDomainName reports whether s is a DNS name of at least two labels of
// letters, digits and inner hyphens.
func isDomainName(s string) bool {
	if len(s) > 253 {
		return false
	}
	labels := strings.Split(s, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			ch := l[i]
			if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-') {
				return false
			}
		}
	}
	return true
}
