package accessreviewstest

import (
	"net/http"
	"strings"

	"github.com/graphkit/governance/internal/odataserver"
)

// Query parses the request's query options. On a bad option it writes 400
// and returns ok=false.
func (c *call) Query() (odataserver.Query, bool) {
	if c.query != nil {
		return *c.query, true
	}
	q, err := odataserver.ParseQuery(c.r.URL.Query())
	if err != nil {
		c.Error(http.StatusBadRequest, codeBadRequest, err.Error())
		return odataserver.Query{}, false
	}
	c.query = &q
	return q, true
}

// Filter parses the request's $filter; a nil expression (no $filter)
// matches everything. On a bad or unsupported filter it writes 400
// invalidRequest and returns ok=false.
func (c *call) Filter() (*odataserver.Filter, bool) {
	q, ok := c.Query()
	if !ok {
		return nil, false
	}
	if strings.TrimSpace(q.Filter) == "" {
		return nil, true
	}
	f, err := odataserver.ParseFilter(q.Filter)
	if err != nil {
		c.Error(http.StatusBadRequest, codeInvalidRequest, "Invalid filter clause: "+err.Error())
		return nil, false
	}
	return f, true
}

// wantsExpand reports whether the query expands the navigation name.
func wantsExpand(c *call, name string) bool {
	q, _ := c.Query()
	return q.Expands(name)
}
