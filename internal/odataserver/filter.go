package odataserver

import (
	"encoding/json/jsontext"
	"encoding/json/v2"
	"errors"
	"strconv"
	"strings"
)

// Limits that keep a hostile $filter from costing more than a real one.
const (
	maxFilterLen   = 8 << 10
	maxFilterDepth = 64
)

// Filter is a parsed $filter. It supports what the access review and
// directory collections accept: eq ne gt ge lt le, in, and or not,
// parentheses, contains startswith endswith tolower toupper isof, any/all
// lambdas, string (” escapes), number, boolean, null, GUID, date,
// DateTimeOffset and duration literals, and property paths whose
// namespace-qualified cast segments
// (scope/microsoft.graph.accessReviewQueryScope/query) are skipped.
type Filter struct {
	root fnode
}

// ParseFilter parses a $filter expression. The error describes the first
// problem in terms a caller can act on.
func ParseFilter(src string) (*Filter, error) {
	if len(src) > maxFilterLen {
		return nil, errors.New("the filter is too long")
	}
	toks, err := lexFilter(src)
	if err != nil {
		return nil, err
	}
	p := &fparser{toks: toks}
	root, err := p.parseOr(0)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tokEOF {
		return nil, errors.New("unexpected '" + t.text + "' at position " + strconv.Itoa(t.pos))
	}
	return &Filter{root: root}, nil
}

// Match reports whether v satisfies the filter. v is evaluated in its JSON
// form: a map[string]any or jsontext.Value is used as it is, anything else
// is encoded first, so a handler can pass the very value it returns. A nil
// filter matches everything.
func (f *Filter) Match(v any) bool {
	if f == nil {
		return true
	}
	root := toJSONValue(v)
	b, _ := f.root.eval(&fenv{root: root}).(bool)
	return b
}

// toJSONValue converts v to the generic form encoding/json decodes into.
func toJSONValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if n, ok := normalizeJSON(x); ok {
			return n
		}
	case jsontext.Value:
		return decodeGeneric(x)
	case []byte:
		return decodeGeneric(x)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return decodeGeneric(b)
}

// normalizeJSON converts a map built by hand (with []string, int, …) to
// the generic JSON form without encoding it; ok is false for a value of a
// type it does not know, which the caller then encodes.
func normalizeJSON(v any) (any, bool) {
	switch x := v.(type) {
	case nil, string, bool, float64:
		return x, true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out, true
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			n, ok := normalizeJSON(e)
			if !ok {
				return nil, false
			}
			out[i] = n
		}
		return out, true
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			n, ok := normalizeJSON(e)
			if !ok {
				return nil, false
			}
			out[k] = n
		}
		return out, true
	}
	return nil, false
}

func decodeGeneric(b []byte) any {
	var out any
	if json.Unmarshal(b, &out) != nil {
		return nil
	}
	return out
}

// fenv is the evaluation environment: the document and the lambda
// variables in scope, innermost last.
type fenv struct {
	root any
	vars []fbinding
}

type fbinding struct {
	name  string
	value any
}

func (e *fenv) lookup(name string) (any, bool) {
	for i := len(e.vars) - 1; i >= 0; i-- {
		if e.vars[i].name == name {
			return e.vars[i].value, true
		}
	}
	return nil, false
}

// fparser is a recursive-descent parser over the tokens of one filter.
type fparser struct {
	toks []ftoken
	i    int
	// lambdaVars are the range variables of the enclosing lambdas, so that
	// "c" in "groupTypes/any(c:c eq 'Unified')" parses as a variable.
	lambdaVars []string
}

func (p *fparser) peek() ftoken { return p.toks[p.i] }

func (p *fparser) next() ftoken {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

// keyword reports whether the next token is the word w (case-insensitive),
// consuming it if so.
func (p *fparser) keyword(w string) bool {
	t := p.peek()
	if t.kind == tokIdent && strings.EqualFold(t.text, w) {
		p.i++
		return true
	}
	return false
}

func (p *fparser) expect(kind ftokKind, what string) error {
	t := p.next()
	if t.kind != kind {
		return errors.New("expected " + what + " at position " + strconv.Itoa(t.pos) + ", found " + t.describe())
	}
	return nil
}

func (p *fparser) parseOr(depth int) (fnode, error) {
	if depth > maxFilterDepth {
		return nil, errors.New("the filter is nested too deeply")
	}
	left, err := p.parseAnd(depth)
	if err != nil {
		return nil, err
	}
	for p.keyword("or") {
		right, err := p.parseAnd(depth)
		if err != nil {
			return nil, err
		}
		left = &logicNode{or: true, l: left, r: right}
	}
	return left, nil
}

func (p *fparser) parseAnd(depth int) (fnode, error) {
	left, err := p.parseUnary(depth)
	if err != nil {
		return nil, err
	}
	for p.keyword("and") {
		right, err := p.parseUnary(depth)
		if err != nil {
			return nil, err
		}
		left = &logicNode{l: left, r: right}
	}
	return left, nil
}

func (p *fparser) parseUnary(depth int) (fnode, error) {
	if depth > maxFilterDepth {
		return nil, errors.New("the filter is nested too deeply")
	}
	if p.keyword("not") {
		x, err := p.parseUnary(depth + 1)
		if err != nil {
			return nil, err
		}
		return &notNode{x: x}, nil
	}
	return p.parseComparison(depth)
}

// compareOps are the comparison operators, by their OData names.
var compareOps = map[string]bool{"eq": true, "ne": true, "gt": true, "ge": true, "lt": true, "le": true}

func (p *fparser) parseComparison(depth int) (fnode, error) {
	left, err := p.parseOperand(depth)
	if err != nil {
		return nil, err
	}
	t := p.peek()
	if t.kind == tokIdent {
		op := strings.ToLower(t.text)
		switch {
		case compareOps[op]:
			p.i++
			right, err := p.parseOperand(depth)
			if err != nil {
				return nil, err
			}
			return &compareNode{op: op, l: left, r: right}, nil
		case op == "in":
			p.i++
			list, err := p.parseInList()
			if err != nil {
				return nil, err
			}
			return &inNode{x: left, list: list}, nil
		case op == "add" || op == "sub" || op == "mul" || op == "div" || op == "mod" || op == "has":
			return nil, errors.New("the operator '" + t.text + "' is not supported")
		}
	}
	return left, nil
}

func (p *fparser) parseInList() ([]any, error) {
	if err := p.expect(tokLParen, "'('"); err != nil {
		return nil, err
	}
	var list []any
	for {
		t := p.next()
		if !t.isLiteral() {
			return nil, errors.New("expected a literal in the 'in' list at position " + strconv.Itoa(t.pos) + ", found " + t.describe())
		}
		list = append(list, t.value)
		sep := p.next()
		if sep.kind == tokRParen {
			return list, nil
		}
		if sep.kind != tokComma {
			return nil, errors.New("expected ',' or ')' at position " + strconv.Itoa(sep.pos) + ", found " + sep.describe())
		}
	}
}

// parseOperand parses a literal, a parenthesised expression, a function
// call or a property path (possibly ending in a lambda).
func (p *fparser) parseOperand(depth int) (fnode, error) {
	t := p.next()
	switch {
	case t.isLiteral():
		return &litNode{v: t.value}, nil
	case t.kind == tokLParen:
		x, err := p.parseOr(depth + 1)
		if err != nil {
			return nil, err
		}
		if err := p.expect(tokRParen, "')'"); err != nil {
			return nil, err
		}
		return x, nil
	case t.kind == tokIdent:
		if p.peek().kind == tokLParen && !strings.Contains(t.text, ".") {
			return p.parseCall(t, depth)
		}
		return p.parsePath(t, depth)
	}
	return nil, errors.New("expected an operand at position " + strconv.Itoa(t.pos) + ", found " + t.describe())
}

// filterFuncs are the functions a filter may call, with their arities.
var filterFuncs = map[string][2]int{
	"contains": {2, 2}, "startswith": {2, 2}, "endswith": {2, 2},
	"tolower": {1, 1}, "toupper": {1, 1}, "trim": {1, 1}, "length": {1, 1},
	"isof": {1, 2},
}

func (p *fparser) parseCall(name ftoken, depth int) (fnode, error) {
	fn := strings.ToLower(name.text)
	arity, ok := filterFuncs[fn]
	if !ok {
		return nil, errors.New("the function '" + name.text + "' is not supported")
	}
	p.next() // "("
	var args []fnode
	if p.peek().kind != tokRParen {
		for {
			a, err := p.parseOr(depth + 1)
			if err != nil {
				return nil, err
			}
			args = append(args, a)
			if p.peek().kind != tokComma {
				break
			}
			p.next()
		}
	}
	if err := p.expect(tokRParen, "')'"); err != nil {
		return nil, err
	}
	if len(args) < arity[0] || len(args) > arity[1] {
		return nil, errors.New("the function '" + name.text + "' takes " + strconv.Itoa(arity[0]) + " to " + strconv.Itoa(arity[1]) + " arguments")
	}
	return &callNode{fn: fn, args: args}, nil
}

// parsePath parses a property path from its first segment; a segment "any"
// or "all" followed by "(" makes it a lambda over the path before it.
func (p *fparser) parsePath(first ftoken, depth int) (fnode, error) {
	path := &pathNode{segs: []string{first.text}}
	for _, v := range p.lambdaVars {
		if v == first.text {
			path.variable = true
		}
	}
	for p.peek().kind == tokSlash {
		p.next()
		seg := p.next()
		if seg.kind != tokIdent {
			return nil, errors.New("expected a property name after '/' at position " + strconv.Itoa(seg.pos) + ", found " + seg.describe())
		}
		kind := strings.ToLower(seg.text)
		if (kind == "any" || kind == "all") && p.peek().kind == tokLParen {
			return p.parseLambda(path, kind, depth)
		}
		path.segs = append(path.segs, seg.text)
	}
	return path, nil
}

func (p *fparser) parseLambda(coll *pathNode, kind string, depth int) (fnode, error) {
	p.next() // "("
	node := &lambdaNode{coll: coll, all: kind == "all"}
	if p.peek().kind == tokRParen {
		p.next()
		if node.all {
			return nil, errors.New("all() needs a lambda expression")
		}
		return node, nil
	}
	v := p.next()
	if v.kind != tokIdent || strings.Contains(v.text, ".") {
		return nil, errors.New("expected a lambda variable at position " + strconv.Itoa(v.pos) + ", found " + v.describe())
	}
	if err := p.expect(tokColon, "':'"); err != nil {
		return nil, err
	}
	p.lambdaVars = append(p.lambdaVars, v.text)
	pred, err := p.parseOr(depth + 1)
	p.lambdaVars = p.lambdaVars[:len(p.lambdaVars)-1]
	if err != nil {
		return nil, err
	}
	if err := p.expect(tokRParen, "')'"); err != nil {
		return nil, err
	}
	node.variable, node.pred = v.text, pred
	return node, nil
}

// Equality returns the literal of a "prop eq 'value'" clause that the
// whole filter requires: the filter itself or one of its and-ed terms, at
// any depth, compared on a property named exactly prop. ok is false when no
// such clause constrains every match (it is under an or or a not, or
// absent), or when its literal is not a string.
func (f *Filter) Equality(prop string) (value string, ok bool) {
	if f == nil {
		return "", false
	}
	var walk func(n fnode) (string, bool)
	walk = func(n fnode) (string, bool) {
		switch x := n.(type) {
		case *logicNode:
			if x.or {
				return "", false
			}
			if v, ok := walk(x.l); ok {
				return v, true
			}
			return walk(x.r)
		case *compareNode:
			p, okP := x.l.(*pathNode)
			lit, okL := x.r.(*litNode)
			if x.op != "eq" || !okP || !okL || p.variable || len(p.segs) != 1 || p.segs[0] != prop {
				return "", false
			}
			v, ok := lit.v.(string)
			return v, ok
		}
		return "", false
	}
	return walk(f.root)
}
