// Choice filters: the part of the condition language that tests the
// option being offered (option.value, option.cf), how a filter evaluates
// for each option of an item, and how it is checked.

package survey

import (
	"errors"
	"fmt"
	"strconv"
)

// optNode tests a column of the option a choice filter is evaluated for:
// option.attr = ref (an item's answer), option.attr = 'literal', or
// selected(ref, option.attr) (op is then "selected").
type optNode struct {
	attr string
	pos  int
	op   string // =, != or selected
	ref  string // an item id, or "" when lit is compared
	lit  literal
}

// optionEnv is the Env of a choice filter: it knows the option tested.
type optionEnv interface {
	Env
	filterOption() *Option
}

// filterEnv evaluates a choice filter for one option.
type filterEnv struct {
	Env
	opt *Option
}

func (e filterEnv) filterOption() *Option { return e.opt }

// Column returns the option's value for a column of the choices: "value"
// is the option's value, any other name one of its Attrs ("" when the
// option has no such attribute).
func (o Option) Column(name string) string {
	if name == "value" {
		return o.Value
	}
	return o.Attrs[name]
}

// answerText is the answer to the item id as a choice filter compares
// it: a choice's value, a number's digits, a text. ok is false when there
// is no answer (or "don't know", or an answer that is not one value).
func answerText(e Env, id string) (string, bool) {
	it := e.Item(id)
	v, ok := e.Value(id)
	if it == nil || !ok || v.DontKnow {
		return "", false
	}
	switch it.Type {
	case SingleChoice:
		o, ok := it.Option(v.Number)
		return o.Value, ok
	case Likert, Integer, Grade:
		return strconv.Itoa(v.Number), true
	case OpenText, Decimal, Date:
		return v.Text, true
	}
	return "", false
}

func (n optNode) walk(f func(string)) {
	if n.ref != "" {
		f(n.ref)
	}
}

func (n optNode) eval(e Env) bool {
	oe, ok := e.(optionEnv)
	if !ok {
		return false // not in a choice filter: Check refuses this
	}
	col := oe.filterOption().Column(n.attr)
	if n.op == "selected" {
		it := e.Item(n.ref)
		v, ok := e.Value(n.ref)
		if it == nil || !ok {
			return false
		}
		o, ok := it.OptionByValue(col)
		if !ok {
			return false
		}
		if it.Type == MultipleChoice {
			return v.Selected(o.Code)
		}
		return !v.DontKnow && v.Number == o.Code
	}
	if n.ref == "" {
		return compareStrings(col, n.op, n.lit.text())
	}
	ans, ok := answerText(e, n.ref)
	return ok && compareStrings(col, n.op, ans)
}

func (n optNode) check(c *checkCtx, errs *[]error) {
	name := OptionRef + "." + n.attr
	if c.filtered == nil {
		*errs = append(*errs, fmt.Errorf("%s can only be used in a choice filter, not in show_if", name))
		return
	}
	if n.attr != "value" && !hasColumn(c.filtered, n.attr) {
		*errs = append(*errs, fmt.Errorf("no option of item %s has a value in the column %s; give its options one, or correct the filter", c.filtered.ID, n.attr))
	}
	if n.ref == "" {
		return
	}
	it := c.item(n.ref)
	if it == nil {
		*errs = append(*errs, fmt.Errorf("the condition refers to %q, which is not an item of this instrument", n.ref))
		return
	}
	switch {
	case n.op == "selected" && it.Type != MultipleChoice && it.Type != SingleChoice:
		*errs = append(*errs, fmt.Errorf("selected() needs a choice item; %s is %s", it.ID, it.Type))
	case n.op != "selected" && it.Type == MultipleChoice:
		*errs = append(*errs, fmt.Errorf("item %s is multiple choice: use selected(%s, %s) instead of %s", it.ID, it.ID, name, n.op))
	case n.op != "selected" && it.Type == Note:
		*errs = append(*errs, fmt.Errorf("item %s is a note and has no answer to compare", it.ID))
	}
}

func hasColumn(it *Item, attr string) bool {
	for _, o := range it.Options {
		if _, ok := o.Attrs[attr]; ok {
			return true
		}
	}
	return false
}

// text is the literal as a text: a number's digits.
func (l literal) text() string {
	if l.isNum {
		return strconv.Itoa(l.num)
	}
	return l.str
}

// checkCtx is what checking a condition needs: the items it may refer to
// and, for a choice filter, the item whose options it filters.
type checkCtx struct {
	item     func(id string) *Item
	filtered *Item
}

// CheckFilter verifies a choice filter of the item filtered, as Check
// does a show_if, and that the option columns it uses (option.cf) are
// columns of that item's options.
func (c *Condition) CheckFilter(item func(id string) *Item, filtered *Item) error {
	var errs []error
	if filtered.Type != SingleChoice && filtered.Type != MultipleChoice {
		errs = append(errs, fmt.Errorf("item %s is a %s item; only single and multiple choice items can have a choice filter", filtered.ID, filtered.Type))
	}
	c.root.check(&checkCtx{item: item, filtered: filtered}, &errs)
	return errors.Join(errs...)
}

// UsesOption reports whether the condition tests the option offered
// (option.value, option.cf): whether it filters options, rather than
// holding or not for an item as a whole.
func (c *Condition) UsesOption() bool {
	var uses func(n node) bool
	uses = func(n node) bool {
		switch n := n.(type) {
		case orNode:
			return uses(n.l) || uses(n.r)
		case andNode:
			return uses(n.l) || uses(n.r)
		case notNode:
			return uses(n.n)
		case optNode:
			return true
		}
		return false
	}
	return c != nil && c.root != nil && uses(c.root)
}

// Options returns the options of a choice item the respondent may choose
// now: all of them, or those its ChoiceFilter holds for given the answers
// so far. An item whose filter leaves no option is hidden (see Visible).
func (s *Session) Options(it *Item) []Option {
	if it.ChoiceFilter == nil {
		return it.Options
	}
	var out []Option
	for i := range it.Options {
		if it.ChoiceFilter.Eval(filterEnv{s, &it.Options[i]}) {
			out = append(out, it.Options[i])
		}
	}
	return out
}

// allowed reports whether v chooses only options the item's filter
// allows now; always true for an item without a filter.
func (s *Session) allowed(it *Item, v Value) bool {
	if it.ChoiceFilter == nil || v.DontKnow {
		return true
	}
	ok := map[int]bool{}
	for _, o := range s.Options(it) {
		ok[o.Code] = true
	}
	switch it.Type {
	case SingleChoice:
		return ok[v.Number]
	case MultipleChoice:
		for _, c := range v.Choices {
			if !ok[c] {
				return false
			}
		}
	}
	return true
}

// notAllowedMsg is what a respondent reads when an answer is not among
// the options an earlier answer leaves.
var notAllowedMsg = Text{
	Dutch:   "Dit antwoord past niet bij een eerder antwoord; kies uit de gegeven antwoorden.",
	English: "This answer does not fit an earlier answer; choose from the answers given.",
}
