package accessreviews

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/internal/testutil"
	"github.com/graphkit/governance/odata"
)

func TestRecordManyRequiresJustificationToApproveWhenTheDefinitionDoes(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	const (
		def  = DefinitionID("0ed2ac7c-9f8f-4f6f-9c5f-0f3a1f6b2e11")
		inst = InstanceID("5c9d8e7f-1a2b-4c3d-8e9f-0a1b2c3d4e5f")
	)
	records := []DecisionRecord{
		{ID: "11111111-1111-4111-8111-111111111111", Decision: DecisionApprove, Justification: "still on the project"},
		{ID: "22222222-2222-4222-8222-222222222222", Decision: DecisionApprove},
		{ID: "33333333-3333-4333-8333-333333333333", Decision: DecisionDeny},
		{ID: "44444444-4444-4444-8444-444444444444", Decision: DecisionApprove, Justification: "   "},
	}
	results, err := c.Decisions.RecordMany(t.Context(), def, inst, records, &RecordOptions{JustificationRequired: true})
	require.Error(t, err)
	assert.Nil(t, results)
	assert.ErrorIs(t, err, odata.ErrInvalid)
	assert.Equal(t, []string{"records[1].justification", "records[3].justification"}, testutil.FieldNames(err))
	assert.Zero(t, mt.GetTotalCallCount(), "nothing may be sent when a record is invalid")
}

func TestDecisionUpdateValidateFor(t *testing.T) {
	t.Parallel()
	required := Settings{JustificationRequiredOnApproval: true}
	tests := []struct {
		name     string
		update   DecisionUpdate
		settings Settings
		fields   []string
	}{
		{"approve with reason", DecisionUpdate{Decision: DecisionApprove, Justification: "needed for payroll"}, required, nil},
		{"approve without reason", DecisionUpdate{Decision: DecisionApprove}, required, []string{"justification"}},
		{"approve with blank reason", DecisionUpdate{Decision: DecisionApprove, Justification: " "}, required, []string{"justification"}},
		{"deny without reason", DecisionUpdate{Decision: DecisionDeny}, required, nil},
		{"approve without reason, not required", DecisionUpdate{Decision: DecisionApprove}, Settings{}, nil},
		{"unknown decision and no reason", DecisionUpdate{Decision: "Maybe"}, required, []string{"decision"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.update.ValidateFor(tt.settings)
			if tt.fields == nil {
				assert.NoError(t, err)
				return
			}
			assert.Equal(t, tt.fields, testutil.FieldNames(err))
		})
	}
}
