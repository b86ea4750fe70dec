package odata

import (
	"context"
	"encoding/json/jsontext"
	"encoding/json/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

func TestFileTokenCacheRoundTrip(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state", "tokens.json")
	fc, err := NewFileTokenCache(path)
	require.NoError(t, err)
	ctx := t.Context()

	got, err := fc.Load(ctx, "a")
	require.NoError(t, err)
	assert.Nil(t, got, "no file yet: an empty cache")

	exp := time.Date(2026, 1, 5, 10, 0, 0, 123, time.UTC)
	require.NoError(t, fc.Store(ctx, "a", &oauth2.Token{AccessToken: "SECRET-AT-a", TokenType: "Bearer", RefreshToken: "SECRET-RT-a", Expiry: exp}))
	require.NoError(t, fc.Store(ctx, "b", &oauth2.Token{AccessToken: "SECRET-AT-b", RefreshToken: "SECRET-RT-b"}))

	// Another value on the same file, as after a restart, sees both.
	again, err := NewFileTokenCache(path)
	require.NoError(t, err)
	got, err = again.Load(ctx, "a")
	require.NoError(t, err)
	require.NotNil(t, got)
	assert.Equal(t, "SECRET-AT-a", got.AccessToken)
	assert.Equal(t, "Bearer", got.TokenType)
	assert.Equal(t, "SECRET-RT-a", got.RefreshToken)
	assert.True(t, exp.Equal(got.Expiry), "expiry kept to the nanosecond: %s", got.Expiry)

	require.NoError(t, again.Delete(ctx, "a"))
	require.NoError(t, again.Delete(ctx, "missing"), "deleting a missing key is not an error")
	got, err = fc.Load(ctx, "a")
	require.NoError(t, err)
	assert.Nil(t, got)
	got, err = fc.Load(ctx, "b")
	require.NoError(t, err)
	require.NotNil(t, got)
	assert.Equal(t, "SECRET-RT-b", got.RefreshToken)

	// The file is JSON with a version, and nothing else lies around.
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var doc struct {
		Version int                       `json:"version"`
		Tokens  map[string]jsontext.Value `json:"tokens"`
	}
	require.NoError(t, json.Unmarshal(data, &doc))
	assert.Equal(t, 1, doc.Version)
	assert.Len(t, doc.Tokens, 1)
	assert.Equal(t, []string{"tokens.json"}, dirNames(t, filepath.Dir(path)), "no temporary file is left behind")
}

func TestFileTokenCacheRefusesBadFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		content string
		want    string
	}{
		{"not JSON", `{"version":1,"tokens":{"k":{"access_token":SECRET-AT-x`, "is not a token cache file; delete it to sign in again"},
		{"another version", `{"version":2,"tokens":{}}`, "has format version 2, not 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "tokens.json")
			require.NoError(t, os.WriteFile(path, []byte(tt.content), 0o600))
			fc, err := NewFileTokenCache(path)
			require.NoError(t, err)
			_, err = fc.Load(t.Context(), "k")
			require.ErrorContains(t, err, tt.want)
			assert.NotContains(t, err.Error(), "SECRET", "the file's content is never quoted")

			err = fc.Store(t.Context(), "k", &oauth2.Token{AccessToken: "new"})
			require.ErrorContains(t, err, tt.want, "a file that cannot be read is not overwritten")
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, tt.content, string(data))
		})
	}
	t.Run("a directory", func(t *testing.T) {
		t.Parallel()
		path := t.TempDir()
		fc, err := NewFileTokenCache(path)
		require.NoError(t, err)
		_, err = fc.Load(t.Context(), "k")
		assert.ErrorContains(t, err, "is not a regular file")
	})
	t.Run("an empty path", func(t *testing.T) {
		t.Parallel()
		_, err := NewFileTokenCache("")
		assert.ErrorIs(t, err, ErrInvalid)
	})
	t.Run("an empty file is an empty cache", func(t *testing.T) {
		t.Parallel()
		path := filepath.Join(t.TempDir(), "tokens.json")
		require.NoError(t, os.WriteFile(path, nil, 0o600))
		fc, err := NewFileTokenCache(path)
		require.NoError(t, err)
		got, err := fc.Load(t.Context(), "k")
		require.NoError(t, err)
		assert.Nil(t, got)
	})
	t.Run("a cancelled context", func(t *testing.T) {
		t.Parallel()
		fc, err := NewFileTokenCache(filepath.Join(t.TempDir(), "tokens.json"))
		require.NoError(t, err)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		assert.ErrorIs(t, fc.Store(ctx, "k", &oauth2.Token{AccessToken: "x"}), context.Canceled)
		_, err = fc.Load(ctx, "k")
		assert.ErrorIs(t, err, context.Canceled)
		assert.ErrorIs(t, fc.Delete(ctx, "k"), context.Canceled)
	})
}

// TestFileTokenCacheWritesAtomically reads the file while it is rewritten
// over and over: every read finds a whole cache, the old one or the new one,
// never a mix or a prefix, because each write is a rename of a complete
// file.
func TestFileTokenCacheWritesAtomically(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "tokens.json")
	fc, err := NewFileTokenCache(path)
	require.NoError(t, err)
	big := strings.Repeat("x", 64<<10) // large enough that a write takes several syscalls
	require.NoError(t, fc.Store(t.Context(), "k", &oauth2.Token{AccessToken: "v0-" + big}))

	done := make(chan struct{})
	var wg sync.WaitGroup
	reads := 0
	wg.Go(func() {
		for {
			select {
			case <-done:
				return
			default:
			}
			data, err := os.ReadFile(path)
			if !assert.NoError(t, err) {
				return
			}
			var tf tokenFile
			if !assert.NoError(t, json.Unmarshal(data, &tf), "a reader saw a partial file") {
				return
			}
			assert.True(t, strings.HasPrefix(tf.Tokens["k"].AccessToken, "v"), "a reader saw a cache without the token")
			reads++
		}
	})
	for i := range 30 {
		require.NoError(t, fc.Store(t.Context(), "k", &oauth2.Token{AccessToken: "v" + string(rune('a'+i%26)) + big}))
	}
	close(done)
	wg.Wait()
	assert.Positive(t, reads)
	assert.Equal(t, []string{"tokens.json"}, dirNames(t, filepath.Dir(path)))
}

// TestFileTokenCacheConcurrentUse shares one cache value between
// goroutines, each storing its own key: no entry is lost.
func TestFileTokenCacheConcurrentUse(t *testing.T) {
	t.Parallel()
	fc, err := NewFileTokenCache(filepath.Join(t.TempDir(), "tokens.json"))
	require.NoError(t, err)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			key := string(rune('a' + i))
			assert.NoError(t, fc.Store(t.Context(), key, &oauth2.Token{AccessToken: "SECRET-" + key}))
		})
	}
	wg.Wait()
	for i := range 8 {
		key := string(rune('a' + i))
		got, err := fc.Load(t.Context(), key)
		require.NoError(t, err)
		require.NotNil(t, got, key)
		assert.Equal(t, "SECRET-"+key, got.AccessToken)
	}
}

func TestMemoryTokenCache(t *testing.T) {
	t.Parallel()
	mc := &memoryTokenCache{}
	ctx := t.Context()
	got, err := mc.Load(ctx, "k")
	require.NoError(t, err)
	assert.Nil(t, got)
	tok := &oauth2.Token{AccessToken: "a", RefreshToken: "r"}
	require.NoError(t, mc.Store(ctx, "k", tok))
	tok.AccessToken = "changed by the caller"
	got, err = mc.Load(ctx, "k")
	require.NoError(t, err)
	assert.Equal(t, "a", got.AccessToken, "the cache keeps its own copy")
	require.NoError(t, mc.Delete(ctx, "k"))
	got, err = mc.Load(ctx, "k")
	require.NoError(t, err)
	assert.Nil(t, got)
}

// dirNames lists the names in dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
