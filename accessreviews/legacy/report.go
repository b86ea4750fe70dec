package legacy

import (
	"fmt"
	"strings"
)

// ReportKind says what happened to a legacy property during a conversion.
type ReportKind string

// The kinds of report entries.
const (
	// Dropped: the property has no equivalent and was not carried over.
	Dropped ReportKind = "dropped"
	// Guessed: the conversion had to choose without enough information;
	// check the result.
	Guessed ReportKind = "guessed"
	// Changed: the property was carried over with a different value or
	// meaning (a truncation, a cap, a moved date).
	Changed ReportKind = "changed"
)

// ReportEntry is one thing ToDefinition could not carry over as it was.
type ReportEntry struct {
	// Field is the legacy property, as a JSON path
	// ("settings.recurrenceSettings.durationInDays").
	Field string `json:"field"`
	// Kind says what happened to it.
	Kind ReportKind `json:"kind"`
	// Detail says why and what was done instead, for people.
	Detail string `json:"detail"`
}

// String formats the entry as "kind field: detail".
func (e ReportEntry) String() string {
	return fmt.Sprintf("%s %s: %s", e.Kind, e.Field, e.Detail)
}

// Report lists everything a conversion could not carry over as it was, in
// the order the legacy properties were read. An empty report means a
// faithful conversion. It is machine-readable (Entries, JSON) and printable
// (String).
type Report struct {
	// Entries are the report's entries.
	Entries []ReportEntry `json:"entries"`
}

// Has reports whether the report holds an entry of kind k.
func (r Report) Has(k ReportKind) bool {
	for _, e := range r.Entries {
		if e.Kind == k {
			return true
		}
	}
	return false
}

// Field returns the entries about field, in order.
func (r Report) Field(field string) []ReportEntry {
	var out []ReportEntry
	for _, e := range r.Entries {
		if e.Field == field {
			out = append(out, e)
		}
	}
	return out
}

// String formats the report one entry a line, or "nothing to report" when
// it is empty.
func (r Report) String() string {
	if len(r.Entries) == 0 {
		return "nothing to report"
	}
	var b strings.Builder
	for i, e := range r.Entries {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.String())
	}
	return b.String()
}

// add appends an entry with a formatted detail.
func (r *Report) add(kind ReportKind, field, format string, args ...any) {
	r.Entries = append(r.Entries, ReportEntry{Field: field, Kind: kind, Detail: fmt.Sprintf(format, args...)})
}
