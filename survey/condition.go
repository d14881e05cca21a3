package survey

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Condition is a parsed show_if expression. The language is small:
//
//	q3 = 'ja'                      single choice by option value
//	q3 = 2                         single choice by option code
//	q4 >= 4                        Likert, integer, grade: = != < <= > >=
//	role = 'leerkracht-onderzoeker' the respondent's role
//	selected(q5, 'collega')        a multiple choice option is selected
//	answered(q6)                   the item has an answer (not "don't know")
//	not (a) and (b or c)           not, and, or, parentheses
//
// A comparison on an item that has no answer, is hidden, or was answered
// "don't know" is false (so q = 1 and q != 1 are both false). Identifiers
// are item ids or the word role; literals are whole numbers or quoted
// strings ('...' or "...").
type Condition struct {
	src  string
	root node
}

// ParseCondition parses a show_if expression. A *ConditionError says where
// the expression went wrong.
func ParseCondition(src string) (*Condition, error) {
	p := &condParser{src: src}
	if err := p.lex(); err != nil {
		return nil, err
	}
	if len(p.toks) == 1 {
		return nil, &ConditionError{Src: src, Pos: 0, Msg: "the condition is empty"}
	}
	n, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, p.errAt(t, fmt.Sprintf("unexpected %s; join conditions with 'and' or 'or'", t))
	}
	return &Condition{src: src, root: n}, nil
}

// MustParseCondition is ParseCondition for conditions known to be valid,
// such as those written in tests; it panics on an error.
func MustParseCondition(src string) *Condition {
	c, err := ParseCondition(src)
	if err != nil {
		panic(err)
	}
	return c
}

// String returns the condition's source text.
func (c *Condition) String() string { return c.src }

// Refs returns the item ids the condition refers to (not role), in order of
// first appearance.
func (c *Condition) Refs() []string {
	var out []string
	seen := map[string]bool{}
	c.root.walk(func(id string) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	})
	return out
}

// Env is what a condition is evaluated against.
type Env interface {
	// Item returns the definition of an item, or nil.
	Item(id string) *Item
	// Value returns the item's current answer; ok is false when it has
	// none or the item is hidden.
	Value(id string) (v Value, ok bool)
	// Role returns the respondent's role, or "".
	Role() string
}

// Eval evaluates the condition.
func (c *Condition) Eval(env Env) bool { return c.root.eval(env) }

// Check verifies that the condition fits the items it refers to: that every
// item exists, that comparisons fit the item's type and that option values
// and codes exist. item looks up an item by id (nil when there is none).
// Every problem is returned, joined.
func (c *Condition) Check(item func(id string) *Item) error {
	var errs []error
	c.root.check(item, &errs)
	return errors.Join(errs...)
}

// ConditionError reports a syntax error in a condition, with the byte
// offset where it was found. Its message counts characters, not bytes.
type ConditionError struct {
	Src string
	Pos int
	Msg string
}

func (e *ConditionError) Error() string {
	pos := e.Pos
	if pos < 0 || pos > len(e.Src) {
		pos = len(e.Src)
	}
	return fmt.Sprintf("condition %q, at character %d: %s", e.Src, utf8.RuneCountInString(e.Src[:pos])+1, e.Msg)
}

// ---- lexer

type tokKind int

const (
	tEOF tokKind = iota
	tIdent
	tNumber
	tString
	tOp
	tLParen
	tRParen
	tComma
)

type token struct {
	kind tokKind
	text string // identifier, operator, or unquoted string
	num  int
	pos  int
}

func (t token) String() string {
	switch t.kind {
	case tEOF:
		return "end of condition"
	case tString:
		return fmt.Sprintf("'%s'", t.text)
	case tNumber:
		return strconv.Itoa(t.num)
	}
	return fmt.Sprintf("%q", t.text)
}

type condParser struct {
	src  string
	toks []token
	i    int
}

func (p *condParser) errAt(t token, msg string) error {
	return &ConditionError{Src: p.src, Pos: t.pos, Msg: msg}
}

func isIdentStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }
func isIdentPart(r rune) bool  { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

func (p *condParser) lex() error {
	rs := []rune(p.src)
	// byte offsets for positions
	off := make([]int, len(rs)+1)
	b := 0
	for i, r := range rs {
		off[i] = b
		b += len(string(r))
	}
	off[len(rs)] = b
	for i := 0; i < len(rs); {
		r := rs[i]
		start := off[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '(':
			p.toks = append(p.toks, token{kind: tLParen, text: "(", pos: start})
			i++
		case r == ')':
			p.toks = append(p.toks, token{kind: tRParen, text: ")", pos: start})
			i++
		case r == ',':
			p.toks = append(p.toks, token{kind: tComma, text: ",", pos: start})
			i++
		case r == '\'' || r == '"':
			j := i + 1
			for j < len(rs) && rs[j] != r {
				j++
			}
			if j == len(rs) {
				return &ConditionError{Src: p.src, Pos: start, Msg: "this text has no closing quote"}
			}
			p.toks = append(p.toks, token{kind: tString, text: string(rs[i+1 : j]), pos: start})
			i = j + 1
		case unicode.IsDigit(r) || (r == '-' && i+1 < len(rs) && unicode.IsDigit(rs[i+1])):
			j := i + 1
			for j < len(rs) && unicode.IsDigit(rs[j]) {
				j++
			}
			n, err := strconv.Atoi(string(rs[i:j]))
			if err != nil {
				return &ConditionError{Src: p.src, Pos: start, Msg: "this number is too large"}
			}
			decimalComma := j+1 < len(rs) && rs[j] == ',' && unicode.IsDigit(rs[j+1]) // 3,5 in Dutch
			if j < len(rs) && (rs[j] == '.' || decimalComma || isIdentPart(rs[j])) {
				return &ConditionError{Src: p.src, Pos: start, Msg: "numbers in conditions are whole numbers"}
			}
			p.toks = append(p.toks, token{kind: tNumber, num: n, text: string(rs[i:j]), pos: start})
			i = j
		case isIdentStart(r):
			j := i + 1
			for j < len(rs) && isIdentPart(rs[j]) {
				j++
			}
			p.toks = append(p.toks, token{kind: tIdent, text: string(rs[i:j]), pos: start})
			i = j
		case strings.ContainsRune("=!<>", r):
			j := i + 1
			if j < len(rs) && rs[j] == '=' {
				j++
			}
			op := string(rs[i:j])
			if op == "!" {
				return &ConditionError{Src: p.src, Pos: start, Msg: "use != for 'not equal', or the word not"}
			}
			if op == "==" {
				op = "="
			}
			p.toks = append(p.toks, token{kind: tOp, text: op, pos: start})
			i = j
		case r == '&' || r == '|':
			word := "and"
			if r == '|' {
				word = "or"
			}
			return &ConditionError{Src: p.src, Pos: start, Msg: fmt.Sprintf("write the word %s instead of %c", word, r)}
		default:
			return &ConditionError{Src: p.src, Pos: start, Msg: fmt.Sprintf("unexpected character %q", r)}
		}
	}
	p.toks = append(p.toks, token{kind: tEOF, pos: len(p.src)})
	return nil
}

func (p *condParser) peek() token { return p.toks[p.i] }
func (p *condParser) next() token { t := p.toks[p.i]; p.i++; return t }

func (p *condParser) isWord(w string) bool {
	t := p.peek()
	return t.kind == tIdent && strings.EqualFold(t.text, w)
}

// ---- parser

func (p *condParser) parseOr() (node, error) {
	l, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	for p.isWord("or") {
		p.next()
		r, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		l = orNode{l, r}
	}
	return l, nil
}

func (p *condParser) parseAnd() (node, error) {
	l, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	for p.isWord("and") {
		p.next()
		r, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		l = andNode{l, r}
	}
	return l, nil
}

func (p *condParser) parseUnary() (node, error) {
	if p.isWord("not") {
		p.next()
		n, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		return notNode{n}, nil
	}
	return p.parsePrimary()
}

func (p *condParser) expect(kind tokKind, what string) (token, error) {
	t := p.next()
	if t.kind != kind {
		return t, p.errAt(t, fmt.Sprintf("expected %s, found %s", what, t))
	}
	return t, nil
}

func (p *condParser) parsePrimary() (node, error) {
	t := p.next()
	switch t.kind {
	case tLParen:
		n, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if _, err := p.expect(tRParen, "a closing parenthesis"); err != nil {
			return nil, err
		}
		return n, nil
	case tIdent:
		lower := strings.ToLower(t.text)
		if lower == "and" || lower == "or" {
			return nil, p.errAt(t, fmt.Sprintf("%q needs a condition before it", t.text))
		}
		if p.peek().kind == tLParen && (lower == "selected" || lower == "answered") {
			p.next()
			id, err := p.expect(tIdent, "an item id")
			if err != nil {
				return nil, err
			}
			if lower == "answered" {
				if _, err := p.expect(tRParen, "a closing parenthesis"); err != nil {
					return nil, err
				}
				return answeredNode{id: id.text, pos: id.pos}, nil
			}
			if _, err := p.expect(tComma, "a comma and the option to test"); err != nil {
				return nil, err
			}
			lit := p.next()
			if lit.kind != tString && lit.kind != tNumber {
				return nil, p.errAt(lit, fmt.Sprintf("expected an option value such as 'ja', found %s", lit))
			}
			if _, err := p.expect(tRParen, "a closing parenthesis"); err != nil {
				return nil, err
			}
			return selectedNode{id: id.text, pos: id.pos, lit: literalOf(lit)}, nil
		}
		op := p.next()
		if op.kind != tOp {
			return nil, p.errAt(op, fmt.Sprintf("expected a comparison (=, !=, <, <=, >, >=) after %s, found %s", t.text, op))
		}
		lit := p.next()
		if lit.kind != tString && lit.kind != tNumber {
			return nil, p.errAt(lit, fmt.Sprintf("expected a number or a quoted text after %s, found %s", op.text, lit))
		}
		return cmpNode{id: t.text, pos: t.pos, op: op.text, lit: literalOf(lit)}, nil
	case tEOF:
		return nil, p.errAt(t, "the condition ends too early")
	}
	return nil, p.errAt(t, fmt.Sprintf("expected an item id, not or '(', found %s", t))
}

type literal struct {
	isNum bool
	num   int
	str   string
}

func literalOf(t token) literal {
	if t.kind == tNumber {
		return literal{isNum: true, num: t.num}
	}
	return literal{str: t.text}
}

func (l literal) String() string {
	if l.isNum {
		return strconv.Itoa(l.num)
	}
	return "'" + l.str + "'"
}

// ---- AST

// RoleRef is the identifier that refers to the respondent's role.
const RoleRef = "role"

type node interface {
	eval(Env) bool
	walk(func(id string))
	check(item func(string) *Item, errs *[]error)
}

type orNode struct{ l, r node }
type andNode struct{ l, r node }
type notNode struct{ n node }

func (n orNode) eval(e Env) bool  { return n.l.eval(e) || n.r.eval(e) }
func (n andNode) eval(e Env) bool { return n.l.eval(e) && n.r.eval(e) }
func (n notNode) eval(e Env) bool { return !n.n.eval(e) }

func (n orNode) walk(f func(string))  { n.l.walk(f); n.r.walk(f) }
func (n andNode) walk(f func(string)) { n.l.walk(f); n.r.walk(f) }
func (n notNode) walk(f func(string)) { n.n.walk(f) }

func (n orNode) check(i func(string) *Item, e *[]error)  { n.l.check(i, e); n.r.check(i, e) }
func (n andNode) check(i func(string) *Item, e *[]error) { n.l.check(i, e); n.r.check(i, e) }
func (n notNode) check(i func(string) *Item, e *[]error) { n.n.check(i, e) }

type cmpNode struct {
	id  string
	pos int
	op  string
	lit literal
}

func (n cmpNode) walk(f func(string)) {
	if n.id != RoleRef {
		f(n.id)
	}
}

// Compare applies a comparison operator of the condition language (=, !=,
// <, <=, >, >=) to two whole numbers; an unknown operator is false.
func Compare(a int, op string, b int) bool {
	switch op {
	case "=":
		return a == b
	case "!=":
		return a != b
	case "<":
		return a < b
	case "<=":
		return a <= b
	case ">":
		return a > b
	case ">=":
		return a >= b
	}
	return false
}

func compareStrings(a, op, b string) bool {
	switch op {
	case "=":
		return a == b
	case "!=":
		return a != b
	}
	return false
}

func (n cmpNode) eval(e Env) bool {
	if n.id == RoleRef {
		role := e.Role()
		if role == "" || n.lit.isNum {
			return false
		}
		return compareStrings(role, n.op, n.lit.str)
	}
	it := e.Item(n.id)
	v, ok := e.Value(n.id)
	if it == nil || !ok || v.DontKnow {
		return false
	}
	switch it.Type {
	case SingleChoice:
		if n.lit.isNum {
			return Compare(v.Number, n.op, n.lit.num)
		}
		o, ok := it.Option(v.Number)
		return ok && compareStrings(o.Value, n.op, n.lit.str)
	case Likert, Integer, Grade:
		return n.lit.isNum && Compare(v.Number, n.op, n.lit.num)
	case OpenText:
		return !n.lit.isNum && compareStrings(v.Text, n.op, n.lit.str)
	}
	return false
}

func (n cmpNode) check(item func(string) *Item, errs *[]error) {
	if n.id == RoleRef {
		if n.lit.isNum {
			*errs = append(*errs, fmt.Errorf("role is compared with a number; compare it with a role such as 'leerkracht'"))
		}
		if n.op != "=" && n.op != "!=" {
			*errs = append(*errs, fmt.Errorf("role can only be compared with = or !="))
		}
		return
	}
	it := item(n.id)
	if it == nil {
		*errs = append(*errs, fmt.Errorf("the condition refers to %q, which is not an item of this instrument", n.id))
		return
	}
	switch it.Type {
	case SingleChoice:
		if n.lit.isNum {
			if _, ok := it.Option(n.lit.num); !ok {
				*errs = append(*errs, fmt.Errorf("item %s has no option with code %d", it.ID, n.lit.num))
			}
		} else {
			if _, ok := it.OptionByValue(n.lit.str); !ok {
				*errs = append(*errs, fmt.Errorf("item %s has no option %s", it.ID, n.lit))
			}
			if n.op != "=" && n.op != "!=" {
				*errs = append(*errs, fmt.Errorf("option values of item %s can only be compared with = or !=", it.ID))
			}
		}
	case Likert, Integer, Grade:
		if !n.lit.isNum {
			*errs = append(*errs, fmt.Errorf("item %s is a %s item: compare it with a number, not %s", it.ID, it.Type, n.lit))
		}
	case OpenText:
		if n.lit.isNum || (n.op != "=" && n.op != "!=") {
			*errs = append(*errs, fmt.Errorf("item %s is open text: compare it with = or != and a quoted text", it.ID))
		}
	case MultipleChoice:
		*errs = append(*errs, fmt.Errorf("item %s is multiple choice: use selected(%s, 'option') instead of %s", it.ID, it.ID, n.op))
	case Decimal, Date:
		*errs = append(*errs, fmt.Errorf("item %s is a %s item: a condition can only test whether it is answered, as in answered(%s)", it.ID, it.Type, it.ID))
	case Note:
		*errs = append(*errs, fmt.Errorf("item %s is a note and has no answer to compare", it.ID))
	}
}

type selectedNode struct {
	id  string
	pos int
	lit literal
}

func (n selectedNode) walk(f func(string)) { f(n.id) }

func (n selectedNode) eval(e Env) bool {
	it := e.Item(n.id)
	v, ok := e.Value(n.id)
	if it == nil || !ok {
		return false
	}
	if n.lit.isNum {
		return v.Selected(n.lit.num)
	}
	o, ok := it.OptionByValue(n.lit.str)
	return ok && v.Selected(o.Code)
}

func (n selectedNode) check(item func(string) *Item, errs *[]error) {
	it := item(n.id)
	if it == nil {
		*errs = append(*errs, fmt.Errorf("the condition refers to %q, which is not an item of this instrument", n.id))
		return
	}
	if it.Type != MultipleChoice {
		*errs = append(*errs, fmt.Errorf("selected() needs a multiple choice item; %s is %s (compare it with =)", it.ID, it.Type))
		return
	}
	if n.lit.isNum {
		if _, ok := it.Option(n.lit.num); !ok {
			*errs = append(*errs, fmt.Errorf("item %s has no option with code %d", it.ID, n.lit.num))
		}
	} else if _, ok := it.OptionByValue(n.lit.str); !ok {
		*errs = append(*errs, fmt.Errorf("item %s has no option %s", it.ID, n.lit))
	}
}

type answeredNode struct {
	id  string
	pos int
}

func (n answeredNode) walk(f func(string)) { f(n.id) }

func (n answeredNode) eval(e Env) bool {
	v, ok := e.Value(n.id)
	return ok && !v.DontKnow
}

func (n answeredNode) check(item func(string) *Item, errs *[]error) {
	it := item(n.id)
	if it == nil {
		*errs = append(*errs, fmt.Errorf("the condition refers to %q, which is not an item of this instrument", n.id))
	} else if it.Type == Note {
		*errs = append(*errs, fmt.Errorf("item %s is a note and is never answered", it.ID))
	}
}

// ConditionLiteral is a literal of a condition: a whole number or a text.
type ConditionLiteral struct {
	IsNumber bool
	Number   int
	Text     string
}

// ConditionParts says what to make of each part of a condition;
// FoldCondition calls them inner parts first. It lets another package
// translate conditions (xlsform writes them as XLSForm relevant
// expressions) without parsing them a second time.
type ConditionParts[T any] struct {
	Or, And func(l, r T) T
	Not     func(x T) T
	// Compare is "id op literal"; id is RoleRef for the role.
	Compare func(id, op string, lit ConditionLiteral) T
	// Selected is selected(id, literal), Answered answered(id).
	Selected func(id string, lit ConditionLiteral) T
	Answered func(id string) T
}

// FoldCondition builds a T from c with p, inner parts first. A nil or
// empty condition gives the zero T.
func FoldCondition[T any](c *Condition, p ConditionParts[T]) T {
	if c == nil || c.root == nil {
		var zero T
		return zero
	}
	return fold(c.root, p)
}

func fold[T any](n node, p ConditionParts[T]) T {
	lit := func(l literal) ConditionLiteral {
		return ConditionLiteral{IsNumber: l.isNum, Number: l.num, Text: l.str}
	}
	switch n := n.(type) {
	case orNode:
		return p.Or(fold(n.l, p), fold(n.r, p))
	case andNode:
		return p.And(fold(n.l, p), fold(n.r, p))
	case notNode:
		return p.Not(fold(n.n, p))
	case cmpNode:
		return p.Compare(n.id, n.op, lit(n.lit))
	case selectedNode:
		return p.Selected(n.id, lit(n.lit))
	case answeredNode:
		return p.Answered(n.id)
	}
	panic(fmt.Sprintf("survey: condition part %T has no fold", n)) // a part added without a case here
}

// MarshalText returns the condition's source, so instruments serialise
// (JSON, YAML) with their conditions as written.
func (c *Condition) MarshalText() ([]byte, error) { return []byte(c.src), nil }

// UnmarshalText parses a condition's source.
func (c *Condition) UnmarshalText(b []byte) error {
	p, err := ParseCondition(string(b))
	if err != nil {
		return err
	}
	*c = *p
	return nil
}
