package accessreviews

import (
	"fmt"

	"github.com/graphkit/governance/accessreviews/internal/core"
	"github.com/graphkit/governance/odata"
)

// Client is the entry point to the access reviews API. Its services are
// fields, one per resource, and share one [odata.Client]: one connection
// pool, one token cache, one limit on requests in flight, one throttle gate
// that holds back every call for the Retry-After of a 429. A Client is
// immutable and safe for concurrent use. Share one per application and
// tenant: the cache, pool, limit and gate work only when they see all of
// the traffic.
//
// Each operation has a retry class, because what is safe to resend depends
// on what it does:
//   - reads are retried on throttling (429), server errors and network
//     failures;
//   - PUT, PATCH and DELETE on throttling, 503, 504 and failures before
//     sending, and once after an ambiguous failure (a reset or timeout once
//     the request was written);
//   - the actions that converge (Stop, ApplyDecisions,
//     AcceptRecommendations) like writes, except that they are not resent
//     after an ambiguous failure: Stop and ApplyDecisions then read the
//     resource to find out whether the action took effect;
//   - creates, ResetDecisions, SendReminder, BatchRecord and RecordAll only
//     where the service certainly did not process the request (429,
//     connection refused).
//
// A call that may have reached the service and cannot safely be resent
// fails with an error matching [odata.ErrOutcomeUnknown], carrying the
// client-request-id. A Retry-After is waited out up to
// [odata.RetryPolicy].MaxRetryAfter; a longer one fails the call at once
// with [odata.ErrThrottled] and the wait asked for, so the caller can
// reschedule.
//
// Some operations exist only in the beta API, and their documentation says
// "This operation is beta-only": the access review policy,
// [InstancesService.ListAll], [InstancesService.Definition],
// [InstancesService.ListPendingForCurrentUserBeta],
// [DecisionsService.ListPendingForCurrentUserBeta], [DecisionsService.RecordAll]
// and [DecisionsService.RecordAllInInstance], the directReviewer and
// delegatedReviewer roles of the ListForCurrentUserAs methods (sent with
// Prefer: include-unknown-enum-members), and
// [InstancesService.BatchApplyCustomDataProvidedResourceDecisions] (sent
// with x-accessreviews-version: vNext). They are sent to beta from a v1.0
// client. Beta-only properties (Definition.BackupReviewers, the
// recommendation look-back of stage settings, decision targets…) decode
// from either version.
type Client struct {
	// Definitions manages access review schedule definitions.
	Definitions *DefinitionsService
	// Instances manages the instances of a definition and their actions
	// (stop, apply, reset, remind, accept recommendations).
	Instances *InstancesService
	// Decisions reads and records decisions: one item, many items, all
	// of a principal, a stage, or all of the caller's.
	Decisions *DecisionsService
	// Stages manages the stages of multi-stage instances.
	Stages *StagesService
	// ContactedReviewers lists the reviewers an instance contacted.
	ContactedReviewers *ContactedReviewersService
	// History creates review history reports and downloads them.
	History *HistoryService
	// Policy reads and updates the tenant's access review policy (beta).
	Policy *PolicyService
	// Unified manages user-centric (catalog-scope) reviews on the unified
	// route.
	Unified *UnifiedService

	odata *odata.Client
}

// The services. Each is a thin, stateless view of the shared odata.Client;
// their methods live in the <resource>_service.go files.
type (
	// DefinitionsService holds the operations on schedule definitions.
	//
	// Create and Update send the writable properties of a [Definition],
	// and the properties this package does not model kept from decoding
	// one, except read-only ones and annotations, so a definition read from
	// the service can be copied or updated without losing anything. Every
	// settings boolean and instanceDurationInDays are always sent, the
	// other values when set. Reviewers is always sent, nil as [] (the
	// documentation marks it required on create; an empty list is a
	// self-review). On Create a nil fallback reviewer or recipient list is
	// left out and an empty one sent as []; on Update a nil list is sent as
	// [] wherever the service reads absent and empty alike
	// (fallbackReviewers, stageSettings, additionalNotificationRecipients,
	// applyActions, recommendationInsightSettings). Lists inside stage
	// settings are left out when nil, since there absent and empty differ.
	// Update sends the recurrence without the zero-filled pattern fields the
	// service echoes, and backupReviewers, the deprecated beta mirror of
	// fallbackReviewers, only when it is not empty.
	DefinitionsService struct{ c *odata.Client }
	// InstancesService holds the operations on instances.
	InstancesService struct{ c *odata.Client }
	// DecisionsService holds the operations on decision items: listing
	// them and recording the caller's decisions. Every way of recording is
	// here:
	//
	//	Case                                    Method
	//	one item                                Record (RecordInStage in a stage)
	//	many items, a decision each             RecordMany
	//	all items of a principal or resource    BatchRecord (a BatchDecision)
	//	the same, in one stage                  BatchRecordInStage
	//	all of the caller's items (beta)        RecordAll, RecordAllInInstance
	//
	// Record, RecordInStage and RecordMany send idempotent PATCHes, resent
	// after an ambiguous failure. The BatchDecision methods are
	// last-writer-wins over every matching item, so they are never resent
	// after one: list the decisions to see what was recorded.
	//
	// Recording takes a delegated token of the reviewer
	// ([odata.WithDeviceCode]): Graph lists no application permission for
	// Record, RecordInStage and RecordMany, and refuses an application token
	// for every item with a 403 that matches [odata.ErrDelegatedTokenRequired].
	// RecordAll answers for the signed-in user, whom an application token
	// does not have.
	DecisionsService struct{ c *odata.Client }
	// StagesService holds the operations on stages.
	StagesService struct{ c *odata.Client }
	// ContactedReviewersService holds the contacted-reviewers listing.
	ContactedReviewersService struct{ c *odata.Client }
	// HistoryService holds the operations on history reports.
	HistoryService struct{ c *odata.Client }
	// PolicyService holds the operations on the access review policy.
	PolicyService struct{ c *odata.Client }
)

// NewClient builds a Client from odata options (credentials, cloud, base URL,
// retry policy…). Like [odata.NewClient] it does no I/O and reads no
// environment; every invalid option is reported at once.
//
// Credentials are odata options: [odata.WithClientCredentials] for an
// application, [odata.WithDeviceCode] for a signed-in user,
// [odata.WithTokenSource] for any oauth2.TokenSource. Application
// permissions (AccessReview.ReadWrite.All) cover definitions, instances,
// their actions (BatchRecord included) and history reports. Recording a
// decision, AcceptRecommendations and Instances.ListPendingForCurrentUserBeta
// take only a delegated token of the reviewer; a 403 for an application
// token there matches [odata.ErrDelegatedTokenRequired]. The
// ListForCurrentUser and ListPendingForCurrentUserBeta methods and
// RecordAll answer for the signed-in user, whom an application token does
// not have: call them with a delegated token too. A reviewer bot signs in
// once with odata.WithDeviceCode and an [odata.FileTokenCache], and runs
// unattended until its refresh token is refused. The token goes only to the
// configured Graph host; [HistoryService.Download] fetches a report's CSV
// from its storage host without it.
func NewClient(opts ...odata.Option) (*Client, error) {
	oc, err := odata.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("accessreviews: new client: %w", err)
	}
	return New(oc), nil
}

// New builds a Client on an existing odata.Client, for callers who share one
// transport between several API packages. New panics on nothing: a nil
// odata.Client makes every call fail with an error.
func New(c *odata.Client) *Client {
	return &Client{
		Definitions:        &DefinitionsService{c: c},
		Instances:          &InstancesService{c: c},
		Decisions:          &DecisionsService{c: c},
		Stages:             &StagesService{c: c},
		ContactedReviewers: &ContactedReviewersService{c: c},
		History:            &HistoryService{c: c},
		Policy:             &PolicyService{c: c},
		Unified:            &UnifiedService{c: c},
		odata:              c,
	}
}

// OData returns the transport the Client uses, as an escape hatch for Graph
// calls this package does not model (users, groups, invitations).
func (c *Client) OData() *odata.Client { return c.odata }

// service is the shape every service shares: a view of the transport.
type service struct{ c *odata.Client }

// core returns the request core's view of s; a nil service (the field of a
// zero Client) has no transport, and its calls fail with an error.
func (s *service) core() core.Service {
	if s == nil {
		return core.Service{Pkg: "accessreviews"}
	}
	return core.Service{Pkg: "accessreviews", C: s.c}
}

func (s *DefinitionsService) core() core.Service        { return (*service)(s).core() }
func (s *InstancesService) core() core.Service          { return (*service)(s).core() }
func (s *DecisionsService) core() core.Service          { return (*service)(s).core() }
func (s *StagesService) core() core.Service             { return (*service)(s).core() }
func (s *ContactedReviewersService) core() core.Service { return (*service)(s).core() }
func (s *HistoryService) core() core.Service            { return (*service)(s).core() }
func (s *PolicyService) core() core.Service             { return (*service)(s).core() }

// core returns the request core's view of s, which refuses a client of a
// national cloud with ErrGlobalCloudOnly before sending.
func (s *UnifiedService) core() core.Service {
	cs := (*service)(s).core()
	cs.Guard = globalOnly
	return cs
}
