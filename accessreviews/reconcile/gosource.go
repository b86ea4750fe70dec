package reconcile

import (
	"bytes"
	"encoding/json/v2"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"io"
	"strconv"
	"strings"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/scope"

	"github.com/graphkit/governance/internal/poly"
)

// WriteGo writes Go source that builds defs as desired state: a file of
// package opts.Package ("reviews") with a function opts.Func
// ("Definitions") returning them, for a team to start keeping its access
// reviews as code from what the tenant already has.
//
// Definitions are written with the builders: scopes that decode to builder
// values (see scope.Unmarshal) as builder expressions, reviewers and
// notification recipients as builder calls, schedules as recurrence
// chains, settings and stages as struct literals. What no builder says (a
// query of another shape, a property the SDK does not model, an unknown
// apply action) is written in the wire format, decoded by a small helper
// of the file: the scope alone when only it is unusual, else the whole
// definition. Every builder expression is checked to encode exactly as the
// tenant's value does, so a plan of the source against the tenant is no
// change.
func WriteGo(w io.Writer, defs []*accessreviews.Definition, opts *ExportOptions) error {
	o := ExportOptions{Package: "reviews", Func: "Definitions"}
	if opts != nil {
		o.KeepIDs = opts.KeepIDs
		if opts.Package != "" {
			o.Package = opts.Package
		}
		if opts.Func != "" {
			o.Func = opts.Func
		}
	}
	var body strings.Builder
	for i, d := range defs {
		if d == nil {
			return fmt.Errorf("reconcile: write go: definition %d is nil", i)
		}
		src, err := definitionSource(d, &o)
		if err != nil {
			return fmt.Errorf("reconcile: write go: %q: %w", d.DisplayName, err)
		}
		fmt.Fprintf(&body, "\t\t// %s", strconv.Quote(d.DisplayName))
		if d.ID != "" && !o.KeepIDs {
			fmt.Fprintf(&body, ", definition %s in the tenant it was exported from", d.ID)
		}
		fmt.Fprintf(&body, "\n\t\t%s,\n", src)
	}
	text := body.String()
	var decls strings.Builder
	fmt.Fprintf(&decls, "// %s returns the desired access review definitions.\n", o.Func)
	fmt.Fprintf(&decls, "func %s() []*accessreviews.Definition {\n\treturn []*accessreviews.Definition{\n%s\t}\n}\n", o.Func, text)
	uses, err := identifiers("package p\n" + decls.String())
	if err != nil {
		return fmt.Errorf("reconcile: write go: %w", err)
	}
	if uses["wire"] {
		decls.WriteString(wireHelper)
	}
	if uses["wireScope"] {
		decls.WriteString(wireScopeHelper)
	}
	var b bytes.Buffer
	b.WriteString("// Code exported by reconcile.WriteGo from a tenant's access review\n")
	b.WriteString("// definitions. It is the desired state now: edit it, plan and apply.\n\n")
	if o.Package != "main" {
		fmt.Fprintf(&b, "// Package %s holds the desired access review definitions.\n", o.Package)
	}
	fmt.Fprintf(&b, "package %s\n\nimport (\n", o.Package)
	for _, imp := range []struct{ use, path string }{
		{"wire", "encoding/json/v2"}, {"time", "time"}, {"", ""}, {"accessreviews", "github.com/graphkit/governance/accessreviews"},
		{"odata", "github.com/graphkit/governance/odata"}, {"recurrence", "github.com/graphkit/governance/recurrence"},
		{"scope", "github.com/graphkit/governance/scope"},
	} {
		switch {
		case imp.path == "":
			b.WriteString("\n") // the standard library first, as goimports groups them
		case uses[imp.use] || imp.use == "scope" && uses["wireScope"]:
			fmt.Fprintf(&b, "\t%q\n", imp.path)
		}
	}
	b.WriteString(")\n\n")
	b.WriteString(decls.String())
	out, err := format.Source(b.Bytes())
	if err != nil {
		return fmt.Errorf("reconcile: write go: format: %w", err)
	}
	_, err = w.Write(out)
	return err
}

// identifiers parses Go source and returns the package names its selector
// expressions use and the helper functions it calls.
func identifiers(src string) (map[string]bool, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, 0)
	if err != nil {
		return nil, err
	}
	uses := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch v := n.(type) {
		case *ast.SelectorExpr:
			if id, ok := v.X.(*ast.Ident); ok {
				uses[id.Name] = true
			}
		case *ast.IndexExpr:
			if id, ok := v.X.(*ast.Ident); ok && id.Name == "wire" {
				uses["wire"] = true
			}
		case *ast.CallExpr:
			if id, ok := v.Fun.(*ast.Ident); ok && id.Name == "wireScope" {
				uses["wireScope"] = true
			}
		}
		return true
	})
	return uses, nil
}

// The helpers the generated source declares when it uses them.
const (
	wireHelper = `
// wire decodes a value written in the Graph wire format, where no builder
// says it.
func wire[T any](text string) T {
	var v T
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		panic(err)
	}
	return v
}
`
	wireScopeHelper = `
// wireScope decodes a scope written in the Graph wire format, where no
// builder says it.
func wireScope(text string) scope.Scope {
	s, err := scope.Unmarshal([]byte(text))
	if err != nil {
		panic(err)
	}
	return s
}
`
)

// errWire reports that a definition must be written in the wire format.
var errWire = errors.New("written in the wire format")

// definitionSource writes one definition: a composite literal with the
// builders, or the wire format when they cannot say it exactly.
func definitionSource(d *accessreviews.Definition, o *ExportOptions) (string, error) {
	form, err := exportable(d, o)
	if err != nil {
		return "", err
	}
	raw, err := json.Marshal(form, json.Deterministic(true), poly.WireOptions())
	if err != nil {
		return "", err
	}
	wireForm := "wire[*accessreviews.Definition](" + goString(string(raw)) + ")"
	if hasUnmodelled(form, schema) {
		return wireForm, nil
	}
	var clean accessreviews.Definition
	if err := json.Unmarshal(raw, &clean, poly.WireOptions()); err != nil {
		return "", err
	}
	src, err := literal(&clean, o)
	if errors.Is(err, errWire) {
		return wireForm, nil
	}
	return src, err
}

// hasUnmodelled reports whether a writable state has properties the
// levels of lv do not document.
func hasUnmodelled(m object, lv *level) bool {
	for name, v := range m {
		if !lv.has(name) {
			return true
		}
		if child, ok := lv.children[name]; ok {
			if o, ok := v.(object); ok && hasUnmodelled(o, child) {
				return true
			}
		}
	}
	if lv.keyed != nil {
		for _, st := range list(m, "stageSettings") {
			if o, ok := st.(object); ok && hasUnmodelled(o, lv.keyed) {
				return true
			}
		}
	}
	return false
}

// fields collects the "Name: value" lines of a composite literal.
type fields []string

// add appends one field.
func (f *fields) add(name, value string) { *f = append(*f, name+": "+value) }

// literal writes d as a composite literal.
func (f fields) literal(typ string) string {
	if len(f) == 0 {
		return typ + "{}"
	}
	return typ + "{\n" + strings.Join(f, ",\n") + ",\n}"
}

// literal writes the definition d with the builders, or fails with errWire.
func literal(d *accessreviews.Definition, o *ExportOptions) (string, error) {
	var f fields
	if o.KeepIDs && d.ID != "" {
		f.add("ID", strconv.Quote(string(d.ID)))
	}
	f.add("DisplayName", goString(d.DisplayName))
	if d.DescriptionForAdmins != "" {
		f.add("DescriptionForAdmins", goString(d.DescriptionForAdmins))
	}
	if d.DescriptionForReviewers != "" {
		f.add("DescriptionForReviewers", goString(d.DescriptionForReviewers))
	}
	for _, s := range []struct {
		name string
		val  scope.Scope
	}{{"Scope", d.Scope}, {"InstanceEnumerationScope", d.InstanceEnumerationScope}} {
		if s.val == nil {
			continue
		}
		src, err := scopeSource(s.val)
		if err != nil {
			return "", err
		}
		f.add(s.name, src)
	}
	for _, l := range []struct {
		name string
		list []scope.Reviewer
		ok   bool
	}{
		{"Reviewers", d.Reviewers, d.Reviewers != nil},
		{"FallbackReviewers", d.FallbackReviewers, len(d.FallbackReviewers) > 0},
		{"BackupReviewers", d.BackupReviewers, len(d.BackupReviewers) > 0 && !sameJSON(d.BackupReviewers, d.FallbackReviewers)},
	} {
		if !l.ok {
			continue
		}
		src, err := reviewersSource(l.list)
		if err != nil {
			return "", err
		}
		f.add(l.name, src)
	}
	settings, err := settingsSource(&d.Settings)
	if err != nil {
		return "", err
	}
	f.add("Settings", settings)
	if len(d.StageSettings) > 0 {
		var stages []string
		for i := range d.StageSettings {
			src, err := stageSource(&d.StageSettings[i])
			if err != nil {
				return "", err
			}
			stages = append(stages, src)
		}
		f.add("StageSettings", "[]accessreviews.StageSettings{\n"+strings.Join(stages, ",\n")+",\n}")
	}
	if len(d.AdditionalNotificationRecipients) > 0 {
		var rs []string
		for _, r := range d.AdditionalNotificationRecipients {
			src, ok := recipientExpr(r)
			if !ok {
				raw, err := json.Marshal(r, poly.WireOptions())
				if err != nil {
					return "", err
				}
				src = "wire[scope.NotificationRecipient](" + goString(string(raw)) + ")"
			}
			rs = append(rs, src)
		}
		f.add("AdditionalNotificationRecipients", "[]scope.NotificationRecipient{"+strings.Join(rs, ", ")+"}")
	}
	return f.literal(""), nil
}

// scopeSource writes a scope: a builder expression, or its wire format.
func scopeSource(s scope.Scope) (string, error) {
	if src, _, ok := scopeExpr(s); ok {
		return src, nil
	}
	raw, err := json.Marshal(s, poly.WireOptions())
	if err != nil {
		return "", err
	}
	return "wireScope(" + goString(string(raw)) + ")", nil
}

// reviewersSource writes a reviewer list; an empty one is a self-review.
func reviewersSource(rs []scope.Reviewer) (string, error) {
	if len(rs) == 0 {
		return "scope.SelfReview()", nil
	}
	parts := make([]string, len(rs))
	for i, r := range rs {
		src, ok := reviewerExpr(r)
		if !ok {
			raw, err := json.Marshal(r, poly.WireOptions())
			if err != nil {
				return "", err
			}
			src = "wire[scope.Reviewer](" + goString(string(raw)) + ")"
		}
		parts[i] = src
	}
	return "[]scope.Reviewer{" + strings.Join(parts, ", ") + "}", nil
}
