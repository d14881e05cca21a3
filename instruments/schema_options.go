package instruments

import (
	"fmt"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"peil/survey"
)

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
