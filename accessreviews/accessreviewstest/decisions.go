package accessreviewstest

import (
	"encoding/json/jsontext"
	"encoding/json/v2"
	"time"
)

// decision is one decision item. It is kept small and flat (no maps, shared
// reviewer slices) so that an instance of 100,000 items costs memory in
// proportion to the items and nothing more.
type decision struct {
	id       string
	instID   string
	stageID  string
	resource string
	resKind  string
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

	decision       string
	justification  string
	recommendation string
	applyResult    string
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
	// parent is the instance-level item a later stage's item stands for:
	// recording on the stage item records on it too, so that the instance's
	// items hold the latest decision about each identity.
	parent *decision
}

// isReviewer reports whether the user may decide d.
func (d *decision) isReviewer(userID string) bool {
	if userID == "" {
		return false
	}
	if d.self && key(d.principalID) == key(userID) {
		return true
	}
	for _, id := range d.reviewers {
		if key(id) == key(userID) {
			return true
		}
	}
	return false
}

// record sets the decision as a reviewer does, on the item and on the
// instance-level item it stands for.
func (d *decision) record(value string, justification *string, by identityJSON, at time.Time) {
	for x := d; x != nil; x = x.parent {
		x.decision = value
		if justification != nil {
			x.justification = *justification
		}
		if value == decisionNotReviewed {
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
	// delegatedBy, when set, is served as the item's delegatedBy.
	delegatedBy []delegatedByJSON
}

// viewsOf returns the cached views of ds in mode.
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
// principal and target are both served, in v1.0 as in beta: the CSDL
// keeps the deprecated target in beta only, but the documents' v1.0
// responses carry it beside principal.
type decisionJSON struct {
	ID               string          `json:"id"`
	AccessReviewID   string          `json:"accessReviewId"`
	ReviewedDateTime *string         `json:"reviewedDateTime"`
	Decision         string          `json:"decision"`
	Justification    string          `json:"justification"`
	AppliedDateTime  *string         `json:"appliedDateTime"`
	ApplyResult      string          `json:"applyResult"`
	ApplyDescription *string         `json:"applyDescription,omitzero"`
	Recommendation   string          `json:"recommendation"`
	PrincipalLink    string          `json:"principalLink"`
	ResourceLink     *string         `json:"resourceLink"`
	Resource         *resourceJSON   `json:"resource"`
	ReviewedBy       identityJSON    `json:"reviewedBy"`
	AppliedBy        identityJSON    `json:"appliedBy"`
	Target           targetJSON      `json:"target"`
	Principal        principalJSON   `json:"principal"`
	Membership       *membershipJSON `json:"principalResourceMembership,omitzero"`
	Insights         []insightJSON   `json:"insights,omitzero"`
	// DelegatedBy (beta) is served only when $select names it.
	DelegatedBy []delegatedByJSON `json:"delegatedBy,omitzero"`
}

type principalJSON struct {
	Type              string `json:"@odata.type"`
	ID                string `json:"id"`
	DisplayName       string `json:"displayName"`
	UserPrincipalName string `json:"userPrincipalName,omitzero"`
	AppID             string `json:"appId,omitzero"`
}

type resourceJSON struct {
	// ODataType is set for a custom data provided resource only.
	ODataType   string `json:"@odata.type,omitzero"`
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	Type        string `json:"type"`
}

type targetJSON struct {
	Type              string `json:"@odata.type"`
	UserID            string `json:"userId,omitzero"`
	UserDisplayName   string `json:"userDisplayName,omitzero"`
	UserPrincipalName string `json:"userPrincipalName,omitzero"`
	SPID              string `json:"servicePrincipalId,omitzero"`
	SPDisplayName     string `json:"servicePrincipalDisplayName,omitzero"`
	AppID             string `json:"appId,omitzero"`
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

// MarshalJSONTo renders the item in the view's mode.
func (v decisionView) MarshalJSONTo(enc *jsontext.Encoder) error {
	w := v.d.wire(v.mode, v.base)
	w.DelegatedBy = v.delegatedBy
	return json.MarshalEncode(enc, w)
}

// wire builds the wire shape of d. The principal is a userIdentity or a
// servicePrincipalIdentity, with the matching target; beta adds the
// membership kind; the insights
// come with $expand=insights.
func (d *decision) wire(mode viewMode, base string) decisionJSON {
	beta := mode == viewBeta || mode == viewBetaInsights
	ver := "/v1.0"
	if beta {
		ver = "/beta"
	}
	w := decisionJSON{
		ID: d.id, AccessReviewID: d.instID,
		ReviewedDateTime: timePtr(d.reviewedAt),
		Decision:         d.decision,
		Justification:    d.justification,
		AppliedDateTime:  timePtr(d.appliedAt),
		ApplyResult:      d.applyResult,
		Recommendation:   d.recommendation,
		ReviewedBy:       d.reviewedBy,
		AppliedBy:        d.appliedBy,
	}
	if d.applyDesc != "" {
		w.ApplyDescription = &d.applyDesc
	}
	if d.sp {
		w.Principal = principalJSON{Type: odataTypePrefix + "servicePrincipalIdentity", ID: d.principalID, DisplayName: d.principalName, AppID: d.appID}
		w.PrincipalLink = base + ver + "/servicePrincipals/" + d.principalID
		w.Target = targetJSON{Type: odataTypePrefix + "accessReviewInstanceDecisionItemServicePrincipalTarget",
			SPID: d.principalID, SPDisplayName: d.principalName, AppID: d.appID}
	} else {
		w.Principal = principalJSON{Type: odataTypePrefix + "userIdentity", ID: d.principalID, DisplayName: d.principalName, UserPrincipalName: d.principalUPN}
		w.PrincipalLink = base + ver + "/users/" + d.principalID
		w.Target = targetJSON{Type: odataTypePrefix + "accessReviewInstanceDecisionItemUserTarget",
			UserID: d.principalID, UserDisplayName: d.principalName, UserPrincipalName: d.principalUPN}
	}
	if d.resource != "" {
		w.Resource = &resourceJSON{ID: d.resource, DisplayName: d.resName, Type: d.resKind}
		link := base + ver + "/groups/" + d.resource
		if d.resKind == resourceDirectoryRole {
			link = base + ver + "/roleManagement/directory/roleDefinitions/" + d.resource
		}
		if d.resKind != resourceCustom {
			w.ResourceLink = &link
		} else {
			w.Resource.ODataType = odataTypePrefix + "accessReviewInstanceDecisionItemCustomDataProvidedResource"
		}
	}
	if beta {
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
		Type: odataTypePrefix + "userSignInInsight", ID: d.id,
		InsightCreatedDateTime: formatTime(d.insightAt),
		LastSignInDateTime:     timePtr(d.lastSignIn),
	}}
}
