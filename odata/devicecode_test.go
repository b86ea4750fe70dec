package odata

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

func TestDeviceCodeSignInPerCloud(t *testing.T) {
	t.Parallel()
	tests := []struct {
		cloud        Cloud
		login, graph string
	}{
		{Global, "login.microsoftonline.com", "graph.microsoft.com"},
		{USGovL4, "login.microsoftonline.us", "graph.microsoft.us"},
		{USGovL5DoD, "login.microsoftonline.us", "dod-graph.microsoft.us"},
		{China, "login.chinacloudapi.cn", "microsoftgraph.chinacloudapi.cn"},
	}
	for _, tt := range tests {
		t.Run(tt.cloud.String(), func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				p := newIdentityPlatform()
				pr := &prompts{onShown: func(DeviceCodePrompt) { p.approve() }}
				c := newDeviceClient(t, p, DeviceCode{Prompt: pr.prompt}, WithCloud(tt.cloud))
				start := time.Now()

				name, err := getMe(t.Context(), c)
				require.NoError(t, err)
				assert.Equal(t, "Adele Vance", name)

				require.Len(t, pr.shown(), 1)
				assert.Equal(t, DeviceCodePrompt{
					UserCode:        "UC1-WXYZ",
					VerificationURI: "https://microsoft.com/devicelogin",
					Message:         "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code UC1-WXYZ to authenticate.",
					ExpiresAt:       start.Add(15 * time.Minute),
				}, pr.shown()[0])

				login := p.requests("login")
				require.Len(t, login, 2)
				assert.Equal(t, tt.login, login[0].Host)
				assert.Equal(t, "/"+testTenant+"/oauth2/v2.0/devicecode", login[0].Path)
				assert.Equal(t, url.Values{
					"client_id": {testClientID},
					"scope":     {"https://" + tt.graph + "/AccessReview.ReadWrite.All offline_access"},
				}, login[0].Form, "the reviewer's permission and offline_access, under the cloud's Graph root")
				assert.Equal(t, tt.login, login[1].Host)
				assert.Equal(t, "/"+testTenant+"/oauth2/v2.0/token", login[1].Path)
				assert.Equal(t, url.Values{
					"grant_type":  {deviceCodeGrant},
					"client_id":   {testClientID},
					"device_code": {"SECRET-DC-1"},
				}, login[1].Form, "the poll sends what Entra's page lists: no scope, no secret")
				assert.Equal(t, 5*time.Second, login[1].At.Sub(start), "the first poll waits one interval")
				for _, r := range login {
					assert.Empty(t, r.Auth, "nothing is sent to the identity platform in an Authorization header")
				}

				graph := p.requests(tt.graph)
				require.Len(t, graph, 1)
				assert.Equal(t, "Bearer SECRET-AT-1", graph[0].Auth)
			})
		})
	}
}

func TestDeviceCodePolling(t *testing.T) {
	t.Parallel()
	s := time.Second
	tests := []struct {
		name                string
		expiresIn, interval string
		script              []string
		then                string // "approve", "decline" or "" (the user never acts)
		wantPolls           []time.Duration
		wantErr             error
		wantCode, wantAAD   string
	}{
		{name: "approved at once", then: "approve", wantPolls: []time.Duration{5 * s}},
		{name: "pending twice", script: []string{"authorization_pending", "authorization_pending"}, then: "approve", wantPolls: []time.Duration{5 * s, 10 * s, 15 * s}},
		{name: "slow_down adds five seconds for good", script: []string{"slow_down", "authorization_pending"}, then: "approve", wantPolls: []time.Duration{5 * s, 15 * s, 25 * s}},
		{name: "two slow_downs add ten", script: []string{"slow_down", "slow_down", "authorization_pending"}, then: "approve", wantPolls: []time.Duration{5 * s, 15 * s, 30 * s, 45 * s}},
		{
			name:   "an outage doubles the interval and the sign-in goes on",
			script: []string{"503", "reset", "temporarily_unavailable", "authorization_pending"}, then: "approve",
			wantPolls: []time.Duration{5 * s, 15 * s, 35 * s, 75 * s, 115 * s},
		},
		{name: "interval and lifetime sent as strings", expiresIn: `"900"`, interval: `"7"`, then: "approve", wantPolls: []time.Duration{7 * s}},
		{name: "no interval: five seconds", interval: "-", then: "approve", wantPolls: []time.Duration{5 * s}},
		{
			name: "declined", script: []string{"authorization_pending"}, then: "decline",
			wantPolls: []time.Duration{5 * s, 10 * s}, wantErr: ErrSignInDeclined, wantCode: "authorization_declined", wantAAD: "AADSTS70000",
		},
		{name: "access_denied is a decline too", script: []string{"access_denied"}, wantPolls: []time.Duration{5 * s}, wantErr: ErrSignInDeclined, wantCode: "access_denied"},
		{name: "expired_token", script: []string{"expired_token"}, wantPolls: []time.Duration{5 * s}, wantErr: ErrSignInExpired, wantCode: "expired_token", wantAAD: "AADSTS70020"},
		{name: "bad_verification_code", script: []string{"bad_verification_code"}, wantPolls: []time.Duration{5 * s}, wantCode: "bad_verification_code", wantAAD: "AADSTS70019"},
		{
			name: "the code expires without an answer", expiresIn: "30",
			wantPolls: []time.Duration{5 * s, 10 * s, 15 * s, 20 * s, 25 * s}, wantErr: ErrSignInExpired,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				p := newIdentityPlatform()
				if tt.expiresIn != "" {
					p.expiresIn = tt.expiresIn
				}
				switch tt.interval {
				case "-":
					p.interval = ""
				case "":
				default:
					p.interval = tt.interval
				}
				p.script = tt.script
				pr := &prompts{onShown: func(DeviceCodePrompt) {
					switch tt.then {
					case "approve":
						p.approve()
					case "decline":
						p.decline()
					}
				}}
				// A token timeout far below the sign-in's length bounds each
				// request to the platform, not the wait for the person.
				c := newDeviceClient(t, p, DeviceCode{Prompt: pr.prompt}, WithTokenTimeout(2*time.Second))
				start := time.Now()

				_, err := getMe(t.Context(), c)

				var at []time.Duration
				for _, r := range p.polls() {
					at = append(at, r.At.Sub(start))
				}
				assert.Equal(t, tt.wantPolls, at)
				graph := p.requests("graph.microsoft.com")
				if tt.wantErr == nil && tt.wantCode == "" {
					require.NoError(t, err)
					require.Len(t, graph, 1)
					assert.Equal(t, "Bearer SECRET-AT-1", graph[0].Auth)
					return
				}
				require.Error(t, err)
				assert.Empty(t, graph, "no Graph request without a token")
				if tt.wantErr != nil {
					assert.ErrorIs(t, err, tt.wantErr)
				}
				for _, other := range []error{ErrSignInDeclined, ErrSignInExpired} {
					if other != tt.wantErr {
						assert.NotErrorIs(t, err, other)
					}
				}
				if tt.wantCode != "" {
					var se *SignInError
					require.ErrorAs(t, err, &se)
					assert.Equal(t, &SignInError{Step: "token poll", StatusCode: 400, Code: tt.wantCode, AADSTS: tt.wantAAD, TraceID: testTraceID, CorrelationID: testCorrID}, se)
				}
				assertNoSecret(t, err.Error())
			})
		})
	}
}

func TestDeviceCodeCancellation(t *testing.T) {
	t.Parallel()
	t.Run("the caller's context ends the sign-in", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			p := newIdentityPlatform()
			pr := &prompts{}
			c := newDeviceClient(t, p, DeviceCode{Prompt: pr.prompt})
			ctx, cancel := context.WithCancel(t.Context())
			done := make(chan error, 1)
			go func() { _, err := getMe(ctx, c); done <- err }()
			time.Sleep(12 * time.Second) // polls at 5 s and 10 s
			cancel()
			err := <-done
			assert.ErrorIs(t, err, context.Canceled)
			synctest.Wait()
			time.Sleep(time.Minute)
			assert.Len(t, p.polls(), 2, "no poll after the cancellation")
			assert.Empty(t, p.requests("graph.microsoft.com"))

			// The next call starts a new sign-in, with a new code.
			pr.mu.Lock()
			pr.onShown = func(DeviceCodePrompt) { p.approve() }
			pr.mu.Unlock()
			_, err = getMe(t.Context(), c)
			require.NoError(t, err)
			require.Len(t, pr.shown(), 2)
			assert.Equal(t, "UC2-WXYZ", pr.shown()[1].UserCode)
		})
	})
	t.Run("the sign-in goes on while a call still waits", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			p := newIdentityPlatform()
			pr := &prompts{}
			c := newDeviceClient(t, p, DeviceCode{Prompt: pr.prompt})
			impatient, cancel := context.WithCancel(t.Context())
			var wg sync.WaitGroup
			var errImpatient, errPatient error
			wg.Go(func() { _, errImpatient = getMe(impatient, c) })
			wg.Go(func() { _, errPatient = getMe(t.Context(), c) })
			time.Sleep(7 * time.Second)
			cancel()
			time.Sleep(20 * time.Second)
			p.approve()
			wg.Wait()
			assert.ErrorIs(t, errImpatient, context.Canceled)
			assert.NoError(t, errPatient)
			assert.Len(t, pr.shown(), 1, "one sign-in for both calls")
			assert.Equal(t, 1, p.count("/devicecode"))
		})
	})
	t.Run("a failing prompt ends the sign-in", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			p := newIdentityPlatform()
			chatDown := errors.New("chat is down")
			pr := &prompts{err: chatDown}
			c := newDeviceClient(t, p, DeviceCode{Prompt: pr.prompt})
			_, err := getMe(t.Context(), c)
			assert.ErrorIs(t, err, chatDown)
			assert.ErrorContains(t, err, "prompt: chat is down")
			assert.Empty(t, p.polls(), "nobody saw the code: no polling")
		})
	})
}

func TestDeviceCodeAuthorizationFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, answer string
		check        func(t *testing.T, err error)
	}{
		{"public client flows disabled", "invalid_client", func(t *testing.T, err error) {
			var se *SignInError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, &SignInError{Step: "device authorization", StatusCode: 400, Code: "invalid_client", AADSTS: "AADSTS7000218", TraceID: testTraceID, CorrelationID: testCorrID}, se)
		}},
		{"an answer without a user code", "incomplete", func(t *testing.T, err error) {
			assert.ErrorContains(t, err, "lacks a device code, a user code or an https verification address")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				p := newIdentityPlatform()
				p.deviceAnswer = tt.answer
				pr := &prompts{}
				c := newDeviceClient(t, p, DeviceCode{Prompt: pr.prompt})
				_, err := getMe(t.Context(), c)
				require.Error(t, err)
				tt.check(t, err)
				assert.Empty(t, pr.shown())
				assert.Empty(t, p.polls())
				assertNoSecret(t, err.Error())
			})
		})
	}
}

func TestDeviceCodeRefresh(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		p := newIdentityPlatform()
		pr := &prompts{onShown: func(DeviceCodePrompt) { p.approve() }}
		c := newDeviceClient(t, p, DeviceCode{Prompt: pr.prompt})
		_, err := getMe(t.Context(), c)
		require.NoError(t, err)

		// The token (an hour) is used until three minutes before it expires.
		time.Sleep(56 * time.Minute)
		_, err = getMe(t.Context(), c)
		require.NoError(t, err)
		assert.Equal(t, 0, refreshes(p))

		time.Sleep(2 * time.Minute)
		_, err = getMe(t.Context(), c)
		require.NoError(t, err)
		require.Equal(t, 1, refreshes(p))
		assert.Equal(t, url.Values{
			"grant_type":    {"refresh_token"},
			"client_id":     {testClientID},
			"refresh_token": {"SECRET-RT-1"},
			"scope":         {"https://graph.microsoft.com/AccessReview.ReadWrite.All offline_access"},
		}, lastLogin(p).Form)

		// Entra rotates refresh tokens: the next refresh sends the new one.
		time.Sleep(time.Hour)
		_, err = getMe(t.Context(), c)
		require.NoError(t, err)
		assert.Equal(t, "SECRET-RT-2", lastLogin(p).Form.Get("refresh_token"))

		graph := p.requests("graph.microsoft.com")
		assert.Equal(t, []string{"Bearer SECRET-AT-1", "Bearer SECRET-AT-1", "Bearer SECRET-AT-2", "Bearer SECRET-AT-3"}, auths(graph))
		assert.Len(t, pr.shown(), 1, "the user signed in once")
	})
}

func TestDeviceCodeRefreshAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		answer  string
		signsIn bool // the user is asked again
	}{
		{"invalid_grant", true},
		{"interaction_required", true},
		{"consent_required", true},
		{"503", false},
		{"temporarily_unavailable", false},
		{"invalid_client", false},
	}
	for _, tt := range tests {
		t.Run(tt.answer, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				p := newIdentityPlatform()
				pr := &prompts{onShown: func(DeviceCodePrompt) { p.approve() }}
				c := newDeviceClient(t, p, DeviceCode{Prompt: pr.prompt})
				_, err := getMe(t.Context(), c)
				require.NoError(t, err)

				p.mu.Lock()
				p.refreshAnswer = tt.answer
				p.mu.Unlock()
				time.Sleep(time.Hour)
				_, err = getMe(t.Context(), c)
				if tt.signsIn {
					require.NoError(t, err)
					require.Len(t, pr.shown(), 2, "the refused refresh token sends the user back to the prompt")
					assert.Equal(t, "UC2-WXYZ", pr.shown()[1].UserCode)
					assert.Equal(t, "Bearer SECRET-AT-2", lastAuth(p))
					return
				}
				require.Error(t, err)
				assertNoSecret(t, err.Error())
				assert.Len(t, pr.shown(), 1, "an outage or a configuration error is no reason to ask the user")
				assert.Equal(t, 1, p.count("/devicecode"))

				// Once the platform answers again, the same refresh token works.
				p.mu.Lock()
				p.refreshAnswer = ""
				p.mu.Unlock()
				_, err = getMe(t.Context(), c)
				require.NoError(t, err)
				assert.Equal(t, "SECRET-RT-1", lastLogin(p).Form.Get("refresh_token"))
				assert.Len(t, pr.shown(), 1)
			})
		})
	}
}

func TestDeviceCodeRefreshRefusedSignsInAgain(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		p := newIdentityPlatform()
		pr := &prompts{onShown: func(DeviceCodePrompt) { p.approve() }}
		cache, err := NewFileTokenCache(t.TempDir() + "/tokens.json")
		require.NoError(t, err)
		c := newDeviceClient(t, p, DeviceCode{Prompt: pr.prompt, Cache: cache})
		_, err = getMe(t.Context(), c)
		require.NoError(t, err)

		p.revoke() // the user's sessions were revoked
		time.Sleep(time.Hour)
		_, err = getMe(t.Context(), c)
		require.NoError(t, err)
		assert.Len(t, pr.shown(), 2)
		assert.Equal(t, "Bearer SECRET-AT-2", lastAuth(p))

		saved, err := cache.Load(t.Context(), keyOf(DeviceCode{}, Global))
		require.NoError(t, err)
		require.NotNil(t, saved)
		assert.Equal(t, "SECRET-RT-2", saved.RefreshToken, "the new sign-in replaced the refused token")
	})
}

func TestDeviceCodeUnauthorizedRenewsTheToken(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		p := newIdentityPlatform()
		pr := &prompts{onShown: func(DeviceCodePrompt) { p.approve() }}
		c := newDeviceClient(t, p, DeviceCode{Prompt: pr.prompt})
		_, err := getMe(t.Context(), c)
		require.NoError(t, err)

		// Graph refuses the token (revoked by continuous access evaluation,
		// say) long before it expires: the cached copy must not come back.
		p.mu.Lock()
		p.graphRefuse["SECRET-AT-1"] = true
		p.mu.Unlock()
		_, err = getMe(t.Context(), c)
		require.NoError(t, err)
		assert.Equal(t, []string{"Bearer SECRET-AT-1", "Bearer SECRET-AT-1", "Bearer SECRET-AT-2"}, auths(p.requests("graph.microsoft.com")))
		assert.Equal(t, 1, refreshes(p))
		assert.Len(t, pr.shown(), 1)
	})
}

func TestDeviceCodeCacheAcrossRestarts(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		p := newIdentityPlatform()
		pr := &prompts{onShown: func(DeviceCodePrompt) { p.approve() }}
		path := t.TempDir() + "/bot/tokens.json"
		// run starts the bot afresh: a new cache value and a new client.
		run := func() error {
			cache, err := NewFileTokenCache(path)
			require.NoError(t, err)
			c := newDeviceClient(t, p, DeviceCode{Prompt: pr.prompt, Cache: cache})
			_, err = getMe(t.Context(), c)
			return err
		}

		require.NoError(t, run())
		require.Len(t, pr.shown(), 1)
		loginAfterFirst := len(p.requests("login"))

		require.NoError(t, run())
		assert.Len(t, pr.shown(), 1, "the second run does not ask the user")
		assert.Len(t, p.requests("login"), loginAfterFirst, "nor the identity platform: the access token is still good")
		assert.Equal(t, "Bearer SECRET-AT-1", lastAuth(p))

		time.Sleep(2 * time.Hour)
		require.NoError(t, run())
		assert.Len(t, pr.shown(), 1, "an expired access token is renewed with the cached refresh token")
		assert.Equal(t, 1, refreshes(p))
		assert.Equal(t, "Bearer SECRET-AT-2", lastAuth(p))

		p.revoke()
		time.Sleep(2 * time.Hour)
		require.NoError(t, run())
		assert.Len(t, pr.shown(), 2, "a refused refresh token brings the prompt back")
		assert.Equal(t, "Bearer SECRET-AT-3", lastAuth(p))
	})
}

func TestDeviceCodeCacheKeys(t *testing.T) {
	t.Parallel()
	base := DeviceCode{TenantID: testTenant, ClientID: testClientID}
	other := func(f func(*DeviceCode)) DeviceCode { dc := base; f(&dc); return dc }
	tests := []struct {
		name  string
		dc    DeviceCode
		cloud Cloud
		login string // WithLoginBaseURL of the second sign-in; "" for none
	}{
		{"another tenant", other(func(dc *DeviceCode) { dc.TenantID = "fabrikam.onmicrosoft.com" }), Global, ""},
		{"another application", other(func(dc *DeviceCode) { dc.ClientID = "11112222-bbbb-3333-cccc-4444dddd5555" }), Global, ""},
		{"another cloud", base, USGovL4, ""},
		{"another cloud on the same authority", base, USGovL5DoD, ""},
		{"other scopes", other(func(dc *DeviceCode) { dc.Scopes = []string{"AccessReview.Read.All"} }), Global, ""},
		{"another authority root", base, Global, "https://login.proxy.example"},
		{"the same host below a prefix", base, Global, "https://login.microsoftonline.com/entra"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				p := newIdentityPlatform()
				pr := &prompts{onShown: func(DeviceCodePrompt) { p.approve() }}
				cache, err := NewFileTokenCache(t.TempDir() + "/tokens.json")
				require.NoError(t, err)
				first := newDeviceClient(t, p, DeviceCode{Prompt: pr.prompt, Cache: cache})
				_, err = getMe(t.Context(), first)
				require.NoError(t, err)

				dc := tt.dc
				dc.Prompt, dc.Cache = pr.prompt, cache
				opts := []Option{WithCloud(tt.cloud)}
				secondKey := keyOf(tt.dc, tt.cloud)
				if tt.login != "" {
					opts = append(opts, WithLoginBaseURL(tt.login))
					secondKey = deviceCacheKey(tt.cloud, tt.login, tt.dc.TenantID, tt.dc.ClientID, deviceScopes(&tt.dc, tt.cloud))
				}
				second := newDeviceClient(t, p, dc, opts...)
				_, err = getMe(t.Context(), second)
				require.NoError(t, err)
				assert.Len(t, pr.shown(), 2, "a token is never shared with another sign-in")
				for _, key := range []string{keyOf(DeviceCode{}, Global), secondKey} {
					saved, err := cache.Load(t.Context(), key)
					require.NoError(t, err)
					assert.NotNil(t, saved, "each sign-in has its own entry")
				}
				assert.NotEqual(t, keyOf(DeviceCode{}, Global), secondKey)

				// Both stay in the cache: the first is reused without a prompt.
				again := newDeviceClient(t, p, DeviceCode{Prompt: pr.prompt, Cache: cache})
				_, err = getMe(t.Context(), again)
				require.NoError(t, err)
				assert.Len(t, pr.shown(), 2)
			})
		})
	}
}

func TestDeviceCodeCacheFailures(t *testing.T) {
	t.Parallel()
	t.Run("a token the cache cannot keep is reported and held in memory", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			p := newIdentityPlatform()
			pr := &prompts{onShown: func(DeviceCodePrompt) { p.approve() }}
			diskFull := errors.New("no space left on device")
			c := newDeviceClient(t, p, DeviceCode{Prompt: pr.prompt, Cache: &brokenCache{storeErr: diskFull}})
			_, err := getMe(t.Context(), c)
			assert.ErrorIs(t, err, diskFull)
			assert.ErrorContains(t, err, "could not keep the token")
			assertNoSecret(t, err.Error())
			logins := len(p.requests("login"))

			_, err = getMe(t.Context(), c)
			require.NoError(t, err)
			assert.Len(t, pr.shown(), 1, "the user is not asked again")
			assert.Len(t, p.requests("login"), logins)
			assert.Equal(t, "Bearer SECRET-AT-1", lastAuth(p))
		})
	})
	t.Run("an unreadable cache stops the call before the prompt", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			p := newIdentityPlatform()
			pr := &prompts{}
			broken := errors.New("vault sealed")
			c := newDeviceClient(t, p, DeviceCode{Prompt: pr.prompt, Cache: &brokenCache{loadErr: broken}})
			_, err := getMe(t.Context(), c)
			assert.ErrorIs(t, err, broken)
			assert.Empty(t, pr.shown())
			assert.Empty(t, p.requests(""))
		})
	})
}

// brokenCache is a TokenCache whose Load or Store fails.
type brokenCache struct {
	loadErr, storeErr error
}

func (b *brokenCache) Load(context.Context, string) (*oauth2.Token, error) { return nil, b.loadErr }

func (b *brokenCache) Store(context.Context, string, *oauth2.Token) error { return b.storeErr }

func (b *brokenCache) Delete(context.Context, string) error { return nil }

// keyOf returns the cache key of a device code sign-in in cloud.
func keyOf(dc DeviceCode, cloud Cloud) string {
	if dc.TenantID == "" {
		dc.TenantID = testTenant
	}
	if dc.ClientID == "" {
		dc.ClientID = testClientID
	}
	return deviceCacheKey(cloud, "https://"+cloud.LoginHost(), dc.TenantID, dc.ClientID, deviceScopes(&dc, cloud))
}

// refreshes counts the refresh requests p received.
func refreshes(p *identityPlatform) int {
	n := 0
	for _, r := range p.requests("login") {
		if r.Form.Get("grant_type") == "refresh_token" {
			n++
		}
	}
	return n
}

// lastLogin returns the last request to a login host.
func lastLogin(p *identityPlatform) idpRequest {
	r := p.requests("login")
	return r[len(r)-1]
}

// lastAuth returns the Authorization header of the last Graph request.
func lastAuth(p *identityPlatform) string {
	r := p.requests("graph.microsoft.com")
	if len(r) == 0 {
		return ""
	}
	return r[len(r)-1].Auth
}

// auths lists the Authorization headers of requests.
func auths(rs []idpRequest) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Auth)
	}
	return out
}

func TestDeviceCodeLeaksNoSecret(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var logs bytes.Buffer
		logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		p := newIdentityPlatform()
		p.script = []string{"slow_down", "503", "reset"}
		pr := &prompts{onShown: func(DeviceCodePrompt) { p.approve() }}
		c := newDeviceClient(t, p, DeviceCode{Prompt: pr.prompt}, WithLogger(logger))
		var errs []error
		call := func() {
			if _, err := getMe(t.Context(), c); err != nil {
				errs = append(errs, err)
			}
		}
		call() // a sign-in through slow_down and an outage
		p.mu.Lock()
		p.graphRefuse["SECRET-AT-1"] = true
		p.mu.Unlock()
		call() // a 401 and a refresh
		p.mu.Lock()
		p.refreshAnswer = "503"
		p.mu.Unlock()
		time.Sleep(time.Hour)
		call() // a failed refresh
		p.mu.Lock()
		p.refreshAnswer = "invalid_grant"
		p.mu.Unlock()
		p.decline()
		pr.mu.Lock()
		pr.onShown = func(DeviceCodePrompt) { p.decline() }
		pr.mu.Unlock()
		call() // a refused refresh, then a declined sign-in

		require.Len(t, errs, 2)
		assert.ErrorIs(t, errs[1], ErrSignInDeclined)
		for _, err := range errs {
			assertNoSecret(t, err.Error())
			assertNoSecret(t, fmt.Sprintf("%+v %#v", err, err))
		}
		require.NotZero(t, logs.Len(), "the calls were logged")
		assertNoSecret(t, logs.String())
	})
}

func TestWithDeviceCodeValidation(t *testing.T) {
	t.Parallel()
	prompt := func(context.Context, DeviceCodePrompt) error { return nil }
	tests := []struct {
		name   string
		opts   []Option
		fields []string
	}{
		{"everything missing", []Option{WithDeviceCode(DeviceCode{})}, []string{"tenantID", "clientID", "deviceCode.prompt"}},
		{"swapped IDs and a scope URL", []Option{WithDeviceCode(DeviceCode{TenantID: "not a tenant", ClientID: testTenant, Prompt: prompt, Scopes: []string{"https://graph.microsoft.com/.default", ""}})},
			[]string{"tenantID", "clientID", "deviceCode.scopes[0]", "deviceCode.scopes[1]"}},
		{"with client credentials", []Option{WithDeviceCode(DeviceCode{TenantID: testTenant, ClientID: testClientID, Prompt: prompt}), WithClientCredentials(testTenant, testClientID, "s3cret")}, []string{"deviceCode"}},
		{"with a token source", []Option{WithTokenSource(&countingTokens{}), WithDeviceCode(DeviceCode{TenantID: testTenant, ClientID: testClientID, Prompt: prompt})}, []string{"deviceCode"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := NewClient(tt.opts...)
			assert.Nil(t, c)
			require.ErrorIs(t, err, ErrInvalid)
			assert.ElementsMatch(t, tt.fields, fieldsOf(err))
			assert.NotContains(t, err.Error(), "not a tenant", "a value that may be a credential is not quoted")
		})
	}
	_, err := NewClient(WithDeviceCode(DeviceCode{TenantID: testTenant, ClientID: testClientID, Prompt: prompt, Scopes: []string{"AccessReview.Read.All", "User.Read", "openid"}}))
	assert.NoError(t, err)
}

func TestDeviceScopes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		scopes []string
		cloud  Cloud
		want   string
	}{
		{nil, Global, "https://graph.microsoft.com/AccessReview.ReadWrite.All offline_access"},
		{nil, China, "https://microsoftgraph.chinacloudapi.cn/AccessReview.ReadWrite.All offline_access"},
		{[]string{"User.Read", "AccessReview.Read.All", "User.Read"}, Global, "https://graph.microsoft.com/AccessReview.Read.All https://graph.microsoft.com/User.Read offline_access"},
		{[]string{"OpenID", "offline_access", "AccessReview.ReadWrite.All"}, USGovL4, "https://graph.microsoft.us/AccessReview.ReadWrite.All offline_access openid"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, deviceScopes(&DeviceCode{Scopes: tt.scopes}, tt.cloud))
	}
}

func TestSlower(t *testing.T) {
	t.Parallel()
	s := time.Second
	for in, want := range map[time.Duration]time.Duration{5 * s: 10 * s, 40 * s: 60 * s, 60 * s: 60 * s, 90 * s: 90 * s} {
		assert.Equal(t, want, slower(in), "slower(%s)", in)
	}
}

// TestDeviceCodeSignInDoesNotUseUpTheRetryBudget makes the user take longer
// than the call's retry budget (three minutes) to sign in: the throttled
// first attempt is still retried, because the budget starts when the
// attempt is sent.
func TestDeviceCodeSignInDoesNotUseUpTheRetryBudget(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		p := newIdentityPlatform()
		p.graphThrottles = 1
		pr := &prompts{}
		c := newDeviceClient(t, p, DeviceCode{Prompt: pr.prompt})
		go func() {
			time.Sleep(5 * time.Minute)
			p.approve()
		}()
		name, err := getMe(t.Context(), c)
		require.NoError(t, err)
		assert.Equal(t, "Adele Vance", name)
		assert.Len(t, p.requests("graph.microsoft.com"), 2, "the 429 was retried")
	})
}
