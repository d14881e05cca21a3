// The condition language's lexer and recursive-descent parser: tokens,
// condParser and the literals it reads.

package survey

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

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
			// option.name: a column of the option a choice filter tests
			if string(rs[i:j]) == OptionRef && j+1 < len(rs) && rs[j] == '.' && isIdentStart(rs[j+1]) {
				j += 2
				for j < len(rs) && isIdentPart(rs[j]) {
					j++
				}
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
			if attr, ok := optionAttr(lit); ok {
				if _, err := p.expect(tRParen, "a closing parenthesis"); err != nil {
					return nil, err
				}
				return optNode{attr: attr, pos: lit.pos, op: "selected", ref: id.text}, nil
			}
			if lit.kind != tString && lit.kind != tNumber {
				return nil, p.errAt(lit, fmt.Sprintf("expected an option value such as 'ja', found %s", lit))
			}
			if _, err := p.expect(tRParen, "a closing parenthesis"); err != nil {
				return nil, err
			}
			return selectedNode{id: id.text, pos: id.pos, lit: literalOf(lit)}, nil
		}
		if _, isOpt := optionAttr(t); isOpt {
			return p.optionCompare(t)
		}
		op := p.next()
		if op.kind != tOp {
			return nil, p.errAt(op, fmt.Sprintf("expected a comparison (=, !=, <, <=, >, >=) after %s, found %s", t.text, op))
		}
		lit := p.next()
		if attr, ok := optionAttr(lit); ok {
			if op.text != "=" && op.text != "!=" {
				return nil, p.errAt(op, fmt.Sprintf("%s can only be compared with = or !=", lit.text))
			}
			return optNode{attr: attr, pos: lit.pos, op: op.text, ref: t.text}, nil
		}
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

// OptionRef starts a reference to a column of the option a choice filter
// tests: option.value is the option's value, option.cf its attribute cf.
const OptionRef = "option"

// optionAttr reports whether t is option.name, and the name.
func optionAttr(t token) (string, bool) {
	if t.kind != tIdent {
		return "", false
	}
	attr, ok := strings.CutPrefix(t.text, OptionRef+".")
	return attr, ok && attr != ""
}

// optionCompare parses option.attr = item, option.attr = 'text' (or a
// number), with = or != only.
func (p *condParser) optionCompare(t token) (node, error) {
	attr, _ := optionAttr(t)
	op := p.next()
	if op.kind != tOp {
		return nil, p.errAt(op, fmt.Sprintf("expected = or != after %s, found %s", t.text, op))
	}
	if op.text != "=" && op.text != "!=" {
		return nil, p.errAt(op, fmt.Sprintf("%s can only be compared with = or !=", t.text))
	}
	r := p.next()
	switch r.kind {
	case tString, tNumber:
		return optNode{attr: attr, pos: t.pos, op: op.text, lit: literalOf(r)}, nil
	case tIdent:
		if _, ok := optionAttr(r); ok {
			return nil, p.errAt(r, fmt.Sprintf("%s is compared with %s; compare an option's column with an item or a quoted text", t.text, r.text))
		}
		return optNode{attr: attr, pos: t.pos, op: op.text, ref: r.text}, nil
	}
	return nil, p.errAt(r, fmt.Sprintf("expected an item id or a quoted text after %s, found %s", op.text, r))
}
