package accessreviews_test

import (
	"context"
	"iter"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

// delegationFixture is a fake with a review of Finance by each member's
// manager (Megan reviews Alex), whose items Megan delegated to Aline; Adele
// reviews the Marketing group's review directly.
func delegationFixture(t *testing.T) (*accessreviewstest.Server, accessreviews.DefinitionID) {
	t.Helper()
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(contoso()))
	t.Cleanup(s.Close)
	def, err := s.Client().Definitions.Create(t.Context(), &accessreviews.Definition{
		DisplayName:       "Finance by managers",
		Scope:             scope.Group(financeID).TransitiveMembers(),
		Reviewers:         []scope.Reviewer{scope.Managers()},
		FallbackReviewers: []scope.Reviewer{scope.User(alineID)},
		Settings:          accessreviews.Settings{Recurrence: recurrence.Once().StartingOn(today)},
	})
	require.NoError(t, err)
	require.Equal(t, 1, s.DelegateReviews(meganID, alineID))
	s.ResetRequests()
	return s, def.ID
}

// countIDs drains seq and returns the IDs it yielded.
func countIDs[T any](t *testing.T, seq iter.Seq2[T, error], id func(T) string) []string {
	t.Helper()
	out := []string{}
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, id(v))
	}
	return out
}

func TestListForCurrentUserAsWire(t *testing.T) {
	t.Parallel()
	type lister func(ctx context.Context, c *accessreviews.Client, def accessreviews.DefinitionID, role accessreviews.ReviewerRole) []string
	instances := func(t *testing.T) lister {
		return func(ctx context.Context, c *accessreviews.Client, def accessreviews.DefinitionID, role accessreviews.ReviewerRole) []string {
			return countIDs(t, c.Instances.ListForCurrentUserAs(ctx, def, role, nil), func(in accessreviews.Instance) string { return string(in.ID) })
		}
	}
	decisions := func(t *testing.T) lister {
		return func(ctx context.Context, c *accessreviews.Client, def accessreviews.DefinitionID, role accessreviews.ReviewerRole) []string {
			return countIDs(t, c.Decisions.ListForCurrentUserAs(ctx, def, accessreviews.InstanceID(def), role, nil),
				func(d accessreviews.DecisionItem) string { return d.PrincipalID() })
		}
	}
	tests := []struct {
		name       string
		list       func(t *testing.T) lister
		caller     string
		role       accessreviews.ReviewerRole
		wantPath   string // below /{version}/identityGovernance/accessReviews/definitions/{def}/instances
		wantBeta   bool
		wantCount  int
		wantPrefer string
	}{
		{"instances delegated to Aline", instances, alineID, accessreviews.AsDelegatedReviewer, "/filterByCurrentUser(on='delegatedReviewer')", true, 1, "include-unknown-enum-members"},
		{"instances directly Aline's", instances, alineID, accessreviews.AsDirectReviewer, "/filterByCurrentUser(on='directReviewer')", true, 0, "include-unknown-enum-members"},
		{"instances directly Megan's", instances, meganID, accessreviews.AsDirectReviewer, "/filterByCurrentUser(on='directReviewer')", true, 1, "include-unknown-enum-members"},
		{"instances Aline reviews", instances, alineID, accessreviews.AsReviewer, "/filterByCurrentUser(on='reviewer')", false, 1, ""},
		{"decisions delegated to Aline", decisions, alineID, accessreviews.AsDelegatedReviewer, "/{def}/decisions/filterByCurrentUser(on='delegatedReviewer')", true, 1, "include-unknown-enum-members"},
		{"decisions delegated to Megan", decisions, meganID, accessreviews.AsDelegatedReviewer, "/{def}/decisions/filterByCurrentUser(on='delegatedReviewer')", true, 0, "include-unknown-enum-members"},
		{"decisions directly Megan's", decisions, meganID, accessreviews.AsDirectReviewer, "/{def}/decisions/filterByCurrentUser(on='directReviewer')", true, 1, "include-unknown-enum-members"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, def := delegationFixture(t)
			got := tt.list(t)(t.Context(), s.ClientAs(tt.caller), def, tt.role)
			assert.Len(t, got, tt.wantCount)
			req := lastRequest(t, s)
			version := "/v1.0"
			if tt.wantBeta {
				version = "/beta"
			}
			want := version + "/identityGovernance/accessReviews/definitions/" + string(def) + "/instances" + tt.wantPath
			assert.Equal(t, replaceDef(want, def), req.Path)
			assert.Equal(t, tt.wantPrefer, req.Header.Get("Prefer"))
			assert.Equal(t, http.StatusOK, req.Status)
		})
	}
}

// replaceDef writes the definition ID (also the one-time instance's ID) for
// {def}.
func replaceDef(p string, def accessreviews.DefinitionID) string {
	return strings.ReplaceAll(p, "{def}", string(def))
}

func TestDelegatedBySelected(t *testing.T) {
	t.Parallel()
	s, def := delegationFixture(t)
	ctx := t.Context()
	aline := s.ClientAs(alineID)
	inst := accessreviews.InstanceID(def)

	// Without $select the service leaves delegatedBy out.
	for in, err := range aline.Instances.ListForCurrentUserAs(ctx, def, accessreviews.AsDelegatedReviewer, nil) {
		require.NoError(t, err)
		assert.Nil(t, in.DelegatedBy)
	}
	opts := &accessreviews.ListOptions{Select: []string{"id", "delegatedBy"}}
	for in, err := range aline.Instances.ListForCurrentUserAs(ctx, def, accessreviews.AsDelegatedReviewer, opts) {
		require.NoError(t, err)
		require.Len(t, in.DelegatedBy, 1)
		assert.Equal(t, meganID, in.DelegatedBy[0].ID)
		assert.Equal(t, "Megan Bowen", in.DelegatedBy[0].DisplayName)
	}
	assert.Equal(t, "id,delegatedBy", lastRequest(t, s).Query.Get("$select"))

	var decID accessreviews.DecisionID
	for d, err := range aline.Decisions.ListForCurrentUserAs(ctx, def, inst, accessreviews.AsDelegatedReviewer, opts) {
		require.NoError(t, err)
		require.Len(t, d.DelegatedBy, 1)
		assert.Equal(t, meganID, d.DelegatedBy[0].ID)
		decID = d.ID
	}
	require.NotEmpty(t, decID)

	// Single GETs on a beta client, with Select.
	beta, err := accessreviews.NewClient(append(s.OptionsAs(alineID), odata.WithAPIVersion(odata.Beta))...)
	require.NoError(t, err)
	d, err := beta.Decisions.Get(ctx, def, inst, decID, accessreviews.Select("id", "delegatedBy"))
	require.NoError(t, err)
	require.Len(t, d.DelegatedBy, 1)
	assert.Equal(t, "Megan Bowen", d.DelegatedBy[0].DisplayName)
	assert.Empty(t, d.Decision, "only the selected properties come back")
	in, err := beta.Instances.Get(ctx, def, inst, accessreviews.Select("delegatedBy"))
	require.NoError(t, err)
	require.Len(t, in.DelegatedBy, 1)

	// The delegate records like any reviewer.
	require.NoError(t, aline.Decisions.Record(ctx, def, inst, decID, accessreviews.DecisionUpdate{Decision: accessreviews.DecisionApprove}))
	got, err := s.Client().Decisions.Get(ctx, def, inst, decID)
	require.NoError(t, err)
	assert.Equal(t, accessreviews.DecisionApprove, got.Decision)
	assert.Equal(t, alineID, got.ReviewedBy.ID)
}

func TestListForCurrentUserAsRefusals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		version     string
		path        string
		prefer      bool
		wantStatus  int
		wantMessage string
	}{
		{"without the Prefer header", "beta", "/instances/filterByCurrentUser(on='directReviewer')", false, http.StatusBadRequest, "include-unknown-enum-members"},
		{"decisions without the Prefer header", "beta", "/instances/{def}/decisions/filterByCurrentUser(on='delegatedReviewer')", false, http.StatusBadRequest, "include-unknown-enum-members"},
		{"on v1.0", "v1.0", "/instances/filterByCurrentUser(on='delegatedReviewer')", true, http.StatusBadRequest, "Resource not found"},
		{"with the header on beta", "beta", "/instances/filterByCurrentUser(on='delegatedReviewer')", true, http.StatusOK, ": "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, def := delegationFixture(t)
			var h http.Header
			if tt.prefer {
				h = http.Header{"Prefer": {"include-unknown-enum-members"}}
			}
			path := "/" + tt.version + "/identityGovernance/accessReviews/definitions/" + string(def) + replaceDef(tt.path, def)
			status, msg := rawCall(t, s, http.MethodGet, path, s.UserToken(alineID), "", h)
			assert.Equal(t, tt.wantStatus, status)
			assert.Contains(t, msg, tt.wantMessage)
		})
	}

	t.Run("unknown role refused before sending", func(t *testing.T) {
		t.Parallel()
		s, def := delegationFixture(t)
		for _, err := range s.ClientAs(alineID).Instances.ListForCurrentUserAs(t.Context(), def, "owner", nil) {
			require.ErrorIs(t, err, odata.ErrInvalid)
			assert.Contains(t, err.Error(), "accessreviews: list instances for current user: on")
		}
		assert.Empty(t, s.Requests())
	})
}

func TestGetSelectWire(t *testing.T) {
	t.Parallel()
	type got struct{ id, status string }
	tests := []struct {
		name     string
		get      func(ctx context.Context, c *accessreviews.Client, f *wireFixture, opts ...accessreviews.GetOption) (got, error)
		wantPath string
	}{
		{"definition", func(ctx context.Context, c *accessreviews.Client, f *wireFixture, opts ...accessreviews.GetOption) (got, error) {
			d, err := c.Definitions.Get(ctx, f.stagedDef, opts...)
			if err != nil {
				return got{}, err
			}
			return got{string(d.ID), string(d.Status)}, nil
		}, "/definitions/{def}"},
		{"instance", func(ctx context.Context, c *accessreviews.Client, f *wireFixture, opts ...accessreviews.GetOption) (got, error) {
			in, err := c.Instances.Get(ctx, f.stagedDef, f.stagedInst, opts...)
			if err != nil {
				return got{}, err
			}
			return got{string(in.ID), string(in.Status)}, nil
		}, "/definitions/{def}/instances/{def}"},
		{"stage", func(ctx context.Context, c *accessreviews.Client, f *wireFixture, opts ...accessreviews.GetOption) (got, error) {
			st, err := c.Stages.Get(ctx, f.stagedDef, f.stagedInst, f.stage, opts...)
			if err != nil {
				return got{}, err
			}
			return got{string(st.ID), string(st.Status)}, nil
		}, "/definitions/{def}/instances/{def}/stages/{stage}"},
		{"decision", func(ctx context.Context, c *accessreviews.Client, f *wireFixture, opts ...accessreviews.GetOption) (got, error) {
			var id accessreviews.DecisionID
			for d, err := range c.Decisions.List(ctx, f.stagedDef, f.stagedInst, nil) {
				if err != nil {
					return got{}, err
				}
				id = d.ID
			}
			f.s.ResetRequests()
			d, err := c.Decisions.Get(ctx, f.stagedDef, f.stagedInst, id, opts...)
			if err != nil {
				return got{}, err
			}
			return got{string(d.ID), string(d.Decision)}, nil
		}, "/definitions/{def}/instances/{def}/decisions/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newWireFixture(t)
			c := f.s.Client()
			whole, err := tt.get(t.Context(), c, f)
			require.NoError(t, err)
			assert.NotEmpty(t, whole.status)
			assert.Empty(t, lastRequest(t, f.s).Query.Get("$select"))

			part, err := tt.get(t.Context(), c, f, accessreviews.Select("id"))
			require.NoError(t, err)
			assert.Equal(t, whole.id, part.id)
			assert.Empty(t, part.status, "a property left out of $select is not returned")
			req := lastRequest(t, f.s)
			assert.Equal(t, "id", req.Query.Get("$select"))
			want := "/v1.0/identityGovernance/accessReviews" + replaceDef(tt.wantPath, f.stagedDef)
			want = strings.ReplaceAll(want, "{stage}", string(f.stage))
			assert.Contains(t, req.Path, want)

			f.s.ResetRequests()
			_, err = tt.get(t.Context(), c, f, accessreviews.Select("id,status"))
			require.ErrorIs(t, err, odata.ErrInvalid)
			for _, r := range f.s.Requests() {
				assert.Empty(t, r.Query.Get("$select"), "an invalid Select is never sent")
			}
		})
	}
}

func TestListInStageForCurrentUserAsWire(t *testing.T) {
	t.Parallel()
	tests := []struct {
		role   accessreviews.ReviewerRole
		caller string
		want   int
	}{
		{accessreviews.AsDelegatedReviewer, alineID, 3},
		{accessreviews.AsDirectReviewer, alineID, 0},
		{accessreviews.AsDirectReviewer, adeleID, 3},
		{accessreviews.AsDelegatedReviewer, adeleID, 0},
	}
	for _, tt := range tests {
		t.Run(string(tt.role)+" "+tt.caller, func(t *testing.T) {
			t.Parallel()
			f := newWireFixture(t)
			require.Equal(t, 6, f.s.DelegateReviews(adeleID, alineID), "Adele reviews the three members in stage 1 and their instance items")
			got := countIDs(t, f.s.ClientAs(tt.caller).Decisions.ListInStageForCurrentUserAs(t.Context(), f.stagedDef, f.stagedInst, f.stage, tt.role, nil),
				func(d accessreviews.DecisionItem) string { return d.PrincipalID() })
			assert.Len(t, got, tt.want)
			req := lastRequest(t, f.s)
			assert.Equal(t, "/beta/identityGovernance/accessReviews/definitions/"+string(f.stagedDef)+"/instances/"+string(f.stagedInst)+
				"/stages/"+string(f.stage)+"/decisions/filterByCurrentUser(on='"+string(tt.role)+"')", req.Path)
			assert.Equal(t, "include-unknown-enum-members", req.Header.Get("Prefer"))
		})
	}
}
