package accessreviewstest_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
)

// A reviewer signs in with the device code against the server's identity
// platform: the prompt shows the code as the person would see it, and
// approves it as that person, as they would at the verification page. The
// token then acts as that person on the Graph host.
func ExampleServer_ApproveDeviceCode() {
	s := accessreviewstest.NewServer(
		accessreviewstest.WithDirectory(accessreviewstest.SelfReviewTutorialDirectory()),
		accessreviewstest.WithDeviceCodeInterval(time.Second),
	)
	defer s.Close()

	prompt := func(ctx context.Context, p odata.DeviceCodePrompt) error {
		fmt.Println(strings.ReplaceAll(p.Message, s.LoginURL, "{LoginURL}"))
		return s.ApproveDeviceCode(p.UserCode, "AlexW@contoso.com")
	}
	c, err := odata.NewClient(s.DeviceCodeOptions(odata.DeviceCode{Prompt: prompt})...)
	if err != nil {
		fmt.Println(err)
		return
	}
	var me struct {
		DisplayName string `json:"displayName"`
	}
	if err := c.Do(context.Background(), &odata.Request{Method: "GET", Path: "me"}, &me); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("signed in as", me.DisplayName)
	for _, r := range s.LoginRequests() {
		fmt.Println(r.Method, strings.TrimPrefix(r.Path, "/"+accessreviewstest.TenantID), r.Status)
	}
	// Output:
	// To sign in, use a web browser to open the page {LoginURL}/devicelogin and enter the code 8568G4F7K to authenticate.
	// signed in as Alex Wilber
	// POST /oauth2/v2.0/devicecode 200
	// POST /oauth2/v2.0/token 200
}
