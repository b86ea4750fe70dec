//go:build unix

package odata

import (
	"os"
	"path/filepath"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDeviceCodeStopsOnAWideCache runs the sign-in against a cache file
// that others may read: the call fails with the cache's error before the
// identity platform or the user is involved.
func TestDeviceCodeStopsOnAWideCache(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "tokens.json")
		require.NoError(t, os.WriteFile(path, []byte(`{"version":1,"tokens":{}}`), 0o644))
		cache, err := NewFileTokenCache(path)
		require.NoError(t, err)
		p := newIdentityPlatform()
		pr := &prompts{}
		c := newDeviceClient(t, p, DeviceCode{Prompt: pr.prompt, Cache: cache})
		_, err = getMe(t.Context(), c)
		assert.ErrorContains(t, err, "chmod 600")
		assert.Empty(t, pr.shown())
		assert.Empty(t, p.requests(""))
	})
}
