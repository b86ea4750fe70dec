package accessreviews

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/scope"
)

func TestInstanceUnmarshalScope(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		json     string
		wantType any // nil: no scope
		wantErr  bool
	}{
		{"absent", `{"id":"a"}`, nil, false},
		{"null", `{"id":"a","scope":null}`, nil, false},
		{"untyped query", `{"scope":{"query":"/groups/x/owners","queryType":"MicrosoftGraph"}}`, scope.QueryScope{}, false},
		{"beta odata.type spelling", `{"scope":{"odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/groups/x/owners"}}`, scope.QueryScope{}, false},
		{"a builder's query", `{"scope":{"odata.type":"#microsoft.graph.accessReviewQueryScope","query":"/groups/x/members"}}`, scope.MembersScope{}, false},
		{"unknown type kept", `{"scope":{"@odata.type":"#microsoft.graph.futureScope","x":1}}`, scope.Unknown{}, false},
		{"scope not an object", `{"scope":[1]}`, nil, true},
		{"bad other field", `{"status":7}`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var in Instance
			err := json.Unmarshal([]byte(tt.json), &in)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			if tt.wantType == nil {
				assert.Nil(t, in.Scope)
			} else {
				assert.IsType(t, tt.wantType, in.Scope)
			}
		})
	}
}

func TestInstanceInlineNavigations(t *testing.T) {
	t.Parallel()
	data := `{
		"id": "720b8ee0-cee4-42ac-b164-894c48703acc",
		"stages": [{"id": "7d244ab1-4ab1-7d24-b14a-247db14a247d", "status": "InProgress"}],
		"decisions": [{"id": "e6cafba0-cbf0-4748-8868-0810c7f4cc06", "decision": "Approve"}],
		"contactedReviewers": [{"id": "4562bcc8-c436-4f95-b7c0-4f8ce89dca5e", "displayName": "Adele Vance"}],
		"definition": {"id": "5dcfcc88-da88-4252-8629-a0807b4b076d", "displayName": "Quarterly guest review"}
	}`
	var in Instance
	require.NoError(t, json.Unmarshal([]byte(data), &in))
	require.Len(t, in.Stages, 1)
	assert.Equal(t, e2Stage, in.Stages[0].ID)
	require.Len(t, in.Decisions, 1)
	assert.Equal(t, DecisionApprove, in.Decisions[0].Decision)
	require.Len(t, in.ContactedReviewers, 1)
	assert.Equal(t, "Adele Vance", in.ContactedReviewers[0].DisplayName)
	require.NotNil(t, in.Definition)
	assert.Equal(t, e2Def, in.Definition.ID)
	assert.Equal(t, "Quarterly guest review", in.Definition.DisplayName)
}

func TestInstanceMarshalRoundTrip(t *testing.T) {
	t.Parallel()
	var in Instance
	require.NoError(t, json.Unmarshal(fixture(t, "instances/get.json"), &in))
	data, err := json.Marshal(in)
	require.NoError(t, err)
	var again Instance
	require.NoError(t, json.Unmarshal(data, &again))
	assert.Equal(t, in.ID, again.ID)
	assert.True(t, in.StartDateTime.Equal(again.StartDateTime.Time))
	assert.Equal(t, scope.Describe(in.Scope), scope.Describe(again.Scope))
	assert.Equal(t, in.Errors, again.Errors)
	e2AssertNoLostField(t, "instance", e2Decode(t, fixture(t, "instances/get.json")), e2Decode(t, data))
}

func TestInstanceUpdateValidate(t *testing.T) {
	t.Parallel()
	group := scope.Group("59ab642a-2776-4e32-9b68-9ff7a47b7f6a").TransitiveMembers()
	tests := []struct {
		name   string
		u      InstanceUpdate
		fields []string // nil: valid
	}{
		{"scope only", InstanceUpdate{Scope: group}, nil},
		{"self-review", InstanceUpdate{Scope: group, Reviewers: scope.SelfReview()}, nil},
		{"reviewers and fallback", InstanceUpdate{Scope: group, Reviewers: []scope.Reviewer{scope.GroupOwners()}, FallbackReviewers: []scope.Reviewer{scope.User(e2User1)}}, nil},
		{"unknown scope from the service", InstanceUpdate{Scope: scope.Unknown{Raw: json.RawMessage(`{"@odata.type":"#microsoft.graph.x"}`)}}, nil},
		{"no scope", InstanceUpdate{}, []string{"scope"}},
		{"bad scope", InstanceUpdate{Scope: scope.Group("").Members()}, []string{"scope.query.groupId"}},
		{"every problem at once", InstanceUpdate{
			Reviewers:         []scope.Reviewer{scope.User(e2User1), scope.User("")},
			FallbackReviewers: []scope.Reviewer{{Query: "./manager"}},
		}, []string{"scope", "reviewers[1].query.userId", "fallbackReviewers[0].queryRoot"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.u.Validate()
			if tt.fields == nil {
				assert.NoError(t, err)
				return
			}
			assert.ElementsMatch(t, tt.fields, e2Fields(err), "error: %v", err)
		})
	}
}

func TestBatchDecisionValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		b      BatchDecision
		fields []string // nil: valid
	}{
		{"by principal", BatchDecision{Decision: DecisionApprove, PrincipalID: e2User1}, nil},
		{"by resource", BatchDecision{Decision: DecisionDeny, ResourceID: "a5c51e59-3fcd-4a37-87a1-835c0c21488a"}, nil},
		{"by both", BatchDecision{Decision: DecisionDontKnow, PrincipalID: e2User1, ResourceID: "/subscriptions/x/resourceGroups/y"}, nil},
		{"every item", BatchDecision{Decision: DecisionNotReviewed, AllItems: true}, nil},
		{"no decision", BatchDecision{PrincipalID: e2User1}, []string{"decision"}},
		{"unknown decision", BatchDecision{Decision: "approve", PrincipalID: e2User1}, []string{"decision"}},
		{"principal by name, sent as given", BatchDecision{Decision: DecisionApprove, PrincipalID: "alice@contoso.com"}, nil},
		{"resource with a line break, sent as given", BatchDecision{Decision: DecisionApprove, ResourceID: "a\nb"}, nil},
		{"nothing narrows and no confirmation", BatchDecision{Decision: DecisionApprove}, []string{"allItems"}},
		{"confirmation with a narrowing", BatchDecision{Decision: DecisionApprove, ResourceID: "r", AllItems: true}, []string{"allItems"}},
		{"every problem at once", BatchDecision{Decision: "Yes", PrincipalID: "p", ResourceID: "\x00", AllItems: true}, []string{"decision", "allItems"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.b.Validate()
			if tt.fields == nil {
				assert.NoError(t, err)
				return
			}
			assert.ElementsMatch(t, tt.fields, e2Fields(err), "error: %v", err)
		})
	}
}

func TestBatchDecisionErrorClipsInput(t *testing.T) {
	t.Parallel()
	err := BatchDecision{Decision: Decision(strings.Repeat("x", 5000)), AllItems: true}.Validate()
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 200, "a huge input must not flood the message")
}

// TestInstanceConformance decodes the instance payloads of the seed
// documents and checks that re-encoding loses nothing. Each scope decodes
// to the builder value that makes its query, which writes the query in the
// builder's spelling: the scope is compared as that value, and as the
// builder's JSON.
func TestInstanceConformance(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]scope.Scope{
		"conformance/instances.guest-m365.v1.json":    scope.Group("59ab642a-2776-4e32-9b68-9ff7a47b7f6a").Members().Users().Guests(),
		"conformance/instances.self-review.beta.json": scope.Group("825f1b5e-6fb2-4d9a-b393-d491101acc0c").TransitiveMembers(),
		"conformance/pending-instances.me.beta.json":  scope.Group("825f1b5e-6fb2-4d9a-b393-d491101acc0c").TransitiveMembers(),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var page struct {
				Value []json.RawMessage `json:"value"`
			}
			require.NoError(t, json.Unmarshal(fixture(t, name), &page))
			require.NotEmpty(t, page.Value)
			for i, raw := range page.Value {
				var in Instance
				require.NoError(t, json.Unmarshal(raw, &in))
				assert.NotEmpty(t, in.ID)
				assert.Equal(t, StatusInProgress, in.Status)
				assert.Equal(t, want, in.Scope)
				out, err := json.Marshal(in)
				require.NoError(t, err)
				doc, got := e2Decode(t, raw).(map[string]any), e2Decode(t, out).(map[string]any)
				builderJSON, err := scope.Marshal(want)
				require.NoError(t, err)
				assert.Equal(t, e2Decode(t, builderJSON), got["scope"], "the scope is sent as the builder writes it")
				delete(doc, "scope")
				delete(got, "scope")
				e2AssertNoLostField(t, fmt.Sprintf("value[%d]", i), doc, got)
			}
		})
	}
}

// e2Decode decodes JSON into generic values for comparison.
func e2Decode(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(data, &v))
	return v
}

// e2AssertNoLostField checks that every property of the entity want is in
// got with the same value. The normalisations are the allowed ones of the
// conformance README, written out:
//   - the entity's own "@odata.*" annotations (context, type) are response
//     metadata, not properties, and are not re-encoded;
//   - a null property equals an absent one (the service treats them alike,
//     and the models decode null to the zero value);
//   - got may carry properties want lacks: scopes gain "@odata.type", which
//     the scope package always writes;
//   - date-time strings compare as instants, since the models normalise the
//     offset and the fraction digits.
func e2AssertNoLostField(t *testing.T, at string, want, got any) {
	t.Helper()
	if w, ok := want.(map[string]any); ok {
		w = maps.Clone(w)
		for k := range w {
			if strings.HasPrefix(k, "@odata.") {
				delete(w, k)
			}
		}
		want = w
	}
	e2AssertSubset(t, at, want, got)
}

// e2AssertSubset is e2AssertNoLostField below the entity's top level.
func e2AssertSubset(t *testing.T, at string, want, got any) {
	t.Helper()
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !assert.True(t, ok, "%s: want an object, got %T", at, got) {
			return
		}
		for k, wv := range w {
			if wv == nil {
				continue
			}
			gv, ok := g[k]
			if assert.True(t, ok, "%s: property %q lost", at, k) {
				e2AssertSubset(t, at+"."+k, wv, gv)
			}
		}
	case []any:
		g, ok := got.([]any)
		if assert.True(t, ok, "%s: want an array, got %T", at, got) && assert.Len(t, g, len(w), at) {
			for i := range w {
				e2AssertSubset(t, fmt.Sprintf("%s[%d]", at, i), w[i], g[i])
			}
		}
	case string:
		if wt, err := odata.ParseDateTime(w); err == nil && strings.Contains(w, "T") {
			gs, _ := got.(string)
			gt, err := odata.ParseDateTime(gs)
			if assert.NoError(t, err, "%s: want a date-time", at) {
				assert.True(t, wt.Equal(gt.Time), "%s: %s != %s", at, w, gs)
			}
			return
		}
		assert.Equal(t, w, got, at)
	default:
		assert.Equal(t, want, got, at)
	}
}

// FuzzInstanceUnmarshalJSON checks that no input panics the decoder and
// that whatever decodes encodes and decodes again.
func FuzzInstanceUnmarshalJSON(f *testing.F) {
	f.Add([]byte(`{"id":"a","scope":{"query":"/users"}}`))
	f.Add([]byte(`{"scope":null,"reviewers":[{"query":"./manager","queryRoot":"decisions"}]}`))
	f.Add([]byte(`{"scope":{"@odata.type":"#microsoft.graph.principalResourceMembershipsScope","principalScopes":[{"query":"/users"}],"resourceScopes":[]}}`))
	f.Add([]byte(`{"scope":{"@odata.type":"#microsoft.graph.unknown"},"errors":[{"code":"x"}],"stages":[{}]}`))
	f.Add([]byte(`{"startDateTime":"2021-02-10T17:00:36.96Z","endDateTime":null,"status":"Applied"}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var in Instance
		if err := json.Unmarshal(data, &in); err != nil {
			return
		}
		out, err := json.Marshal(in)
		if err != nil {
			// Values the service may send but the package refuses to write
			// (a malformed reviewer query) are read, not written: no panic
			// is all that is required.
			return
		}
		var again Instance
		if err := json.Unmarshal(out, &again); err != nil {
			t.Fatalf("re-decoding %s: %v", out, err)
		}
		if again.ID != in.ID || again.Status != in.Status {
			t.Fatalf("round trip changed the instance: %s", out)
		}
	})
}

// FuzzBatchDecisionValidate checks that validation never panics and that
// every problem it reports is a field error.
func FuzzBatchDecisionValidate(f *testing.F) {
	f.Add("Approve", "because", "4562bcc8-c436-4f95-b7c0-4f8ce89dca5e", "", false)
	f.Add("Deny", "", "", "", true)
	f.Add("Maybe", "\x00", "bob", "\n", true)
	f.Fuzz(func(t *testing.T, decision, justification, principal, resource string, all bool) {
		b := BatchDecision{Decision: Decision(decision), Justification: justification, PrincipalID: principal, ResourceID: resource, AllItems: all}
		err := b.Validate()
		if err == nil {
			return
		}
		if !errors.Is(err, odata.ErrInvalid) || len(e2Fields(err)) == 0 {
			t.Fatalf("not a field error: %v", err)
		}
	})
}
