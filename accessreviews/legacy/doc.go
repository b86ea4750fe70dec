// Package legacy supports the first generation of Microsoft Entra access
// reviews: the beta accessReview API, created from business flow templates
// and linked to programs through program controls, and converts its
// configurations to schedule definitions of package accessreviews.
//
// Microsoft deprecated this API and the service stopped returning data on
// 19 May 2023: its endpoints no longer answer with reviews. The package is
// kept for the organisations that still hold these configurations (scripts,
// exported JSON, configuration as code) and need to read them faithfully and
// move them to the access reviews API.
//
// # Models
//
// AccessReview, Settings, RecurrenceSettings, AutoReviewSettings, Reviewer,
// Decision, BusinessFlowTemplate, Program, ProgramControl and
// ProgramControlType mirror the beta schema. They decode what the service
// and its documentation wrote, including the decision's review time, which
// the schema calls reviewedDateTime and the documentation reviewedDate.
//
// # Client
//
// NewClient and New build a Client whose services cover every endpoint of
// the retired API, all sent to the beta version: AccessReviews (list by
// template, get, create, update, delete, reviewers, decisions, myDecisions,
// instances, sendReminder, stop, resetDecisions, applyDecisions),
// Decisions, BusinessFlowTemplates, Programs (with their controls),
// ProgramControls and ProgramControlTypes. Lists are iterators; retries
// follow the operation's class, as in package accessreviews.
//
// Create checks a review against the documented rules before sending it:
// required properties, a start in the future and an end at least a day
// later, reviewers for a delegated review, and the creator for an app-only
// caller. No token tells a client whether it calls as an application, so
// app-only callers say so with New(c, AppOnly()). WithClock fixes the time
// the start is compared with.
//
// # Migration
//
// ToDefinition converts an AccessReview (with its business flow template,
// which says what it reviewed) into an accessreviews.Definition, and
// returns a Report of everything it could not carry over or had to guess:
// programs and controls, which have no equivalent; the creator; a template
// it did not recognise; a description cut to the reviewers' limit. The
// mapping is inferred from both APIs' documentation; Microsoft published
// none.
//
//	def, report := legacy.ToDefinition(old, &tpl, nil)
//	fmt.Println(report)
//	created, err := client.Definitions.Create(ctx, &def)
//
// # Deprecation
//
// Every model and operation is marked deprecated and names its replacement
// in package accessreviews. The migration API (ToDefinition, ConvertOptions,
// Report, TemplateKind, RecognizeTemplate) is not: it is how programs leave
// the old API.
package legacy
