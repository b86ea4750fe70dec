// Package legacytest is an in-memory fake of the retired beta accessReview
// API of Microsoft Graph (/beta/accessReviews, business flow templates,
// programs and program controls), for testing code that uses package
// [github.com/graphkit/governance/accessreviews/legacy], or migrates from
// it, without a tenant. It is served on an [accessreviewstest.Server], so
// one fake answers both the legacy API and
// the schedule definitions a migration creates, with one directory, one
// clock and one request log.
//
// # Starting a server
//
//	s := legacytest.NewServer(accessreviewstest.WithDirectory(dir))
//	t.Cleanup(s.Close)
//	lc := s.LegacyClientAs(reviewerID) // a *legacy.Client
//	client := s.Client()               // the *accessreviews.Client of the same fake
//
// [NewServer] starts both; [Mount] adds the legacy API to a fake that is
// running already.
//
// # Retired by default
//
// Microsoft stopped the API returning data on 19 May 2023, and documented
// that its endpoints stop returning data rather than failing. A new server
// answers as the service does today:
//
//   - GET /accessReviews still needs $filter=businessFlowTemplateId eq '…'
//     (400 invalidRequest without it) and then returns an empty collection;
//   - the other collections (accessReviewDecisions, businessFlowTemplates,
//     programs, programControls, programControlTypes) are empty;
//   - a single review, program or program control, and everything under a
//     review (reviewers, decisions, actions…), is 404 itemNotFound;
//   - creates (reviews, programs, program controls) are checked and
//     answered 201 as before, but nothing is kept: no read ever returns it,
//     which is what "stopped returning data" means to a script that still
//     creates reviews.
//
// # Holding data
//
// [Server.HoldLegacyReviews] (and [Server.HoldLegacyTemplates],
// [Server.HoldLegacyPrograms], [Server.HoldLegacyControlTypes]) make the
// server answer as the service did before
// the retirement, from the data held, so that reading an old review,
// converting it with [legacy.ToDefinition] and creating the definition can be
// exercised end to end. While holding, creates are stored (the
// documentation never said creation was blocked), updates and deletes
// apply, and the actions move the review's status: stop completes it,
// resetDecisions clears its decisions, and applyDecisions really removes
// denied users from the reviewed group of the directory. myDecisions needs
// a signed-in user (403 for an application).
//
// The legacy API exists only under /beta: under /v1.0 its paths are 404
// ResourceNotFound, as on Graph.
package legacytest
