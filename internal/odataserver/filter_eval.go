package odataserver

import (
	"strings"
	"time"
)

// fnode is a node of a parsed filter; eval returns a JSON-like value
// (string, float64, bool, nil, []any, map[string]any).
type fnode interface {
	eval(env *fenv) any
}

type logicNode struct {
	or   bool
	l, r fnode
}

func (n *logicNode) eval(env *fenv) any {
	l := truthy(n.l.eval(env))
	if n.or {
		return l || truthy(n.r.eval(env))
	}
	return l && truthy(n.r.eval(env))
}

type notNode struct{ x fnode }

func (n *notNode) eval(env *fenv) any { return !truthy(n.x.eval(env)) }

type compareNode struct {
	op   string
	l, r fnode
}

func (n *compareNode) eval(env *fenv) any {
	a, b := n.l.eval(env), n.r.eval(env)
	switch n.op {
	case "eq":
		return equalValues(a, b)
	case "ne":
		return !equalValues(a, b)
	}
	c, ok := compareValues(a, b)
	if !ok {
		return false
	}
	switch n.op {
	case "gt":
		return c > 0
	case "ge":
		return c >= 0
	case "lt":
		return c < 0
	}
	return c <= 0 // le
}

type inNode struct {
	x    fnode
	list []any
}

func (n *inNode) eval(env *fenv) any {
	v := n.x.eval(env)
	for _, item := range n.list {
		if equalValues(v, item) {
			return true
		}
	}
	return false
}

type litNode struct{ v any }

func (n *litNode) eval(*fenv) any { return n.v }

// pathNode is a property path. When variable is set its first segment is a
// lambda variable; otherwise the path starts at the document.
type pathNode struct {
	segs     []string
	variable bool
}

func (n *pathNode) eval(env *fenv) any {
	cur, segs := env.root, n.segs
	if n.variable {
		v, ok := env.lookup(segs[0])
		if !ok {
			return nil
		}
		cur, segs = v, segs[1:]
	}
	for _, s := range segs {
		if strings.Contains(s, ".") {
			continue // a type cast such as microsoft.graph.accessReviewQueryScope
		}
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[s]
	}
	return cur
}

// lambdaNode is coll/any(variable:pred) or coll/all(variable:pred); a nil
// pred (any()) asks whether the collection has members.
type lambdaNode struct {
	coll     *pathNode
	all      bool
	variable string
	pred     fnode
}

func (n *lambdaNode) eval(env *fenv) any {
	items, _ := n.coll.eval(env).([]any)
	if n.pred == nil {
		return len(items) > 0
	}
	for _, it := range items {
		env.vars = append(env.vars, fbinding{name: n.variable, value: it})
		ok := truthy(n.pred.eval(env))
		env.vars = env.vars[:len(env.vars)-1]
		if ok != n.all {
			return ok
		}
	}
	return n.all
}

type callNode struct {
	fn   string
	args []fnode
}

func (n *callNode) eval(env *fenv) any {
	vals := make([]any, len(n.args))
	for i, a := range n.args {
		vals[i] = a.eval(env)
	}
	switch n.fn {
	case "contains", "startswith", "endswith":
		s, ok1 := vals[0].(string)
		sub, ok2 := vals[1].(string)
		if !ok1 || !ok2 {
			return false
		}
		s, sub = strings.ToLower(s), strings.ToLower(sub)
		switch n.fn {
		case "contains":
			return strings.Contains(s, sub)
		case "startswith":
			return strings.HasPrefix(s, sub)
		}
		return strings.HasSuffix(s, sub)
	case "tolower", "toupper", "trim":
		s, ok := vals[0].(string)
		if !ok {
			return nil
		}
		switch n.fn {
		case "tolower":
			return strings.ToLower(s)
		case "toupper":
			return strings.ToUpper(s)
		}
		return strings.TrimSpace(s)
	case "length":
		if s, ok := vals[0].(string); ok {
			return float64(len([]rune(s)))
		}
		return nil
	case "isof":
		target, name := env.root, vals[0]
		if len(vals) == 2 {
			target, name = vals[0], vals[1]
		}
		return isOf(target, name)
	}
	return nil
}

// isOf reports whether v's @odata.type names the type name
// ("microsoft.graph.user" matches "#microsoft.graph.user").
func isOf(v, name any) bool {
	m, ok := v.(map[string]any)
	n, ok2 := name.(string)
	if !ok || !ok2 {
		return false
	}
	t, _ := m["@odata.type"].(string)
	return t != "" && strings.EqualFold(strings.TrimPrefix(t, "#"), strings.TrimPrefix(n, "#"))
}

func truthy(v any) bool {
	b, _ := v.(bool)
	return b
}

// equalValues compares like Graph's directory filters: strings without
// regard to case (and timestamps as instants), numbers and booleans
// exactly, null equal only to a missing or null value.
func equalValues(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case string:
		y, ok := b.(string)
		if !ok {
			return false
		}
		if strings.EqualFold(x, y) {
			return true
		}
		tx, okx := parseFilterTime(x)
		ty, oky := parseFilterTime(y)
		return okx && oky && tx.Equal(ty)
	case float64:
		y, ok := b.(float64)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	}
	return false
}

// compareValues orders two numbers, two timestamps or two strings.
func compareValues(a, b any) (int, bool) {
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		if !ok {
			return 0, false
		}
		switch {
		case x < y:
			return -1, true
		case x > y:
			return 1, true
		}
		return 0, true
	case string:
		y, ok := b.(string)
		if !ok {
			return 0, false
		}
		tx, okx := parseFilterTime(x)
		ty, oky := parseFilterTime(y)
		if okx && oky {
			return tx.Compare(ty), true
		}
		return strings.Compare(strings.ToLower(x), strings.ToLower(y)), true
	}
	return 0, false
}

// parseFilterTime reads a DateTimeOffset or a date.
func parseFilterTime(s string) (time.Time, bool) {
	if len(s) < 10 || !isDigit(s[0]) {
		return time.Time{}, false
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, true
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, true
	}
	return time.Time{}, false
}
