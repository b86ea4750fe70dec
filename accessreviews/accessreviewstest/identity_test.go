package accessreviewstest

import (
	"context"
	"encoding/base64"
	"encoding/json/v2"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
)

// idpAnswer is an answer of the fake identity platform read over raw HTTP.
type idpAnswer struct {
	Status int
	Body   map[string]any
}

// str returns the string member name of the answer's body, or "".
func (a idpAnswer) str(name string) string {
	s, _ := a.Body[name].(string)
	return s
}

// postLogin sends a form POST to path on the server's login host.
func postLogin(t *testing.T, s *Server, path string, form url.Values) idpAnswer {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, s.LoginURL+path, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, "application/json; charset=utf-8", resp.Header.Get("Content-Type"))
	assert.Equal(t, "no-store, no-cache", resp.Header.Get("Cache-Control"), "token answers are never cached")
	var body map[string]any
	require.NoError(t, json.UnmarshalRead(resp.Body, &body))
	return idpAnswer{Status: resp.StatusCode, Body: body}
}

// Paths and forms of the raw protocol tests.
const (
	rawTenant   = "contoso.onmicrosoft.com"
	rawClient   = "7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53"
	deviceGrant = "urn:ietf:params:oauth:grant-type:device_code"
)

var (
	devicePath = "/" + rawTenant + "/oauth2/v2.0/devicecode"
	tokenPath  = "/" + rawTenant + "/oauth2/v2.0/token"
)

// askCode starts a device authorization for scope and returns its answer.
func askCode(t *testing.T, s *Server, scope string) idpAnswer {
	t.Helper()
	a := postLogin(t, s, devicePath, url.Values{"client_id": {rawClient}, "scope": {scope}})
	require.Equal(t, http.StatusOK, a.Status, a.Body)
	return a
}

// poll redeems a device code.
func poll(t *testing.T, s *Server, deviceCode string) idpAnswer {
	t.Helper()
	return postLogin(t, s, tokenPath, url.Values{"grant_type": {deviceGrant}, "client_id": {rawClient}, "device_code": {deviceCode}})
}

// assertIDPError checks an error answer's shape as the identity platform
// writes it.
func assertIDPError(t *testing.T, a idpAnswer, code string, aadsts int) {
	t.Helper()
	assert.Equal(t, http.StatusBadRequest, a.Status, a.Body)
	assert.Equal(t, code, a.str("error"))
	assert.Regexp(t, `^[0-9a-f-]{36}$`, a.str("trace_id"))
	assert.Regexp(t, `^[0-9a-f-]{36}$`, a.str("correlation_id"))
	assert.Regexp(t, `^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$`, a.str("timestamp"))
	assert.Contains(t, a.str("error_description"), "\r\nTrace ID: "+a.str("trace_id")+"\r\nCorrelation ID: "+a.str("correlation_id"))
	if aadsts == 0 {
		assert.NotContains(t, a.Body, "error_codes")
		return
	}
	assert.True(t, strings.HasPrefix(a.str("error_description"), "AADSTS"+strconv.Itoa(aadsts)+": "), a.str("error_description"))
	assert.Equal(t, []any{float64(aadsts)}, a.Body["error_codes"])
}

// claims decodes the payload of a JWT-shaped token.
func claims(t *testing.T, tok string) map[string]any {
	t.Helper()
	parts := strings.Split(tok, ".")
	require.Len(t, parts, 3, "the token is shaped as a JWT")
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(t, err)
	var c map[string]any
	require.NoError(t, json.Unmarshal(raw, &c))
	return c
}

// graphStatus sends GET path to the Graph host with token and returns the
// status and the error code of the answer.
func graphStatus(t *testing.T, s *Server, path, token string) (int, string, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL+path, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var body struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	_ = json.UnmarshalRead(resp.Body, &body)
	return resp.StatusCode, body.Error.Code, body.Error.Message
}

func TestDeviceAuthorizationAnswer(t *testing.T) {
	t.Parallel()
	s := NewServer(WithDirectory(SelfReviewTutorialDirectory()))
	t.Cleanup(s.Close)

	a := askCode(t, s, "https://graph.microsoft.com/AccessReview.ReadWrite.All offline_access")
	code := a.str("user_code")
	assert.Regexp(t, `^[A-HJ-NP-Z2-9]{9}$`, code)
	assert.Greater(t, len(a.str("device_code")), 64, "the device code is a long secret")
	assert.Equal(t, s.LoginURL+"/devicelogin", a.str("verification_uri"))
	assert.Equal(t, float64(900), a.Body["expires_in"], "15 minutes")
	assert.Equal(t, float64(5), a.Body["interval"], "Entra's 5 seconds by default")
	assert.Equal(t, "To sign in, use a web browser to open the page "+s.LoginURL+"/devicelogin and enter the code "+code+" to authenticate.", a.str("message"))
	assert.NotContains(t, a.Body, "verification_uri_complete", "Entra does not send it")

	fast := NewServer(WithDeviceCodeInterval(1500 * time.Millisecond))
	t.Cleanup(fast.Close)
	assert.Equal(t, float64(2), askCode(t, fast, "User.Read").Body["interval"], "rounded up to whole seconds")

	log := s.LoginRequests()
	require.Len(t, log, 1)
	assert.Equal(t, http.MethodPost, log[0].Method)
	assert.Equal(t, devicePath, log[0].Path)
	assert.Equal(t, http.StatusOK, log[0].Status)
	assert.Empty(t, s.Requests(), "the Graph host saw nothing")
}

func TestDeviceAuthorizationRefusals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		method      string
		path        string
		contentType string
		form        url.Values
		status      int
		code        string
		aadsts      int
	}{
		{"no client_id", "POST", devicePath, "", url.Values{"scope": {"User.Read"}}, 400, "invalid_request", 900144},
		{"client_id not a GUID", "POST", devicePath, "", url.Values{"client_id": {"bot"}, "scope": {"User.Read"}}, 400, "unauthorized_client", 700016},
		{"no scope", "POST", devicePath, "", url.Values{"client_id": {rawClient}}, 400, "invalid_request", 900144},
		{"not a form", "POST", devicePath, "application/json", url.Values{"client_id": {rawClient}, "scope": {"User.Read"}}, 400, "invalid_request", 900144},
		{"GET", "GET", devicePath, "", nil, 405, "invalid_request", 900561},
		{"no tenant", "POST", "/oauth2/v2.0/devicecode", "", url.Values{"client_id": {rawClient}, "scope": {"User.Read"}}, 400, "invalid_request", 90002},
		{"unknown endpoint", "POST", "/" + rawTenant + "/oauth2/v2.0/authorize", "", nil, 404, "invalid_request", 900561},
		{"no grant_type", "POST", tokenPath, "", url.Values{"client_id": {rawClient}}, 400, "invalid_request", 900144},
		{"password grant", "POST", tokenPath, "", url.Values{"grant_type": {"password"}, "client_id": {rawClient}}, 400, "unsupported_grant_type", 70003},
		{"client credentials without a secret", "POST", tokenPath, "", url.Values{"grant_type": {"client_credentials"}, "client_id": {rawClient},
			"scope": {"https://graph.microsoft.com/.default"}}, 401, "invalid_client", 7000216},
		{"client credentials for a permission", "POST", tokenPath, "", url.Values{"grant_type": {"client_credentials"}, "client_id": {rawClient},
			"client_secret": {"s"}, "scope": {"https://graph.microsoft.com/AccessReview.ReadWrite.All"}}, 400, "invalid_scope", 1002012},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := NewServer()
			t.Cleanup(s.Close)
			req, err := http.NewRequestWithContext(t.Context(), tt.method, s.LoginURL+tt.path, strings.NewReader(tt.form.Encode()))
			require.NoError(t, err)
			ct := tt.contentType
			if ct == "" {
				ct = "application/x-www-form-urlencoded"
			}
			req.Header.Set("Content-Type", ct)
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			var body map[string]any
			require.NoError(t, json.UnmarshalRead(resp.Body, &body))
			assert.Equal(t, tt.status, resp.StatusCode, body)
			assert.Equal(t, tt.code, body["error"])
			assert.Equal(t, []any{float64(tt.aadsts)}, body["error_codes"])
			assert.NotContains(t, body, "device_code")
		})
	}
}

func TestDeviceCodePolls(t *testing.T) {
	t.Parallel()
	const graphScope = "https://graph.microsoft.com/AccessReview.ReadWrite.All"
	tests := []struct {
		name  string
		scope string
		// act plays the person (and the clock) between the first and the
		// second poll; the first poll is always pending.
		act     func(s *Server, userCode string) error
		code    string // error of the second poll; "" for tokens
		aadsts  int
		refresh bool // a refresh token comes back
		idToken bool
	}{
		{name: "approved by principal name", scope: graphScope + " offline_access",
			act: func(s *Server, c string) error { return s.ApproveDeviceCode(c, "AlexW@contoso.com") }, refresh: true},
		{name: "approved by object ID, no offline_access: no refresh token", scope: graphScope,
			act: func(s *Server, c string) error { return s.ApproveDeviceCode(strings.ToLower(c), SelfReviewAlexID) }},
		{name: "openid brings an ID token", scope: graphScope + " openid profile offline_access",
			act: func(s *Server, c string) error { return s.ApproveDeviceCode(c, SelfReviewAlexID) }, refresh: true, idToken: true},
		{name: "declined", scope: graphScope, act: func(s *Server, c string) error { return s.DeclineDeviceCode(c) },
			code: "authorization_declined", aadsts: 70000},
		{name: "the person never acts", scope: graphScope, act: func(*Server, string) error { return nil },
			code: "authorization_pending", aadsts: 70016},
		{name: "slow_down, whatever the person did", scope: graphScope, act: func(s *Server, c string) error {
			return errors.Join(s.ApproveDeviceCode(c, SelfReviewAlexID), s.SlowDownDeviceCode(c, 1))
		}, code: "slow_down"},
		{name: "the code expires after 15 minutes", scope: graphScope, act: func(s *Server, c string) error {
			s.Clock().Advance(15 * time.Minute)
			return nil
		}, code: "expired_token", aadsts: 70019},
		{name: "approved, then expired before the poll", scope: graphScope, act: func(s *Server, c string) error {
			err := s.ApproveDeviceCode(c, SelfReviewAlexID)
			s.Clock().Advance(16 * time.Minute)
			return err
		}, code: "expired_token", aadsts: 70019},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := NewServer(WithDirectory(SelfReviewTutorialDirectory()))
			t.Cleanup(s.Close)
			a := askCode(t, s, tt.scope)
			assertIDPError(t, poll(t, s, a.str("device_code")), "authorization_pending", 70016)
			require.NoError(t, tt.act(s, a.str("user_code")))

			got := poll(t, s, a.str("device_code"))
			if tt.code != "" {
				assertIDPError(t, got, tt.code, tt.aadsts)
				assert.NotContains(t, got.Body, "access_token")
				return
			}
			require.Equal(t, http.StatusOK, got.Status, got.Body)
			assert.Equal(t, "Bearer", got.str("token_type"))
			assert.Equal(t, float64(3599), got.Body["expires_in"])
			assert.Contains(t, got.str("scope"), "AccessReview.ReadWrite.All")
			assert.NotContains(t, got.str("scope"), "https://", "scopes come back as permission names")
			c := claims(t, got.str("access_token"))
			assert.Equal(t, "user", c["idtyp"], "a delegated token, as SDKs read it")
			assert.Equal(t, "AccessReview.ReadWrite.All", c["scp"])
			assert.Equal(t, SelfReviewAlexID, c["oid"])
			assert.Equal(t, "AlexW@contoso.com", c["upn"])
			assert.Equal(t, rawClient, c["appid"])
			assert.Equal(t, float64(s.Clock().Now().Add(3599*time.Second).Unix()), c["exp"])
			assert.Equal(t, tt.refresh, got.str("refresh_token") != "")
			assert.Equal(t, tt.idToken, got.str("id_token") != "")
			if tt.idToken {
				assert.Equal(t, "AlexW@contoso.com", claims(t, got.str("id_token"))["preferred_username"])
			}

			status, _, _ := graphStatus(t, s, "/beta/me/pendingAccessReviewInstances", got.str("access_token"))
			assert.Equal(t, http.StatusOK, status, "the token acts as the user on the Graph host")
			assertIDPError(t, poll(t, s, a.str("device_code")), "invalid_grant", 54005)
		})
	}
}

func TestDeviceCodePollRefusals(t *testing.T) {
	t.Parallel()
	s := NewServer(WithDirectory(SelfReviewTutorialDirectory()))
	t.Cleanup(s.Close)
	a := askCode(t, s, "User.Read")
	require.NoError(t, s.ApproveDeviceCode(a.str("user_code"), SelfReviewAlexID))

	assertIDPError(t, poll(t, s, "not-a-device-code"), "bad_verification_code", 70018)
	assertIDPError(t, postLogin(t, s, "/fabrikam.onmicrosoft.com/oauth2/v2.0/token",
		url.Values{"grant_type": {deviceGrant}, "client_id": {rawClient}, "device_code": {a.str("device_code")}}),
		"bad_verification_code", 70018)
	assertIDPError(t, postLogin(t, s, tokenPath,
		url.Values{"grant_type": {deviceGrant}, "client_id": {"11112222-bbbb-3333-cccc-4444dddd5555"}, "device_code": {a.str("device_code")}}),
		"invalid_grant", 70000)
	assert.Equal(t, http.StatusOK, poll(t, s, a.str("device_code")).Status, "the refusals did not use the code up")
}

func TestRefreshTokens(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// before runs between the sign-in and the refresh.
		before func(s *Server) error
		form   func(f url.Values)
		code   string // "" for new tokens
		aadsts int
	}{
		{name: "refreshed", before: func(*Server) error { return nil }},
		{name: "a day later, scope left out", before: func(s *Server) error { s.Clock().Advance(24 * time.Hour); return nil },
			form: func(f url.Values) { f.Del("scope") }},
		{name: "revoked sign-in sessions", before: func(s *Server) error { return s.RevokeSignInSessions("AlexW@contoso.com") },
			code: "invalid_grant", aadsts: 9002313},
		{name: "90 days unused", before: func(s *Server) error { s.Clock().Advance(90 * 24 * time.Hour); return nil },
			code: "invalid_grant", aadsts: 700082},
		{name: "another application", before: func(*Server) error { return nil },
			form: func(f url.Values) { f.Set("client_id", "11112222-bbbb-3333-cccc-4444dddd5555") }, code: "invalid_grant", aadsts: 70000},
		{name: "unknown refresh token", before: func(*Server) error { return nil },
			form: func(f url.Values) { f.Set("refresh_token", "1.AQnope") }, code: "invalid_grant", aadsts: 9002313},
		{name: "no refresh token", before: func(*Server) error { return nil },
			form: func(f url.Values) { f.Del("refresh_token") }, code: "invalid_request", aadsts: 900144},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := NewServer(WithDirectory(SelfReviewTutorialDirectory()))
			t.Cleanup(s.Close)
			a := askCode(t, s, "https://graph.microsoft.com/AccessReview.ReadWrite.All offline_access")
			require.NoError(t, s.ApproveDeviceCode(a.str("user_code"), SelfReviewAlexID))
			first := poll(t, s, a.str("device_code"))
			require.Equal(t, http.StatusOK, first.Status)
			require.NoError(t, tt.before(s))

			form := url.Values{"grant_type": {"refresh_token"}, "client_id": {rawClient}, "refresh_token": {first.str("refresh_token")},
				"scope": {"https://graph.microsoft.com/AccessReview.ReadWrite.All offline_access"}}
			if tt.form != nil {
				tt.form(form)
			}
			got := postLogin(t, s, tokenPath, form)
			if tt.code != "" {
				assertIDPError(t, got, tt.code, tt.aadsts)
				return
			}
			require.Equal(t, http.StatusOK, got.Status, got.Body)
			assert.NotEqual(t, first.str("access_token"), got.str("access_token"))
			assert.NotEmpty(t, got.str("refresh_token"), "offline access is kept")
			assert.Equal(t, SelfReviewAlexID, claims(t, got.str("access_token"))["oid"])
			status, _, _ := graphStatus(t, s, "/beta/me/pendingAccessReviewInstances", got.str("access_token"))
			assert.Equal(t, http.StatusOK, status)
		})
	}
}

func TestIssuedAccessTokenOnTheGraphHost(t *testing.T) {
	t.Parallel()
	s := NewServer(WithDirectory(SelfReviewTutorialDirectory()))
	t.Cleanup(s.Close)
	a := askCode(t, s, "AccessReview.ReadWrite.All")
	require.NoError(t, s.ApproveDeviceCode(a.str("user_code"), SelfReviewAllanID))
	tok := poll(t, s, a.str("device_code")).str("access_token")

	status, _, _ := graphStatus(t, s, "/beta/users/"+SelfReviewAllanID+"/pendingAccessReviewInstances", tok)
	assert.Equal(t, http.StatusOK, status, "the token is Allan's")
	status, _, _ = graphStatus(t, s, "/beta/users/"+SelfReviewAlexID+"/pendingAccessReviewInstances", tok)
	assert.Equal(t, http.StatusForbidden, status, "and not Alex's")

	require.NoError(t, s.RevokeSignInSessions(SelfReviewAllanID))
	status, _, _ = graphStatus(t, s, "/beta/me/pendingAccessReviewInstances", tok)
	assert.Equal(t, http.StatusOK, status, "revoking sign-in sessions leaves issued access tokens valid until they expire")

	s.Clock().Advance(3599 * time.Second)
	status, code, msg := graphStatus(t, s, "/beta/me/pendingAccessReviewInstances", tok)
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Equal(t, "InvalidAuthenticationToken", code)
	assert.Equal(t, "Lifetime validation failed, the token is expired.", msg)

	status, code, _ = graphStatus(t, s, "/beta/me/pendingAccessReviewInstances", tok[:len(tok)-1])
	assert.Equal(t, http.StatusUnauthorized, status, "a token the server did not issue")
	assert.Equal(t, "InvalidAuthenticationToken", code)
}

func TestDeviceCodeHelpersRefuse(t *testing.T) {
	t.Parallel()
	s := NewServer(WithDirectory(SelfReviewTutorialDirectory()))
	t.Cleanup(s.Close)
	code := askCode(t, s, "User.Read").str("user_code")

	assert.ErrorIs(t, s.ApproveDeviceCode("NOPE12345", SelfReviewAlexID), ErrUnknownUserCode)
	assert.ErrorIs(t, s.DeclineDeviceCode("NOPE12345"), ErrUnknownUserCode)
	assert.ErrorIs(t, s.SlowDownDeviceCode("NOPE12345", 1), ErrUnknownUserCode)
	assert.ErrorIs(t, s.ApproveDeviceCode(code, "nobody@contoso.com"), ErrUnknownUser)
	assert.ErrorIs(t, s.RevokeSignInSessions("nobody@contoso.com"), ErrUnknownUser)

	require.NoError(t, s.ApproveDeviceCode(code, SelfReviewAlexID))
	err := s.DeclineDeviceCode(code)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "already used")
	assert.NotErrorIs(t, err, ErrUnknownUserCode)

	late := askCode(t, s, "User.Read").str("user_code")
	s.Clock().Advance(15 * time.Minute)
	err = s.ApproveDeviceCode(late, SelfReviewAlexID)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "expired at 2026-01-05T09:15:00Z")
}

func TestVerificationPage(t *testing.T) {
	t.Parallel()
	s := NewServer(WithDirectory(SelfReviewTutorialDirectory()))
	t.Cleanup(s.Close)
	a := askCode(t, s, "User.Read")

	resp, err := http.Get(a.str("verification_uri"))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))

	send := func(v url.Values) int {
		resp, err := http.PostForm(a.str("verification_uri"), v)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	assert.Equal(t, http.StatusBadRequest, send(url.Values{"code": {"NOPE12345"}, "user": {"AlexW@contoso.com"}}))
	assert.Equal(t, http.StatusOK, send(url.Values{"code": {a.str("user_code")}, "user": {"AlexW@contoso.com"}, "decision": {"approve"}}))
	assert.Equal(t, http.StatusOK, poll(t, s, a.str("device_code")).Status)

	b := askCode(t, s, "User.Read")
	assert.Equal(t, http.StatusOK, send(url.Values{"code": {b.str("user_code")}, "decision": {"decline"}}))
	assertIDPError(t, poll(t, s, b.str("device_code")), "authorization_declined", 70000)
}

// recordingPrompt is a DeviceCode.Prompt that keeps what it showed and
// approves each code at once as user, through the server's test helper.
type recordingPrompt struct {
	s    *Server
	user string

	mu    sync.Mutex
	shown []odata.DeviceCodePrompt
}

func (p *recordingPrompt) prompt(_ context.Context, dp odata.DeviceCodePrompt) error {
	p.mu.Lock()
	p.shown = append(p.shown, dp)
	p.mu.Unlock()
	return p.s.ApproveDeviceCode(dp.UserCode, p.user)
}

func (p *recordingPrompt) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.shown)
}

// loginCounts counts the device authorization requests, the device code
// polls and the refreshes the server's login host received.
func loginCounts(s *Server) (device, polls, refreshes int) {
	for _, r := range s.LoginRequests() {
		form, _ := url.ParseQuery(string(r.Body))
		switch {
		case strings.HasSuffix(r.Path, "/oauth2/v2.0/devicecode"):
			device++
		case form.Get("grant_type") == deviceGrant:
			polls++
		case form.Get("grant_type") == "refresh_token":
			refreshes++
		}
	}
	return device, polls, refreshes
}

// TestDeviceCodeSignInThroughTheSDK signs Alex in with odata.WithDeviceCode
// against the server's identity platform, lists and records his self-review
// with the current-user calls, then lets the access token expire (a 401,
// a refresh) and his sign-in sessions be revoked (a new sign-in), and shows
// a restarted client with the same token cache asks nobody.
func TestDeviceCodeSignInThroughTheSDK(t *testing.T) {
	t.Parallel()
	s := NewServer(WithDirectory(SelfReviewTutorialDirectory()))
	t.Cleanup(s.Close)
	_, defID := selfReviewSteps1to3(t, s)
	cachePath := t.TempDir() + "/tokens.json"

	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		pr := &recordingPrompt{s: s, user: "AlexW@contoso.com"}
		start := time.Now()
		newBot := func() *accessreviews.Client {
			cache, err := odata.NewFileTokenCache(cachePath)
			require.NoError(t, err)
			opts := append(s.DeviceCodeOptions(odata.DeviceCode{Prompt: pr.prompt, Cache: cache}),
				noKeepAlives())
			c, err := accessreviews.NewClient(opts...)
			require.NoError(t, err)
			return c
		}
		bot := newBot()

		var pending []accessreviews.Instance
		for in, err := range bot.Instances.ListPendingForCurrentUserBeta(ctx, nil) {
			require.NoError(t, err)
			pending = append(pending, in)
		}
		require.Len(t, pending, 1, "Alex has his self-review to do")
		require.Equal(t, 1, pr.count())
		shown := pr.shown[0]
		assert.Regexp(t, regexp.MustCompile(`^[A-Z2-9]{9}$`), shown.UserCode)
		assert.Equal(t, s.LoginURL+"/devicelogin", shown.VerificationURI)
		assert.Contains(t, shown.Message, shown.UserCode)
		device, polls, refreshes := loginCounts(s)
		assert.Equal(t, [3]int{1, 1, 0}, [3]int{device, polls, refreshes})
		log := s.LoginRequests()
		assert.Equal(t, "/"+TenantID+"/oauth2/v2.0/token", log[1].Path)
		assert.Equal(t, 5*time.Second, time.Since(start), "the one poll came after Entra's interval")

		def, inst := accessreviews.DefinitionID(defID), pending[0].ID
		var items []accessreviews.DecisionItem
		for d, err := range bot.Decisions.ListForCurrentUser(ctx, def, inst, nil) {
			require.NoError(t, err)
			items = append(items, d)
		}
		require.Len(t, items, 1, "a self-review: Alex reviews his own membership")
		assert.Equal(t, SelfReviewAlexID, items[0].PrincipalID())
		why := "I still need access"
		require.NoError(t, bot.Decisions.Record(ctx, def, inst, items[0].ID, accessreviews.DecisionUpdate{Decision: accessreviews.DecisionApprove, Justification: why}))
		admin, err := accessreviews.NewClient(append(s.OptionsAs(SelfReviewAdminID), noKeepAlives())...)
		require.NoError(t, err)
		got, err := admin.Decisions.Get(ctx, def, inst, items[0].ID)
		require.NoError(t, err)
		assert.Equal(t, accessreviews.DecisionApprove, got.Decision)
		assert.Equal(t, SelfReviewAlexID, got.ReviewedBy.ID, "recorded as the signed-in person")

		// The access token expires on the server's clock: Graph answers 401,
		// and the client renews the token with the refresh token.
		s.Clock().Advance(2 * time.Hour)
		_, err = bot.Decisions.Get(ctx, def, inst, items[0].ID)
		require.NoError(t, err)
		device, polls, refreshes = loginCounts(s)
		assert.Equal(t, [3]int{1, 1, 1}, [3]int{device, polls, refreshes})
		assert.Equal(t, 1, pr.count(), "nobody was asked")
		assert.Equal(t, 1, countStatus(s.Requests(), http.StatusUnauthorized))

		// A restarted bot with the same cache asks nobody either.
		restarted := newBot()
		_, err = restarted.Decisions.Get(ctx, def, inst, items[0].ID)
		require.NoError(t, err)
		device, polls, refreshes = loginCounts(s)
		assert.Equal(t, [3]int{1, 1, 1}, [3]int{device, polls, refreshes})

		// Once the refresh token is refused, the person signs in again.
		require.NoError(t, s.RevokeSignInSessions(SelfReviewAlexID))
		s.Clock().Advance(2 * time.Hour)
		_, err = restarted.Decisions.Get(ctx, def, inst, items[0].ID)
		require.NoError(t, err)
		assert.Equal(t, 2, pr.count(), "a refused refresh token brings the prompt back")
		device, polls, refreshes = loginCounts(s)
		assert.Equal(t, [3]int{2, 2, 2}, [3]int{device, polls, refreshes})
	})
}

// noKeepAlives is the transport of a client inside a synctest bubble:
// an idle connection's reader blocks on the network, which would keep the
// bubble's clock from moving, so each request dials afresh over loopback.
func noKeepAlives() odata.Option {
	return odata.WithHTTPClient(&http.Client{Transport: &http.Transport{DisableKeepAlives: true}})
}

// countStatus counts the logged requests answered with status.
func countStatus(log []Request, status int) int {
	n := 0
	for _, r := range log {
		if r.Status == status {
			n++
		}
	}
	return n
}

// TestAppSignInGetsDelegatedTokenRequired signs an application in with
// client credentials against the fake's identity platform: its token is
// the application's, lists work, and recording a decision, alone or in a
// $batch, is refused 403 with an error that matches
// odata.ErrDelegatedTokenRequired and says to sign in as the reviewer.
func TestAppSignInGetsDelegatedTokenRequired(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := NewServer(WithDirectory(SelfReviewTutorialDirectory()))
	t.Cleanup(s.Close)
	_, defID := selfReviewSteps1to3(t, s)
	app, err := accessreviews.NewClient(odata.WithBaseURL(s.URL), odata.WithLoginBaseURL(s.LoginURL),
		odata.WithClientCredentials(TenantID, rawClient, "app-secret"))
	require.NoError(t, err)

	def := accessreviews.DefinitionID(defID)
	var items []accessreviews.DecisionItem
	for inst, err := range app.Instances.List(ctx, def, nil) {
		require.NoError(t, err)
		for d, err := range app.Decisions.List(ctx, def, inst.ID, nil) {
			require.NoError(t, err)
			items = append(items, d)
		}
	}
	require.Len(t, items, 2, "the application reads every item")
	log := s.LoginRequests()
	require.Len(t, log, 1)
	form, _ := url.ParseQuery(string(log[0].Body))
	assert.Equal(t, "client_credentials", form.Get("grant_type"))
	assert.Equal(t, "https://graph.microsoft.com/.default", form.Get("scope"))

	inst := accessreviews.InstanceID(defID) // a one-time review's instance has the definition's ID
	why := "still needed"
	err = app.Decisions.Record(ctx, def, inst, items[0].ID, accessreviews.DecisionUpdate{Decision: accessreviews.DecisionApprove, Justification: why})
	require.Error(t, err)
	assert.ErrorIs(t, err, odata.ErrDelegatedTokenRequired)

	results, err := app.Decisions.RecordMany(ctx, def, inst, []accessreviews.DecisionRecord{
		{ID: items[0].ID, Decision: accessreviews.DecisionApprove, Justification: why},
		{ID: items[1].ID, Decision: accessreviews.DecisionDeny, Justification: why},
	}, nil)
	require.NoError(t, err)
	for _, r := range results {
		require.Error(t, r.Err)
		assert.ErrorIs(t, r.Err, odata.ErrDelegatedTokenRequired, "a $batch item refused to an app token says so too")
		assert.ErrorIs(t, r.Err, odata.ErrForbidden)
		assert.Contains(t, r.Err.Error(), "sign in as the reviewer")
		assert.NotErrorIs(t, r.Err, odata.ErrOutcomeUnknown)
	}
	var inBatch []int
	for _, r := range s.Requests() {
		if r.InBatch {
			inBatch = append(inBatch, r.Status)
		}
	}
	assert.Equal(t, []int{http.StatusForbidden, http.StatusForbidden}, inBatch, "the service refused each item")
	for _, d := range items {
		got, err := app.Decisions.Get(ctx, def, inst, d.ID)
		require.NoError(t, err)
		assert.Equal(t, accessreviews.DecisionNotReviewed, got.Decision, "nothing was recorded")
	}
}

// TestStaticTokensSayWhoTheyAre checks that AppToken and UserToken carry
// the claims a client reads (idtyp, roles or scp, oid), so that the SDK
// reports a 403 to AppToken on a delegated-only call as
// odata.ErrDelegatedTokenRequired and UserToken acts as its user, and that
// a token altered in any part is refused with 401.
func TestStaticTokensSayWhoTheyAre(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := NewServer(WithDirectory(SelfReviewTutorialDirectory()))
	t.Cleanup(s.Close)
	_, defID := selfReviewSteps1to3(t, s)
	def := accessreviews.DefinitionID(defID)
	inst := accessreviews.InstanceID(defID)

	claims := func(token string) map[string]any {
		parts := strings.Split(token, ".")
		require.Len(t, parts, 3)
		raw, err := base64.RawURLEncoding.DecodeString(parts[1])
		require.NoError(t, err)
		var c map[string]any
		require.NoError(t, json.Unmarshal(raw, &c))
		return c
	}
	assert.Equal(t, "app", claims(s.AppToken())["idtyp"])
	assert.NotEmpty(t, claims(s.AppToken())["roles"])
	assert.Nil(t, claims(s.AppToken())["scp"])
	user := claims(s.UserToken("u-1"))
	assert.Equal(t, "user", user["idtyp"])
	assert.Equal(t, "u-1", user["oid"])
	assert.NotEmpty(t, user["scp"])

	app, err := accessreviews.NewClient(odata.WithBaseURL(s.URL),
		odata.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: s.AppToken()})))
	require.NoError(t, err)
	var items []accessreviews.DecisionItem
	for d, err := range app.Decisions.List(ctx, def, inst, nil) {
		require.NoError(t, err)
		items = append(items, d)
	}
	require.NotEmpty(t, items)
	why := "still needed"
	err = app.Decisions.Record(ctx, def, inst, items[0].ID, accessreviews.DecisionUpdate{Decision: accessreviews.DecisionApprove, Justification: why})
	assert.ErrorIs(t, err, odata.ErrDelegatedTokenRequired)
	assert.ErrorIs(t, err, odata.ErrForbidden)

	for name, token := range map[string]string{
		"signature":  strings.TrimSuffix(s.AppToken(), staticSignature) + "x",
		"payload":    strings.Replace(s.AppToken(), ".", ".e30", 1),
		"header":     "e30" + s.AppToken()[strings.Index(s.AppToken(), "."):],
		"no user id": staticToken(staticClaims{Audience: graphAudience, Issuer: staticIssuer, IDType: "user"}),
		"issuer":     staticToken(staticClaims{Audience: graphAudience, Issuer: "https://login.microsoftonline.com/", IDType: "app"}),
	} {
		status, _ := callAs(t, s, token, http.MethodGet, "/v1.0/identityGovernance/accessReviews/definitions", "")
		assert.Equal(t, http.StatusUnauthorized, status, name)
	}
	status, _ := callAs(t, s, s.AppToken(), http.MethodGet, "/v1.0/identityGovernance/accessReviews/definitions", "")
	assert.Equal(t, http.StatusOK, status)
}
