package survey

import (
	"errors"
	"fmt"
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
// An item's choice filter (Item.ChoiceFilter) is a condition evaluated for
// each of its options, which may also test that option's columns:
//
//	option.state = q1              the column state equals q1's answer
//	option.pastel = 'yes'          the column pastel is the text yes
//	option.value != 'anders'       the option's value
//	selected(q5, option.value)     the option was selected in q5
//
// with = and != only; an option without the column has the empty text
// there.
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
	c.root.check(&checkCtx{item: item}, &errs)
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
	// Option is a test of the option a choice filter is evaluated for:
	// option.attr op ref (ref an item id) or option.attr op lit when ref
	// is "", op being = or !=; or selected(ref, option.attr), op being
	// "selected". Nil gives the zero T.
	Option func(attr, op, ref string, lit ConditionLiteral) T
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
	case optNode:
		if p.Option == nil {
			var zero T
			return zero
		}
		return p.Option(n.attr, n.op, n.ref, lit(n.lit))
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
