package odataserver

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
)

// Query is the OData system query options of a request.
type Query struct {
	// Top is $top, or -1 when absent.
	Top int
	// Skip is $skip (0 when absent).
	Skip int
	// Filter is the raw $filter text; ParseFilter reads it.
	Filter string
	// Select lists the $select properties, in order.
	Select []string
	// Expand lists the $expand items as written ("definition",
	// "instance($expand=definition)").
	Expand []string
	// OrderBy lists the $orderby keys.
	OrderBy []OrderKey
	// SkipToken is the opaque $skiptoken of a next link.
	SkipToken string
	// Count is $count=true.
	Count bool
}

// OrderKey is one $orderby key.
type OrderKey struct {
	Path string
	Desc bool
}

// Expands reports whether the query expands the navigation name, alone
// or with nested options ("instance($expand=definition)").
func (q Query) Expands(name string) bool {
	for _, e := range q.Expand {
		if e == name || strings.HasPrefix(e, name+"(") {
			return true
		}
	}
	return false
}

// knownOptions are the system query options Graph knows. Any other "$"
// option is refused, as Graph does.
var knownOptions = map[string]bool{
	"$top": true, "$skip": true, "$filter": true, "$select": true, "$expand": true,
	"$orderby": true, "$skiptoken": true, "$count": true, "$search": true, "$format": true,
}

// ParseQuery reads the system query options from v. The error describes
// the first problem in Graph's words.
func ParseQuery(v url.Values) (Query, error) {
	q := Query{Top: -1}
	for name := range v {
		if strings.HasPrefix(name, "$") && !knownOptions[strings.ToLower(name)] {
			return q, errors.New("Query option '" + name + "' is not allowed.")
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
			return q, errors.New("Invalid value '" + s + "' for query option '$top'.")
		}
		q.Top = n
	}
	if s := get("$skip"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return q, errors.New("Invalid value '" + s + "' for query option '$skip'.")
		}
		q.Skip = n
	}
	if s := get("$count"); s != "" {
		switch strings.ToLower(s) {
		case "true":
			q.Count = true
		case "false":
		default:
			return q, errors.New("Invalid value '" + s + "' for query option '$count'.")
		}
	}
	q.Filter = get("$filter")
	q.SkipToken = get("$skiptoken")
	q.Select = SplitList(get("$select"))
	q.Expand = SplitList(get("$expand"))
	for _, k := range SplitList(get("$orderby")) {
		path, dir, _ := strings.Cut(k, " ")
		dir = strings.ToLower(strings.TrimSpace(dir))
		if path == "" || (dir != "" && dir != "asc" && dir != "desc") {
			return q, errors.New("Invalid $orderby expression '" + k + "'.")
		}
		q.OrderBy = append(q.OrderBy, OrderKey{Path: path, Desc: dir == "desc"})
	}
	return q, nil
}

// SplitList splits a comma-separated option at the commas outside
// parentheses ("a,b($expand=c,d)" gives "a" and "b($expand=c,d)").
func SplitList(s string) []string {
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
