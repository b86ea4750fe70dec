package accessreviewstest

import (
	"net/http"
	"slices"
	"strings"
)

// User-centric (catalog-scope) reviews, on the unified route (unifiedRoot,
// unifiedroot-post-definitions): "a reviewer evaluates a principal's access
// to every group and application contained in an entitlement management
// catalog in a single review". Their definitions, instances and decisions
// are "addressed under the identityGovernance/accessReviews/unified path
// segment", so the fake keeps the two surfaces apart: a definition created
// there is found there only, and one created under accessReviews is not
// found there. The beta batchApplyCustomDataProvidedResourceDecisions,
// addressed under accessReviews/definitions with the header
// x-accessreviews-version: vNext, reaches the unified definitions too.
//
// A catalog's groups give one item per member (direct or not) and group; its
// custom data provided resources — "an access package catalog resource that
// represents an external application", whose access data is uploaded — give
// one item per principal listed for the resource. Applying an instance
// cannot change access in such an external system: its decided items keep
// applyResult New and the instance stays Applying ("The access review
// instance must be in an Applying state") until
// batchApplyCustomDataProvidedResourceDecisions has set a result on every
// one; then it is Applied. Applications in catalogs are not modelled.

// Catalog is an entitlement management catalog of the directory.
type Catalog struct {
	ID          string
	DisplayName string
	// Groups are the IDs of the catalog's groups.
	Groups []string
	// CustomResources are the catalog's custom data provided resources.
	CustomResources []CustomDataResource
}

// CustomDataResource is a custom data provided resource of a catalog: an
// external application whose access data was uploaded to the tenant.
type CustomDataResource struct {
	ID          string
	DisplayName string
	// Principals are the user IDs the uploaded data says have access.
	Principals []string
}

// resourceCustom is the resource type of an item about a custom data
// provided resource.
const resourceCustom = "customDataProvidedResource"

// putCatalog adds a copy of c to the directory.
func (d *directory) putCatalog(c Catalog) {
	c.Groups = slices.Clone(c.Groups)
	c.CustomResources = slices.Clone(c.CustomResources)
	for i := range c.CustomResources {
		c.CustomResources[i].Principals = slices.Clone(c.CustomResources[i].Principals)
	}
	d.catByID[key(c.ID)] = &c
}

// catalog returns a copy of a catalog.
func (d *directory) catalog(id string) (Catalog, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	c, ok := d.catByID[key(id)]
	if !ok {
		return Catalog{}, false
	}
	return *c, true
}

// customResourceName returns the display name of a custom data provided
// resource of any catalog.
func (d *directory) customResourceName(id string) string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	for _, c := range d.catByID {
		for _, res := range c.CustomResources {
			if key(res.ID) == key(id) {
				return res.DisplayName
			}
		}
	}
	return ""
}

// catalogMembers returns the memberships a catalog resource scope selects:
// the members of each of its groups, and the principals of each custom data
// provided resource.
func (r *reviews) catalogMembers(id string) []principalRef {
	cat, ok := r.s.dir.catalog(id)
	if !ok {
		return nil
	}
	var out []principalRef
	for _, gid := range cat.Groups {
		out = append(out, r.groupMembers(gid, true)...)
	}
	for _, res := range cat.CustomResources {
		for _, uid := range res.Principals {
			out = append(out, principalRef{id: uid, resource: res.ID, resKind: resourceCustom, direct: true})
		}
	}
	return out
}

// onUnifiedRoute reports whether the request is addressed under
// accessReviews/unified.
func (c *call) onUnifiedRoute() bool {
	return strings.HasPrefix(strings.TrimPrefix(c.r.URL.Path, "/"+c.Version), arPrefix+"/unified/")
}

// vNext reports whether the request carries x-accessreviews-version: vNext.
func (c *call) vNext() bool {
	return strings.EqualFold(strings.TrimSpace(c.r.Header.Get("x-accessreviews-version")), "vNext")
}

// sees reports whether the request's surface addresses d: the unified
// route its unified definitions, the accessReviews route the others, and
// the unified ones too with the vNext header.
func (c *call) sees(d *definition) bool {
	if c.onUnifiedRoute() {
		return d.unified
	}
	return !d.unified || c.vNext()
}

// checkCatalogScope enforces the unified create's body rule: "Set the scope
// to a principalResourceMembershipsScope whose resourceScopes collection
// contains a resource scope of scopeType catalog that identifies the
// catalog to review" (unifiedroot-post-definitions). It writes 400 when
// the scope is not one.
func checkCatalogScope(c *call, sc *scopeJSON) bool {
	if sc != nil && scopeKind(sc) == "principalresourcemembershipsscope" {
		for _, rs := range sc.ResourceScopes {
			if strings.EqualFold(rs.ScopeType, "catalog") && strings.TrimSpace(rs.ResourceID) != "" {
				return true
			}
		}
	}
	c.Error(http.StatusBadRequest, codeBadRequest, "scope: a unified definition's scope must be a principalResourceMembershipsScope with a resource scope of scopeType catalog and its resourceId")
	return false
}

// customApplyBody is the body of batchApplyCustomDataProvidedResourceDecisions.
type customApplyBody struct {
	ApplyResult                  string  `json:"applyResult"`
	ApplyDescription             *string `json:"applyDescription"`
	CustomDataProvidedResourceID string  `json:"customDataProvidedResourceId"`
}

// customApplyResults maps the action's camelCase applyResult values (the
// accessReviewInstanceDecisionItemApplyResult members the page lists) to
// the casing decision items are served with.
var customApplyResults = map[string]string{
	"new":                                  applyNew,
	"appliedSuccessfully":                  applySuccess,
	"appliedWithUnknownFailure":            "AppliedWithUnknownFailure",
	"appliedSuccessfullyButObjectNotFound": applyObjectNotFound,
	"applyNotSupported":                    applyNotSupported,
}

// batchApplyCustom serves batchApplyCustomDataProvidedResourceDecisions:
// on v1.0 under accessReviews/unified/instances/{id}, on beta under
// {instance} with the required x-accessreviews-version: vNext header. It
// sets applyResult (and applyDescription) on every item of the instance
// about the resource, answers 202 Accepted, and refuses an instance that is
// not Applying with 400, as the page's note requires.
func (r *reviews) batchApplyCustom(c *call) {
	if !c.onUnifiedRoute() && !c.vNext() {
		c.Error(http.StatusBadRequest, codeBadRequest, "The x-accessreviews-version header with the value vNext is required for this action.")
		return
	}
	var b customApplyBody
	if !c.Decode(&b) {
		return
	}
	var p problems
	result, known := customApplyResults[b.ApplyResult]
	switch {
	case b.ApplyResult == "":
		p.add("applyResult", "is required")
	case !known:
		p.add("applyResult", "must be one of new, appliedSuccessfully, appliedWithUnknownFailure, appliedSuccessfullyButObjectNotFound, applyNotSupported")
	}
	if strings.TrimSpace(b.CustomDataProvidedResourceID) == "" {
		p.add("customDataProvidedResourceId", "is required")
	}
	if len(p) > 0 {
		c.Error(http.StatusBadRequest, codeBadRequest, p.String())
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	in, ok := r.lookupCustomInstance(c)
	if !ok || !r.canAccess(c, writeAccess, in.def, nil) {
		return
	}
	if in.status != statusApplying {
		c.Error(http.StatusBadRequest, codeBadRequest, "The access review instance must be in an Applying state; it is "+in.status+".")
		return
	}
	by, now := r.callerIdentity(c), r.s.clock.Now()
	for _, d := range in.decisions {
		if d.resKind != resourceCustom || key(d.resource) != key(b.CustomDataProvidedResourceID) {
			continue
		}
		d.applyResult, d.appliedBy, d.appliedAt = result, by, now
		if b.ApplyDescription != nil {
			d.applyDesc = *b.ApplyDescription
		}
	}
	waiting := slices.ContainsFunc(in.decisions, func(d *decision) bool {
		return d.resKind == resourceCustom && d.applyResult == applyNew &&
			(d.decision == decisionApprove || d.decision == decisionDeny)
	})
	if !waiting {
		in.status = statusApplied
	}
	c.w.WriteHeader(http.StatusAccepted)
}

// lookupCustomInstance finds the instance of a batch apply: by definition
// and instance on the beta path, by instance alone among the unified
// definitions on the unified path.
func (r *reviews) lookupCustomInstance(c *call) (*instance, bool) {
	if def := c.r.PathValue("def"); def != "" {
		return r.lookupInst(c, def, c.r.PathValue("inst"))
	}
	id := c.r.PathValue("inst")
	for _, d := range r.liveDefs() {
		if !d.unified {
			continue
		}
		if in, ok := d.instByID[key(id)]; ok {
			r.ensureMaterialized(in)
			return in, true
		}
	}
	c.Error(http.StatusNotFound, codeNotFound, "accessReviewInstance "+id+" was not found")
	return nil, false
}
