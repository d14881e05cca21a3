package xlsform

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"peil/survey"
)

// cond is a condition in the part of the peil condition language that
// both peil and XLSForm can say. Import builds it from an XPath relevant
// expression, Export from a peil show_if; each side prints it in its own
// syntax.
type cond interface{ isCond() }

type (
	orCond  struct{ l, r cond }
	andCond struct{ l, r cond }
	notCond struct{ x cond }
	// cmpCond compares an item (or role) with a literal.
	cmpCond struct {
		id  string
		op  string
		lit literal
	}
	selectedCond struct {
		id  string
		lit literal
	}
	answeredCond struct{ id string }
)

func (orCond) isCond()       {}
func (andCond) isCond()      {}
func (notCond) isCond()      {}
func (cmpCond) isCond()      {}
func (selectedCond) isCond() {}
func (answeredCond) isCond() {}

type literal struct {
	isNum bool
	num   int
	str   string
}

func numLit(n int) literal    { return literal{isNum: true, num: n} }
func strLit(s string) literal { return literal{str: s} }

// quote writes a text literal with single quotes, or double quotes when
// it holds a single quote.
func quote(s string) string {
	if strings.Contains(s, "'") {
		return `"` + s + `"`
	}
	return "'" + s + "'"
}

func (l literal) String() string {
	if l.isNum {
		return strconv.Itoa(l.num)
	}
	return quote(l.str)
}

// precedence of a condition when printed: or binds loosest.
func precedence(c cond) int {
	switch c.(type) {
	case orCond:
		return 1
	case andCond:
		return 2
	case notCond:
		return 3
	}
	return 4
}

// peilText prints a condition in the peil condition language.
func peilText(c cond) string { return printCond(c, 0, false) }

// xpathText prints a condition as an XLSForm relevant expression.
func xpathText(c cond) string { return printCond(c, 0, true) }

func printCond(c cond, parent int, xpath bool) string {
	ref := func(id string) string {
		if xpath {
			return "${" + id + "}"
		}
		return id
	}
	var s string
	switch c := c.(type) {
	case orCond:
		s = printCond(c.l, 1, xpath) + " or " + printCond(c.r, 1, xpath)
	case andCond:
		s = printCond(c.l, 2, xpath) + " and " + printCond(c.r, 2, xpath)
	case notCond:
		if xpath {
			s = "not(" + printCond(c.x, 0, xpath) + ")"
		} else if precedence(c.x) == 4 {
			if _, isCmp := c.x.(cmpCond); isCmp {
				s = "not (" + printCond(c.x, 0, xpath) + ")"
			} else {
				s = "not " + printCond(c.x, 0, xpath)
			}
		} else {
			s = "not (" + printCond(c.x, 0, xpath) + ")"
		}
	case cmpCond:
		s = ref(c.id) + " " + c.op + " " + c.lit.String()
	case selectedCond:
		s = "selected(" + ref(c.id) + ", " + c.lit.String() + ")"
	case answeredCond:
		if xpath {
			s = "${" + c.id + "} != ''"
		} else {
			s = "answered(" + c.id + ")"
		}
	}
	if precedence(c) < parent {
		return "(" + s + ")"
	}
	return s
}

// renameRefs returns c with every question it refers to renamed by name:
// conditions hold peil ids, and an XLSForm refers to its questions by
// their names in the form (first-name for the id first_name).
func renameRefs(c cond, name func(id string) string) cond {
	switch c := c.(type) {
	case orCond:
		return orCond{renameRefs(c.l, name), renameRefs(c.r, name)}
	case andCond:
		return andCond{renameRefs(c.l, name), renameRefs(c.r, name)}
	case notCond:
		return notCond{renameRefs(c.x, name)}
	case cmpCond:
		c.id = name(c.id)
		return c
	case selectedCond:
		c.id = name(c.id)
		return c
	case answeredCond:
		return answeredCond{name(c.id)}
	}
	return c
}

// and joins conditions with and, leaving out nil ones.
func and(cs ...cond) cond {
	var out cond
	for _, c := range cs {
		switch {
		case c == nil:
		case out == nil:
			out = c
		default:
			out = andCond{out, c}
		}
	}
	return out
}

// ---- a lexer for both languages

type tokKind int

const (
	tEOF tokKind = iota
	tName
	tRef // ${name}
	tNum
	tStr
	tOp
	tLParen
	tRParen
	tComma
	tOther
)

type token struct {
	kind tokKind
	text string
	num  int
}

func (t token) String() string {
	switch t.kind {
	case tEOF:
		return "the end"
	case tRef:
		return "${" + t.text + "}"
	case tStr:
		return quote(t.text)
	}
	return fmt.Sprintf("%q", t.text)
}

// lex splits an XPath expression into tokens. Names may hold - and .
// (count-selected); questions are referred to as ${name}.
func lex(src string) ([]token, error) {
	rs := []rune(src)
	var toks []token
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '(':
			toks = append(toks, token{kind: tLParen, text: "("})
			i++
		case r == ')':
			toks = append(toks, token{kind: tRParen, text: ")"})
			i++
		case r == ',':
			toks = append(toks, token{kind: tComma, text: ","})
			i++
		case r == '\'' || r == '"':
			j := i + 1
			for j < len(rs) && rs[j] != r {
				j++
			}
			if j == len(rs) {
				return nil, fmt.Errorf("the text starting at %s has no closing quote", string(rs[i:min(i+10, len(rs))]))
			}
			toks = append(toks, token{kind: tStr, text: string(rs[i+1 : j])})
			i = j + 1
		case r == '$':
			if i+1 >= len(rs) || rs[i+1] != '{' {
				return nil, fmt.Errorf("refer to a question as ${name}")
			}
			j := i + 2
			for j < len(rs) && rs[j] != '}' {
				j++
			}
			if j == len(rs) {
				return nil, fmt.Errorf("${ has no closing }")
			}
			name := strings.TrimSpace(string(rs[i+2 : j]))
			if name == "" {
				return nil, fmt.Errorf("${} names no question")
			}
			toks = append(toks, token{kind: tRef, text: name})
			i = j + 1
		case unicode.IsDigit(r) || (r == '-' && i+1 < len(rs) && unicode.IsDigit(rs[i+1]) && !prevIsValue(toks)):
			j := i + 1
			for j < len(rs) && unicode.IsDigit(rs[j]) {
				j++
			}
			if j < len(rs) && rs[j] == '.' {
				return nil, fmt.Errorf("the number %s has decimals; peil compares whole numbers only", string(rs[i:min(j+4, len(rs))]))
			}
			n, err := strconv.Atoi(string(rs[i:j]))
			if err != nil {
				return nil, fmt.Errorf("the number %s is too large", string(rs[i:j]))
			}
			toks = append(toks, token{kind: tNum, num: n, text: string(rs[i:j])})
			i = j
		case r == '_' || unicode.IsLetter(r):
			j := i + 1
			for j < len(rs) && (rs[j] == '_' || unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j]) || rs[j] == '-' || rs[j] == '.' || rs[j] == ':') {
				j++
			}
			toks = append(toks, token{kind: tName, text: string(rs[i:j])})
			i = j
		case strings.ContainsRune("=!<>", r):
			j := i + 1
			if j < len(rs) && rs[j] == '=' {
				j++
			}
			op := string(rs[i:j])
			if op == "!" {
				return nil, fmt.Errorf("use != for 'not equal', or not(...)")
			}
			if op == "==" {
				op = "="
			}
			toks = append(toks, token{kind: tOp, text: op})
			i = j
		default:
			toks = append(toks, token{kind: tOther, text: string(r)})
			i++
		}
	}
	return append(toks, token{kind: tEOF}), nil
}

// prevIsValue reports whether the last token ends a value, so that a
// following - is subtraction rather than a sign.
func prevIsValue(toks []token) bool {
	if len(toks) == 0 {
		return false
	}
	switch toks[len(toks)-1].kind {
	case tRef, tNum, tStr, tRParen:
		return true
	}
	return false
}

// ---- peil condition language

// parsePeil parses a peil show_if into a cond.
func parsePeil(src string) (cond, error) {
	c, err := survey.ParseCondition(src)
	if err != nil {
		return nil, err
	}
	lit := func(l survey.ConditionLiteral) literal {
		if l.IsNumber {
			return numLit(l.Number)
		}
		return strLit(l.Text)
	}
	return survey.FoldCondition(c, survey.ConditionParts[cond]{
		Or:       func(l, r cond) cond { return orCond{l, r} },
		And:      func(l, r cond) cond { return andCond{l, r} },
		Not:      func(x cond) cond { return notCond{x} },
		Compare:  func(id, op string, l survey.ConditionLiteral) cond { return cmpCond{id: id, op: op, lit: lit(l)} },
		Selected: func(id string, l survey.ConditionLiteral) cond { return selectedCond{id: id, lit: lit(l)} },
		Answered: func(id string) cond { return answeredCond{id: id} },
	}), nil
}
