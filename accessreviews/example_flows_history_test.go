package accessreviews_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

// Export the decisions of the guest reviews: create the report, wait for
// its run, get a download address and stream the CSV. The download goes to
// a storage host, without the Graph token.
func ExampleHistoryService_Wait_onFake() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()
	client := s.Client()
	defID, instID := createGuestReview(ctx, client)
	if err := s.ClientAs(adeleID).Instances.AcceptRecommendations(ctx, defID, instID); err != nil {
		log.Fatal(err)
	}
	if err := client.Instances.Stop(ctx, defID, instID); err != nil {
		log.Fatal(err)
	}

	report, err := client.History.Create(ctx, &accessreviews.HistoryDefinition{
		DisplayName:                      "Guest reviews of January",
		ReviewHistoryPeriodStartDateTime: odata.DateTime{Time: time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)},
		ReviewHistoryPeriodEndDateTime:   odata.DateTime{Time: time.Date(2026, time.February, 1, 0, 0, 0, 0, time.UTC)},
		Scopes:                           []scope.Scope{accessreviews.HistoryScope(odata.Contains("scope/query", "userType eq 'Guest'"))},
	})
	if err != nil {
		log.Fatal(err)
	}
	// A real report takes minutes: the default interval polls every 30s.
	run, err := client.History.Wait(ctx, report.ID, &accessreviews.HistoryWaitOptions{
		Interval: accessreviews.MinHistoryPollInterval, Timeout: time.Minute,
	})
	if err != nil {
		log.Fatal(err)
	}
	run, err = client.History.GenerateDownloadURI(ctx, report.ID, run.ID)
	if err != nil {
		log.Fatal(err)
	}
	for row, err := range client.History.DownloadRows(ctx, run.DownloadURI, nil) {
		if err != nil {
			log.Fatal(err)
		}
		// PrincipalDisplayName, Decision, ReviewedByDisplayName
		fmt.Println(row[8], "|", row[11], "|", row[15])
	}
	fmt.Println("token sent to the storage host:", s.Downloads()[0].HasAuth)
	// Output:
	// PrincipalDisplayName | Decision | ReviewedByDisplayName
	// John Doe (Tailspin Toys) | Deny | Adele Vance
	// Sara Davis (Fabrikam) | Approve | Adele Vance
	// token sent to the storage host: false
}

// A missing object is a 404: errors.As reaches the *odata.Error with
// everything Graph said, and errors.Is matches it against odata.ErrNotFound
// without looking at the status.
func ExampleDefinitionsService_Get_notFound() {
	s := accessreviewstest.NewServer()
	defer s.Close()

	_, err := s.Client().Definitions.Get(context.Background(), "00000000-0000-0000-0000-0000000000ff")
	var gerr *odata.Error
	if errors.As(err, &gerr) {
		fmt.Println(gerr.StatusCode, gerr.Code)
		fmt.Println(gerr.Message)
		fmt.Println("request-id kept for support:", gerr.RequestID != "")
	}
	fmt.Println(errors.Is(err, odata.ErrNotFound))
	// Output:
	// 404 itemNotFound
	// accessReviewScheduleDefinition 00000000-0000-0000-0000-0000000000ff was not found
	// request-id kept for support: true
	// true
}

// New wraps an odata.Client built elsewhere, so that the access review
// services share its connections, retries and throttle gate with other
// Graph calls.
func ExampleNew() {
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	defer s.Close()
	ctx := context.Background()

	graph, err := odata.NewClient(s.OptionsAs(meganID)...)
	if err != nil {
		log.Fatal(err)
	}
	var me struct {
		DisplayName string `json:"displayName"`
	}
	if err := graph.Do(ctx, &odata.Request{Method: "GET", Path: "me"}, &me); err != nil {
		log.Fatal(err)
	}
	client := accessreviews.New(graph)
	def, err := client.Definitions.Create(ctx, guestReview())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("signed in as", me.DisplayName)
	fmt.Println(def.DisplayName, "created by", def.CreatedBy.DisplayName)
	// Output:
	// signed in as Megan Bowen
	// Quarterly guest review of Microsoft 365 groups created by Megan Bowen
}
