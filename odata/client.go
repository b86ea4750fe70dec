package odata

import (
	"context"
	cryptorand "crypto/rand"
	"crypto/tls"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/internal/version"
)

// Client sends requests to Microsoft Graph: it builds URLs from a pinned
// root, attaches tokens and correlation headers, retries what is safe to
// retry, waits out throttling and decodes responses. A Client is immutable
// after NewClient and safe for concurrent use; share one per application and
// tenant, since its throttle gate and concurrency limit only work when they
// see all the traffic.
//
// The bearer token is attached per attempt by the client's own transport,
// never by oauth2.Transport (which adds it to every request, whatever the
// host): only requests to the configured Graph root, same scheme, host and
// port, are sent at all, and redirects are never followed. Tokens are cached
// and replaced three minutes before they expire; a 401 drops the cached
// token and the call is retried once with a new one. oauth2.TokenSource has
// no context, so every wait for a token is bounded ([WithTokenTimeout]).
//
// Every call carries one client-request-id (a random UUID, the same on
// every retry), a User-Agent naming this module and its version, and
// "Accept: application/json". A 2xx body must be JSON; it is read up to
// [WithMaxResponseBytes] (8 MiB by default, measured after decompression)
// and an error body up to [WithMaxErrorBytes] (64 KiB).
type Client struct {
	root      *url.URL // scheme://host[:port][/prefix], no trailing slash
	version   APIVersion
	cloud     Cloud
	userAgent string

	hc      *http.Client // our copy: no redirects, transport wrapped
	traced  bool         // the base transport is an *http.Transport, so httptrace hooks fire
	tokens  *tokenCache  // nil: no Authorization header
	auth    authKind     // where tokens come from
	retry   RetryPolicy  // with defaults applied
	log     *slog.Logger // nil: logging off
	logIDs  bool         // log paths as sent, not as templates
	gate    *throttleGate
	limiter limiter

	maxResponseBytes int64
	maxErrorBytes    int64
	pages            int

	backoff backoffShape
	now     func() time.Time
	rngMu   sync.Mutex
	rng     *rand.Rand
}

// NewClient returns a Client configured by opts. It does no I/O and reads no
// environment: a token is first requested by the first call. Invalid options
// are all reported at once, as errors.Join of *FieldError values (matching
// ErrInvalid).
func NewClient(opts ...Option) (*Client, error) {
	cfg := config{
		maxResponseBytes: DefaultMaxResponseBytes,
		maxErrorBytes:    DefaultMaxErrorBytes,
		maxConcurrency:   DefaultMaxConcurrency,
		maxPages:         DefaultMaxPages,
		attemptTimeout:   DefaultAttemptTimeout,
		tokenTimeout:     DefaultTokenTimeout,
		retry:            DefaultRetryPolicy(),
		backoff:          defaultBackoff(),
		now:              time.Now,
	}
	var errs []error
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&cfg); err != nil {
			errs = append(errs, err)
		}
	}
	if cfg.tokenSource != nil && cfg.creds != nil {
		errs = append(errs, check.Invalid("tokenSource", "conflicts with WithClientCredentials; use one of them"))
	}
	if cfg.device != nil && (cfg.tokenSource != nil || cfg.creds != nil) {
		errs = append(errs, check.Invalid("deviceCode", "conflicts with WithTokenSource and WithClientCredentials; use one of them"))
	}
	root, cloud, err := resolveRoot(&cfg)
	if err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	retry := cfg.retry.withDefaults()
	c := &Client{
		root:             root,
		version:          cfg.version,
		cloud:            cloud,
		userAgent:        userAgent(cfg.userAgent),
		retry:            retry,
		log:              cfg.logger,
		logIDs:           cfg.logIDs,
		gate:             newThrottleGate(retry.MaxRetryAfter),
		limiter:          make(limiter, cfg.maxConcurrency),
		maxResponseBytes: cfg.maxResponseBytes,
		maxErrorBytes:    cfg.maxErrorBytes,
		pages:            cfg.maxPages,
		backoff:          cfg.backoff,
		now:              cfg.now,
		rng:              rand.New(randSource(cfg.rand)),
	}
	base := baseTransport(cfg.httpClient, cfg.attemptTimeout)
	// Only an *http.Transport is known to fire httptrace's GotConn, which
	// tells "never sent" from "maybe sent" after a transport error.
	_, c.traced = base.(*http.Transport)
	// A copy: the caller's client is never modified, and ours never
	// follows redirects (a 3xx is returned as an *Error instead).
	hc := &http.Client{}
	if cfg.httpClient != nil {
		*hc = *cfg.httpClient
	}
	hc.Transport = &authTransport{c: c, base: base}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.hc = hc

	switch {
	case cfg.tokenSource != nil:
		ts := cfg.tokenSource
		c.tokens = newTokenCache(func(context.Context) (*oauth2.Token, error) { return ts.Token() }, c.now, cfg.tokenTimeout)
		c.auth = authTokenSource
	case cfg.creds != nil:
		c.tokens = newTokenCache(clientCredentialsFetch(cfg.creds, cloud, loginRoot(cloud, cfg.loginURL), base, cfg.tokenTimeout), c.now, cfg.tokenTimeout)
		c.auth = authApp
	case cfg.device != nil:
		flow := newDeviceFlow(cfg.device, cloud, loginRoot(cloud, cfg.loginURL), base, cfg.tokenTimeout, c.userAgent, c.now)
		c.tokens = newTokenCache(flow.fetch, c.now, cfg.tokenTimeout)
		c.tokens.interactive = true
		c.auth = authUser
	}
	return c, nil
}

// BaseURL returns a copy of the Graph root the client sends to: scheme,
// lowercased host, port only when it is not the scheme's default, and the
// path prefix if any, with no trailing slash and no API version.
func (c *Client) BaseURL() *url.URL {
	u := *c.root
	return &u
}

// APIVersion returns the API version requests use unless Request.Version
// says otherwise.
func (c *Client) APIVersion() APIVersion { return c.version }

// Cloud returns the national cloud whose token authority the client uses.
func (c *Client) Cloud() Cloud { return c.cloud }

// maxPages is the page limit of one paging loop (WithMaxPages; 10000 by
// default). The pager in paging.go reads it.
func (c *Client) maxPages() int { return c.pages }

// resolveRoot settles the root URL, the API version and the cloud from the
// options, which may come in any order.
func resolveRoot(cfg *config) (*url.URL, Cloud, error) {
	cloud := cfg.cloud
	if !cfg.cloudSet {
		cloud = Global
	}
	if cfg.baseURL == "" {
		root, _ := url.Parse(cloud.GraphRoot())
		if !cfg.versionSet {
			cfg.version = V1
		}
		return root, cloud, nil
	}
	root, urlVersion, err := parseBaseURL(cfg.baseURL)
	if err != nil {
		return nil, "", err // already reported by WithBaseURL; kept for safety
	}
	var errs []error
	switch {
	case urlVersion != "" && cfg.versionSet && urlVersion != cfg.version:
		errs = append(errs, check.Invalid("apiVersion", "is %q but the base URL ends in %q", cfg.version, urlVersion))
	case !cfg.versionSet && urlVersion != "":
		cfg.version = urlVersion
	case !cfg.versionSet:
		cfg.version = V1
	}
	if hostCloud, ok := cloudOfHost(root.Hostname()); ok {
		if cfg.cloudSet && hostCloud != cloud {
			errs = append(errs, check.Invalid("cloud", "is %q but the base URL is the Graph host of %q", cloud, hostCloud))
		}
		cloud = hostCloud
	}
	return root, cloud, errors.Join(errs...)
}

// parseBaseURL checks a base URL and splits off a trailing API version.
func parseBaseURL(raw string) (*url.URL, APIVersion, error) {
	return parseRoot("baseURL", raw, true)
}

// parseLoginURL checks the root of a token authority (WithLoginBaseURL): a
// base URL whose path is kept whole.
func parseLoginURL(raw string) (*url.URL, error) {
	root, _, err := parseRoot("loginBaseURL", raw, false)
	return root, err
}

// parseRoot checks the root URL of a service for the option named field:
// https (http for loopback hosts), a host, no user info, query, fragment or
// IPv6 zone, and a clean path prefix. With splitVersion, a last path
// segment naming an API version is split off and returned.
func parseRoot(field, raw string, splitVersion bool) (*url.URL, APIVersion, error) {
	u, err := url.Parse(raw)
	if err != nil || raw == "" {
		return nil, "", check.Invalid(field, "is not a valid absolute URL")
	}
	var errs []error
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	switch {
	case u.Opaque != "" || host == "":
		return nil, "", check.Invalid(field, "must be an absolute URL with a host")
	case scheme == "https":
	case scheme == "http" && isLoopback(host):
	case scheme == "http":
		errs = append(errs, check.Invalid(field, "must use https; plain http is allowed only for loopback hosts"))
	default:
		errs = append(errs, check.Invalid(field, "must use https, got scheme %q", check.Truncate(u.Scheme, 16)))
	}
	if u.User != nil {
		errs = append(errs, check.Invalid(field, "must not contain user info"))
	}
	if u.RawQuery != "" || u.ForceQuery {
		errs = append(errs, check.Invalid(field, "must not contain a query"))
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		errs = append(errs, check.Invalid(field, "must not contain a fragment"))
	}
	if strings.ContainsAny(u.Hostname(), "%") {
		errs = append(errs, check.Invalid(field, "must not contain an IPv6 zone"))
	}
	// The root may carry a path prefix (a proxy mounting Graph below /graph,
	// say); a last segment that names a version is read as the version, so
	// that the familiar "https://graph.microsoft.com/v1.0" works too.
	prefix := strings.TrimSuffix(u.EscapedPath(), "/")
	var v APIVersion
	if i := strings.LastIndexByte(prefix, '/'); i >= 0 && splitVersion {
		if last := APIVersion(prefix[i+1:]); last.valid() {
			v, prefix = last, prefix[:i]
		}
	}
	for _, seg := range strings.Split(strings.TrimPrefix(prefix, "/"), "/") {
		if prefix != "" && (seg == "" || seg == "." || seg == ".." || strings.ContainsAny(seg, "%\\")) {
			errs = append(errs, check.Invalid(field, "has an invalid path prefix"))
			break
		}
	}
	if len(errs) > 0 {
		return nil, "", errors.Join(errs...)
	}
	// A canonical root (lowercase host, no default port) lets the pager and
	// the transport compare origins with plain string equality.
	port := u.Port()
	if scheme == "https" && port == "443" || scheme == "http" && port == "80" {
		port = ""
	}
	hostport := host
	if strings.Contains(host, ":") {
		hostport = "[" + host + "]"
	}
	if port != "" {
		hostport += ":" + port
	}
	root := &url.URL{Scheme: scheme, Host: hostport, Path: prefix}
	return root, v, nil
}

// isLoopback reports whether host (without port) is localhost or a loopback
// IP address: the only hosts plain http may be used with.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// userAgent builds the User-Agent: the caller's product first, then ours.
func userAgent(caller string) string {
	ua := "graphkit-governance/" + version.Version + " (+https://github.com/graphkit/governance)"
	if caller != "" {
		return caller + " " + ua
	}
	return ua
}

// baseTransport returns the transport requests finally go through: the
// caller's, or a tuned one (transport-policy c.1.6).
func baseTransport(hc *http.Client, headerTimeout time.Duration) http.RoundTripper {
	if hc != nil {
		if hc.Transport != nil {
			return hc.Transport
		}
		return http.DefaultTransport
	}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: headerTimeout,
		ExpectContinueTimeout: time.Second,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   8,
	}
}

// randSource returns src, or a ChaCha8 source seeded from crypto/rand so
// that no global random state is shared between clients.
func randSource(src rand.Source) rand.Source {
	if src != nil {
		return src
	}
	var seed [32]byte
	_, _ = cryptorand.Read(seed[:]) // never fails (Go 1.24+)
	return rand.NewChaCha8(seed)
}

// newRequestID returns a random (version 4) UUID for client-request-id.
func newRequestID() string {
	var b [16]byte
	_, _ = cryptorand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	const hexDigits = "0123456789abcdef"
	out := make([]byte, 0, 36)
	for i, x := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, hexDigits[x>>4], hexDigits[x&0x0f])
	}
	return string(out)
}

// loginRoot returns the root of the token authority, without a trailing
// slash: the one WithLoginBaseURL set, or the login host of cloud.
func loginRoot(cloud Cloud, set *url.URL) string {
	if set != nil {
		return set.String()
	}
	return "https://" + cloud.LoginHost()
}

// clientCredentialsFetch returns a token fetcher for the client credentials
// grant against the cloud's authority. The secret goes in the form body
// (AuthStyleInParams): the auto-detect style would try HTTP Basic first and
// send every failing request twice.
func clientCredentialsFetch(cr *credentials, cloud Cloud, login string, base http.RoundTripper, timeout time.Duration) func(context.Context) (*oauth2.Token, error) {
	cfg := &clientcredentials.Config{
		ClientID:     cr.clientID,
		ClientSecret: cr.secret,
		TokenURL:     login + "/" + url.PathEscape(cr.tenantID) + "/oauth2/v2.0/token",
		Scopes:       []string{cloud.Scope()},
		AuthStyle:    oauth2.AuthStyleInParams,
	}
	tokenHTTP := &http.Client{
		Transport:     base,
		Timeout:       timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return func(ctx context.Context) (*oauth2.Token, error) {
		return cfg.Token(context.WithValue(ctx, oauth2.HTTPClient, tokenHTTP))
	}
}

// jitter returns a uniformly random duration in [0, upTo].
func (c *Client) jitter(upTo time.Duration) time.Duration {
	if upTo <= 0 {
		return 0
	}
	c.rngMu.Lock()
	defer c.rngMu.Unlock()
	if upTo == maxDuration {
		return time.Duration(c.rng.Int64N(int64(upTo)))
	}
	return time.Duration(c.rng.Int64N(int64(upTo) + 1))
}
