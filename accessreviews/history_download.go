package accessreviews

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"iter"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/graphkit/governance/internal/check"
	"github.com/graphkit/governance/internal/version"
	"github.com/graphkit/governance/odata"
)

// DefaultMaxDownloadBytes bounds a downloaded history report (1 GiB) unless
// HistoryDownloadOptions.MaxBytes says otherwise. A report of every decision
// of a large tenant runs to hundreds of megabytes; the bound exists so that
// a misbehaving host cannot stream forever.
const DefaultMaxDownloadBytes = 1 << 30

// historyMaxErrorBytes bounds how much of a storage error body is read.
const historyMaxErrorBytes = 16 << 10

// HistoryDownloadOptions tunes Download and DownloadRows. A nil
// *HistoryDownloadOptions means the defaults.
type HistoryDownloadOptions struct {
	// HTTPClient sends the download request; nil means a client on
	// http.DefaultTransport. It is copied, never modified: the copy follows
	// no redirects and keeps no cookies. Its transport must not add
	// credentials of its own (an oauth2.Transport would send the Graph
	// token to the storage host, which is exactly what Download avoids).
	HTTPClient *http.Client
	// MaxBytes bounds the body, after decompression; 0 means
	// DefaultMaxDownloadBytes. A longer body fails with an error matching
	// odata.ErrResponseTooLarge.
	MaxBytes int64
}

// Download fetches the CSV of a history report run from the DownloadURI that
// GenerateDownloadURI returned, and streams it: the caller reads the body
// and must close it.
//
// The URI points at a storage host and carries its own credential (a
// shared access signature), so the request is sent without the Graph
// transport: never with the Graph token, secret or correlation headers. The URI must be https
// (plain http only for loopback hosts, as tests use) without user info.
// Errors never quote the URI's query. Redirects are not followed.
//
// A non-2xx answer is returned as an *odata.Error (errors.Is works with the
// odata sentinels) carrying the storage service's error code; an expired
// URI (older than 24 hours) gives 403 AuthenticationFailed: generate a new
// one. A body longer than the bound fails while reading, with an error
// matching odata.ErrResponseTooLarge.
//
// GET {downloadUri} (no Graph request).
func (s *HistoryService) Download(ctx context.Context, downloadURI string, opts *HistoryDownloadOptions) (io.ReadCloser, error) {
	const op = "download history report"
	var o HistoryDownloadOptions
	if opts != nil {
		o = *opts
	}
	u, err := downloadCheckURI(downloadURI, o.MaxBytes)
	if err != nil {
		return nil, historyErr(op, err)
	}
	if o.MaxBytes == 0 {
		o.MaxBytes = DefaultMaxDownloadBytes
	}
	where := downloadRedact(u)

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, historyErr(op, fmt.Errorf("%s: %w", where, err))
	}
	req.Header.Set("Accept", "text/csv, */*")
	req.Header.Set("User-Agent", "graphkit-governance/"+version.Version)

	resp, err := downloadHTTPClient(o.HTTPClient).Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) { // its message quotes the whole URL, signature included
			err = ue.Err
		}
		return nil, historyErr(op, fmt.Errorf("GET %s: %w", where, err))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer resp.Body.Close()
		return nil, historyErr(op, downloadStorageError(resp, u))
	}
	if resp.ContentLength > o.MaxBytes {
		resp.Body.Close()
		return nil, historyErr(op, fmt.Errorf("GET %s: body of %d bytes exceeds the limit of %d: %w",
			where, resp.ContentLength, o.MaxBytes, odata.ErrResponseTooLarge))
	}
	return &downloadBody{rc: resp.Body, left: o.MaxBytes, max: o.MaxBytes, where: where}, nil
}

// DownloadRows downloads a history report run like Download and yields its
// CSV records one by one, the header row first, each a fresh slice the
// caller may keep. A byte-order mark at the start of the file is dropped.
// Records may have different numbers of fields.
//
// The iterator is lazy (nothing is sent before the loop starts), sends the
// request again each time it is ranged over, closes the body when the loop
// ends or breaks, and on failure yields one error and stops; the records
// yielded before stay valid.
//
// GET {downloadUri} (no Graph request).
func (s *HistoryService) DownloadRows(ctx context.Context, downloadURI string, opts *HistoryDownloadOptions) iter.Seq2[[]string, error] {
	return func(yield func([]string, error) bool) {
		body, err := s.Download(ctx, downloadURI, opts)
		if err != nil {
			yield(nil, err)
			return
		}
		defer body.Close()
		r := csv.NewReader(downloadSkipBOM(bufio.NewReader(body)))
		r.FieldsPerRecord = -1
		for {
			rec, err := r.Read()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				var pe *csv.ParseError
				if !errors.As(err, &pe) { // read errors are already worded by the body
					yield(nil, err)
					return
				}
				yield(nil, historyErr("read history report", err))
				return
			}
			if !yield(rec, nil) {
				return
			}
		}
	}
}

// downloadCheckURI parses a download URI and refuses one that could leak or
// mislead: not https (except loopback http), no host, or user info, which
// net/http would send as a Basic Authorization header.
func downloadCheckURI(raw string, maxBytes int64) (*url.URL, error) {
	const field = "downloadUri"
	var errs []error
	if maxBytes < 0 {
		errs = append(errs, check.Invalid("maxBytes", "must not be negative, got %d", maxBytes))
	}
	u, err := url.Parse(raw)
	switch {
	case raw == "":
		errs = append(errs, check.Invalid(field, "is required (see GenerateDownloadURI)"))
	case err != nil || !u.IsAbs() || u.Opaque != "" || u.Hostname() == "":
		errs = append(errs, check.Invalid(field, "must be an absolute URL with a host"))
	default:
		scheme := strings.ToLower(u.Scheme)
		if scheme != "https" && !(scheme == "http" && downloadIsLoopback(u.Hostname())) {
			errs = append(errs, check.Invalid(field, "must use https (plain http only for loopback hosts), got %q", check.Truncate(u.Scheme, 16)))
		}
		if u.User != nil {
			errs = append(errs, check.Invalid(field, "must not carry user info"))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

// downloadHTTPClient returns the client a download is sent with: a copy of hc
// (or of a client on the default transport) that follows no redirects and
// keeps no cookies, so nothing but the signed URI reaches the host.
func downloadHTTPClient(hc *http.Client) *http.Client {
	c := &http.Client{Transport: http.DefaultTransport}
	if hc != nil {
		*c = *hc
	}
	c.Jar = nil
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return c
}

// downloadStorageError turns a failed download response into an *odata.Error with
// the storage service's code and message (Azure Storage answers in XML:
// <Error><Code>…</Code><Message>…</Message></Error>) or a bounded snippet.
func downloadStorageError(resp *http.Response, u *url.URL) error {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, historyMaxErrorBytes))
	e := &odata.Error{
		StatusCode: resp.StatusCode,
		Method:     http.MethodGet,
		Path:       u.EscapedPath(),
		RequestID:  resp.Header.Get("X-Ms-Request-Id"),
		Date:       resp.Header.Get("Date"),
		Attempts:   1,
	}
	var x struct {
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	}
	if err := xml.Unmarshal(body, &x); err == nil && x.Code != "" {
		e.Code = check.Truncate(strings.TrimSpace(x.Code), 128)
		e.Message = check.Truncate(strings.TrimSpace(downloadFirstLine(x.Message)), 512)
	} else if len(bytes.TrimSpace(body)) > 0 {
		e.Snippet = check.Truncate(strings.ToValidUTF8(string(body), "?"), 512)
	}
	return fmt.Errorf("GET %s: %w", downloadRedact(u), e)
}

// downloadBody is a download body that fails, rather than truncating
// silently, once it has delivered more than max bytes.
type downloadBody struct {
	rc    io.ReadCloser
	left  int64 // bytes still allowed
	max   int64
	where string
	err   error
}

// Read reads from the body, failing once more than the limit has been read.
func (b *downloadBody) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if b.left <= 0 {
		// Read one more byte to tell "exactly max" from "more than max".
		var one [1]byte
		n, err := b.rc.Read(one[:])
		if n > 0 {
			b.err = historyErr("download history report", fmt.Errorf("GET %s: body exceeds the limit of %d bytes: %w",
				b.where, b.max, odata.ErrResponseTooLarge))
			return 0, b.err
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	if err != nil && !errors.Is(err, io.EOF) {
		err = historyErr("download history report", fmt.Errorf("GET %s: read body: %w", b.where, err))
	}
	return n, err
}

// Close closes the underlying body.
func (b *downloadBody) Close() error { return b.rc.Close() }

// downloadSkipBOM drops a UTF-8 byte-order mark at the start of r, which
// spreadsheet-friendly CSV writers put there and encoding/csv would keep
// in the first header name.
func downloadSkipBOM(r *bufio.Reader) io.Reader {
	if b, err := r.Peek(3); err == nil && string(b) == "\ufeff" {
		_, _ = r.Discard(3)
	}
	return r
}

// downloadRedact names a download URI in messages without its query, which holds
// the signature: scheme, host and path only.
func downloadRedact(u *url.URL) string {
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}).String()
}

// downloadIsLoopback reports whether host is localhost or a loopback address.
func downloadIsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// downloadFirstLine returns s up to its first line break: Azure Storage messages
// append the request ID and time on further lines.
func downloadFirstLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i]
	}
	return s
}
