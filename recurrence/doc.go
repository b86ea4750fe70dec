// Package recurrence models when an access review runs: the Microsoft Graph
// patternedRecurrence of a schedule definition's settings, with builders
// that read like the schedule they make, validation of what access reviews
// accept, lenient decoding of what the service returns, and expansion into
// review start dates.
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
// Edm.Date; use [odata.DateOf] to take the day of a time.Time.
//
// Quarterly, SemiAnnually and Annually are absoluteMonthly patterns with an
// interval of 3, 6 and 12 months, because access reviews accept only weekly
// and absoluteMonthly patterns.
//
// # Validation
//
// [Recurrence.Validate] refuses only what the documentation says the
// service refuses (a pattern other than weekly or absoluteMonthly, no
// interval, daysOfWeek on a weekly pattern; a range without a type or a
// start date, an endDate range without an end date, a numbered range
// without a count) and what cannot be sent as asked (a date that is not a
// calendar day, a builder call that could not apply). It reports every
// problem at once as *odata.FieldError values named "pattern.interval",
// "range.endDate" and so on. [Recurrence.Lint] reports, as warnings that
// never stop a request, what the service accepts but is probably a mistake:
// an interval over [MaxInterval], a day of the month no month has, pattern
// fields that are not sent, an end before the start.
//
// # Wire format
//
// Decoding is lenient where the service and its documents are:
//   - startDate and endDate may be dates or full timestamps
//     ("2020-09-08T12:02:30.667Z" is 2020-09-08); null, "null" and "" are no
//     date;
//   - "pattern": null, or no pattern, is a one-time review;
//   - the zero-filled pattern fields the service echoes (month 0,
//     dayOfMonth 0, daysOfWeek [], firstDayOfWeek "sunday", index "first")
//     are dropped where the pattern type does not use them;
//   - a noEnd range drops its echoed end date (null or 9999-12-31), and
//     9999-12-31 is read as "no end" wherever it appears;
//   - a numbered range with numberOfOccurrences 0 and an end date is the
//     endDate range it behaves as.
//
// Encoding produces request bodies: the pattern and the range each send only
// the fields their type uses, and only when set (type, interval, and
// dayOfMonth when set for absoluteMonthly; type, startDate, and endDate or
// numberOfOccurrences as the range type says). Graph rejects a request that
// carries an unsupported pattern property, so a value decoded from a
// response re-encodes without the echoed fields. Properties this package does
// not model (new service properties) are kept when decoding, inside the
// recurrence, its pattern and its range, and sent back unchanged, so that a
// definition fetched and updated loses nothing.
//
// # Expansion and description
//
// [Recurrence.Next] and [Recurrence.Occurrences] list the days future review
// instances open on, honouring the interval, the day of the month (clamped
// to short months), the end date and the number of occurrences.
// [Recurrence.String] describes a value in words, for logs and bots: "every
// 3 months on day 5, from 2021-02-10 until 2022-12-21".
package recurrence
