package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews/accessreviewstest"
)

// syncBuffer is a buffer written by run and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// printed returns the value printed after label on a line of out.
func printed(t *testing.T, out, label string) string {
	t.Helper()
	for line := range strings.SplitSeq(out, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), label); ok {
			return strings.TrimSpace(v)
		}
	}
	t.Fatalf("%q not printed in:\n%s", label, out)
	return ""
}

// TestServesUntilStopped starts the command, calls the printed URLs with
// the printed tokens over plain net/http, creates and reads a review as
// the tutorial's administrator, and stops it.
func TestServesUntilStopped(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args  []string
		admin string
	}{
		{nil, accessreviewstest.GuestTutorialAdminID},
		{[]string{"-directory", "self-review"}, accessreviewstest.SelfReviewAdminID},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(t.Context())
			out := &syncBuffer{}
			started := make(chan *accessreviewstest.Server, 1)
			done := make(chan error, 1)
			go func() { done <- run(ctx, tc.args, out, started) }()
			<-started

			text := out.String()
			v1 := printed(t, text, "v1.0:")
			beta := printed(t, text, "beta:")
			app := printed(t, text, "app:")
			assert.True(t, strings.HasPrefix(v1, "http://127.0.0.1:"), v1)
			admin := ""
			lines := strings.Split(text, "\n")
			for i, line := range lines {
				if strings.Contains(line, "user "+tc.admin) && i+1 < len(lines) {
					admin = strings.TrimSpace(lines[i+1])
				}
			}
			require.NotEmpty(t, admin, "the administrator's token is printed")
			assert.Contains(t, text, "Global Administrator")

			do := func(method, url, token, body string) (int, map[string]any) {
				t.Helper()
				var rd io.Reader
				if body != "" {
					rd = strings.NewReader(body)
				}
				req, err := http.NewRequestWithContext(t.Context(), method, url, rd)
				require.NoError(t, err)
				req.Header.Set("Authorization", "Bearer "+token)
				req.Header.Set("Content-Type", "application/json")
				resp, err := http.DefaultClient.Do(req)
				require.NoError(t, err)
				defer resp.Body.Close()
				var m map[string]any
				require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
				return resp.StatusCode, m
			}
			status, me := do(http.MethodGet, v1+"/me", admin, "")
			require.Equal(t, http.StatusOK, status, me)
			assert.Equal(t, tc.admin, me["id"])
			status, created := do(http.MethodPost, beta+"/identityGovernance/accessReviews/definitions", admin,
				`{"displayName":"From any client","scope":{"query":"/users","queryType":"MicrosoftGraph"},"reviewers":[],
				"settings":{"recurrence":{"range":{"type":"noEnd","startDate":"2026-01-05"}}}}`)
			require.Equal(t, http.StatusCreated, status, created)
			status, list := do(http.MethodGet, v1+"/identityGovernance/accessReviews/definitions", app, "")
			require.Equal(t, http.StatusOK, status)
			assert.EqualValues(t, 1, list["@odata.count"])
			status, _ = do(http.MethodGet, v1+"/identityGovernance/accessReviews/definitions", "not-a-token", "")
			assert.Equal(t, http.StatusUnauthorized, status)

			cancel()
			require.NoError(t, <-done)
			assert.Contains(t, out.String(), "stopping")
			req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, v1+"/users", nil)
			require.NoError(t, err)
			_, err = http.DefaultClient.Do(req)
			assert.Error(t, err, "the fake stopped serving")
		})
	}
}

func TestRefusesBadArguments(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"-directory", "nope"}, {"extra"}, {"-unknown"}} {
		err := run(t.Context(), args, io.Discard, nil)
		assert.Error(t, err, args)
	}
}
