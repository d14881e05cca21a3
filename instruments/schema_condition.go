package instruments

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"peil/survey"
)

// condition parses a show_if or choice_filter expression (key), reporting
// a syntax error at the place in the file where it is.
func (p *parser) condition(n *yaml.Node, ctx, key string) *survey.Condition {
	raw, ok := p.str(n, ctx, key)
	if !ok {
		return nil
	}
	c, err := survey.ParseCondition(raw)
	if err == nil {
		return c
	}
	var ce *survey.ConditionError
	if !errors.As(err, &ce) {
		p.add(n, "%s: %s: %v", ctx, key, err)
		return nil
	}
	at := *n
	pos := min(max(ce.Pos, 0), len(raw))
	if !strings.Contains(n.Value, "\n") {
		lead := len(n.Value) - len(strings.TrimLeft(n.Value, " \t"))
		switch n.Style {
		case 0:
			at.Column += lead + utf8.RuneCountInString(raw[:pos])
		case yaml.SingleQuotedStyle, yaml.DoubleQuotedStyle:
			at.Column += 1 + lead + utf8.RuneCountInString(raw[:pos])
		}
	}
	msg := ce.Msg
	if hint := quoteHint(raw, pos); hint != "" {
		msg += hint
	}
	p.add(&at, "%s: %s: %s", ctx, key, msg)
	return nil
}

// quoteHint recognises the most common mistake, an option value without
// quotes after a comparison (q1 = ja), and says how to write it.
func quoteHint(src string, pos int) string {
	isWord := func(b byte) bool { return b == '_' || b == '-' || isAlnum(rune(b)) }
	start := pos
	for start > 0 && isWord(src[start-1]) {
		start--
	}
	before := strings.TrimRight(src[:start], " \t")
	if before == "" || !strings.ContainsAny(before[len(before)-1:], "=<>") {
		return ""
	}
	end := start
	for end < len(src) && isWord(src[end]) {
		end++
	}
	if end == start {
		return ""
	}
	return fmt.Sprintf("; put option values and roles in quotes: '%s'", src[start:end])
}

func isAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r > 127
}

// usesRole reports whether a condition's source refers to role outside
// quotes.
func usesRole(src string) bool {
	var quote rune
	word := strings.Builder{}
	found := false
	flush := func() {
		if word.String() == survey.RoleRef {
			found = true
		}
		word.Reset()
	}
	for _, r := range src {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			flush()
			quote = r
		case r == '_' || isAlnum(r):
			word.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	return found
}
