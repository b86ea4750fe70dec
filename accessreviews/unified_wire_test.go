package accessreviews_test

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// The stage, user-centric and beta endpoints on the wire, against the fake:
// what is sent (path, version, headers, body) and what comes back.

// today is the fake's first day.
var today = odata.Date{Year: 2026, Month: time.January, Day: 5}

// wireFixture is a fake with a catalog review and a two-stage review
// running, and the IDs the tests address.
type wireFixture struct {
	s          *accessreviewstest.Server
	uniDef     accessreviews.DefinitionID
	uniInst    accessreviews.InstanceID
	stagedDef  accessreviews.DefinitionID
	stagedInst accessreviews.InstanceID
	stage      accessreviews.StageID
}

// newWireFixture starts a fresh fake and creates both reviews.
func newWireFixture(t *testing.T) *wireFixture {
	t.Helper()
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contosoWithCatalog()))
	t.Cleanup(s.Close)
	ctx := t.Context()
	app := s.Client()
	uni, err := app.Unified.CreateDefinition(ctx, &accessreviews.Definition{
		DisplayName: "Catalog access review",
		Scope: scope.MembershipsOf(scope.PrincipalsOfType(scope.PrincipalScopeTypeAllUsers)).
			In(scope.Catalog(catalogID)),
		Reviewers:         []scope.Reviewer{scope.Manager()},
		FallbackReviewers: []scope.Reviewer{scope.User(alineID)},
		Settings: accessreviews.Settings{
			DefaultDecisionEnabled: true, DefaultDecision: accessreviews.DefaultDeny,
			InstanceDurationInDays: 7, Recurrence: recurrence.Once().StartingOn(today),
		},
	})
	require.NoError(t, err)
	staged, err := app.Definitions.Create(ctx, &accessreviews.Definition{
		DisplayName: "Two-stage review of Marketing",
		Scope:       scope.Group(marketingID).TransitiveMembers(),
		Settings:    accessreviews.Settings{RecommendationsEnabled: true, Recurrence: recurrence.Once().StartingOn(today)},
		StageSettings: []accessreviews.StageSettings{
			{StageID: "1", DurationInDays: 3, RecommendationsEnabled: true, Reviewers: []scope.Reviewer{scope.OwnersOfGroup(marketingID)}},
			{StageID: "2", DependsOn: []string{"1"}, DurationInDays: 4, Reviewers: []scope.Reviewer{scope.User(meganID)}},
		},
	})
	require.NoError(t, err)
	f := &wireFixture{s: s, uniDef: uni.ID, uniInst: accessreviews.InstanceID(uni.ID),
		stagedDef: staged.ID, stagedInst: accessreviews.InstanceID(staged.ID)}
	for st, err := range app.Stages.List(ctx, f.stagedDef, f.stagedInst, nil) {
		require.NoError(t, err)
		f.stage = st.ID
	}
	require.NotEmpty(t, f.stage)
	s.ResetRequests()
	return f
}

// lastRequest returns the last request the fake logged.
func lastRequest(t *testing.T, s *accessreviewstest.Server) accessreviewstest.Request {
	t.Helper()
	reqs := s.Requests()
	require.NotEmpty(t, reqs, "no request reached the fake")
	return reqs[len(reqs)-1]
}

// rawCall sends one request to the fake with a token, bypassing the SDK, and
// returns the status and the Graph error code.
func rawCall(t *testing.T, s *accessreviewstest.Server, method, path, token, body string, header http.Header) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, s.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var e struct {
		Error struct{ Code, Message string } `json:"error"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&e)
	return resp.StatusCode, e.Error.Code + ": " + e.Error.Message
}

func TestStageActionsWire(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		call   func(ctx context.Context, c *accessreviews.Client, f *wireFixture) error
		action string
		body   string
		want   map[string]accessreviews.Decision // principal -> decision in the stage after the call
	}{
		{
			name: "batchRecordDecisions",
			call: func(ctx context.Context, c *accessreviews.Client, f *wireFixture) error {
				return c.Decisions.BatchRecordInStage(ctx, f.stagedDef, f.stagedInst, f.stage, accessreviews.BatchDecision{
					Decision: accessreviews.DecisionDeny, Justification: "Never signed in", PrincipalID: johnID})
			},
			action: "batchRecordDecisions",
			body:   `{"decision":"Deny","justification":"Never signed in","principalId":"` + johnID + `"}`,
			want: map[string]accessreviews.Decision{
				alexID: accessreviews.DecisionNotReviewed, johnID: accessreviews.DecisionDeny, saraID: accessreviews.DecisionNotReviewed},
		},
		{
			name: "acceptRecommendations",
			call: func(ctx context.Context, c *accessreviews.Client, f *wireFixture) error {
				return c.Stages.AcceptRecommendations(ctx, f.stagedDef, f.stagedInst, f.stage)
			},
			action: "acceptRecommendations",
			want: map[string]accessreviews.Decision{
				alexID: accessreviews.DecisionApprove, johnID: accessreviews.DecisionDeny, saraID: accessreviews.DecisionApprove},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newWireFixture(t)
			adele := f.s.ClientAs(adeleID)
			require.NoError(t, tt.call(t.Context(), adele, f))

			got := lastRequest(t, f.s)
			assert.Equal(t, http.MethodPost, got.Method)
			assert.Equal(t, "/v1.0/identityGovernance/accessReviews/definitions/"+string(f.stagedDef)+"/instances/"+
				string(f.stagedInst)+"/stages/"+string(f.stage)+"/"+tt.action, got.Path)
			assert.Equal(t, http.StatusNoContent, got.Status)
			if tt.body == "" {
				assert.Empty(t, got.Body)
			} else {
				assert.JSONEq(t, tt.body, string(got.Body))
			}
			decided := map[string]accessreviews.Decision{}
			for d, err := range adele.Decisions.ListInStageForCurrentUser(t.Context(), f.stagedDef, f.stagedInst, f.stage, nil) {
				require.NoError(t, err)
				decided[d.PrincipalID()] = d.Decision
			}
			assert.Equal(t, tt.want, decided)
		})
	}
}

func TestStageActionsRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	f := newWireFixture(t)
	c := f.s.ClientAs(adeleID)
	err := c.Decisions.BatchRecordInStage(t.Context(), f.stagedDef, f.stagedInst, f.stage, accessreviews.BatchDecision{Decision: accessreviews.DecisionDeny})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "accessreviews: batch record stage decisions: allItems")
	err = c.Stages.AcceptRecommendations(t.Context(), f.stagedDef, f.stagedInst, "not-a-guid")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "accessreviews: accept stage recommendations: stageID")
	assert.Empty(t, f.s.Requests())
}

func TestUnifiedWire(t *testing.T) {
	t.Parallel()
	f := newWireFixture(t)
	ctx, app := t.Context(), f.s.Client()
	uniPath := "/v1.0/identityGovernance/accessReviews/unified/definitions/" + string(f.uniDef)

	// The create body is the one the documentation's example sends.
	reqs := f.s.Requests()
	require.Empty(t, reqs)
	_, err := app.Unified.CreateDefinition(ctx, &accessreviews.Definition{
		DisplayName: "Second catalog review",
		Scope:       scope.MembershipsOf(scope.PrincipalsOfType(scope.PrincipalScopeTypeAllUsers)).In(scope.Catalog(catalogID)),
		Reviewers:   []scope.Reviewer{scope.Manager()},
		Settings:    accessreviews.Settings{Recurrence: recurrence.Once().StartingOn(today)},
	})
	require.NoError(t, err)
	create := lastRequest(t, f.s)
	assert.Equal(t, "/v1.0/identityGovernance/accessReviews/unified/definitions", create.Path)
	assert.Equal(t, http.StatusCreated, create.Status)
	var body struct {
		Scope     json.RawMessage `json:"scope"`
		Reviewers json.RawMessage `json:"reviewers"`
	}
	require.NoError(t, json.Unmarshal(create.Body, &body))
	assert.JSONEq(t, `{"@odata.type":"#microsoft.graph.principalResourceMembershipsScope",
		"principalScopes":[{"@odata.type":"#microsoft.graph.accessReviewPrincipalScope","scopeType":"allUsers"}],
		"resourceScopes":[{"@odata.type":"#microsoft.graph.accessReviewResourceScope","resourceId":"`+catalogID+`","scopeType":"catalog"}]}`,
		string(body.Scope))
	assert.JSONEq(t, `[{"scopeType":"manager"}]`, string(body.Reviewers))

	// A unified definition is addressed on the unified route only.
	got, err := app.Unified.GetDefinition(ctx, f.uniDef)
	require.NoError(t, err)
	assert.Equal(t, "Catalog access review", got.DisplayName)
	assert.Equal(t, uniPath, lastRequest(t, f.s).Path)
	_, err = app.Definitions.Get(ctx, f.uniDef)
	require.ErrorIs(t, err, odata.ErrNotFound)
	_, err = app.Unified.GetDefinition(ctx, f.stagedDef)
	require.ErrorIs(t, err, odata.ErrNotFound)

	// Instances and decisions.
	in, err := app.Unified.GetInstance(ctx, f.uniDef, f.uniInst)
	require.NoError(t, err)
	assert.Equal(t, accessreviews.StatusInProgress, in.Status)
	assert.Equal(t, uniPath+"/instances/"+string(f.uniInst), lastRequest(t, f.s).Path)
	var custom int
	for d, err := range app.Unified.ListDecisions(ctx, f.uniDef, f.uniInst, nil) {
		require.NoError(t, err)
		if r, ok := d.Resource.Value.(accessreviews.CustomDataProvidedResource); ok {
			custom++
			assert.Equal(t, githubAppID, r.ID)
			assert.Equal(t, alexID, d.PrincipalID())
		}
	}
	assert.Equal(t, 1, custom)
	assert.Equal(t, uniPath+"/instances/"+string(f.uniInst)+"/decisions", lastRequest(t, f.s).Path)

	// Stop, apply, then report the external result.
	require.NoError(t, app.Unified.StopInstance(ctx, f.uniDef, f.uniInst))
	assert.Equal(t, uniPath+"/instances/"+string(f.uniInst)+"/stop", lastRequest(t, f.s).Path)
	require.NoError(t, app.Unified.ApplyDecisions(ctx, f.uniDef, f.uniInst))
	assert.Equal(t, uniPath+"/instances/"+string(f.uniInst)+"/applyDecisions", lastRequest(t, f.s).Path)
	in, err = app.Unified.GetInstance(ctx, f.uniDef, f.uniInst)
	require.NoError(t, err)
	assert.Equal(t, accessreviews.StatusApplying, in.Status)

	require.NoError(t, app.Unified.BatchApplyCustomDataProvidedResourceDecisions(ctx, f.uniInst, accessreviews.CustomDataApply{
		ApplyResult: accessreviews.CustomApplyAppliedSuccessfully, ApplyDescription: "removed", CustomDataProvidedResourceID: githubAppID}))
	apply := lastRequest(t, f.s)
	assert.Equal(t, "/v1.0/identityGovernance/accessReviews/unified/instances/"+string(f.uniInst)+"/batchApplyCustomDataProvidedResourceDecisions", apply.Path)
	assert.Equal(t, http.StatusAccepted, apply.Status)
	assert.JSONEq(t, `{"applyResult":"appliedSuccessfully","applyDescription":"removed","customDataProvidedResourceId":"`+githubAppID+`"}`, string(apply.Body))
	in, err = app.Unified.GetInstance(ctx, f.uniDef, f.uniInst)
	require.NoError(t, err)
	assert.Equal(t, accessreviews.StatusApplied, in.Status)
	for d, err := range app.Unified.ListDecisions(ctx, f.uniDef, f.uniInst, nil) {
		require.NoError(t, err)
		if _, ok := d.Resource.Value.(accessreviews.CustomDataProvidedResource); ok {
			assert.Equal(t, accessreviews.ApplyResult("AppliedSuccessfully"), d.ApplyResult)
			assert.Equal(t, "removed", d.ApplyDescription)
		}
	}

	// Delete.
	require.NoError(t, app.Unified.DeleteDefinition(ctx, f.uniDef))
	assert.Equal(t, http.MethodDelete, lastRequest(t, f.s).Method)
	_, err = app.Unified.GetDefinition(ctx, f.uniDef)
	require.ErrorIs(t, err, odata.ErrNotFound)
}

func TestUnifiedCreateRefusesNonCatalogScope(t *testing.T) {
	t.Parallel()
	f := newWireFixture(t)
	_, err := f.s.Client().Unified.CreateDefinition(t.Context(), &accessreviews.Definition{
		DisplayName: "Not a catalog",
		Scope:       scope.Group(marketingID).TransitiveMembers(),
		Settings:    accessreviews.Settings{Recurrence: recurrence.Once().StartingOn(today)},
	})
	require.ErrorIs(t, err, odata.ErrBadRequest)
	assert.Contains(t, err.Error(), "scopeType catalog")
}

func TestBatchApplyCustom(t *testing.T) {
	t.Parallel()
	valid := accessreviews.CustomDataApply{ApplyResult: accessreviews.CustomApplyApplyNotSupported, CustomDataProvidedResourceID: githubAppID}
	tests := []struct {
		name string
		// apply moves the unified instance to Applying first.
		apply bool
		call  func(ctx context.Context, f *wireFixture) error
		// wantErr is the error the call matches; nil for success.
		wantErr error
		// wantPath, when set, is the path of the last request; "" means
		// nothing may be sent.
		wantPath   string
		wantHeader string
		wantStatus int
	}{
		{
			name: "v1.0 unified path while Applying", apply: true,
			call: func(ctx context.Context, f *wireFixture) error {
				return f.s.Client().Unified.BatchApplyCustomDataProvidedResourceDecisions(ctx, f.uniInst, valid)
			},
			wantPath:   "/v1.0/identityGovernance/accessReviews/unified/instances/{inst}/batchApplyCustomDataProvidedResourceDecisions",
			wantStatus: http.StatusAccepted,
		},
		{
			name: "beta path with the vNext header while Applying", apply: true,
			call: func(ctx context.Context, f *wireFixture) error {
				return f.s.Client().Instances.BatchApplyCustomDataProvidedResourceDecisions(ctx, f.uniDef, f.uniInst, valid)
			},
			wantPath:   "/beta/identityGovernance/accessReviews/definitions/{def}/instances/{inst}/batchApplyCustomDataProvidedResourceDecisions",
			wantHeader: "vNext",
			wantStatus: http.StatusAccepted,
		},
		{
			name: "refused while InProgress",
			call: func(ctx context.Context, f *wireFixture) error {
				return f.s.Client().Unified.BatchApplyCustomDataProvidedResourceDecisions(ctx, f.uniInst, valid)
			},
			wantErr:    odata.ErrBadRequest,
			wantPath:   "/v1.0/identityGovernance/accessReviews/unified/instances/{inst}/batchApplyCustomDataProvidedResourceDecisions",
			wantStatus: http.StatusBadRequest,
		},
		{
			name: "required fields checked before sending", apply: true,
			call: func(ctx context.Context, f *wireFixture) error {
				return f.s.Client().Unified.BatchApplyCustomDataProvidedResourceDecisions(ctx, f.uniInst, accessreviews.CustomDataApply{})
			},
			wantErr: odata.ErrInvalid,
		},
		{
			name: "national cloud refused before sending", apply: true,
			call: func(ctx context.Context, f *wireFixture) error {
				c, err := accessreviews.NewClient(append(f.s.Options(), odata.WithCloud(odata.USGovL4))...)
				if err != nil {
					return err
				}
				return c.Unified.BatchApplyCustomDataProvidedResourceDecisions(ctx, f.uniInst, valid)
			},
			wantErr: accessreviews.ErrGlobalCloudOnly,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newWireFixture(t)
			ctx := t.Context()
			if tt.apply {
				app := f.s.Client()
				require.NoError(t, app.Unified.StopInstance(ctx, f.uniDef, f.uniInst))
				require.NoError(t, app.Unified.ApplyDecisions(ctx, f.uniDef, f.uniInst))
			}
			f.s.ResetRequests()
			err := tt.call(ctx, f)
			if tt.wantErr == nil {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, tt.wantErr)
			}
			if tt.wantPath == "" {
				assert.Empty(t, f.s.Requests())
				return
			}
			got := lastRequest(t, f.s)
			path := strings.NewReplacer("{def}", string(f.uniDef), "{inst}", string(f.uniInst)).Replace(tt.wantPath)
			assert.Equal(t, path, got.Path)
			assert.Equal(t, tt.wantHeader, got.Header.Get("x-accessreviews-version"))
			assert.Equal(t, tt.wantStatus, got.Status)
			if tt.wantStatus == http.StatusAccepted {
				in, err := f.s.Client().Unified.GetInstance(ctx, f.uniDef, f.uniInst)
				require.NoError(t, err)
				assert.Equal(t, accessreviews.StatusApplied, in.Status, "every custom item has a result now")
			}
		})
	}
}

func TestBatchApplyCustomFakeRefusals(t *testing.T) {
	t.Parallel()
	const body = `{"applyResult":"appliedSuccessfully","customDataProvidedResourceId":"` + githubAppID + `"}`
	tests := []struct {
		name, path, body string
		header           http.Header
		wantStatus       int
		wantMessage      string
	}{
		{name: "beta path without the vNext header", path: "/beta/identityGovernance/accessReviews/definitions/{def}/instances/{inst}/batchApplyCustomDataProvidedResourceDecisions",
			body: body, wantStatus: http.StatusBadRequest, wantMessage: "x-accessreviews-version"},
		{name: "beta path on v1.0", path: "/v1.0/identityGovernance/accessReviews/definitions/{def}/instances/{inst}/batchApplyCustomDataProvidedResourceDecisions",
			body: body, header: http.Header{"X-Accessreviews-Version": {"vNext"}}, wantStatus: http.StatusBadRequest, wantMessage: "Resource not found"},
		{name: "PascalCase applyResult", path: "/v1.0/identityGovernance/accessReviews/unified/instances/{inst}/batchApplyCustomDataProvidedResourceDecisions",
			body: `{"applyResult":"AppliedSuccessfully","customDataProvidedResourceId":"` + githubAppID + `"}`, wantStatus: http.StatusBadRequest, wantMessage: "applyResult: must be one of"},
		{name: "missing resource ID", path: "/v1.0/identityGovernance/accessReviews/unified/instances/{inst}/batchApplyCustomDataProvidedResourceDecisions",
			body: `{"applyResult":"new"}`, wantStatus: http.StatusBadRequest, wantMessage: "customDataProvidedResourceId: is required"},
		{name: "regular definition on the unified route", path: "/v1.0/identityGovernance/accessReviews/unified/instances/{staged}/batchApplyCustomDataProvidedResourceDecisions",
			body: body, wantStatus: http.StatusNotFound, wantMessage: "was not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newWireFixture(t)
			app := f.s.Client()
			require.NoError(t, app.Unified.StopInstance(t.Context(), f.uniDef, f.uniInst))
			require.NoError(t, app.Unified.ApplyDecisions(t.Context(), f.uniDef, f.uniInst))
			path := strings.NewReplacer("{def}", string(f.uniDef), "{inst}", string(f.uniInst), "{staged}", string(f.stagedInst)).Replace(tt.path)
			status, msg := rawCall(t, f.s, http.MethodPost, path, f.s.AppToken(), tt.body, tt.header)
			assert.Equal(t, tt.wantStatus, status)
			assert.Contains(t, msg, tt.wantMessage)
		})
	}
}

// Every unified operation, and the beta custom data apply, fails before
// sending on a client of a national cloud: the documents list them for the
// global service only.
func TestUnifiedGlobalCloudOnly(t *testing.T) {
	t.Parallel()
	const def, inst = accessreviews.DefinitionID(catalogID), accessreviews.InstanceID(catalogID)
	apply := accessreviews.CustomDataApply{ApplyResult: accessreviews.CustomApplyNew, CustomDataProvidedResourceID: githubAppID}
	tests := []struct {
		name string
		call func(ctx context.Context, c *accessreviews.Client) error
	}{
		{"ListDefinitions", func(ctx context.Context, c *accessreviews.Client) error {
			return firstErr(c.Unified.ListDefinitions(ctx, nil))
		}},
		{"CreateDefinition", func(ctx context.Context, c *accessreviews.Client) error {
			_, err := c.Unified.CreateDefinition(ctx, &accessreviews.Definition{
				DisplayName: "x", Scope: scope.MembershipsOf(scope.PrincipalsOfType(scope.PrincipalScopeTypeAllUsers)).In(scope.Catalog(catalogID)),
				Settings: accessreviews.Settings{Recurrence: recurrence.Once().StartingOn(today)}})
			return err
		}},
		{"GetDefinition", func(ctx context.Context, c *accessreviews.Client) error {
			_, err := c.Unified.GetDefinition(ctx, def)
			return err
		}},
		{"DeleteDefinition", func(ctx context.Context, c *accessreviews.Client) error { return c.Unified.DeleteDefinition(ctx, def) }},
		{"ListInstances", func(ctx context.Context, c *accessreviews.Client) error {
			return firstErr(c.Unified.ListInstances(ctx, def, nil))
		}},
		{"GetInstance", func(ctx context.Context, c *accessreviews.Client) error {
			_, err := c.Unified.GetInstance(ctx, def, inst)
			return err
		}},
		{"ListDecisions", func(ctx context.Context, c *accessreviews.Client) error {
			return firstErr(c.Unified.ListDecisions(ctx, def, inst, nil))
		}},
		{"StopInstance", func(ctx context.Context, c *accessreviews.Client) error {
			return c.Unified.StopInstance(ctx, def, inst)
		}},
		{"ApplyDecisions", func(ctx context.Context, c *accessreviews.Client) error {
			return c.Unified.ApplyDecisions(ctx, def, inst)
		}},
		{"Unified.BatchApply", func(ctx context.Context, c *accessreviews.Client) error {
			return c.Unified.BatchApplyCustomDataProvidedResourceDecisions(ctx, inst, apply)
		}},
		{"Instances.BatchApply", func(ctx context.Context, c *accessreviews.Client) error {
			return c.Instances.BatchApplyCustomDataProvidedResourceDecisions(ctx, def, inst, apply)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := accessreviewstest.NewServer()
			t.Cleanup(s.Close)
			for _, cloud := range []odata.Cloud{odata.USGovL4, odata.USGovL5DoD, odata.China} {
				c, err := accessreviews.NewClient(append(s.Options(), odata.WithCloud(cloud))...)
				require.NoError(t, err)
				err = tt.call(t.Context(), c)
				require.ErrorIs(t, err, accessreviews.ErrGlobalCloudOnly, "cloud %s", cloud)
				assert.True(t, strings.HasPrefix(err.Error(), "accessreviews: "), err.Error())
				assert.Contains(t, err.Error(), string(cloud))
			}
			assert.Empty(t, s.Requests(), "nothing is sent")
		})
	}
}

// firstErr returns the first error seq yields, nil when it yields none.
func firstErr[T any](seq iter.Seq2[T, error]) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}
