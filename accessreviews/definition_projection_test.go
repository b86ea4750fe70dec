package accessreviews

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// jsonNames returns the JSON member names of a struct's fields, by Go field
// name; the embedded fallback is left out.
func jsonNames(t reflect.Type) map[string]string {
	out := map[string]string{}
	for f := range t.Fields() {
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if !f.IsExported() || tag == "-" || (name == "" && strings.Contains(","+opts+",", ",embed,")) {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[f.Name] = name
	}
	return out
}

// TestRequestBodiesListEveryWritableProperty walks the fields of the read
// models by reflection: each must be in the request body (the projection
// Create and Update send) or on the read-only list. A property added to a
// model and forgotten in its request body fails here.
func TestRequestBodiesListEveryWritableProperty(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		model    reflect.Type
		body     reflect.Type
		readOnly []string
	}{
		{"definition", reflect.TypeFor[Definition](), reflect.TypeFor[definitionBody](), definitionReadOnly},
		{"settings", reflect.TypeFor[Settings](), reflect.TypeFor[settingsBody](), nil},
		{"stage settings", reflect.TypeFor[StageSettings](), reflect.TypeFor[stageBody](), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			inBody := map[string]bool{}
			for _, name := range jsonNames(tt.body) {
				inBody[name] = true
			}
			readOnly := map[string]bool{}
			for _, name := range tt.readOnly {
				readOnly[name] = true
			}
			for field, name := range jsonNames(tt.model) {
				switch {
				case inBody[name] && readOnly[name]:
					t.Errorf("%s.%s (%q) is both sent and read-only", tt.model.Name(), field, name)
				case !inBody[name] && !readOnly[name]:
					t.Errorf("%s.%s (%q) is neither in the request body nor on the read-only list", tt.model.Name(), field, name)
				}
				delete(inBody, name)
			}
			assert.Empty(t, inBody, "the request body sends only properties the model has")
			_, modelExtra := tt.model.FieldByName("Extra")
			_, bodyExtra := tt.body.FieldByName("Extra")
			assert.True(t, modelExtra && bodyExtra, "unknown properties are kept and sent back")
		})
	}
}

// TestUpdateBodySendsNilListsEmpty checks the update projection on the wire
// shape the reflection test cannot see: nil lists of the definition and its
// settings are sent as [], and the read-only properties are absent.
func TestUpdateBodySendsNilListsEmpty(t *testing.T) {
	t.Parallel()
	def := &Definition{ID: "0c3f0a1e-6b8b-4f7e-9d6a-3c2b1a0f9e8d", DisplayName: "d", Status: StatusInProgress}
	b, err := def.requestBody(true)
	if err != nil {
		t.Fatal(err)
	}
	body := string(b)
	for _, member := range []string{`"reviewers":[]`, `"fallbackReviewers":[]`, `"stageSettings":[]`,
		`"additionalNotificationRecipients":[]`, `"applyActions":[]`, `"recommendationInsightSettings":[]`} {
		assert.Contains(t, body, member)
	}
	for _, name := range definitionReadOnly {
		assert.NotContains(t, body, `"`+name+`"`)
	}
}
