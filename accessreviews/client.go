package accessreviews

import (
	"fmt"

	"github.com/graphkit/governance/odata"
)

// Client is the entry point to the access reviews API. Its services are
// fields, one per resource, and share one odata.Client: one connection pool,
// one token cache, one throttle gate. A Client is immutable and safe for
// concurrent use.
type Client struct {
	// Definitions manages access review schedule definitions.
	Definitions *DefinitionsService
	// Instances manages the instances of a definition and their actions
	// (stop, apply, reset, remind, accept recommendations, batch record).
	Instances *InstancesService
	// Decisions reads and records decisions, one at a time or in bulk.
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
	DefinitionsService struct{ c *odata.Client }
	// InstancesService holds the operations on instances.
	InstancesService struct{ c *odata.Client }
	// DecisionsService holds the operations on decision items.
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
// retry policy…). Like odata.NewClient it does no I/O and reads no
// environment; every invalid option is reported at once.
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
