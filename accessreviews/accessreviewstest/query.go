package accessreviewstest

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// odataQuery is the OData system query options of a request.
type odataQuery struct {
	// Top is $top, or -1 when absent.
	Top int
	// Skip is $skip (0 when absent).
	Skip int
	// Filter is the raw $filter text; use call.Filter to parse it.
	Filter string
	// Select lists the $select properties, in order.
	Select []string
	// Expand lists the $expand items as written ("definition",
	// "instance($expand=definition)").
	Expand []string
	// OrderBy lists the $orderby keys.
	OrderBy []orderKey
	// SkipToken is the opaque $skiptoken of a next link.
	SkipToken string
	// Count is $count=true.
	Count bool
}

// orderKey is one $orderby key.
type orderKey struct {
	Path string
	Desc bool
}

// knownOptions are the system query options the fake accepts. Any other
// "$" option is refused with 400, as Graph does.
var knownOptions = map[string]bool{
	"$top": true, "$skip": true, "$filter": true, "$select": true, "$expand": true,
	"$orderby": true, "$skiptoken": true, "$count": true, "$search": true, "$format": true,
}

// Query parses the request's query options. On a bad option it writes 400
// and returns ok=false.
func (c *call) Query() (odataQuery, bool) {
	if c.query != nil {
		return *c.query, true
	}
	q, msg := parseQuery(c.r.URL.Query())
	if msg != "" {
		c.Error(http.StatusBadRequest, codeBadRequest, msg)
		return odataQuery{}, false
	}
	c.query = &q
	return q, true
}

// Filter parses the request's $filter; a nil expression (no $filter)
// matches everything. On a bad or unsupported filter it writes 400
// invalidRequest and returns ok=false.
func (c *call) Filter() (*filterExpr, bool) {
	q, ok := c.Query()
	if !ok {
		return nil, false
	}
	if strings.TrimSpace(q.Filter) == "" {
		return nil, true
	}
	f, err := parseFilter(q.Filter)
	if err != nil {
		c.Error(http.StatusBadRequest, codeInvalidRequest, "Invalid filter clause: "+err.Error())
		return nil, false
	}
	return f, true
}

// parseQuery reads the system query options from v; msg describes the first
// problem, "" when there is none.
func parseQuery(v url.Values) (q odataQuery, msg string) {
	q.Top = -1
	for name := range v {
		if strings.HasPrefix(name, "$") && !knownOptions[strings.ToLower(name)] {
			return q, "Query option '" + name + "' is not allowed."
		}
	}
	get := func(name string) string {
		for k, vals := range v {
			if strings.EqualFold(k, name) && len(vals) > 0 {
				return vals[0]
			}
		}
		return ""
	}
	if s := get("$top"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return q, "Invalid value '" + s + "' for query option '$top'."
		}
		q.Top = n
	}
	if s := get("$skip"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return q, "Invalid value '" + s + "' for query option '$skip'."
		}
		q.Skip = n
	}
	if s := get("$count"); s != "" {
		switch strings.ToLower(s) {
		case "true":
			q.Count = true
		case "false":
		default:
			return q, "Invalid value '" + s + "' for query option '$count'."
		}
	}
	q.Filter = get("$filter")
	q.SkipToken = get("$skiptoken")
	q.Select = splitList(get("$select"))
	q.Expand = splitList(get("$expand"))
	for _, k := range splitList(get("$orderby")) {
		path, dir, _ := strings.Cut(k, " ")
		dir = strings.ToLower(strings.TrimSpace(dir))
		if path == "" || (dir != "" && dir != "asc" && dir != "desc") {
			return q, "Invalid $orderby expression '" + k + "'."
		}
		q.OrderBy = append(q.OrderBy, orderKey{Path: path, Desc: dir == "desc"})
	}
	return q, ""
}

// splitList splits a comma-separated option at the commas outside
// parentheses ("a,b($expand=c,d)" gives "a" and "b($expand=c,d)").
func splitList(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) {
			switch s[i] {
			case '(':
				depth++
				continue
			case ')':
				depth--
				continue
			case ',':
				if depth > 0 {
					continue
				}
			default:
				continue
			}
		}
		if item := strings.TrimSpace(s[start:i]); item != "" {
			out = append(out, item)
		}
		start = i + 1
	}
	return out
}
