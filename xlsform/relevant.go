package xlsform

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"peil/survey"
)

// xnode is a parsed XPath expression in the subset XLSForms use for
// relevant: comparisons, function calls, and, or, parentheses.
type xnode interface{ isX() }

type (
	xBin struct {
		op   string // or, and, =, !=, <, <=, >, >=
		l, r xnode
	}
	xRef struct{ name string }
	// xName is a bare name, which only a choice filter reads: a column
	// of the choices sheet.
	xName struct{ name string }
	xStr  struct{ s string }
	xNum  struct{ n int }
	xCall struct {
		name string
		args []xnode
	}
)

func (xBin) isX()  {}
func (xRef) isX()  {}
func (xName) isX() {}
func (xStr) isX()  {}
func (xNum) isX()  {}
func (xCall) isX() {}

// parseXPath parses a relevant expression.
func parseXPath(src string) (xnode, error) { return parseX(src, false) }

// parseX parses an expression; names reads bare names (not followed by
// a parenthesis) as xName, as a choice filter does.
func parseX(src string, names bool) (xnode, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &xParser{toks: toks, names: names}
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, p.unexpected(t)
	}
	return n, nil
}

type xParser struct {
	names bool
	toks  []token
	i     int
	depth int
}

// maxDepth bounds nesting, so that no expression can exhaust the stack.
const maxDepth = 100

func (p *xParser) peek() token { return p.toks[p.i] }
func (p *xParser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}
func (p *xParser) word(w string) bool { t := p.peek(); return t.kind == tName && t.text == w }

func (p *xParser) unexpected(t token) error {
	switch {
	case t.kind == tName && (t.text == "div" || t.text == "mod"):
		return fmt.Errorf("arithmetic (%s) is not supported; compare a question with a fixed value", t.text)
	case t.kind == tOther && strings.Contains("+-*", t.text):
		return fmt.Errorf("arithmetic (%s) is not supported; compare a question with a fixed value", t.text)
	case t.kind == tOther && t.text == "/":
		return fmt.Errorf("paths such as /data/q are not supported; refer to a question as ${q}")
	case t.kind == tOther && t.text == ".":
		return fmt.Errorf("'.' (the current question) has no meaning in relevant; refer to a question as ${q}")
	case t.kind == tOther && t.text == "|":
		return fmt.Errorf("'|' is not supported; join conditions with or")
	case t.kind == tName && (strings.EqualFold(t.text, "and") || strings.EqualFold(t.text, "or")):
		return fmt.Errorf("write %s in lower case", strings.ToLower(t.text))
	case t.kind == tEOF:
		return fmt.Errorf("the expression ends too early")
	}
	return fmt.Errorf("unexpected %s", t)
}

func (p *xParser) or() (xnode, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return nil, fmt.Errorf("the expression is nested too deeply")
	}
	l, err := p.and()
	for err == nil && p.word("or") {
		p.next()
		var r xnode
		if r, err = p.and(); err == nil {
			l = xBin{"or", l, r}
		}
	}
	return l, err
}

func (p *xParser) and() (xnode, error) {
	l, err := p.cmp()
	for err == nil && p.word("and") {
		p.next()
		var r xnode
		if r, err = p.cmp(); err == nil {
			l = xBin{"and", l, r}
		}
	}
	return l, err
}

func (p *xParser) cmp() (xnode, error) {
	l, err := p.value()
	if err != nil {
		return nil, err
	}
	if p.peek().kind != tOp {
		return l, nil
	}
	op := p.next()
	r, err := p.value()
	if err != nil {
		return nil, err
	}
	if p.peek().kind == tOp {
		return nil, fmt.Errorf("a comparison cannot be compared again (%s); join comparisons with and", p.peek().text)
	}
	return xBin{op.text, l, r}, nil
}

func (p *xParser) value() (xnode, error) {
	t := p.next()
	switch t.kind {
	case tRef:
		return xRef{t.text}, nil
	case tStr:
		return xStr{t.text}, nil
	case tNum:
		return xNum{t.num}, nil
	case tLParen:
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		if t := p.next(); t.kind != tRParen {
			return nil, fmt.Errorf("expected a closing parenthesis, found %s", t)
		}
		return n, nil
	case tName:
		if p.names && p.peek().kind != tLParen {
			return xName{t.text}, nil
		}
		if p.peek().kind != tLParen {
			return nil, fmt.Errorf("unexpected %s; put a text in quotes ('%s') or refer to a question as ${%s}", t, t.text, t.text)
		}
		p.next()
		call := xCall{name: t.text}
		if p.peek().kind == tRParen {
			p.next()
			return call, nil
		}
		p.depth++
		defer func() { p.depth-- }()
		for {
			a, err := p.or()
			if err != nil {
				return nil, err
			}
			call.args = append(call.args, a)
			switch n := p.next(); n.kind {
			case tComma:
				continue
			case tRParen:
				return call, nil
			default:
				return nil, fmt.Errorf("expected , or ) in %s(...), found %s", t.text, n)
			}
		}
	}
	return nil, p.unexpected(t)
}

// refInfo is what the translator knows of a question a relevant refers
// to.
type refInfo struct {
	item *survey.Item
	// likert maps the choice names of a Likert item to their score, 1-5,
	// and the "don't know" choice to 0.
	likert map[string]int
}

// resolver looks up a question by name; it returns a message when the
// question cannot be used (unknown, later in the form, ignored).
type resolver func(name string) (*refInfo, string)

// translator turns XPath into a peil condition, collecting every problem.
type translator struct {
	resolve resolver
	errs    []string
}

func (tr *translator) fail(format string, args ...any) cond {
	tr.errs = append(tr.errs, fmt.Sprintf(format, args...))
	return nil
}

// translateRelevant translates a relevant expression; errs holds every
// problem found (the condition is nil then).
func translateRelevant(src string, resolve resolver) (cond, []string) {
	n, err := parseXPath(src)
	if err != nil {
		return nil, []string{err.Error()}
	}
	tr := &translator{resolve: resolve}
	c := tr.boolean(n)
	if len(tr.errs) > 0 {
		return nil, tr.errs
	}
	return c, nil
}

var functionHints = map[string]string{
	"count-selected": "use selected(${q}, 'option')",
	"jr:choice-name": "compare the choice name: ${q} = 'option'",
	"if":             "write the condition with and, or and not(...)",
	"coalesce":       "test answers with ${q} != ''",
	"string-length":  "compare it: string-length(${q}) > 0 means q is answered",
	"true":           "leave relevant empty to always show the question",
	"false":          "remove the question, or give it a condition",
}

const supported = "peil understands =, !=, <, <=, >, >=, selected(${q}, 'option'), not(...), string-length(${q}) > 0, and, or and parentheses"

func (tr *translator) boolean(n xnode) cond {
	switch n := n.(type) {
	case xBin:
		switch n.op {
		case "or", "and":
			l, r := tr.boolean(n.l), tr.boolean(n.r)
			if l == nil || r == nil {
				return nil
			}
			if n.op == "or" {
				return orCond{l, r}
			}
			return andCond{l, r}
		}
		return tr.compare(n.l, n.op, n.r)
	case xCall:
		switch n.name {
		case "not":
			if len(n.args) != 1 {
				return tr.fail("not() takes one condition, found %d", len(n.args))
			}
			if x := tr.boolean(n.args[0]); x != nil {
				return notCond{x}
			}
			return nil
		case "selected":
			return tr.selected(n)
		}
		if hint, ok := functionHints[n.name]; ok {
			return tr.fail("the function %q is not supported; %s", n.name, hint)
		}
		return tr.fail("the function %q is not supported; %s", n.name, supported)
	case xRef:
		return tr.fail("${%s} alone is not a condition; write ${%s} != '' for \"%s is answered\"", n.name, n.name, n.name)
	}
	return tr.fail("a fixed value alone is not a condition; %s", supported)
}

var flipped = map[string]string{"=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}

func isLiteral(n xnode) bool {
	switch n.(type) {
	case xStr, xNum:
		return true
	}
	return false
}

func (tr *translator) compare(l xnode, op string, r xnode) cond {
	if isLiteral(l) && !isLiteral(r) {
		l, r, op = r, l, flipped[op]
	}
	switch lv := l.(type) {
	case xCall:
		if lv.name == "string-length" {
			return tr.stringLength(lv, op, r)
		}
		return tr.boolean(lv) // reports the unsupported function
	case xRef:
		switch rv := r.(type) {
		case xRef:
			return tr.fail("${%s} is compared with ${%s}; peil compares a question with a fixed value", lv.name, rv.name)
		case xStr, xNum:
			info, msg := tr.resolve(lv.name)
			if info == nil {
				return tr.fail("%s", msg)
			}
			return tr.typed(lv.name, info, op, rv)
		}
		return tr.fail("compare ${%s} with a number or a quoted text", lv.name)
	}
	return tr.fail("a comparison needs a question, as in ${q} = 'option'")
}

func (tr *translator) stringLength(call xCall, op string, r xnode) cond {
	ref, ok := singleRef(call)
	num, isNum := r.(xNum)
	if !ok || !isNum {
		return tr.fail("write string-length(${q}) > 0 to test that q is answered")
	}
	info, msg := tr.resolve(ref)
	if info == nil {
		return tr.fail("%s", msg)
	}
	if info.item.Type == survey.Note {
		return tr.fail("${%s} is a note and is never answered", ref)
	}
	switch {
	case op == ">" && num.n == 0, op == ">=" && num.n == 1, op == "!=" && num.n == 0:
		return answeredCond{info.item.ID}
	case op == "=" && num.n == 0, op == "<" && num.n == 1, op == "<=" && num.n == 0:
		return notCond{answeredCond{info.item.ID}}
	}
	return tr.fail("string-length(${%s}) %s %d is not supported; peil can test string-length(${%s}) > 0 (answered) and = 0 (not answered)", ref, op, num.n, ref)
}

func singleRef(call xCall) (string, bool) {
	if len(call.args) != 1 {
		return "", false
	}
	r, ok := call.args[0].(xRef)
	return r.name, ok
}

func litText(n xnode) string {
	switch n := n.(type) {
	case xStr:
		return n.s
	case xNum:
		return strconv.Itoa(n.n)
	}
	return ""
}

func choiceNames(it *survey.Item, likert map[string]int) string {
	var names []string
	if likert != nil {
		for k := range likert {
			names = append(names, k)
		}
		slices.SortFunc(names, func(a, b string) int { return likert[a] - likert[b] })
		// don't know (0) sorts first; put it last
		if len(names) > 0 && likert[names[0]] == 0 {
			names = append(names[1:], names[0])
		}
	} else {
		for _, o := range it.Options {
			names = append(names, o.Value)
		}
	}
	return strings.Join(names, ", ")
}

// typed compares an item with a literal the way its type allows.
func (tr *translator) typed(name string, info *refInfo, op string, r xnode) cond {
	it := info.item
	id := it.ID // the name in the form may hold - or .
	text := litText(r)
	if s, ok := r.(xStr); ok && s.s == "" {
		switch op {
		case "=":
			return notCond{answeredCond{id}}
		case "!=":
			return answeredCond{id}
		}
		return tr.fail("${%s} %s '' is not supported; use ${%s} != '' (answered) or ${%s} = '' (not answered)", name, op, name, name)
	}
	if strings.Contains(text, "'") && strings.Contains(text, `"`) {
		return tr.fail("the text %s holds both kinds of quote; peil cannot compare with it", text)
	}
	equality := op == "=" || op == "!="
	switch it.Type {
	case survey.SingleChoice:
		if _, ok := it.OptionByValue(text); !ok {
			return tr.fail("${%s} has no choice %s (its choices: %s)", name, quote(text), choiceNames(it, nil))
		}
		if !equality {
			return tr.fail("the choices of ${%s} can only be compared with = or !=, not %s", name, op)
		}
		return cmpCond{id, op, strLit(text)}
	case survey.Likert:
		score, ok := info.likert[text]
		switch {
		case !ok:
			return tr.fail("${%s} has no choice %s (its choices: %s)", name, quote(text), choiceNames(it, info.likert))
		case score == 0:
			return tr.fail("${%s} = %s tests the \"don't know\" answer, which peil cannot test; a comparison with ${%s} is false when the answer is \"don't know\"", name, quote(text), name)
		}
		return cmpCond{id, op, numLit(score)}
	case survey.MultipleChoice:
		return tr.fail("${%s} is a select_multiple question: use selected(${%s}, %s) instead of %s", name, name, quote(text), op)
	case survey.Integer, survey.Grade:
		n, err := strconv.Atoi(strings.TrimSpace(text))
		if err != nil {
			return tr.fail("${%s} asks for a number: compare it with a whole number, not %s", name, quote(text))
		}
		return cmpCond{id, op, numLit(n)}
	case survey.OpenText:
		if !equality {
			return tr.fail("${%s} is a text question: compare it with = or != and a quoted text", name)
		}
		return cmpCond{id, op, strLit(text)}
	case survey.Decimal, survey.Date, survey.Time:
		return tr.fail("${%s} is a %s question: peil can only test whether it is answered (${%s} != ''), not compare it", name, it.Type, name)
	}
	return tr.fail("${%s} is a note and has no answer to compare", name)
}

func (tr *translator) selected(call xCall) cond {
	if len(call.args) != 2 {
		return tr.fail("selected() takes a question and a choice, as in selected(${q}, 'option')")
	}
	ref, ok := call.args[0].(xRef)
	if !ok || !isLiteral(call.args[1]) {
		return tr.fail("write selected(${q}, 'option') with a question and a quoted choice name")
	}
	info, msg := tr.resolve(ref.name)
	if info == nil {
		return tr.fail("%s", msg)
	}
	it, text := info.item, litText(call.args[1])
	switch it.Type {
	case survey.MultipleChoice:
		if _, ok := it.OptionByValue(text); !ok {
			return tr.fail("${%s} has no choice %s (its choices: %s)", ref.name, quote(text), choiceNames(it, nil))
		}
		return selectedCond{it.ID, strLit(text)}
	case survey.SingleChoice, survey.Likert:
		return tr.typed(ref.name, info, "=", xStr{text})
	}
	return tr.fail("selected() needs a select_one or select_multiple question; ${%s} is not one", ref.name)
}
