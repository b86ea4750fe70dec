package legacy

import (
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
)

// convertSchedule maps the dates and recurrence settings onto the
// definition's recurrence and instance duration.
func (c *converter) convertSchedule() {
	ar := c.ar
	rs := ar.Settings.RecurrenceSettings
	if ar.StartDateTime.IsZero() && c.opts.StartDate.IsZero() {
		c.report.add(Dropped, "startDateTime", "is missing: the recurrence has no start date; set ConvertOptions.StartDate")
		return
	}
	origStart := odata.DateOf(ar.StartDateTime.Time)
	start := origStart
	shift := 0
	if !c.opts.StartDate.IsZero() {
		start = c.opts.StartDate
		if !ar.StartDateTime.IsZero() {
			shift = int(start.In(nil).Sub(origStart.In(nil)).Hours() / 24)
			c.report.add(Changed, "startDateTime", "moved from %s to %s (ConvertOptions.StartDate); the end moves with it", origStart, start)
		}
	}
	length := daysBetween(ar.StartDateTime, ar.EndDateTime)
	if length == 0 {
		c.report.add(Dropped, "endDateTime", "is missing: instance duration and end date left to the service")
	}
	var endBy odata.Date
	if !ar.EndDateTime.IsZero() {
		endBy = odata.DateOf(ar.EndDateTime.Time).AddDays(shift)
	}

	rt := rs.RecurrenceType
	pattern, period, recurs := recurrenceFor(rt)
	if !recurs {
		if rt != "" && rt != RecurrenceOnetime {
			c.report.add(Guessed, "settings.recurrenceSettings.recurrenceType", "%q is not a known recurrence type: converted as a one-time review", rt)
		}
		rec := recurrence.Once().StartingOn(start)
		if length > 0 {
			rec = rec.EndingOn(start.AddDays(length))
		}
		c.def.Settings.Recurrence = rec
		c.def.Settings.InstanceDurationInDays = length
		return
	}

	duration := rs.DurationInDays
	switch {
	case duration > 0:
	case rs.RecurrenceEndType == RecurrenceEndBy && length > 0:
		duration = min(length, period)
		c.report.add(Guessed, "settings.recurrenceSettings.durationInDays",
			"is 0 and endDateTime ends the series: each review lasts %d days (the days from start to end, at most the %d-day period)", duration, period)
	default:
		duration = length
	}
	if duration > period {
		c.report.add(Changed, "settings.recurrenceSettings.durationInDays",
			"%d days cut to %d: a %s review must end before the next starts", duration, period, rt)
		duration = period
	}
	c.def.Settings.InstanceDurationInDays = duration

	rec := pattern.StartingOn(start)
	field := "settings.recurrenceSettings.recurrenceEndType"
	switch et := rs.RecurrenceEndType; et {
	case RecurrenceEndNever:
		rec = rec.NoEnd()
	case RecurrenceEndBy:
		if endBy.IsZero() {
			c.report.add(Dropped, field, "endBy without an endDateTime: the series has no end")
		} else {
			rec = rec.EndingOn(endBy)
		}
	case RecurrenceEndOccurrences, RecurrenceEndCount:
		if rs.RecurrenceCount < 1 {
			c.report.add(Dropped, field, "%s with recurrenceCount %d: the series has no end", et, rs.RecurrenceCount)
		} else {
			rec = rec.Times(rs.RecurrenceCount)
		}
	case "":
		c.report.add(Guessed, field, "is missing: the series has no end")
	default:
		c.report.add(Guessed, field, "%q is not never, endBy or occurrences: the series has no end", et)
	}
	c.def.Settings.Recurrence = rec
}
