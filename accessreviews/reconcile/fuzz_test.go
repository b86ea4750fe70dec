package reconcile

import (
	"encoding/json/v2"
	"os"
	"path/filepath"
	"testing"
)

// FuzzNormalize feeds JSON objects to the normal form: it never panics, and
// it is idempotent (the normal form of a normal form is itself), which is
// what makes "no change" stable from one plan to the next.
func FuzzNormalize(f *testing.F) {
	files, err := filepath.Glob("testdata/*/*.json")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(baseDefinition))
	f.Fuzz(func(t *testing.T, data []byte) {
		var m object
		if json.Unmarshal(data, &m) != nil || m == nil {
			return
		}
		normalize(m)
		once := canonical(m)
		normalize(m)
		if twice := canonical(m); twice != once {
			t.Fatalf("not idempotent:\n%s\n%s", once, twice)
		}
	})
}
