package legacy

import (
	"strings"
	"unicode"
)

// TemplateKind is what a legacy review reviewed, as its business flow
// template said. ToDefinition chooses the new scope and reviewers from it.
type TemplateKind string

// The kinds of business flow templates the service had.
const (
	// KindGroupMemberships reviews the members of a group.
	KindGroupMemberships TemplateKind = "groupMemberships"
	// KindGuestGroupMemberships reviews the guest members of a group.
	KindGuestGroupMemberships TemplateKind = "guestGroupMemberships"
	// KindAppAssignments reviews the users assigned to an application.
	KindAppAssignments TemplateKind = "appAssignments"
	// KindGuestAppAssignments reviews the guests assigned to an application.
	KindGuestAppAssignments TemplateKind = "guestAppAssignments"
	// KindRoleMemberships reviews the members of a Microsoft Entra role.
	KindRoleMemberships TemplateKind = "roleMemberships"
)

// Known reports whether k is one of the kinds above.
func (k TemplateKind) Known() bool {
	switch k {
	case KindGroupMemberships, KindGuestGroupMemberships, KindAppAssignments, KindGuestAppAssignments, KindRoleMemberships:
		return true
	}
	return false
}

// isApp reports whether k reviews application assignments.
func (k TemplateKind) isApp() bool { return k == KindAppAssignments || k == KindGuestAppAssignments }

// RecognizeTemplate reads a template's display name and returns the kind it
// names, and false when the name matches no kind. Template IDs differ from
// tenant to tenant, so names are all there is: the words "role", "guest",
// "app"/"application" and "group"/"membership" are looked for, in that
// order of precedence, without regard to case ("Access reviews of guest
// user memberships of a group" is KindGuestGroupMemberships).
func RecognizeTemplate(tpl BusinessFlowTemplate) (TemplateKind, bool) {
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(tpl.DisplayName), func(r rune) bool { return !unicode.IsLetter(r) }) {
		words[strings.TrimSuffix(w, "s")] = true
	}
	app := words["app"] || words["application"] || words["assignment"]
	group := words["group"] || words["membership"] || words["member"]
	switch {
	case words["role"]:
		return KindRoleMemberships, true
	case words["guest"] && app:
		return KindGuestAppAssignments, true
	case words["guest"]:
		return KindGuestGroupMemberships, true
	case app:
		return KindAppAssignments, true
	case group:
		return KindGroupMemberships, true
	}
	return "", false
}
