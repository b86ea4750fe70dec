package odata

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustParseURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	require.NoError(t, err)
	return u
}

func TestCheckNextLink(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, root, current, link string
		version                   APIVersion
		want                      string // "" means refused
	}{
		{"absolute", "https://graph.microsoft.com", "https://graph.microsoft.com/v1.0/a", "https://graph.microsoft.com/v1.0/a?$skiptoken=x", V1,
			"https://graph.microsoft.com/v1.0/a?$skiptoken=x"},
		{"host case", "https://graph.microsoft.com", "https://graph.microsoft.com/v1.0/a", "https://GRAPH.microsoft.com/v1.0/a?$skip=2", V1,
			"https://GRAPH.microsoft.com/v1.0/a?$skip=2"},
		{"explicit default port", "https://graph.microsoft.com", "https://graph.microsoft.com/v1.0/a", "https://graph.microsoft.com:443/v1.0/a", V1,
			"https://graph.microsoft.com:443/v1.0/a"},
		{"relative path", "https://graph.microsoft.com", "https://graph.microsoft.com/v1.0/a/b", "/v1.0/a/b?$skiptoken=x", V1,
			"https://graph.microsoft.com/v1.0/a/b?$skiptoken=x"},
		{"relative query", "https://graph.microsoft.com", "https://graph.microsoft.com/v1.0/a/b", "?$skiptoken=x", V1,
			"https://graph.microsoft.com/v1.0/a/b?$skiptoken=x"},
		{"beta", "https://graph.microsoft.com", "https://graph.microsoft.com/beta/a", "https://graph.microsoft.com/beta/a?$skiptoken=x", Beta,
			"https://graph.microsoft.com/beta/a?$skiptoken=x"},
		{"encoding kept", "https://graph.microsoft.com", "https://graph.microsoft.com/v1.0/a", "https://graph.microsoft.com/v1.0/a?$filter=x%20eq%20'%2B'&$skiptoken=a%3D", V1,
			"https://graph.microsoft.com/v1.0/a?$filter=x%20eq%20'%2B'&$skiptoken=a%3D"},
		{"root with prefix", "https://proxy.example/graph", "https://proxy.example/graph/v1.0/a", "https://proxy.example/graph/v1.0/a?$skiptoken=x", V1,
			"https://proxy.example/graph/v1.0/a?$skiptoken=x"},
		{"loopback http", "http://127.0.0.1:8080", "http://127.0.0.1:8080/v1.0/a", "http://127.0.0.1:8080/v1.0/a?$skiptoken=x", V1,
			"http://127.0.0.1:8080/v1.0/a?$skiptoken=x"},
		{"loopback ipv6", "http://[::1]:8080", "http://[::1]:8080/v1.0/a", "http://[::1]:8080/v1.0/a?x=1", V1, "http://[::1]:8080/v1.0/a?x=1"},

		{"root prefix missing", "https://proxy.example/graph", "https://proxy.example/graph/v1.0/a", "https://proxy.example/v1.0/a", V1, ""},
		{"loopback port change", "http://127.0.0.1:8080", "http://127.0.0.1:8080/v1.0/a", "http://127.0.0.1:8081/v1.0/a", V1, ""},
		{"loopback upgrade", "http://127.0.0.1:8080", "http://127.0.0.1:8080/v1.0/a", "https://127.0.0.1:8080/v1.0/a", V1, ""},
		{"http on non-loopback root", "http://graph.example", "http://graph.example/v1.0/a", "http://graph.example/v1.0/a", V1, ""},
		{"version prefix only", "https://graph.microsoft.com", "https://graph.microsoft.com/v1.0/a", "https://graph.microsoft.com/v1.0", V1, ""},
		{"version lookalike", "https://graph.microsoft.com", "https://graph.microsoft.com/v1.0/a", "https://graph.microsoft.com/v1.00/a", V1, ""},
		{"beta link on v1", "https://graph.microsoft.com", "https://graph.microsoft.com/v1.0/a", "https://graph.microsoft.com/beta/a", V1, ""},
		{"v1 link on beta", "https://graph.microsoft.com", "https://graph.microsoft.com/beta/a", "https://graph.microsoft.com/v1.0/a", Beta, ""},
		{"double encoded dots", "https://graph.microsoft.com", "https://graph.microsoft.com/v1.0/a", "https://graph.microsoft.com/v1.0/%252e%252e/x", V1, ""},
		{"encoded slash dots", "https://graph.microsoft.com", "https://graph.microsoft.com/v1.0/a", "https://graph.microsoft.com/v1.0/a%2f..%2fb", V1, ""},
		{"backslash", "https://graph.microsoft.com", "https://graph.microsoft.com/v1.0/a", `https://graph.microsoft.com/v1.0/a\..\b`, V1, ""},
		{"trailing dot host", "https://graph.microsoft.com", "https://graph.microsoft.com/v1.0/a", "https://graph.microsoft.com./v1.0/a", V1, ""},
		{"opaque", "https://graph.microsoft.com", "https://graph.microsoft.com/v1.0/a", "https:graph.microsoft.com/v1.0/a", V1, ""},
		{"space", "https://graph.microsoft.com", "https://graph.microsoft.com/v1.0/a", "https://graph.microsoft.com/v1.0/a?x=a b", V1, ""},
		{"non-ascii host", "https://graph.microsoft.com", "https://graph.microsoft.com/v1.0/a", "https://grаph.microsoft.com/v1.0/a", V1, ""},
		{"empty", "https://graph.microsoft.com", "https://graph.microsoft.com/v1.0/a", "", V1, ""},
		{"bad escape", "https://graph.microsoft.com", "https://graph.microsoft.com/v1.0/a", "https://graph.microsoft.com/v1.0/%zz", V1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			u, err := checkNextLink(mustParseURL(t, tt.root), mustParseURL(t, tt.current), tt.link, tt.version)
			if tt.want == "" {
				require.Error(t, err)
				assert.ErrorIs(t, err, ErrUntrustedNextLink)
				assert.Nil(t, u)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, u.String())
		})
	}
}

func TestCheckNextLinkErrorNamesHostButNotQuery(t *testing.T) {
	t.Parallel()
	root := mustParseURL(t, "https://graph.microsoft.com")
	_, err := checkNextLink(root, root, "https://evil.example/v1.0/users?$filter=mail%20eq%20'ceo@corp.example'&$skiptoken=tok", V1)
	require.Error(t, err)
	msg := err.Error()
	assert.Contains(t, msg, "evil.example")
	assert.Contains(t, msg, "?…")
	assert.NotContains(t, msg, "ceo")
	assert.NotContains(t, msg, "tok")
}

func TestPagesRefuseUntrustedNextLinks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, link string
	}{
		{"foreign host", "https://evil.example/v1.0/x?$skiptoken=secret"},
		{"suffix host", "https://graph.microsoft.com.evil.example/v1.0/x?$skiptoken=secret"},
		{"userinfo host", "https://graph.microsoft.com@evil.example/v1.0/x?$skiptoken=secret"},
		{"userinfo", "https://user:pass@graph.microsoft.com/v1.0/x?$skiptoken=secret"},
		{"http downgrade", "http://graph.microsoft.com/v1.0/x?$skiptoken=secret"},
		{"port change", "https://graph.microsoft.com:8443/v1.0/x?$skiptoken=secret"},
		{"fragment", "https://graph.microsoft.com/v1.0/x?$skiptoken=secret#frag"},
		{"empty fragment", "https://graph.microsoft.com/v1.0/x?$skiptoken=secret#"},
		{"wrong version", "https://graph.microsoft.com/beta/x?$skiptoken=secret"},
		{"no version", "https://graph.microsoft.com/x?$skiptoken=secret"},
		{"scheme relative", "//evil.example/v1.0/x?$skiptoken=secret"},
		{"dot segments", "https://graph.microsoft.com/v1.0/../evil?$skiptoken=secret"},
		{"encoded dot segments", "https://graph.microsoft.com/v1.0/%2e%2e/%2E%2E/evil?$skiptoken=secret"},
		{"relative escape", "../../beta/x?$skiptoken=secret"},
		{"other scheme", "ftp://graph.microsoft.com/v1.0/x?$skiptoken=secret"},
		{"javascript", "javascript:alert(1)//?$skiptoken=secret"},
		{"too long", "https://graph.microsoft.com/v1.0/x?$skiptoken=secret" + strings.Repeat("a", maxNextLinkLen)},
		{"crlf", "https://graph.microsoft.com/v1.0/x?$skiptoken=secret\r\nHost: evil.example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, g := newPagedGraph(t)
			g.page(pagingFirstURL, []string{"a", "b"}, tt.link, "")

			var got []string
			var errs []error
			for it, err := range All[pageItem](t.Context(), c, pagingRequest()) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				got = append(got, it.ID)
			}
			assert.Equal(t, []string{"a", "b"}, got, "items before the bad link stay valid")
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], ErrUntrustedNextLink)
			assert.NotContains(t, errs[0].Error(), "secret", "the query is redacted")
			assert.Equal(t, []string{pagingFirstURL}, g.urls(), "nothing is sent to the link")

			pages, errs := collectSeq(Pages[pageItem](t.Context(), c, pagingRequest()))
			require.Len(t, pages, 1)
			assert.Empty(t, pages[0].NextLink, "a refused link is not offered for resuming")
			require.Len(t, errs, 1)
		})
	}
}

func FuzzCheckNextLink(f *testing.F) {
	for _, s := range []string{
		"https://graph.microsoft.com/v1.0/a?$skiptoken=x", "/v1.0/a?$skip=2", "?$skiptoken=1",
		"https://evil.example/v1.0/a", "//evil.example/v1.0/a", "https://u@graph.microsoft.com/v1.0/a",
		"http://graph.microsoft.com/v1.0/a", "https://graph.microsoft.com:444/v1.0/a", "https://graph.microsoft.com/v1.0/%2e%2e/a",
		"https://graph.microsoft.com/beta/a", "../beta/a", "https://graph.microsoft.com/v1.0/a#f", "https://[::1]/v1.0/",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	root := mustParseURL(f, "https://graph.microsoft.com")
	current := mustParseURL(f, "https://graph.microsoft.com/v1.0/identityGovernance/accessReviews/definitions?$top=2")
	f.Fuzz(func(t *testing.T, link string, beta bool) {
		version := V1
		if beta {
			version = Beta
		}
		u, err := checkNextLink(root, current, link, version)
		if err != nil {
			if u != nil {
				t.Fatal("url returned with an error")
			}
			return
		}
		switch {
		case u.Scheme != "https":
			t.Fatalf("accepted scheme %q in %q", u.Scheme, link)
		case u.Hostname() != "graph.microsoft.com" && !strings.EqualFold(u.Hostname(), "graph.microsoft.com"):
			t.Fatalf("accepted host %q in %q", u.Host, link)
		case u.Port() != "" && u.Port() != "443":
			t.Fatalf("accepted port %q in %q", u.Port(), link)
		case u.User != nil || u.Fragment != "" || u.Opaque != "":
			t.Fatalf("accepted user, fragment or opaque in %q", link)
		case !strings.HasPrefix(u.Path, "/"+string(version)+"/"):
			t.Fatalf("accepted path %q for %s in %q", u.Path, version, link)
		case hasDotSegment(u.Path) || len(link) > maxNextLinkLen:
			t.Fatalf("accepted %q", link)
		}
		// What is sent must still pass: following the link again from
		// itself is stable.
		again, err := url.Parse(u.String())
		if err != nil || again.Host != u.Host {
			t.Fatalf("re-parsing %q changed it: %v", u, err)
		}
	})
}
