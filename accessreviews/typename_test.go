package accessreviews_test

import (
	jsonv2 "encoding/json/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
)

// Every polymorphic model writes its "@odata.type" first, the name its Go
// type is registered under for decoding; a user identity has no type of its
// own and gets it written only as a decision's principal.
func TestModelsWriteTheirTypeFirst(t *testing.T) {
	t.Parallel()
	const ns = `{"@odata.type":"#microsoft.graph.`
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"service principal identity", accessreviews.ServicePrincipalIdentity{}, ns + `servicePrincipalIdentity"}`},
		{"user identity as a principal", accessreviews.IdentityValue{Value: accessreviews.UserIdentity{ID: "u"}}, ns + `userIdentity","id":"u"}`},
		{"user identity alone", accessreviews.UserIdentity{ID: "u"}, `{"id":"u"}`},
		{"sign-in insight", accessreviews.UserSignInInsight{}, ns + `userSignInInsight"}`},
		{"outlier insight", accessreviews.MembershipOutlierInsight{}, ns + `membershipOutlierInsight"}`},
		{"base resource", accessreviews.BaseResource{}, ns + `accessReviewInstanceDecisionItemResource"}`},
		{"policy resource", accessreviews.AccessPackageAssignmentPolicyResource{}, ns + `accessReviewInstanceDecisionItemAccessPackageAssignmentPolicyResource"}`},
		{"azure role resource", accessreviews.AzureRoleResource{}, ns + `accessReviewInstanceDecisionItemAzureRoleResource"}`},
		{"service principal resource", accessreviews.ServicePrincipalResource{}, ns + `accessReviewInstanceDecisionItemServicePrincipalResource"}`},
		{"access package resource", accessreviews.AccessPackageResource{}, ns + `accessReviewInstanceDecisionItemAccessPackageResource"}`},
		{"custom data provided resource", accessreviews.CustomDataProvidedResource{}, ns + `accessReviewInstanceDecisionItemCustomDataProvidedResource"}`},
		{"resource in a value", accessreviews.ResourceValue{Value: accessreviews.AzureRoleResource{ID: "r"}}, ns + `accessReviewInstanceDecisionItemAzureRoleResource","id":"r"}`},
		{"user target", accessreviews.UserTarget{}, ns + `accessReviewInstanceDecisionItemUserTarget"}`},
		{"service principal target", accessreviews.ServicePrincipalTarget{}, ns + `accessReviewInstanceDecisionItemServicePrincipalTarget"}`},
		{"target in a value", accessreviews.TargetValue{Value: accessreviews.UserTarget{UserID: "u"}}, ns + `accessReviewInstanceDecisionItemUserTarget","userId":"u"}`},
		{"remove access", accessreviews.RemoveAccessApplyAction{}, ns + `removeAccessApplyAction"}`},
		{"disable and delete user", accessreviews.DisableAndDeleteUserApplyAction{}, ns + `disableAndDeleteUserApplyAction"}`},
		{"last sign-in setting", accessreviews.UserLastSignInInsightSetting{}, ns + `userLastSignInRecommendationInsightSetting"}`},
		{"peer outlier setting", accessreviews.GroupPeerOutlierInsightSetting{}, ns + `groupPeerOutlierRecommendationInsightSettings"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := jsonv2.Marshal(tt.v)
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(out))
		})
	}
}
