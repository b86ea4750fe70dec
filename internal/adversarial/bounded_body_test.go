package adversarial

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
)

const (
	// bombMembers gzip members of one MiB of spaces each make the bomb:
	// 128 MiB decompressed, about 130 KiB on the wire. gzip readers read
	// concatenated members as one stream.
	bombMembers = 128
	// memoryCeiling is the most a bounded read may allocate: far below
	// the 128 MiB the server claims to send.
	memoryCeiling = 32 << 20
	// boundedLimit is the success body limit of the bounded-body client.
	boundedLimit = 2 << 20
)

// gzipMember returns one gzip member of n spaces.
func gzipMember(t testing.TB, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	require.NoError(t, err)
	_, err = zw.Write(bytes.Repeat([]byte(" "), n))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// bombHandler answers status with a JSON-typed gzip bomb: "[" followed by
// 128 MiB of spaces.
func bombHandler(member []byte, status int) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		w.WriteHeader(status)
		for range bombMembers {
			if _, err := w.Write(member); err != nil {
				return
			}
		}
	}
}

// endlessHandler answers status with a body that never ends, until the
// client goes away.
func endlessHandler(status int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		chunk := []byte(`{"value":[` + strings.Repeat(`{"id":"x"},`, 3000))
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}
}

// allocated runs f and returns how many bytes the process allocated
// meanwhile. It is process-wide, which is why the test using it is not
// parallel.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestBoundedBodies serves gzip bombs and endless bodies, on success and
// error statuses, through the real net/http transport (which decompresses),
// and to the history download. Every call fails cleanly, with
// ErrResponseTooLarge for a success body and a bounded *odata.Error for an
// error body, and allocates far less than the body claims.
//
// It does not call t.Parallel: runtime.MemStats counts the allocations of
// the whole process, so the subtests run alone, one after another.
func TestBoundedBodies(t *testing.T) {
	member := gzipMember(t, 1<<20)
	tests := []struct {
		name    string
		handler http.HandlerFunc
		status  int
	}{
		{"gzip bomb on 200", bombHandler(member, http.StatusOK), http.StatusOK},
		{"gzip bomb on 500", bombHandler(member, http.StatusInternalServerError), http.StatusInternalServerError},
		{"endless body on 200", endlessHandler(http.StatusOK), http.StatusOK},
		{"endless body on 400", endlessHandler(http.StatusBadRequest), http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, false, tt.handler)
			tr := &http.Transport{}
			t.Cleanup(tr.CloseIdleConnections)
			c, err := accessreviews.NewClient(
				odata.WithBaseURL(srv.URL),
				odata.WithHTTPClient(&http.Client{Transport: tr}),
				odata.WithRetryPolicy(odata.NoRetries()),
				// io.ReadAll grows its buffer by doubling, so a read up to
				// the limit allocates a few times the limit (about 41 MiB
				// under -race for the default 8 MiB); 2 MiB keeps the
				// ceiling meaningful against the 128 MiB the server sends.
				odata.WithMaxResponseBytes(boundedLimit),
			)
			require.NoError(t, err)
			var callErr error
			n := allocated(func() { _, callErr = c.Definitions.Get(ctx(t), defID) })
			require.Error(t, callErr)
			if tt.status < 300 {
				assert.ErrorIs(t, callErr, odata.ErrResponseTooLarge)
			} else {
				var oe *odata.Error
				require.ErrorAs(t, callErr, &oe)
				assert.Equal(t, tt.status, oe.StatusCode)
				assert.LessOrEqual(t, len(oe.Snippet), odata.DefaultMaxErrorBytes)
				assert.LessOrEqual(t, len(callErr.Error()), 4<<10, "the error message is not bounded")
			}
			assert.Less(t, n, uint64(memoryCeiling), "allocated %d bytes", n)
			require.Equal(t, 1, srv.hits())
			assert.Contains(t, srv.requests()[0].Header.Get("Accept-Encoding"), "gzip", "control: the transport asked for gzip and decompresses")
		})
	}

	downloads := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"history download gzip bomb", bombHandler(member, http.StatusOK)},
		{"history download endless body", endlessHandler(http.StatusOK)},
	}
	for _, tt := range downloads {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, false, tt.handler)
			tr := &http.Transport{}
			t.Cleanup(tr.CloseIdleConnections)
			c := newEnv(t).ar
			var readErr error
			n := allocated(func() {
				body, err := c.History.Download(ctx(t), srv.URL+"/r.csv?sig=x", &accessreviews.HistoryDownloadOptions{
					HTTPClient: &http.Client{Transport: tr}, MaxBytes: 4 << 20,
				})
				if err != nil {
					readErr = err
					return
				}
				_, readErr = io.Copy(io.Discard, body)
				_ = body.Close()
			})
			assert.ErrorIs(t, readErr, odata.ErrResponseTooLarge)
			assert.Less(t, n, uint64(memoryCeiling), "allocated %d bytes", n)
		})
	}
}
