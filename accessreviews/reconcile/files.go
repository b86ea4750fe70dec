package reconcile

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json/jsontext"
	"encoding/json/v2"
	"errors"
	"fmt"
	"github.com/graphkit/governance/internal/poly"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/graphkit/governance/accessreviews"
)

// ReadJSON reads desired definitions in the wire format (the JSON of a
// create request, or of a definition read from the service): one
// definition object, or an array of them. Properties the SDK does not
// model are kept and compared; read-only ones other than the ID (which
// makes the plan match by ID) are ignored.
func ReadJSON(r io.Reader) ([]*accessreviews.Definition, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reconcile: read json: %w", err)
	}
	data = bytes.TrimSpace(data)
	var raws []jsontext.Value
	if len(data) > 0 && data[0] == '[' {
		err = json.Unmarshal(data, &raws, poly.WireOptions())
	} else {
		raws = []jsontext.Value{data}
	}
	if err != nil {
		return nil, fmt.Errorf("reconcile: read json: %w", err)
	}
	out := make([]*accessreviews.Definition, 0, len(raws))
	for i, raw := range raws {
		var d accessreviews.Definition
		if err := json.Unmarshal(raw, &d, poly.WireOptions()); err != nil {
			return nil, fmt.Errorf("reconcile: read json: definition %d: %w", i, err)
		}
		out = append(out, &d)
	}
	return out, nil
}

// ReadFS reads the desired definitions of every file of fsys matching
// pattern (fs.Glob), in name order, with ReadJSON: os.DirFS("reviews") and
// "*.json" read a directory; an embed.FS builds them into the program.
func ReadFS(fsys fs.FS, pattern string) ([]*accessreviews.Definition, error) {
	names, err := fs.Glob(fsys, pattern)
	if err != nil {
		return nil, fmt.Errorf("reconcile: read files: %w", err)
	}
	var out []*accessreviews.Definition
	for _, name := range names {
		f, err := fsys.Open(name)
		if err != nil {
			return nil, fmt.Errorf("reconcile: read files: %w", err)
		}
		defs, err := ReadJSON(f)
		_ = f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, defs...)
	}
	return out, nil
}

// Export returns the tenant's definitions as desired state: all of them,
// or only the managed ones when opts says which are managed
// (Options.ManagedPrefix, Options.Marker), sorted by display name. Write
// them with WriteJSON, ExportJSON or WriteGo.
func Export(ctx context.Context, client *accessreviews.Client, opts *Options) ([]*accessreviews.Definition, error) {
	if client == nil {
		return nil, errors.New("reconcile: export: the client is nil")
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	var out []*accessreviews.Definition
	for d, err := range client.Definitions.List(ctx, nil) {
		if err != nil {
			return nil, fmt.Errorf("reconcile: export: %w", err)
		}
		if !o.owns() || o.Managed(&d) {
			out = append(out, &d)
		}
	}
	slices.SortStableFunc(out, func(a, b *accessreviews.Definition) int {
		return cmp.Or(strings.Compare(a.DisplayName, b.DisplayName), strings.Compare(string(a.ID), string(b.ID)))
	})
	return out, nil
}

// ExportOptions says how definitions are written as desired state.
type ExportOptions struct {
	// KeepIDs writes each definition's ID, so that a plan matches it by ID
	// instead of by key. Leave it off to apply the files to another tenant.
	KeepIDs bool
	// Package is the Go package name WriteGo writes; "reviews" when empty.
	Package string
	// Func is the name of the function WriteGo writes, which returns the
	// definitions; "Definitions" when empty.
	Func string
}

// exportable returns d as desired state: its writable properties, the ID
// first with KeepIDs, nulls dropped and the recurrence in its plain form
// (a range the service echoes as numbered with 9999-12-31 is written as
// noEnd).
func exportable(d *accessreviews.Definition, opts *ExportOptions) (object, error) {
	m, err := writable(d)
	if err != nil {
		return nil, err
	}
	cleanTree(m)
	if s, ok := m["settings"].(object); ok {
		if r, ok := s["recurrence"].(object); ok {
			normalizeRecurrence(r)
		}
	}
	if opts != nil && opts.KeepIDs && d.ID != "" {
		m["id"] = string(d.ID)
	}
	return m, nil
}

// WriteJSON writes d as desired state in the wire format that ReadJSON
// reads, indented: its writable properties and those the SDK does not
// model, without read-only ones (the ID only with KeepIDs).
func WriteJSON(w io.Writer, d *accessreviews.Definition, opts *ExportOptions) error {
	m, err := exportable(d, opts)
	if err != nil {
		return fmt.Errorf("reconcile: write json: %w", err)
	}
	b, err := orderedJSON(m)
	if err != nil {
		return fmt.Errorf("reconcile: write json: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// ExportJSON writes each definition to its own file in dir, named after its
// display name ("quarterly-guest-review.json", with "-2", "-3"… when two
// names give the same file name), and returns the file names in the order
// of defs. Existing files of the same names are replaced.
func ExportJSON(dir string, defs []*accessreviews.Definition, opts *ExportOptions) ([]string, error) {
	used := map[string]bool{}
	var names []string
	for _, d := range defs {
		base := fileName(d.DisplayName)
		name := base + ".json"
		for n := 2; used[name]; n++ {
			name = fmt.Sprintf("%s-%d.json", base, n)
		}
		used[name] = true
		var b bytes.Buffer
		if err := WriteJSON(&b, d, opts); err != nil {
			return names, err
		}
		if err := os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644); err != nil {
			return names, fmt.Errorf("reconcile: export json: %w", err)
		}
		names = append(names, name)
	}
	return names, nil
}

// fileName makes a file name of a display name: lower-case letters and
// digits, other runs of characters as one "-", at most 60 bytes.
func fileName(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			sep := dash && b.Len() > 0
			if n := b.Len() + len(string(r)); n > 60 || sep && n+1 > 60 {
				break
			}
			if sep {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "definition"
	}
	return b.String()
}

// propertyOrder is the order in which exported JSON lists a definition's
// properties; others follow in name order.
var propertyOrder = []string{
	"id", "displayName", "descriptionForAdmins", "descriptionForReviewers", "scope", "instanceEnumerationScope",
	"reviewers", "fallbackReviewers", "backupReviewers", "additionalNotificationRecipients", "settings", "stageSettings",
}

// orderedJSON encodes a definition with its properties in propertyOrder
// and the members of nested objects in name order, indented.
func orderedJSON(m object) ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	keys := slices.SortedFunc(maps.Keys(m), func(a, b string) int {
		return cmp.Or(cmp.Compare(orderIndex(a), orderIndex(b)), strings.Compare(a, b))
	})
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, err := json.Marshal(k, poly.WireOptions())
		if err != nil {
			return nil, err
		}
		vb, err := json.Marshal(m[k], json.Deterministic(true), poly.WireOptions())
		if err != nil {
			return nil, err
		}
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vb)
	}
	b.WriteByte('}')
	v := jsontext.Value(b.Bytes())
	if err := v.Indent(jsontext.WithIndent("  ")); err != nil {
		return nil, err
	}
	return v, nil
}

// orderIndex returns the position of a property in propertyOrder.
func orderIndex(k string) int {
	if i := slices.Index(propertyOrder, k); i >= 0 {
		return i
	}
	return len(propertyOrder)
}
