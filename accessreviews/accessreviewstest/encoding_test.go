package accessreviewstest

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gzipped compresses s.
func gzipped(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	_, err := zw.Write([]byte(s))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return b.Bytes()
}

// sendEncoded posts body with the given Content-Encoding over plain
// net/http, as the application.
func sendEncoded(t *testing.T, s *Server, path, encoding string, body []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, s.URL+path, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+s.AppToken())
	req.Header.Set("Content-Type", "application/json")
	if encoding != "" {
		req.Header.Set("Content-Encoding", encoding)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, b
}

// TestRequestContentEncoding: the official SDKs send request bodies with
// Content-Encoding gzip by default and fall back to plain bodies after a
// 415.
func TestRequestContentEncoding(t *testing.T) {
	t.Parallel()
	body := `{"displayName":"Compressed","scope":{"query":"/groups/` + fxSec + `/members"},
		"settings":{"recurrence":{"range":{"type":"noEnd","startDate":"2026-01-05"}}}}`
	defs := "/v1.0" + arPrefix + "/definitions"
	tests := []struct {
		name     string
		encoding string
		body     []byte
		status   int
		code     string
	}{
		{"gzip", "gzip", gzipped(t, body), http.StatusCreated, ""},
		{"gzip in upper case", "GZIP", gzipped(t, body), http.StatusCreated, ""},
		{"identity", "identity", []byte(body), http.StatusCreated, ""},
		{"plain", "", []byte(body), http.StatusCreated, ""},
		{"an encoding the service cannot read", "br", []byte(body), http.StatusUnsupportedMediaType, codeUnsupportedMedia},
		{"deflate", "deflate", []byte(body), http.StatusUnsupportedMediaType, codeUnsupportedMedia},
		{"gzip that is not gzip", "gzip", []byte(body), http.StatusBadRequest, codeBadRequest},
		{"gzip cut short", "gzip", gzipped(t, body)[:20], http.StatusBadRequest, codeBadRequest},
		{"gzip too large once decompressed", "gzip", gzipped(t, `{"displayName":"`+strings.Repeat("x", maxRequestBody)+`"}`),
			http.StatusRequestEntityTooLarge, codeTooLarge},
	}
	s := f2Fixture(t)
	t.Run("bodies", func(t *testing.T) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				status, b := sendEncoded(t, s, defs, tt.encoding, tt.body)
				require.Equal(t, tt.status, status, string(b))
				if tt.code != "" {
					assert.Equal(t, tt.code, decodeError(t, b).Error.Code)
				}
			})
		}
	})
	// The request log holds the body as the handlers read it.
	var logged int
	for _, r := range s.Requests() {
		if r.Header.Get("Content-Encoding") == "gzip" && r.Status == http.StatusCreated {
			assert.JSONEq(t, body, string(r.Body))
			logged++
		}
	}
	assert.Equal(t, 1, logged)
}
