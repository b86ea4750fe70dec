package accessreviews

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/odata"
)

// historyCSV is a small report: a byte-order mark, quoted fields holding a
// comma, a quote and a line break, and a short last row.
const historyCSV = "\ufeffReviewId,ReviewName,Principal,Decision,Justification\r\n" +
	"61a617dd,\"Guests, quarterly\",alice@contoso.com,Approve,\"said \"\"yes\"\"\"\r\n" +
	"61a617dd,\"Guests, quarterly\",bob@fabrikam.com,Deny,\"left the\r\nproject\"\r\n" +
	"61a617dd,Short row\r\n"

// historySecret is the signature of the test download URIs; no error
// message may quote it.
const historySecret = "SECRETsig"

// historyStorage is the storage host of the test download URIs.
var historyStorage = regexp.MustCompile(`^https://storage\.example/`)

// historyStorageClient registers respond for every GET to the storage host
// on mt, the test client's transport, and returns the options that send
// downloads through it. Graph and storage are then two hosts of one mock:
// a request to Graph the test did not expect fails it.
func historyStorageClient(mt *httpmock.MockTransport, respond httpmock.Responder, maxBytes int64) *HistoryDownloadOptions {
	mt.RegisterRegexpResponder(http.MethodGet, historyStorage, respond)
	return &HistoryDownloadOptions{HTTPClient: &http.Client{Transport: mt}, MaxBytes: maxBytes}
}

// historyClosingBody records whether it was closed.
type historyClosingBody struct {
	io.Reader
	closed atomic.Bool
}

func (b *historyClosingBody) Close() error { b.closed.Store(true); return nil }

func historyResponse(req *http.Request, status int, body string, length int64) *http.Response {
	return &http.Response{
		StatusCode: status, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body)),
		ContentLength: length, Request: req,
	}
}

func TestHistoryDownloadNeverSendsGraphCredentials(t *testing.T) {
	t.Parallel()
	var (
		mu   sync.Mutex
		seen []*http.Request
	)
	c, mt := newTestClient(t)
	storage := historyStorageClient(mt, func(req *http.Request) (*http.Response, error) {
		mu.Lock()
		seen = append(seen, req.Clone(context.Background()))
		mu.Unlock()
		resp := historyResponse(req, http.StatusOK, historyCSV, int64(len(historyCSV)))
		resp.Header.Set("Content-Type", "text/csv")
		return resp, nil
	}, 0)
	uri := "https://storage.example/df-erm-reports/Last quarter's reviews.csv?sv=2020-04-08&sr=b&sp=r&sig=" + historySecret + "%2Fx%3D"
	mt.RegisterResponder(http.MethodPost, historyTestInstsURL+"/"+string(historyTestInstID)+"/generateDownloadUri",
		func(req *http.Request) (*http.Response, error) {
			assert.Equal(t, "Bearer test-token", req.Header.Get("Authorization"), "Graph itself gets the token")
			return historyJSON(http.StatusOK, []byte(`{"id":"`+string(historyTestInstID)+`","status":"done","downloadUri":"`+uri+`"}`)), nil
		})

	inst, err := c.History.GenerateDownloadURI(t.Context(), historyTestDefID, historyTestInstID)
	require.NoError(t, err)
	body, err := c.History.Download(t.Context(), inst.DownloadURI, storage)
	require.NoError(t, err)
	got, err := io.ReadAll(body)
	require.NoError(t, err)
	require.NoError(t, body.Close())
	assert.Equal(t, historyCSV, string(got))

	var rows [][]string
	for row, err := range c.History.DownloadRows(t.Context(), inst.DownloadURI, storage) {
		require.NoError(t, err)
		rows = append(rows, row)
	}
	assert.Len(t, rows, 4)

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, seen, 2)
	for _, r := range seen {
		assert.Empty(t, r.Header.Get("Authorization"))
		assert.Empty(t, r.Header.Get("Cookie"))
		assert.Empty(t, r.Header.Get("Client-Request-Id"))
		for name, vals := range r.Header {
			for _, v := range vals {
				assert.NotContains(t, v, "test-token", "header %s", name)
			}
		}
		assert.Equal(t, "/df-erm-reports/Last quarter's reviews.csv", r.URL.Path)
		assert.Equal(t, "sv=2020-04-08&sr=b&sp=r&sig="+historySecret+"%2Fx%3D", r.URL.RawQuery, "the signature is sent as issued")
		assert.Contains(t, r.Header.Get("User-Agent"), "graphkit-governance/")
	}
}

func TestHistoryDownloadLoopbackHTTP(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder(http.MethodGet, "http://127.0.0.1:8080/r.csv", func(req *http.Request) (*http.Response, error) {
		assert.Empty(t, req.Header.Get("Authorization"))
		return historyResponse(req, http.StatusOK, "a,b\r\n1,2\r\n", -1), nil
	})
	var rows [][]string
	for row, err := range c.History.DownloadRows(t.Context(), "http://127.0.0.1:8080/r.csv?sig=x",
		&HistoryDownloadOptions{HTTPClient: &http.Client{Transport: mt}}) {
		require.NoError(t, err)
		rows = append(rows, row)
	}
	assert.Equal(t, [][]string{{"a", "b"}, {"1", "2"}}, rows)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestHistoryDownloadRows(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var bodies []*historyClosingBody
	opts := historyStorageClient(mt, func(req *http.Request) (*http.Response, error) {
		b := &historyClosingBody{Reader: strings.NewReader(historyCSV)}
		bodies = append(bodies, b)
		resp := historyResponse(req, http.StatusOK, "", -1)
		resp.Body = b
		return resp, nil
	}, 0)
	rows := c.History.DownloadRows(t.Context(), "https://storage.example/r.csv?sig="+historySecret, opts)
	assert.Zero(t, mt.GetTotalCallCount(), "the iterator is lazy")

	var got [][]string
	for row, err := range rows {
		require.NoError(t, err)
		got = append(got, row)
	}
	assert.Equal(t, [][]string{
		{"ReviewId", "ReviewName", "Principal", "Decision", "Justification"},
		{"61a617dd", "Guests, quarterly", "alice@contoso.com", "Approve", `said "yes"`},
		{"61a617dd", "Guests, quarterly", "bob@fabrikam.com", "Deny", "left the\nproject"},
		{"61a617dd", "Short row"},
	}, got)

	// Breaking out of the loop closes the body; ranging again downloads again.
	for range rows {
		break
	}
	require.Len(t, bodies, 2)
	assert.True(t, bodies[0].closed.Load())
	assert.True(t, bodies[1].closed.Load())
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

func TestHistoryDownloadInvalidURI(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		uri   string
		max   int64
		field string
	}{
		{"empty", "", 0, "downloadUri"},
		{"relative", "/reports/r.csv", 0, "downloadUri"},
		{"not a URL", "https://[::1", 0, "downloadUri"},
		{"no host", "https:///r.csv", 0, "downloadUri"},
		{"ftp", "ftp://storage.example/r.csv", 0, "downloadUri"},
		{"plain http to a remote host", "http://storage.example/r.csv?sig=x", 0, "downloadUri"},
		{"user info", "https://me:pw@storage.example/r.csv", 0, "downloadUri"},
		{"negative bound", "https://storage.example/r.csv", -1, "maxBytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			opts := historyStorageClient(mt, func(req *http.Request) (*http.Response, error) {
				return historyResponse(req, http.StatusOK, "x", 1), nil
			}, tt.max)
			body, err := c.History.Download(t.Context(), tt.uri, opts)
			assert.Nil(t, body)
			historyAssertFieldErrors(t, err, tt.field)
			var n int
			for _, err := range c.History.DownloadRows(t.Context(), tt.uri, opts) {
				n++
				historyAssertFieldErrors(t, err, tt.field)
			}
			assert.Equal(t, 1, n)
			assert.Zero(t, mt.GetTotalCallCount())
		})
	}
}

func TestHistoryDownloadAcceptsLoopbackHTTP(t *testing.T) {
	t.Parallel()
	for _, uri := range []string{"http://localhost:8080/r.csv", "http://127.0.0.1/r.csv", "http://[::1]:9000/r.csv", "HTTPS://Storage.Example/r.csv#frag"} {
		u, err := downloadCheckURI(uri, 0)
		require.NoError(t, err, uri)
		assert.Empty(t, u.Fragment)
	}
}

func TestHistoryDownloadErrors(t *testing.T) {
	t.Parallel()
	const azureXML = `<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code>` +
		"<Message>Server failed to authenticate the request.\nRequestId:abc\nTime:2022-01-22T00:00:00Z</Message></Error>"
	tests := []struct {
		name     string
		respond  func(req *http.Request) (*http.Response, error)
		ctx      func(context.Context) context.Context
		max      int64
		sentinel error
		check    func(t *testing.T, err error)
	}{
		{
			name: "expired signature",
			respond: func(req *http.Request) (*http.Response, error) {
				resp := historyResponse(req, http.StatusForbidden, azureXML, int64(len(azureXML)))
				resp.Header.Set("x-ms-request-id", "blob-req-1")
				return resp, nil
			},
			sentinel: odata.ErrForbidden,
			check: func(t *testing.T, err error) {
				var ge *odata.Error
				require.ErrorAs(t, err, &ge)
				assert.Equal(t, "AuthenticationFailed", ge.Code)
				assert.Equal(t, "Server failed to authenticate the request.", ge.Message)
				assert.Equal(t, "blob-req-1", ge.RequestID)
				assert.Equal(t, "/reports/r.csv", ge.Path)
			},
		},
		{
			name: "not found, with an HTML page",
			respond: func(req *http.Request) (*http.Response, error) {
				return historyResponse(req, http.StatusNotFound, "<html>gone</html>", -1), nil
			},
			sentinel: odata.ErrNotFound,
			check: func(t *testing.T, err error) {
				var ge *odata.Error
				require.ErrorAs(t, err, &ge)
				assert.Equal(t, "<html>gone</html>", ge.Snippet)
			},
		},
		{
			name: "redirect",
			respond: func(req *http.Request) (*http.Response, error) {
				resp := historyResponse(req, http.StatusFound, "", 0)
				resp.Header.Set("Location", "https://elsewhere.example/r.csv")
				return resp, nil
			},
			sentinel: odata.ErrUnexpectedRedirect,
		},
		{
			name: "connection failure",
			respond: func(*http.Request) (*http.Response, error) {
				return nil, errors.New("connection reset by peer")
			},
			check: func(t *testing.T, err error) {
				assert.ErrorContains(t, err, "connection reset by peer")
				assert.ErrorContains(t, err, "GET https://storage.example/reports/r.csv:")
			},
		},
		{
			name: "cancelled",
			respond: func(req *http.Request) (*http.Response, error) {
				return nil, req.Context().Err()
			},
			ctx: func(ctx context.Context) context.Context {
				ctx, cancel := context.WithCancel(ctx)
				cancel()
				return ctx
			},
			sentinel: context.Canceled,
		},
		{
			name: "declared length over the bound",
			respond: func(req *http.Request) (*http.Response, error) {
				return historyResponse(req, http.StatusOK, "0123456789", 10), nil
			},
			max:      9,
			sentinel: odata.ErrResponseTooLarge,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			opts := historyStorageClient(mt, tt.respond, tt.max)
			ctx := t.Context()
			if tt.ctx != nil {
				ctx = tt.ctx(ctx)
			}
			body, err := c.History.Download(ctx, "https://storage.example/reports/r.csv?sig="+historySecret, opts)
			assert.Nil(t, body)
			require.Error(t, err)
			assert.Equal(t, 1, mt.GetTotalCallCount(), "one request, no redirect followed")
			assert.NotContains(t, err.Error(), historySecret)
			assert.Contains(t, err.Error(), "accessreviews: download history report: ")
			if tt.sentinel != nil {
				assert.ErrorIs(t, err, tt.sentinel)
			}
			if tt.check != nil {
				tt.check(t, err)
			}
		})
	}
}

func TestHistoryDownloadBound(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    string
		max     int64
		tooLong bool
	}{
		{"exactly the bound", "0123456789", 10, false},
		{"one byte over", "0123456789A", 10, true},
		{"far over", strings.Repeat("x", 100_000), 1000, true},
		{"default bound", "small", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			opts := historyStorageClient(mt, func(req *http.Request) (*http.Response, error) {
				return historyResponse(req, http.StatusOK, tt.body, -1), nil // streamed: no length
			}, tt.max)
			body, err := c.History.Download(t.Context(), "https://storage.example/r.csv?sig="+historySecret, opts)
			require.NoError(t, err)
			defer body.Close()
			got, err := io.ReadAll(body)
			if !tt.tooLong {
				require.NoError(t, err)
				assert.Equal(t, tt.body, string(got))
				return
			}
			assert.ErrorIs(t, err, odata.ErrResponseTooLarge)
			assert.NotContains(t, err.Error(), historySecret)
			assert.Len(t, got, int(tt.max), "nothing past the bound is delivered")
			_, err = body.Read(make([]byte, 1))
			assert.ErrorIs(t, err, odata.ErrResponseTooLarge, "the failure sticks")
		})
	}
}

func TestHistoryDownloadRowsErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		body  string
		max   int64
		check func(t *testing.T, err error)
	}{
		{"malformed CSV", "a,b\r\n\"unterminated,c\r\n", 0, func(t *testing.T, err error) {
			var pe *csv.ParseError
			assert.ErrorAs(t, err, &pe)
			assert.ErrorContains(t, err, "accessreviews: read history report: ")
		}},
		{"body over the bound", "a,b\r\n" + strings.Repeat("x", 5000), 100, func(t *testing.T, err error) {
			assert.ErrorIs(t, err, odata.ErrResponseTooLarge)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			opts := historyStorageClient(mt, func(req *http.Request) (*http.Response, error) {
				return historyResponse(req, http.StatusOK, tt.body, -1), nil
			}, tt.max)
			var rows, errs int
			for row, err := range c.History.DownloadRows(t.Context(), "https://storage.example/r.csv", opts) {
				if err != nil {
					errs++
					assert.Nil(t, row)
					tt.check(t, err)
					continue
				}
				rows++
			}
			assert.Equal(t, 1, rows, "the rows before the failure are delivered")
			assert.Equal(t, 1, errs)
		})
	}
}
