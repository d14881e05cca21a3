// The plan's columns: the role column, the item columns of every instrument
// version (with value labels and missing codes), and the helpers that size and
// add them.

package export

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"peil/survey"
)

// hasType reports whether any of the versions has an item of type t.
func hasType(versions []*survey.Instrument, t survey.ItemType) bool {
	for _, v := range versions {
		for _, it := range v.Items() {
			if it.Type == t {
				return true
			}
		}
	}
	return false
}

// itemIDWidth is the width of the item column of long data: the longest
// id of an item that can have a row (not a note; open text only with
// includeText) in the versions. It comes from the instruments, not the
// answers, so the first pass need not read them, and the column has the
// same width in every export of the same instrument versions.
func itemIDWidth(versions []*survey.Instrument, includeText bool) int {
	w := 1
	for _, v := range versions {
		for _, it := range v.Items() {
			if it.Type == survey.Note || it.Type == survey.OpenText && !includeText {
				continue
			}
			w = max(w, len(it.ID))
		}
	}
	return w
}

// roleColumn codes roles: the options of the role item when the
// instrument has one, else peil's known roles and the audience, then any
// other role found in the data.
func (p *plan) roleColumn(versions []*survey.Instrument, s *stats) column {
	var vl []valueLabel
	next := 1
	for _, v := range versions {
		if ri := v.RoleItem(); ri != nil {
			for _, o := range ri.Options {
				if _, ok := p.roleCodes[o.Value]; !ok {
					p.roleCodes[o.Value] = o.Code
					vl = append(vl, valueLabel{o.Code, o.Label.Get(p.lang)})
					next = max(next, o.Code+1)
				}
			}
		}
	}
	addRole := func(r string) {
		if _, ok := p.roleCodes[r]; ok || r == "" {
			return
		}
		p.roleCodes[r] = next
		vl = append(vl, valueLabel{next, r})
		next++
	}
	if len(vl) == 0 {
		for _, r := range knownRoles {
			addRole(r)
		}
	}
	for _, v := range versions {
		for _, r := range v.Audience {
			addRole(r)
		}
	}
	for _, r := range slices.Sorted(func(yield func(string) bool) {
		for r := range s.roles {
			if !yield(r) {
				return
			}
		}
	}) {
		addRole(r)
	}
	slices.SortFunc(vl, func(a, b valueLabel) int { return cmp.Compare(a.code, b.code) })
	lo, hi := 1, 1
	for i, l := range vl {
		if i == 0 || l.code < lo {
			lo = l.code
		}
		hi = max(hi, l.code)
	}
	return column{name: "role", label: p.t("role"), kind: kRole, values: vl, lo: lo, hi: hi}
}

// itemColumns adds a column per item (per option for multiple choice) and
// per scale, over the union of the versions.
func (p *plan) itemColumns(versions []*survey.Instrument, n *namer, includeText bool, s *stats) {
	var lists, scaleLists [][]string
	for _, v := range versions {
		var ids, sids []string
		for _, it := range v.Items() {
			ids = append(ids, it.ID)
		}
		for _, sc := range v.Scales {
			sids = append(sids, sc.ID)
		}
		lists, scaleLists = append(lists, ids), append(scaleLists, sids)
	}
	newest := func(id string) (*survey.Item, []int) {
		var it *survey.Item
		var vs []int
		for _, v := range versions {
			if x := v.Item(id); x != nil {
				if it == nil {
					it = x
				}
				vs = append(vs, v.Version)
			}
		}
		slices.Sort(vs)
		return it, vs
	}
	memberOf := map[string][]string{}
	for _, sid := range mergeOrder(scaleLists) {
		for _, v := range versions {
			if sc, ok := v.Scale(sid); ok {
				for _, id := range sc.Items {
					m := sid
					if sc.IsReversed(id) {
						m += " (reversed)"
					}
					if !slices.Contains(memberOf[id], m) {
						memberOf[id] = append(memberOf[id], m)
					}
				}
			}
		}
	}
	for _, id := range mergeOrder(lists) {
		it, vs := newest(id)
		label := it.Text.Get(p.lang)
		switch it.Type {
		case survey.Note:
			continue
		case survey.OpenText:
			if !includeText {
				continue
			}
			p.add(n, column{name: id, label: label, kind: kText, item: it, isString: true, width: s.textWidth(id), versions: vs})
			continue
		case survey.MultipleChoice:
			// The union of the options of every version, by code.
			var opts []survey.Option
			for _, v := range versions {
				if x := v.Item(id); x != nil {
					for _, o := range x.Options {
						if !slices.ContainsFunc(opts, func(q survey.Option) bool { return q.Code == o.Code }) {
							opts = append(opts, o)
						}
					}
				}
			}
			slices.SortFunc(opts, func(a, b survey.Option) int { return cmp.Compare(a.Code, b.Code) })
			codes := missingCodes(1)
			for _, o := range opts {
				c := column{
					name: fmt.Sprintf("%s_%s", id, strings.ReplaceAll(fmt.Sprint(o.Code), "-", "m")), label: label + ": " + o.Label.Get(p.lang),
					kind: kOption, item: it, option: o.Code, measure: nominal, lo: 0, hi: 1,
					values:   []valueLabel{{0, p.t("unselected")}, {1, p.t("selected")}},
					codes:    codes,
					versions: vs, inScales: memberOf[id],
				}
				c.has[missNotShown], c.has[missNotAnswered] = true, true
				p.add(n, c)
			}
			continue
		}
		switch it.Type {
		case survey.Date:
			p.add(n, column{name: id, label: label, kind: kItem, item: it, versions: vs, isDay: true, measure: scale})
			continue
		case survey.Time:
			p.add(n, column{name: id, label: label, kind: kItem, item: it, versions: vs, isClock: true, measure: scale})
			continue
		case survey.Decimal:
			c := column{name: id, label: label, kind: kItem, item: it, versions: vs, decimals: true, measure: scale}
			first := true
			for _, v := range versions {
				if x := v.Item(id); x != nil && x.Type == survey.Decimal {
					l, h := x.DecimalBounds()
					if first || int(math.Floor(l)) < c.lo {
						c.lo = int(math.Floor(l))
					}
					if first || int(math.Ceil(h)) > c.hi {
						c.hi = int(math.Ceil(h))
					}
					first = false
				}
			}
			c.codes = missingCodes(c.hi)
			c.has[missNotShown], c.has[missNotAnswered] = true, true
			p.add(n, c)
			continue
		}
		c := column{name: id, label: label, kind: kItem, item: it, versions: vs, inScales: memberOf[id]}
		lo, hi := 0, 0
		first := true
		for _, v := range versions {
			x := v.Item(id)
			if x == nil {
				continue
			}
			var l, h int
			if x.Type == survey.SingleChoice {
				for i, o := range x.Options {
					if i == 0 || o.Code < l {
						l = o.Code
					}
					if i == 0 || o.Code > h {
						h = o.Code
					}
				}
			} else {
				l, h, _ = x.Bounds()
			}
			if first || l < lo {
				lo = l
			}
			if first || h > hi {
				hi = h
			}
			first = false
			if x.Type == survey.Likert && x.DontKnow {
				c.has[missDontKnow] = true
			}
		}
		c.lo, c.hi = lo, hi
		c.codes = missingCodes(hi)
		c.has[missNotShown], c.has[missNotAnswered] = true, true
		switch it.Type {
		case survey.Likert:
			c.measure = ordinal
			for i, l := range survey.LikertLabels {
				c.values = append(c.values, valueLabel{i + 1, l.Get(p.lang)})
			}
		case survey.SingleChoice:
			c.measure = nominal
			seen := map[int]bool{}
			for _, v := range versions {
				if x := v.Item(id); x != nil {
					for _, o := range x.Options {
						if !seen[o.Code] {
							seen[o.Code] = true
							c.values = append(c.values, valueLabel{o.Code, o.Label.Get(p.lang)})
						}
					}
				}
			}
			slices.SortFunc(c.values, func(a, b valueLabel) int { return cmp.Compare(a.code, b.code) })
		default:
			c.measure = scale
		}
		p.add(n, c)
	}
	for _, sid := range mergeOrder(scaleLists) {
		var sc *survey.Scale
		var vs []int
		for _, v := range versions {
			if x, ok := v.Scale(sid); ok {
				if sc == nil {
					sc = &x
				}
				vs = append(vs, v.Version)
			}
		}
		slices.Sort(vs)
		p.add(n, column{name: "sc_" + sid, label: p.t("scale") + ": " + sc.Name.Get(p.lang), kind: kScale, scale: sc,
			measure: scale, decimals: true, lo: 1, hi: survey.LikertPoints, versions: vs})
	}
}

func (p *plan) add(n *namer, c column) {
	c.name = n.name(c.name)
	p.cols = append(p.cols, c)
}

// missingLabel returns the label of a missing kind.
func (p *plan) missingLabel(k missKind) string {
	switch k {
	case missNotShown:
		return p.t("not_shown")
	case missDontKnow:
		return survey.DontKnowLabel.Get(p.lang)
	}
	return p.t("not_answer")
}
