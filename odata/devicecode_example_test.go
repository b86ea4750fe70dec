package odata_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/graphkit/governance/odata"
)

// A reviewer bot signs in as the reviewer once; its next runs find the token
// in the cache and go on without asking. Here an in-memory identity platform
// (where the user approves at once) and an in-memory Graph stand in for the
// real ones; a real bot leaves WithHTTPClient out, and its first run waits
// until the user has typed the code.
func ExampleWithDeviceCode() {
	dir, err := os.MkdirTemp("", "reviewbot")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	cache, err := odata.NewFileTokenCache(filepath.Join(dir, "tokens.json"))
	if err != nil {
		fmt.Println(err)
		return
	}

	run := func() {
		c, err := odata.NewClient(
			odata.WithDeviceCode(odata.DeviceCode{
				TenantID: "contoso.onmicrosoft.com",
				ClientID: "7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53",
				Prompt: func(_ context.Context, p odata.DeviceCodePrompt) error {
					fmt.Printf("To sign in, open %s and enter %s\n", p.VerificationURI, p.UserCode)
					return nil
				},
				Cache: cache,
			}),
			odata.WithHTTPClient(&http.Client{Transport: inMemoryCloud{}}),
		)
		if err != nil {
			fmt.Println(err)
			return
		}
		var me struct {
			DisplayName string `json:"displayName"`
		}
		if err := c.Do(context.Background(), &odata.Request{Method: http.MethodGet, Path: "me"}, &me); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("signed in as", me.DisplayName)
	}
	run() // the first run shows the code
	run() // a restart uses the cached token
	// Output:
	// To sign in, open https://microsoft.com/devicelogin and enter GHJK-2345
	// signed in as Adele Vance
	// signed in as Adele Vance
}

// inMemoryCloud answers the device code and token endpoints of the identity
// platform, as if the user approved the code at once, and GET /me on Graph.
type inMemoryCloud struct{}

func (inMemoryCloud) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	answer := func(status int, body string) (*http.Response, error) {
		return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(body)), Request: req}, nil
	}
	switch {
	case strings.HasSuffix(req.URL.Path, "/oauth2/v2.0/devicecode"):
		return answer(200, `{"device_code":"dc","user_code":"GHJK-2345","verification_uri":"https://microsoft.com/devicelogin","expires_in":900,"interval":1}`)
	case strings.HasSuffix(req.URL.Path, "/oauth2/v2.0/token"):
		return answer(200, `{"token_type":"Bearer","expires_in":3600,"access_token":"at","refresh_token":"rt"}`)
	case req.URL.Path == "/v1.0/me" && req.Header.Get("Authorization") == "Bearer at":
		return answer(200, `{"displayName":"Adele Vance"}`)
	}
	return answer(401, `{"error":{"code":"InvalidAuthenticationToken","message":"no token"}}`)
}
