//go:build unix

package odata

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

func TestFileTokenCacheModes(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "new", "tokens.json")
	fc, err := NewFileTokenCache(path)
	require.NoError(t, err)
	require.NoError(t, fc.Store(t.Context(), "k", &oauth2.Token{AccessToken: "SECRET-AT"}))
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the cache is readable by its owner only")
	dir, err := os.Stat(filepath.Dir(path))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), dir.Mode().Perm(), "a directory the cache creates is private")

	// Each write is a new file, renamed over the old one.
	first, err := os.Stat(path)
	require.NoError(t, err)
	require.NoError(t, fc.Store(t.Context(), "k", &oauth2.Token{AccessToken: "SECRET-AT-2"}))
	second, err := os.Stat(path)
	require.NoError(t, err)
	assert.False(t, os.SameFile(first, second), "the old file was replaced, not rewritten in place")
	assert.Equal(t, os.FileMode(0o600), second.Mode().Perm())
}

func TestFileTokenCacheRefusesWideModes(t *testing.T) {
	t.Parallel()
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o660, 0o666, 0o610} {
		t.Run(mode.String(), func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "tokens.json")
			fc, err := NewFileTokenCache(path)
			require.NoError(t, err)
			require.NoError(t, fc.Store(t.Context(), "k", &oauth2.Token{AccessToken: "SECRET-AT", RefreshToken: "SECRET-RT"}))
			require.NoError(t, os.Chmod(path, mode))

			_, err = fc.Load(t.Context(), "k")
			require.Error(t, err)
			assert.Contains(t, err.Error(), "only its owner may read or write it (chmod 600 the file)")
			assert.Contains(t, err.Error(), path)
			assert.NotContains(t, err.Error(), "SECRET")
			assert.Error(t, fc.Store(t.Context(), "k", &oauth2.Token{AccessToken: "new"}), "a wide file is not written to either")
			assert.Error(t, fc.Delete(t.Context(), "k"))

			require.NoError(t, os.Chmod(path, 0o600))
			got, err := fc.Load(t.Context(), "k")
			require.NoError(t, err)
			assert.Equal(t, "SECRET-RT", got.RefreshToken, "once fixed, the cache is used again")
		})
	}
	t.Run("0400 is narrower and accepted", func(t *testing.T) {
		t.Parallel()
		path := filepath.Join(t.TempDir(), "tokens.json")
		require.NoError(t, os.WriteFile(path, []byte(`{"version":1,"tokens":{}}`), 0o400))
		fc, err := NewFileTokenCache(path)
		require.NoError(t, err)
		_, err = fc.Load(t.Context(), "k")
		assert.NoError(t, err)
	})
}

func TestFileTokenCacheRefusesSymlinks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	target := filepath.Join(dir, "elsewhere.json")
	real, err := NewFileTokenCache(target)
	require.NoError(t, err)
	require.NoError(t, real.Store(t.Context(), "k", &oauth2.Token{AccessToken: "SECRET-AT"}))
	link := filepath.Join(dir, "tokens.json")
	require.NoError(t, os.Symlink(target, link))

	fc, err := NewFileTokenCache(link)
	require.NoError(t, err)
	_, err = fc.Load(t.Context(), "k")
	assert.ErrorContains(t, err, "is a symbolic link; refusing to follow it")
	assert.ErrorContains(t, fc.Store(t.Context(), "k", &oauth2.Token{AccessToken: "other"}), "is a symbolic link")
	got, err := real.Load(t.Context(), "k")
	require.NoError(t, err)
	assert.Equal(t, "SECRET-AT", got.AccessToken, "the link's target is untouched")
	info, err := os.Lstat(link)
	require.NoError(t, err)
	assert.NotZero(t, info.Mode()&os.ModeSymlink, "the link itself is not replaced")
}
