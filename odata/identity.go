package odata

import (
	"context"
	"encoding/json/jsontext"
	"encoding/json/v2"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/graphkit/governance/internal/check"
)

// The requests of the device code sign-in go to the Microsoft identity
// platform directly, not through oauth2.Config.DeviceAuth,
// DeviceAccessToken and TokenSource, because those do not fit the protocol
// as Entra ID implements it:
//
//   - DeviceAccessToken ends the sign-in at the first transport error, 5xx
//     or temporarily_unavailable answer, where RFC 8628 §3.5 asks the client
//     to poll more slowly and go on (a person is typing a code meanwhile);
//   - it reports an expired code as context.DeadlineExceeded, which cannot be
//     told from the caller's own deadline;
//   - it sends scope on every poll, a field Entra's device code page does not
//     list for that request;
//   - the refresh of oauth2.Config.TokenSource never sends scope, which
//     Entra documents for refresh requests and MSAL always sends, and it
//     hides the answer that tells "refresh token refused, sign in again"
//     from a passing outage;
//   - DeviceAuth drops Entra's message field, the localized instructions
//     for the user.
//
// The three requests are small form POSTs; their answers are decoded with
// encoding/json/v2 into identityResponse below.

// Sentinel errors of the device code sign-in.
var (
	// ErrSignInDeclined matches a device code sign-in the user declined
	// (authorization_declined, or access_denied as RFC 8628 names it).
	ErrSignInDeclined = errors.New("sign-in declined")
	// ErrSignInExpired matches a device code that expired before the user
	// finished signing in (expired_token, or the code's lifetime passed).
	ErrSignInExpired = errors.New("sign-in code expired")
)

// SignInError is an error answer of the Microsoft identity platform to a
// step of the device code sign-in or to a token refresh. It keeps what
// identifies the failure: the step, the HTTP status, the OAuth error code,
// Entra's AADSTS number and its trace and correlation IDs. It never holds
// the form that was sent, the device code, a token, or Entra's error
// description (which may name the user).
type SignInError struct {
	// Step is the request that failed: "device authorization", "token poll"
	// or "refresh".
	Step string
	// StatusCode is the HTTP status of the answer.
	StatusCode int
	// Code is the OAuth error code ("authorization_declined",
	// "invalid_grant"); empty when the answer carried none.
	Code string
	// AADSTS is Entra's error number, such as "AADSTS70008"; empty if none.
	AADSTS string
	// TraceID and CorrelationID are what Microsoft support asks for.
	TraceID, CorrelationID string
}

// Error formats the failure on one line, without secrets:
//
//	odata: sign-in: refresh: 400 invalid_grant (AADSTS70008, trace-id: …, correlation-id: …)
func (e *SignInError) Error() string {
	var b strings.Builder
	b.WriteString("odata: sign-in: ")
	b.WriteString(e.Step)
	b.WriteString(": ")
	b.WriteString(strconv.Itoa(e.StatusCode))
	b.WriteByte(' ')
	if e.Code != "" {
		b.WriteString(e.Code)
	} else {
		b.WriteString("no error code")
	}
	var ids []string
	if e.AADSTS != "" {
		ids = append(ids, e.AADSTS)
	}
	if e.TraceID != "" {
		ids = append(ids, "trace-id: "+e.TraceID)
	}
	if e.CorrelationID != "" {
		ids = append(ids, "correlation-id: "+e.CorrelationID)
	}
	if len(ids) > 0 {
		b.WriteString(" (")
		b.WriteString(strings.Join(ids, ", "))
		b.WriteByte(')')
	}
	return b.String()
}

// Is maps the OAuth error code to the sentinels: authorization_declined and
// access_denied match ErrSignInDeclined, expired_token ErrSignInExpired.
func (e *SignInError) Is(target error) bool {
	switch target {
	case ErrSignInDeclined:
		return e.Code == "authorization_declined" || e.Code == "access_denied"
	case ErrSignInExpired:
		return e.Code == "expired_token"
	}
	return false
}

// refused reports an answer to a refresh that a new sign-in can overcome:
// the refresh token expired or was revoked (invalid_grant), or the
// authority wants the user back (interaction_required, consent_required).
func refused(err error) bool {
	var se *SignInError
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code {
	case "invalid_grant", "interaction_required", "consent_required":
		return true
	}
	return false
}

// maxIdentityBody bounds an answer of the identity platform, as x/oauth2
// does.
const maxIdentityBody = 1 << 20

// identityResponse is the JSON body of an answer of the devicecode or token
// endpoint: the fields of a success and the error fields Entra adds.
// Numbers that some endpoints send as strings are kept raw.
type identityResponse struct {
	DeviceCode      string         `json:"device_code"`
	UserCode        string         `json:"user_code"`
	VerificationURI string         `json:"verification_uri"`
	VerificationURL string         `json:"verification_url"` // the v1 endpoint's spelling
	Message         string         `json:"message"`
	Interval        jsontext.Value `json:"interval"`

	AccessToken  string         `json:"access_token"`
	TokenType    string         `json:"token_type"`
	RefreshToken string         `json:"refresh_token"`
	ExpiresIn    jsontext.Value `json:"expires_in"`

	Error         string         `json:"error"`
	ErrorCodes    jsontext.Value `json:"error_codes"`
	Description   string         `json:"error_description"`
	TraceID       string         `json:"trace_id"`
	CorrelationID string         `json:"correlation_id"`
}

// identityAnswer is one answer: its status and, when the body was a JSON
// object, its decoded fields.
type identityAnswer struct {
	status int
	body   identityResponse
}

// ok reports a 2xx answer.
func (a *identityAnswer) ok() bool { return a.status >= 200 && a.status < 300 }

// transient reports an answer worth polling again after a longer wait: a
// 5xx or 429 without an OAuth error code, or temporarily_unavailable.
func (a *identityAnswer) transient() bool {
	if a.body.Error == "temporarily_unavailable" {
		return true
	}
	return a.body.Error == "" && (a.status >= 500 || a.status == http.StatusTooManyRequests)
}

// signInError keeps the identifying parts of a failed answer. Codes and
// IDs that do not look like codes and IDs are dropped, so that nothing the
// authority echoed can reach a log through them.
func (a *identityAnswer) signInError(step string) *SignInError {
	e := &SignInError{Step: step, StatusCode: a.status}
	if isErrorCode(a.body.Error) {
		e.Code = a.body.Error
	}
	if check.IsGUID(a.body.TraceID) {
		e.TraceID = a.body.TraceID
	}
	if check.IsGUID(a.body.CorrelationID) {
		e.CorrelationID = a.body.CorrelationID
	}
	var codes []int64
	if json.Unmarshal(a.body.ErrorCodes, &codes) == nil && len(codes) > 0 && codes[0] > 0 {
		e.AADSTS = "AADSTS" + strconv.FormatInt(codes[0], 10)
	} else {
		e.AADSTS = aadstsCode.FindString(a.body.Description)
	}
	return e
}

// isErrorCode reports whether s looks like an OAuth error code: lowercase
// letters and underscores, at most 64 of them.
func isErrorCode(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if (s[i] < 'a' || s[i] > 'z') && s[i] != '_' {
			return false
		}
	}
	return true
}

// token turns a successful token answer into a token whose expiry is read
// against now. Entra sends token_type Bearer; an empty one is taken as that.
func (r *identityResponse) token(now time.Time) (*oauth2.Token, error) {
	if r.AccessToken == "" {
		return nil, errors.New("the answer has no access token")
	}
	tok := &oauth2.Token{AccessToken: r.AccessToken, TokenType: r.TokenType, RefreshToken: r.RefreshToken}
	if tok.TokenType == "" {
		tok.TokenType = "Bearer"
	}
	if secs, ok := seconds(r.ExpiresIn); ok && secs > 0 {
		tok.Expiry = now.Add(time.Duration(secs) * time.Second)
	}
	return tok, nil
}

// seconds reads a count of seconds sent as a JSON number or as a string
// holding one; ok is false when v is absent or neither.
func seconds(v jsontext.Value) (int64, bool) {
	s := strings.TrimSpace(string(v))
	if s == "" || s == "null" {
		return 0, false
	}
	if unq, err := strconv.Unquote(s); err == nil {
		s = unq
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > int64(24*time.Hour/time.Second)*365 {
		return 0, false
	}
	return n, true
}

// postForm sends one form POST to the identity platform and reads its
// answer. Errors name the step and never the form, which holds the device
// code or the refresh token.
func postForm(ctx context.Context, hc *http.Client, userAgent, step, endpoint string, form url.Values) (*identityAnswer, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("odata: sign-in: %s: %w", step, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", userAgent)
	resp, err := hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("odata: sign-in: %s: %w", step, err)
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxIdentityBody+1))
	if err != nil {
		return nil, fmt.Errorf("odata: sign-in: %s: read answer: %w", step, err)
	}
	if len(data) > maxIdentityBody {
		return nil, fmt.Errorf("odata: sign-in: %s: answer larger than %d bytes", step, maxIdentityBody)
	}
	a := &identityAnswer{status: resp.StatusCode}
	if err := json.Unmarshal(data, &a.body); err != nil {
		a.body = identityResponse{} // not a JSON object: judged by its status
	}
	return a, nil
}
