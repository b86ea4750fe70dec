package poly

import (
	"encoding/json/v2"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Values boxed in slabs must behave as ordinarily boxed ones: they hold
// what was decoded after the decoder and the garbage collector moved on,
// compare equal to the same values boxed the ordinary way, and each decode
// gets its own element, also when lists are decoded concurrently.
func TestSlabBoxedValuesStayIntact(t *testing.T) {
	t.Parallel()
	const n = 3 * slabSize
	var b strings.Builder
	b.WriteString("[")
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"@odata.type":"#microsoft.graph.circle","radius":%d,"note":"n%d"}`, i, i)
	}
	b.WriteString("]")
	tests := []struct {
		name    string
		readers int
	}{
		{name: "one list", readers: 1},
		{name: "lists decoded concurrently", readers: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			results := make([][]shape, tt.readers)
			var wg sync.WaitGroup
			for r := range tt.readers {
				wg.Go(func() {
					var got []shape
					if err := json.Unmarshal([]byte(b.String()), &got, WireOptions()); err == nil {
						results[r] = got
					}
				})
			}
			wg.Wait()
			runtime.GC()
			for _, got := range results {
				require.Len(t, got, n)
				for i, s := range got {
					c, ok := s.(circle)
					require.True(t, ok, "item %d is a circle", i)
					assert.Equal(t, i, c.Radius)
					assert.JSONEq(t, fmt.Sprintf(`{"note":"n%d"}`, i), string(c.Extra))
					var plain shape = circle{Radius: i, Extra: c.Extra}
					assert.Equal(t, plain, s, "item %d equals the same value boxed the ordinary way", i)
				}
			}
		})
	}
}
