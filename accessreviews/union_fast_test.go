package accessreviews

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestScanIdentityWire(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{name: "service form", in: `{"@odata.type":"#microsoft.graph.userIdentity","id":"u1","displayName":"Ann","userPrincipalName":"ann@contoso.com"}`, ok: true},
		{name: "spaces", in: " { \"id\" : \"u1\" ,\n\t\"appId\":\"a\" } ", ok: true},
		{name: "empty object", in: `{}`, ok: true},
		{name: "non-ASCII name", in: `{"displayName":"Zoë Ångström"}`, ok: true},
		{name: "escape falls back", in: `{"displayName":"A\"B"}`},
		{name: "other key spelling falls back", in: `{"ID":"u1"}`},
		{name: "unknown key falls back", in: `{"id":"u1","extra":"x"}`},
		{name: "null value falls back", in: `{"id":null}`},
		{name: "number falls back", in: `{"id":1}`},
		{name: "invalid UTF-8 falls back", in: "{\"id\":\"\xff\"}"},
		{name: "control byte falls back", in: "{\"id\":\"a\x01\"}"},
		{name: "trailing comma", in: `{"id":"u1",}`},
		{name: "trailing data", in: `{"id":"u1"} x`},
		{name: "unterminated", in: `{"id":"u1"`},
		{name: "array", in: `["id"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got identityWire
			ok := scanIdentityWire([]byte(tt.in), &got)
			require.Equal(t, tt.ok, ok)
			if ok {
				var want identityWire
				require.NoError(t, json.Unmarshal([]byte(tt.in), &want))
				assert.Equal(t, want, got)
			}
		})
	}
}

func TestScanResourceWire(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{name: "service form", in: `{"id":"g1","displayName":"Large group","type":"Group"}`, ok: true},
		{name: "typed", in: `{"@odata.type":"#microsoft.graph.accessReviewInstanceDecisionItemResource","id":"g1","description":"d"}`, ok: true},
		{name: "nested scope falls back", in: `{"id":"r","scope":{"id":"s"}}`},
		{name: "app role falls back", in: `{"id":"r","appRoleId":"x"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got resourceWire
			ok := scanResourceWire([]byte(tt.in), &got)
			require.Equal(t, tt.ok, ok)
			if ok {
				var want resourceWire
				require.NoError(t, json.Unmarshal([]byte(tt.in), &want))
				assert.Equal(t, want, got)
			}
		})
	}
}

// TestDecisionDecodeAllocs is not parallel: testing.AllocsPerRun refuses
// to run in a parallel test, whose neighbours' allocations it would count.
func TestDecisionDecodeAllocs(t *testing.T) {
	// One decision as the service sends it: the union holders take the
	// scanners' path, so decoding costs the strings, the two interface
	// boxes and the decoder's own state, and nothing per nested object.
	item := []byte(`{"id":"d1","accessReviewId":"i1","reviewedDateTime":null,"decision":"NotReviewed",` +
		`"appliedDateTime":null,"applyResult":"New","recommendation":"Approve",` +
		`"principal":{"@odata.type":"#microsoft.graph.userIdentity","id":"u1","displayName":"User 1","userPrincipalName":"u1@contoso.com"},` +
		`"resource":{"id":"g1","displayName":"Large group","type":"Group"}}`)
	var (
		d   Decision
		err error
	)
	allocs := testing.AllocsPerRun(50, func() {
		d = Decision{}
		err = json.Unmarshal(item, &d)
	})
	require.NoError(t, err)
	assert.Equal(t, "User 1", d.PrincipalDisplayName())
	// 15 strings, 2 boxes, 3 for the top-level decoder; before the scanners
	// it was 29.
	assert.LessOrEqual(t, allocs, 20.0)
}

// FuzzScanIdentityWire checks that whenever the scanner accepts an object,
// it decodes it exactly as encoding/json does.
func FuzzScanIdentityWire(f *testing.F) {
	f.Add(`{"@odata.type":"#microsoft.graph.userIdentity","id":"u1","displayName":"Ann"}`)
	f.Add(` {"id" : "x", "appId":"y"} `)
	f.Add(`{"displayName":"Zoë"}`)
	f.Add(`{"id":"a\"b"}`)
	f.Add(`{"id":"u1","id":"u2"}`)
	f.Add(`{}`)
	f.Fuzz(func(t *testing.T, in string) {
		var got identityWire
		if !scanIdentityWire([]byte(in), &got) {
			return
		}
		var want identityWire
		require.NoError(t, json.Unmarshal([]byte(in), &want), "scanner accepted what json rejects")
		assert.Equal(t, want, got)
	})
}

// FuzzScanResourceWire is FuzzScanIdentityWire for resources.
func FuzzScanResourceWire(f *testing.F) {
	f.Add(`{"id":"g1","displayName":"Large group","type":"Group"}`)
	f.Add(`{"@odata.type":"x","description":"d"}`)
	f.Fuzz(func(t *testing.T, in string) {
		var got resourceWire
		if !scanResourceWire([]byte(in), &got) {
			return
		}
		var want resourceWire
		require.NoError(t, json.Unmarshal([]byte(in), &want), "scanner accepted what json rejects")
		assert.Equal(t, want, got)
	})
}
