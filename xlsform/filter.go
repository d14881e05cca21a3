// Choice filters: choice_filter read into a peil choice filter (Import),
// and a peil choice filter written as choice_filter (Export).

package xlsform

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"peil/survey"
)

// filterTr translates a choice_filter. A bare name is a column of the
// choices sheet (name is the choice's name); a bare word that is not one
// is read as a text, with a warning (XPath would read it as a path and
// match nothing, but the author means the word).
type filterTr struct {
	tr      *translator
	columns map[string]bool
	used    map[string]bool // columns the filter tests (not name)
	words   []string        // bare words read as texts
	errs    []string
}

// ftext is a translated part and how loosely it binds (as precedence).
type ftext struct {
	s    string
	prec int
}

const filterSupported = "peil understands column = ${q}, column = 'text' (and !=), selected(${q}, column), conditions on earlier questions, and, or, not(...) and parentheses"

func (f *filterTr) fail(format string, args ...any) ftext {
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
	return ftext{}
}

// translateFilter translates a choice_filter into the peil filter
// language; it returns the columns it tests and the bare words it read as
// texts. errs holds every problem found.
func translateFilter(src string, columns map[string]bool, resolve resolver) (peil string, used map[string]bool, words, errs []string) {
	n, err := parseX(src, true)
	if err != nil {
		return "", nil, nil, []string{err.Error()}
	}
	f := &filterTr{tr: &translator{resolve: resolve}, columns: columns, used: map[string]bool{}}
	out := f.boolean(f.words2texts(n))
	f.errs = append(f.errs, f.tr.errs...)
	if len(f.errs) > 0 {
		return "", nil, f.words, f.errs
	}
	return out.s, f.used, f.words, nil
}

// isColumn reports whether a bare name is a column: name, or a further
// column of the choices sheet.
func (f *filterTr) isColumn(name string) bool { return name == "name" || f.columns[name] }

// words2texts reads bare words that are not columns as texts.
func (f *filterTr) words2texts(n xnode) xnode {
	switch n := n.(type) {
	case xName:
		if !f.isColumn(n.name) {
			if !slices.Contains(f.words, n.name) {
				f.words = append(f.words, n.name)
			}
			return xStr{n.name}
		}
	case xBin:
		return xBin{n.op, f.words2texts(n.l), f.words2texts(n.r)}
	case xCall:
		c := xCall{name: n.name}
		for _, a := range n.args {
			c.args = append(c.args, f.words2texts(a))
		}
		return c
	}
	return n
}

// hasColumn reports whether a part tests a column.
func hasColumn(n xnode) bool {
	switch n := n.(type) {
	case xName:
		return true
	case xBin:
		return hasColumn(n.l) || hasColumn(n.r)
	case xCall:
		return slices.ContainsFunc(n.args, hasColumn)
	}
	return false
}

func paren(t ftext, prec int) string {
	if t.prec < prec {
		return "(" + t.s + ")"
	}
	return t.s
}

func (f *filterTr) boolean(n xnode) ftext {
	if !hasColumn(n) {
		// a condition on earlier answers only, as in relevant
		c := f.tr.boolean(n)
		if c == nil {
			return ftext{}
		}
		return ftext{peilText(c), precedence(c)}
	}
	switch n := n.(type) {
	case xBin:
		switch n.op {
		case "or", "and":
			l, r := f.boolean(n.l), f.boolean(n.r)
			prec := 1
			if n.op == "and" {
				prec = 2
			}
			return ftext{paren(l, prec) + " " + n.op + " " + paren(r, prec), prec}
		}
		return f.compare(n)
	case xCall:
		switch n.name {
		case "not":
			if len(n.args) != 1 {
				return f.fail("not() takes one condition, found %d", len(n.args))
			}
			x := f.boolean(n.args[0])
			return ftext{"not (" + x.s + ")", 3}
		case "selected":
			return f.selected(n)
		}
		return f.fail("the function %q is not supported in a choice filter; %s", n.name, filterSupported)
	case xName:
		return f.fail("the column %s alone is not a condition; compare it, as in %s = ${q}", n.name, n.name)
	}
	return f.fail("%s", filterSupported)
}

// attr is the peil name of a column: option.value for name.
func (f *filterTr) attr(col string) (string, bool) {
	if col == "name" {
		return survey.OptionRef + ".value", true
	}
	for i, r := range col {
		if !(r == '_' || unicode.IsLetter(r) || i > 0 && unicode.IsDigit(r)) {
			f.fail("the column %s cannot be used in a choice filter: peil reads column names of letters, digits and _ only; rename the column", col)
			return "", false
		}
	}
	f.used[col] = true
	return survey.OptionRef + "." + col, true
}

func (f *filterTr) compare(n xBin) ftext {
	l, r := n.l, n.r
	if _, ok := l.(xName); !ok {
		l, r = r, l
	}
	col, ok := l.(xName)
	if !ok {
		return f.fail("%s", filterSupported) // a column inside something else
	}
	if n.op != "=" && n.op != "!=" {
		return f.fail("the column %s is compared with %s; peil compares columns of the choices with = or != only", col.name, n.op)
	}
	a, ok := f.attr(col.name)
	if !ok {
		return ftext{}
	}
	switch rv := r.(type) {
	case xName:
		return f.fail("the columns %s and %s are compared with each other; compare a column with ${q} or a quoted text", col.name, rv.name)
	case xStr, xNum:
		text := litText(rv)
		if strings.Contains(text, "'") && strings.Contains(text, `"`) {
			return f.fail("the text %s holds both kinds of quote; peil cannot compare with it", text)
		}
		return ftext{a + " " + n.op + " " + quote(text), 4}
	case xRef:
		info, msg := f.tr.resolve(rv.name)
		if info == nil {
			return f.fail("%s", msg)
		}
		if info.item.Type == survey.MultipleChoice {
			return f.fail("${%s} is a select_multiple question: use selected(${%s}, %s) instead of %s", rv.name, rv.name, col.name, n.op)
		}
		if info.likert != nil {
			return f.fail("${%s} is an agreement scale, which peil keeps as the scores 1 to 5, not as choice names; compare the column with a select_one question", rv.name)
		}
		return ftext{a + " " + n.op + " " + info.item.ID, 4}
	}
	return f.fail("compare the column %s with ${q} or a quoted text", col.name)
}

func (f *filterTr) selected(call xCall) ftext {
	if len(call.args) != 2 {
		return f.fail("selected() takes a question and a column, as in selected(${q}, name)")
	}
	ref, ok := call.args[0].(xRef)
	col, isCol := call.args[1].(xName)
	if !ok || !isCol {
		return f.fail("write selected(${q}, column) with a question and a column of the choices sheet")
	}
	info, msg := f.tr.resolve(ref.name)
	if info == nil {
		return f.fail("%s", msg)
	}
	if t := info.item.Type; t != survey.MultipleChoice && t != survey.SingleChoice {
		return f.fail("selected() needs a select_one or select_multiple question; ${%s} is not one", ref.name)
	}
	a, ok := f.attr(col.name)
	if !ok {
		return ftext{}
	}
	return ftext{"selected(" + info.item.ID + ", " + a + ")", 4}
}

// choiceFilter reads the choice_filter of a select question into its
// item's ChoiceFilter, giving its options the columns the filter tests.
func (sr *surveyReader) choiceFilter(p *pending, list *choiceList, src string, loc Location) {
	it := &p.item
	peil, used, words, errs := translateFilter(src, sr.columns, sr.resolver(p.name))
	for _, w := range words {
		sr.warn(loc, "%s is not a column of the choices sheet; peil reads it as the text '%s' (XPath would read it as a name and match nothing): write '%s' in quotes", w, w, w)
	}
	for _, e := range errs {
		sr.problem(loc, "%s", e)
	}
	if len(errs) > 0 {
		return
	}
	c, err := survey.ParseCondition(peil)
	if err != nil {
		sr.problem(loc, "the filter cannot be read as a peil filter (%v); simplify it", err)
		return
	}
	if list != nil {
		for i := range it.Options {
			if i >= len(list.choices) {
				break // or_other's choice, which has no columns
			}
			for col := range used {
				if v, ok := list.choices[i].attrs[col]; ok {
					if it.Options[i].Attrs == nil {
						it.Options[i].Attrs = map[string]string{}
					}
					it.Options[i].Attrs[col] = v
				}
			}
		}
	}
	if err := c.CheckFilter(sr.lookup, it); err != nil {
		for _, e := range splitJoined(err) {
			sr.problem(loc, "%v", e)
		}
		return
	}
	it.ChoiceFilter = c
}

// filterXPath writes a peil choice filter as a choice_filter: option.cf
// is the column cf, option.value the column name, items are ${id}, and
// the rest is written as relevant is.
func filterXPath(c *survey.Condition, role string, earlier refs) (string, error) {
	lookup := func(id string) *survey.Item {
		if r, ok := earlier.byID[id]; ok {
			return r.item
		}
		return nil
	}
	// name is how the form calls an earlier item: its original name when
	// it has one.
	name := func(id string) string {
		if r, ok := earlier.byID[id]; ok {
			return formName(r.item.ID, r.item.OriginalName)
		}
		return id
	}
	lit := func(l survey.ConditionLiteral) literal {
		if l.IsNumber {
			return numLit(l.Number)
		}
		return strLit(l.Text)
	}
	var err error
	plain := func(x cond) ftext {
		y, e := toXPath(x, role, lookup)
		if e != nil {
			err = e
			return ftext{}
		}
		y = renameRefs(y, name)
		return ftext{xpathText(y), precedence(y)}
	}
	col := func(attr string) string {
		if attr == "value" {
			return "name"
		}
		return attr
	}
	out := survey.FoldCondition(c, survey.ConditionParts[ftext]{
		Or:  func(l, r ftext) ftext { return ftext{paren(l, 1) + " or " + paren(r, 1), 1} },
		And: func(l, r ftext) ftext { return ftext{paren(l, 2) + " and " + paren(r, 2), 2} },
		Not: func(x ftext) ftext { return ftext{"not(" + x.s + ")", 4} },
		Compare: func(id, op string, l survey.ConditionLiteral) ftext {
			return plain(cmpCond{id: id, op: op, lit: lit(l)})
		},
		Selected: func(id string, l survey.ConditionLiteral) ftext { return plain(selectedCond{id: id, lit: lit(l)}) },
		Answered: func(id string) ftext { return plain(answeredCond{id: id}) },
		Option: func(attr, op, ref string, l survey.ConditionLiteral) ftext {
			switch {
			case ref != "" && lookup(ref) == nil:
				err = fmt.Errorf("%s is not an earlier item", ref)
				return ftext{}
			case op == "selected":
				return ftext{"selected(${" + name(ref) + "}, " + col(attr) + ")", 4}
			case ref != "":
				return ftext{col(attr) + " " + op + " ${" + name(ref) + "}", 4}
			}
			return ftext{col(attr) + " " + op + " " + lit(l).String(), 4}
		},
	})
	return out.s, err
}
