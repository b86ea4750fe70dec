// Package recurrence models when an access review runs: the Microsoft Graph
// patternedRecurrence of a schedule definition's settings, with builders
// that read like the schedule they make, validation of what access reviews
// accept, lenient decoding of what the service returns, and expansion into
// review start dates. The package example builds a quarterly schedule,
// checks it and lists its first reviews.
//
// # Building
//
// A constructor picks the pattern and methods refine it; each returns a new
// [Recurrence] value, so no Build call is needed and a partial value can be
// shared:
//
//	recurrence.Quarterly().StartingOn(start).EndingOn(end)
//	recurrence.Weekly().Every(2).StartingOn(start).Times(6)
//	recurrence.MonthlyOnDay(15).StartingOn(start)
//	recurrence.Once().StartingOn(start)
//
// Constructors: [Once] (no pattern), [Weekly], [Monthly], [MonthlyOnDay],
// [Quarterly], [SemiAnnually], [Annually]. Refinements: [Recurrence.Every],
// [Recurrence.OnDay], [Recurrence.StartingOn], and one of
// [Recurrence.EndingOn], [Recurrence.NoEnd] (the default) or
// [Recurrence.Times]. Dates are [odata.Date] values: civil days, as Graph's
// Edm.Date; [odata.DateOf] takes the day of a [time.Time].
//
// Quarterly, SemiAnnually and Annually are absoluteMonthly patterns with an
// interval of 3, 6 and 12 months, because access reviews accept only weekly
// and absoluteMonthly patterns.
//
// # Validation
//
// [Recurrence.Validate] refuses only what the documentation says the
// service refuses and what cannot be sent as asked, every problem at once
// as [odata.FieldError] values named by their path ("range.endDate").
// [Recurrence.Lint] reports, as [odata.Warning] values that never stop a
// request, what the service accepts but is probably a mistake, such as an
// interval over [MaxInterval] or an end before the start.
//
// # Wire format
//
// A Recurrence encodes as a request body and decodes what the service
// returns. Decoding is lenient where the service and its documents are,
// and drops the zero-filled fields the service echoes, so a decoded value
// equals the one the builders make; [Pattern] and [Range] say how.
// Properties this package does not model are kept, in the recurrence, its
// pattern and its range, and sent back unchanged, so that a definition
// fetched and updated loses nothing.
//
// # Expansion and description
//
// [Recurrence.Next] and [Recurrence.Occurrences] list the days future review
// instances open on, as Graph's recurrence semantics say ([Recurrence]
// lists them). [Recurrence.String] describes a value in words, for logs and
// bots: "every 3 months on day 5, from 2021-02-10 until 2022-12-21".
package recurrence
