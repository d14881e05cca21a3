package instruments

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"peil/survey"
)

// This file is the instrument format: which keys an instrument, section,
// item and option have and what their values mean, read with the reader of
// yaml.go. Checks that span items are in validate.go.

// checkID reports an id that cannot be used as a variable name or in a
// condition (the rule is survey.CheckID).
func (p *parser) checkID(n *yaml.Node, ctx, id string) {
	switch survey.CheckID(id) {
	case survey.IDCharacters:
		p.add(n, "%s: id %q may contain only letters (a-z), digits and _, and may not start with a digit; for example q7 or kent_deelnemer", ctx, id)
	case survey.IDTooLong:
		p.add(n, "%s: id %q is longer than %d characters; choose a shorter id", ctx, id, survey.MaxIDLength)
	case survey.IDReserved:
		p.add(n, "%s: id %q is a word of the condition language (%s); choose another id", ctx, id, strings.Join(survey.ReservedIDs(), ", "))
	}
}

// originalName reads original_name: the name an imported item or section
// had in its form (first-name for the id first_name). It must be what
// survey.IDFromName turns into the id, and not the id itself.
func (p *parser) originalName(m mapping, ctx, id string) string {
	v := m.get("original_name")
	if v == nil || isNull(v) {
		return ""
	}
	name, ok := p.str(v, ctx, "original_name")
	switch {
	case !ok || name == "" || id == "":
	case name == id:
		p.add(v, "%s: original_name %q is the id itself; leave original_name out", ctx, name)
	case survey.IDFromName(name) != id:
		p.add(v, "%s: original_name %q does not match the id %s; an original name is the id with - or . where the id has _ (such as first-name for first_name)", ctx, name, id)
	default:
		return name
	}
	return ""
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
	// filter is the choice_filter value, when the item has one.
	filter *yaml.Node
}

func (p *parser) instrument(n *yaml.Node) *survey.Instrument {
	m, ok := p.mapping(n, "instrument", "id:, version:, title: and sections:", topKeys)
	if !ok {
		return nil
	}
	in := &survey.Instrument{}
	if v := p.required(m, "instrument", "id", "a line such as \"id: cultuursurvey\""); v != nil {
		if s, ok := p.str(v, "instrument", "id"); ok {
			if !survey.ValidInstrumentID(s) {
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

var sectionKeys = []string{"id", "original_name", "title", "intro", "items"}

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
	s.OriginalName = p.originalName(m, ctx, s.ID)
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

var itemKeys = []string{"id", "original_name", "type", "text", "help", "required", "role", "show_if", "choice_filter", "dont_know", "min", "max", "options"}

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
	it.OriginalName = p.originalName(m, ctx, it.ID)
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
		f := m.get("choice_filter")
		it.Options = p.options(v, ctx, it.Type, f != nil && !isNull(f))
	} else if it.Type == survey.SingleChoice || it.Type == survey.MultipleChoice {
		at := n
		if v != nil {
			at = v
		}
		p.add(at, "%s: a %s item needs options; add options: with a list such as - {value: ja, nl: Ja, en: \"Yes\"}", ctx, typeLabel(it.Type))
	}
	if v := m.get("show_if"); v != nil && !isNull(v) {
		inf.showIf = v
		it.ShowIf = p.condition(v, ctx, "show_if")
	}
	if v := onlyFor("choice_filter", survey.SingleChoice, survey.MultipleChoice); v != nil && !isNull(v) {
		inf.filter = v
		it.ChoiceFilter = p.condition(v, ctx, "choice_filter")
	}
	return it, inf
}

var optionKeys = []string{"value", "nl", "en", "code", "attrs"}

// options reads an item's options. Two options may have the same value
// only when the item has a choice filter (dupOK), which tells them apart
// by their attrs, as a town of the same name in two provinces.
func (p *parser) options(n *yaml.Node, ctx string, typ survey.ItemType, dupOK bool) []survey.Option {
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
				} else if first, dup := valueAt[s]; dup && !dupOK {
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
		if v := m.get("attrs"); v != nil && !isNull(v) {
			o.Attrs = p.attrs(v, octx)
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

// attrs reads an option's attrs: further columns (name: text) that choice
// filters test as option.name.
func (p *parser) attrs(n *yaml.Node, ctx string) map[string]string {
	if n.Kind != yaml.MappingNode {
		p.add(n, "%s: attrs should be keys with texts, such as attrs: {provincie: nh}, found %s", ctx, kindName(n))
		return nil
	}
	out := map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := strings.TrimSpace(k.Value)
		switch {
		case k.Kind != yaml.ScalarNode || !isAttrName(name):
			p.add(k, "%s: attrs: %q is not a column name; use letters, digits and _, starting with a letter", ctx, name)
			continue
		case name == "value":
			p.add(k, "%s: attrs: value is the option's value already; choice filters test it as option.value", ctx)
			continue
		}
		if _, dup := out[name]; dup {
			p.add(k, "%s: attrs: %s appears twice; keep one", ctx, name)
			continue
		}
		if s, ok := p.str(v, ctx, "attrs: "+name); ok {
			out[name] = s
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func isAttrName(s string) bool {
	for i, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || i > 0 && unicode.IsDigit(r)) {
			return false
		}
	}
	return s != ""
}

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
