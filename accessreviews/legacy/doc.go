// Package legacy moves the first generation of Microsoft Entra access
// reviews, the retired beta accessReview API, to the access reviews API of
// package [github.com/graphkit/governance/accessreviews]: it converts their
// configurations into schedule definitions and reports what did not carry
// over.
//
// Microsoft deprecated the old API and the service stopped returning data
// on 19 May 2023. The package is kept for the organisations that still hold
// these configurations (scripts, exported JSON, configuration as code) and
// need to read them faithfully and move them.
//
// # Migration
//
// The migration API is not deprecated: it is how programs leave the old
// API.
//
//   - [ToDefinition] converts an [AccessReview], with the
//     [BusinessFlowTemplate] that says what it reviewed, into an
//     [accessreviews.Definition], and returns a [Report] of everything it
//     could not carry over or had to guess: programs and controls, which
//     have no equivalent; the creator; a template it did not recognise; a
//     description cut to the reviewers' limit, each a [ReportEntry] of a
//     [ReportKind]. The Report doc lists the mapping, inferred from both
//     APIs' documentation; Microsoft published none.
//   - [ConvertOptions] sets what the old review cannot say, such as the
//     start date or the [TemplateKind].
//   - [RecognizeTemplate] reads a template's kind from its display name.
//
// A converted definition is created like any other:
//
//	def, report := legacy.ToDefinition(old, &tpl, nil)
//	fmt.Println(report)
//	created, err := client.Definitions.Create(ctx, &def)
//
// # Deprecated models and client
//
// Every other identifier is deprecated and names its replacement in package
// accessreviews. The models ([AccessReview], [Settings], [Decision],
// [Program], [ProgramControl] and the others) mirror the beta schema and
// decode what the service and its documentation wrote, including the
// decision's review time, which the schema calls reviewedDateTime and the
// documentation reviewedDate.
//
// [NewClient] and [New] build a [Client] whose services cover every
// endpoint of the retired API, all sent to the beta version. Lists are
// iterators; retries follow the operation's class, as in package
// accessreviews. [AccessReviewsService.Create] checks a review against the
// documented rules before sending it: required properties, a start in the
// future and an end at least a day later, reviewers for a delegated
// review, and the creator for an app-only caller. No token tells a client
// whether it calls as an application, so app-only callers say so with
// New(c, [AppOnly]()); [WithClock] fixes the time the start is compared
// with.
package legacy
