package instruments

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"peil/survey"
)

// This file is the positioned YAML reader: it reads a yaml.v3 node tree
// into Go values and reports every problem at the line and column where it
// is, in words for the person who wrote the file. What an instrument file
// holds (its keys, items and rules) is in schema.go.

// unmarshal is yaml.Unmarshal that turns a panic in the YAML library into
// an error: no input may crash peil.
func unmarshal(data []byte, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	return yaml.Unmarshal(data, n)
}

// parserErrors are the yaml.v3 messages that come from its parser.
var parserErrors = []string{
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"did not find expected '-' indicator",
	"did not find expected <document start>",
	"did not find expected <stream-start>",
	"did not find expected key",
	"did not find expected node content",
	"found duplicate %TAG directive",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found undefined tag handle",
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func (p *parser) yamlError(err error, data []byte) {
	msg := err.Error()
	line := 0
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
		// yaml.v3 counts lines from 0 for parser errors (not for scanner
		// errors), pointing at the line before the construct at fault.
		if slices.Contains(parserErrors, msg) {
			line++
		}
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	advice := "check the indentation here and on the line before, and put quotes around a text that contains \": \" or \" #\""
	if strings.Contains(msg, "tab character") {
		// yaml.v3 points at the start of the enclosing block; find the tab.
		for i, l := range strings.Split(string(data), "\n") {
			if i+1 >= line && strings.HasPrefix(strings.TrimLeft(l, " "), "\t") {
				line = i + 1
				break
			}
		}
		advice = "indent with spaces, not tabs"
	} else if line > 0 {
		if lines := strings.Split(string(data), "\n"); line <= len(lines) {
			src := lines[line-1]
			if strings.ContainsAny(src, "{[") && strings.Contains(src, "?") {
				advice = "inside { } a text with a question mark needs quotes, as in {nl: \"Kent u het onderzoek?\"}; or write nl: and en: on lines of their own"
			}
		}
	}
	p.probs = append(p.probs, Problem{File: p.file, Line: line, Msg: fmt.Sprintf("this is not valid YAML (%s); %s", msg, advice)})
}

// parser collects the problems of one file.
type parser struct {
	file  string
	probs Problems
	// texts are the respondent-facing texts read, checked at the end for
	// the instrument's main language.
	texts []textUse
}

// textUse is a text and where it was written.
type textUse struct {
	node     *yaml.Node
	ctx, key string
	t        survey.Text
	option   bool
}

func (p *parser) add(n *yaml.Node, format string, args ...any) {
	pr := Problem{File: p.file, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		pr.Line, pr.Col = n.Line, n.Column
	}
	p.probs = append(p.probs, pr)
}

// aliases reports every alias (*name) in the tree: they are not part of
// the format, and following them could make a small file enormous.
func (p *parser) aliases(n *yaml.Node) bool {
	found := false
	var walk func(*yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.AliasNode {
			p.add(n, "aliases (*%s) are not supported in instrument files; write the value out in full", n.Value)
			found = true
			return
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(n)
	return found
}

// kindName describes what a node holds, for messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a set of keys"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if isNull(n) {
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "something else"
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null" && (n.Value == "" || n.Value == "~")
}

// mapping is a checked YAML mapping: its values by key, and the node
// itself for problems about missing keys.
type mapping struct {
	node *yaml.Node
	vals map[string]*yaml.Node
}

func (m mapping) get(key string) *yaml.Node { return m.vals[key] }

// mapping checks that n is a mapping with only allowed keys, each once.
// ctx names the thing for messages ("item q7"); example shows what the
// thing should look like when n is not a mapping.
func (p *parser) mapping(n *yaml.Node, ctx, example string, allowed []string) (mapping, bool) {
	m := mapping{node: n, vals: map[string]*yaml.Node{}}
	if n.Kind != yaml.MappingNode {
		p.add(n, "%s: expected keys such as %s, found %s", ctx, example, kindName(n))
		return m, false
	}
	first := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.add(k, "%s: a key must be a single word such as %s", ctx, allowed[0])
			continue
		}
		key := k.Value
		if !slices.Contains(allowed, key) {
			p.add(k, "%s: unknown key %q%s", ctx, key,
				didYouMean(key, allowed, "the keys allowed here are "+strings.Join(allowed, ", ")))
			continue
		}
		if f, dup := first[key]; dup {
			p.add(k, "%s: key %q appears twice (first on line %d); keep one", ctx, key, f.Line)
			continue
		}
		first[key] = k
		m.vals[key] = v
	}
	return m, true
}

// withID names a thing by the id it has, when it has one that can be
// read, so that problems found before its id is checked still say which
// one they are about.
func withID(ctx string, n *yaml.Node) string {
	if n.Kind != yaml.MappingNode {
		return ctx
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k, v := n.Content[i], n.Content[i+1]; k.Value == "id" && v.Kind == yaml.ScalarNode && !isNull(v) {
			return ctx + " " + strings.TrimSpace(v.Value)
		}
	}
	return ctx
}

// str reads a scalar as text, whatever YAML would make of it (yes, 12,
// 1.5 and null are all text here).
func (p *parser) str(n *yaml.Node, ctx, key string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		p.add(n, "%s: %s should be a single value, found %s", ctx, key, kindName(n))
		return "", false
	}
	if isNull(n) {
		return "", true
	}
	return strings.TrimSpace(n.Value), true
}

// text reads a respondent-facing text: either {nl: ..., en: ...} or a
// plain text, which is Dutch. Every text must have the instrument's main
// language (checkLanguages); the other is optional.
func (p *parser) text(n *yaml.Node, ctx, key string) survey.Text {
	if n.Kind == yaml.ScalarNode {
		s, _ := p.str(n, ctx, key)
		if s == "" {
			p.add(n, "%s: %s is empty; write the Dutch text, or {nl: ..., en: ...}", ctx, key)
			return nil
		}
		t := survey.Text{survey.Dutch: s}
		p.texts = append(p.texts, textUse{node: n, ctx: ctx, key: key, t: t})
		return t
	}
	m, ok := p.mapping(n, ctx+": "+key, "nl: and en:", []string{"nl", "en"})
	if !ok {
		return nil
	}
	t := survey.Text{}
	for _, lang := range []survey.Lang{survey.Dutch, survey.English} {
		v := m.get(string(lang))
		if v == nil {
			continue
		}
		if s, ok := p.str(v, ctx, key+"."+string(lang)); ok && s != "" {
			t[lang] = s
		}
	}
	at := n
	if t[survey.Dutch] == "" && m.get("nl") != nil {
		at = m.get("nl")
	}
	p.texts = append(p.texts, textUse{node: at, ctx: ctx, key: key, t: t})
	return t
}

// checkLanguages reports every text without the instrument's main
// language: Dutch, or English when the title is in English only.
func (p *parser) checkLanguages(in *survey.Instrument) {
	main := in.MainLanguage()
	for _, u := range p.texts {
		if u.t[main] != "" {
			continue
		}
		switch {
		case main == survey.Dutch && u.option:
			p.add(u.node, "%s: nl is missing; add the Dutch label, as in nl: Ja", u.ctx)
		case main == survey.Dutch:
			p.add(u.node, "%s: %s has no Dutch text; add nl: with the text in Dutch (English is optional)", u.ctx, u.key)
		case u.option:
			p.add(u.node, "%s: en is missing; the instrument's title is in English only, so every text needs English, as in en: \"Yes\"", u.ctx)
		default:
			p.add(u.node, "%s: %s has no English text; the instrument's title is in English only, so every text needs en: (give the title nl: to make Dutch the main language)", u.ctx, u.key)
		}
	}
}

// boolean reads true or false (yes/no and ja/nee are accepted too).
func (p *parser) boolean(n *yaml.Node, ctx, key string) bool {
	s, ok := p.str(n, ctx, key)
	if !ok {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "yes", "ja":
		return true
	case "false", "no", "nee":
		return false
	}
	p.add(n, "%s: %s should be true or false, found %q", ctx, key, s)
	return false
}

// decimal reads a number that may have a fraction (0.5, also 0,5).
func (p *parser) decimal(n *yaml.Node, ctx, key string) *float64 {
	s, ok := p.str(n, ctx, key)
	if !ok {
		return nil
	}
	f, _, err := survey.ParseDecimal(s)
	if err != nil {
		p.add(n, "%s: %s should be a number such as 0 or 2.5, found %q", ctx, key, s)
		return nil
	}
	return &f
}

// integer reads a whole number.
func (p *parser) integer(n *yaml.Node, ctx, key string) (int, bool) {
	s, ok := p.str(n, ctx, key)
	if !ok {
		return 0, false
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		p.add(n, "%s: %s should be a whole number, found %q", ctx, key, s)
		return 0, false
	}
	return v, true
}

// list checks that n is a list and returns its entries.
func (p *parser) list(n *yaml.Node, ctx, key, example string) []*yaml.Node {
	if n.Kind == yaml.SequenceNode {
		return n.Content
	}
	if isNull(n) {
		return nil
	}
	p.add(n, "%s: %s should be a list (%s), found %s", ctx, key, example, kindName(n))
	return nil
}

// strList reads a list of single values, as in [a, b, c].
func (p *parser) strList(n *yaml.Node, ctx, key string) ([]string, []*yaml.Node) {
	var out []string
	var nodes []*yaml.Node
	for _, e := range p.list(n, ctx, key, "[a, b, c]") {
		if s, ok := p.str(e, ctx, key+" entry"); ok {
			if s == "" {
				p.add(e, "%s: %s has an empty entry; remove it", ctx, key)
				continue
			}
			out = append(out, s)
			nodes = append(nodes, e)
		}
	}
	return out, nodes
}

// required returns the value of a required key, reporting it when missing.
func (p *parser) required(m mapping, ctx, key, example string) *yaml.Node {
	n := m.get(key)
	if n == nil || isNull(n) {
		at := n
		if at == nil {
			at = m.node
		}
		p.add(at, "%s: %s is missing; add %s", ctx, key, example)
		return nil
	}
	return n
}
