package odata

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/graphkit/governance/internal/check"
)

// DefaultDeviceCodeScope is the Graph delegated permission WithDeviceCode
// asks for when DeviceCode.Scopes is empty: recording decisions and
// accepting recommendations need AccessReview.ReadWrite.All, and it also
// covers every read a reviewer makes.
const DefaultDeviceCodeScope = "AccessReview.ReadWrite.All"

// deviceCodeGrant is the grant type of RFC 8628's token request.
const deviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code"

// Waits of the device code sign-in. Entra sends both the code's lifetime
// (15 minutes) and the polling interval (5 s); these apply when it does not.
const (
	defaultDeviceCodeLifetime = 15 * time.Minute
	defaultPollInterval       = 5 * time.Second
	// slowDownStep is what RFC 8628 §3.5 adds to the interval on slow_down.
	slowDownStep = 5 * time.Second
	// maxBackoffInterval caps the doubling of the interval after a
	// transport error or an outage, so the sign-in is still noticed soon.
	maxBackoffInterval = time.Minute
)

// DeviceCode configures WithDeviceCode: the directory and application the
// user signs in to, how the user is shown the code, where tokens are kept,
// and what the sign-in asks for.
//
// No request is made until the first call. That call loads the token cache
// first: a usable access token is used as it is, an expired one is renewed
// with its refresh token, and only when there is none, or the refresh token
// is refused (expired, revoked, or the user must sign in again), does the
// sign-in run and the prompt appear. So a program restarted with the same
// DeviceCode.Cache runs unattended until the refresh token is refused. Later
// tokens are renewed with the refresh token three minutes before they
// expire, or at once when Graph refuses one with a 401.
//
// The first call waits for the person: give it a context that allows for
// the code's lifetime (15 minutes at Entra). The sign-in is shared by the
// calls that wait for it and ends when the last of them gives up. With
// WithHTTPClient, the client's Timeout also bounds that wait; WithTokenTimeout
// bounds each request to the identity platform instead of the whole sign-in.
type DeviceCode struct {
	// TenantID is the directory's GUID or one of its domain names.
	TenantID string
	// ClientID is the GUID of an application registration that allows
	// public client flows (the device code flow needs no secret).
	ClientID string
	// Prompt shows the user the code and the address where to enter it (a
	// terminal line, a chat message, a mail). It is required. Polling starts
	// when it returns, so it should return once the message is out; an
	// error ends the sign-in. Its context ends when no call waits for the
	// sign-in any more.
	Prompt func(ctx context.Context, p DeviceCodePrompt) error
	// Cache keeps the tokens between runs; nil keeps them in memory, so a
	// restarted program asks the user again. See FileTokenCache.
	Cache TokenCache
	// Scopes are the Graph delegated permissions to ask for, by name
	// ("AccessReview.ReadWrite.All"); the cloud's Graph root is put in front
	// of each. Empty means DefaultDeviceCodeScope. The OpenID scopes
	// (openid, profile, email) are sent as they are, and offline_access is
	// always added, so that a refresh token comes back.
	Scopes []string
}

// DeviceCodePrompt is what the user needs to sign in on another device.
type DeviceCodePrompt struct {
	// UserCode is the short code the user types.
	UserCode string
	// VerificationURI is the page where the user types it.
	VerificationURI string
	// Message is the identity platform's own instructions, naming both;
	// it may be empty.
	Message string
	// ExpiresAt is when the code stops working.
	ExpiresAt time.Time
}

// WithDeviceCode authenticates as a signed-in user with the OAuth 2.0
// device authorization grant (RFC 8628) against the Entra ID authority of
// the client's cloud (or the one WithLoginBaseURL names): the user opens a page on any device, types the code
// that DeviceCode.Prompt shows, and signs in; the client polls for the
// token meanwhile, as often as the authority allows. The token is a
// delegated one, which the operations a reviewer performs need (recording
// decisions, accepting recommendations).
//
// [DeviceCode] says when the prompt appears, how tokens are renewed, and
// how long the first call waits.
//
// Errors of the identity platform are *SignInError values (errors.Is with
// ErrSignInDeclined, ErrSignInExpired); no error or log carries a token or
// the device code.
func WithDeviceCode(dc DeviceCode) Option {
	return func(c *config) error {
		if err := dc.validate(); err != nil {
			return err
		}
		dc.Scopes = slices.Clone(dc.Scopes)
		c.device = &dc
		return nil
	}
}

// validate reports every problem of dc at once.
func (dc *DeviceCode) validate() error {
	errs := []error{checkTenant(dc.TenantID), checkClientID(dc.ClientID)}
	if dc.Prompt == nil {
		errs = append(errs, check.Invalid("deviceCode.prompt", "is required"))
	}
	for i, s := range dc.Scopes {
		if !isScopeName(s) {
			errs = append(errs, check.Invalid(fmt.Sprintf("deviceCode.scopes[%d]", i), "must be a permission name such as %q", DefaultDeviceCodeScope))
		}
	}
	return errors.Join(errs...)
}

// isScopeName reports whether s is a permission name: letters, digits,
// dots, dashes and underscores, at most 128 of them.
func isScopeName(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '.' || ch == '-' || ch == '_') {
			return false
		}
	}
	return true
}

// deviceScopes returns the scope parameter of dc in cloud: each Graph
// permission under the cloud's Graph root, the OpenID scopes as they are,
// and offline_access, sorted and without duplicates.
func deviceScopes(dc *DeviceCode, cloud Cloud) string {
	names := dc.Scopes
	if len(names) == 0 {
		names = []string{DefaultDeviceCodeScope}
	}
	out := []string{"offline_access"}
	for _, n := range names {
		switch strings.ToLower(n) {
		case "openid", "profile", "email", "offline_access":
			out = append(out, strings.ToLower(n))
		default:
			out = append(out, cloud.GraphRoot()+"/"+n)
		}
	}
	slices.Sort(out)
	return strings.Join(slices.Compact(out), " ")
}

// deviceFlow is the token fetcher of WithDeviceCode. The client's token
// cache calls fetch, one call at a time, when it has no usable token.
type deviceFlow struct {
	clientID  string
	deviceURL string
	tokenURL  string
	scope     string
	key       string
	prompt    func(context.Context, DeviceCodePrompt) error
	cache     TokenCache
	hc        *http.Client
	userAgent string
	now       func() time.Time

	mu sync.Mutex
	// held is the last token this flow got or loaded: it stands in for the
	// cache entry if the cache could not keep it.
	held *oauth2.Token
	// issued is the access token last handed to the client: when the
	// client asks again, that token is about to expire or was refused with
	// a 401, so it is never handed out again.
	issued string
}

// newDeviceFlow builds the fetcher for dc against the authority at login
// (a root URL without a trailing slash) that issues tokens for cloud.
func newDeviceFlow(dc *DeviceCode, cloud Cloud, login string, base http.RoundTripper, timeout time.Duration, userAgent string, now func() time.Time) *deviceFlow {
	authority := login + "/" + url.PathEscape(dc.TenantID) + "/oauth2/v2.0/"
	scope := deviceScopes(dc, cloud)
	cache := dc.Cache
	if cache == nil {
		cache = &memoryTokenCache{}
	}
	return &deviceFlow{
		clientID:  dc.ClientID,
		deviceURL: authority + "devicecode",
		tokenURL:  authority + "token",
		scope:     scope,
		key:       deviceCacheKey(cloud, login, dc.TenantID, dc.ClientID, scope),
		prompt:    dc.Prompt,
		cache:     cache,
		hc: &http.Client{
			Transport:     base,
			Timeout:       timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		userAgent: userAgent,
		now:       now,
	}
}

// deviceCacheKey names the cache entry of one sign-in: the cloud, the root
// of its authority, the tenant, the application and the scopes, so that
// tokens are never shared across any of them. The authority of a cloud's
// own login host is named by the host alone, as in keys written before
// WithLoginBaseURL existed.
func deviceCacheKey(cloud Cloud, login, tenant, clientID, scope string) string {
	authority := strings.TrimPrefix(login, "https://")
	return "device-code/v1 cloud=" + cloud.String() + " authority=" + authority +
		" tenant=" + strings.ToLower(tenant) + " client=" + strings.ToLower(clientID) + " scope=" + scope
}

// fetch returns a token: a usable one from the cache, a refreshed one, or
// one from a new sign-in when there is no refresh token or it is refused.
func (f *deviceFlow) fetch(ctx context.Context) (*oauth2.Token, error) {
	saved, err := f.cache.Load(ctx, f.key)
	if err != nil {
		return nil, fmt.Errorf("odata: sign-in: %w", err)
	}
	f.mu.Lock()
	if f.held != nil && (saved == nil || f.held.Expiry.After(saved.Expiry)) {
		saved = f.held // newer than what the cache could keep
	}
	issued := f.issued
	f.mu.Unlock()

	if saved != nil && f.usable(saved) && saved.AccessToken != issued {
		return f.issue(saved), nil
	}
	if saved != nil && saved.RefreshToken != "" {
		tok, err := f.refresh(ctx, saved.RefreshToken)
		if err == nil {
			return f.keep(ctx, tok)
		}
		if !refused(err) {
			return nil, err // an outage is no reason to bother the user
		}
		f.mu.Lock()
		f.held = nil
		f.mu.Unlock()
		if err := f.cache.Delete(ctx, f.key); err != nil {
			return nil, fmt.Errorf("odata: sign-in: %w", err)
		}
	}
	tok, err := f.signIn(ctx)
	if err != nil {
		return nil, err
	}
	return f.keep(ctx, tok)
}

// usable reports whether tok's access token has tokenMargin left. A token
// without an expiry is not trusted: its age is unknown.
func (f *deviceFlow) usable(tok *oauth2.Token) bool {
	return tok.AccessToken != "" && !tok.Expiry.IsZero() && f.now().Add(tokenMargin).Before(tok.Expiry)
}

// issue records tok as handed to the client and returns it.
func (f *deviceFlow) issue(tok *oauth2.Token) *oauth2.Token {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.issued = tok.AccessToken
	return tok
}

// keep saves a new token in the cache and hands it out. If the cache cannot
// keep it, the call fails with that error, so the problem is seen before a
// restart asks the user again; the token is held in memory, and the next
// call uses it.
func (f *deviceFlow) keep(ctx context.Context, tok *oauth2.Token) (*oauth2.Token, error) {
	f.mu.Lock()
	f.held = tok
	f.mu.Unlock()
	if err := f.cache.Store(ctx, f.key, tok); err != nil {
		return nil, fmt.Errorf("odata: sign-in: the token cache could not keep the token (it is held in memory until the program ends): %w", err)
	}
	return f.issue(tok), nil
}

// refresh redeems a refresh token. Entra may rotate it: the new one
// replaces it, and the old one is kept when none comes back.
func (f *deviceFlow) refresh(ctx context.Context, refreshToken string) (*oauth2.Token, error) {
	form := url.Values{
		"grant_type":    {"refresh_token"},
		"client_id":     {f.clientID},
		"refresh_token": {refreshToken},
		"scope":         {f.scope},
	}
	a, err := postForm(ctx, f.hc, f.userAgent, "refresh", f.tokenURL, form)
	if err != nil {
		return nil, err
	}
	if !a.ok() {
		return nil, a.signInError("refresh")
	}
	tok, err := a.body.token(f.now())
	if err != nil {
		return nil, fmt.Errorf("odata: sign-in: refresh: %w", err)
	}
	if tok.RefreshToken == "" {
		tok.RefreshToken = refreshToken
	}
	return tok, nil
}

// signIn runs the device authorization grant: it asks for a code, shows it
// through the prompt and polls for the token.
func (f *deviceFlow) signIn(ctx context.Context) (*oauth2.Token, error) {
	const step = "device authorization"
	a, err := postForm(ctx, f.hc, f.userAgent, step, f.deviceURL, url.Values{"client_id": {f.clientID}, "scope": {f.scope}})
	if err != nil {
		return nil, err
	}
	if !a.ok() {
		return nil, a.signInError(step)
	}
	r := &a.body
	verify := r.VerificationURI
	if verify == "" {
		verify = r.VerificationURL
	}
	if r.DeviceCode == "" || r.UserCode == "" || !isWebURL(verify) {
		return nil, fmt.Errorf("odata: sign-in: %s: the answer lacks a device code, a user code or an https verification address", step)
	}
	lifetime := defaultDeviceCodeLifetime
	if secs, ok := seconds(r.ExpiresIn); ok && secs > 0 {
		lifetime = time.Duration(secs) * time.Second
	}
	interval := defaultPollInterval
	if secs, ok := seconds(r.Interval); ok && secs > 0 {
		interval = time.Duration(secs) * time.Second
	}
	deadline := time.Now().Add(lifetime)
	p := DeviceCodePrompt{UserCode: r.UserCode, VerificationURI: verify, Message: r.Message, ExpiresAt: f.now().Add(lifetime)}
	if err := f.prompt(ctx, p); err != nil {
		return nil, fmt.Errorf("odata: sign-in: prompt: %w", err)
	}
	return f.poll(ctx, r.DeviceCode, interval, deadline)
}

// poll asks for the token every interval until the user signs in, declines
// or the code expires (RFC 8628 §3.4 and §3.5): authorization_pending goes
// on, slow_down adds five seconds for good, and a transport error or an
// outage doubles the interval (up to a minute) and goes on.
func (f *deviceFlow) poll(ctx context.Context, deviceCode string, interval time.Duration, deadline time.Time) (*oauth2.Token, error) {
	const step = "token poll"
	form := url.Values{"grant_type": {deviceCodeGrant}, "client_id": {f.clientID}, "device_code": {deviceCode}}
	expired := fmt.Errorf("odata: sign-in: the code expired before the user signed in: %w", ErrSignInExpired)
	for {
		wait := min(interval, time.Until(deadline))
		if wait <= 0 {
			return nil, expired
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, fmt.Errorf("odata: sign-in: %w", ctx.Err())
		case <-timer.C:
		}
		if !time.Now().Before(deadline) {
			return nil, expired
		}
		a, err := postForm(ctx, f.hc, f.userAgent, step, f.tokenURL, form)
		switch {
		case err != nil && ctx.Err() != nil:
			return nil, fmt.Errorf("odata: sign-in: %w", ctx.Err())
		case err != nil:
			interval = slower(interval)
			continue
		case a.ok():
			tok, err := a.body.token(f.now())
			if err != nil {
				return nil, fmt.Errorf("odata: sign-in: %s: %w", step, err)
			}
			return tok, nil
		case a.body.Error == "authorization_pending":
			continue
		case a.body.Error == "slow_down":
			interval += slowDownStep
			continue
		case a.transient():
			interval = slower(interval)
			continue
		}
		return nil, a.signInError(step)
	}
}

// slower doubles a polling interval, up to maxBackoffInterval; an interval
// already above it stays as it is.
func slower(d time.Duration) time.Duration {
	return max(d, min(2*d, maxBackoffInterval))
}

// isWebURL reports whether s is an absolute https URL with a host (http
// for loopback hosts, as for the Graph root), fit to show to a user.
func isWebURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil {
		return false
	}
	return u.Scheme == "https" || u.Scheme == "http" && isLoopback(u.Hostname())
}
