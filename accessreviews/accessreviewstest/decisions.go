package accessreviewstest

import (
	"encoding/json"
	"time"

	"github.com/graphkit/governance/accessreviews"
)

// decision is one decision item. It is kept small and flat (no maps, shared
// reviewer slices) so that an instance of 100,000 items costs memory in
// proportion to the items and nothing more.
type decision struct {
	id       string
	instID   string
	stageID  string
	resource string
	resKind  accessreviews.ResourceType
	resName  string

	principalID   string
	principalName string
	principalUPN  string
	appID         string
	sp            bool
	direct        bool
	indirect      bool
	lastSignIn    time.Time
	insightAt     time.Time

	decision       accessreviews.DecisionValue
	justification  string
	recommendation accessreviews.Recommendation
	applyResult    accessreviews.ApplyResult
	applyDesc      string
	reviewedBy     identityJSON
	reviewedAt     time.Time
	appliedBy      identityJSON
	appliedAt      time.Time

	// self marks a self-review item: its principal reviews it.
	self bool
	// reviewers are the user IDs who may decide the item; the slice is
	// shared by every item with the same reviewers.
	reviewers []string
	// parent is the instance-level item a stage item mirrors.
	parent *decision
}

// isReviewer reports whether the user may decide d.
func (d *decision) isReviewer(userID string) bool {
	if userID == "" {
		return false
	}
	if d.self && d.principalID == userID {
		return true
	}
	for _, id := range d.reviewers {
		if id == userID {
			return true
		}
	}
	return false
}

// record sets the decision as a reviewer does, on the item and on the
// instance-level item it mirrors.
func (d *decision) record(value accessreviews.DecisionValue, justification *string, by identityJSON, at time.Time) {
	for x := d; x != nil; x = x.parent {
		x.decision = value
		if justification != nil {
			x.justification = *justification
		}
		if value == accessreviews.DecisionNotReviewed {
			x.reviewedBy, x.reviewedAt = nobody, time.Time{}
		} else {
			x.reviewedBy, x.reviewedAt = by, at
		}
	}
}

// viewMode selects how decisions are rendered.
type viewMode uint8

const (
	viewV1 viewMode = iota
	viewBeta
	viewV1Insights
	viewBetaInsights
)

// decisionView is a decision as served in one mode; slices of views are
// cached per instance and handed to writePage.
type decisionView struct {
	d    *decision
	mode viewMode
	base string
}

// views returns the cached views of ds in mode.
func viewsOf(cache *map[viewMode][]decisionView, ds []*decision, mode viewMode, base string) []decisionView {
	if *cache == nil {
		*cache = make(map[viewMode][]decisionView)
	}
	if v, ok := (*cache)[mode]; ok {
		return v
	}
	v := make([]decisionView, len(ds))
	for i, d := range ds {
		v[i] = decisionView{d: d, mode: mode, base: base}
	}
	(*cache)[mode] = v
	return v
}

// decisionJSON is the wire shape of an accessReviewInstanceDecisionItem.
type decisionJSON struct {
	ID               string          `json:"id"`
	AccessReviewID   string          `json:"accessReviewId"`
	ReviewedDateTime *string         `json:"reviewedDateTime"`
	Decision         string          `json:"decision"`
	Justification    string          `json:"justification"`
	AppliedDateTime  *string         `json:"appliedDateTime"`
	ApplyResult      string          `json:"applyResult"`
	ApplyDescription string          `json:"applyDescription,omitempty"`
	Recommendation   string          `json:"recommendation"`
	ReviewedBy       identityJSON    `json:"reviewedBy"`
	AppliedBy        identityJSON    `json:"appliedBy"`
	PrincipalLink    string          `json:"principalLink"`
	ResourceLink     *string         `json:"resourceLink"`
	Principal        principalJSON   `json:"principal"`
	Resource         *resourceJSON   `json:"resource"`
	Target           *targetJSON     `json:"target,omitempty"`
	Membership       *membershipJSON `json:"principalResourceMembership,omitempty"`
	Insights         []insightJSON   `json:"insights,omitempty"`
}

type principalJSON struct {
	Type              string `json:"@odata.type"`
	ID                string `json:"id"`
	DisplayName       string `json:"displayName"`
	UserPrincipalName string `json:"userPrincipalName,omitempty"`
	AppID             string `json:"appId,omitempty"`
}

type resourceJSON struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	Type        string `json:"type"`
}

type targetJSON struct {
	Type              string `json:"@odata.type"`
	UserID            string `json:"userId,omitempty"`
	UserDisplayName   string `json:"userDisplayName,omitempty"`
	UserPrincipalName string `json:"userPrincipalName,omitempty"`
	SPID              string `json:"servicePrincipalId,omitempty"`
	SPDisplayName     string `json:"servicePrincipalDisplayName,omitempty"`
	AppID             string `json:"appId,omitempty"`
}

type membershipJSON struct {
	MembershipType string `json:"membershipType"`
}

type insightJSON struct {
	Type                   string  `json:"@odata.type"`
	ID                     string  `json:"id"`
	InsightCreatedDateTime string  `json:"insightCreatedDateTime"`
	LastSignInDateTime     *string `json:"lastSignInDateTime"`
}

// MarshalJSON renders the item in the view's mode.
func (v decisionView) MarshalJSON() ([]byte, error) {
	return json.Marshal(v.d.wire(v.mode, v.base))
}

// wire builds the wire shape of d. The principal is a userIdentity or a
// servicePrincipalIdentity; beta adds the deprecated target and the
// membership kind; the insights come with $expand=insights.
func (d *decision) wire(mode viewMode, base string) decisionJSON {
	beta := mode == viewBeta || mode == viewBetaInsights
	ver := "/v1.0"
	if beta {
		ver = "/beta"
	}
	w := decisionJSON{
		ID: d.id, AccessReviewID: d.instID,
		ReviewedDateTime: timePtr(d.reviewedAt),
		Decision:         string(d.decision),
		Justification:    d.justification,
		AppliedDateTime:  timePtr(d.appliedAt),
		ApplyResult:      string(d.applyResult),
		ApplyDescription: d.applyDesc,
		Recommendation:   string(d.recommendation),
		ReviewedBy:       d.reviewedBy,
		AppliedBy:        d.appliedBy,
	}
	if d.sp {
		w.Principal = principalJSON{Type: "#microsoft.graph.servicePrincipalIdentity", ID: d.principalID, DisplayName: d.principalName, AppID: d.appID}
		w.PrincipalLink = base + ver + "/servicePrincipals/" + d.principalID
	} else {
		w.Principal = principalJSON{Type: "#microsoft.graph.userIdentity", ID: d.principalID, DisplayName: d.principalName, UserPrincipalName: d.principalUPN}
		w.PrincipalLink = base + ver + "/users/" + d.principalID
	}
	if d.resource != "" {
		w.Resource = &resourceJSON{ID: d.resource, DisplayName: d.resName, Type: string(d.resKind)}
		link := base + ver + "/groups/" + d.resource
		if d.resKind == accessreviews.ResourceDirectoryRole {
			link = base + ver + "/roleManagement/directory/roleDefinitions/" + d.resource
		}
		w.ResourceLink = &link
	}
	if beta {
		if d.sp {
			w.Target = &targetJSON{Type: "#microsoft.graph.accessReviewInstanceDecisionItemServicePrincipalTarget",
				SPID: d.principalID, SPDisplayName: d.principalName, AppID: d.appID}
		} else {
			w.Target = &targetJSON{Type: "#microsoft.graph.accessReviewInstanceDecisionItemUserTarget",
				UserID: d.principalID, UserDisplayName: d.principalName, UserPrincipalName: d.principalUPN}
		}
		switch {
		case d.direct && d.indirect:
			w.Membership = &membershipJSON{MembershipType: "direct,indirect"}
		case d.indirect:
			w.Membership = &membershipJSON{MembershipType: "indirect"}
		case d.direct:
			w.Membership = &membershipJSON{MembershipType: "direct"}
		}
	}
	if mode == viewV1Insights || mode == viewBetaInsights {
		w.Insights = d.insights()
	}
	return w
}

// insights returns the item's insights: its principal's last sign-in.
func (d *decision) insights() []insightJSON {
	if d.sp {
		return []insightJSON{}
	}
	return []insightJSON{{
		Type: "#microsoft.graph.userSignInInsight", ID: d.id,
		InsightCreatedDateTime: formatTime(d.insightAt),
		LastSignInDateTime:     timePtr(d.lastSignIn),
	}}
}
