package accessreviews

import "github.com/graphkit/governance/odata"

// Path building. Every ID is validated as a GUID and escaped by odata.JoinPath
// before any request, so an ID can never climb out of its segment.

var (
	segIG  = odata.Lit("identityGovernance")
	segAR  = odata.Lit("accessReviews")
	segFBU = odata.Lit("filterByCurrentUser(on='reviewer')")
)

func definitionsPath(extra ...odata.Segment) (string, error) {
	return odata.JoinPath(append([]odata.Segment{segIG, segAR, odata.Lit("definitions")}, extra...)...)
}

func definitionPath(d DefinitionID, extra ...odata.Segment) (string, error) {
	return definitionsPath(append([]odata.Segment{odata.GUID("definitionID", string(d))}, extra...)...)
}

func instancesPath(d DefinitionID, extra ...odata.Segment) (string, error) {
	return definitionPath(d, append([]odata.Segment{odata.Lit("instances")}, extra...)...)
}

func instancePath(d DefinitionID, i InstanceID, extra ...odata.Segment) (string, error) {
	return instancesPath(d, append([]odata.Segment{odata.GUID("instanceID", string(i))}, extra...)...)
}

func stagePath(d DefinitionID, i InstanceID, s StageID, extra ...odata.Segment) (string, error) {
	return instancePath(d, i, append([]odata.Segment{odata.Lit("stages"), odata.GUID("stageID", string(s))}, extra...)...)
}

func historyDefinitionsPath(extra ...odata.Segment) (string, error) {
	return odata.JoinPath(append([]odata.Segment{segIG, segAR, odata.Lit("historyDefinitions")}, extra...)...)
}

func historyDefinitionPath(h HistoryDefinitionID, extra ...odata.Segment) (string, error) {
	return historyDefinitionsPath(append([]odata.Segment{odata.GUID("historyDefinitionID", string(h))}, extra...)...)
}
