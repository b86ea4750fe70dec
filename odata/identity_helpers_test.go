package odata

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Identifiers of the sign-in tests.
const (
	testTenant   = "contoso.onmicrosoft.com"
	testClientID = "7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53"
	testTraceID  = "0000aaaa-11bb-cccc-dd22-eeeeee333333"
	testCorrID   = "aaaa0000-bb11-2222-33cc-444444dddddd"
)

// idpRequest is what the identity platform or Graph saw of one request.
type idpRequest struct {
	Host, Path string
	Form       url.Values
	Auth       string
	At         time.Time
}

// identityPlatform is an in-memory Microsoft identity platform for one
// tenant, with Graph behind it, reached through its RoundTrip: the
// devicecode and token endpoints of every cloud's login host, and GET /me
// on every Graph host. It needs no network, so it runs in synctest bubbles.
//
// A device code stays pending until approve or decline; polls may first be
// answered from script ("slow_down", "503", "reset", …). Refresh tokens are
// rotated on every use; revoke refuses every refresh token issued so far.
// Tokens look like secrets ("SECRET-AT-1") so that tests can check that
// none leaks into an error or a log.
type identityPlatform struct {
	mu sync.Mutex

	expiresIn, interval string        // devicecode answer; "" leaves the field out
	deviceAnswer        string        // when set, the devicecode endpoint answers this error code, or "incomplete"
	tokenLife           time.Duration // access token lifetime (an hour by default)
	script              []string      // answers to the next polls, before the code's state decides
	refreshAnswer       string        // when set, every refresh is answered with this error code ("503": an outage)
	graphRefuse         map[string]bool
	graphForbidden      bool // Graph answers 403, as to a delegated-only call it refuses
	graphThrottles      int  // Graph answers this many requests 429 with Retry-After: 1

	codes    int
	approved map[string]bool // device code → approved
	declined map[string]bool
	issued   int
	refresh  map[string]bool // refresh token → still valid
	sent     []idpRequest
}

func newIdentityPlatform() *identityPlatform {
	return &identityPlatform{
		expiresIn: "900", interval: "5", tokenLife: time.Hour,
		approved: map[string]bool{}, declined: map[string]bool{}, refresh: map[string]bool{}, graphRefuse: map[string]bool{},
	}
}

// approve lets the user finish signing in with the latest code.
func (p *identityPlatform) approve() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.approved[fmt.Sprintf("SECRET-DC-%d", p.codes)] = true
}

// decline makes the user decline the latest code.
func (p *identityPlatform) decline() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.declined[fmt.Sprintf("SECRET-DC-%d", p.codes)] = true
}

// revoke refuses every refresh token issued so far.
func (p *identityPlatform) revoke() {
	p.mu.Lock()
	defer p.mu.Unlock()
	clear(p.refresh)
}

// requests returns what was sent so far to host ("" for every host,
// "login" for every login host).
func (p *identityPlatform) requests(host string) []idpRequest {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []idpRequest
	for _, r := range p.sent {
		if host == "" || r.Host == host || host == "login" && strings.HasPrefix(r.Host, "login.") {
			out = append(out, r)
		}
	}
	return out
}

// count returns how many requests went to a path ending in suffix.
func (p *identityPlatform) count(suffix string) int {
	n := 0
	for _, r := range p.requests("") {
		if strings.HasSuffix(r.Path, suffix) {
			n++
		}
	}
	return n
}

// polls returns the device code token requests.
func (p *identityPlatform) polls() []idpRequest {
	var out []idpRequest
	for _, r := range p.requests("login") {
		if r.Form.Get("grant_type") == deviceCodeGrant {
			out = append(out, r)
		}
	}
	return out
}

func (p *identityPlatform) RoundTrip(req *http.Request) (*http.Response, error) {
	var form url.Values
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		form, _ = url.ParseQuery(string(b))
	}
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sent = append(p.sent, idpRequest{Host: req.URL.Host, Path: req.URL.Path, Form: form, Auth: req.Header.Get("Authorization"), At: time.Now()})

	if strings.HasPrefix(req.URL.Host, "login.") {
		if req.Method != http.MethodPost || req.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
			return jsonResponse(req, 400, `{"error":"invalid_request"}`), nil
		}
		switch {
		case strings.HasSuffix(req.URL.Path, "/oauth2/v2.0/devicecode"):
			return p.deviceCode(req), nil
		case strings.HasSuffix(req.URL.Path, "/oauth2/v2.0/token"):
			return p.token(req, form)
		}
		return jsonResponse(req, 404, `{"error":"invalid_request"}`), nil
	}
	// Graph: GET /v1.0/me, as the user the token names.
	tok := strings.TrimPrefix(req.Header.Get("Authorization"), "Bearer ")
	if tok == "" || p.graphRefuse[tok] {
		delete(p.graphRefuse, tok)
		return jsonResponse(req, 401, `{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired or is not yet valid."}}`), nil
	}
	if p.graphThrottles > 0 {
		p.graphThrottles--
		resp := jsonResponse(req, 429, `{"error":{"code":"TooManyRequests","message":"slow down"}}`)
		resp.Header.Set("Retry-After", "1")
		return resp, nil
	}
	if p.graphForbidden {
		return jsonResponse(req, 403, `{"error":{"code":"Forbidden","message":"Insufficient privileges."}}`), nil
	}
	return jsonResponse(req, 200, `{"displayName":"Adele Vance"}`), nil
}

func (p *identityPlatform) deviceCode(req *http.Request) *http.Response {
	switch p.deviceAnswer {
	case "":
	case "incomplete":
		return jsonResponse(req, 200, `{"device_code":"SECRET-DC-0","verification_uri":"https://microsoft.com/devicelogin"}`)
	default:
		return entraError(req, p.deviceAnswer)
	}
	p.codes++
	n := p.codes
	fields := []string{
		fmt.Sprintf(`"device_code":"SECRET-DC-%d"`, n),
		fmt.Sprintf(`"user_code":"UC%d-WXYZ"`, n),
		`"verification_uri":"https://microsoft.com/devicelogin"`,
		fmt.Sprintf(`"message":"To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code UC%d-WXYZ to authenticate."`, n),
	}
	if p.expiresIn != "" {
		fields = append(fields, `"expires_in":`+p.expiresIn)
	}
	if p.interval != "" {
		fields = append(fields, `"interval":`+p.interval)
	}
	return jsonResponse(req, 200, "{"+strings.Join(fields, ",")+"}")
}

func (p *identityPlatform) token(req *http.Request, form url.Values) (*http.Response, error) {
	switch form.Get("grant_type") {
	case deviceCodeGrant:
		if len(p.script) > 0 {
			next := p.script[0]
			p.script = p.script[1:]
			switch next {
			case "reset":
				return nil, errors.New("read: connection reset by peer")
			case "503":
				return jsonResponse(req, 503, `<html>busy</html>`), nil
			}
			return entraError(req, next), nil
		}
		code := form.Get("device_code")
		switch {
		case p.declined[code]:
			return entraError(req, "authorization_declined"), nil
		case p.approved[code]:
			delete(p.approved, code) // a device code is redeemed once
			return p.issue(req), nil
		}
		return entraError(req, "authorization_pending"), nil
	case "refresh_token":
		if p.refreshAnswer == "503" {
			return jsonResponse(req, 503, ``), nil
		}
		if p.refreshAnswer != "" {
			return entraError(req, p.refreshAnswer), nil
		}
		rt := form.Get("refresh_token")
		if !p.refresh[rt] {
			return entraError(req, "invalid_grant"), nil
		}
		delete(p.refresh, rt)
		return p.issue(req), nil
	}
	return entraError(req, "unsupported_grant_type"), nil
}

// issue answers with a new access token and a rotated refresh token.
func (p *identityPlatform) issue(req *http.Request) *http.Response {
	p.issued++
	rt := fmt.Sprintf("SECRET-RT-%d", p.issued)
	p.refresh[rt] = true
	return jsonResponse(req, 200, fmt.Sprintf(`{"token_type":"Bearer","scope":"https://graph.microsoft.com/AccessReview.ReadWrite.All","expires_in":%d,"ext_expires_in":%d,"access_token":"SECRET-AT-%d","refresh_token":"%s"}`,
		int(p.tokenLife/time.Second), int(p.tokenLife/time.Second), p.issued, rt))
}

// aadsts are the numbers Entra sends with each error code.
var aadsts = map[string]int{
	"authorization_pending":  70016,
	"authorization_declined": 70000,
	"bad_verification_code":  70019,
	"expired_token":          70020,
	"invalid_grant":          70008,
	"slow_down":              70016,
	"invalid_client":         7000218,
	"interaction_required":   50076,
	"consent_required":       65001,
}

// entraError is an error answer shaped as Entra's: the description names
// the user, which must never be kept.
func entraError(req *http.Request, code string) *http.Response {
	return jsonResponse(req, 400, fmt.Sprintf(`{"error":%q,"error_description":"AADSTS%d: for user adele@contoso.com SECRET-RT-0\r\nTrace ID: %s","error_codes":[%d],"timestamp":"2026-01-05 09:00:00Z","trace_id":%q,"correlation_id":%q,"error_uri":"https://login.microsoftonline.com/error?code=%d"}`,
		code, aadsts[code], testTraceID, aadsts[code], testTraceID, testCorrID, aadsts[code]))
}

func jsonResponse(req *http.Request, status int, body string) *http.Response {
	h := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)), Request: req}
}

// prompts records the prompts of a sign-in and can approve each at once.
type prompts struct {
	mu      sync.Mutex
	got     []DeviceCodePrompt
	onShown func(DeviceCodePrompt) // runs after recording; may approve
	err     error
}

func (pr *prompts) prompt(_ context.Context, p DeviceCodePrompt) error {
	pr.mu.Lock()
	pr.got = append(pr.got, p)
	on, err := pr.onShown, pr.err
	pr.mu.Unlock()
	if on != nil {
		on(p)
	}
	return err
}

func (pr *prompts) shown() []DeviceCodePrompt {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	return append([]DeviceCodePrompt(nil), pr.got...)
}

// newDeviceClient returns a client signing in with the device code on p.
func newDeviceClient(t *testing.T, p *identityPlatform, dc DeviceCode, opts ...Option) *Client {
	t.Helper()
	if dc.TenantID == "" {
		dc.TenantID = testTenant
	}
	if dc.ClientID == "" {
		dc.ClientID = testClientID
	}
	all := append([]Option{WithDeviceCode(dc), WithHTTPClient(&http.Client{Transport: p})}, opts...)
	c, err := NewClient(all...)
	require.NoError(t, err)
	return c
}

// getMe is a Graph call that needs a token.
func getMe(ctx context.Context, c *Client) (string, error) {
	var me struct {
		DisplayName string `json:"displayName"`
	}
	err := c.Do(ctx, &Request{Method: http.MethodGet, Path: "me"}, &me)
	return me.DisplayName, err
}

// assertNoSecret checks that s holds no token, device code or refresh
// token of the identity platform, and not the user's name from Entra's
// error descriptions.
func assertNoSecret(t *testing.T, s string) {
	t.Helper()
	assert.NotContains(t, s, "SECRET-")
	assert.NotContains(t, s, "adele@contoso.com")
}

// fieldsOf lists the fields of the *FieldError values joined in err.
func fieldsOf(err error) []string {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []string
		for _, e := range j.Unwrap() {
			out = append(out, fieldsOf(e)...)
		}
		return out
	}
	var fe *FieldError
	if errors.As(err, &fe) {
		return []string{fe.Field}
	}
	return []string{"not a field error: " + err.Error()}
}
