package instruments

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"peil/survey"
)

// Load reads and checks the instrument file at path. Problems name the
// file as path.
func Load(path string) (*survey.Instrument, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading instrument file: %w", err)
	}
	return Parse(path, data)
}

// Parse reads and checks an instrument file; name is the file name used in
// problem messages. When the file has problems, the error is a Problems
// list holding every one of them, and the instrument is nil.
func Parse(name string, data []byte) (*survey.Instrument, error) {
	p := &parser{file: name}
	var doc yaml.Node
	if err := unmarshal(data, &doc); err != nil {
		p.yamlError(err, data)
		return nil, p.probs
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		p.add(nil, "the file is empty; an instrument starts with lines such as \"id: cultuursurvey\" and \"version: 1\"")
		return nil, p.probs
	}
	if p.aliases(doc.Content[0]) {
		p.probs.sort()
		return nil, p.probs
	}
	in := p.instrument(doc.Content[0])
	if len(p.probs) > 0 {
		p.probs.sort()
		return nil, p.probs
	}
	return in, nil
}

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

var (
	identRE      = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	instrumentRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)
)

// MaxIDLength is the longest item, section or scale id: exports add
// suffixes to item ids and SPSS allows 64 characters in a variable name.
const MaxIDLength = 40

// reserved are words of the condition language that cannot be item ids.
var reserved = []string{survey.RoleRef, "and", "or", "not", "selected", "answered"}

// checkID reports an id that cannot be used as a variable name or in a
// condition.
func (p *parser) checkID(n *yaml.Node, ctx, id string) {
	switch {
	case !identRE.MatchString(id):
		p.add(n, "%s: id %q may contain only letters (a-z), digits and _, and may not start with a digit; for example q7 or kent_deelnemer", ctx, id)
	case len(id) > MaxIDLength:
		p.add(n, "%s: id %q is longer than %d characters; choose a shorter id", ctx, id, MaxIDLength)
	case slices.Contains(reserved, strings.ToLower(id)):
		p.add(n, "%s: id %q is a word of the condition language (%s); choose another id", ctx, id, strings.Join(reserved, ", "))
	}
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

var topKeys = []string{"id", "version", "title", "description", "audience", "sections", "scales"}

// itemInfo remembers where an item was written, for checks that span
// items.
type itemInfo struct {
	id      string
	idNode  *yaml.Node
	node    *yaml.Node
	showIf  *yaml.Node
	roleSet *yaml.Node
}

func (p *parser) instrument(n *yaml.Node) *survey.Instrument {
	m, ok := p.mapping(n, "instrument", "id:, version:, title: and sections:", topKeys)
	if !ok {
		return nil
	}
	in := &survey.Instrument{}
	if v := p.required(m, "instrument", "id", "a line such as \"id: cultuursurvey\""); v != nil {
		if s, ok := p.str(v, "instrument", "id"); ok {
			if !instrumentRE.MatchString(s) {
				p.add(v, "instrument: id %q may contain only letters, digits, - and _; for example cultuursurvey", s)
			}
			in.ID = s
		}
	}
	if v := p.required(m, "instrument", "version", "a line such as \"version: 1\""); v != nil {
		if n, ok := p.integer(v, "instrument", "version"); ok {
			if n < 1 {
				p.add(v, "instrument: version is %d; versions start at 1 and go up with every change", n)
			}
			in.Version = n
		}
	}
	if v := p.required(m, "instrument", "title", "title: {nl: ..., en: ...}"); v != nil {
		in.Title = p.text(v, "instrument", "title")
	}
	if v := m.get("description"); v != nil && !isNull(v) {
		in.Description = p.text(v, "instrument", "description")
	}
	if v := m.get("audience"); v != nil {
		roles, nodes := p.strList(v, "instrument", "audience")
		for i, r := range roles {
			if j := slices.Index(roles, r); j < i {
				p.add(nodes[i], "instrument: audience lists %q twice; remove one", r)
				continue
			}
			in.Audience = append(in.Audience, r)
		}
	}
	var infos []itemInfo
	if v := p.required(m, "instrument", "sections", "a list of sections, each with id:, title: and items:"); v != nil {
		entries := p.list(v, "instrument", "sections", "- id: ...")
		if len(entries) == 0 && v.Kind == yaml.SequenceNode {
			p.add(v, "instrument: sections is empty; add at least one section with items")
		}
		sectionAt := map[string]*yaml.Node{}
		for _, e := range entries {
			s, idNode, inf := p.section(e)
			if first, dup := sectionAt[s.ID]; dup && s.ID != "" {
				p.add(idNode, "section %s: the id %s is already used by the section on line %d; every section needs its own id", s.ID, s.ID, first.Line)
			} else if s.ID != "" {
				sectionAt[s.ID] = idNode
			}
			in.Sections = append(in.Sections, s)
			infos = append(infos, inf...)
		}
	}
	var scaleNodes []*yaml.Node
	if v := m.get("scales"); v != nil {
		scaleNodes = p.list(v, "instrument", "scales", "- id: ...")
	}
	p.crossItems(in, infos)
	p.scales(in, scaleNodes, infos)
	p.checkLanguages(in)
	return in
}

var sectionKeys = []string{"id", "title", "intro", "items"}

func (p *parser) section(n *yaml.Node) (survey.Section, *yaml.Node, []itemInfo) {
	var s survey.Section
	ctx := "section"
	m, ok := p.mapping(n, withID(ctx, n), "id:, title: and items:", sectionKeys)
	if !ok {
		return s, nil, nil
	}
	idNode := p.required(m, ctx, "id", "an id such as \"id: deelname\"")
	if v := idNode; v != nil {
		if id, ok := p.str(v, ctx, "id"); ok {
			s.ID = id
			ctx = "section " + id
			p.checkID(v, ctx, id)
		}
	}
	if v := p.required(m, ctx, "title", "title: {nl: ..., en: ...}"); v != nil {
		s.Title = p.text(v, ctx, "title")
	}
	if v := m.get("intro"); v != nil && !isNull(v) {
		s.Intro = p.text(v, ctx, "intro")
	}
	var infos []itemInfo
	if v := p.required(m, ctx, "items", "a list of items, each with id:, type: and text:"); v != nil {
		entries := p.list(v, ctx, "items", "- id: ...")
		if len(entries) == 0 && v.Kind == yaml.SequenceNode {
			p.add(v, "%s: items is empty; add at least one item", ctx)
		}
		for _, e := range entries {
			it, inf := p.item(e)
			s.Items = append(s.Items, it)
			infos = append(infos, inf)
		}
	}
	return s, idNode, infos
}

var itemKeys = []string{"id", "type", "text", "help", "required", "role", "show_if", "dont_know", "min", "max", "options"}

func typeNames() []string {
	out := make([]string, len(survey.ItemTypes))
	for i, t := range survey.ItemTypes {
		out[i] = string(t)
	}
	return out
}

// typeLabel names an item type in words.
func typeLabel(t survey.ItemType) string {
	switch t {
	case survey.SingleChoice:
		return "single choice"
	case survey.MultipleChoice:
		return "multiple choice"
	case survey.OpenText:
		return "open text"
	}
	return string(t)
}

func (p *parser) item(n *yaml.Node) (survey.Item, itemInfo) {
	var it survey.Item
	inf := itemInfo{node: n}
	ctx := "item"
	m, ok := p.mapping(n, withID(ctx, n), "id:, type: and text:", itemKeys)
	if !ok {
		return it, inf
	}
	if v := p.required(m, ctx, "id", "an id such as \"id: q7\""); v != nil {
		if id, ok := p.str(v, ctx, "id"); ok {
			it.ID = id
			inf.id, inf.idNode = id, v
			ctx = "item " + id
			p.checkID(v, ctx, id)
		}
	}
	typeKnown := false
	if v := p.required(m, ctx, "type", "a type: "+strings.Join(typeNames(), ", ")); v != nil {
		if s, ok := p.str(v, ctx, "type"); ok {
			it.Type = survey.ItemType(s)
			if it.Type.Valid() {
				typeKnown = true
			} else {
				p.add(v, "%s: unknown type %q%s", ctx, s,
					didYouMean(s, typeNames(), "use one of "+strings.Join(typeNames(), ", ")))
			}
		}
	}
	if v := p.required(m, ctx, "text", "text: {nl: ..., en: ...}"); v != nil {
		it.Text = p.text(v, ctx, "text")
	}
	if v := m.get("help"); v != nil && !isNull(v) {
		it.Help = p.text(v, ctx, "help")
	}
	if v := m.get("required"); v != nil {
		it.Required = p.boolean(v, ctx, "required")
		if it.Required && it.Type == survey.Note {
			p.add(v, "%s: a note asks nothing, so it cannot be required; remove required", ctx)
		}
	}
	onlyFor := func(key string, types ...survey.ItemType) *yaml.Node {
		v := m.get(key)
		if v == nil || !typeKnown || slices.Contains(types, it.Type) {
			return v
		}
		names := make([]string, len(types))
		for i, t := range types {
			names[i] = typeLabel(t)
		}
		p.add(m.vals[key], "%s: %s is only for %s items, and this is a %s item; remove it", ctx, key, strings.Join(names, " and "), typeLabel(it.Type))
		return nil
	}
	if v := onlyFor("role", survey.SingleChoice); v != nil {
		it.SetsRole = p.boolean(v, ctx, "role")
		if it.SetsRole {
			inf.roleSet = v
		}
	}
	if v := onlyFor("dont_know", survey.Likert); v != nil {
		it.DontKnow = p.boolean(v, ctx, "dont_know")
	}
	minV, maxV := onlyFor("min", survey.Integer, survey.Decimal), onlyFor("max", survey.Integer, survey.Decimal)
	if minV != nil && isNull(minV) {
		minV = nil
	}
	if maxV != nil && isNull(maxV) {
		maxV = nil
	}
	switch it.Type {
	case survey.Integer:
		// Without min: or max: the item has no bound on that side.
		lo, okLo := 0, false
		hi, okHi := 0, false
		it.NoMin, it.NoMax = minV == nil, maxV == nil
		if minV != nil {
			lo, okLo = p.integer(minV, ctx, "min")
			if okLo && (lo < -survey.Unbounded || lo > survey.Unbounded) {
				p.add(minV, "%s: min %d has more than 9 digits; leave min: out for no lower bound", ctx, lo)
			}
		}
		if maxV != nil {
			hi, okHi = p.integer(maxV, ctx, "max")
			if okHi && (hi < -survey.Unbounded || hi > survey.Unbounded) {
				p.add(maxV, "%s: max %d has more than 9 digits; leave max: out for no upper bound", ctx, hi)
			}
		}
		if okLo && okHi && lo > hi {
			p.add(minV, "%s: min (%d) is larger than max (%d); swap them", ctx, lo, hi)
		}
		it.Min, it.Max = lo, hi
	case survey.Decimal:
		if minV != nil {
			it.DecimalMin = p.decimal(minV, ctx, "min")
		}
		if maxV != nil {
			it.DecimalMax = p.decimal(maxV, ctx, "max")
		}
		if it.DecimalMin != nil && it.DecimalMax != nil && *it.DecimalMin > *it.DecimalMax {
			p.add(minV, "%s: min (%s) is larger than max (%s); swap them", ctx, survey.CanonicalDecimal(*it.DecimalMin), survey.CanonicalDecimal(*it.DecimalMax))
		}
	}
	if v := onlyFor("options", survey.SingleChoice, survey.MultipleChoice); v != nil && !isNull(v) {
		it.Options = p.options(v, ctx, it.Type)
	} else if it.Type == survey.SingleChoice || it.Type == survey.MultipleChoice {
		at := n
		if v != nil {
			at = v
		}
		p.add(at, "%s: a %s item needs options; add options: with a list such as - {value: ja, nl: Ja, en: \"Yes\"}", ctx, typeLabel(it.Type))
	}
	if v := m.get("show_if"); v != nil && !isNull(v) {
		inf.showIf = v
		it.ShowIf = p.condition(v, ctx)
	}
	return it, inf
}

var optionKeys = []string{"value", "nl", "en", "code"}

func (p *parser) options(n *yaml.Node, ctx string, typ survey.ItemType) []survey.Option {
	entries := p.list(n, ctx, "options", "- {value: ja, nl: Ja, en: \"Yes\"}")
	if n.Kind == yaml.SequenceNode {
		if len(entries) == 0 {
			p.add(n, "%s: a %s item needs at least one option", ctx, typeLabel(typ))
		}
	}
	var out []survey.Option
	valueAt := map[string]*yaml.Node{}
	codeAt := map[int]*yaml.Node{}
	for i, e := range entries {
		octx := fmt.Sprintf("%s: option %d", ctx, i+1)
		m, ok := p.mapping(e, octx, "value:, nl: and en:", optionKeys)
		if !ok {
			continue
		}
		o := survey.Option{Code: i + 1}
		if v := p.required(m, octx, "value", "a short name such as \"value: ja\", used in conditions and exports"); v != nil {
			if s, ok := p.str(v, octx, "value"); ok {
				o.Value = s
				octx = fmt.Sprintf("%s: option %q", ctx, s)
				if strings.ContainsAny(s, `'"`) {
					p.add(v, "%s: an option value cannot contain quotes; use a short name such as ja or niet_van_toepassing", octx)
				} else if first, dup := valueAt[s]; dup {
					p.add(v, "%s: option value %q appears twice (first on line %d); give each option its own value", ctx, s, first.Line)
				} else {
					valueAt[s] = v
				}
			}
		}
		o.Label = survey.Text{}
		for _, lang := range []survey.Lang{survey.Dutch, survey.English} {
			if v := m.get(string(lang)); v != nil {
				if s, ok := p.str(v, octx, string(lang)); ok && s != "" {
					o.Label[lang] = s
				}
			}
		}
		p.texts = append(p.texts, textUse{node: e, ctx: octx, key: "label", t: o.Label, option: true})
		codeNode := e
		if v := m.get("code"); v != nil {
			if c, ok := p.integer(v, octx, "code"); ok {
				codeNode = v
				if c < 1 {
					p.add(v, "%s: code %d is not allowed; codes are whole numbers from 1 up (0 and below are kept for missing answers)", octx, c)
				}
				o.Code = c
			}
		}
		if first, dup := codeAt[o.Code]; dup {
			p.add(codeNode, "%s: code %d is already used by the option on line %d; give each option its own code (without code:, an option's code is its place in the list)", octx, o.Code, first.Line)
		} else {
			codeAt[o.Code] = e
		}
		out = append(out, o)
	}
	return out
}

// condition parses a show_if expression, reporting a syntax error at the
// place in the file where it is.
func (p *parser) condition(n *yaml.Node, ctx string) *survey.Condition {
	raw, ok := p.str(n, ctx, "show_if")
	if !ok {
		return nil
	}
	c, err := survey.ParseCondition(raw)
	if err == nil {
		return c
	}
	var ce *survey.ConditionError
	if !errors.As(err, &ce) {
		p.add(n, "%s: show_if: %v", ctx, err)
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
	p.add(&at, "%s: show_if: %s", ctx, msg)
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
