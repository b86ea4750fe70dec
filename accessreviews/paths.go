package accessreviews

import "github.com/graphkit/governance/odata"

// Path building. A path is a list of segments that the request core joins
// with odata.JoinPath when the call runs: every ID is validated as a GUID
// and escaped before any request, so an ID can never climb out of its
// segment.

var (
	segIG  = odata.Lit("identityGovernance")
	segAR  = odata.Lit("accessReviews")
	segFBU = odata.Lit("filterByCurrentUser(on='reviewer')")
)

// under returns base followed by extra, in a new slice.
func under(base []odata.Segment, extra ...odata.Segment) []odata.Segment {
	return append(append(make([]odata.Segment, 0, len(base)+len(extra)), base...), extra...)
}

func definitionsPath(extra ...odata.Segment) []odata.Segment {
	return under([]odata.Segment{segIG, segAR, odata.Lit("definitions")}, extra...)
}

func definitionPath(d DefinitionID, extra ...odata.Segment) []odata.Segment {
	return definitionsPath(under([]odata.Segment{odata.GUID("definitionID", string(d))}, extra...)...)
}

func instancesPath(d DefinitionID, extra ...odata.Segment) []odata.Segment {
	return definitionPath(d, under([]odata.Segment{odata.Lit("instances")}, extra...)...)
}

func instancePath(d DefinitionID, i InstanceID, extra ...odata.Segment) []odata.Segment {
	return instancesPath(d, under([]odata.Segment{odata.GUID("instanceID", string(i))}, extra...)...)
}

func stagePath(d DefinitionID, i InstanceID, s StageID, extra ...odata.Segment) []odata.Segment {
	return instancePath(d, i, under([]odata.Segment{segStages, odata.GUID("stageID", string(s))}, extra...)...)
}

func historyDefinitionsPath(extra ...odata.Segment) []odata.Segment {
	return under([]odata.Segment{segIG, segAR, odata.Lit("historyDefinitions")}, extra...)
}

func historyDefinitionPath(h HistoryDefinitionID, extra ...odata.Segment) []odata.Segment {
	return historyDefinitionsPath(under([]odata.Segment{odata.GUID("historyDefinitionID", string(h))}, extra...)...)
}

// decisionsPath is the path of an instance's decisions.
func decisionsPath(d DefinitionID, i InstanceID, extra ...odata.Segment) []odata.Segment {
	return instancePath(d, i, under([]odata.Segment{segDecisions}, extra...)...)
}

// decisionPath is the path of one decision of an instance.
func decisionPath(d DefinitionID, i InstanceID, x DecisionID, extra ...odata.Segment) []odata.Segment {
	return decisionsPath(d, i, under([]odata.Segment{odata.GUID("decisionID", string(x))}, extra...)...)
}

// The collection and action segments the services share.
var (
	segDecisions   = odata.Lit("decisions")
	segStages      = odata.Lit("stages")
	segInstanceSet = odata.Lit("instances")
	segRecordAll   = odata.Lit("recordAllDecisions")
	segBatchRecord = odata.Lit("batchRecordDecisions")
)
