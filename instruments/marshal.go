package instruments

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"peil/survey"
)

// Marshal writes an instrument in the instrument file format, so that
// Parse reads back the same instrument. Option codes are written only
// where they differ from the option's place in the list.
func Marshal(in *survey.Instrument) ([]byte, error) {
	if in == nil {
		return nil, errors.New("writing instrument: no instrument")
	}
	root := &yaml.Node{Kind: yaml.MappingNode}
	put(root, "id", strNode(in.ID))
	put(root, "version", intNode(in.Version))
	put(root, "title", textNode(in.Title))
	if !in.Description.Empty() {
		put(root, "description", textNode(in.Description))
	}
	if len(in.Audience) > 0 {
		put(root, "audience", strSeq(in.Audience))
	}
	sections := &yaml.Node{Kind: yaml.SequenceNode}
	for _, s := range in.Sections {
		sections.Content = append(sections.Content, sectionNode(s))
	}
	put(root, "sections", sections)
	if len(in.Scales) > 0 {
		scales := &yaml.Node{Kind: yaml.SequenceNode}
		for _, s := range in.Scales {
			scales.Content = append(scales.Content, scaleNode(s))
		}
		put(root, "scales", scales)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, fmt.Errorf("writing instrument %s: %w", in.Key(), err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("writing instrument %s: %w", in.Key(), err)
	}
	return buf.Bytes(), nil
}

func sectionNode(s survey.Section) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	put(n, "id", strNode(s.ID))
	if s.OriginalName != "" {
		put(n, "original_name", strNode(s.OriginalName))
	}
	put(n, "title", textNode(s.Title))
	if !s.Intro.Empty() {
		put(n, "intro", textNode(s.Intro))
	}
	items := &yaml.Node{Kind: yaml.SequenceNode}
	for _, it := range s.Items {
		items.Content = append(items.Content, itemNode(it))
	}
	put(n, "items", items)
	return n
}

func itemNode(it survey.Item) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	put(n, "id", strNode(it.ID))
	if it.OriginalName != "" {
		put(n, "original_name", strNode(it.OriginalName))
	}
	put(n, "type", strNode(string(it.Type)))
	if it.Required {
		put(n, "required", boolNode(true))
	}
	if it.SetsRole {
		put(n, "role", boolNode(true))
	}
	if it.DontKnow {
		put(n, "dont_know", boolNode(true))
	}
	if it.Type == survey.Integer {
		if !it.NoMin {
			put(n, "min", intNode(it.Min))
		}
		if !it.NoMax {
			put(n, "max", intNode(it.Max))
		}
	}
	if it.Type == survey.Decimal {
		if it.DecimalMin != nil {
			put(n, "min", floatNode(*it.DecimalMin))
		}
		if it.DecimalMax != nil {
			put(n, "max", floatNode(*it.DecimalMax))
		}
	}
	if it.ShowIf != nil {
		put(n, "show_if", strNode(it.ShowIf.String()))
	}
	if it.ChoiceFilter != nil {
		put(n, "choice_filter", strNode(it.ChoiceFilter.String()))
	}
	put(n, "text", textNode(it.Text))
	if !it.Help.Empty() {
		put(n, "help", textNode(it.Help))
	}
	if len(it.Options) > 0 {
		opts := &yaml.Node{Kind: yaml.SequenceNode}
		for i, o := range it.Options {
			on := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
			put(on, "value", strNode(o.Value))
			if o.Code != i+1 {
				put(on, "code", intNode(o.Code))
			}
			if nl := o.Label[survey.Dutch]; nl != "" {
				put(on, "nl", strNode(nl))
			}
			if en := o.Label[survey.English]; en != "" {
				put(on, "en", strNode(en))
			}
			if len(o.Attrs) > 0 {
				an := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
				for _, k := range slices.Sorted(maps.Keys(o.Attrs)) {
					put(an, k, strNode(o.Attrs[k]))
				}
				put(on, "attrs", an)
			}
			if multiLine(on) || len(o.Label[survey.Dutch])+len(o.Label[survey.English]) > 60 {
				on.Style = 0
			}
			opts.Content = append(opts.Content, on)
		}
		put(n, "options", opts)
	}
	return n
}

func scaleNode(s survey.Scale) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	put(n, "id", strNode(s.ID))
	put(n, "name", textNode(s.Name))
	put(n, "items", strSeq(s.Items))
	if len(s.Reversed) > 0 {
		put(n, "reverse", strSeq(s.Reversed))
	}
	if s.MinAnswered != 0 {
		put(n, "min_answered", floatNode(s.MinAnswered))
	}
	return n
}

func put(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}

// strNode is a text value. Words that older YAML readers take for true or
// false (yes, no, on, off) are quoted, so the file means the same to every
// tool.
func strNode(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "on", "off", "true", "false":
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

func intNode(v int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(v)}
}

// floatNode writes a number plainly: 0 and 40 rather than !!float 0 (the
// parser reads bounds as decimals whatever their YAML type).
func floatNode(f float64) *yaml.Node {
	v := survey.CanonicalDecimal(f)
	tag := "!!float"
	if !strings.ContainsAny(v, ".eE") {
		tag = "!!int"
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v}
}

func boolNode(v bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(v)}
}

func strSeq(ss []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, s := range ss {
		n.Content = append(n.Content, strNode(s))
	}
	return n
}

// textNode writes {nl: ..., en: ...} on one line when it fits, and as
// nl: and en: lines otherwise.
func textNode(t survey.Text) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	for _, lang := range []survey.Lang{survey.Dutch, survey.English} {
		if s := t[lang]; s != "" {
			put(n, string(lang), strNode(s))
		}
	}
	if multiLine(n) || len(t[survey.Dutch])+len(t[survey.English]) > 60 {
		n.Style = 0
	}
	return n
}

func multiLine(m *yaml.Node) bool {
	for _, c := range m.Content {
		if strings.Contains(c.Value, "\n") {
			return true
		}
	}
	return false
}
