package perf

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// fakeAppToken is the Authorization header of an app-only caller of the
// fake service (every fake accepts the same token); the floor sends it by
// hand, as a program with a token in hand would.
var fakeAppToken = func() string {
	s := accessreviewstest.NewServer()
	defer s.Close()
	return "Bearer " + s.AppToken()
}()

// reviewStart is the fake's default day, on which the reviews open.
var reviewStart = odata.Date{Year: 2026, Month: time.January, Day: 5}

// review is one instance of a one-time review of a large group.
type review struct {
	srv  *accessreviewstest.Server
	def  accessreviews.DefinitionID
	inst accessreviews.InstanceID
}

// newLargeReview starts a fake with a group of n users and a one-time
// review of its members by its owner.
func newLargeReview(tb testing.TB, n int, opts ...accessreviewstest.Option) review {
	tb.Helper()
	s := accessreviewstest.NewServer(append([]accessreviewstest.Option{
		accessreviewstest.WithDirectory(accessreviewstest.LargeGroupDirectory(n)),
	}, opts...)...)
	tb.Cleanup(s.Close)
	def, err := s.Client().Definitions.Create(context.Background(), largeDefinition())
	if err != nil {
		tb.Fatal(err)
	}
	return review{srv: s, def: def.ID, inst: accessreviews.InstanceID(def.ID)}
}

// largeDefinition is the one-time review of the large group's members.
func largeDefinition() *accessreviews.Definition {
	return &accessreviews.Definition{
		DisplayName: "Large review",
		Scope:       scope.Group(accessreviewstest.LargeGroupID).Members(),
		Reviewers:   []scope.Reviewer{scope.OwnersOfGroup(accessreviewstest.LargeGroupID)},
		Settings: accessreviews.Settings{RecommendationsEnabled: true, InstanceDurationInDays: 7,
			Recurrence: recurrence.Once().StartingOn(reviewStart)},
	}
}

// decisionsURL is the first page of the instance's decisions.
func (r review) decisionsURL() string {
	return r.srv.URL + "/v1.0/identityGovernance/accessReviews/definitions/" + string(r.def) +
		"/instances/" + string(r.inst) + "/decisions"
}

// floorIdentity is the minimal identity the floor decodes.
type floorIdentity struct {
	Type              string `json:"@odata.type"`
	ID                string `json:"id"`
	DisplayName       string `json:"displayName"`
	UserPrincipalName string `json:"userPrincipalName"`
}

// floorDecision holds every property the fake sends, as strings: what a
// hand-written client would decode.
type floorDecision struct {
	ID               string        `json:"id"`
	AccessReviewID   string        `json:"accessReviewId"`
	Decision         string        `json:"decision"`
	Justification    string        `json:"justification"`
	Recommendation   string        `json:"recommendation"`
	ApplyResult      string        `json:"applyResult"`
	ReviewedDateTime *string       `json:"reviewedDateTime"`
	AppliedDateTime  *string       `json:"appliedDateTime"`
	ReviewedBy       floorIdentity `json:"reviewedBy"`
	AppliedBy        floorIdentity `json:"appliedBy"`
	Principal        floorIdentity `json:"principal"`
	PrincipalLink    string        `json:"principalLink"`
	ResourceLink     string        `json:"resourceLink"`
	Resource         struct {
		ID          string `json:"id"`
		DisplayName string `json:"displayName"`
		Type        string `json:"type"`
	} `json:"resource"`
}

// floorPage is one page of decisions.
type floorPage struct {
	NextLink string          `json:"@odata.nextLink"`
	Value    []floorDecision `json:"value"`
}

// floorList is the floor: GET the first page, decode it, follow
// @odata.nextLink until there is none, calling each for every item. It
// checks the status and nothing else.
func floorList(ctx context.Context, hc *http.Client, first string, each func(*floorDecision)) error {
	for link := first; link != ""; {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", fakeAppToken)
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		var page floorPage
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("floor: %s", resp.Status)
		}
		if err != nil {
			return err
		}
		for i := range page.Value {
			each(&page.Value[i])
		}
		link = page.NextLink
	}
	return nil
}

// newFloorClient is a plain HTTP client with its own connection pool.
func newFloorClient() *http.Client {
	return &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
}
