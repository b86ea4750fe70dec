package odata

import "strings"

// Cloud is a Microsoft cloud: a Graph host and the Entra ID authority that
// issues tokens for it. Tokens are not interchangeable across clouds, so the
// two always move together: WithCloud picks both, and WithClientCredentials
// asks the authority of the client's cloud for a token scoped to its Graph
// root.
type Cloud string

// The national clouds Microsoft Graph runs in. The zero Cloud is Global.
const (
	// Global is the worldwide cloud: graph.microsoft.com, tokens from
	// login.microsoftonline.com.
	Global Cloud = "global"
	// USGovL4 is the US Government L4 cloud (GCC High): graph.microsoft.us,
	// tokens from login.microsoftonline.us.
	USGovL4 Cloud = "usgovl4"
	// USGovL5DoD is the US Government L5 cloud for the Department of Defense:
	// dod-graph.microsoft.us, tokens from login.microsoftonline.us.
	USGovL5DoD Cloud = "usgovl5dod"
	// China is the cloud operated by 21Vianet:
	// microsoftgraph.chinacloudapi.cn, tokens from login.chinacloudapi.cn.
	China Cloud = "china"
)

// cloudHosts maps each cloud to its Graph and login hosts. It is a function
// rather than a package variable so that nothing global can be mutated.
func cloudHosts(c Cloud) (graph, login string, ok bool) {
	switch c {
	case Global, "":
		return "graph.microsoft.com", "login.microsoftonline.com", true
	case USGovL4:
		return "graph.microsoft.us", "login.microsoftonline.us", true
	case USGovL5DoD:
		return "dod-graph.microsoft.us", "login.microsoftonline.us", true
	case China:
		return "microsoftgraph.chinacloudapi.cn", "login.chinacloudapi.cn", true
	}
	return "", "", false
}

// GraphHost returns the host name of the cloud's Graph endpoint, or "" for
// an unknown cloud.
func (c Cloud) GraphHost() string {
	g, _, _ := cloudHosts(c)
	return g
}

// LoginHost returns the host name of the cloud's Entra ID token authority,
// or "" for an unknown cloud.
func (c Cloud) LoginHost() string {
	_, l, _ := cloudHosts(c)
	return l
}

// GraphRoot returns the https root URL of the cloud's Graph endpoint
// ("https://graph.microsoft.com"), without an API version, or "" for an
// unknown cloud.
func (c Cloud) GraphRoot() string {
	if g := c.GraphHost(); g != "" {
		return "https://" + g
	}
	return ""
}

// Scope returns the OAuth 2.0 scope of an app-only token for the cloud's
// Graph: its root followed by "/.default".
func (c Cloud) Scope() string {
	if r := c.GraphRoot(); r != "" {
		return r + "/.default"
	}
	return ""
}

// String returns the cloud's name; the zero Cloud is "global".
func (c Cloud) String() string {
	if c == "" {
		return string(Global)
	}
	return string(c)
}

// valid reports whether c is one of the known clouds.
func (c Cloud) valid() bool {
	_, _, ok := cloudHosts(c)
	return ok
}

// cloudOfHost returns the cloud whose Graph host is host, if any, so that a
// base URL naming a national Graph host also selects that cloud's authority.
func cloudOfHost(host string) (Cloud, bool) {
	host = strings.ToLower(host)
	for _, c := range []Cloud{Global, USGovL4, USGovL5DoD, China} {
		if c.GraphHost() == host {
			return c, true
		}
	}
	return "", false
}
