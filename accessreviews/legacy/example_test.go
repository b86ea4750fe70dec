package legacy_test

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/graphkit/governance/accessreviews/legacy"
)

// A legacy review read from exported JSON converts into a schedule
// definition; the report says what did not carry over.
func ExampleToDefinition() {
	raw, err := os.ReadFile("testdata/legacy-accessreview-onetime-delegated.beta.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	var old legacy.AccessReview
	if err := json.Unmarshal(raw, &old); err != nil {
		fmt.Println(err)
		return
	}
	tpl := &legacy.BusinessFlowTemplate{ID: old.BusinessFlowTemplateID, DisplayName: "Access reviews of memberships of a group"}
	def, report := legacy.ToDefinition(old, tpl, nil)
	fmt.Println(report)
	fmt.Println("valid:", def.Validate() == nil)
	out, err := json.MarshalIndent(def, "", "  ")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(out))
	// Output:
	// dropped programControls: programs and program controls have no equivalent: a program linking this review is not carried over
	// valid: true
	// {
	//   "displayName": "TestReview",
	//   "descriptionForAdmins": "Sample description",
	//   "descriptionForReviewers": "Sample description",
	//   "scope": {
	//     "@odata.type": "#microsoft.graph.accessReviewQueryScope",
	//     "query": "/groups/99025615-a0b1-47ec-9117-35377b10998b/transitiveMembers",
	//     "queryType": "MicrosoftGraph"
	//   },
	//   "reviewers": [
	//     {
	//       "query": "/users/f260246a-09b1-4fd5-8d18-daed736071ec",
	//       "queryType": "MicrosoftGraph"
	//     },
	//     {
	//       "query": "/users/5a4e184c-4ee5-4883-96e9-b371f8da88e3",
	//       "queryType": "MicrosoftGraph"
	//     }
	//   ],
	//   "settings": {
	//     "mailNotificationsEnabled": true,
	//     "reminderNotificationsEnabled": true,
	//     "justificationRequiredOnApproval": true,
	//     "defaultDecisionEnabled": false,
	//     "defaultDecision": "Deny",
	//     "instanceDurationInDays": 30,
	//     "autoApplyDecisionsEnabled": false,
	//     "recommendationsEnabled": false,
	//     "recommendationLookBackDuration": "P30D",
	//     "decisionHistoriesForReviewersEnabled": false,
	//     "recurrence": {
	//       "range": {
	//         "type": "endDate",
	//         "startDate": "2017-02-10",
	//         "endDate": "2017-03-12"
	//       }
	//     }
	//   }
	// }
}

// Without the template, the kind of review is guessed and the report says
// so; ConvertOptions.Kind removes the guess.
func ExampleToDefinition_unknownTemplate() {
	old := legacy.AccessReview{
		DisplayName:            "Guests of Sales",
		BusinessFlowTemplateID: "unknown",
		ReviewerType:           legacy.ReviewerEntityOwners,
		ReviewedEntity:         legacy.Identity{ID: "99025615-a0b1-47ec-9117-35377b10998b"},
	}
	_, report := legacy.ToDefinition(old, nil, nil)
	for _, e := range report.Entries {
		fmt.Println(e.Kind, e.Field)
	}
	def, _ := legacy.ToDefinition(old, nil, &legacy.ConvertOptions{Kind: legacy.KindGuestGroupMemberships})
	fmt.Println(def.Scope)
	fmt.Println(def.Reviewers[0])
	// Output:
	// guessed businessFlowTemplateId
	// dropped startDateTime
	// dropped programControls
	// guest users among the direct and transitive members of group 99025615-a0b1-47ec-9117-35377b10998b
	// the owners of group 99025615-a0b1-47ec-9117-35377b10998b
}
