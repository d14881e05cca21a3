package instruments

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"peil/survey"
)

// crossItems checks what spans items: unique ids, one role item, and
// conditions that refer only to earlier items.
func (p *parser) crossItems(in *survey.Instrument, infos []itemInfo) {
	index := map[string]int{}
	var ids []string
	for k, inf := range infos {
		if inf.id == "" {
			continue
		}
		if first, dup := index[inf.id]; dup {
			p.add(inf.idNode, "item %s: the id %s is already used by the item on line %d; every item needs its own id", inf.id, inf.id, infos[first].idNode.Line)
			continue
		}
		index[inf.id] = k
		ids = append(ids, inf.id)
	}

	items := in.Items()
	if len(items) != len(infos) {
		return // sections or items that could not be read at all
	}
	lookup := func(id string) *survey.Item {
		if k, ok := index[id]; ok {
			return items[k]
		}
		return nil
	}

	roleAt := -1
	for k, inf := range infos {
		if inf.roleSet == nil {
			continue
		}
		if roleAt >= 0 {
			p.add(inf.roleSet, "item %s: only one item can ask for the role, and item %s (line %d) already does; remove role: true from one of them", inf.id, infos[roleAt].id, infos[roleAt].roleSet.Line)
			continue
		}
		roleAt = k
	}

	for k, inf := range infos {
		if c := items[k].ShowIf; c != nil {
			p.crossCondition(in, c, "show_if", inf.showIf, k, infos, index, ids, roleAt, func() error { return c.Check(lookup) })
		}
		if c := items[k].ChoiceFilter; c != nil {
			it := items[k]
			p.crossCondition(in, c, "choice_filter", inf.filter, k, infos, index, ids, roleAt, func() error { return c.CheckFilter(lookup, it) })
		}
	}
}

// crossCondition checks a show_if or choice_filter (key) of item k: it
// refers only to earlier items, uses role only when there is one, and
// fits the items it refers to (check).
func (p *parser) crossCondition(in *survey.Instrument, c *survey.Condition, key string, at *yaml.Node, k int, infos []itemInfo, index map[string]int, ids []string, roleAt int, check func() error) {
	inf := infos[k]
	ctx := "item " + inf.id
	what := "a condition"
	if key == "choice_filter" {
		what = "a choice filter"
	}
	ok := true
	for _, ref := range c.Refs() {
		j, known := index[ref]
		switch {
		case !known:
			p.add(at, "%s: %s refers to %q, which is not an item of this instrument%s", ctx, key, ref, didYouMean(ref, ids, ""))
			ok = false
		case j == k:
			p.add(at, "%s: %s refers to the item itself; %s can only refer to items asked before it", ctx, key, what)
			ok = false
		case j > k:
			p.add(at, "%s: %s refers to item %s, which comes later (line %d); %s can only refer to items asked before it", ctx, key, ref, infos[j].idNode.Line, what)
			ok = false
		}
	}
	if usesRole(c.String()) && len(in.Audience) == 0 && (roleAt < 0 || roleAt >= k) {
		p.add(at, "%s: %s uses role, but no earlier item asks for the role (role: true) and the instrument has no audience", ctx, key)
		ok = false
	}
	if !ok {
		return
	}
	if err := check(); err != nil {
		for _, e := range splitJoined(err) {
			p.add(at, "%s: %s: %v", ctx, key, e)
		}
	}
}

// splitJoined undoes errors.Join.
func splitJoined(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

var scaleKeys = []string{"id", "name", "items", "reverse", "min_answered"}

// scales reads and checks the scales against the items.
func (p *parser) scales(in *survey.Instrument, nodes []*yaml.Node, infos []itemInfo) {
	var itemIDs []string
	for _, inf := range infos {
		if inf.id != "" {
			itemIDs = append(itemIDs, inf.id)
		}
	}
	scaleAt := map[string]*yaml.Node{}
	for _, n := range nodes {
		ctx := "scale"
		m, ok := p.mapping(n, withID(ctx, n), "id:, name: and items:", scaleKeys)
		if !ok {
			continue
		}
		var s survey.Scale
		if v := p.required(m, ctx, "id", "an id such as \"id: onderzoekende_houding\""); v != nil {
			if id, ok := p.str(v, ctx, "id"); ok {
				s.ID = id
				ctx = "scale " + id
				p.checkID(v, ctx, id)
				if first, dup := scaleAt[id]; dup {
					p.add(v, "%s: the id %s is already used by the scale on line %d; every scale needs its own id", ctx, id, first.Line)
				} else {
					scaleAt[id] = v
				}
				if slices.Contains(itemIDs, id) {
					p.add(v, "%s: %s is also the id of an item; exports put items and scales side by side, so give the scale another id", ctx, id)
				}
			}
		}
		if v := p.required(m, ctx, "name", "name: {nl: ..., en: ...}"); v != nil {
			s.Name = p.text(v, ctx, "name")
		}
		if v := p.required(m, ctx, "items", "the ids of its items, as in items: [q1, q2, q3]"); v != nil {
			ids, idNodes := p.strList(v, ctx, "items")
			if len(ids) == 0 && v.Kind == yaml.SequenceNode {
				p.add(v, "%s: items is empty; list the ids of the scale's items", ctx)
			}
			for i, id := range ids {
				if slices.Index(ids, id) < i {
					p.add(idNodes[i], "%s: item %s is listed twice; remove one", ctx, id)
					continue
				}
				it := in.Item(id)
				switch {
				case it == nil:
					p.add(idNodes[i], "%s: %q is not an item of this instrument%s", ctx, id, didYouMean(id, itemIDs, ""))
				case it.Type.Valid() && it.Type != survey.Likert:
					p.add(idNodes[i], "%s: item %s is a %s item; a scale can only hold likert items", ctx, id, typeLabel(it.Type))
				}
				s.Items = append(s.Items, id)
			}
		}
		if v := m.get("reverse"); v != nil {
			ids, idNodes := p.strList(v, ctx, "reverse")
			for i, id := range ids {
				if slices.Index(ids, id) < i {
					p.add(idNodes[i], "%s: reverse lists %s twice; remove one", ctx, id)
					continue
				}
				if !slices.Contains(s.Items, id) {
					p.add(idNodes[i], "%s: reverse item %s is not one of the scale's items%s", ctx, id, didYouMean(id, s.Items, "add it to items: or remove it from reverse:"))
				}
				s.Reversed = append(s.Reversed, id)
			}
		}
		if v := m.get("min_answered"); v != nil && !isNull(v) {
			if raw, ok := p.str(v, ctx, "min_answered"); ok {
				f, err := parseShare(raw)
				switch {
				case err != nil:
					p.add(v, "%s: min_answered should be a share such as 0.5 (half of the items), found %q", ctx, raw)
				case f <= 0 || f > 1:
					p.add(v, "%s: min_answered is %s; it must be more than 0 and at most 1 (0.5 means half of the items must be answered)", ctx, raw)
				default:
					s.MinAnswered = f
				}
			}
		}
		in.Scales = append(in.Scales, s)
	}
}

// parseShare reads a number such as 0.5, also written the Dutch way (0,5).
func parseShare(s string) (float64, error) {
	f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return f, nil
}
