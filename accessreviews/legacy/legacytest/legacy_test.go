package legacytest

//lint:file-ignore SA1019 serving and migrating the retired legacy API is this file's purpose

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/accessreviews/legacy"
	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/internal/odataserver"
	"github.com/graphkit/governance/odata"
)

// The IDs of the seed's legacy review (reviewed group, template, two
// reviewers) plus two members of the group.
const (
	lgGroup     = "99025615-a0b1-47ec-9117-35377b10998b"
	lgTemplate  = "6e4f3d20-c5c3-407f-9695-8460952bcc68"
	lgReviewerA = "f260246a-09b1-4fd5-8d18-daed736071ec"
	lgReviewerB = "5a4e184c-4ee5-4883-96e9-b371f8da88e3"
	lgMember    = "0b4f1c6e-2d3a-4e5f-8a9b-1c2d3e4f5a6b"
	lgGuest     = "7c8d9e0f-1a2b-4c3d-9e4f-5a6b7c8d9e0f"
	lgReviewID  = "006111db-0810-4494-a6df-904d368bd81b"
	lgInstance  = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
)

func legacyDirectory() accessreviewstest.Directory {
	return accessreviewstest.Directory{
		Users: []accessreviewstest.User{
			{ID: lgReviewerA, DisplayName: "Alex Wilber", UserPrincipalName: "alexw@contoso.com"},
			{ID: lgReviewerB, DisplayName: "Megan Bowen", UserPrincipalName: "meganb@contoso.com"},
			{ID: lgMember, DisplayName: "Adele Vance", UserPrincipalName: "adelev@contoso.com"},
			{ID: lgGuest, DisplayName: "Guest", UserPrincipalName: "guest@fabrikam.com", UserType: "Guest"},
		},
		Groups: []accessreviewstest.Group{{ID: lgGroup, DisplayName: "Sales", SecurityEnabled: true,
			Members: []string{lgMember, lgGuest}, Owners: []string{lgReviewerA}}},
	}
}

// seedLegacyReview is the seed's example request with an ID, two decisions
// and one instance, as an export of the service would hold it.
func seedLegacyReview(t *testing.T) legacy.AccessReview {
	t.Helper()
	raw, err := os.ReadFile("testdata/legacy-accessreview-onetime-delegated.beta.json")
	require.NoError(t, err)
	var ar legacy.AccessReview
	require.NoError(t, json.Unmarshal(raw, &ar))
	ar.ID = lgReviewID
	ar.Decisions = []legacy.Decision{
		{ID: "d1", UserID: lgMember, ReviewResult: legacy.ReviewApprove, AccessRecommendation: legacy.RecommendApprove},
		{ID: "d2", UserID: lgGuest, ReviewResult: legacy.ReviewDeny, AccessRecommendation: legacy.RecommendDeny},
	}
	ar.Instances = []legacy.AccessReview{{ID: lgInstance, DisplayName: "TestReview (instance)",
		StartDateTime: ar.StartDateTime, EndDateTime: ar.EndDateTime, Status: accessreviews.StatusCompleted}}
	return ar
}

// graphCode returns the status and code of an *odata.Error in err.
func graphCode(t *testing.T, err error) (int, string) {
	t.Helper()
	var ge *odata.Error
	require.True(t, errors.As(err, &ge), "want an *odata.Error, got %v", err)
	return ge.StatusCode, ge.Code
}

func TestLegacyRetiredByDefault(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, accessreviewstest.WithDirectory(legacyDirectory()))
	ctx := t.Context()
	lc := s.LegacyClientAs(lgReviewerA)

	lists := map[string]func() (int, error){
		"accessReviews":       func() (int, error) { return count(lc.AccessReviews.List(ctx, lgTemplate, nil)) },
		"decisions":           func() (int, error) { return count(lc.Decisions.List(ctx, nil)) },
		"templates":           func() (int, error) { return count(lc.BusinessFlowTemplates.List(ctx, nil)) },
		"programs":            func() (int, error) { return count(lc.Programs.List(ctx, nil)) },
		"programControls":     func() (int, error) { return count(lc.ProgramControls.List(ctx, nil)) },
		"programControlTypes": func() (int, error) { return count(lc.ProgramControlTypes.List(ctx, nil)) },
	}
	for name, list := range lists {
		n, err := list()
		require.NoError(t, err, name)
		assert.Zero(t, n, name)
	}

	gets := map[string]func() error{
		"review":    func() error { _, err := lc.AccessReviews.Get(ctx, lgReviewID); return err },
		"decisions": func() error { _, err := count(lc.AccessReviews.ListDecisions(ctx, lgReviewID, nil)); return err },
		"stop":      func() error { return lc.AccessReviews.Stop(ctx, lgReviewID) },
		"program":   func() error { _, err := lc.Programs.Get(ctx, "p1"); return err },
		"control":   func() error { _, err := lc.ProgramControls.Get(ctx, "c1"); return err },
	}
	for name, get := range gets {
		status, code := graphCode(t, get())
		assert.Equal(t, http.StatusNotFound, status, name)
		assert.Equal(t, codeNotFound, code, name)
	}

	// A create is answered as before, but the service keeps nothing.
	ar := seedLegacyReview(t)
	ar.ID, ar.Decisions, ar.Instances = "", nil, nil
	ar.StartDateTime = odata.DateTime{Time: s.Clock().Now().Add(24 * time.Hour)}
	ar.EndDateTime = odata.DateTime{Time: s.Clock().Now().Add(31 * 24 * time.Hour)}
	created, err := lc.AccessReviews.Create(ctx, &ar)
	require.NoError(t, err)
	assert.True(t, check.IsGUID(string(created.ID)))
	assert.Equal(t, accessreviews.Status("Initializing"), created.Status)
	_, err = lc.AccessReviews.Get(ctx, created.ID)
	status, _ := graphCode(t, err)
	assert.Equal(t, http.StatusNotFound, status)
}

func TestLegacyListRequiresTemplateFilter(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.HoldLegacyReviews(legacy.AccessReview{ID: lgReviewID, DisplayName: "r", BusinessFlowTemplateID: lgTemplate})
	for _, tc := range []struct {
		name, query string
		status, n   int
	}{
		{"no filter", "", http.StatusBadRequest, 0},
		{"other property", "?$filter=displayName+eq+'r'", http.StatusBadRequest, 0},
		{"template or other", "?$filter=businessFlowTemplateId+eq+'" + lgTemplate + "'+or+displayName+eq+'r'", http.StatusBadRequest, 0},
		{"template", "?$filter=businessFlowTemplateId+eq+'" + lgTemplate + "'", http.StatusOK, 1},
		{"template and other", "?$filter=displayName+eq+'x'+and+businessFlowTemplateId+eq+'" + lgTemplate + "'", http.StatusOK, 0},
		{"template in other case", "?$filter=businessFlowTemplateId+eq+'6E4F3D20-C5C3-407F-9695-8460952BCC68'", http.StatusOK, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			status, _, body := rawDo(t, s, http.MethodGet, "/beta/accessReviews"+tc.query, "")
			require.Equal(t, tc.status, status, string(body))
			if status != http.StatusOK {
				assert.Equal(t, codeInvalidRequest, decodeError(t, body).Error.Code)
				return
			}
			var page struct{ Value []json.RawMessage }
			require.NoError(t, json.Unmarshal(body, &page))
			assert.Len(t, page.Value, tc.n)
		})
	}
}

func TestLegacyOnlyUnderBeta(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	status, _, body := rawDo(t, s, http.MethodGet, "/v1.0/businessFlowTemplates", "")
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "ResourceNotFound", decodeError(t, body).Error.Code)
}

func TestLegacyHeldReviewsRoundTrip(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, accessreviewstest.WithDirectory(legacyDirectory()))
	held := seedLegacyReview(t)
	ids := s.HoldLegacyReviews(held, legacy.AccessReview{DisplayName: "other template", BusinessFlowTemplateID: "other"})
	require.Len(t, ids, 2)
	assert.Equal(t, legacy.AccessReviewID(lgReviewID), ids[0])
	assert.True(t, check.IsGUID(string(ids[1])), "a review without ID gets one")
	s.HoldLegacyTemplates(legacy.BusinessFlowTemplate{ID: lgTemplate, DisplayName: "Access reviews of memberships of a group"})
	ctx := t.Context()
	lc := s.LegacyClientAs(lgReviewerA)

	list := collect(t, lc.AccessReviews.List(ctx, lgTemplate, nil))
	require.Len(t, list, 2, "the series, then its instance")
	assert.Equal(t, []legacy.AccessReviewID{lgReviewID, lgInstance}, []legacy.AccessReviewID{list[0].ID, list[1].ID})
	assert.Equal(t, lgTemplate, list[1].BusinessFlowTemplateID, "an instance inherits the template")

	got, err := lc.AccessReviews.Get(ctx, lgReviewID)
	require.NoError(t, err)
	want := held
	want.Reviewers, want.Decisions, want.Instances = nil, nil, nil
	want.Status = accessreviews.StatusCompleted // computed: the clock is past endDateTime
	assert.Equal(t, want, *got)

	reviewers := collect(t, lc.AccessReviews.ListReviewers(ctx, lgReviewID))
	assert.Equal(t, held.Reviewers, reviewers)
	decisions := collect(t, lc.AccessReviews.ListDecisions(ctx, lgReviewID, nil))
	require.Len(t, decisions, 2)
	assert.Equal(t, legacy.AccessReviewID(lgReviewID), decisions[0].AccessReviewID)
	denied := collect(t, lc.AccessReviews.ListDecisions(ctx, lgReviewID, &legacy.ListOptions{Filter: odata.Eq("reviewResult", "Deny")}))
	require.Len(t, denied, 1)
	assert.Equal(t, lgGuest, denied[0].UserID)
	assert.Len(t, collect(t, lc.AccessReviews.ListMyDecisions(ctx, lgReviewID, nil)), 2, "a delegated reviewer decides on all")
	assert.Empty(t, collect(t, s.LegacyClientAs(lgMember).AccessReviews.ListMyDecisions(ctx, lgReviewID, nil)))
	_, err = count(s.LegacyClient().AccessReviews.ListMyDecisions(ctx, lgReviewID, nil))
	status, _ := graphCode(t, err)
	assert.Equal(t, http.StatusForbidden, status, "myDecisions needs a signed-in user")

	instances := collect(t, lc.AccessReviews.ListInstances(ctx, lgReviewID, nil))
	require.Len(t, instances, 1)
	assert.Equal(t, legacy.AccessReviewID(lgInstance), instances[0].ID)
	assert.Len(t, collect(t, lc.Decisions.List(ctx, nil)), 2)
	templates := collect(t, lc.BusinessFlowTemplates.List(ctx, nil))
	require.Len(t, templates, 1)
	assert.Equal(t, lgTemplate, templates[0].ID)
}

func TestLegacyCreateUpdateDeleteWhileHolding(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, accessreviewstest.WithDirectory(legacyDirectory()))
	s.HoldLegacyTemplates(legacy.BusinessFlowTemplate{ID: lgTemplate, DisplayName: "Access reviews of memberships of a group"})
	ctx := t.Context()
	lc := s.LegacyClientAs(lgReviewerA)
	now := s.Clock().Now()
	ar := seedLegacyReview(t)
	ar.ID, ar.Decisions, ar.Instances = "", nil, nil
	ar.StartDateTime = odata.DateTime{Time: now.Add(time.Hour)}
	ar.EndDateTime = odata.DateTime{Time: now.Add(30 * 24 * time.Hour)}

	created, err := lc.AccessReviews.Create(ctx, &ar)
	require.NoError(t, err)
	assert.Equal(t, lgReviewerA, created.CreatedBy.ID, "the signed-in caller is the creator")
	assert.Equal(t, "Sales", created.ReviewedEntity.DisplayName)
	got, err := lc.AccessReviews.Get(ctx, created.ID)
	require.NoError(t, err)
	assert.Equal(t, accessreviews.StatusNotStarted, got.Status)
	assert.Len(t, collect(t, lc.AccessReviews.List(ctx, lgTemplate, nil)), 1)
	names := collect(t, lc.AccessReviews.ListReviewers(ctx, created.ID))
	require.Len(t, names, 2)
	assert.Equal(t, "Megan Bowen", names[1].DisplayName, "reviewers are named from the directory")

	require.NoError(t, lc.AccessReviews.RemoveReviewer(ctx, created.ID, lgReviewerB))
	require.NoError(t, lc.AccessReviews.AddReviewer(ctx, created.ID, lgMember))
	err = lc.AccessReviews.AddReviewer(ctx, created.ID, lgMember)
	status, _ := graphCode(t, err)
	assert.Equal(t, http.StatusConflict, status)
	assert.Len(t, collect(t, lc.AccessReviews.ListReviewers(ctx, created.ID)), 2)

	name := "Renamed"
	require.NoError(t, lc.AccessReviews.Update(ctx, created.ID, legacy.AccessReviewUpdate{DisplayName: &name}))
	got, err = lc.AccessReviews.Get(ctx, created.ID)
	require.NoError(t, err)
	assert.Equal(t, "Renamed", got.DisplayName)

	require.NoError(t, lc.AccessReviews.Delete(ctx, created.ID))
	_, err = lc.AccessReviews.Get(ctx, created.ID)
	status, _ = graphCode(t, err)
	assert.Equal(t, http.StatusNotFound, status)
}

func TestLegacyCreateRefusals(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.HoldLegacyTemplates(legacy.BusinessFlowTemplate{ID: lgTemplate})
	start := s.Clock().Now().Add(time.Hour).Format(time.RFC3339)
	end := s.Clock().Now().Add(48 * time.Hour).Format(time.RFC3339)
	body := func(tpl, start, extra string) string {
		return `{"displayName":"r","startDateTime":"` + start + `","endDateTime":"` + end +
			`","reviewedEntity":{"id":"` + lgGroup + `"},"reviewerType":"self","businessFlowTemplateId":"` + tpl + `"` + extra + `}`
	}
	createdBy := `,"createdBy":{"id":"` + lgReviewerA + `"}`
	for _, tc := range []struct {
		name, body string
		status     int
	}{
		{"valid", body(lgTemplate, start, createdBy), http.StatusCreated},
		{"app-only without createdBy", body(lgTemplate, start, ""), http.StatusBadRequest},
		{"start in the past", body(lgTemplate, "2017-02-10T00:35:53Z", createdBy), http.StatusBadRequest},
		{"unknown template", body("6E4F3D20-C5C3-407F-9695-8460952BCC68", start, createdBy), http.StatusBadRequest},
		{"empty body", "", http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			status, _, b := rawDo(t, s, http.MethodPost, "/beta/accessReviews", tc.body)
			assert.Equal(t, tc.status, status, string(b))
		})
	}
}

func TestLegacyActions(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, accessreviewstest.WithDirectory(legacyDirectory()))
	now := s.Clock().Now()
	ar := seedLegacyReview(t)
	ar.Instances = nil
	ar.StartDateTime = odata.DateTime{Time: now.Add(-time.Hour)}
	ar.EndDateTime = odata.DateTime{Time: now.Add(10 * 24 * time.Hour)}
	s.HoldLegacyReviews(ar)
	ctx := t.Context()
	lc := s.LegacyClientAs(lgReviewerA)
	statusOf := func() accessreviews.Status {
		got, err := lc.AccessReviews.Get(ctx, lgReviewID)
		require.NoError(t, err)
		return got.Status
	}
	refused := func(err error) {
		t.Helper()
		status, code := graphCode(t, err)
		assert.Equal(t, http.StatusBadRequest, status)
		assert.Equal(t, codeBadRequest, code)
	}

	assert.Equal(t, accessreviews.StatusInProgress, statusOf())
	refused(lc.AccessReviews.ApplyDecisions(ctx, lgReviewID))
	require.NoError(t, lc.AccessReviews.SendReminder(ctx, lgReviewID))
	assert.Equal(t, 1, s.LegacyRemindersSent(lgReviewID))

	require.NoError(t, lc.AccessReviews.Stop(ctx, lgReviewID))
	assert.Equal(t, accessreviews.StatusCompleted, statusOf())
	refused(lc.AccessReviews.SendReminder(ctx, lgReviewID))
	refused(lc.AccessReviews.ResetDecisions(ctx, lgReviewID))

	require.True(t, isMember(s, lgGroup, lgGuest))
	require.NoError(t, lc.AccessReviews.ApplyDecisions(ctx, lgReviewID))
	assert.Equal(t, accessreviews.Status("Applied"), statusOf())
	assert.False(t, isMember(s, lgGroup, lgGuest), "the denied guest was removed")
	assert.True(t, isMember(s, lgGroup, lgMember), "the approved member stays")
	for _, d := range collect(t, lc.AccessReviews.ListDecisions(ctx, lgReviewID, nil)) {
		assert.Equal(t, legacy.ApplySuccess, d.ApplyResult, d.UserID)
		assert.Equal(t, lgReviewerA, d.AppliedBy.ID)
	}
}

func TestLegacyResetDecisions(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	now := s.Clock().Now()
	ar := seedLegacyReview(t)
	ar.Instances = nil
	ar.StartDateTime = odata.DateTime{Time: now.Add(-time.Hour)}
	ar.EndDateTime = odata.DateTime{Time: now.Add(10 * 24 * time.Hour)}
	s.HoldLegacyReviews(ar)
	lc := s.LegacyClientAs(lgReviewerA)
	require.NoError(t, lc.AccessReviews.ResetDecisions(t.Context(), lgReviewID))
	for _, d := range collect(t, lc.AccessReviews.ListDecisions(t.Context(), lgReviewID, nil)) {
		assert.Equal(t, legacy.ReviewNotReviewed, d.ReviewResult)
		assert.True(t, d.ReviewedBy.IsNobody())
	}
}

func TestLegacyPrograms(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	ids := s.HoldLegacyPrograms(legacy.Program{DisplayName: "Compliance", Description: "SOX",
		Controls: []legacy.ProgramControl{{ControlID: lgReviewID, ControlTypeID: "ct", DisplayName: "link"}}})
	s.HoldLegacyControlTypes(legacy.ProgramControlType{ID: "ct", DisplayName: "Access review"})
	ctx := t.Context()
	lc := s.LegacyClientAs(lgReviewerA)

	p, err := lc.Programs.Get(ctx, ids[0])
	require.NoError(t, err)
	assert.Equal(t, "Compliance", p.DisplayName)
	controls := collect(t, lc.Programs.ListControls(ctx, ids[0], nil))
	require.Len(t, controls, 1)
	assert.Equal(t, ids[0], controls[0].ProgramID)
	assert.Len(t, collect(t, lc.ProgramControlTypes.List(ctx, nil)), 1)

	pc, err := lc.ProgramControls.Create(ctx, &legacy.ProgramControl{ControlID: lgInstance, ControlTypeID: "ct", DisplayName: "second", ProgramID: ids[0]})
	require.NoError(t, err)
	assert.Equal(t, lgReviewerA, pc.Owner.ID)
	_, err = lc.ProgramControls.Create(ctx, &legacy.ProgramControl{ControlID: lgInstance, ControlTypeID: "ct", DisplayName: "x", ProgramID: "nope"})
	status, _ := graphCode(t, err)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Len(t, collect(t, lc.ProgramControls.List(ctx, nil)), 2)

	desc := "SOX and GDPR"
	require.NoError(t, lc.Programs.Update(ctx, ids[0], legacy.ProgramUpdate{Description: &desc}))
	p, err = lc.Programs.Get(ctx, ids[0])
	require.NoError(t, err)
	assert.Equal(t, desc, p.Description)

	require.NoError(t, lc.ProgramControls.Delete(ctx, pc.ID))
	require.NoError(t, lc.Programs.Delete(ctx, ids[0]))
	assert.Empty(t, collect(t, lc.ProgramControls.List(ctx, nil)), "a program's controls go with it")
	assert.Empty(t, collect(t, lc.Programs.List(ctx, nil)))
}

// newTestServer starts a legacy fake for one test.
func newTestServer(t *testing.T, opts ...accessreviewstest.Option) *Server {
	t.Helper()
	s := NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

// rawDo sends a request with the app token through a plain http.Client
// and returns the status, headers and body.
func rawDo(t *testing.T, s *Server, method, path, body string) (int, http.Header, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, s.URL+path, rd)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+s.AppToken())
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header, b
}

// decodeError decodes a Graph error envelope.
func decodeError(t *testing.T, b []byte) odataserver.Envelope {
	t.Helper()
	var env odataserver.Envelope
	require.NoError(t, json.Unmarshal(b, &env), string(b))
	return env
}

// isMember reports whether member is a direct member of the group.
func isMember(s *Server, group, member string) bool {
	g, ok := s.Group(group)
	return ok && slices.Contains(g.Members, member)
}

// collect drains an iterator, failing the test on an error.
func collect[T any](t *testing.T, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

// count drains seq and returns how many items it yielded, or its first
// error.
func count[T any](seq func(func(T, error) bool)) (int, error) {
	n := 0
	for _, err := range seq {
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
