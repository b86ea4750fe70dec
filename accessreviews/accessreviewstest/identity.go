package accessreviewstest

import (
	"encoding/base64"
	"encoding/json/v2"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The fake identity platform: the device code sign-in (RFC 8628), the
// refresh of its tokens and the client credentials grant, as the Microsoft
// identity platform serves them at login.microsoftonline.com/{tenant}/
// oauth2/v2.0/ (the "OAuth 2.0 device authorization grant", "OAuth 2.0
// authorization code flow" and "OAuth 2.0 client credentials flow" pages of
// the Microsoft identity platform documentation). It runs on a loopback
// host of its own, LoginURL, as Entra ID runs apart from Graph. A test plays
// the person at the other device with ApproveDeviceCode and
// DeclineDeviceCode; the access tokens it issues act, on the Graph host, as
// the directory user who approved.

// Sentinel errors of the identity platform's test helpers.
var (
	// ErrUnknownUserCode matches a user code the server never issued, as a
	// person who mistypes the code at the verification page is told.
	ErrUnknownUserCode = errors.New("unknown user code")
	// ErrUnknownUser matches a user who is not in the server's directory:
	// only a directory user can sign in.
	ErrUnknownUser = errors.New("unknown user")
)

// Lifetimes and waits of the sign-in, as the identity platform documents
// them: a device code lasts 15 minutes ("the user has 15 minutes to sign
// in"), an access token about an hour (the page's example answers
// expires_in 3599), and a refresh token 90 days of inactivity ("the default
// lifetime for the refresh tokens is ... 90 days for all other scenarios",
// refresh tokens page). Entra asks clients to poll every 5 seconds.
const (
	deviceCodeLifetime    = 15 * time.Minute
	accessTokenLifetime   = 3599 * time.Second
	refreshTokenLifetime  = 90 * 24 * time.Hour
	defaultDeviceInterval = 5 * time.Second
	// slowDownStep is what RFC 8628 §3.5 has the client add to its interval
	// on slow_down; the server expects the slower pace from then on.
	slowDownStep = 5 * time.Second
)

// deviceCodeGrant is the grant type of a device code token request.
const deviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code"

// userCodeAlphabet are the characters of a user code: capital letters and
// digits without the ones a person confuses (0/O, 1/I).
const userCodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// identity is the state of the fake identity platform.
type identity struct {
	rng      *seeded
	interval time.Duration

	mu sync.Mutex
	// codes holds every device code issued, by device_code; byUser the same
	// by user code.
	codes  map[string]*deviceCode
	byUser map[string]*deviceCode
	// access holds the access tokens issued, refresh the refresh tokens.
	access  map[string]*grant
	refresh map[string]*grant
	// revokedAt is, per user key, when RevokeSignInSessions last ran: refresh
	// tokens issued before it are refused.
	revokedAt map[string]time.Time
}

// codeState is where a device code is in its life.
type codeState int

const (
	codePending codeState = iota
	codeApproved
	codeDeclined
	codeRedeemed
)

// deviceCode is one device authorization: what was asked and by whom, and
// what the person did with it.
type deviceCode struct {
	device, user     string
	tenant, clientID string
	scopes           []string
	expires          time.Time
	state            codeState
	userID           string
	// slowDowns is how many polls from now answer slow_down (SlowDownDeviceCode).
	slowDowns int
}

// grant is what an access or refresh token stands for: a user, or with app
// an application calling as itself.
type grant struct {
	app               bool
	userID, upn, name string
	tenant, clientID  string
	scopes            []string
	issued, expires   time.Time
}

func newIdentity(rng *seeded, interval time.Duration) *identity {
	return &identity{
		rng: rng, interval: interval,
		codes: map[string]*deviceCode{}, byUser: map[string]*deviceCode{},
		access: map[string]*grant{}, refresh: map[string]*grant{}, revokedAt: map[string]time.Time{},
	}
}

// LoginRequests returns a copy of the log of requests to the login host
// (LoginURL), in arrival order: device authorization requests end in
// "/oauth2/v2.0/devicecode", token requests in "/oauth2/v2.0/token", and
// Body is the form sent, whose grant_type tells a poll from a refresh (it
// holds the device codes, refresh tokens and secrets sent, which are only
// ever the fake's own).
func (s *Server) LoginRequests() []Request { return s.logins.snapshot() }

// ApproveDeviceCode signs in, at the verification page, the directory user
// named by user (an object ID or a user principal name) with the device
// code whose user code is userCode, and consents to what it asked for: the
// next poll of the code gets the user's tokens. It returns an error
// matching ErrUnknownUserCode for a code the server never issued,
// ErrUnknownUser for a user not in the directory, and an error for a code
// that expired (on the server's Clock) or was already approved, declined
// or redeemed.
func (s *Server) ApproveDeviceCode(userCode, user string) error {
	u, ok := s.dir.user(user)
	if !ok {
		u, ok = s.dir.userByUPN(user)
	}
	if !ok {
		return fmt.Errorf("accessreviewstest: approve device code: %w %q", ErrUnknownUser, user)
	}
	return s.idp.decide(userCode, s.clock.Now(), "approve", func(dc *deviceCode) {
		dc.state, dc.userID = codeApproved, u.ID
	})
}

// DeclineDeviceCode makes the person decline the sign-in of the device code
// whose user code is userCode: the next poll gets authorization_declined.
// Its errors are those of ApproveDeviceCode.
func (s *Server) DeclineDeviceCode(userCode string) error {
	return s.idp.decide(userCode, s.clock.Now(), "decline", func(dc *deviceCode) { dc.state = codeDeclined })
}

// SlowDownDeviceCode makes the next n polls of the device code whose user
// code is userCode answer slow_down, as an authorization server answers a
// client polling too fast (RFC 8628 §3.5), whatever the person did
// meanwhile. It returns an error matching ErrUnknownUserCode for a code the
// server never issued.
func (s *Server) SlowDownDeviceCode(userCode string, n int) error {
	s.idp.mu.Lock()
	defer s.idp.mu.Unlock()
	dc, ok := s.idp.byUser[strings.ToUpper(userCode)]
	if !ok {
		return fmt.Errorf("accessreviewstest: slow down device code: %w", ErrUnknownUserCode)
	}
	dc.slowDowns = max(n, 0)
	return nil
}

// RevokeSignInSessions refuses every refresh token issued to the directory
// user named by user (an object ID or a user principal name) so far, as
// Graph's revokeSignInSessions does: the next refresh gets invalid_grant and
// the user must sign in again. Access tokens already issued stay valid
// until they expire, as they do at Entra. It returns an error matching
// ErrUnknownUser for a user not in the directory.
//
// A refresh token also expires by itself after 90 days unused, measured on
// the server's Clock, and an access token after 3599 seconds: Clock.Advance
// reaches both.
func (s *Server) RevokeSignInSessions(user string) error {
	u, ok := s.dir.user(user)
	if !ok {
		u, ok = s.dir.userByUPN(user)
	}
	if !ok {
		return fmt.Errorf("accessreviewstest: revoke sign-in sessions: %w %q", ErrUnknownUser, user)
	}
	now := s.clock.Now()
	s.idp.mu.Lock()
	defer s.idp.mu.Unlock()
	s.idp.revokedAt[key(u.ID)] = now
	for tok, g := range s.idp.refresh {
		if key(g.userID) == key(u.ID) {
			delete(s.idp.refresh, tok)
		}
	}
	return nil
}

// decide applies a person's answer to a pending device code.
func (id *identity) decide(userCode string, now time.Time, what string, apply func(*deviceCode)) error {
	id.mu.Lock()
	defer id.mu.Unlock()
	dc, ok := id.byUser[strings.ToUpper(strings.TrimSpace(userCode))]
	switch {
	case !ok:
		return fmt.Errorf("accessreviewstest: %s device code: %w", what, ErrUnknownUserCode)
	case !now.Before(dc.expires):
		return fmt.Errorf("accessreviewstest: %s device code: the code expired at %s", what, dc.expires.Format(time.RFC3339))
	case dc.state != codePending:
		return fmt.Errorf("accessreviewstest: %s device code: the code was already used", what)
	}
	apply(dc)
	return nil
}

// caller resolves an access token the identity platform issued; known is
// false for any other token. An expired token gets the message Graph
// answers it with.
func (id *identity) caller(token string, now time.Time) (c Caller, problem string, known bool) {
	id.mu.Lock()
	defer id.mu.Unlock()
	g, ok := id.access[token]
	if !ok {
		return Caller{}, "", false
	}
	if !now.Before(g.expires) {
		return Caller{}, "Lifetime validation failed, the token is expired.", true
	}
	if g.app {
		return Caller{App: true}, "", true
	}
	return Caller{UserID: g.userID}, "", true
}

// serveLogin is the login host: it logs the request and routes it.
func (s *Server) serveLogin(w http.ResponseWriter, r *http.Request) {
	raw, tooLarge := readBounded(r.Body)
	_ = r.Body.Close()
	entry := s.logins.add(r, s.clock.Now(), false)
	s.logins.setBody(entry, raw)
	rec := &statusRecorder{ResponseWriter: w}
	defer func() { s.logins.setStatus(entry, rec.status()) }()
	if tooLarge {
		s.idpError(rec, http.StatusRequestEntityTooLarge, "invalid_request", 900144, "The request body is too large.")
		return
	}

	switch {
	case r.URL.Path == "/devicelogin":
		s.serveVerificationPage(rec, r, raw)
		return
	case strings.HasSuffix(r.URL.Path, "/oauth2/v2.0/devicecode"), strings.HasSuffix(r.URL.Path, "/oauth2/v2.0/token"):
	default:
		s.idpError(rec, http.StatusNotFound, "invalid_request", 900561, "The endpoint only accepts POST requests to /{tenant}/oauth2/v2.0/devicecode and /{tenant}/oauth2/v2.0/token.")
		return
	}
	tenant, endpoint, ok := splitLoginPath(r.URL.Path)
	if !ok {
		s.idpError(rec, http.StatusBadRequest, "invalid_request", 90002, "Tenant '' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.")
		return
	}
	if r.Method != http.MethodPost {
		rec.Header().Set("Allow", http.MethodPost)
		s.idpError(rec, http.StatusMethodNotAllowed, "invalid_request", 900561, "The endpoint only accepts POST requests. Received a "+r.Method+" request.")
		return
	}
	mediaType, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";")
	form, err := url.ParseQuery(string(raw))
	if !strings.EqualFold(strings.TrimSpace(mediaType), "application/x-www-form-urlencoded") || err != nil {
		s.idpError(rec, http.StatusBadRequest, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.")
		return
	}
	if endpoint == "devicecode" {
		s.deviceAuthorization(rec, tenant, form)
		return
	}
	s.token(rec, tenant, form)
}

// splitLoginPath reads /{tenant}/oauth2/v2.0/{endpoint}.
func splitLoginPath(p string) (tenant, endpoint string, ok bool) {
	parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
	if len(parts) != 4 || parts[0] == "" || parts[1] != "oauth2" || parts[2] != "v2.0" {
		return "", "", false
	}
	return parts[0], parts[3], true
}

// knownClient reports whether clientID names an application, answering
// the identity platform's error when it does not: a missing client_id, or
// one that is not an application (client) ID.
func (s *Server) knownClient(w http.ResponseWriter, tenant, clientID string) bool {
	switch {
	case clientID == "":
		s.idpError(w, http.StatusBadRequest, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.")
		return false
	case !isGUID(clientID):
		s.idpError(w, http.StatusBadRequest, "unauthorized_client", 700016, "Application with identifier '"+clientID+"' was not found in the directory '"+tenant+"'.")
		return false
	}
	return true
}

// deviceAuthorization answers POST /{tenant}/oauth2/v2.0/devicecode.
func (s *Server) deviceAuthorization(w http.ResponseWriter, tenant string, form url.Values) {
	clientID, scope := form.Get("client_id"), strings.TrimSpace(form.Get("scope"))
	switch {
	case !s.knownClient(w, tenant, clientID):
		return
	case scope == "":
		s.idpError(w, http.StatusBadRequest, "invalid_request", 900144, "The request body must contain the following parameter: 'scope'.")
		return
	}
	id := s.idp
	now := s.clock.Now()
	dc := &deviceCode{
		device:   "DAQABIQEAAAD" + id.rng.token(96),
		tenant:   strings.ToLower(tenant),
		clientID: strings.ToLower(clientID),
		scopes:   strings.Fields(scope),
		expires:  now.Add(deviceCodeLifetime),
	}
	id.mu.Lock()
	for {
		dc.user = id.rng.userCode(9)
		if _, taken := id.byUser[dc.user]; !taken {
			break
		}
	}
	id.codes[dc.device] = dc
	id.byUser[dc.user] = dc
	id.mu.Unlock()

	verify := s.LoginURL + "/devicelogin"
	writeIdentityJSON(w, http.StatusOK, map[string]any{
		"device_code":      dc.device,
		"user_code":        dc.user,
		"verification_uri": verify,
		"expires_in":       int(deviceCodeLifetime / time.Second),
		"interval":         int(id.interval / time.Second),
		"message":          "To sign in, use a web browser to open the page " + verify + " and enter the code " + dc.user + " to authenticate.",
	})
}

// token answers POST /{tenant}/oauth2/v2.0/token.
func (s *Server) token(w http.ResponseWriter, tenant string, form url.Values) {
	switch form.Get("grant_type") {
	case deviceCodeGrant:
		s.redeemDeviceCode(w, tenant, form)
	case "refresh_token":
		s.redeemRefreshToken(w, tenant, form)
	case "client_credentials":
		s.clientCredentials(w, tenant, form)
	case "":
		s.idpError(w, http.StatusBadRequest, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.")
	default:
		s.idpError(w, http.StatusBadRequest, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '"+form.Get("grant_type")+"'.")
	}
}

// redeemDeviceCode answers a poll: authorization_pending until the person
// acts, then the tokens once, authorization_declined, or expired_token
// after the code's 15 minutes on the server's Clock.
func (s *Server) redeemDeviceCode(w http.ResponseWriter, tenant string, form url.Values) {
	now := s.clock.Now()
	id := s.idp
	id.mu.Lock()
	dc, ok := id.codes[form.Get("device_code")]
	if !ok || dc.tenant != strings.ToLower(tenant) {
		id.mu.Unlock()
		s.idpError(w, http.StatusBadRequest, "bad_verification_code", 70018, "The provided value for the input parameter 'device_code' is not valid.")
		return
	}
	if !strings.EqualFold(form.Get("client_id"), dc.clientID) {
		id.mu.Unlock()
		s.idpError(w, http.StatusBadRequest, "invalid_grant", 70000, "The provided device code was issued to another client.")
		return
	}
	if dc.slowDowns > 0 {
		dc.slowDowns--
		id.mu.Unlock()
		s.idpError(w, http.StatusBadRequest, "slow_down", 0, "The client is polling too quickly; add "+strconv.Itoa(int(slowDownStep/time.Second))+" seconds to the interval.")
		return
	}
	if dc.state == codeRedeemed {
		id.mu.Unlock()
		s.idpError(w, http.StatusBadRequest, "invalid_grant", 54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.")
		return
	}
	if !now.Before(dc.expires) {
		id.mu.Unlock()
		s.idpError(w, http.StatusBadRequest, "expired_token", 70019, "Verification code expired.")
		return
	}
	switch dc.state {
	case codePending:
		id.mu.Unlock()
		s.idpError(w, http.StatusBadRequest, "authorization_pending", 70016, "OAuth 2.0 device flow error. Authorization is pending. Continue polling.")
		return
	case codeDeclined:
		id.mu.Unlock()
		s.idpError(w, http.StatusBadRequest, "authorization_declined", 70000, "The user declined the sign-in request.")
		return
	}
	dc.state = codeRedeemed
	id.mu.Unlock()
	u, ok := s.dir.user(dc.userID)
	if !ok {
		s.idpError(w, http.StatusBadRequest, "invalid_grant", 50034, "The user account does not exist in the directory.")
		return
	}
	s.issue(w, &grant{userID: u.ID, upn: u.UserPrincipalName, name: u.DisplayName, tenant: dc.tenant, clientID: dc.clientID, scopes: dc.scopes}, now)
}

// redeemRefreshToken answers a refresh: new tokens for the same user and
// application, or invalid_grant when the refresh token is unknown, expired
// (90 days unused) or revoked.
func (s *Server) redeemRefreshToken(w http.ResponseWriter, tenant string, form url.Values) {
	now := s.clock.Now()
	id := s.idp
	rt := form.Get("refresh_token")
	if rt == "" {
		s.idpError(w, http.StatusBadRequest, "invalid_request", 900144, "The request body must contain the following parameter: 'refresh_token'.")
		return
	}
	id.mu.Lock()
	g, ok := id.refresh[rt]
	var problem string
	code := 9002313
	switch {
	case !ok:
		problem = "Invalid request. Request is malformed or invalid."
	case !now.Before(g.expires):
		delete(id.refresh, rt)
		problem, code = "The refresh token has expired due to inactivity. The token was issued on "+g.issued.Format(time.RFC3339)+" and was inactive for 90.00:00:00.", 700082
	case !strings.EqualFold(form.Get("client_id"), g.clientID) || g.tenant != strings.ToLower(tenant):
		problem, code = "The refresh token was issued to a different client or tenant.", 70000
	}
	id.mu.Unlock()
	if problem != "" {
		s.idpError(w, http.StatusBadRequest, "invalid_grant", code, problem)
		return
	}
	next := *g
	if scope := strings.Fields(form.Get("scope")); len(scope) > 0 {
		next.scopes = scope
	}
	// The refresh token keeps offline access: a new one comes back even when
	// the refresh request's scope leaves offline_access out.
	if !slices.ContainsFunc(next.scopes, isOfflineAccess) && slices.ContainsFunc(g.scopes, isOfflineAccess) {
		next.scopes = append(slices.Clone(next.scopes), "offline_access")
	}
	s.issue(w, &next, now)
}

// appRoles are the application permissions an application token of the
// fake carries: what AppToken's application holds.
var appRoles = []string{"AccessReview.ReadWrite.All", "User.ReadWrite.All", "Group.ReadWrite.All", "Directory.Read.All"}

// clientCredentials answers the client credentials grant ("OAuth 2.0 client
// credentials flow" page): any non-empty secret is accepted for any
// application ID, the scope must be a resource's "/.default", and the
// access token, with no refresh token, acts as the application, as AppToken
// does.
func (s *Server) clientCredentials(w http.ResponseWriter, tenant string, form url.Values) {
	clientID, scope := form.Get("client_id"), strings.TrimSpace(form.Get("scope"))
	switch {
	case !s.knownClient(w, tenant, clientID):
		return
	case form.Get("client_secret") == "" && form.Get("client_assertion") == "":
		s.idpError(w, http.StatusUnauthorized, "invalid_client", 7000216, "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.")
		return
	case !strings.HasSuffix(scope, "/.default") || strings.Contains(scope, " "):
		s.idpError(w, http.StatusBadRequest, "invalid_scope", 1002012, "The provided value for scope "+scope+" is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).")
		return
	}
	now := s.clock.Now()
	id := s.idp
	g := &grant{app: true, tenant: strings.ToLower(tenant), clientID: strings.ToLower(clientID), issued: now, expires: now.Add(accessTokenLifetime)}
	tok := id.rng.jwt(map[string]any{
		"aud": strings.TrimSuffix(scope, "/.default"), "iss": "https://sts.windows.net/" + g.tenant + "/",
		"iat": now.Unix(), "nbf": now.Unix(), "exp": g.expires.Unix(),
		"idtyp": "app", "roles": appRoles, "appid": g.clientID, "tid": g.tenant, "ver": "1.0",
	})
	id.mu.Lock()
	id.access[tok] = g
	id.mu.Unlock()
	writeIdentityJSON(w, http.StatusOK, map[string]any{
		"token_type": "Bearer", "expires_in": int(accessTokenLifetime / time.Second),
		"ext_expires_in": int(accessTokenLifetime / time.Second), "access_token": tok,
	})
}

// issue writes a token answer for g: an access token, a refresh token when
// offline_access was asked for, and an ID token when openid was.
func (s *Server) issue(w http.ResponseWriter, g *grant, now time.Time) {
	id := s.idp
	g.issued = now
	var perms, openID []string
	offline := false
	for _, sc := range g.scopes {
		name := sc
		if i := strings.LastIndexByte(sc, '/'); i >= 0 {
			name = sc[i+1:] // "https://graph.microsoft.com/AccessReview.ReadWrite.All"
		}
		switch strings.ToLower(name) {
		case "offline_access":
			offline = true
		case "openid", "profile", "email":
			openID = append(openID, strings.ToLower(name))
		case ".default":
		default:
			perms = append(perms, name)
		}
	}
	access := &grant{userID: g.userID, upn: g.upn, name: g.name, tenant: g.tenant, clientID: g.clientID, scopes: g.scopes,
		issued: now, expires: now.Add(accessTokenLifetime)}
	claims := map[string]any{
		"aud": "https://graph.microsoft.com", "iss": "https://sts.windows.net/" + g.tenant + "/",
		"iat": now.Unix(), "nbf": now.Unix(), "exp": access.expires.Unix(),
		"idtyp": "user", "scp": strings.Join(perms, " "), "oid": g.userID, "upn": g.upn, "name": g.name,
		"tid": g.tenant, "appid": g.clientID, "ver": "1.0",
	}
	body := map[string]any{
		"token_type":     "Bearer",
		"scope":          strings.Join(append(slices.Clone(perms), openID...), " "),
		"expires_in":     int(accessTokenLifetime / time.Second),
		"ext_expires_in": int(accessTokenLifetime / time.Second),
		"access_token":   id.rng.jwt(claims),
	}
	id.mu.Lock()
	id.access[body["access_token"].(string)] = access
	if offline {
		rt := "1.AQ" + id.rng.token(160)
		id.refresh[rt] = &grant{userID: g.userID, upn: g.upn, name: g.name, tenant: g.tenant, clientID: g.clientID, scopes: g.scopes,
			issued: now, expires: now.Add(refreshTokenLifetime)}
		body["refresh_token"] = rt
	}
	id.mu.Unlock()
	if slices.Contains(openID, "openid") {
		body["id_token"] = id.rng.jwt(map[string]any{
			"aud": g.clientID, "iss": "https://login.microsoftonline.com/" + g.tenant + "/v2.0",
			"iat": now.Unix(), "nbf": now.Unix(), "exp": access.expires.Unix(),
			"oid": g.userID, "preferred_username": g.upn, "name": g.name, "tid": g.tenant, "ver": "2.0",
		})
	}
	writeIdentityJSON(w, http.StatusOK, body)
}

func isOfflineAccess(scope string) bool { return strings.EqualFold(scope, "offline_access") }

// idpError writes an error answer shaped as the identity platform's:
// error, error_description starting with the AADSTS number and ending with
// the trace and correlation IDs and the time, error_codes, timestamp,
// trace_id, correlation_id and error_uri. aadsts 0 leaves the number out.
func (s *Server) idpError(w http.ResponseWriter, status int, code string, aadsts int, description string) {
	now := s.clock.Now()
	trace, corr := s.idp.rng.guid(), s.idp.rng.guid()
	stamp := now.Format("2006-01-02 15:04:05Z")
	desc := description
	body := map[string]any{"error": code, "timestamp": stamp, "trace_id": trace, "correlation_id": corr}
	if aadsts != 0 {
		n := strconv.Itoa(aadsts)
		desc = "AADSTS" + n + ": " + description
		body["error_codes"] = []int{aadsts}
		body["error_uri"] = s.LoginURL + "/error?code=" + n
	}
	body["error_description"] = desc + "\r\nTrace ID: " + trace + "\r\nCorrelation ID: " + corr + "\r\nTimestamp: " + stamp
	writeIdentityJSON(w, status, body)
}

// writeIdentityJSON writes v with the headers of the identity platform's
// answers, which must not be cached.
func writeIdentityJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v, json.Deterministic(true))
	if err != nil {
		http.Error(w, "accessreviewstest: encoding the answer: "+err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store, no-cache")
	h.Set("Pragma", "no-cache")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// serveVerificationPage is the page the device code's verification_uri
// names. The person at the other device is played by a test through
// ApproveDeviceCode; for a person driving a served fake by hand (as with
// examples/fake-graph), GET shows a form and POST takes the code, the user
// and approve or decline.
func (s *Server) serveVerificationPage(w http.ResponseWriter, r *http.Request, body []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	const form = `<form method="post">Code <input name="code"> User (ID or principal name) <input name="user">` +
		`<button name="decision" value="approve">Sign in</button> <button name="decision" value="decline">Decline</button></form>`
	switch r.Method {
	case http.MethodGet:
		_, _ = fmt.Fprint(w, "<!doctype html><title>Fake sign-in</title><h1>Enter code</h1>"+form)
		return
	case http.MethodPost:
	default:
		w.Header().Set("Allow", "GET, POST")
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	f, _ := url.ParseQuery(string(body))
	var err error
	if f.Get("decision") == "decline" {
		err = s.DeclineDeviceCode(f.Get("code"))
	} else {
		err = s.ApproveDeviceCode(f.Get("code"), f.Get("user"))
	}
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = fmt.Fprint(w, "<!doctype html><title>Fake sign-in</title><p>"+html.EscapeString(err.Error())+"</p>"+form)
		return
	}
	_, _ = fmt.Fprint(w, "<!doctype html><title>Fake sign-in</title><p>Done. You can close this window.</p>")
}

// token returns n random URL-safe characters.
func (g *seeded) token(n int) string {
	b := make([]byte, (n*3+3)/4)
	g.mu.Lock()
	for i := range b {
		b[i] = byte(g.r.Uint32())
	}
	g.mu.Unlock()
	return base64.RawURLEncoding.EncodeToString(b)[:n]
}

// userCode returns a user code of n characters of userCodeAlphabet.
func (g *seeded) userCode(n int) string {
	b := make([]byte, n)
	g.mu.Lock()
	for i := range b {
		b[i] = userCodeAlphabet[g.r.IntN(len(userCodeAlphabet))]
	}
	g.mu.Unlock()
	return string(b)
}

// jwt returns a token shaped as a JWS in compact form, with claims as its
// payload and random bytes where the signature goes: clients that read
// claims (idtyp, scp, exp) can, while only this server can tell it from
// another, by looking it up.
func (g *seeded) jwt(claims map[string]any) string {
	return compactJWS(`{"alg":"RS256","kid":"accessreviewstest","typ":"JWT"}`, claims, g.token(342))
}

// isGUID reports whether s is a GUID in 8-4-4-4-12 form, any case, as an
// application (client) ID is.
func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if ch != '-' {
				return false
			}
		case ch >= '0' && ch <= '9', ch >= 'a' && ch <= 'f', ch >= 'A' && ch <= 'F':
		default:
			return false
		}
	}
	return true
}
