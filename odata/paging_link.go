package odata

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// maxNextLinkLen bounds an @odata.nextLink. Graph's links carry the original
// query plus a $skiptoken and stay far below this.
const maxNextLinkLen = 8 << 10

// checkNextLink decides whether link, an @odata.nextLink found on the page
// at current, may be followed by a client rooted at root for the API
// version. It returns the absolute URL to send verbatim, or an error
// matching ErrUntrustedNextLink that names the link's host but never its
// query.
//
// The rules (transport policy c.5): printable ASCII and at most 8 KiB; a
// relative link resolves against current; the scheme equals the root's and
// is https, or http for a loopback root; no user info, no fragment, no
// opaque form; the same host (case-insensitively) and the same effective
// port as the root; a path under the root's path followed by "/<version>/";
// no "." or ".." segment, also when percent-encoded once or more, and no
// backslash.
func checkNextLink(root, current *url.URL, link string, version APIVersion) (*url.URL, error) {
	fail := func(u *url.URL, reason string) error {
		return fmt.Errorf("odata: refusing next link to %s: %s: %w", redactLink(u), reason, ErrUntrustedNextLink)
	}
	ref, parseErr := url.Parse(link)
	if parseErr != nil {
		ref = nil // the message then names no host
	}
	switch {
	case link == "":
		return nil, fail(nil, "empty link")
	case len(link) > maxNextLinkLen:
		return nil, fail(ref, "longer than 8 KiB")
	case strings.IndexFunc(link, func(r rune) bool { return r <= ' ' || r >= 0x7f }) >= 0:
		return nil, fail(ref, "holds a space, control or non-ASCII character")
	case strings.ContainsRune(link, '#'):
		return nil, fail(ref, "has a fragment")
	case strings.ContainsRune(link, '\\'):
		return nil, fail(ref, "holds a backslash")
	case parseErr != nil:
		return nil, fail(nil, "does not parse as a URL")
	case hasDotSegment(ref.Path):
		return nil, fail(ref, "has a dot segment")
	}
	u := ref
	if !ref.IsAbs() {
		u = current.ResolveReference(ref)
	}
	prefix := strings.TrimSuffix(root.Path, "/") + "/" + string(version) + "/"
	switch {
	case u.Opaque != "":
		return nil, fail(u, "is not a hierarchical URL")
	case u.User != nil:
		return nil, fail(u, "has user info")
	case u.Scheme != root.Scheme:
		return nil, fail(u, "scheme "+u.Scheme+" differs from the client's "+root.Scheme)
	case u.Scheme != "https" && !(u.Scheme == "http" && nextLinkLoopback(root.Hostname())):
		return nil, fail(u, "is not https")
	case !strings.EqualFold(u.Hostname(), root.Hostname()):
		return nil, fail(u, "host differs from the client's "+root.Hostname())
	case nextLinkPort(u) != nextLinkPort(root):
		return nil, fail(u, "port differs from the client's")
	case !strings.HasPrefix(u.Path, prefix):
		return nil, fail(u, "path is not under "+prefix)
	case hasDotSegment(u.Path):
		return nil, fail(u, "has a dot segment")
	}
	return u, nil
}

// hasDotSegment reports whether path has a "." or ".." segment, as written
// or after up to three rounds of percent-decoding ("%2e%2e", "%252e%252e"),
// with "\" counted as a separator as some servers do.
func hasDotSegment(path string) bool {
	for range 4 {
		for seg := range strings.FieldsFuncSeq(path, func(r rune) bool { return r == '/' || r == '\\' }) {
			if seg == "." || seg == ".." {
				return true
			}
		}
		dec, err := url.PathUnescape(path)
		if err != nil || dec == path {
			return false
		}
		path = dec
	}
	return true // still encoded after four rounds: refuse
}

// nextLinkPort returns u's port, or the default port of its scheme.
func nextLinkPort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch u.Scheme {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}

// nextLinkLoopback reports whether host is a loopback name or address, the
// only hosts a next link may reach over plain http (the fake service).
func nextLinkLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// redactLink describes u for an error message: scheme, host and a bounded
// path, with any query replaced by "?…" because query values may carry
// filters on personal data or tokens.
func redactLink(u *url.URL) string {
	if u == nil {
		return "an unparseable URL"
	}
	var b strings.Builder
	if u.Scheme != "" {
		b.WriteString(u.Scheme)
		b.WriteString("://")
	}
	b.WriteString(u.Host)
	b.WriteString(clipText(u.EscapedPath(), 128))
	if u.RawQuery != "" || u.ForceQuery {
		b.WriteString("?…")
	}
	return printableText(b.String(), 512)
}
