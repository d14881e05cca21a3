// The condition syntax tree: its nodes (or, and, not, comparison, selected,
// answered) and how each evaluates, walks its references and checks itself.

package survey

import "fmt"

// ---- AST

// RoleRef is the identifier that refers to the respondent's role.
const RoleRef = "role"

type node interface {
	eval(Env) bool
	walk(func(id string))
	check(c *checkCtx, errs *[]error)
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

func (n orNode) check(c *checkCtx, e *[]error)  { n.l.check(c, e); n.r.check(c, e) }
func (n andNode) check(c *checkCtx, e *[]error) { n.l.check(c, e); n.r.check(c, e) }
func (n notNode) check(c *checkCtx, e *[]error) { n.n.check(c, e) }

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

func (n cmpNode) check(c *checkCtx, errs *[]error) {
	if n.id == RoleRef {
		if n.lit.isNum {
			*errs = append(*errs, fmt.Errorf("role is compared with a number; compare it with a role such as 'leerkracht'"))
		}
		if n.op != "=" && n.op != "!=" {
			*errs = append(*errs, fmt.Errorf("role can only be compared with = or !="))
		}
		return
	}
	it := c.item(n.id)
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
	case Decimal, Date, Time:
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

func (n selectedNode) check(c *checkCtx, errs *[]error) {
	it := c.item(n.id)
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

func (n answeredNode) check(c *checkCtx, errs *[]error) {
	it := c.item(n.id)
	if it == nil {
		*errs = append(*errs, fmt.Errorf("the condition refers to %q, which is not an item of this instrument", n.id))
	} else if it.Type == Note {
		*errs = append(*errs, fmt.Errorf("item %s is a note and is never answered", it.ID))
	}
}
