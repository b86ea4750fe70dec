package accessreviewstest_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
)

// A server seeded with a tutorial's directory answers directory calls as
// the signed-in user.
func ExampleNewServer() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(accessreviewstest.SelfReviewTutorialDirectory()))
	defer s.Close()

	c, err := odata.NewClient(s.OptionsAs(accessreviewstest.SelfReviewAlexID)...)
	if err != nil {
		fmt.Println(err)
		return
	}
	var me struct {
		DisplayName       string `json:"displayName"`
		UserPrincipalName string `json:"userPrincipalName"`
	}
	if err := c.Do(context.Background(), &odata.Request{Method: "GET", Path: "me"}, &me); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(me.DisplayName, me.UserPrincipalName)
	fmt.Println(len(s.Requests()), "request logged")
	// Output:
	// Alex Wilber AlexW@contoso.com
	// 1 request logged
}

// A throttle longer than the client is willing to wait comes back as a
// throttled error at once, carrying the wait the service asked for.
func ExampleServer_FailNext() {
	s := accessreviewstest.NewServer()
	defer s.Close()
	s.FailNext(1, accessreviewstest.Throttle("120"))

	c, err := odata.NewClient(s.Options()...)
	if err != nil {
		fmt.Println(err)
		return
	}
	err = c.Do(context.Background(), &odata.Request{Method: "GET", Path: "users"}, nil)
	var gerr *odata.Error
	if errors.As(err, &gerr) {
		fmt.Println(gerr.StatusCode, gerr.Code, gerr.RetryAfter)
	}
	fmt.Println(errors.Is(err, odata.ErrThrottled), s.FaultsInjected())
	// Output:
	// 429 TooManyRequests 2m0s
	// true 1
}

// Paging follows the opaque next links the server emits.
func ExampleServer_Requests() {
	s := accessreviewstest.NewServer(
		accessreviewstest.WithDirectory(accessreviewstest.LargeGroupDirectory(250)),
	)
	defer s.Close()
	c, err := odata.NewClient(s.Options()...)
	if err != nil {
		fmt.Println(err)
		return
	}
	n := 0
	for _, err := range odata.All[map[string]any](context.Background(), c, &odata.Request{
		Method: "GET", Path: "groups/" + accessreviewstest.LargeGroupID + "/members",
	}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		n++
	}
	fmt.Println(n, "members in", len(s.Requests()), "pages")
	// Output:
	// 250 members in 3 pages
}
