package scope_test

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/scope"
)

// IDs that appear in the request and response files.
const (
	linkedInSP    = "bae11f90-7d5d-46ba-9f55-8112b59d92ae"
	fallbackGroup = "072ac5f4-3f13-4088-ab30-0a276f3e6322"
	reviewedGroup = "02f3bafb-448c-487c-88c2-5fd65ce49a41"
	reviewerUser  = "398164b1-5196-49dd-ada2-364b49f99b27"
	alineUser     = "c9a5aff7-9298-4d71-adab-0a222e0a05e4"
	buildingGroup = "825f1b5e-6fb2-4d9a-b393-d491101acc0c"
	teamsFallback = "fc9a2c2b-1ddc-486d-a211-5fe8ca77fa1f"
	createdGroup  = "b74444cb-038a-4802-8fc9-b9d1ed0cf11f"
	createdUser   = "7eae986b-d425-48b2-adf2-3c777f4444f3"
	instanceGroup = "59ab642a-2776-4e32-9b68-9ff7a47b7f6a"
)

// The spellings of the documentation's queries that differ from what the
// builders write, each mapped to the builder's query. They are compared as
// the same query only because decoding reads both as the same builder
// scope (asserted below), and the reason is the service's:
//   - "+" is a space in a URL query;
//   - "$count=true" asks for a count next to the results and does not
//     change them;
//   - the "all teams" query of the documentation has a stray quote before
//     its last parenthesis, which the service tolerates (conformance
//     README); the builder writes the balanced query.
var docSpellings = map[string]string{
	"./members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')":                                         "./members/microsoft.graph.user/?$filter=(userType eq 'Guest')",
	"/groups?$filter=(groupTypes/any(c:c+eq+'Unified'))&$count=true":                                                    "/groups?$filter=(groupTypes/any(c:c eq 'Unified'))",
	"/groups?$filter=(groupTypes/any(c:c+eq+'Unified') and resourceProvisioningOptions/Any(x:x eq 'Team')')":            "/groups?$filter=(groupTypes/any(c:c eq 'Unified') and resourceProvisioningOptions/Any(x:x eq 'Team'))",
	"/groups?$filter=(groupTypes/any(c:c+eq+'Unified') and resourceProvisioningOptions/Any(x:x eq 'Team'))&$count=true": "/groups?$filter=(groupTypes/any(c:c eq 'Unified') and resourceProvisioningOptions/Any(x:x eq 'Team'))",
}

// requestWants lists, for each request file, every scope, reviewer list
// and recipient list it holds, built with the package's functions.
var requestWants = map[string]map[string]any{
	"application-users-managers-semiannual.v1.json": {
		"scope":             scope.MembershipsOf(scope.AllUsers()).In(scope.ServicePrincipal(linkedInSP)),
		"reviewers":         []scope.Reviewer{scope.Managers()},
		"backupReviewers":   []scope.Reviewer{scope.MembersOfGroup(fallbackGroup)},
		"fallbackReviewers": []scope.Reviewer{scope.MembersOfGroup(fallbackGroup)},
	},
	"group-multistage-weekly.v1.json": {
		"scope":                              scope.Group(reviewedGroup).TransitiveMembers(),
		"stageSettings[0].reviewers":         []scope.Reviewer{scope.User(reviewerUser)},
		"stageSettings[1].reviewers":         []scope.Reviewer{scope.Managers()},
		"stageSettings[1].fallbackReviewers": []scope.Reviewer{scope.MembersOfGroup(fallbackGroup)},
	},
	"group-weekly-single-reviewer.v1.json": {
		"scope":     scope.Group(reviewedGroup).TransitiveMembers(),
		"reviewers": []scope.Reviewer{scope.User(reviewerUser)},
	},
	"guest-m365-quarterly.v1.json": {
		"scope":                    scope.EachGroup().Members().Users().Guests(),
		"instanceEnumerationScope": scope.AllMicrosoft365Groups(),
		"reviewers":                []scope.Reviewer{scope.GroupOwners()},
		"fallbackReviewers":        []scope.Reviewer{scope.User(alineUser)},
	},
	"self-review-security-group.beta.json": {
		"scope":                    scope.Group(buildingGroup).TransitiveMembers(),
		"instanceEnumerationScope": scope.Group(buildingGroup),
		"reviewers":                scope.SelfReview(),
	},
	"teams-inactive-guests-quarterly.v1.json": {
		"instanceEnumerationScope": scope.AllTeams(),
		"scope":                    scope.EachGroup().Members().Users().Guests().InactiveFor(30),
		"reviewers":                []scope.Reviewer{scope.GroupOwners()},
		"fallbackReviewers":        []scope.Reviewer{scope.User(teamsFallback)},
	},
}

// responseWants lists what each response file's scopes and reviewers mean;
// responses are compared by description, since the service leaves out
// properties the builders write (queryType in one of them).
var responseWants = map[string]map[string]any{
	"definition-created.application.v1.json": {
		"scope":             scope.MembershipsOf(scope.AllUsers()).In(scope.ServicePrincipal(linkedInSP)),
		"reviewers":         []scope.Reviewer{scope.Managers()},
		"fallbackReviewers": []scope.Reviewer{scope.MembersOfGroup(fallbackGroup)},
	},
	"definition-created.group-weekly.v1.json": {
		"instanceEnumerationScope":         nil,
		"scope":                            scope.Group(createdGroup).TransitiveMembers(),
		"reviewers":                        []scope.Reviewer{scope.User(createdUser)},
		"additionalNotificationRecipients": []scope.NotificationRecipient{},
	},
	"definition-created.guest-m365.v1.json": {
		"scope":                    scope.EachGroup().Members().Users().Guests(),
		"instanceEnumerationScope": scope.AllMicrosoft365Groups(),
		"reviewers":                []scope.Reviewer{scope.GroupOwners()},
		"fallbackReviewers":        []scope.Reviewer{scope.User(alineUser)},
	},
	"definition-created.multistage.v1.json": {
		"instanceEnumerationScope":           nil,
		"scope":                              scope.Group(createdGroup).TransitiveMembers(),
		"stageSettings[0].reviewers":         []scope.Reviewer{scope.User(reviewerUser)},
		"stageSettings[1].reviewers":         []scope.Reviewer{scope.Managers()},
		"stageSettings[1].fallbackReviewers": []scope.Reviewer{scope.MembersOfGroup(fallbackGroup)},
		"additionalNotificationRecipients":   []scope.NotificationRecipient{},
	},
	"definition-created.self-review.beta.json": {
		"scope":                    scope.Group(buildingGroup).TransitiveMembers(),
		"instanceEnumerationScope": scope.Group(buildingGroup),
		"reviewers":                scope.SelfReview(),
		"backupReviewers":          scope.SelfReview(),
	},
	"definition-created.teams-inactive-guests.v1.json": {
		"scope":                            scope.EachGroup().Members().Users().Guests().InactiveFor(30),
		"instanceEnumerationScope":         scope.AllTeams(),
		"reviewers":                        []scope.Reviewer{scope.GroupOwners()},
		"backupReviewers":                  scope.SelfReview(),
		"fallbackReviewers":                []scope.Reviewer{scope.User(teamsFallback)},
		"additionalNotificationRecipients": []scope.NotificationRecipient{},
	},
	"instances.guest-m365.v1.json": {
		"value[0].scope": scope.Group(instanceGroup).Members().Users().Guests(),
	},
	"instances.self-review.beta.json": {
		"value[0].scope": scope.Group(buildingGroup).TransitiveMembers(),
	},
	"pending-instances.me.beta.json": {
		"value[0].scope": scope.Group(buildingGroup).TransitiveMembers(),
	},
}

// TestConformanceRequests decodes every scope, instanceEnumerationScope and
// reviewer list of the request files, checks that it decodes to the value
// the package's functions build, re-encodes it and compares (nothing lost
// but the spelling, see asBuilt), then compares the built value's JSON,
// with the normalisations of TestConformanceScopeFiles and the documented
// spellings of docSpellings.
func TestConformanceRequests(t *testing.T) {
	t.Parallel()
	for file, wants := range requestWants {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			parts := scopeParts(t, filepath.Join("testdata/requests", file))
			require.ElementsMatch(t, slices.Collect(maps.Keys(wants)), slices.Collect(maps.Keys(parts)), "every part of the file is checked")
			for path, raw := range parts {
				want := wants[path]
				decoded := decodePart(t, path, raw)
				assert.Equal(t, want, decoded, "%s: decodes to the builder value", path)
				assert.Equal(t, normalizePart(t, path, asBuilt(t, path, raw)), normalizePart(t, path, mustJSON(t, decoded)), "%s: decode and re-encode lose nothing", path)
				assert.Equal(t, normalizePart(t, path, respell(t, raw)), normalizePart(t, path, mustJSON(t, want)), "%s: built with the builders", path)
				assert.Equal(t, describePart(want), describePart(decoded), "%s: same description", path)
			}
		})
	}
}

// TestConformanceResponses decodes every scope and reviewer list of the
// response files, checks that each decodes to the value its builder makes,
// and that re-encoding loses nothing but the spelling (see asBuilt).
func TestConformanceResponses(t *testing.T) {
	t.Parallel()
	for file, wants := range responseWants {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			parts := scopeParts(t, filepath.Join("testdata/responses", file))
			require.ElementsMatch(t, slices.Collect(maps.Keys(wants)), slices.Collect(maps.Keys(parts)), "every part of the file is checked")
			for path, raw := range parts {
				decoded := decodePart(t, path, raw)
				if kind(path) == "scope" {
					assert.Equal(t, wants[path], decoded, "%s: decodes to the builder value", path)
				}
				assert.Equal(t, normalizePart(t, path, asBuilt(t, path, raw)), normalizePart(t, path, mustJSON(t, decoded)), "%s: decode and re-encode lose nothing", path)
				assert.Equal(t, describePart(wants[path]), describePart(decoded), "%s", path)
			}
		})
	}
}

// TestDocSpellings checks that every documented spelling is read as the
// query the builders write, so that treating them as equal in the tests
// above is what the package itself does.
func TestDocSpellings(t *testing.T) {
	t.Parallel()
	for doc, built := range docSpellings {
		t.Run(doc, func(t *testing.T) {
			t.Parallel()
			a := decodeQuery(t, doc)
			b := decodeQuery(t, built)
			assert.NotEqual(t, reflect.TypeFor[scope.QueryScope](), reflect.TypeOf(b), "%q decodes to a builder value", built)
			assert.Equal(t, b, a)
			assert.NoError(t, scope.CheckQuery(built))
		})
	}
	// The documentation's "all teams" query is unbalanced, which is why the
	// builders do not reproduce it.
	assert.Error(t, scope.CheckQuery("/groups?$filter=(groupTypes/any(c:c+eq+'Unified') and resourceProvisioningOptions/Any(x:x eq 'Team')')"))
}

// scopeNames are the properties that hold scopes, reviewers or recipients.
var scopeNames = map[string]bool{
	"scope": true, "instanceEnumerationScope": true, "reviewers": true, "fallbackReviewers": true,
	"backupReviewers": true, "additionalNotificationRecipients": true,
}

// scopeParts reads a JSON file and returns every scope-holding property in
// it by path ("stageSettings[1].reviewers", "value[0].scope").
func scopeParts(t *testing.T, file string) map[string]json.RawMessage {
	t.Helper()
	raw, err := os.ReadFile(file)
	require.NoError(t, err)
	out := map[string]json.RawMessage{}
	var walk func(path string, raw json.RawMessage)
	walk = func(path string, raw json.RawMessage) {
		var obj map[string]json.RawMessage
		if unmarshalWire(raw, &obj) == nil && obj != nil {
			for k, v := range obj {
				p := k
				if path != "" {
					p = path + "." + k
				}
				if scopeNames[k] {
					out[p] = v
					continue
				}
				walk(p, v)
			}
			return
		}
		var list []json.RawMessage
		if unmarshalWire(raw, &list) == nil {
			for i, v := range list {
				walk(path+"["+strconv.Itoa(i)+"]", v)
			}
		}
	}
	walk("", raw)
	return out
}

// decodePart decodes one part with the package's decoders.
func decodePart(t *testing.T, path string, raw json.RawMessage) any {
	t.Helper()
	switch kind(path) {
	case "scope":
		s, err := scope.Unmarshal(raw)
		require.NoError(t, err, path)
		return s
	case "reviewers":
		var rs []scope.Reviewer
		require.NoError(t, unmarshalWire(raw, &rs), path)
		return rs
	default:
		var rs []scope.NotificationRecipient
		require.NoError(t, unmarshalWire(raw, &rs), path)
		return rs
	}
}

// kind tells what a part holds from its property name.
func kind(path string) string {
	name := path
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '.' {
			name = path[i+1:]
			break
		}
	}
	switch name {
	case "scope", "instanceEnumerationScope":
		return "scope"
	case "additionalNotificationRecipients":
		return "recipients"
	}
	return "reviewers"
}

// normalizePart normalises a part's JSON: nulls dropped everywhere, and the
// query scope type added to scopes that have none.
func normalizePart(t *testing.T, path string, raw []byte) any {
	t.Helper()
	if kind(path) == "scope" {
		if string(raw) == "null" {
			return nil
		}
		return normalizeScopeJSON(t, raw)
	}
	var v any
	require.NoError(t, unmarshalWire(raw, &v))
	return dropNulls(v)
}

// describePart describes a decoded or built part.
func describePart(v any) string {
	switch x := v.(type) {
	case scope.Scope:
		return scope.Describe(x)
	case []scope.Reviewer:
		return scope.DescribeReviewers(x)
	case []scope.NotificationRecipient:
		return strconv.Itoa(len(x)) + " recipients"
	}
	return "nothing"
}

// respell replaces the documented spellings of queries by the builders'.
func respell(t *testing.T, raw []byte) []byte {
	t.Helper()
	var v any
	require.NoError(t, unmarshalWire(raw, &v))
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if q, ok := x["query"].(string); ok {
				if built, ok := docSpellings[q]; ok {
					x["query"] = built
				}
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return mustJSON(t, v)
}

// asBuilt is a part as a builder value writes it: every scope of these
// files decodes to one (asserted), which sends its query in the builder's
// spelling (docSpellings, and without "$count=true", which only asks for a
// count next to the results) and with queryType MicrosoftGraph, the query
// type of a query without one. Reviewers are plain structs, kept as read.
func asBuilt(t *testing.T, path string, raw []byte) []byte {
	t.Helper()
	if kind(path) != "scope" {
		return raw
	}
	var v any
	require.NoError(t, unmarshalWire(respell(t, raw), &v))
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if q, ok := x["query"].(string); ok {
				q = strings.Replace(q, "?$count=true&", "?", 1)
				x["query"] = strings.TrimSuffix(q, "&$count=true")
				if x["queryType"] == nil {
					x["queryType"] = string(scope.QueryTypeMicrosoftGraph)
				}
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return mustJSON(t, v)
}

// mustJSON encodes v.
func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := marshalWire(v)
	require.NoError(t, err)
	return b
}
