package recurrence

import (
	"encoding/json/jsontext"
	"encoding/json/v2"
	"errors"

	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/odata"
)

// Recurrence is a Graph patternedRecurrence: the schedule of an access
// review. A nil Pattern is a one-time review that opens on Range.StartDate.
//
// Build one with the constructors ([Once], [Weekly], [Monthly],
// [MonthlyOnDay], [Quarterly], [SemiAnnually], [Annually]) and the methods
// that refine it ([Recurrence.StartingOn], [Recurrence.EndingOn],
// [Recurrence.Times], …). Every method returns a new value and leaves its
// receiver unchanged, so a partly built recurrence can be kept and reused.
// The zero Recurrence has no pattern and no range.
//
// [Recurrence.Next] and [Recurrence.Occurrences] follow Graph's recurrence
// semantics:
//   - a one-time review (no pattern) opens once, on the start date;
//   - weekly: every Interval weeks from the start date; with DaysOfWeek, on
//     those days of every Interval-th week, weeks beginning on
//     FirstDayOfWeek (Sunday when empty);
//   - absoluteMonthly: every Interval months from the start date's month, on
//     DayOfMonth (the start date's day when 0), clamped to the month's last
//     day; absoluteYearly likewise every Interval years in Month (the start
//     date's month when 0); daily: every Interval days;
//   - dates before the start date are skipped and not counted;
//   - an endDate range stops after its end date (inclusive; 9999-12-31 means
//     no end), a numbered range after NumberOfOccurrences reviews, counted
//     from the start date.
type Recurrence struct {
	// Pattern says how often the review repeats; nil for a one-time review.
	Pattern *Pattern `json:"pattern,omitzero"`
	// Range says when the review starts and stops.
	Range Range `json:"range"`

	// Extra holds the properties this package does not model, kept from
	// decoding and sent back.
	Extra jsontext.Value `json:",embed"`
	// problems records builder calls that could not apply (Every on a
	// one-time review), reported by Validate.
	problems []*odata.FieldError
}

// IsZero reports whether r is the zero Recurrence, so that a field of this
// type tagged omitzero is left out.
func (r Recurrence) IsZero() bool {
	return r.Pattern == nil && r.Range.Type == "" && r.Range.StartDate.IsZero() &&
		r.Range.EndDate.IsZero() && r.Range.NumberOfOccurrences == 0 &&
		r.Range.RecurrenceTimeZone == "" && len(r.Range.Extra) == 0 &&
		len(r.Extra) == 0 && len(r.problems) == 0
}

// recurrenceFields is a Recurrence without its methods: the plain struct
// the methods encode and decode.
type recurrenceFields Recurrence

// recurrenceWire is the request form of a recurrence.
type recurrenceWire struct {
	Pattern *Pattern       `json:"pattern,omitzero"`
	Range   rangeWire      `json:"range"`
	Extra   jsontext.Value `json:",embed"`
}

// MarshalJSONTo encodes the request form: only the pattern and range
// fields their types use, so the zero-filled pattern the service echoes is
// never sent back (see Pattern and Range), then the properties kept from
// decoding.
func (r Recurrence) MarshalJSONTo(enc *jsontext.Encoder) error {
	w := recurrenceWire{Range: r.Range.wire(), Extra: r.Extra}
	if r.Pattern != nil {
		w.Pattern = r.Pattern.wire()
	}
	// The request form is encoded on its own, so that an error names the
	// property it is about relative to the recurrence.
	b, err := json.Marshal(&w, json.DefaultOptionsV2(), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	if err != nil {
		return codecErrorOf("encode", err)
	}
	return enc.WriteValue(b)
}

// UnmarshalJSONFrom decodes a patternedRecurrence leniently: null fields
// are zero; the defaults the service echoes for pattern fields the type
// does not use are dropped, so a decoded recurrence equals the one the
// builders make; a numbered range without occurrences is read as the range
// the service means; unknown properties are kept and re-encoded. An error
// names the property it is about ("recurrence.range.startDate").
func (r *Recurrence) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	// The value is read first and decoded on its own, so that an error
	// names the property it is about relative to the recurrence.
	raw, err := dec.ReadValue()
	if err != nil {
		return err
	}
	var out recurrenceFields
	if err := json.Unmarshal(raw, &out, json.DefaultOptionsV2(), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true)); err != nil {
		return codecErrorOf("decode", err)
	}
	if out.Pattern != nil {
		out.Pattern.normalize()
	}
	out.Range.normalize()
	*r = Recurrence(out)
	return nil
}

// MaxInterval is the largest pattern interval Lint takes for intended.
// Graph documents no bound and Validate sets none. 99 weeks or 99 months
// (over eight years) is far beyond any review cadence in use (the longest
// builder, Annually, is 12 months), so a bigger interval is probably a unit
// mistake, such as 365 meant as days, that the service would accept and then
// hardly ever run.
const MaxInterval = 99

// Validate checks r against what the documentation says the service refuses
// and returns every problem at once, each a *odata.FieldError named by its
// JSON path ("pattern.interval", "range.endDate"); nil when r can be sent.
// A definition's validation moves the names under "settings.recurrence".
// The rules, from the recurrencePattern and recurrenceRange pages:
//   - a pattern, when present, has a type, weekly or absoluteMonthly (the
//     only ones access reviews support), and an interval (required; zero is
//     not sent);
//   - a weekly pattern sends no daysOfWeek or firstDayOfWeek, which
//     access reviews do not support;
//   - the range has a type (endDate, noEnd or numbered) and a start date;
//     an endDate range has an end date, a numbered range a positive count;
//   - dates are calendar days, and builder calls that could not apply
//     (Every or OnDay on a one-time review) are reported.
//
// Probable mistakes, and fields set but never sent, are for
// [Recurrence.Lint].
func (r Recurrence) Validate() error {
	var errs []error
	for _, p := range r.problems {
		errs = append(errs, p)
	}
	if r.Pattern != nil {
		errs = append(errs, r.Pattern.validate()...)
	}
	errs = append(errs, r.Range.validate()...)
	return errors.Join(errs...)
}

// validate returns the pattern's problems.
func (p *Pattern) validate() []error {
	var errs []error
	add := func(field, format string, args ...any) {
		errs = append(errs, check.Invalid(field, format, args...))
	}
	switch p.Type {
	case PatternWeekly, PatternAbsoluteMonthly:
	case "":
		add("pattern.type", "is required (leave the pattern out for a one-time review)")
	default:
		add("pattern.type", "access reviews accept weekly or absoluteMonthly, got %q", string(p.Type))
	}
	if p.Interval == 0 {
		add("pattern.interval", "is required: 1 or more, the number of weeks or months between reviews")
	}
	if p.Type == PatternWeekly && len(p.DaysOfWeek) > 0 {
		add("pattern.daysOfWeek", "is not supported by access reviews: a weekly review repeats on the start date's weekday")
		if p.FirstDayOfWeek != "" {
			add("pattern.firstDayOfWeek", "is not supported by access reviews")
		}
	}
	return errs
}

// validate returns the range's problems.
func (r Range) validate() []error {
	var errs []error
	add := func(field, format string, args ...any) {
		errs = append(errs, check.Invalid(field, format, args...))
	}
	switch {
	case r.Type == "":
		add("range.type", "is required (endDate, noEnd or numbered)")
	case !r.Type.Known():
		add("range.type", "must be endDate, noEnd or numbered, got %q", string(r.Type))
	}
	switch {
	case r.StartDate.IsZero():
		add("range.startDate", "is required")
	case !r.StartDate.IsValid():
		add("range.startDate", "is not a valid date")
	}
	switch r.Type {
	case RangeEndDate:
		switch {
		case r.EndDate.IsZero():
			add("range.endDate", "is required for an endDate range")
		case !r.EndDate.IsValid():
			add("range.endDate", "is not a valid date")
		}
	case RangeNumbered:
		if r.NumberOfOccurrences < 1 {
			add("range.numberOfOccurrences", "must be at least 1 for a numbered range, got %d", r.NumberOfOccurrences)
		}
	}
	return errs
}
