package instruments

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"peil/survey"
)

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
