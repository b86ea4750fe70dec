package accessreviewstest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
)

// Who may call what, one rule per test case, over raw HTTP with the
// exported tokens. The rules are the permission tables of the pages and
// the role notes quoted in permissions.go.

const (
	pmReader    = "d0000000-0000-4000-8000-000000000001" // Global Reader
	pmUserAdmin = "d0000000-0000-4000-8000-000000000002" // User Administrator
	pmRoleAdmin = "d0000000-0000-4000-8000-000000000003" // Privileged Role Administrator
	pmNobody    = "d0000000-0000-4000-8000-000000000004" // no role, reviews nothing
	pmRole      = "c0000000-0000-4000-8000-000000000009" // a directory role under review
)

// permissionFixture is the fixture tenant with a reader, a user
// administrator, a privileged role administrator and a user without any
// role, and a one-time review of the security group by its owner (a
// reviewer without any role).
func permissionFixture(t *testing.T) (s *Server, defID, instID, ownItem string) {
	t.Helper()
	dir := f2Directory()
	for id, name := range map[string]string{pmReader: "Reader", pmUserAdmin: "User admin", pmRoleAdmin: "Role admin", pmNobody: "Nobody"} {
		dir.Users = append(dir.Users, User{ID: id, DisplayName: name, UserPrincipalName: strings.ReplaceAll(name, " ", "") + "@contoso.com"})
	}
	dir.Roles = append(dir.Roles,
		NewRole(RoleGlobalReader, pmReader),
		NewRole(RoleUserAdministrator, pmUserAdmin),
		NewRole(RolePrivilegedRoleAdministrator, pmRoleAdmin),
		Role{ID: pmRole, DisplayName: "Helpdesk Administrator", Members: []string{fxMember}},
	)
	s = NewServer(WithDirectory(dir))
	t.Cleanup(s.Close)
	def := f2Create(t, s, f2OneTime(fxSec))
	defID, instID = string(def.ID), string(def.ID)
	items := f2MineByPrincipal(t, s.ClientAs(fxOwner), def.ID, accessreviews.InstanceID(def.ID))
	ownItem = string(items[fxMember].ID)
	require.NotEmpty(t, ownItem)
	return s, defID, instID, ownItem
}

// callAs sends one request with token and returns the status and body.
func callAs(t *testing.T, s *Server, token, method, path, body string) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, s.URL+path, rd)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

func TestWhoMayCallWhat(t *testing.T) {
	t.Parallel()
	s, defID, instID, item := permissionFixture(t)
	defs := "/v1.0" + arPrefix + "/definitions"
	def := defs + "/" + defID
	inst := def + "/instances/" + instID
	decs := inst + "/decisions"
	groupReview := `{"displayName":"x","scope":{"query":"/groups/` + fxSec + `/members"},"reviewers":[{"query":"/users/` + fxOwner + `"}]}`
	roleReview := `{"displayName":"x","scope":{"query":"/roleManagement/directory/roleDefinitions/` + pmRole + `"},"reviewers":[{"query":"/users/` + fxOwner + `"}]}`
	approve := `{"decision":"Approve"}`
	app := s.AppToken()
	user := s.UserToken

	tests := []struct {
		rule, token, method, path, body string
		status                          int
		// check, when set, runs on the body of a 2xx answer.
		check func(t *testing.T, body string)
	}{
		// Permission tables: "Application: Not supported".
		{"decision update: application not supported", app, http.MethodPatch, decs + "/" + item, approve, http.StatusForbidden, nil},
		{"acceptRecommendations: application not supported", app, http.MethodPost, inst + "/acceptRecommendations", "", http.StatusForbidden, nil},
		// Permission tables that list application permissions.
		{"create: application permission AccessReview.ReadWrite.All", app, http.MethodPost, defs, groupReview, http.StatusCreated, nil},
		{"batchRecordDecisions: application permission", app, http.MethodPost, inst + "/batchRecordDecisions", `{"decision":"DontKnow","principalId":"` + fxNested + `"}`, http.StatusNoContent, nil},
		{"filterByCurrentUser: an application gets an empty collection, not a 403", app, http.MethodGet, defs + "/filterByCurrentUser(on='reviewer')", "", http.StatusOK, empty},
		{"instances filterByCurrentUser: application permission", app, http.MethodGet, def + "/instances/filterByCurrentUser(on='reviewer')", "", http.StatusOK, empty},
		{"decisions filterByCurrentUser: application permission", app, http.MethodGet, decs + "/filterByCurrentUser(on='reviewer')", "", http.StatusOK, empty},
		{"beta decisions filterByCurrentUser: application permission", app, http.MethodGet, "/beta" + arPrefix + "/decisions/filterByCurrentUser(on='reviewer')", "", http.StatusOK, empty},

		// Delegated callers without a directory role.
		{"create needs a role that writes group reviews", user(pmNobody), http.MethodPost, defs, groupReview, http.StatusForbidden, nil},
		{"listing definitions needs a role that reads them", user(pmNobody), http.MethodGet, defs, "", http.StatusForbidden, nil},
		{"reading another's review needs a role", user(pmNobody), http.MethodGet, def, "", http.StatusForbidden, nil},
		{"filterByCurrentUser needs no role", user(pmNobody), http.MethodGet, defs + "/filterByCurrentUser(on='reviewer')", "", http.StatusOK, empty},

		// Readers: Global Reader reads, but does not write.
		{"Global Reader reads group reviews", user(pmReader), http.MethodGet, decs, "", http.StatusOK, nonEmpty},
		{"Global Reader does not create", user(pmReader), http.MethodPost, defs, groupReview, http.StatusForbidden, nil},
		{"Global Reader does not stop", user(pmReader), http.MethodPost, inst + "/stop", "", http.StatusForbidden, nil},

		// Writers, by kind of review.
		{"User Administrator writes group reviews", user(pmUserAdmin), http.MethodPost, defs, groupReview, http.StatusCreated, nil},
		{"User Administrator does not write role reviews", user(pmUserAdmin), http.MethodPost, defs, roleReview, http.StatusForbidden, nil},
		{"Privileged Role Administrator writes role reviews", user(pmRoleAdmin), http.MethodPost, defs, roleReview, http.StatusCreated, nil},
		{"Privileged Role Administrator does not write group reviews", user(pmRoleAdmin), http.MethodPost, defs, groupReview, http.StatusForbidden, nil},
		{"Identity Governance Administrator writes group reviews", user(fxAdmin), http.MethodPost, inst + "/sendReminder", "", http.StatusNoContent, nil},

		// An assigned reviewer without a role: their own items only.
		{"a reviewer reads the definition they review", user(fxOwner), http.MethodGet, def, "", http.StatusOK, nil},
		{"a reviewer reads the instance they review", user(fxOwner), http.MethodGet, inst, "", http.StatusOK, nil},
		{"a reviewer reads their own item", user(fxOwner), http.MethodGet, decs + "/" + item, "", http.StatusOK, nil},
		{"a reviewer records their own item", user(fxOwner), http.MethodPatch, decs + "/" + item, approve, http.StatusNoContent, nil},
		{"a reviewer does not list every item", user(fxOwner), http.MethodGet, decs, "", http.StatusForbidden, nil},
		{"a reviewer does not stop the review", user(fxOwner), http.MethodPost, inst + "/stop", "", http.StatusForbidden, nil},
		{"a reviewer does not read the contacted reviewers", user(fxOwner), http.MethodGet, inst + "/contactedReviewers", "", http.StatusForbidden, nil},
		{"a non-reviewer does not record", user(fxManager), http.MethodPatch, decs + "/" + item, approve, http.StatusForbidden, nil},
		{"a non-reviewer does not read the item", user(fxManager), http.MethodGet, decs + "/" + item, "", http.StatusForbidden, nil},
		{"a non-reviewer does not accept recommendations", user(fxManager), http.MethodPost, inst + "/acceptRecommendations", "", http.StatusForbidden, nil},
		{"a reviewer accepts recommendations", user(fxOwner), http.MethodPost, inst + "/acceptRecommendations", "", http.StatusNoContent, nil},
		{"a non-reviewer without a role does not batch-record", user(fxManager), http.MethodPost, inst + "/batchRecordDecisions", approve, http.StatusForbidden, nil},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			status, body := callAs(t, s, tt.token, tt.method, tt.path, tt.body)
			require.Equal(t, tt.status, status, body)
			if status == http.StatusForbidden {
				assert.Equal(t, codeForbidden, decodeError(t, []byte(body)).Error.Code, "Graph's 403 shape")
			}
			if tt.check != nil {
				tt.check(t, body)
			}
		})
	}
}

func empty(t *testing.T, body string) {
	t.Helper()
	assert.Contains(t, body, `"value":[]`)
}

func nonEmpty(t *testing.T, body string) {
	t.Helper()
	assert.NotContains(t, body, `"value":[]`)
}

// TestBatchRecordByAReviewerRecordsTheirItemsOnly: a reviewer without a
// role manages their own decisions only.
func TestBatchRecordByAReviewerRecordsTheirItemsOnly(t *testing.T) {
	t.Parallel()
	s := f2Fixture(t)
	def := f2Create(t, s, f2OneTime(fxSec))
	// The manager reviews the member (his report) only; the owner reviews
	// both in the definition's own review.
	upd := `{"scope":{"query":"/groups/` + fxSec + `/transitiveMembers"},"reviewers":[{"query":"./manager","queryRoot":"decisions"}],
		"fallbackReviewers":[{"query":"/users/` + fxBackup + `"}]}`
	status, body := callAs(t, s, s.AppToken(), http.MethodPut, "/v1.0"+arPrefix+"/definitions/"+string(def.ID)+"/instances/"+string(def.ID), upd)
	require.Equal(t, http.StatusOK, status, body)
	status, body = callAs(t, s, s.UserToken(fxManager), http.MethodPost,
		"/v1.0"+arPrefix+"/definitions/"+string(def.ID)+"/instances/"+string(def.ID)+"/batchRecordDecisions", `{"decision":"Deny"}`)
	require.Equal(t, http.StatusNoContent, status, body)
	got := f2ByPrincipal(t, s.Client(), def.ID, accessreviews.InstanceID(def.ID))
	assert.Equal(t, "Deny", string(got[fxMember].Decision), "the manager's report")
	assert.Equal(t, "NotReviewed", string(got[fxNested].Decision), "reviewed by the fallback reviewer, not the manager")
}

// TestHistoryReportsOfOthers: "Callers who are not Global Admin or Global
// Reader see only their own" history definitions; the creator generates
// the download link.
func TestHistoryReportsOfOthers(t *testing.T) {
	t.Parallel()
	s, _, _, _ := permissionFixture(t)
	hist := "/v1.0" + arPrefix + "/historyDefinitions"
	body := `{"displayName":"r","reviewHistoryPeriodStartDateTime":"2025-01-01T00:00:00Z","reviewHistoryPeriodEndDateTime":"2027-01-01T00:00:00Z",
		"scopes":[{"query":"/identityGovernance/accessReviews/definitions"}]}`
	status, created := callAs(t, s, s.UserToken(pmUserAdmin), http.MethodPost, hist, body)
	require.Equal(t, http.StatusCreated, status, created)
	status, list := callAs(t, s, s.UserToken(fxAdmin), http.MethodGet, hist, "")
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, list, `"value":[]`, "an Identity Governance Administrator sees only their own reports")
	status, list = callAs(t, s, s.UserToken(pmReader), http.MethodGet, hist, "")
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, list, `"displayName":"r"`, "a Global Reader sees every report")
	status, _ = callAs(t, s, s.UserToken(pmNobody), http.MethodGet, hist, "")
	assert.Equal(t, http.StatusForbidden, status, "reading reports needs a role")
	status, _ = callAs(t, s, s.UserToken(pmReader), http.MethodPost, hist, body)
	assert.Equal(t, http.StatusForbidden, status, "creating reports needs write access")
}

// TestReviewCreatorReads: "To read access reviews of a group or app: the
// creator of the access review".
func TestReviewCreatorReads(t *testing.T) {
	t.Parallel()
	s := f2Fixture(t)
	r := s.ar
	r.mu.Lock()
	defer r.mu.Unlock()
	d := &definition{body: &definitionJSON{Scope: &scopeJSON{Query: "/groups/" + fxSec + "/members"}}, createdBy: identityJSON{ID: pmNobody}}
	rec := httptest.NewRecorder()
	c := &call{s: s, w: rec, r: httptest.NewRequest(http.MethodGet, "/v1.0/x", nil), Caller: Caller{UserID: pmNobody}}
	assert.True(t, r.canAccess(c, readAccess, d, nil), "the creator reads their review without a role")
	assert.False(t, r.canAccess(c, writeAccess, d, nil), "but writes it only with one")
	assert.Equal(t, http.StatusForbidden, rec.Code)
	c.Caller = Caller{UserID: pmReader}
	rec2 := httptest.NewRecorder()
	c.w = rec2
	assert.False(t, r.canAccess(c, readAccess, d, nil), "another user without a role does not read it")
}
