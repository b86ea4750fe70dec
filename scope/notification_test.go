package scope_test

import (
	jsonv2 "encoding/json/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/scope"
)

func TestNotificationRecipients(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		r    scope.NotificationRecipient
		json string
		desc string
	}{
		{
			name: "group members",
			r:    scope.NotifyGroupMembers(g1),
			json: `{"notificationTemplateType":"CompletedAdditionalRecipients","notificationRecipientScope":{"@odata.type":"#microsoft.graph.accessReviewNotificationRecipientQueryScope","query":"/groups/` + g1 + `/members","queryType":"MicrosoftGraph"}}`,
			desc: "the members of group " + g1 + ", when the review completes",
		},
		{
			name: "user",
			r:    scope.NotifyUser(g2),
			json: `{"notificationTemplateType":"CompletedAdditionalRecipients","notificationRecipientScope":{"@odata.type":"#microsoft.graph.accessReviewNotificationRecipientQueryScope","query":"/users/` + g2 + `","queryType":"MicrosoftGraph"}}`,
			desc: "user " + g2 + ", when the review completes",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.NoError(t, tt.r.Validate())
			b, err := marshalWire(tt.r)
			require.NoError(t, err)
			assert.Equal(t, tt.json, string(b))
			assert.Equal(t, tt.desc, tt.r.String())
			var back scope.NotificationRecipient
			require.NoError(t, unmarshalWire(b, &back))
			assert.Equal(t, tt.r, back)
		})
	}
}

func TestNotificationRecipientDecode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, out, desc string
	}{
		{
			name: "no type, null root, extras",
			in:   `{"notificationTemplateType":"CompletedAdditionalRecipients","notificationRecipientScope":{"query":"/users/x","queryRoot":null,"queryType":"MicrosoftGraph"},"extra":true}`,
			out:  `{"notificationTemplateType":"CompletedAdditionalRecipients","notificationRecipientScope":{"@odata.type":"#microsoft.graph.accessReviewNotificationRecipientQueryScope","query":"/users/x","queryType":"MicrosoftGraph"},"extra":true}`,
			desc: "user x, when the review completes",
		},
		{
			name: "unknown scope type",
			in:   `{"notificationTemplateType":"Started","notificationRecipientScope":{"@odata.type":"#microsoft.graph.futureRecipients","list":[1]}}`,
			out:  `{"notificationTemplateType":"Started","notificationRecipientScope":{"@odata.type":"#microsoft.graph.futureRecipients","list":[1]}}`,
			desc: `a scope of type #microsoft.graph.futureRecipients, for the "Started" email`,
		},
		{
			name: "null scope",
			in:   `{"notificationRecipientScope":null}`,
			out:  `{"notificationRecipientScope":null}`,
			desc: `no recipients, for the "" email`,
		},
		{
			name: "raw query",
			in:   `{"notificationRecipientScope":{"@odata.type":"#microsoft.graph.accessReviewNotificationRecipientQueryScope","query":"./owners"}}`,
			out:  `{"notificationRecipientScope":{"@odata.type":"#microsoft.graph.accessReviewNotificationRecipientQueryScope","query":"./owners"}}`,
			desc: `the recipients returned by the query "./owners", for the "" email`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var r scope.NotificationRecipient
			require.NoError(t, unmarshalWire([]byte(tt.in), &r))
			var alone scope.NotificationRecipient
			require.NoError(t, jsonv2.Unmarshal([]byte(tt.in), &alone), "a recipient decodes by itself")
			assert.Equal(t, r, alone)
			b, err := marshalWire(r)
			require.NoError(t, err)
			assert.Equal(t, tt.out, string(b))
			assert.Equal(t, tt.desc, r.String())
		})
	}
	for _, bad := range []string{`[]`, `{"notificationTemplateType":1}`, `{"notificationRecipientScope":[]}`, `{"notificationRecipientScope":{"query":2}}`} {
		var r scope.NotificationRecipient
		assert.Error(t, unmarshalWire([]byte(bad), &r), bad)
	}
	r := scope.NotifyUser(g1)
	require.NoError(t, unmarshalWire([]byte(`null`), &r))
	assert.Equal(t, scope.NotificationRecipient{}, r, "null gives the zero recipient")
	s, err := scope.UnmarshalNotificationScope([]byte(`null`))
	require.NoError(t, err)
	assert.Nil(t, s)
}
