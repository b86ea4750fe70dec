package odata

import (
	"context"
	"encoding/json/v2"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/graphkit/governance/internal/check"
)

// TokenCache keeps the tokens of a delegated sign-in (WithDeviceCode)
// between runs of a program, so that a restarted program uses its refresh
// token instead of asking the user to sign in again. Entries are keyed by
// the cloud, the authority, the tenant, the application and the scopes of
// the sign-in, so two sign-ins never share a token.
//
// Implementations must be safe for concurrent use and must keep the
// AccessToken, TokenType, RefreshToken and Expiry of each token. What they
// keep is a credential: it belongs where only the program's user can read
// it, and must never be logged. FileTokenCache is the implementation this
// package provides; one in a secret store is a few lines.
type TokenCache interface {
	// Load returns the token stored under key, or nil and no error when
	// there is none.
	Load(ctx context.Context, key string) (*oauth2.Token, error)
	// Store saves tok under key, replacing what was there.
	Store(ctx context.Context, key string, tok *oauth2.Token) error
	// Delete removes the token under key; a missing key is not an error.
	Delete(ctx context.Context, key string) error
}

// memoryTokenCache is the TokenCache of a DeviceCode without one: the
// tokens last as long as the process.
type memoryTokenCache struct {
	mu sync.Mutex
	m  map[string]oauth2.Token
}

// Load returns the token kept under key, or nil when there is none.
func (mc *memoryTokenCache) Load(_ context.Context, key string) (*oauth2.Token, error) {
	mc.mu.Lock()
	defer mc.mu.Unlock()
	tok, ok := mc.m[key]
	if !ok {
		return nil, nil
	}
	return &tok, nil
}

// Store keeps a copy of tok under key.
func (mc *memoryTokenCache) Store(_ context.Context, key string, tok *oauth2.Token) error {
	mc.mu.Lock()
	defer mc.mu.Unlock()
	if mc.m == nil {
		mc.m = make(map[string]oauth2.Token)
	}
	mc.m[key] = oauth2.Token{AccessToken: tok.AccessToken, TokenType: tok.TokenType, RefreshToken: tok.RefreshToken, Expiry: tok.Expiry}
	return nil
}

// Delete forgets the token kept under key.
func (mc *memoryTokenCache) Delete(_ context.Context, key string) error {
	mc.mu.Lock()
	defer mc.mu.Unlock()
	delete(mc.m, key)
	return nil
}

// FileTokenCache is a TokenCache in one JSON file that only its owner may
// read or write (mode 0600). Every write goes to a temporary file in the
// same directory, which is then renamed over the cache, so a crash never
// leaves a half-written cache behind. The file is refused, with an error
// naming the problem, when it is a symbolic link or not a regular file, or,
// on Unix, when its mode lets anyone but the owner read or write it; on
// Windows, where file modes do not describe access, the directory's access
// rules protect it. The directory is created (mode 0700) if missing.
//
// A FileTokenCache is safe for concurrent use by one process. Several
// processes may share the file; a write then replaces the whole file, so
// two processes writing at the same moment may undo each other's entry
// (the cost is one more sign-in), but the file is never corrupted.
type FileTokenCache struct {
	path string
	mu   sync.Mutex
}

// NewFileTokenCache returns a FileTokenCache in the file at path, made
// absolute so that a later change of the working directory does not move
// it. It does no I/O beyond resolving the working directory: the file is
// checked on every use.
func NewFileTokenCache(path string) (*FileTokenCache, error) {
	if path == "" {
		return nil, check.Invalid("tokenCache.path", "is required")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("odata: token cache: %w", err)
	}
	return &FileTokenCache{path: abs}, nil
}

// tokenFileVersion is the format version of the cache file.
const tokenFileVersion = 1

// maxTokenFile bounds the cache file: a token record is a few kilobytes.
const maxTokenFile = 4 << 20

// tokenFile is the cache file: a version and the tokens by key.
type tokenFile struct {
	Version int                    `json:"version"`
	Tokens  map[string]tokenRecord `json:"tokens"`
}

// tokenRecord is one cached token.
type tokenRecord struct {
	AccessToken  string    `json:"access_token,omitzero"`
	TokenType    string    `json:"token_type,omitzero"`
	RefreshToken string    `json:"refresh_token,omitzero"`
	Expiry       time.Time `json:"expiry,omitzero"`
}

// Load returns the token stored under key, or nil when there is none or
// the file does not exist yet.
func (fc *FileTokenCache) Load(ctx context.Context, key string) (*oauth2.Token, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	fc.mu.Lock()
	defer fc.mu.Unlock()
	tf, err := fc.read()
	if err != nil {
		return nil, err
	}
	rec, ok := tf.Tokens[key]
	if !ok {
		return nil, nil
	}
	return &oauth2.Token{AccessToken: rec.AccessToken, TokenType: rec.TokenType, RefreshToken: rec.RefreshToken, Expiry: rec.Expiry}, nil
}

// Store saves tok under key and writes the file atomically.
func (fc *FileTokenCache) Store(ctx context.Context, key string, tok *oauth2.Token) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if tok == nil {
		return fmt.Errorf("odata: token cache: nil token")
	}
	fc.mu.Lock()
	defer fc.mu.Unlock()
	tf, err := fc.read()
	if err != nil {
		return err
	}
	tf.Tokens[key] = tokenRecord{AccessToken: tok.AccessToken, TokenType: tok.TokenType, RefreshToken: tok.RefreshToken, Expiry: tok.Expiry}
	return fc.write(tf)
}

// Delete removes the token under key, rewriting the file if it held one.
func (fc *FileTokenCache) Delete(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	fc.mu.Lock()
	defer fc.mu.Unlock()
	tf, err := fc.read()
	if err != nil {
		return err
	}
	if _, ok := tf.Tokens[key]; !ok {
		return nil
	}
	delete(tf.Tokens, key)
	return fc.write(tf)
}

// read loads the file; a missing or empty file is an empty cache. The file
// is checked before it is opened, and the opened file must be the one that
// was checked.
func (fc *FileTokenCache) read() (tokenFile, error) {
	empty := tokenFile{Version: tokenFileVersion, Tokens: map[string]tokenRecord{}}
	info, err := os.Lstat(fc.path)
	if errors.Is(err, fs.ErrNotExist) {
		return empty, nil
	}
	if err != nil {
		return tokenFile{}, fmt.Errorf("odata: token cache: %w", err)
	}
	if err := fc.check(info); err != nil {
		return tokenFile{}, err
	}
	f, err := os.Open(fc.path)
	if err != nil {
		return tokenFile{}, fmt.Errorf("odata: token cache: %w", err)
	}
	defer func() { _ = f.Close() }()
	opened, err := f.Stat()
	if err != nil {
		return tokenFile{}, fmt.Errorf("odata: token cache: %w", err)
	}
	if !os.SameFile(info, opened) {
		return tokenFile{}, fmt.Errorf("odata: token cache %s was replaced while it was being opened; refusing it", fc.path)
	}
	if err := fc.check(opened); err != nil {
		return tokenFile{}, err
	}
	data, err := io.ReadAll(io.LimitReader(f, maxTokenFile+1))
	switch {
	case err != nil:
		return tokenFile{}, fmt.Errorf("odata: token cache: %w", err)
	case len(data) > maxTokenFile:
		return tokenFile{}, fmt.Errorf("odata: token cache %s is larger than %d bytes; it is not a token cache", fc.path, maxTokenFile)
	case len(data) == 0:
		return empty, nil
	}
	var tf tokenFile
	// The decoder's message is left out: it could quote the file's content.
	if json.Unmarshal(data, &tf) != nil {
		return tokenFile{}, fmt.Errorf("odata: token cache %s is not a token cache file; delete it to sign in again", fc.path)
	}
	if tf.Version != tokenFileVersion {
		return tokenFile{}, fmt.Errorf("odata: token cache %s has format version %d, not %d; delete it to sign in again", fc.path, tf.Version, tokenFileVersion)
	}
	if tf.Tokens == nil {
		tf.Tokens = map[string]tokenRecord{}
	}
	return tf, nil
}

// check refuses a cache file that is a symbolic link, not a regular file,
// or (on Unix) open to anyone but its owner.
func (fc *FileTokenCache) check(info fs.FileInfo) error {
	mode := info.Mode()
	switch {
	case mode&fs.ModeSymlink != 0:
		return fmt.Errorf("odata: token cache %s is a symbolic link; refusing to follow it (point the cache at the file itself)", fc.path)
	case !mode.IsRegular():
		return fmt.Errorf("odata: token cache %s is not a regular file", fc.path)
	case runtime.GOOS != "windows" && mode.Perm()&0o077 != 0:
		return fmt.Errorf("odata: token cache %s has mode %04o; it holds credentials, so only its owner may read or write it (chmod 600 the file)", fc.path, mode.Perm())
	}
	return nil
}

// write replaces the file with tf: a temporary file with mode 0600 in the
// same directory, synced, then renamed over the cache.
func (fc *FileTokenCache) write(tf tokenFile) (err error) {
	data, err := json.Marshal(tf, json.Deterministic(true))
	if err != nil {
		return fmt.Errorf("odata: token cache: encode: %w", err)
	}
	dir := filepath.Dir(fc.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("odata: token cache: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(fc.path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("odata: token cache: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		return fmt.Errorf("odata: token cache: %w", err)
	}
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		return fmt.Errorf("odata: token cache: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("odata: token cache: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("odata: token cache: %w", err)
	}
	if err := os.Rename(tmp.Name(), fc.path); err != nil {
		return fmt.Errorf("odata: token cache: %w", err)
	}
	syncDir(dir)
	return nil
}

// syncDir makes a rename in dir durable where the platform allows; a
// failure only weakens durability, never the file's content, so it is
// ignored.
func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}
