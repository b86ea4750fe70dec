package legacy

import (
	"encoding/json"
	"testing"
	"time"
)

// FuzzToDefinition checks that any decodable legacy review converts and
// validates without panicking, and that every report entry is complete.
func FuzzToDefinition(f *testing.F) {
	f.Add([]byte(`{"displayName":"x","reviewerType":"delegated","reviewedEntity":{"id":"99025615-a0b1-47ec-9117-35377b10998b"},
		"startDateTime":"2030-01-01T00:00:00Z","endDateTime":"2030-01-02T00:00:00Z",
		"settings":{"recurrenceSettings":{"recurrenceType":"weekly","recurrenceEndType":"occurrences","recurrenceCount":3}}}`), "group", "")
	f.Add([]byte(`{"reviewerType":"entityOwners","settings":{"activityDurationInDays":99,"autoReviewEnabled":true}}`), "app", "Guest app")
	f.Add([]byte(`{"description":"\ud83d","endDateTime":"2000-01-01T00:00:00Z","startDateTime":"2030-01-01T00:00:00Z"}`), "", "role")
	f.Fuzz(func(t *testing.T, data []byte, kind, tplName string) {
		var ar AccessReview
		if json.Unmarshal(data, &ar) != nil {
			return
		}
		def, rep := ToDefinition(ar, &BusinessFlowTemplate{DisplayName: tplName}, &ConvertOptions{Kind: TemplateKind(kind)})
		_ = def.Validate()
		_ = ar.ValidateAt(time.Unix(0, 0), AppOnlyCaller)
		if _, err := json.Marshal(def); err != nil && def.Validate() == nil {
			t.Fatalf("valid definition does not encode: %v", err)
		}
		for _, e := range rep.Entries {
			if e.Field == "" || e.Kind == "" || e.Detail == "" {
				t.Fatalf("incomplete entry %+v", e)
			}
		}
		if len(rep.Entries) == 0 || rep.String() == "" {
			t.Fatal("the report always mentions programs")
		}
	})
}
